//===- ElementwiseOps.cpp - Element-wise ops and activations --------------===//

#include "InferenceUtils.h"

#include <cmath>

using namespace mlir;
using namespace wnn::webnn;
using namespace wnn::webnn::detail;

//===----------------------------------------------------------------------===//
// constant
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::inferReturnTypes(MLIRContext *, Loc loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  auto type = dyn_cast<RankedTensorType>(adaptor.getValue().getType());
  if (!type || !type.hasStaticShape())
    return fail(loc, "value: expected a statically shaped tensor");
  types.push_back(type);
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

//===----------------------------------------------------------------------===//
// Binary ops
//===----------------------------------------------------------------------===//

static LogicalResult inferBinary(Loc loc, StringRef op, Value a, Value b,
                                 SmallVectorImpl<Type> &types,
                                 StringRef aName = "a", StringRef bName = "b") {
  if (failed(checkOperand(loc, op, aName, a)) ||
      failed(checkSameType(loc, b, a, bName, aName)) ||
      failed(checkOperand(loc, op, bName, b)))
    return failure();
  auto aType = tensorType(a), bType = tensorType(b);
  auto shape = broadcastShapes(aType.getShape(), bType.getShape());
  if (!shape)
    return fail(loc, bName + ": shape " + shapeString(bType.getShape()) +
                         " cannot be broadcast with " + aName + "'s shape " +
                         shapeString(aType.getShape()));
  types.push_back(RankedTensorType::get(*shape, aType.getElementType()));
  return success();
}

#define WEBNN_BINARY_INFER(OP)                                                 \
  LogicalResult OP::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,  \
                                     SmallVectorImpl<Type> &types) {           \
    return inferBinary(loc, specName<OP>(), adaptor.getA(), adaptor.getB(),    \
                       types);                                                 \
  }
WEBNN_BINARY_INFER(AddOp)
WEBNN_BINARY_INFER(SubOp)
WEBNN_BINARY_INFER(MulOp)
WEBNN_BINARY_INFER(DivOp)
WEBNN_BINARY_INFER(MaxOp)
WEBNN_BINARY_INFER(MinOp)
WEBNN_BINARY_INFER(PowOp)
#undef WEBNN_BINARY_INFER

//===----------------------------------------------------------------------===//
// Comparisons and logical ops
//===----------------------------------------------------------------------===//

/// uint8 tensor of `shape`: the result type of comparisons and predicates.
static RankedTensorType uint8Tensor(ArrayRef<int64_t> shape, Type like) {
  return RankedTensorType::get(
      shape, IntegerType::get(like.getContext(), 8, IntegerType::Unsigned));
}

static LogicalResult inferCompare(Loc loc, StringRef op, Value a, Value b,
                                  SmallVectorImpl<Type> &types) {
  SmallVector<Type, 1> broadcast;
  if (failed(inferBinary(loc, op, a, b, broadcast)))
    return failure();
  types.push_back(uint8Tensor(cast<RankedTensorType>(broadcast[0]).getShape(),
                              a.getType()));
  return success();
}

#define WEBNN_COMPARE_INFER(OP)                                                \
  LogicalResult OP::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,  \
                                     SmallVectorImpl<Type> &types) {           \
    return inferCompare(loc, specName<OP>(), adaptor.getA(), adaptor.getB(),   \
                        types);                                                \
  }
WEBNN_COMPARE_INFER(EqualOp)
WEBNN_COMPARE_INFER(NotEqualOp)
WEBNN_COMPARE_INFER(GreaterOp)
WEBNN_COMPARE_INFER(GreaterOrEqualOp)
WEBNN_COMPARE_INFER(LesserOp)
WEBNN_COMPARE_INFER(LesserOrEqualOp)

WEBNN_COMPARE_INFER(LogicalAndOp)
WEBNN_COMPARE_INFER(LogicalOrOp)
WEBNN_COMPARE_INFER(LogicalXorOp)
#undef WEBNN_COMPARE_INFER

LogicalResult LogicalNotOp::inferReturnTypes(MLIRContext *, Loc loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &types) {
  if (failed(checkOperand(loc, "logicalNot", "a", adaptor.getInput())))
    return failure();
  types.push_back(adaptor.getInput().getType());
  return success();
}

