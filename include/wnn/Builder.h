//===- wnn/Builder.h - WebNN graph builder ----------------------*- C++ -*-===//
//
// wnn::GraphBuilder mirrors MLGraphBuilder method for method. Each call runs
// the spec's validation steps (the same verifiers the webnn dialect uses) and
// returns either a new operand or an Error; nothing aborts on bad input.
// build() turns the recorded operations into a Graph (a webnn dialect module)
// that wnn/Compiler.h compiles.
//
//===----------------------------------------------------------------------===//
#ifndef WNN_BUILDER_H
#define WNN_BUILDER_H

#include "wnn/Support.h"

#include <memory>

namespace wnn {

class Graph;

/// A handle to an operand recorded by one GraphBuilder.
/// Bytes the builder may keep without copying: `owner` keeps `data` alive
/// for as long as the graph (and its compilation) needs it.
struct SharedBytes {
  const void *data = nullptr;
  size_t size = 0;
  std::shared_ptr<const void> owner;
};

struct Operand {
  uint32_t id = UINT32_MAX;
  bool valid() const { return id != UINT32_MAX; }
};

/// MLOperatorOptions.
struct OperatorOptions {
  std::string label;
};

/// MLNumber restricted to what the builder needs: a double.
using Number = double;

enum class InputOperandLayout { Nchw, Nhwc };
enum class Conv2dFilterOperandLayout { Oihw, Hwio, Ohwi, Ihwo };
enum class RoundingType { Floor, Ceil };
enum class PaddingMode { Constant, Edge, Reflection, Symmetric };
enum class InterpolationMode { NearestNeighbor, Linear };
enum class ConvTranspose2dFilterOperandLayout { Iohw, Hwoi, Ohwi };
enum class RecurrentNetworkActivation { Relu, Sigmoid, Tanh };
enum class RecurrentNetworkDirection { Forward, Backward, Both };
enum class GruWeightLayout { Zrn, Rzn };
enum class LstmWeightLayout { Iofg, Ifgo };

struct ClampOptions : OperatorOptions {
  std::optional<Number> minValue; // -infinity when absent
  std::optional<Number> maxValue; // +infinity when absent
};
struct LeakyReluOptions : OperatorOptions {
  Number alpha = 0.01;
};
struct EluOptions : OperatorOptions {
  Number alpha = 1.0;
};
struct HardSigmoidOptions : OperatorOptions {
  Number alpha = 0.2;
  Number beta = 0.5;
};
struct LinearOptions : OperatorOptions {
  Number alpha = 1.0;
  Number beta = 0.0;
};

struct Conv2dOptions : OperatorOptions {
  std::vector<uint32_t> padding;   // [beginH, endH, beginW, endW]; 0s
  std::vector<uint32_t> strides;   // [H, W]; 1s
  std::vector<uint32_t> dilations; // [H, W]; 1s
  uint32_t groups = 1;
  InputOperandLayout inputLayout = InputOperandLayout::Nchw;
  Conv2dFilterOperandLayout filterLayout = Conv2dFilterOperandLayout::Oihw;
  std::optional<Operand> bias; // 1-D, output channels
};

struct ConvTranspose2dOptions : OperatorOptions {
  std::vector<uint32_t> padding;       // [beginH, endH, beginW, endW]; 0s
  std::vector<uint32_t> strides;       // [H, W]; 1s
  std::vector<uint32_t> dilations;     // [H, W]; 1s
  std::vector<uint32_t> outputPadding; // [H, W]; 0s
  std::vector<uint32_t> outputSizes;   // [H, W]; when given, decides the size
  uint32_t groups = 1;
  InputOperandLayout inputLayout = InputOperandLayout::Nchw;
  ConvTranspose2dFilterOperandLayout filterLayout =
      ConvTranspose2dFilterOperandLayout::Iohw;
  std::optional<Operand> bias; // 1-D, output channels
};

struct Pool2dOptions : OperatorOptions {
  std::vector<uint32_t> windowDimensions; // [H, W]; the input's spatial dims
  std::vector<uint32_t> padding;          // [beginH, endH, beginW, endW]
  std::vector<uint32_t> strides;
  std::vector<uint32_t> dilations;
  InputOperandLayout layout = InputOperandLayout::Nchw;
  RoundingType roundingType = RoundingType::Floor;
  std::vector<uint32_t> outputSizes; // [H, W]; overrides roundingType
};

struct BatchNormalizationOptions : OperatorOptions {
  std::optional<Operand> scale;
  std::optional<Operand> bias;
  uint32_t axis = 1;
  Number epsilon = 1e-5;
};
struct InstanceNormalizationOptions : OperatorOptions {
  std::optional<Operand> scale;
  std::optional<Operand> bias;
  Number epsilon = 1e-5;
  InputOperandLayout layout = InputOperandLayout::Nchw;
};
struct LayerNormalizationOptions : OperatorOptions {
  std::optional<Operand> scale;
  std::optional<Operand> bias;
  std::optional<std::vector<uint32_t>> axes; // [1, rank) when absent
  Number epsilon = 1e-5;
};

struct GemmOptions : OperatorOptions {
  std::optional<Operand> c;
  Number alpha = 1.0;
  Number beta = 1.0;
  bool aTranspose = false;
  bool bTranspose = false;
};

struct ReduceOptions : OperatorOptions {
  std::optional<std::vector<uint32_t>> axes; // all axes when absent
  bool keepDimensions = false;
};

struct ArgMinMaxOptions : OperatorOptions {
  bool keepDimensions = false;
  DataType outputDataType = DataType::Int32; // int32 or int64
};

struct TransposeOptions : OperatorOptions {
  std::optional<std::vector<uint32_t>> permutation; // reversed when absent
};
struct SliceOptions : OperatorOptions {
  std::vector<uint32_t> strides; // 1s when empty
};
struct SplitOptions : OperatorOptions {
  uint32_t axis = 0;
};
struct PadOptions : OperatorOptions {
  PaddingMode mode = PaddingMode::Constant;
  Number value = 0.0;
};
struct Resample2dOptions : OperatorOptions {
  InterpolationMode mode = InterpolationMode::NearestNeighbor;
  std::vector<float> scales;   // [1, 1] when empty
  std::vector<uint32_t> sizes; // when given, decides the output size
  std::vector<uint32_t> axes;  // [2, 3] when empty
};
struct GatherOptions : OperatorOptions {
  uint32_t axis = 0;
};
struct ScatterOptions : OperatorOptions {
  uint32_t axis = 0;
};
struct ReverseOptions : OperatorOptions {
  std::optional<std::vector<uint32_t>> axes; // all axes when absent
};
struct TriangularOptions : OperatorOptions {
  bool upper = true;
  int32_t diagonal = 0;
};
struct CumulativeSumOptions : OperatorOptions {
  bool exclusive = false;
  bool reversed = false;
};

struct GruCellOptions : OperatorOptions {
  std::optional<Operand> bias;          // [3 * hiddenSize]
  std::optional<Operand> recurrentBias; // [3 * hiddenSize]
  bool resetAfter = true;
  GruWeightLayout layout = GruWeightLayout::Zrn;
  /// Gate and candidate activations; {sigmoid, tanh} when empty.
  std::vector<RecurrentNetworkActivation> activations;
};
struct GruOptions : GruCellOptions {
  std::optional<Operand> initialHiddenState; // zeros when absent
  bool returnSequence = false;
  RecurrentNetworkDirection direction = RecurrentNetworkDirection::Forward;
};
struct LstmCellOptions : OperatorOptions {
  std::optional<Operand> bias;           // [4 * hiddenSize]
  std::optional<Operand> recurrentBias;  // [4 * hiddenSize]
  std::optional<Operand> peepholeWeight; // [3 * hiddenSize]: i, o, f
  LstmWeightLayout layout = LstmWeightLayout::Iofg;
  /// Gate, cell candidate and output activations; {sigmoid, tanh, tanh}
  /// when empty.
  std::vector<RecurrentNetworkActivation> activations;
};
struct LstmOptions : LstmCellOptions {
  std::optional<Operand> initialHiddenState; // zeros when absent
  std::optional<Operand> initialCellState;   // zeros when absent
  bool returnSequence = false;
  RecurrentNetworkDirection direction = RecurrentNetworkDirection::Forward;
};

/// Records a WebNN graph. Not thread-safe; one builder builds one graph.
class GraphBuilder {
public:
  /// `sourceName` names the file or origin in error messages ("" for none).
  explicit GraphBuilder(std::string sourceName = "");
  ~GraphBuilder();
  GraphBuilder(const GraphBuilder &) = delete;
  GraphBuilder &operator=(const GraphBuilder &) = delete;

