//===- OnnxModel.cpp - Import an ONNX model into a GraphBuilder -----------===//
//
// Loads a ModelProto (protobuf, as Debian's libonnx ships it), resolves the
// free dimensions of the graph inputs, checks that every node has a handler
// (listing all that do not), then replays the nodes in order.
//
//===----------------------------------------------------------------------===//

#include "Import/ImportMessages.h"
#include "Import/OnnxImporter.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <set>
#include <unistd.h>

namespace wnn {
namespace onnx_import {

namespace {

std::string quote(const std::string &text) { return "'" + text + "'"; }

bool isDefaultDomain(const std::string &domain) {
  return domain.empty() || domain == "ai.onnx";
}

/// "Conv (node 'conv1')" or "Conv (nodes 'a', 'b' and 3 more)".
std::string describeNodes(const std::string &opType,
                          const std::vector<std::string> &names) {
  std::string text = opType + " (node" + (names.size() > 1 ? "s " : " ");
  size_t shown = std::min<size_t>(names.size(), 4);
  for (size_t i = 0; i < shown; ++i)
    text += (i ? ", " : "") + quote(names[i]);
  if (names.size() > shown)
    text += " and " + std::to_string(names.size() - shown) + " more";
  return text + ")";
}

} // namespace

class Importer {
public:
  Importer(std::string source, const OnnxImportOptions &options)
      : source(std::move(source)), options(options), builder(this->source) {}

  Expected<Graph> run(std::shared_ptr<onnx::ModelProto> model,
                      const std::string &baseDir);

  [[noreturn]] void fail(const std::string &message) {
    throw ImportFailure{source + ": " + context + message};
  }
  [[noreturn]] void failBuilder(const Error &error) {
    throw ImportFailure{source + ": " + context +
                        stripSource(error.message, source)};
  }

  GraphBuilder &graphBuilder() { return builder; }
  HostTensorRef readAttributeTensor(const onnx::TensorProto &tensor,
                                    const std::string &what) {
    return readTensor(tensor, model, baseDir, what);
  }
  Value &lookup(const std::string &name);
  void define(const std::string &name, Value value);
  Operand materialize(Value &value, const std::string &label);
  /// The label WebNN operations of node `index` carry.
  const std::string &nodeLabel() const { return currentLabel; }

private:
  void checkOpsets(const onnx::ModelProto &model);
  void checkHandlers(const onnx::GraphProto &graph);
  void importInitializers(const onnx::GraphProto &graph);
  void importInputs(const onnx::GraphProto &graph);
  OperandDescriptor inputDescriptor(const onnx::ValueInfoProto &input);
  void importNode(size_t index, const onnx::NodeProto &node);
  std::vector<std::pair<std::string, Operand>>
  graphOutputs(const onnx::GraphProto &graph);