#define WEBNN_FLOAT_PREDICATE_INFER(OP)                                        \
  LogicalResult OP::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,  \
                                     SmallVectorImpl<Type> &types) {           \
    Value input = adaptor.getInput();                                          \
    if (failed(checkOperand(loc, specName<OP>(), "input", input)))             \
      return failure();                                                        \
    types.push_back(                                                           \
        uint8Tensor(tensorType(input).getShape(), input.getType()));           \
    return success();                                                          \
  }
WEBNN_FLOAT_PREDICATE_INFER(IsNaNOp)
WEBNN_FLOAT_PREDICATE_INFER(IsInfiniteOp)
#undef WEBNN_FLOAT_PREDICATE_INFER

LogicalResult WhereOp::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  Value condition = adaptor.getCondition();
  Value trueValue = adaptor.getTrueValue();
  Value falseValue = adaptor.getFalseValue();
  if (failed(checkOperand(loc, "where", "condition", condition)))
    return failure();
  SmallVector<Type, 1> values;
  if (failed(inferBinary(loc, "where", trueValue, falseValue, values,
                         "trueValue", "falseValue")))
    return failure();
  auto valuesShape = cast<RankedTensorType>(values[0]).getShape();
  auto conditionShape = tensorType(condition).getShape();
  auto shape = broadcastShapes(conditionShape, valuesShape);
  if (!shape)
    return fail(loc, "condition: shape " + shapeString(conditionShape) +
                         " cannot be broadcast with the values' shape " +
                         shapeString(valuesShape));
  types.push_back(
      RankedTensorType::get(*shape, tensorType(trueValue).getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Unary ops
//===----------------------------------------------------------------------===//

static LogicalResult inferUnary(Loc loc, StringRef op, Value input,
                                SmallVectorImpl<Type> &types) {
  if (failed(checkOperand(loc, op, "input", input)))
    return failure();
  types.push_back(input.getType());
  return success();
}

#define WEBNN_UNARY_INFER(OP)                                                  \
  LogicalResult OP::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,  \
                                     SmallVectorImpl<Type> &types) {           \
    return inferUnary(loc, specName<OP>(), adaptor.getInput(), types);         \
  }
WEBNN_UNARY_INFER(AbsOp)
WEBNN_UNARY_INFER(CeilOp)
WEBNN_UNARY_INFER(CosOp)
WEBNN_UNARY_INFER(ErfOp)
WEBNN_UNARY_INFER(ExpOp)
WEBNN_UNARY_INFER(FloorOp)
WEBNN_UNARY_INFER(IdentityOp)
WEBNN_UNARY_INFER(LogOp)
WEBNN_UNARY_INFER(NegOp)
WEBNN_UNARY_INFER(ReciprocalOp)
WEBNN_UNARY_INFER(SinOp)
WEBNN_UNARY_INFER(SqrtOp)
WEBNN_UNARY_INFER(TanOp)
WEBNN_UNARY_INFER(ReluOp)
WEBNN_UNARY_INFER(SigmoidOp)
WEBNN_UNARY_INFER(TanhOp)
WEBNN_UNARY_INFER(GeluOp)
WEBNN_UNARY_INFER(HardSwishOp)
WEBNN_UNARY_INFER(SoftplusOp)
WEBNN_UNARY_INFER(SoftsignOp)
WEBNN_UNARY_INFER(SignOp)
WEBNN_UNARY_INFER(RoundEvenOp)
WEBNN_UNARY_INFER(LeakyReluOp)
WEBNN_UNARY_INFER(EluOp)
WEBNN_UNARY_INFER(HardSigmoidOp)
WEBNN_UNARY_INFER(LinearOp)
#undef WEBNN_UNARY_INFER

LogicalResult ClampOp::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  double lo = adaptor.getMinValue().convertToDouble();
  double hi = adaptor.getMaxValue().convertToDouble();
  if (std::isnan(lo) || std::isnan(hi))
    return fail(loc, "options: minValue and maxValue must not be NaN");
  if (lo > hi)
    return fail(loc, "options: minValue " + std::to_string(lo) +
                         " is greater than maxValue " + std::to_string(hi));
  return inferUnary(loc, "clamp", adaptor.getInput(), types);
}