  Expected<Operand> input(const std::string &name,
                          const OperandDescriptor &desc);
  /// Copies `byteLength` bytes, which must equal desc.byteSize().
  Expected<Operand> constant(const OperandDescriptor &desc, const void *data,
                             size_t byteLength,
                             const OperatorOptions &options = {});

  /// Like constant() above, but keeps `bytes` (through its owner) instead of
  /// copying them when they are large and suitably aligned, so a model's
  /// weights have one owner from the file to the artifact.
  Expected<Operand> constant(const OperandDescriptor &desc, SharedBytes bytes,
                             const OperatorOptions &options = {});

  /// The descriptor of an operand this builder returned.
  Expected<OperandDescriptor> descriptor(Operand operand) const;

  // Element-wise binary (bidirectional broadcasting).
  Expected<Operand> add(Operand a, Operand b, const OperatorOptions &o = {});
  Expected<Operand> sub(Operand a, Operand b, const OperatorOptions &o = {});
  Expected<Operand> mul(Operand a, Operand b, const OperatorOptions &o = {});
  Expected<Operand> div(Operand a, Operand b, const OperatorOptions &o = {});
  Expected<Operand> max(Operand a, Operand b, const OperatorOptions &o = {});
  Expected<Operand> min(Operand a, Operand b, const OperatorOptions &o = {});
  Expected<Operand> pow(Operand a, Operand b, const OperatorOptions &o = {});

