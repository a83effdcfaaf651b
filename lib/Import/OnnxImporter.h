//===- Import/OnnxImporter.h - The ONNX front end's internals ---*- C++ -*-===//
//
// The ONNX importer walks a ModelProto's graph node by node and replays each
// node into a wnn::GraphBuilder through a handler table keyed by op type
// (OnnxOperators.cpp, OnnxShapeOperators.cpp). Handlers see one node through
// NodeContext: typed attribute and input accessors whose failures name the
// node and what is wrong.
//
// Values known while importing (initializers, Constant nodes, and shape
// arithmetic on them: Shape, Gather, Concat, Cast, ...) are HostTensors;
// shape handlers fold them on the host, so the WebNN graph is static. A
// HostTensor becomes a builder constant only when a WebNN operation reads it.
//
//===----------------------------------------------------------------------===//
#ifndef WNN_IMPORT_ONNXIMPORTER_H
#define WNN_IMPORT_ONNXIMPORTER_H

#include "wnn/Builder.h"
#include "wnn/Import.h"

#include <onnx/onnx_pb.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace wnn {
namespace onnx_import {

/// Thrown inside the importer; turned into an Error at its entry points.
struct ImportFailure {
  std::string message;
};

/// ONNX element types by their TensorProto.DataType numbers (the int4 types
/// postdate the protobuf headers the importer is built with).
enum OnnxType : int32_t {
  kUndefined = 0,
  kFloat = 1,
  kUint8 = 2,
  kInt8 = 3,
  kUint16 = 4,
  kInt16 = 5,
  kInt32 = 6,
  kInt64 = 7,
  kString = 8,
  kBool = 9,
  kFloat16 = 10,
  kDouble = 11,
  kUint32 = 12,
  kUint64 = 13,
  kBfloat16 = 16,
  kUint4 = 21,
  kInt4 = 22,
};

/// "float", "int64", ... or "type N" for types the importer does not know.
std::string onnxTypeName(int32_t type);
/// The WebNN type an ONNX element type maps to (bool becomes uint8).
std::optional<DataType> webnnTypeOf(int32_t type);
/// The ONNX type a WebNN type maps back to (uint8 stays uint8).
int32_t onnxTypeOf(DataType type);
/// Bytes of one element as ONNX stores it in raw_data; 0 for strings and
/// the packed 4-bit types.
size_t onnxTypeSize(int32_t type);
bool isFloatType(int32_t type);

/// A tensor whose value is known while importing. Elements are laid out as
/// in ONNX's raw_data (little endian; bool in one byte; 4-bit types packed
/// two to a byte, low nibble first). `owner` keeps `data` alive.
struct HostTensor {
  int32_t type = kUndefined;
  std::vector<int64_t> dims;
  const char *data = nullptr;
  size_t size = 0;
  std::shared_ptr<const void> owner;

  int64_t count() const;
  /// Element `i` converted to int64 (floats truncate toward zero).
  int64_t intAt(int64_t i) const;
  /// Element `i` converted to double.
  double floatAt(int64_t i) const;
  std::vector<int64_t> ints() const;
  std::vector<double> floats() const;

  /// A tensor that owns its bytes, filled from integers or doubles and
  /// converted to `type` (which must be a numeric type of onnxTypeSize > 0).
  static std::shared_ptr<HostTensor>
  fromInts(int32_t type, std::vector<int64_t> dims,
           const std::vector<int64_t> &values);
  static std::shared_ptr<HostTensor>
  fromFloats(int32_t type, std::vector<int64_t> dims,
             const std::vector<double> &values);
};
using HostTensorRef = std::shared_ptr<const HostTensor>;

/// Host tensors at most this large are folded through shape arithmetic.
constexpr int64_t kMaxFoldedElements = 1 << 16;

/// One ONNX value: an operand of the builder, a host tensor, or both (a host
/// tensor that a WebNN operation has read).
struct Value {
  std::optional<Operand> operand;
  HostTensorRef host;
};

class Importer;

/// The importer's view of one node.
class NodeContext {
public:
  NodeContext(Importer &importer, const onnx::NodeProto &node, int64_t opset)
      : importer(importer), node(node), opset(opset) {}

  GraphBuilder &b();
  const onnx::NodeProto &proto() const { return node; }
  const std::string &opType() const { return node.op_type(); }
  /// The default domain's opset the model imports.
  int64_t opsetVersion() const { return opset; }

