//===- OpSupportProbe.cpp - The verifiers agree with the support table ----===//
//
//   wnn-op-support-probe DIR|FILE...
//
// For every operation of wnn::opSupportLimits(), takes graphs of that one
// operation from the conformance corpus and imports them again with each
// operand (with the operands tied to its type) set to each of the ten data
// types. A graph must build exactly when the table lists the type, and a
// rejection must be the verifier's data type diagnostic naming the operand,
// not a failure for another reason. An operand tied to another one's type
// must be rejected alone in any other type. The graphs' own operands and
// results must lie in the table's rank ranges. Every mismatch is printed;
// the exit status is 1 if there is any, or if an operation has no graph in
// the corpus.
//
//===----------------------------------------------------------------------===//

#include "wnn/Import.h"
#include "wnn/OpSupport.h"

#include "Import/WptData.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace wnn;
using wpt::Json;

namespace {

/// The argument key the WPT corpus uses where it differs from the spec's
/// operand name (the spec calls logicalNot's operand `a`).
std::string corpusKey(const std::string &op, const std::string &operand) {
  if (op == "logicalNot" && operand == "a")
    return "input";
  return operand;
}

/// One graph of a single operation from the corpus.
struct Sample {
  std::string source; // "file: test name"
  Json graph;
};

/// The graph inputs (their names) that `operand` reads in `graph`'s one
/// operator: a positional argument or an option naming operands.
std::vector<std::string> inputsOf(const Json &graph, const std::string &op,
                                  const std::string &operand) {
  std::string key = corpusKey(op, operand);
  std::vector<std::string> names;
  auto add = [&](const Json &value) {
    if (value.is_string())
      names.push_back(value.get<std::string>());
    else if (value.is_array())
      for (const Json &element : value)
        if (element.is_string())
          names.push_back(element.get<std::string>());
  };
  for (const Json &argument : graph["operators"][0]["arguments"]) {
    if (!argument.is_object())
      continue;
    for (const auto &item : argument.items()) {
      if (item.key() == key)
        add(item.value());
      else if (item.key() == "options" && item.value().contains(key))
        add(item.value()[key]);
    }
  }
  // Options such as `axis` share names with nothing here, but keep only
  // names that are graph inputs.
  std::vector<std::string> inputs;
  for (const std::string &name : names)
    if (graph["inputs"].contains(name))
      inputs.push_back(name);
  return inputs;
}

/// `graph` with the inputs in `names` given `type`; constants get zeros.
Json withType(const Json &graph, const std::vector<std::string> &names,
              DataType type) {
  Json changed = graph;
  for (const std::string &name : names) {
    Json &input = changed["inputs"][name];
    input["descriptor"]["dataType"] = dataTypeName(type);
    if (input.value("constant", false)) {
      int64_t count = 1;
      for (const Json &dim : input["descriptor"]["shape"])
        count *= dim.get<int64_t>();
      input["data"] = Json(std::vector<int>(count, 0));
    }
  }
  return changed;
}

class Probe {
public:
  void addFile(const std::filesystem::path &path);
  /// Probes every operation of the table; returns the number of mismatches.
  int run();

private:
  void probeOp(const OpSupportLimits &op);
  void probeOperand(const OpSupportLimits &op, const OperandSupportLimits &row,
                    const Sample &sample);
  void probeTie(const OpSupportLimits &op, const OperandSupportLimits &row,
                const Sample &sample);
  void checkRanks(const OpSupportLimits &op, const Sample &sample,
                  const Graph &graph);
  /// The operands of `op` tied to `operand`'s type, itself included.
  std::vector<std::string> typeGroup(const OpSupportLimits &op,
                                     const std::string &operand);
  void mismatch(const std::string &what) {
    std::printf("MISMATCH %s\n", what.c_str());
    ++mismatches;
  }

