//===- WebnnGraphJson.cpp - The webnn-graph-json form ---------------------===//
//
// Reads the canonical JSON form into a GraphDoc:
//
//   {"format": "webnn-graph-json", "version": 1 or 2,
//    "inputs":  {"x": {"dataType": "float32", "shape": [1, 4]}},
//    "consts":  {"w": {"dataType": "float32", "shape": [4, 2],
//                      "init": {"kind": "weights", "ref": "w"}}},
//    "nodes":   [{"id": "y", "op": "matmul", "inputs": ["x", "w"],
//                 "options": {}, "outputs": ["y"]}],
//    "outputs": {"y": "y"}}
//
// A constant's init is {"kind": "weights", "ref"}, {"kind": "scalar",
// "value"} or {"kind": "inlineBytes", "bytes": [...]}.
//
//===----------------------------------------------------------------------===//

#include "Import/WebnnGraphDoc.h"

#include "Import/WptOpContext.h"

namespace wnn {
namespace webnn_graph {
namespace {

using wpt::kindOf;
using wpt::quote;

[[noreturn]] void fail(const std::string &message) {
  throw ParseFailure{message};
}

const Json &member(const Json &object, const char *key,
                   const std::string &what) {
  auto it = object.find(key);
  if (it == object.end())
    fail(what + " has no " + quote(key));
  return *it;
}

std::string stringMember(const Json &object, const char *key,
                         const std::string &what) {
  const Json &value = member(object, key, what);
  if (!value.is_string())
    fail(what + ": " + quote(key) + " must be a string, got " + kindOf(value));
  return value.get<std::string>();
}

void readDescriptor(const Json &json, TensorDecl &decl,
                    const std::string &what) {
  if (!json.is_object())
    fail(what + " must be an object with 'dataType' and 'shape', got " +
         kindOf(json));
  std::string typeName = stringMember(json, "dataType", what);
  std::optional<DataType> type = parseDataType(typeName);
  if (!type)
    fail(what + ": unknown dataType " + quote(typeName));
  decl.desc.dataType = *type;
  const Json &shape = member(json, "shape", what);
  if (!shape.is_array())
    fail(what + ": 'shape' must be an array, got " + kindOf(shape));
  for (const Json &dim : shape) {
    if (dim.is_object())
      fail(what + ": dynamic dimensions are not supported; give every "
                  "dimension a static size");
    if (!dim.is_number_unsigned() || dim.get<uint64_t>() > 0xffffffffull)
      fail(what + ": dimensions must be integers in [0, 2^32), got " +
           dim.dump());
    decl.desc.shape.push_back(int64_t(dim.get<uint64_t>()));
  }
}

void readConstInit(const Json &json, ConstDecl &decl, const std::string &what) {
  const Json &init = member(json, "init", what);
  if (!init.is_object())
    fail(what + ": 'init' must be an object, got " + kindOf(init));
  std::string kind = stringMember(init, "kind", what + ": init");
  if (kind == "weights") {
    decl.init = ConstInit::Weights;
    decl.weightsKey = stringMember(init, "ref", what + ": init");
  } else if (kind == "scalar") {
    decl.init = ConstInit::Scalar;
    decl.scalar = member(init, "value", what + ": init");
  } else if (kind == "inlineBytes") {
    decl.init = ConstInit::Bytes;
    const Json &bytes = member(init, "bytes", what + ": init");
    if (!bytes.is_array())
      fail(what + ": init: 'bytes' must be an array of integers in [0, 255]");
    for (const Json &byte : bytes) {
      if (!byte.is_number_unsigned() || byte.get<uint64_t>() > 255)
        fail(what + ": init: 'bytes' must be an array of integers in [0, 255]");
      decl.bytes.push_back(uint8_t(byte.get<uint64_t>()));
    }
  } else {
    fail(what + ": unknown init kind " + quote(kind) +
         " (expected weights, scalar or inlineBytes)");
  }
}

std::vector<std::string> stringList(const Json &json, const std::string &what) {
  if (!json.is_array())
    fail(what + " must be an array of names, got " + kindOf(json));
  std::vector<std::string> names;
  for (const Json &name : json) {
    if (!name.is_string())
      fail(what + " must be an array of names, got an element that is " +
           kindOf(name));
    names.push_back(name.get<std::string>());
  }
  return names;
}

} // namespace

GraphDoc parseWebnnGraphJson(const Json &root) {
  if (!root.is_object())
    fail("the document must be a JSON object, got " + kindOf(root));
  GraphDoc doc;
  std::string format = stringMember(root, "format", "the graph");
  if (format != "webnn-graph-json")
    fail("'format' is " + quote(format) + ", not 'webnn-graph-json'");
  auto version = root.find("version");
  if (version != root.end() &&
      !(version->is_number_unsigned() &&
        (version->get<uint64_t>() == 1 || version->get<uint64_t>() == 2)))
    fail("unsupported version " + version->dump() + " (expected 1 or 2)");
  auto name = root.find("name");
  if (name != root.end() && name->is_string())
    doc.name = name->get<std::string>();

  const Json &inputs = member(root, "inputs", "the graph");
  if (!inputs.is_object())
    fail("'inputs' must be an object keyed by input name, got " +
         kindOf(inputs));
  for (const auto &item : inputs.items()) {
    TensorDecl decl;
    decl.name = item.key();
    readDescriptor(item.value(), decl, "input " + quote(item.key()));
    doc.inputs.push_back(std::move(decl));
  }

  auto consts = root.find("consts");
  if (consts != root.end()) {
    if (!consts->is_object())
      fail("'consts' must be an object keyed by constant name, got " +
           kindOf(*consts));
    for (const auto &item : consts->items()) {
      ConstDecl decl;
      decl.name = item.key();
      std::string what = "const " + quote(item.key());
      readDescriptor(item.value(), decl, what);
      readConstInit(item.value(), decl, what);
      doc.consts.push_back(std::move(decl));
    }
  }

  const Json &nodes = member(root, "nodes", "the graph");
  if (!nodes.is_array())
    fail("'nodes' must be an array, got " + kindOf(nodes));
  for (size_t i = 0; i < nodes.size(); ++i) {
    const Json &json = nodes[i];
    std::string what = "node #" + std::to_string(i);
    if (!json.is_object())
      fail(what + " must be an object, got " + kindOf(json));
    NodeDecl node;
    node.id = stringMember(json, "id", what);
    node.op = stringMember(json, "op", what);
    if (node.op.empty())
      fail(what + ": 'op' must not be empty");
    node.inputs = stringList(member(json, "inputs", what), what + ": 'inputs'");
    auto options = json.find("options");
    if (options != json.end() && !options->is_null()) {
      if (!options->is_object())
        fail(what + ": 'options' must be an object, got " + kindOf(*options));
      node.options = *options;
    }
    auto outputs = json.find("outputs");
    if (outputs != json.end() && !outputs->is_null())
      node.outputs = stringList(*outputs, what + ": 'outputs'");
    doc.nodes.push_back(std::move(node));
  }

  const Json &outputs = member(root, "outputs", "the graph");
  if (!outputs.is_object())
    fail("'outputs' must be an object mapping output names to operands, "
         "got " +
         kindOf(outputs));
  for (const auto &item : outputs.items()) {
    if (!item.value().is_string())
      fail("output " + quote(item.key()) + " must name an operand, got " +
           kindOf(item.value()));
    doc.outputs.emplace_back(item.key(), item.value().get<std::string>());
  }
  return doc;
}

} // namespace webnn_graph
} // namespace wnn
