//===- GeneratorImpl.h - The graph generator's state ------------*- C++ -*-===//
//
// Shared by Generator.cpp (operands, checks, the main loop), GenerateOps.cpp
// (one operator at a time) and GenerateMotifs.cpp (multi-operator patterns:
// fan-out, fan-in, residual chains).
//
//===----------------------------------------------------------------------===//
#ifndef WNN_TEST_FUZZ_GENERATORIMPL_H
#define WNN_TEST_FUZZ_GENERATORIMPL_H

#include "Generator.h"
#include "Random.h"

#include <optional>

namespace wnn::fuzz {

using Name = std::string;
using Accept = std::function<bool(const RefTensor &)>;

/// One argument object of an operator entry: {key: value}.
Json argument(const std::string &key, Json value);
/// A shape as a JSON array.
Json shapeJson(const std::vector<int64_t> &shape);

/// int32, uint32 or int64: the integer operands the arithmetic, pooling,
/// reduction and data-movement builders take. uint8 operands (comparison
/// and logical results) go to cast, where and the logical operators.
inline bool isWideInteger(const RefTensor &t) {
  DataType type = t.desc.dataType;
  return type == DataType::Int32 || type == DataType::Uint32 ||
         type == DataType::Int64;
}
inline bool isUint8(const RefTensor &t) {
  return t.desc.dataType == DataType::Uint8;
}

class GraphGenerator {
public:
  GraphGenerator(uint64_t seed, const GeneratorOptions &options);
  GeneratedGraph run();

  //===--- Operands (Generator.cpp) -------------------------------------===//

  const RefTensor &tensor(const Name &name) const;
  const std::vector<int64_t> &shapeOf(const Name &name) const {
    return tensor(name).desc.shape;
  }
  DataType typeOf(const Name &name) const { return tensor(name).desc.dataType; }
  /// A runtime operand (graph input or operator result) accepted by
  /// `accept`: mostly a recent one, sometimes one from far back.
  std::optional<Name> pick(const Accept &accept);
  /// Runtime operands (graph inputs and results) in creation order.
  const std::vector<Name> &operands() const { return pool; }
  /// Drops constants made for an operator that was never emitted.
  void discardPending();
  /// A constant of the operator being built (rolled back if it fails).
  Name constant(const std::string &role, OperandDescriptor desc,
                std::vector<double> data);
  /// A constant of uniform float32 values in [lo, hi].
  Name uniformConstant(const std::string &role, std::vector<int64_t> shape,
                       double lo, double hi);
  /// A runtime graph input holding `data`.
  Name input(OperandDescriptor desc, std::vector<double> data);
  /// Uniform float32 values in [lo, hi].
  std::vector<double> uniformValues(int64_t count, double lo, double hi);
  /// Appends operator `opName` if the reference accepts it and its results
  /// are healthy (see healthy()); returns its results.
  std::optional<std::vector<Name>> emitMulti(const std::string &opName,
                                             Json arguments, size_t results);
  std::optional<Name> emit(const std::string &opName, Json arguments);
  /// emit with one operand argument and optional options.
  std::optional<Name> emitUnary(const std::string &opName, const Name &x,
                                Json options = Json::object());

  //===--- Operators (GenerateOps.cpp) ----------------------------------===//

  bool unary();
  bool activation();
  bool binary();
  bool conv2d();
  bool pool2d();
  bool normalization();
  bool softmax();
  bool matmul();
  bool gemm();
  bool reduction();
  /// argMin or argMax along one axis.
  bool argMinMax();
  bool reshape();
  bool transpose();
  bool concat();
  bool slice();
  bool split();
  bool pad();
  bool expand();
  bool gather();
  bool reverse();
  bool tile();
  bool triangular();
  bool cumulativeSum();
  bool cast();

  //===--- Spatial (GenerateSpatial.cpp) -------------------------------===//

  bool convTranspose2d();
  bool resample2d();

  //===--- Quantization (GenerateQuantization.cpp) ---------------------===//

  bool quantization();
  /// quantizeLinear of `x` into `type`, with drawn scale and zero point.
  std::optional<Name> quantize(const Name &x, DataType type);
  /// dequantizeLinear of the integer operand `x`.
  std::optional<Name> dequantize(const Name &x);

  //===--- Recurrent networks (GenerateRecurrent.cpp) ------------------===//

  /// gru, gruCell, lstm or lstmCell.
  bool recurrentNetwork();
  /// A float32 operand of `shape`: existing, a graph input or a constant.
  Name floatOperandOf(const std::vector<int64_t> &shape,
                      const std::string &role, double range);

  //===--- Indexing (GenerateIndexing.cpp) -----------------------------===//

  bool gatherElements();
  bool gatherND();
  bool scatterElements();
  bool scatterND();
  /// Indices of `type`: a constant, or a graph input now and then.
  Name indexOperand(DataType type, const std::vector<int64_t> &shape,
                    std::vector<double> values);
  /// Scatter updates: an existing operand of `shape` or a constant.
  Name updatesFor(const std::vector<int64_t> &shape, DataType type);

  //===--- Comparisons, logic, where (GenerateLogical.cpp) --------------===//

  bool comparison();
  /// A uint8 operand: an existing one or a new comparison.
  std::optional<Name> mask();
  bool logical();
  /// where, broadcasting condition, trueValue and falseValue.
  bool select();
  /// One operator of a kind drawn by weight.
  bool anyOperator();

  /// conv2d of `x` with the given geometry; filter layout, bias and
  /// default-valued options are drawn.
  std::optional<Name> convolve(const Name &x, bool nhwc, int64_t outChannels,
                               int64_t kernel, int64_t stride, int64_t groups,
                               bool samePadding);
  /// A random activation of `x` (relu most often).
  std::optional<Name> activate(const Name &x);
  /// `x` with values >= `floor` (abs and add when needed).
  std::optional<Name> positive(const Name &x, double floor);
  /// `x` as a 2-D operand (a reshape when needed).
  std::optional<Name> as2D(const Name &x);
  /// A constant broadcastable to `shape` with values in [lo, hi].
  Name broadcastConstant(const std::vector<int64_t> &shape, DataType type,
                         double lo, double hi);

  //===--- Patterns (GenerateMotifs.cpp) --------------------------------===//

  bool bottleneck();
  bool twoProducts();
  bool residualChain();
  bool forkJoin();
  bool lateReuse();
  bool anyMotif();

  Random rng;
  GeneratorOptions limits;

private:
  bool healthy(const RefTensor &result) const;
  void createInputs();
  void chooseOutputs();

  TestGraph graph;
  Environment env;
  /// Runtime operands in creation order.
  std::vector<Name> pool;
  std::unordered_map<Name, int> uses;
  /// Constants and inputs of the operator being built.
  std::vector<GraphInput> pending;
  int counter = 0;
};

} // namespace wnn::fuzz

#endif // WNN_TEST_FUZZ_GENERATORIMPL_H