  // Comparisons and logical ops (bidirectional broadcasting): uint8
  // results, 1 for true and 0 for false. Logical operands are uint8.
  Expected<Operand> equal(Operand a, Operand b, const OperatorOptions &o = {});
  Expected<Operand> notEqual(Operand a, Operand b,
                             const OperatorOptions &o = {});
  Expected<Operand> greater(Operand a, Operand b,
                            const OperatorOptions &o = {});
  Expected<Operand> greaterOrEqual(Operand a, Operand b,
                                   const OperatorOptions &o = {});
  Expected<Operand> lesser(Operand a, Operand b, const OperatorOptions &o = {});
  Expected<Operand> lesserOrEqual(Operand a, Operand b,
                                  const OperatorOptions &o = {});
  Expected<Operand> logicalAnd(Operand a, Operand b,
                               const OperatorOptions &o = {});
  Expected<Operand> logicalOr(Operand a, Operand b,
                              const OperatorOptions &o = {});
  Expected<Operand> logicalXor(Operand a, Operand b,
                               const OperatorOptions &o = {});
  Expected<Operand> logicalNot(Operand x, const OperatorOptions &o = {});
  Expected<Operand> isNaN(Operand x, const OperatorOptions &o = {});
  Expected<Operand> isInfinite(Operand x, const OperatorOptions &o = {});
  /// condition != 0 ? trueValue : falseValue, all three broadcast.
  Expected<Operand> where(Operand condition, Operand trueValue,
                          Operand falseValue, const OperatorOptions &o = {});

  // Element-wise unary.
  Expected<Operand> abs(Operand x, const OperatorOptions &o = {});
  Expected<Operand> ceil(Operand x, const OperatorOptions &o = {});
  Expected<Operand> cos(Operand x, const OperatorOptions &o = {});
  Expected<Operand> erf(Operand x, const OperatorOptions &o = {});
  Expected<Operand> exp(Operand x, const OperatorOptions &o = {});
  Expected<Operand> floor(Operand x, const OperatorOptions &o = {});
  Expected<Operand> identity(Operand x, const OperatorOptions &o = {});
  Expected<Operand> log(Operand x, const OperatorOptions &o = {});
  Expected<Operand> neg(Operand x, const OperatorOptions &o = {});
  Expected<Operand> reciprocal(Operand x, const OperatorOptions &o = {});
  Expected<Operand> sin(Operand x, const OperatorOptions &o = {});
  Expected<Operand> sqrt(Operand x, const OperatorOptions &o = {});
  Expected<Operand> tan(Operand x, const OperatorOptions &o = {});
  Expected<Operand> sign(Operand x, const OperatorOptions &o = {});
  Expected<Operand> roundEven(Operand x, const OperatorOptions &o = {});
  Expected<Operand> cast(Operand x, DataType type,
                         const OperatorOptions &o = {});

