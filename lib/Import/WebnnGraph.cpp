//===- WebnnGraph.cpp - webnn-graph importer ------------------------------===//
//
// Replays a webnn-graph document (text or JSON form) through
// wnn::GraphBuilder. Operators go through the same handler table as the WPT
// importer: each node is converted into a WPT-style call (positional
// arguments, then an options dictionary) by a small per-operator adapter
// where the two conventions differ, e.g. webnn-graph passes conv2d's bias
// as a third input and reshape's shape as the `newShape` option.
//
// Built with exceptions (nlohmann::json); nothing escapes the public
// functions, which turn every failure into a wnn::Error.
//
//===----------------------------------------------------------------------===//

#include "wnn/Import.h"

#include "Import/WebnnGraphDoc.h"
#include "Import/WebnnGraphWeights.h"
#include "Import/WptOpContext.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <functional>
#include <new>
#include <unordered_map>

namespace wnn {
namespace webnn_graph {
namespace {

using wpt::quote;

struct ImportFailure {
  std::string message;
};

/// A node converted to the WPT calling convention the handlers read.
struct Call {
  std::vector<std::pair<std::string, Json>> positional;
  Json options = Json::object();
};

class Importer;
using Adapter = std::function<void(Call &, Importer &, const NodeDecl &)>;
const std::unordered_map<std::string, Adapter> &adapters();

class Importer : public wpt::OperandScope {
public:
  Importer(const std::string &source,
           const std::optional<WebnnGraphWeightFiles> &weightFiles)
      : source(source), weightFiles(weightFiles), builder(source) {}

  Expected<Graph> run(const GraphDoc &doc);

  [[noreturn]] void fail(const std::string &message) override {
    throw ImportFailure{source + ": " + context + message};
  }
  [[noreturn]] void failBuilder(const Error &error) override {
    std::string message = error.message;
    std::string prefix = source + ": ";
    if (message.compare(0, prefix.size(), prefix) == 0)
      message = message.substr(prefix.size());
    throw ImportFailure{prefix + context + message};
  }
  Operand lookup(const std::string &name, const std::string &what) override {
    auto it = operands.find(name);
    if (it == operands.end())
      fail(what + ": unknown operand " + quote(name));
    return it->second;
  }

  /// The rank of the operand `name` (for negative axes).
  int64_t rankOf(const std::string &name, const std::string &what) {
    Expected<OperandDescriptor> desc = builder.descriptor(lookup(name, what));
    if (!desc)
      failBuilder(desc.error());
    return int64_t(desc->shape.size());
  }

private:
  void define(const std::string &name, Operand operand) {
    if (name.empty())
      fail("operand names must not be empty");
    if (!operands.emplace(name, operand).second)
      fail("operand " + quote(name) + " is defined twice");
  }
  void importConst(const ConstDecl &decl);
  void importNode(size_t index, const NodeDecl &node);
  const WeightsFile &weights(const ConstDecl &decl);

