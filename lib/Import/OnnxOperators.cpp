//===- OnnxOperators.cpp - Element-wise, reduction and matrix ONNX ops ----===//
//
// Handlers of the default domain's element-wise math, activations,
// comparisons and logic, reductions, matrix products and quantization. Each
// maps one node the way the WebNN execution provider of ONNX Runtime does,
// by the operator's specification at the model's opset. Element-wise ops on
// small host tensors (shape arithmetic) are evaluated while importing.
//
//===----------------------------------------------------------------------===//

#include "Import/OnnxImporter.h"

#include <cmath>
#include <limits>

namespace wnn {
namespace onnx_import {

namespace {

using BinaryMethod = Expected<Operand> (GraphBuilder::*)(
    Operand, Operand, const OperatorOptions &);
using UnaryMethod =
    Expected<Operand> (GraphBuilder::*)(Operand, const OperatorOptions &);

//===----------------------------------------------------------------------===//
// Folding element-wise ops on host tensors
//===----------------------------------------------------------------------===//

enum class BinaryKind {
  Add,
  Sub,
  Mul,
  Div,
  Pow,
  Min,
  Max,
  Mod,
  Equal,
  Less,
  Greater,
  LessOrEqual,
  GreaterOrEqual,
  And,
  Or,
  Xor,
};

bool isComparison(BinaryKind kind) { return kind >= BinaryKind::Equal; }

double evaluate(BinaryKind kind, double a, double b) {
  switch (kind) {
  case BinaryKind::Add:
    return a + b;
  case BinaryKind::Sub:
    return a - b;
  case BinaryKind::Mul:
    return a * b;
  case BinaryKind::Div:
    return a / b;
  case BinaryKind::Pow:
    return std::pow(a, b);
  case BinaryKind::Min:
    return std::min(a, b);
  case BinaryKind::Max:
    return std::max(a, b);
  case BinaryKind::Mod:
    return std::fmod(a, b);
  case BinaryKind::Equal:
    return a == b;
  case BinaryKind::Less:
    return a < b;
  case BinaryKind::Greater:
    return a > b;
  case BinaryKind::LessOrEqual:
    return a <= b;
  case BinaryKind::GreaterOrEqual:
    return a >= b;
  case BinaryKind::And:
    return (a != 0) && (b != 0);
  case BinaryKind::Or:
    return (a != 0) || (b != 0);
  case BinaryKind::Xor:
    return (a != 0) != (b != 0);
  }
  return 0;
}

/// Integer semantics: division truncates, Mod takes the divisor's sign
/// (fmod=0) as ONNX specifies.
int64_t evaluate(BinaryKind kind, int64_t a, int64_t b) {
  switch (kind) {
  case BinaryKind::Div:
    return b == 0 ? 0 : a / b;
  case BinaryKind::Mod: {
    if (b == 0)
      return 0;
    int64_t r = a % b;
    return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
  }
  case BinaryKind::Pow: {
    int64_t result = 1;
    for (int64_t i = 0; i < b && i < 64; ++i)
      result *= a;
    return b < 0 ? 0 : result;
  }
  default:
    return int64_t(evaluate(kind, double(a), double(b)));
  }
}

/// Evaluates a binary node on host tensors; false when it cannot.
bool foldBinary(NodeContext &c, BinaryKind kind) {
  HostTensorRef a = c.host(0), b = c.host(1);
  if (!foldable(a) || !foldable(b))
    return false;
  auto shape = broadcastShapes(a->dims, b->dims);
  if (!shape)
    c.fail("cannot broadcast shapes of its inputs");
  std::vector<int64_t> ia = broadcastIndices(a->dims, *shape),
                       ib = broadcastIndices(b->dims, *shape);
  int32_t resultType = isComparison(kind) ? int32_t(kBool) : a->type;
  if (isFloatType(a->type) || isFloatType(b->type)) {
    std::vector<double> values(ia.size());
    for (size_t i = 0; i < ia.size(); ++i)
      values[i] = evaluate(kind, a->floatAt(ia[i]), b->floatAt(ib[i]));
    c.setHost(0, HostTensor::fromFloats(resultType, *shape, values));
  } else {
    std::vector<int64_t> values(ia.size());
    for (size_t i = 0; i < ia.size(); ++i)
      values[i] = evaluate(kind, a->intAt(ia[i]), b->intAt(ib[i]));
    c.setHost(0, HostTensor::fromInts(resultType, *shape, values));
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Element-wise handlers
//===----------------------------------------------------------------------===//

void binary(NodeContext &c, BinaryMethod method, BinaryKind kind) {
  c.expectInputs(2, 2);
  if (foldBinary(c, kind))
    return;
  Operand a = c.operand(0), b = c.operand(1);
  // Pow's exponent may have another type; WebNN wants the base's.
  if (kind == BinaryKind::Pow && c.type(0) != c.type(1))
    b = c.check(c.b().cast(b, *webnnTypeOf(c.type(0)), c.label("exponent")));
  c.setOutput(0, c.check((c.b().*method)(a, b, c.label())));
}

/// Sum, Mean, Min and Max take any number of inputs.
void variadic(NodeContext &c, BinaryMethod method, BinaryKind kind, bool mean) {
  c.expectInputs(1, SIZE_MAX);
  if (c.inputCount() == 2 && !mean && foldBinary(c, kind))
    return;
  Operand result = c.operand(0);
  for (size_t i = 1; i < c.inputCount(); ++i)
    result = c.check(
        (c.b().*method)(result, c.operand(i), c.label(std::to_string(i))));
  if (mean && c.inputCount() > 1) {
    auto count =
        HostTensor::fromFloats(c.type(0), {}, {double(c.inputCount())});
    result = c.check(c.b().div(
        result, c.materialize(count, c.label("count").label), c.label()));
  } else if (c.inputCount() == 1) {
    result = c.check(c.b().identity(result, c.label()));
  }
  c.setOutput(0, result);
}

void unary(NodeContext &c, UnaryMethod method) {
  c.expectInputs(1, 1);
  c.setOutput(0, c.check((c.b().*method)(c.operand(0), c.label())));
}

/// A scalar input or attribute as a double, when known.
std::optional<double> hostScalar(NodeContext &c, size_t index,
                                 const char *what) {
  if (!c.hasInput(index))
    return std::nullopt;
  HostTensorRef value = c.host(index);
  if (!value)
    return std::nullopt;
  if (value->count() != 1)
    c.fail(std::string(what) + " must be a scalar");
  return value->floatAt(0);
}

void clip(NodeContext &c) {
  ClampOptions options;
  static_cast<OperatorOptions &>(options) = c.label();
  if (c.opsetVersion() < 11) {
    c.expectInputs(1, 1);
    options.minValue = c.floatAttr("min", -std::numeric_limits<float>::max());
    options.maxValue = c.floatAttr("max", std::numeric_limits<float>::max());
    c.setOutput(0, c.check(c.b().clamp(c.operand(0), options)));
    return;
  }
  c.expectInputs(1, 3);
  Operand x = c.operand(0);
  bool minKnown = !c.hasInput(1) || c.host(1);
  bool maxKnown = !c.hasInput(2) || c.host(2);
  if (minKnown && maxKnown) {
    options.minValue = hostScalar(c, 1, "min");
    options.maxValue = hostScalar(c, 2, "max");
    c.setOutput(0, c.check(c.b().clamp(x, options)));
    return;
  }
  // Bounds computed by the graph: max(x, min) then min(., max).
  if (c.hasInput(1))
    x = c.check(c.b().max(x, c.operand(1), c.label("min")));
  if (c.hasInput(2))
    x = c.check(c.b().min(x, c.operand(2), c.label("max")));
  c.setOutput(0, x);
}

void gelu(NodeContext &c) {
  c.expectInputs(1, 1);
  std::string approximate = c.stringAttr("approximate", "none");
  Operand x = c.operand(0);
  if (approximate == "none") {
    c.setOutput(0, c.check(c.b().gelu(x, c.label())));
    return;
  }
  if (approximate != "tanh")
    c.fail("attribute 'approximate' must be 'none' or 'tanh', got '" +
           approximate + "'");
  // 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))
  int32_t type = c.type(0);
  auto scalar = [&](double v, const char *name) {
    return c.materialize(HostTensor::fromFloats(type, {}, {v}),
                         c.label(name).label);
  };
  GraphBuilder &b = c.b();
  Operand cube = c.check(
      b.mul(x, c.check(b.mul(x, x, c.label("square"))), c.label("cube")));
  Operand inner = c.check(
      b.add(x, c.check(b.mul(cube, scalar(0.044715, "k"), c.label("kcube"))),
            c.label("inner")));
  Operand t =
      c.check(b.tanh(c.check(b.mul(inner, scalar(std::sqrt(2.0 / M_PI), "s"),
                                   c.label("scaled"))),
                     c.label("tanh")));
  Operand onePlus = c.check(b.add(t, scalar(1.0, "one"), c.label("onePlus")));
  Operand half = c.check(b.mul(x, scalar(0.5, "half"), c.label("half")));
  c.setOutput(0, c.check(b.mul(half, onePlus, c.label())));
}

void leakyRelu(NodeContext &c) {
  c.expectInputs(1, 1);
  LeakyReluOptions options;
  static_cast<OperatorOptions &>(options) = c.label();
  options.alpha = c.floatAttr("alpha", 0.01f);
  c.setOutput(0, c.check(c.b().leakyRelu(c.operand(0), options)));
}

void elu(NodeContext &c) {
  c.expectInputs(1, 1);
  EluOptions options;
  static_cast<OperatorOptions &>(options) = c.label();
  options.alpha = c.floatAttr("alpha", 1.0f);
  c.setOutput(0, c.check(c.b().elu(c.operand(0), options)));
}

void hardSigmoid(NodeContext &c) {
  c.expectInputs(1, 1);
  HardSigmoidOptions options;
  static_cast<OperatorOptions &>(options) = c.label();
  options.alpha = c.floatAttr("alpha", 0.2f);
  options.beta = c.floatAttr("beta", 0.5f);
  c.setOutput(0, c.check(c.b().hardSigmoid(c.operand(0), options)));
}

void prelu(NodeContext &c) {
  c.expectInputs(2, 2);
  c.setOutput(0, c.check(c.b().prelu(c.operand(0), c.operand(1), c.label())));
}

void notOp(NodeContext &c) {
  c.expectInputs(1, 1);
  if (HostTensorRef x = c.host(0); foldable(x)) {
    std::vector<int64_t> values = x->ints();
    for (int64_t &v : values)
      v = v == 0;
    c.setHost(0, HostTensor::fromInts(kBool, x->dims, values));
    return;
  }
  c.setOutput(0, c.check(c.b().logicalNot(c.operand(0), c.label())));
}

//===----------------------------------------------------------------------===//
// Reductions, arg-min/max, cumulative sum
//===----------------------------------------------------------------------===//

using ReduceMethod = Expected<Operand> (GraphBuilder::*)(Operand,
                                                         const ReduceOptions &);

/// Axes come as an attribute until the op's opset moved them to an input
/// (ReduceSum at 13, the others at 18).
void reduce(NodeContext &c, ReduceMethod method, int64_t axesInputSince) {
  c.expectInputs(1, 2);
  size_t rank = c.shape(0).size();
  ReduceOptions options;
  static_cast<OperatorOptions &>(options) = c.label();
  options.keepDimensions = c.intAttr("keepdims", 1) != 0;
  std::optional<std::vector<int64_t>> axes;
  if (c.opsetVersion() >= axesInputSince) {
    if (c.hasInput(1))
      axes = c.hostInts(1, "axes");
  } else {
    axes = c.intsAttr("axes");
  }
  if (axes && axes->empty())
    axes.reset();
  if (!axes && c.intAttr("noop_with_empty_axes", 0)) {
    c.setOutput(0, c.check(c.b().identity(c.operand(0), c.label())));
    return;
  }
  if (axes)
    options.axes = c.axes(*axes, rank, "axes");
  c.setOutput(0, c.check((c.b().*method)(c.operand(0), options)));
}

void argMinMax(NodeContext &c, bool isMax) {
  c.expectInputs(1, 1);
  c.requireAttr("select_last_index", 0, 0);
  ArgMinMaxOptions options;
  static_cast<OperatorOptions &>(options) = c.label();
  options.keepDimensions = c.intAttr("keepdims", 1) != 0;
  options.outputDataType = DataType::Int64;
  uint32_t axis = c.axis(c.intAttr("axis", 0), c.shape(0).size(), "axis");
  Operand x = c.operand(0);
  c.setOutput(0, c.check(isMax ? c.b().argMax(x, axis, options)
                               : c.b().argMin(x, axis, options)));
}

void cumSum(NodeContext &c) {
  c.expectInputs(2, 2);
  std::vector<int64_t> axis = c.hostInts(1, "axis");
  if (axis.size() != 1)
    c.fail("axis must be a scalar");
  CumulativeSumOptions options;
  static_cast<OperatorOptions &>(options) = c.label();
  options.exclusive = c.intAttr("exclusive", 0) != 0;
  options.reversed = c.intAttr("reverse", 0) != 0;
  c.setOutput(0, c.check(c.b().cumulativeSum(
                     c.operand(0), c.axis(axis[0], c.shape(0).size(), "axis"),
                     options)));
}

//===----------------------------------------------------------------------===//
// Matrix products
//===----------------------------------------------------------------------===//

void gemm(NodeContext &c) {
  c.expectInputs(2, 3);
  GemmOptions options;
  static_cast<OperatorOptions &>(options) = c.label();
  options.alpha = c.floatAttr("alpha", 1.0f);
  options.beta = c.floatAttr("beta", 1.0f);
  options.aTranspose = c.intAttr("transA", 0) != 0;
  options.bTranspose = c.intAttr("transB", 0) != 0;
  if (c.hasInput(2))
    options.c = c.operand(2);
  c.setOutput(0, c.check(c.b().gemm(c.operand(0), c.operand(1), options)));
}

/// numpy matmul: 1-D operands gain a dimension that the result then loses.
void matMul(NodeContext &c) {
  c.expectInputs(2, 2);
  std::vector<int64_t> sa = c.shape(0), sb = c.shape(1);
  if (sa.empty() || sb.empty())
    c.fail("inputs must have rank 1 or more");
  Operand a = c.operand(0), b = c.operand(1);
  auto toU32 = [](const std::vector<int64_t> &v) {
    return std::vector<uint32_t>(v.begin(), v.end());
  };
  if (sa.size() == 1)
    a = c.check(c.b().reshape(a, {1, uint32_t(sa[0])}, c.label("a")));
  if (sb.size() == 1)
    b = c.check(c.b().reshape(b, {uint32_t(sb[0]), 1}, c.label("b")));
  Operand product = c.check(c.b().matmul(a, b, c.label()));
  if (sa.size() == 1 || sb.size() == 1) {
    Expected<OperandDescriptor> desc = c.b().descriptor(product);
    std::vector<int64_t> shape = desc->shape;
    if (sb.size() == 1)
      shape.erase(shape.end() - 1);
    if (sa.size() == 1)
      shape.erase(shape.end() - (sb.size() == 1 ? 1 : 2));
    product = c.check(c.b().reshape(product, toU32(shape), c.label("result")));
  }
  c.setOutput(0, product);
}

//===----------------------------------------------------------------------===//
// Quantization
//===----------------------------------------------------------------------===//

/// Scale and zero point as WebNN wants them: the input's rank, with 1s
/// where they broadcast (per-tensor), the axis's size (per-axis), or the
/// number of blocks along the axis (blocked).
Operand quantizationParameter(NodeContext &c, Operand value, size_t rank,
                              int64_t axis, const char *what) {
  Expected<OperandDescriptor> desc = c.b().descriptor(value);
  std::vector<int64_t> shape = desc->shape;
  if (shape.size() == rank)
    return value;
  std::vector<uint32_t> target(rank, 1);
  if (shape.size() == 1 && shape[0] != 1)
    target[c.axis(axis, rank, "axis")] = uint32_t(shape[0]);
  else if (!(shape.empty() || (shape.size() == 1 && shape[0] == 1)))
    c.fail(std::string(what) + " must be a scalar, 1-D or of the input's rank");
  return c.check(c.b().reshape(value, target, c.label(what)));
}

void quantize(NodeContext &c, bool isQuantize) {
  c.expectInputs(2, 3);
  std::vector<int64_t> shape = c.shape(0);
  int64_t axis = c.intAttr("axis", 1);
  if (c.intAttr("block_size", 0) != 0 && c.shape(1).size() != shape.size())
    c.fail("a blocked scale must have the input's rank");
  Operand scale =
      quantizationParameter(c, c.operand(1), shape.size(), axis, "scale");
  Operand zeroPoint;
  if (c.hasInput(2)) {
    zeroPoint =
        quantizationParameter(c, c.operand(2), shape.size(), axis, "zeroPoint");
  } else {
    // Zeros of the quantized type: output_dtype (opset 21) or uint8 when
    // quantizing, the input's type when dequantizing.
    int32_t type =
        isQuantize ? int32_t(c.intAttr("output_dtype", kUint8)) : c.type(0);
    if (type == kUndefined)
      type = kUint8;
    Expected<OperandDescriptor> desc = c.b().descriptor(scale);
    int64_t count = 1;
    for (int64_t d : desc->shape)
      count *= d;
    zeroPoint = c.materialize(
        HostTensor::fromInts(type, desc->shape, std::vector<int64_t>(count)),
        c.label("zeroPoint").label);
  }
  Operand x = c.operand(0);
  c.setOutput(
      0, c.check(isQuantize
                     ? c.b().quantizeLinear(x, scale, zeroPoint, c.label())
                     : c.b().dequantizeLinear(x, scale, zeroPoint, c.label())));
}

void trilu(NodeContext &c) {
  c.expectInputs(1, 2);
  TriangularOptions options;
  static_cast<OperatorOptions &>(options) = c.label();
  options.upper = c.intAttr("upper", 1) != 0;
  if (c.hasInput(1)) {
    std::vector<int64_t> k = c.hostInts(1, "k");
    if (k.size() != 1)
      c.fail("k must be a scalar");
    options.diagonal = int32_t(c.bounded(k[0], -(int64_t(1) << 31) + 1, "k"));
  }
  c.setOutput(0, c.check(c.b().triangular(c.operand(0), options)));
}

} // namespace

void addMathHandlers(std::unordered_map<std::string, Handler> &t) {
  // Binary element-wise ops, folded on small host tensors.
#define WNN_BINARY(NAME, METHOD, KIND)                                         \
  t[NAME] = [](NodeContext &c) {                                               \
    binary(c, &GraphBuilder::METHOD, BinaryKind::KIND);                        \
  };
  WNN_BINARY("Add", add, Add)
  WNN_BINARY("Sub", sub, Sub)
  WNN_BINARY("Mul", mul, Mul)
  WNN_BINARY("Div", div, Div)
  WNN_BINARY("Pow", pow, Pow)
  WNN_BINARY("Equal", equal, Equal)
  WNN_BINARY("Greater", greater, Greater)
  WNN_BINARY("GreaterOrEqual", greaterOrEqual, GreaterOrEqual)
  WNN_BINARY("Less", lesser, Less)
  WNN_BINARY("LessOrEqual", lesserOrEqual, LessOrEqual)
  WNN_BINARY("And", logicalAnd, And)
  WNN_BINARY("Or", logicalOr, Or)
  WNN_BINARY("Xor", logicalXor, Xor)
#undef WNN_BINARY
  t["Min"] = [](NodeContext &c) {
    variadic(c, &GraphBuilder::min, BinaryKind::Min, false);
  };
  t["Max"] = [](NodeContext &c) {
    variadic(c, &GraphBuilder::max, BinaryKind::Max, false);
  };
  t["Sum"] = [](NodeContext &c) {
    variadic(c, &GraphBuilder::add, BinaryKind::Add, false);
  };
  t["Mean"] = [](NodeContext &c) {
    variadic(c, &GraphBuilder::add, BinaryKind::Add, true);
  };

#define WNN_UNARY(NAME, METHOD)                                                \
  t[NAME] = [](NodeContext &c) { unary(c, &GraphBuilder::METHOD); };
  WNN_UNARY("Abs", abs)
  WNN_UNARY("Ceil", ceil)
  WNN_UNARY("Cos", cos)
  WNN_UNARY("Erf", erf)
  WNN_UNARY("Exp", exp)
  WNN_UNARY("Floor", floor)
  WNN_UNARY("Log", log)
  WNN_UNARY("Neg", neg)
  WNN_UNARY("Reciprocal", reciprocal)
  WNN_UNARY("Sin", sin)
  WNN_UNARY("Sqrt", sqrt)
  WNN_UNARY("Tan", tan)
  WNN_UNARY("Sign", sign)
  WNN_UNARY("Round", roundEven)
  WNN_UNARY("IsNaN", isNaN)
  WNN_UNARY("Relu", relu)
  WNN_UNARY("Sigmoid", sigmoid)
  WNN_UNARY("Tanh", tanh)
  WNN_UNARY("HardSwish", hardSwish)
  WNN_UNARY("Softplus", softplus)
  WNN_UNARY("Softsign", softsign)
#undef WNN_UNARY
  t["Not"] = notOp;
  t["Clip"] = clip;
  t["Gelu"] = gelu;
  t["LeakyRelu"] = leakyRelu;
  t["Elu"] = elu;
  t["HardSigmoid"] = hardSigmoid;
  t["PRelu"] = prelu;

  t["ReduceSum"] = [](NodeContext &c) {
    reduce(c, &GraphBuilder::reduceSum, 13);
  };
#define WNN_REDUCE(NAME, METHOD)                                               \
  t[NAME] = [](NodeContext &c) { reduce(c, &GraphBuilder::METHOD, 18); };
  WNN_REDUCE("ReduceMean", reduceMean)
  WNN_REDUCE("ReduceMax", reduceMax)
  WNN_REDUCE("ReduceMin", reduceMin)
  WNN_REDUCE("ReduceProd", reduceProduct)
  WNN_REDUCE("ReduceL1", reduceL1)
  WNN_REDUCE("ReduceL2", reduceL2)
  WNN_REDUCE("ReduceLogSum", reduceLogSum)
  WNN_REDUCE("ReduceLogSumExp", reduceLogSumExp)
  WNN_REDUCE("ReduceSumSquare", reduceSumSquare)
#undef WNN_REDUCE
  t["ArgMax"] = [](NodeContext &c) { argMinMax(c, true); };
  t["ArgMin"] = [](NodeContext &c) { argMinMax(c, false); };
  t["CumSum"] = cumSum;

  t["Gemm"] = gemm;
  t["MatMul"] = matMul;
  t["QuantizeLinear"] = [](NodeContext &c) { quantize(c, true); };
  t["DequantizeLinear"] = [](NodeContext &c) { quantize(c, false); };
  t["Trilu"] = trilu;
}

} // namespace onnx_import
} // namespace wnn