  std::string source;
  OnnxImportOptions options;
  GraphBuilder builder;
  std::shared_ptr<onnx::ModelProto> model;
  std::string baseDir;
  int64_t opset = 0;
  std::string context;
  std::string currentLabel;
  std::unordered_map<std::string, Value> values;
  std::set<uint32_t> inputIds;
};

//===----------------------------------------------------------------------===//
// NodeContext
//===----------------------------------------------------------------------===//

GraphBuilder &NodeContext::b() { return importer.graphBuilder(); }

void NodeContext::fail(const std::string &message) { importer.fail(message); }

Operand NodeContext::check(Expected<Operand> result) {
  if (!result)
    importer.failBuilder(result.error());
  return *result;
}

std::vector<Operand> NodeContext::check(Expected<std::vector<Operand>> result) {
  if (!result)
    importer.failBuilder(result.error());
  return result.take();
}

OperatorOptions NodeContext::label(const std::string &part) const {
  OperatorOptions options;
  options.label = importer.nodeLabel();
  if (!part.empty())
    options.label += "/" + part;
  return options;
}

bool NodeContext::hasInput(size_t index) const {
  return index < size_t(node.input_size()) && !node.input(index).empty();
}

void NodeContext::expectInputs(size_t min, size_t max) {
  size_t count = node.input_size();
  while (count > 0 && node.input(count - 1).empty())
    --count;
  if (count >= min && count <= max)
    return;
  std::string expected = std::to_string(min);
  if (max != min)
    expected += " to " + std::to_string(max);
  fail("expects " + expected + " input" + (max == 1 ? "" : "s") + ", got " +
       std::to_string(count));
}

std::string NodeContext::inputName(size_t index) const {
  return hasInput(index) ? node.input(index) : std::string();
}

Operand NodeContext::operand(size_t index) {
  if (!hasInput(index))
    fail("input " + std::to_string(index) + " is required");
  return importer.materialize(importer.lookup(node.input(index)),
                              node.input(index));
}

HostTensorRef NodeContext::host(size_t index) {
  if (!hasInput(index))
    return nullptr;
  return importer.lookup(node.input(index)).host;
}

const HostTensor &NodeContext::requireHost(size_t index, const char *what) {
  if (!hasInput(index))
    fail(std::string(what) + " (input " + std::to_string(index) +
         ") is required");
  HostTensorRef value = host(index);
  if (!value)
    fail(std::string(what) + " (input " + quote(node.input(index)) +
         ") must be known when the graph is built (a constant, or shape "
         "arithmetic on constants and static shapes)");
  return *value;
}

std::vector<int64_t> NodeContext::hostInts(size_t index, const char *what) {
  const HostTensor &value = requireHost(index, what);
  if (isFloatType(value.type))
    fail(std::string(what) + " must hold integers, got " +
         onnxTypeName(value.type));
  return value.ints();
}

std::vector<int64_t> NodeContext::shape(size_t index) {
  if (!hasInput(index))
    fail("input " + std::to_string(index) + " is required");
  Value &value = importer.lookup(node.input(index));
  if (value.operand) {
    Expected<OperandDescriptor> desc = b().descriptor(*value.operand);
    if (!desc)
      importer.failBuilder(desc.error());
    return desc->shape;
  }
  return value.host->dims;
}

int32_t NodeContext::type(size_t index) {
  if (!hasInput(index))
    fail("input " + std::to_string(index) + " is required");
  Value &value = importer.lookup(node.input(index));
  if (value.host)
    return value.host->type;
  Expected<OperandDescriptor> desc = b().descriptor(*value.operand);
  if (!desc)
    importer.failBuilder(desc.error());
  return onnxTypeOf(desc->dataType);
}

const onnx::AttributeProto *NodeContext::attribute(const char *name) const {
  for (const onnx::AttributeProto &attr : node.attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

bool NodeContext::hasAttribute(const char *name) const {
  return attribute(name) != nullptr;
}

int64_t NodeContext::intAttr(const char *name, int64_t fallback) {
  const onnx::AttributeProto *attr = attribute(name);
  if (!attr)
    return fallback;
  if (attr->type() != onnx::AttributeProto::INT)
    fail("attribute " + quote(name) + " must be an int");
  return attr->i();
}

float NodeContext::floatAttr(const char *name, float fallback) {
  const onnx::AttributeProto *attr = attribute(name);
  if (!attr)
    return fallback;
  if (attr->type() == onnx::AttributeProto::INT)
    return float(attr->i());
  if (attr->type() != onnx::AttributeProto::FLOAT)
    fail("attribute " + quote(name) + " must be a float");
  return attr->f();
}

std::string NodeContext::stringAttr(const char *name,
                                    const std::string &fallback) {
  const onnx::AttributeProto *attr = attribute(name);
  if (!attr)
    return fallback;
  if (attr->type() != onnx::AttributeProto::STRING)
    fail("attribute " + quote(name) + " must be a string");
  return attr->s();
}

std::optional<std::vector<int64_t>> NodeContext::intsAttr(const char *name) {
  const onnx::AttributeProto *attr = attribute(name);
  if (!attr)
    return std::nullopt;
  if (attr->type() != onnx::AttributeProto::INTS)
    fail("attribute " + quote(name) + " must be a list of ints");
  return std::vector<int64_t>(attr->ints().begin(), attr->ints().end());
}

std::optional<std::vector<float>> NodeContext::floatsAttr(const char *name) {
  const onnx::AttributeProto *attr = attribute(name);
  if (!attr)
    return std::nullopt;
  if (attr->type() != onnx::AttributeProto::FLOATS)
    fail("attribute " + quote(name) + " must be a list of floats");
  return std::vector<float>(attr->floats().begin(), attr->floats().end());
}

const onnx::TensorProto *NodeContext::tensorAttr(const char *name) {
  const onnx::AttributeProto *attr = attribute(name);
  if (!attr)
    return nullptr;
  if (attr->type() != onnx::AttributeProto::TENSOR)
    fail("attribute " + quote(name) + " must be a tensor");
  return &attr->t();
}

HostTensorRef NodeContext::tensorAttrValue(const char *name) {
  const onnx::TensorProto *tensor = tensorAttr(name);
  if (!tensor)
    return nullptr;
  try {
    return importer.readAttributeTensor(*tensor, "");
  } catch (const ImportFailure &failure) {
    fail("attribute " + quote(name) + failure.message);
  }
}

void NodeContext::requireAttr(const char *name, int64_t supported,
                              int64_t fallback) {
  int64_t value = intAttr(name, fallback);
  if (value != supported)
    fail("attribute " + quote(name) + " = " + std::to_string(value) +
         " is not supported (only " + std::to_string(supported) + ")");
}

bool NodeContext::outputUsed(size_t index) const {
  return index < size_t(node.output_size()) && !node.output(index).empty();
}

void NodeContext::expectUsedOutputs(size_t count) {
  for (size_t i = count; i < size_t(node.output_size()); ++i)
    if (!node.output(i).empty())
      fail("output " + std::to_string(i) + " (" + quote(node.output(i)) +
           ") is not supported; only the first " + std::to_string(count) +
           (count == 1 ? " output is" : " outputs are"));
}

void NodeContext::setOutput(size_t index, Operand operand) {
  if (!outputUsed(index))
    return;
  Value value;
  value.operand = operand;
  importer.define(node.output(index), std::move(value));
}

void NodeContext::setHost(size_t index, HostTensorRef host) {
  if (!outputUsed(index))
    return;
  Value value;
  value.host = std::move(host);
  importer.define(node.output(index), std::move(value));
}

int64_t NodeContext::bounded(int64_t value, int64_t min,
                             const std::string &what) {
  if (value < min || value >= (int64_t(1) << 31))
    fail(what + " " + std::to_string(value) + " is out of range [" +
         std::to_string(min) + ", 2^31)");
  return value;
}

uint32_t NodeContext::axis(int64_t axis, size_t rank, const char *what) {
  int64_t r = int64_t(rank);
  if (axis < -r || axis >= std::max<int64_t>(r, 1))
    fail(std::string(what) + " " + std::to_string(axis) +
         " is out of range for rank " + std::to_string(rank));
  return uint32_t(axis < 0 ? axis + r : axis);
}

std::vector<uint32_t> NodeContext::axes(const std::vector<int64_t> &values,
                                        size_t rank, const char *what) {
  std::vector<uint32_t> result;
  for (int64_t value : values) {
    uint32_t a = axis(value, rank, what);
    if (std::find(result.begin(), result.end(), a) != result.end())
      fail(std::string(what) + " names axis " + std::to_string(a) + " twice");
    result.push_back(a);
  }
  return result;
}

Operand NodeContext::materialize(const HostTensorRef &host,
                                 const std::string &name) {
  Value value;
  value.host = host;
  return importer.materialize(value, name);
}

//===----------------------------------------------------------------------===//
// Importer
//===----------------------------------------------------------------------===//

Value &Importer::lookup(const std::string &name) {
  auto it = values.find(name);
  if (it == values.end())
    fail("reads " + quote(name) +
         ", which no initializer, graph input or earlier node defines");
  return it->second;
}

void Importer::define(const std::string &name, Value value) {
  if (!values.emplace(name, std::move(value)).second)
    fail("defines " + quote(name) + " a second time");
}

Operand Importer::materialize(Value &value, const std::string &label) {
  if (value.operand)
    return *value.operand;
  const HostTensor &host = *value.host;
  std::optional<DataType> type = webnnTypeOf(host.type);
  if (!type)
    fail("value " + quote(label) + " of type " + onnxTypeName(host.type) +
         " is read by a WebNN operation, which has no such type");
  OperandDescriptor desc{*type, host.dims};
  OperatorOptions options;
  options.label = label;
  Expected<Operand> operand = Error{""};
  if (host.type == kInt4 || host.type == kUint4 || host.type == kBool) {
    // The builder takes 4-bit values one per byte, and bool as uint8 0/1.
    std::vector<int8_t> bytes(host.count());
    for (size_t i = 0; i < bytes.size(); ++i)
      bytes[i] =
          int8_t(host.type == kBool ? host.intAt(i) != 0 : host.intAt(i));
    operand = builder.constant(desc, bytes.data(), bytes.size(), options);
  } else {
    operand = builder.constant(
        desc, SharedBytes{host.data, host.size, host.owner}, options);
  }
  if (!operand)
    failBuilder(operand.error());
  value.operand = *operand;
  return *operand;
}

void Importer::checkOpsets(const onnx::ModelProto &model) {
  for (const auto &entry : model.opset_import())
    if (isDefaultDomain(entry.domain()))
      opset = entry.version();
  if (opset == 0)
    fail("the model imports no opset of the default ONNX domain");
  if (opset < 7 || opset > 21)
    fail("opset " + std::to_string(opset) +
         " of the default domain is not supported (7 to 21 are)");
}

void Importer::checkHandlers(const onnx::GraphProto &graph) {
  // Every unsupported op type, in first-seen order, with its nodes.
  std::vector<std::pair<std::string, std::vector<std::string>>> missing;
  const auto &handlers = defaultDomainHandlers();
  for (int i = 0; i < graph.node_size(); ++i) {
    const onnx::NodeProto &node = graph.node(i);
    bool known =
        isDefaultDomain(node.domain()) && handlers.count(node.op_type()) != 0;
    if (known)
      continue;
    std::string key = isDefaultDomain(node.domain())
                          ? node.op_type()
                          : node.domain() + "::" + node.op_type();
    std::string name =
        node.name().empty() ? "#" + std::to_string(i) : node.name();
    auto it =
        std::find_if(missing.begin(), missing.end(),
                     [&](const auto &entry) { return entry.first == key; });
    if (it == missing.end())
      missing.push_back({key, {name}});
    else
      it->second.push_back(name);
  }
  if (missing.empty())
    return;
  std::string message = "unsupported operator";
  message += missing.size() > 1 ? "s: " : ": ";
  for (size_t i = 0; i < missing.size(); ++i)
    message +=
        (i ? "; " : "") + describeNodes(missing[i].first, missing[i].second);
  fail(message);
}

void Importer::importInitializers(const onnx::GraphProto &graph) {
  std::shared_ptr<const void> owner = model;
  for (const onnx::TensorProto &tensor : graph.initializer()) {
    context = "initializer " + quote(tensor.name()) + ": ";
    Value value;
    try {
      value.host = readTensor(tensor, owner, baseDir, "");
    } catch (const ImportFailure &failure) {
      // readTensor's messages start with ": " for an empty subject.
      fail(failure.message.substr(2));
    }
    define(tensor.name(), std::move(value));
  }
  if (graph.sparse_initializer_size() > 0)
    fail("sparse initializers are not supported");
  context.clear();
}

OperandDescriptor Importer::inputDescriptor(const onnx::ValueInfoProto &input) {
  if (!input.type().has_tensor_type())
    fail("is not a tensor");
  const auto &tensorType = input.type().tensor_type();
  std::optional<DataType> type = webnnTypeOf(tensorType.elem_type());
  if (!type)
    fail("has type " + onnxTypeName(tensorType.elem_type()) +
         ", which WebNN does not support");
  if (!tensorType.has_shape())
    fail("has no shape; the importer needs every input's rank");
  OperandDescriptor desc{*type, {}};
  const auto &dims = tensorType.shape().dim();
  for (int i = 0; i < dims.size(); ++i) {
    const auto &dim = dims[i];
    std::string which = "dimension " + std::to_string(i);
    if (dim.has_dim_value()) {
      if (dim.dim_value() <= 0)
        fail(which + " is " + std::to_string(dim.dim_value()) +
             "; it must be positive");
      desc.shape.push_back(dim.dim_value());
      continue;
    }
    if (!dim.has_dim_param() || dim.dim_param().empty())
      fail(which + " has neither a size nor a name, so it cannot be set");
    auto it = options.dims.find(dim.dim_param());
    if (it == options.dims.end())
      fail(which + " is the free dimension " + quote(dim.dim_param()) +
           "; give it a size with --dim " + dim.dim_param() + "=N");
    desc.shape.push_back(it->second);
  }
  return desc;
}

void Importer::importInputs(const onnx::GraphProto &graph) {
  for (const onnx::ValueInfoProto &input : graph.input()) {
    // Older models list their initializers among the inputs too.
    if (values.count(input.name()))
      continue;
    context = "graph input " + quote(input.name()) + ": ";
    OperandDescriptor desc = inputDescriptor(input);
    context.clear();
    Expected<Operand> operand = builder.input(input.name(), desc);
    if (!operand)
      failBuilder(operand.error());
    Value value;
    value.operand = *operand;
    inputIds.insert(operand->id);
    define(input.name(), std::move(value));
  }
  // A --dim that names no free dimension is a typo worth reporting.
  std::set<std::string> free;
  for (const onnx::ValueInfoProto &input : graph.input())
    if (input.type().has_tensor_type())
      for (const auto &dim : input.type().tensor_type().shape().dim())
        if (dim.has_dim_param())
          free.insert(dim.dim_param());
  for (const auto &[name, size] : options.dims) {
    if (!free.count(name))
      fail("--dim " + name + ": the model's inputs have no free dimension " +
           quote(name));
    if (size <= 0)
      fail("--dim " + name + "=" + std::to_string(size) +
           ": sizes must be positive");
  }
}

void Importer::importNode(size_t index, const onnx::NodeProto &node) {
  currentLabel = node.name().empty()
                     ? node.op_type() + "_" + std::to_string(index)
                     : node.name();
  context =
      "node " +
      (node.name().empty() ? "#" + std::to_string(index) : quote(node.name())) +
      " (" + node.op_type() + "): ";
  NodeContext call(*this, node, opset);
  defaultDomainHandlers().at(node.op_type())(call);
  for (int i = 0; i < node.output_size(); ++i)
    if (!node.output(i).empty() && !values.count(node.output(i)))
      fail("internal error: output " + quote(node.output(i)) +
           " was not defined");
  context.clear();
}

std::vector<std::pair<std::string, Operand>>
Importer::graphOutputs(const onnx::GraphProto &graph) {
  std::vector<std::pair<std::string, Operand>> outputs;
  for (const onnx::ValueInfoProto &output : graph.output()) {
    context = "graph output " + quote(output.name()) + ": ";
    Value &value = lookup(output.name());
    Operand operand = materialize(value, output.name());
    // A graph output must be computed, so constants pass through identity;
    // so do graph inputs and values that are already another output.
    bool computed = !value.host && !inputIds.count(operand.id);
    for (const auto &[name, existing] : outputs)
      if (existing.id == operand.id)
        computed = false;
    if (!computed) {
      OperatorOptions options;
      options.label = output.name();
      Expected<Operand> copy = builder.identity(operand, options);
      if (!copy)
        failBuilder(copy.error());
      operand = *copy;
    }
    outputs.emplace_back(output.name(), operand);
  }
  context.clear();
  return outputs;
}

Expected<Graph> Importer::run(std::shared_ptr<onnx::ModelProto> loaded,
                              const std::string &dir) {
  model = std::move(loaded);
  baseDir = dir;
  checkOpsets(*model);
  const onnx::GraphProto &graph = model->graph();
  checkHandlers(graph);
  importInitializers(graph);
  importInputs(graph);
  for (int i = 0; i < graph.node_size(); ++i)
    importNode(size_t(i), graph.node(i));
  std::vector<std::pair<std::string, Operand>> outputs = graphOutputs(graph);
  if (outputs.empty())
    fail("the graph has no outputs");
  Expected<Graph> built = builder.build(outputs);
  if (!built)
    failBuilder(built.error());
  return built;
}

namespace {

Expected<Graph> importModel(std::shared_ptr<onnx::ModelProto> model,
                            const std::string &source,
                            const std::string &baseDir,
                            const OnnxImportOptions &options) {
  try {
    Importer importer(source, options);
    return importer.run(std::move(model), baseDir);
  } catch (const ImportFailure &failure) {
    return Error{failure.message};
  } catch (const std::bad_alloc &) {
    return Error{source + ": out of memory while importing"};
  } catch (const std::exception &error) {
    return Error{source + ": " + error.what()};
  }
}

/// Parses with a size limit above protobuf's default, for large models.
bool parseModel(google::protobuf::io::ZeroCopyInputStream &stream,
                onnx::ModelProto &model) {
  google::protobuf::io::CodedInputStream coded(&stream);
  coded.SetTotalBytesLimit(INT32_MAX);
  return model.ParseFromCodedStream(&coded) && coded.ConsumedEntireMessage();
}

} // namespace

} // namespace onnx_import

Expected<Graph> importOnnxModel(const std::string &bytes,
                                const std::string &sourceName,
                                const OnnxImportOptions &options) {
  std::string source = sourceName.empty() ? "<onnx>" : sourceName;
  auto model = std::make_shared<onnx::ModelProto>();
  google::protobuf::io::ArrayInputStream stream(bytes.data(),
                                                int(bytes.size()));
  if (bytes.size() > size_t(INT32_MAX) ||
      !onnx_import::parseModel(stream, *model))
    return Error{source + ": not a valid ONNX model (protobuf parse failed)"};
  return onnx_import::importModel(std::move(model), source, "", options);
}

Expected<Graph> importOnnxModelFile(const std::string &path,
                                    const OnnxImportOptions &options) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return Error{path + ": cannot open file: " + std::strerror(errno)};
  // Parsed straight from the file: the model is the one owner of the
  // weights' bytes, which the graph's constants then point into.
  auto model = std::make_shared<onnx::ModelProto>();
  bool parsed;
  {
    google::protobuf::io::FileInputStream stream(fd);
    parsed = onnx_import::parseModel(stream, *model);
  }
  ::close(fd);
  if (!parsed)
    return Error{path + ": not a valid ONNX model (protobuf parse failed)"};
  size_t slash = path.rfind('/');
  std::string baseDir = slash == std::string::npos ? "" : path.substr(0, slash);
  if (slash == 0)
    baseDir = "/";
  return onnx_import::importModel(std::move(model), path, baseDir, options);
}

} // namespace wnn