  std::string source;
  std::optional<WebnnGraphWeightFiles> weightFiles;
  std::shared_ptr<WeightsFile> weightsFile;
  GraphBuilder builder;
  std::string context;
  std::unordered_map<std::string, Operand> operands;
};

std::string lineSuffix(size_t line) {
  return line ? ", line " + std::to_string(line) : "";
}

const WeightsFile &Importer::weights(const ConstDecl &decl) {
  if (weightsFile)
    return *weightsFile;
  if (!weightFiles) {
    std::string stem = std::filesystem::path(source).stem().string();
    fail("references weights " + quote(decl.weightsKey) +
         " but no weights were found beside the graph (looked for " + stem +
         ".weights or model.weights, and " + stem +
         ".manifest.json or manifest.json)");
  }
  Expected<std::shared_ptr<WeightsFile>> opened =
      WeightsFile::open(weightFiles->weights, weightFiles->manifest);
  if (!opened)
    throw ImportFailure{source + ": " + context + opened.error().message};
  weightsFile = *opened;
  return *weightsFile;
}

void Importer::importConst(const ConstDecl &decl) {
  context = "const " + quote(decl.name) +
            (decl.line ? " (line " + std::to_string(decl.line) + ")" : "") +
            ": ";
  OperatorOptions options;
  options.label = decl.name;
  Expected<Operand> operand = Error{""};
  int64_t count = 0;
  if (!wpt::elementCount(decl.desc.shape, count) ||
      uint64_t(count) * dataTypeSize(decl.desc.dataType) > wpt::kMaxTensorBytes)
    fail("shape " + wpt::shapeString(decl.desc.shape) + " is too large");
  switch (decl.init) {
  case ConstInit::Weights: {
    Expected<TensorBytes> bytes =
        weights(decl).tensor(decl.weightsKey, decl.desc);
    if (!bytes)
      throw ImportFailure{source + ": " + context + bytes.error().message};
    // The graph keeps the mapping instead of a copy of the bytes.
    operand = builder.constant(
        decl.desc, SharedBytes{bytes->data, bytes->size, bytes->owner},
        options);
    break;
  }
  case ConstInit::Scalar: {
    std::vector<uint8_t> bytes;
    std::string why;
    if (!decl.scalar.is_number() ||
        !wpt::encodeData(decl.scalar, decl.desc.dataType, count, bytes, why))
      fail("@scalar value " + decl.scalar.dump() + " is not a number" +
           (why.empty() ? "" : ": " + why));
    operand = builder.constant(decl.desc, bytes.data(), bytes.size(), options);
    break;
  }
  case ConstInit::Bytes:
    if (decl.bytes.size() != decl.desc.byteSize())
      fail("has " + std::to_string(decl.bytes.size()) + " inline bytes but " +
           dataTypeName(decl.desc.dataType) + " " +
           wpt::shapeString(decl.desc.shape) + " needs " +
           std::to_string(decl.desc.byteSize()));
    operand = builder.constant(decl.desc, decl.bytes.data(), decl.bytes.size(),
                               options);
    break;
  }
  if (!operand)
    failBuilder(operand.error());
  context.clear();
  define(decl.name, *operand);
}

void Importer::importNode(size_t index, const NodeDecl &node) {
  std::string where = "node #" + std::to_string(index);
  context = where + " (id " + quote(node.id) + lineSuffix(node.line) + "): ";
  std::vector<std::string> names = node.outputs;
  if (names.empty())
    names.push_back(node.id);
  if (node.op.empty()) { // `y = x;`
    if (names.size() != 1 || node.inputs.size() != 1)
      fail("an alias names one operand");
    define(names[0], lookup(node.inputs[0], "alias"));
    context.clear();
    return;
  }
  context = where + " " + quote(node.op) + " (id " + quote(node.id) +
            lineSuffix(node.line) + "): ";
  auto handler = wpt::handlers().find(node.op);
  if (handler == wpt::handlers().end())
    fail("unknown WebNN operator " + quote(node.op));

  Call call;
  for (size_t i = 0; i < node.inputs.size(); ++i)
    call.positional.emplace_back("inputs[" + std::to_string(i) + "]",
                                 node.inputs[i]);
  call.options = node.options;
  auto adapter = adapters().find(node.op);
  if (adapter != adapters().end())
    adapter->second(call, *this, node);
  // The node's id labels what it becomes, for messages and profiles.
  if (!call.options.contains("label"))
    call.options["label"] = node.id;

  std::vector<std::pair<std::string, const Json *>> positional;
  for (const auto &[name, value] : call.positional)
    positional.emplace_back(name, &value);
  wpt::OpContext opCall(*this, builder, std::move(positional), &call.options);
  std::vector<Operand> results = handler->second(opCall);
  opCall.checkUnknownOptions();
  if (names.size() != results.size())
    fail("produces " + std::to_string(results.size()) + " output" +
         (results.size() == 1 ? "" : "s") + " but the node names " +
         std::to_string(names.size()));
  for (size_t i = 0; i < names.size(); ++i)
    define(names[i], results[i]);
  context.clear();
}

Expected<Graph> Importer::run(const GraphDoc &doc) {
  for (const TensorDecl &input : doc.inputs) {
    Expected<Operand> operand = builder.input(input.name, input.desc);
    if (!operand)
      failBuilder(operand.error());
    define(input.name, *operand);
  }
  for (const ConstDecl &decl : doc.consts)
    importConst(decl);
  for (size_t i = 0; i < doc.nodes.size(); ++i)
    importNode(i, doc.nodes[i]);
  if (doc.outputs.empty())
    fail("the graph has no outputs");
  std::vector<std::pair<std::string, Operand>> outputs;
  for (const auto &[name, ref] : doc.outputs)
    outputs.emplace_back(name, lookup(ref, "output " + quote(name)));
  Expected<Graph> built = builder.build(outputs);
  if (!built)
    failBuilder(built.error());
  return built;
}

//===----------------------------------------------------------------------===//
// Adapters from webnn-graph nodes to WPT-style calls
//===----------------------------------------------------------------------===//

/// Removes and returns the first of `keys` present in the options.
std::optional<Json> takeOption(Call &call,
                               std::initializer_list<const char *> keys) {
  for (const char *key : keys) {
    auto it = call.options.find(key);
    if (it != call.options.end()) {
      Json value = std::move(*it);
      call.options.erase(it);
      return value;
    }
  }
  return std::nullopt;
}

/// Moves an option (under any of its spellings) to the next positional
/// argument, as MLGraphBuilder takes it.
void optionToArgument(Call &call, Importer &importer,
                      std::initializer_list<const char *> keys,
                      bool required = true) {
  std::optional<Json> value = takeOption(call, keys);
  if (!value) {
    if (required)
      importer.fail("missing option " + quote(*keys.begin()));
    return;
  }
  call.positional.emplace_back(*keys.begin(), std::move(*value));
}

/// Renames an option spelled as rustnn spells it to the WebNN name.
void renameOption(Call &call, const char *from, const char *to) {
  if (std::optional<Json> value = takeOption(call, {from}))
    if (!call.options.contains(to))
      call.options[to] = std::move(*value);
}

/// Moves inputs from `first` on into the operand options `keys`.
void inputsToOptions(Call &call, Importer &importer, size_t first,
                     const std::vector<const char *> &keys) {
  if (call.positional.size() > first + keys.size())
    importer.fail("takes at most " + std::to_string(first + keys.size()) +
                  " inputs, got " + std::to_string(call.positional.size()));
  for (size_t i = first; i < call.positional.size(); ++i) {
    const char *key = keys[i - first];
    if (call.options.contains(key))
      importer.fail(quote(key) + " is given both as an input and an option");
    call.options[key] = std::move(call.positional[i].second);
  }
  call.positional.resize(std::min(call.positional.size(), first));
}

/// A negative axis counts from the end (ONNX-style), WebNN's do not.
void normalizeAxis(Json &axis, int64_t rank) {
  if (axis.is_number_integer() && axis.get<int64_t>() < 0 &&
      axis.get<int64_t>() >= -rank)
    axis = uint64_t(axis.get<int64_t>() + rank);
}

int64_t inputRank(Call &call, Importer &importer) {
  if (call.positional.empty() || !call.positional[0].second.is_string())
    return 0;
  return importer.rankOf(call.positional[0].second.get<std::string>(),
                         "argument " + quote(call.positional[0].first));
}

void normalizeAxisOption(Call &call, Importer &importer, const char *key) {
  auto it = call.options.find(key);
  if (it == call.options.end())
    return;
  int64_t rank = inputRank(call, importer);
  if (it->is_array())
    for (Json &axis : *it)
      normalizeAxis(axis, rank);
  else
    normalizeAxis(*it, rank);
}

/// An axis option that WebNN takes as the positional argument after input.
Adapter axisArgument(bool required) {
  return [required](Call &call, Importer &importer, const NodeDecl &) {
    normalizeAxisOption(call, importer, "axis");
    optionToArgument(call, importer, {"axis"}, required);
  };
}

/// Normalization scale and bias as inputs after `first`; rustnn marks which
/// are present with has_scale / has_bias.
Adapter normalizationInputs(size_t first) {
  return [first](Call &call, Importer &importer, const NodeDecl &) {
    std::optional<Json> hasScale = takeOption(call, {"has_scale"});
    std::optional<Json> hasBias = takeOption(call, {"has_bias"});
    std::vector<const char *> keys;
    if (!hasScale && !hasBias) {
      keys = {"scale", "bias"};
    } else {
      auto present = [](const std::optional<Json> &flag) {
        return !flag || (flag->is_boolean() && flag->get<bool>());
      };
      if (present(hasScale))
        keys.push_back("scale");
      if (present(hasBias))
        keys.push_back("bias");
    }
    inputsToOptions(call, importer, first, keys);
    normalizeAxisOption(call, importer, "axes");
  };
}

std::unordered_map<std::string, Adapter> makeAdapters() {
  std::unordered_map<std::string, Adapter> a;
  auto trailingOperands = [](size_t first, std::vector<const char *> keys) {
    return [first, keys](Call &call, Importer &importer, const NodeDecl &) {
      inputsToOptions(call, importer, first, keys);
    };
  };
  a["conv2d"] = trailingOperands(2, {"bias"});
  a["convTranspose2d"] = trailingOperands(2, {"bias"});
  a["gemm"] = [](Call &call, Importer &importer, const NodeDecl &) {
    inputsToOptions(call, importer, 2, {"c"});
    renameOption(call, "a_transpose", "aTranspose");
    renameOption(call, "b_transpose", "bTranspose");
  };
  a["layerNormalization"] = normalizationInputs(1);
  a["instanceNormalization"] = normalizationInputs(1);
  a["batchNormalization"] = normalizationInputs(3);

  auto shapeArgument = [](Call &call, Importer &importer, const NodeDecl &) {
    optionToArgument(call, importer, {"newShape", "shape"});
  };
  a["reshape"] = shapeArgument;
  a["expand"] = shapeArgument;

  a["softmax"] = axisArgument(false);
  a["argMin"] = axisArgument(true);
  a["argMax"] = axisArgument(true);
  a["cumulativeSum"] = axisArgument(true);
  for (const char *op : {"gather", "gatherElements", "scatterElements"})
    a[op] = [](Call &call, Importer &importer, const NodeDecl &) {
      normalizeAxisOption(call, importer, "axis");
    };
  for (const char *op :
       {"reduceL1", "reduceL2", "reduceLogSum", "reduceLogSumExp", "reduceMax",
        "reduceMean", "reduceMin", "reduceProduct", "reduceSum",
        "reduceSumSquare"})
    a[op] = [](Call &call, Importer &importer, const NodeDecl &) {
      normalizeAxisOption(call, importer, "axes");
    };

  // concat(a, b, c, axis=1) -> concat([a, b, c], 1)
  a["concat"] = [](Call &call, Importer &importer, const NodeDecl &) {
    normalizeAxisOption(call, importer, "axis");
    Json inputs = Json::array();
    for (auto &[name, value] : call.positional)
      inputs.push_back(std::move(value));
    call.positional.clear();
    call.positional.emplace_back("inputs", std::move(inputs));
    optionToArgument(call, importer, {"axis"});
  };
  // [a, b] = split(x, axis=1): as many equal parts as the node names.
  a["split"] = [](Call &call, Importer &importer, const NodeDecl &node) {
    normalizeAxisOption(call, importer, "axis");
    if (!call.options.contains("splits"))
      call.options["splits"] =
          uint64_t(std::max<size_t>(1, node.outputs.size()));
    optionToArgument(call, importer, {"splits"});
  };
  a["slice"] = [](Call &call, Importer &importer, const NodeDecl &) {
    optionToArgument(call, importer, {"starts"});
    optionToArgument(call, importer, {"sizes"});
  };
  a["pad"] = [](Call &call, Importer &importer, const NodeDecl &) {
    optionToArgument(call, importer, {"beginningPadding"});
    optionToArgument(call, importer, {"endingPadding"});
  };
  a["tile"] = [](Call &call, Importer &importer, const NodeDecl &) {
    optionToArgument(call, importer, {"repetitions", "repeats"});
  };
  // cast(x, to="float16"); rustnn may spell the type "Float16".
  a["cast"] = [](Call &call, Importer &importer, const NodeDecl &) {
    optionToArgument(call, importer, {"to", "dataType", "type"});
    Json &type = call.positional.back().second;
    if (type.is_string()) {
      std::string text = type.get<std::string>();
      std::transform(text.begin(), text.end(), text.begin(),
                     [](unsigned char c) { return std::tolower(c); });
      type = text;
    }
  };
  a["clamp"] = [](Call &call, Importer &, const NodeDecl &) {
    renameOption(call, "min_value", "minValue");
    renameOption(call, "max_value", "maxValue");
  };
  a["triangular"] = [](Call &call, Importer &, const NodeDecl &) {
    renameOption(call, "k", "diagonal");
  };
  auto recurrent = [](bool steps) {
    return [steps](Call &call, Importer &importer, const NodeDecl &) {
      if (steps)
        optionToArgument(call, importer, {"steps"});
      optionToArgument(call, importer, {"hiddenSize", "hidden_size"});
    };
  };
  a["gru"] = recurrent(true);
  a["lstm"] = recurrent(true);
  a["gruCell"] = recurrent(false);
  a["lstmCell"] = recurrent(false);
  return a;
}

const std::unordered_map<std::string, Adapter> &adapters() {
  static const std::unordered_map<std::string, Adapter> table = makeAdapters();
  return table;
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

enum class Form { Text, Json };

Expected<Graph> importDocument(const std::string &text,
                               const std::string &sourceName, Form form,
                               const std::optional<WebnnGraphWeightFiles> &w) {
  std::string source = sourceName.empty() ? "<webnn-graph>" : sourceName;
  try {
    GraphDoc doc;
    try {
      if (form == Form::Text) {
        doc = parseWebnnGraphText(text);
      } else {
        Json root;
        try {
          root = Json::parse(text);
        } catch (const nlohmann::json::parse_error &error) {
          size_t offset = error.byte > 0 ? error.byte - 1 : 0;
          return Error{source + ": malformed JSON at byte offset " +
                       std::to_string(offset)};
        }
        doc = parseWebnnGraphJson(root);
      }
    } catch (const ParseFailure &failure) {
      return Error{source + ": " + failure.message};
    }
    Importer importer(source, w);
    return importer.run(doc);
  } catch (const ImportFailure &failure) {
    return Error{failure.message};
  } catch (const std::bad_alloc &) {
    return Error{source + ": out of memory while importing"};
  } catch (const std::exception &error) {
    return Error{source + ": " + error.what()};
  } catch (...) {
    return Error{source + ": unexpected failure while importing"};
  }
}

} // namespace
} // namespace webnn_graph

std::optional<WebnnGraphWeightFiles>
findWebnnGraphWeights(const std::string &graphPath) {
  namespace fs = std::filesystem;
  fs::path graph(graphPath);
  std::string stem = graph.stem().string();
  auto first = [&](std::initializer_list<std::string> names) {
    for (const std::string &name : names) {
      fs::path candidate = graph.parent_path() / name;
      std::error_code error;
      if (fs::is_regular_file(candidate, error))
        return candidate.string();
    }
    return std::string();
  };
  WebnnGraphWeightFiles files;
  files.weights = first({stem + ".weights", "model.weights"});
  files.manifest = first({stem + ".manifest.json", "manifest.json"});
  if (files.weights.empty() || files.manifest.empty())
    return std::nullopt;
  return files;
}

bool isWebnnGraphJson(const std::string &jsonText) {
  webnn_graph::Json root =
      webnn_graph::Json::parse(jsonText, nullptr, /*allow_exceptions=*/false);
  if (!root.is_object())
    return false;
  auto format = root.find("format");
  return format != root.end() && format->is_string() &&
         format->get<std::string>() == "webnn-graph-json";
}

Expected<Graph>
importWebnnGraphText(const std::string &text, const std::string &sourceName,
                     const std::optional<WebnnGraphWeightFiles> &weights) {
  return webnn_graph::importDocument(text, sourceName, webnn_graph::Form::Text,
                                     weights);
}

Expected<Graph>
importWebnnGraphJson(const std::string &jsonText, const std::string &sourceName,
                     const std::optional<WebnnGraphWeightFiles> &weights) {
  return webnn_graph::importDocument(jsonText, sourceName,
                                     webnn_graph::Form::Json, weights);
}

Expected<Graph> importWebnnGraphFile(const std::string &path) {
  Expected<std::string> text = readFile(path);
  if (!text)
    return text.error();
  std::optional<WebnnGraphWeightFiles> weights = findWebnnGraphWeights(path);
  // The JSON form is an object; the text form starts with `webnn_graph`.
  size_t start = text->find_first_not_of(" \t\r\n");
  if (start != std::string::npos && (*text)[start] == '{')
    return importWebnnGraphJson(*text, path, weights);
  return importWebnnGraphText(*text, path, weights);
}

} // namespace wnn