LogicalResult SoftmaxOp::inferReturnTypes(MLIRContext *, Loc loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  Value input = adaptor.getInput();
  if (failed(checkOperand(loc, "softmax", "input", input)) ||
      failed(checkAxis(loc, adaptor.getAxis(), tensorType(input).getRank())))
    return failure();
  types.push_back(input.getType());
  return success();
}

LogicalResult CastOp::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  Type target = adaptor.getDataType();
  auto intType = dyn_cast<IntegerType>(target);
  bool valid = target.isF32() || target.isF16() ||
               (intType && !intType.isSigned() &&
                (intType.getWidth() == 4 || intType.getWidth() == 8 ||
                 intType.getWidth() == 32 || intType.getWidth() == 64));
  if (!valid)
    return fail(loc, "type: " + typeName(target) + " is not a WebNN data type");
  if (failed(checkOperand(loc, "cast", "input", adaptor.getInput())))
    return failure();
  types.push_back(tensorType(adaptor.getInput()).clone(target));
  return success();
}

LogicalResult PreluOp::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  Value input = adaptor.getInput(), slope = adaptor.getSlope();
  if (failed(checkOperand(loc, "prelu", "input", input)) ||
      failed(checkSameType(loc, slope, input, "slope", "input")) ||
      failed(checkOperand(loc, "prelu", "slope", slope)))
    return failure();
  auto inputShape = tensorType(input).getShape();
  auto slopeShape = tensorType(slope).getShape();
  if (!broadcastsTo(slopeShape, inputShape))
    return fail(loc, "slope: shape " + shapeString(slopeShape) +
                         " cannot be broadcast to the input's shape " +
                         shapeString(inputShape));
  types.push_back(input.getType());
  return success();
}

/// The checks quantizeLinear and dequantizeLinear share: the operands
/// against the table, `tied` ("scale" or "zeroPoint") of the input's type,
/// zeroPoint of scale's shape, and scale's shape dividing the input's
/// trailing axes.
static LogicalResult checkQuantization(Loc loc, StringRef op, Value input,
                                       Value scale, Value zeroPoint,
                                       StringRef tied) {
  if (failed(checkOperand(loc, op, "input", input)))
    return failure();
  for (auto [name, value] :
       {std::pair<StringRef, Value>{"scale", scale}, {"zeroPoint", zeroPoint}})
    if ((name == tied &&
         failed(checkSameType(loc, value, input, name, "input"))) ||
        failed(checkOperand(loc, op, name, value)))
      return failure();
  ArrayRef<int64_t> inShape = tensorType(input).getShape();
  ArrayRef<int64_t> scaleShape = tensorType(scale).getShape();
  if (failed(checkShape(loc, zeroPoint, "zeroPoint", scaleShape)))
    return failure();
  if (scaleShape.size() > inShape.size())
    return fail(loc, "scale: rank " + Twine(scaleShape.size()) +
                         " is greater than the input's rank " +
                         Twine(inShape.size()));
  size_t offset = inShape.size() - scaleShape.size();
  for (size_t i = 0; i < scaleShape.size(); ++i)
    if (inShape[offset + i] % scaleShape[i] != 0)
      return fail(loc, "scale: shape " + shapeString(scaleShape) +
                           " does not divide the input's " +
                           shapeString(inShape) + " into blocks");
  return success();
}

LogicalResult QuantizeLinearOp::inferReturnTypes(MLIRContext *, Loc loc,
                                                 Adaptor adaptor,
                                                 SmallVectorImpl<Type> &types) {
  Value input = adaptor.getInput(), zeroPoint = adaptor.getZeroPoint();
  if (failed(checkQuantization(loc, "quantizeLinear", input, adaptor.getScale(),
                               zeroPoint, "scale")))
    return failure();
  types.push_back(
      tensorType(input).clone(tensorType(zeroPoint).getElementType()));
  return success();
}

LogicalResult
DequantizeLinearOp::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,
                                     SmallVectorImpl<Type> &types) {
  Value input = adaptor.getInput(), scale = adaptor.getScale();
  if (failed(checkQuantization(loc, "dequantizeLinear", input, scale,
                               adaptor.getZeroPoint(), "zeroPoint")))
    return failure();
  types.push_back(tensorType(input).clone(tensorType(scale).getElementType()));
  return success();
}