  // Activations.
  Expected<Operand> relu(Operand x, const OperatorOptions &o = {});
  Expected<Operand> sigmoid(Operand x, const OperatorOptions &o = {});
  Expected<Operand> tanh(Operand x, const OperatorOptions &o = {});
  Expected<Operand> clamp(Operand x, const ClampOptions &o = {});
  Expected<Operand> leakyRelu(Operand x, const LeakyReluOptions &o = {});
  Expected<Operand> elu(Operand x, const EluOptions &o = {});
  Expected<Operand> gelu(Operand x, const OperatorOptions &o = {});
  Expected<Operand> hardSigmoid(Operand x, const HardSigmoidOptions &o = {});
  Expected<Operand> hardSwish(Operand x, const OperatorOptions &o = {});
  Expected<Operand> softplus(Operand x, const OperatorOptions &o = {});
  Expected<Operand> softsign(Operand x, const OperatorOptions &o = {});
  Expected<Operand> linear(Operand x, const LinearOptions &o = {});
  Expected<Operand> prelu(Operand x, Operand slope,
                          const OperatorOptions &o = {});
  /// axis absent: the legacy 2-D form, axis 1.
  Expected<Operand> softmax(Operand x, std::optional<uint32_t> axis,
                            const OperatorOptions &o = {});

  // Convolution, pooling, normalization.
  Expected<Operand> convTranspose2d(Operand input, Operand filter,
                                    const ConvTranspose2dOptions &o = {});
  Expected<Operand> conv2d(Operand input, Operand filter,
                           const Conv2dOptions &o = {});
  Expected<Operand> averagePool2d(Operand input, const Pool2dOptions &o = {});
  Expected<Operand> maxPool2d(Operand input, const Pool2dOptions &o = {});
  Expected<Operand> l2Pool2d(Operand input, const Pool2dOptions &o = {});
  Expected<Operand> resample2d(Operand input, const Resample2dOptions &o = {});
  Expected<Operand> batchNormalization(Operand input, Operand mean,
                                       Operand variance,
                                       const BatchNormalizationOptions &o = {});
  Expected<Operand>
  instanceNormalization(Operand input,
                        const InstanceNormalizationOptions &o = {});
  Expected<Operand> layerNormalization(Operand input,
                                       const LayerNormalizationOptions &o = {});

  // Matrix products.
  Expected<Operand> matmul(Operand a, Operand b, const OperatorOptions &o = {});
  Expected<Operand> gemm(Operand a, Operand b, const GemmOptions &o = {});

  // Reductions.
  Expected<Operand> reduceMax(Operand x, const ReduceOptions &o = {});
  Expected<Operand> reduceMean(Operand x, const ReduceOptions &o = {});
  Expected<Operand> reduceMin(Operand x, const ReduceOptions &o = {});
  Expected<Operand> reduceSum(Operand x, const ReduceOptions &o = {});
  Expected<Operand> reduceL1(Operand x, const ReduceOptions &o = {});
  Expected<Operand> reduceL2(Operand x, const ReduceOptions &o = {});
  Expected<Operand> reduceLogSum(Operand x, const ReduceOptions &o = {});
  Expected<Operand> reduceLogSumExp(Operand x, const ReduceOptions &o = {});
  Expected<Operand> reduceProduct(Operand x, const ReduceOptions &o = {});
  Expected<Operand> reduceSumSquare(Operand x, const ReduceOptions &o = {});
  Expected<Operand> argMin(Operand x, uint32_t axis,
                           const ArgMinMaxOptions &o = {});
  Expected<Operand> argMax(Operand x, uint32_t axis,
                           const ArgMinMaxOptions &o = {});

