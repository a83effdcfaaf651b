//===- SelfTest.cpp - Checks of the fuzzer itself -------------------------===//

#include "SelfTest.h"

#include "Compare.h"
#include "ErrorModel.h"
#include "Execution.h"
#include "Generator.h"

#include "wnn/Import.h"

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace wnn::fuzz {
namespace {

struct Checks {
  int run = 0, failed = 0;

  void expect(bool condition, const std::string &what) {
    ++run;
    if (condition)
      return;
    ++failed;
    std::printf("self-test FAILED: %s\n", what.c_str());
  }
};

/// The reference values as an exact implementation's runtime buffer.
std::vector<uint8_t> exactBuffer(const RefTensor &t) {
  std::vector<uint8_t> bytes(t.desc.byteSize());
  for (size_t i = 0; i < t.size(); ++i) {
    double v = t.value[i];
    auto put = [&](auto typed) {
      std::memcpy(bytes.data() + i * sizeof(typed), &typed, sizeof(typed));
    };
    switch (t.desc.dataType) {
    case DataType::Float32:
      put(float(v));
      break;
    case DataType::Int32:
      put(int32_t(v));
      break;
    case DataType::Uint32:
      put(uint32_t(v));
      break;
    case DataType::Int64:
      put(int64_t(v));
      break;
    case DataType::Int8:
      put(int8_t(v));
      break;
    case DataType::Uint8:
      put(uint8_t(v));
      break;
    default:
      break;
    }
  }
  return bytes;
}

void overwrite(const RefTensor &t, std::vector<uint8_t> &bytes, size_t index,
               double value) {
  RefTensor one({t.desc.dataType, {}});
  one.value[0] = value;
  std::vector<uint8_t> element = exactBuffer(one);
  std::memcpy(bytes.data() + index * element.size(), element.data(),
              element.size());
}

/// On generated graphs: exact outputs pass; every damaged element fails.
void checkComparisons(Checks &checks) {
  for (uint64_t seed = 1; seed <= 25; ++seed) {
    GeneratedGraph g = generateGraph(seed);
    std::vector<const RefTensor *> outputs;
    for (const std::string &name : g.graph.outputs)
      outputs.push_back(&g.reference.at(name));
    double tolerance = replayTolerance(outputs);
    std::string where = "seed " + std::to_string(seed);
    checks.expect(allBoundsFinite(outputs), where + ": finite bounds");
    for (size_t o = 0; o < outputs.size(); ++o) {
      const RefTensor &t = *outputs[o];
      const std::string &name = g.graph.outputs[o];
      std::vector<uint8_t> exact = exactBuffer(t);
      Mismatch mismatch;
      checks.expect(compareOutput(name, t, exact.data(), mismatch),
                    where + " output " + name + ": exact values pass");
      checks.expect(
          compareOutputAsReplayed(name, t, exact.data(), tolerance, mismatch),
          where + " output " + name + ": exact values pass as replayed");
      // Elements across the output, damaged alone, must be reported at
      // their index.
      size_t step = std::max<size_t>(1, t.size() / 97);
      for (size_t i = 0; i < t.size(); i += step) {
        std::vector<uint8_t> damaged = exact;
        double got = readElement(t.desc.dataType, exact.data(), i);
        overwrite(t, damaged, i, damagedValue(t, got));
        bool caught = !compareOutput(name, t, damaged.data(), mismatch) &&
                      mismatch.index == int64_t(i) && mismatch.count == 1;
        if (!caught) {
          checks.expect(false, where + " output " + name +
                                   ": damaged element " + std::to_string(i) +
                                   " is not reported");
          break;
        }
      }
      ++checks.run;
    }
  }
}

/// relu(x) read twice: by add(x, relu(x)) and by mul.
TestGraph tinyGraph() {
  TestGraph graph;
  GraphInput x;
  x.name = "x";
  x.desc = {DataType::Float32, {1, 3, 5, 7}};
  for (int64_t i = 0; i < x.desc.elementCount(); ++i)
    x.data.push_back(double((i * 37) % 19 - 9) / 8);
  graph.inputs.push_back(x);
  auto op = [](const char *name, Json arguments, const char *out) {
    Json entry = Json::object();
    entry["name"] = name;
    entry["arguments"] = std::move(arguments);
    entry["outputs"] = out;
    return entry;
  };
  auto arg = [](const char *key, const char *value) {
    Json object = Json::object();
    object[key] = value;
    return object;
  };
  graph.operators.push_back(op("relu", Json::array({arg("input", "x")}), "r"));
  graph.operators.push_back(
      op("add", Json::array({arg("a", "x"), arg("b", "r")}), "s"));
  graph.operators.push_back(
      op("mul", Json::array({arg("a", "s"), arg("b", "r")}), "m"));
  graph.outputs = {"m", "s"};
  return graph;
}

void checkEndToEnd(Checks &checks, unsigned timeoutSeconds) {
  TestGraph graph = tinyGraph();
  Environment reference;
  Status evaluated = evaluateGraph(graph, reference);
  checks.expect(bool(evaluated), "the tiny graph evaluates");
  if (!evaluated)
    return;
  std::vector<const RefTensor *> outputs{&reference.at("m"),
                                         &reference.at("s")};
  RunRequest request;
  request.graph = &graph;
  request.reference = &reference;
  request.kernels = KernelPath::Codegen;
  request.replayTolerance = replayTolerance(outputs);
  RunOutcome clean = IsolatedRunner::runOne(
      [&] { return compileAndRun(request); }, timeoutSeconds);
  checks.expect(clean.passed(), "the tiny graph passes: " + clean.message);
  request.corruptElement = 17;
  RunOutcome damaged = IsolatedRunner::runOne(
      [&] { return compileAndRun(request); }, timeoutSeconds);
  checks.expect(damaged.kind == FailureKind::Mismatch &&
                    damaged.message.find("index 17:") != std::string::npos &&
                    damaged.failsAsReplayed,
                "a damaged output element is reported: " +
                    std::string(failureKindName(damaged.kind)) + ": " +
                    damaged.message);
  // A crash in the child is a failure of that graph, not of the fuzzer.
  RunOutcome crash = IsolatedRunner::runOne(
      [] {
        std::raise(SIGSEGV);
        return RunOutcome();
      },
      timeoutSeconds);
  checks.expect(crash.kind == FailureKind::Crash, "a crash is reported");

  std::vector<ExpectedOutput> expected;
  for (const std::string &name : graph.outputs)
    expected.push_back(
        {name, reference.at(name).desc, &reference.at(name).value});
  std::string file =
      graphToTestFile(graph, "tiny", expected, request.replayTolerance);
  Expected<Graph> imported = importWptGraph(file, "tiny.json");
  checks.expect(bool(imported), "a written test file imports: " +
                                    (imported ? "" : imported.error().message));
}

//===----------------------------------------------------------------------===//
// Reference against WPT expected outputs
//===----------------------------------------------------------------------===//

struct FileCounts {
  int passed = 0, failed = 0, skipped = 0;
};

/// Converts one WPT test into a TestGraph; false (with why) if the fuzzer's
/// reference does not cover it.
bool toTestGraph(const Json &test, TestGraph &graph, std::string &why) {
  const Json &g = test.at("graph");
  auto covered = [&](const Json &descriptor, OperandDescriptor &desc) {
    if (!wpt::parseDescriptor(descriptor, desc, why))
      return false;
    DataType type = desc.dataType;
    if (type == DataType::Float16 || type == DataType::Uint64) {
      why = std::string("data type ") + dataTypeName(type);
      return false;
    }
    // The huge fill-form tests add time, not coverage.
    if (desc.elementCount() > (1 << 20)) {
      why = "more than 2^20 elements";
      return false;
    }
    return true;
  };
  for (const auto &item : g.at("expectedOutputs").items()) {
    OperandDescriptor desc;
    if (!covered(item.value().at("descriptor"), desc))
      return false;
  }
  for (const auto &item : g.at("inputs").items()) {
    GraphInput input;
    input.name = item.key();
    if (!covered(item.value().at("descriptor"), input.desc))
      return false;
    DataType type = input.desc.dataType;
    input.constant = item.value().value("constant", false);
    if (!wpt::decodeDoubles(item.value().at("data"), input.desc.elementCount(),
                            input.data, why))
      return false;
    if (isFloatType(type))
      for (double &v : input.data)
        v = double(float(v));
    // int4 and uint4 data keep their low four bits, as the importer packs
    // them (WPT writes some out of range).
    if (type == DataType::Int4 || type == DataType::Uint4)
      for (double &v : input.data) {
        int64_t nibble = int64_t(v) & 0xF;
        v = double(type == DataType::Int4 && nibble >= 8 ? nibble - 16
                                                         : nibble);
      }
    graph.inputs.push_back(std::move(input));
  }
  for (const Json &op : g.at("operators")) {
    std::string name = op.at("name").get<std::string>();
    if (!referenceSupports(name)) {
      why = "operator " + name;
      return false;
    }
    graph.operators.push_back(op);
  }
  for (const auto &item : g.at("expectedOutputs").items())
    graph.outputs.push_back(item.key());
  return true;
}

/// WPT's own allowance for an element, as an absolute difference. An
/// integer's ULP is 1.
double wptAllowance(const Json &test, DataType type, double expected) {
  auto tolerance = test.find("tolerance");
  if (tolerance == test.end())
    return 0;
  double value = 0;
  wpt::readNumber(tolerance->value("value", Json(0)), value);
  if (tolerance->value("metricType", std::string("ULP")) == "ATOL")
    return value;
  return value * (isFloatType(type) ? ulp32(expected) : 1.0);
}

void checkTest(const Json &test, const std::string &label, bool verbose,
               FileCounts &counts) {
  TestGraph graph;
  std::string why;
  if (!toTestGraph(test, graph, why)) {
    ++counts.skipped;
    if (verbose)
      std::printf("SKIP %s (%s)\n", label.c_str(), why.c_str());
    return;
  }
  Environment env;
  if (Status status = evaluateGraph(graph, env); !status) {
    ++counts.failed;
    std::printf("FAIL %s: reference: %s\n", label.c_str(),
                status.error().message.c_str());
    return;
  }
  const Json &expectedOutputs = test.at("graph").at("expectedOutputs");
  for (const auto &item : expectedOutputs.items()) {
    const RefTensor &t = env.at(item.key());
    std::vector<double> expected;
    const Json &data = item.value().at("data");
    int64_t count = wpt::isFillForm(data)
                        ? std::min<int64_t>(1000, int64_t(t.size()))
                        : int64_t(t.size());
    if (!wpt::decodeDoubles(data, int64_t(t.size()), expected, why, count)) {
      ++counts.failed;
      std::printf("FAIL %s: expected data: %s\n", label.c_str(), why.c_str());
      return;
    }
    for (int64_t i = 0; i < count; ++i) {
      double v = t.value[size_t(i)], want = expected[size_t(i)];
      if (isFloatType(t.desc.dataType))
        want = double(float(want));
      double mine = elementTolerance(t.desc.dataType, v, t.bound[size_t(i)]);
      if (mine < 0 || (std::isnan(v) && std::isnan(want)) || v == want)
        continue;
      double allowed =
          std::max(mine + ulp32(v), wptAllowance(test, t.desc.dataType, want));
      if (std::fabs(v - want) <= allowed)
        continue;
      ++counts.failed;
      std::printf("FAIL %s: output '%s' index %lld: reference %.9g, expected "
                  "%.9g (allowed %.3g)\n",
                  label.c_str(), item.key().c_str(), (long long)i, v, want,
                  allowed);
      return;
    }
  }
  ++counts.passed;
  if (verbose)
    std::printf("PASS %s\n", label.c_str());
}

} // namespace

bool runSelfTest(unsigned timeoutSeconds) {
  Checks checks;
  checkComparisons(checks);
  checkEndToEnd(checks, timeoutSeconds);
  std::printf("self-test: %d checks, %d failed\n", checks.run, checks.failed);
  return checks.failed == 0;
}

bool checkReferenceAgainstFiles(const std::vector<std::string> &paths,
                                bool verbose) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const std::string &path : paths) {
    std::error_code error;
    if (!fs::is_directory(path, error)) {
      files.push_back(path);
      continue;
    }
    for (const auto &entry : fs::directory_iterator(path, error))
      if (entry.path().extension() == ".json")
        files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  FileCounts counts;
  for (const std::string &file : files) {
    Expected<std::string> text = readFile(file);
    if (!text) {
      std::printf("FAIL %s: %s\n", file.c_str(), text.error().message.c_str());
      ++counts.failed;
      continue;
    }
    Json document;
    try {
      document = Json::parse(*text);
    } catch (const std::exception &error) {
      std::printf("FAIL %s: %s\n", file.c_str(), error.what());
      ++counts.failed;
      continue;
    }
    std::string shown = fs::path(file).filename().string();
    for (const Json &test : document.value("tests", Json::array())) {
      std::string label = shown + ": " + test.value("name", std::string("?"));
      try {
        checkTest(test, label, verbose, counts);
      } catch (const std::exception &error) {
        ++counts.failed;
        std::printf("FAIL %s: %s\n", label.c_str(), error.what());
      }
    }
  }
  std::printf("reference vs WPT expected outputs: %d passed, %d failed, %d "
              "skipped\n",
              counts.passed, counts.failed, counts.skipped);
  return counts.failed == 0;
}

} // namespace wnn::fuzz