  std::map<std::string, std::vector<Sample>> samples;
  int mismatches = 0;
  /// Graphs built with an operand group in one type, and with one tied
  /// operand alone in another type.
  int typeProbes = 0;
  int tieProbes = 0;
};

void Probe::addFile(const std::filesystem::path &path) {
  Expected<std::string> text = readFile(path.string());
  if (!text) {
    mismatch("corpus: " + text.error().message);
    return;
  }
  Json document = Json::parse(*text);
  for (const Json &test : document.value("tests", Json::array())) {
    const Json &graph = test.contains("graph") ? test["graph"] : test;
    const Json &operators = graph.value("operators", Json::array());
    if (operators.size() != 1)
      continue;
    samples[operators[0]["name"].get<std::string>()].push_back(
        {path.filename().string() + ": " + test.value("name", ""), graph});
  }
}

std::vector<std::string> Probe::typeGroup(const OpSupportLimits &op,
                                          const std::string &operand) {
  // The root of a group has no sameTypeAs; every member names the root.
  const OperandSupportLimits *row = op.operand(operand);
  std::string root = row->sameTypeAs.empty() ? operand : row->sameTypeAs;
  std::vector<std::string> group;
  for (const OperandSupportLimits &member : op.operands)
    if (!member.isOutput() &&
        (member.name == root || member.sameTypeAs == root))
      group.push_back(member.name);
  return group;
}

void Probe::checkRanks(const OpSupportLimits &op, const Sample &sample,
                       const Graph &graph) {
  for (const OperandSupportLimits &row : op.operands) {
    if (row.isOutput()) {
      for (const auto &[name, desc] : graph.outputs())
        if (!row.acceptsRank(desc.shape.size()) ||
            !row.dataTypes.contains(desc.dataType))
          mismatch(op.name + " " + row.name + ": " + sample.source +
                   ": result '" + name + "' is " + dataTypeName(desc.dataType) +
                   " of rank " + std::to_string(desc.shape.size()) +
                   ", outside the table's row");
      continue;
    }
    for (const std::string &input : inputsOf(sample.graph, op.name, row.name)) {
      size_t rank = sample.graph["inputs"][input]["descriptor"]["shape"].size();
      if (!row.acceptsRank(rank))
        mismatch(op.name + " " + row.name + ": " + sample.source +
                 ": the graph builds with rank " + std::to_string(rank) +
                 ", outside the table's range");
    }
  }
}

void Probe::probeOperand(const OpSupportLimits &op,
                         const OperandSupportLimits &row,
                         const Sample &sample) {
  std::vector<std::string> group = typeGroup(op, row.name);
  std::vector<std::string> inputs;
  for (const std::string &member : group)
    for (const std::string &input : inputsOf(sample.graph, op.name, member))
      inputs.push_back(input);
  for (int32_t value = 0; value <= int32_t(DataType::Uint4); ++value) {
    auto type = DataType(value);
    ++typeProbes;
    Expected<Graph> graph = importWptGraph(
        withType(sample.graph, inputs, type).dump(), sample.source);
    bool expected = row.dataTypes.contains(type);
    std::string what = op.name + " " + row.name + " " + dataTypeName(type) +
                       ": " + sample.source + ": expected " +
                       (expected ? "accepted" : "rejected") + ", got ";
    if (graph) {
      if (!expected)
        mismatch(what + "accepted");
      continue;
    }
    const std::string &message = graph.error().message;
    if (expected) {
      mismatch(what + "rejected: " + message);
      continue;
    }
    // The verifier's diagnostic names the first operand of the group.
    bool namesGroup = false;
    for (const std::string &member : group)
      namesGroup |=
          message.find(" " + member + ": data type ") != std::string::npos;
    if (!namesGroup)
      mismatch(what + "rejected for another reason: " + message);
  }
}

void Probe::probeTie(const OpSupportLimits &op, const OperandSupportLimits &row,
                     const Sample &sample) {
  std::vector<std::string> inputs = inputsOf(sample.graph, op.name, row.name);
  std::string baseName =
      sample.graph["inputs"][inputs[0]]["descriptor"]["dataType"]
          .get<std::string>();
  // Any other type the operand accepts on its own.
  for (DataType type : row.dataTypes.types()) {
    if (dataTypeName(type) == baseName)
      continue;
    ++tieProbes;
    Expected<Graph> graph = importWptGraph(
        withType(sample.graph, inputs, type).dump(), sample.source);
    std::string what = op.name + " " + row.name + " " + dataTypeName(type) +
                       " (alone, tied to " + row.sameTypeAs +
                       "): " + sample.source + ": expected rejected, got ";
    if (graph)
      mismatch(what + "accepted");
    else if (graph.error().message.find(" " + row.name + ": data type ") ==
             std::string::npos)
      mismatch(what + "rejected for another reason: " + graph.error().message);
    return;
  }
}

void Probe::probeOp(const OpSupportLimits &op) {
  auto found = samples.find(op.name);
  if (found == samples.end()) {
    mismatch(op.name + ": no graph of this one operation in the corpus");
    return;
  }
  // The samples that build as they are; each operand is probed in the
  // first of them that uses it.
  std::vector<const Sample *> valid;
  for (const Sample &sample : found->second) {
    Expected<Graph> graph = importWptGraph(sample.graph.dump(), sample.source);
    if (!graph) {
      mismatch(op.name + ": " + sample.source +
               ": the corpus graph does not build: " + graph.error().message);
      continue;
    }
    checkRanks(op, sample, *graph);
    valid.push_back(&sample);
  }
  for (const OperandSupportLimits &row : op.operands) {
    if (row.isOutput())
      continue;
    const Sample *sample = nullptr;
    for (const Sample *candidate : valid)
      if (!inputsOf(candidate->graph, op.name, row.name).empty()) {
        sample = candidate;
        break;
      }
    if (!sample) {
      mismatch(op.name + " " + row.name +
               ": no graph in the corpus uses this operand");
      continue;
    }
    probeOperand(op, row, *sample);
    if (!row.sameTypeAs.empty() &&
        !inputsOf(sample->graph, op.name, row.sameTypeAs).empty())
      probeTie(op, row, *sample);
  }
}

int Probe::run() {
  for (const OpSupportLimits &op : opSupportLimits())
    probeOp(op);
  std::printf("op-support-probe: %zu operations, %d operand/type probes, %d "
              "tie probes, %d mismatches\n",
              opSupportLimits().size(), typeProbes, tieProbes, mismatches);
  return mismatches;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: wnn-op-support-probe DIR|FILE...\n");
    return 2;
  }
  Probe probe;
  for (int i = 1; i < argc; ++i) {
    std::filesystem::path path = argv[i];
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(path)) {
      for (const auto &entry : std::filesystem::directory_iterator(path))
        if (entry.path().extension() == ".json")
          files.push_back(entry.path());
    } else {
      files.push_back(path);
    }
    std::sort(files.begin(), files.end());
    for (const auto &file : files)
      probe.addFile(file);
  }
  return probe.run() ? 1 : 0;
}