  // Shape and data movement.
  Expected<Operand> reshape(Operand x, const std::vector<uint32_t> &newShape,
                            const OperatorOptions &o = {});
  Expected<Operand> transpose(Operand x, const TransposeOptions &o = {});
  Expected<Operand> concat(const std::vector<Operand> &inputs, uint32_t axis,
                           const OperatorOptions &o = {});
  Expected<Operand> slice(Operand x, const std::vector<uint32_t> &starts,
                          const std::vector<uint32_t> &sizes,
                          const SliceOptions &o = {});
  /// Equal parts (`count`) or explicit sizes along options.axis.
  Expected<std::vector<Operand>> split(Operand x, uint32_t count,
                                       const SplitOptions &o = {});
  Expected<std::vector<Operand>> split(Operand x,
                                       const std::vector<uint32_t> &sizes,
                                       const SplitOptions &o = {});
  Expected<Operand> pad(Operand x, const std::vector<uint32_t> &beginning,
                        const std::vector<uint32_t> &ending,
                        const PadOptions &o = {});
  Expected<Operand> expand(Operand x, const std::vector<uint32_t> &newShape,
                           const OperatorOptions &o = {});
  Expected<Operand> gather(Operand input, Operand indices,
                           const GatherOptions &o = {});
  Expected<Operand> gatherElements(Operand input, Operand indices,
                                   const GatherOptions &o = {});
  Expected<Operand> gatherND(Operand input, Operand indices,
                             const OperatorOptions &o = {});
  Expected<Operand> scatterElements(Operand input, Operand indices,
                                    Operand updates,
                                    const ScatterOptions &o = {});
  Expected<Operand> scatterND(Operand input, Operand indices, Operand updates,
                              const OperatorOptions &o = {});
  Expected<Operand> reverse(Operand x, const ReverseOptions &o = {});
  Expected<Operand> quantizeLinear(Operand input, Operand scale,
                                   Operand zeroPoint,
                                   const OperatorOptions &o = {});
  Expected<Operand> dequantizeLinear(Operand input, Operand scale,
                                     Operand zeroPoint,
                                     const OperatorOptions &o = {});
  Expected<Operand> tile(Operand x, const std::vector<uint32_t> &repetitions,
                         const OperatorOptions &o = {});
  Expected<Operand> triangular(Operand x, const TriangularOptions &o = {});
  Expected<Operand> cumulativeSum(Operand x, uint32_t axis,
                                  const CumulativeSumOptions &o = {});

  // Recurrent networks. Networks return the last hidden state (and cell
  // state), then with returnSequence the hidden state of every step; with
  // direction both, the leading dimension holds forward then backward.
  Expected<std::vector<Operand>> gru(Operand input, Operand weight,
                                     Operand recurrentWeight, uint32_t steps,
                                     uint32_t hiddenSize,
                                     const GruOptions &o = {});
  Expected<Operand> gruCell(Operand input, Operand weight,
                            Operand recurrentWeight, Operand hiddenState,
                            uint32_t hiddenSize, const GruCellOptions &o = {});
  Expected<std::vector<Operand>> lstm(Operand input, Operand weight,
                                      Operand recurrentWeight, uint32_t steps,
                                      uint32_t hiddenSize,
                                      const LstmOptions &o = {});
  Expected<std::vector<Operand>>
  lstmCell(Operand input, Operand weight, Operand recurrentWeight,
           Operand hiddenState, Operand cellState, uint32_t hiddenSize,
           const LstmCellOptions &o = {});

  /// Finishes the graph. Each output needs a unique, non-empty name. The
  /// builder cannot be used afterwards.
  Expected<Graph>
  build(const std::vector<std::pair<std::string, Operand>> &outputs);

  class Impl;

private:
  std::unique_ptr<Impl> impl;
};

/// A built graph: a module in the webnn dialect plus its interface.
class Graph {
public:
  Graph(Graph &&) noexcept;
  Graph &operator=(Graph &&) noexcept;
  ~Graph();

  const std::vector<std::pair<std::string, OperandDescriptor>> &inputs() const;
  const std::vector<std::pair<std::string, OperandDescriptor>> &outputs() const;
  /// The module printed in the webnn dialect.
  std::string toMLIR() const;

  class Impl;
  Impl &impl() const { return *state; }
  explicit Graph(std::unique_ptr<Impl> state);

private:
  std::unique_ptr<Impl> state;
};

} // namespace wnn

#endif // WNN_BUILDER_H