  [[noreturn]] void fail(const std::string &message);
  /// Unwraps a builder result or fails with the builder's message.
  Operand check(Expected<Operand> result);
  std::vector<Operand> check(Expected<std::vector<Operand>> result);
  /// Options carrying the node's name as label; `part` names one of several
  /// WebNN operations the node becomes.
  OperatorOptions label(const std::string &part = "") const;

  // Inputs. Absent optional inputs have an empty name.
  size_t inputCount() const { return node.input_size(); }
  bool hasInput(size_t index) const;
  /// Requires between `min` and `max` inputs.
  void expectInputs(size_t min, size_t max);
  /// The input as a builder operand (host tensors become constants).
  Operand operand(size_t index);
  /// The input's value when known while importing, else null.
  HostTensorRef host(size_t index);
  /// The input's value, which must be known while importing.
  const HostTensor &requireHost(size_t index, const char *what);
  std::vector<int64_t> hostInts(size_t index, const char *what);
  std::vector<int64_t> shape(size_t index);
  int32_t type(size_t index);
  std::string inputName(size_t index) const;

  // Attributes.
  bool hasAttribute(const char *name) const;
  int64_t intAttr(const char *name, int64_t fallback);
  float floatAttr(const char *name, float fallback);
  std::string stringAttr(const char *name, const std::string &fallback);
  std::optional<std::vector<int64_t>> intsAttr(const char *name);
  std::optional<std::vector<float>> floatsAttr(const char *name);
  const onnx::TensorProto *tensorAttr(const char *name);
  /// A tensor attribute's value (which the model keeps alive), or null.
  HostTensorRef tensorAttrValue(const char *name);
  /// Fails when an attribute has a value other than the supported one.
  void requireAttr(const char *name, int64_t supported, int64_t fallback);

  // Outputs.
  size_t outputCount() const { return node.output_size(); }
  /// Whether output `index` is named (read by later nodes or the graph).
  bool outputUsed(size_t index) const;
  /// Fails when an output past `count` is used.
  void expectUsedOutputs(size_t count);
  void setOutput(size_t index, Operand operand);
  void setHost(size_t index, HostTensorRef value);

  /// `value` (an attribute or known input used as a size, stride, count or
  /// padding) checked to lie in [min, 2^31): larger values would wrap when
  /// WebNN takes them as 32-bit numbers.
  int64_t bounded(int64_t value, int64_t min, const std::string &what);
  /// An ONNX axis in [-rank, rank) as a WebNN axis in [0, rank).
  uint32_t axis(int64_t axis, size_t rank, const char *what);
  std::vector<uint32_t> axes(const std::vector<int64_t> &axes, size_t rank,
                             const char *what);
  /// Turns a host tensor into a builder constant, once.
  Operand materialize(const HostTensorRef &value, const std::string &label);

private:
  const onnx::AttributeProto *attribute(const char *name) const;

  Importer &importer;
  const onnx::NodeProto &node;
  int64_t opset;
};

using Handler = void (*)(NodeContext &);
/// Handlers of the default domain's ops, by op type.
const std::unordered_map<std::string, Handler> &defaultDomainHandlers();
void addMathHandlers(std::unordered_map<std::string, Handler> &table);
void addNeuralHandlers(std::unordered_map<std::string, Handler> &table);
void addShapeHandlers(std::unordered_map<std::string, Handler> &table);
void addResizeHandlers(std::unordered_map<std::string, Handler> &table);
void addRecurrentHandlers(std::unordered_map<std::string, Handler> &table);

/// Reads a TensorProto (inline or external data) as a host tensor without
/// copying its bytes where it can. `baseDir` resolves external data.
HostTensorRef readTensor(const onnx::TensorProto &tensor,
                         const std::shared_ptr<const void> &modelOwner,
                         const std::string &baseDir, const std::string &what);

/// The shape of numpy broadcasting of two shapes, or nullopt.
std::optional<std::vector<int64_t>>
broadcastShapes(const std::vector<int64_t> &a, const std::vector<int64_t> &b);

/// For each element of a tensor of shape `out`, the flat index of the
/// element of a tensor of shape `in` that numpy broadcasting reads.
std::vector<int64_t> broadcastIndices(const std::vector<int64_t> &in,
                                      const std::vector<int64_t> &out);
/// Whether a host tensor is small enough (and of a fixed-size type) to fold.
bool foldable(const HostTensorRef &value);
/// A host tensor of shape `dims` holding the elements of `source` at the
/// flat `indices` (a gather, slice, transpose or broadcast on the host).
HostTensorRef pick(const HostTensor &source, std::vector<int64_t> dims,
                   const std::vector<int64_t> &indices);

} // namespace onnx_import
} // namespace wnn

#endif // WNN_IMPORT_ONNXIMPORTER_H
