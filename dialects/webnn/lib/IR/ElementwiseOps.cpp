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

static LogicalResult inferBinary(Loc loc, Value a, Value b, unsigned allowed,
                                 SmallVectorImpl<Type> &types,
                                 StringRef aName = "a", StringRef bName = "b") {
  if (failed(checkType(loc, a, aName, allowed)) ||
      failed(checkSameType(loc, b, a, bName, aName)))
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

#define WEBNN_BINARY_INFER(OP, ALLOWED)                                        \
  LogicalResult OP::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,  \
                                     SmallVectorImpl<Type> &types) {           \
    return inferBinary(loc, adaptor.getA(), adaptor.getB(), ALLOWED, types);   \
  }
WEBNN_BINARY_INFER(AddOp, kAnyType)
WEBNN_BINARY_INFER(SubOp, kAnyType)
WEBNN_BINARY_INFER(MulOp, kAnyType)
WEBNN_BINARY_INFER(DivOp, kAnyType)
WEBNN_BINARY_INFER(MaxOp, kAnyType)
WEBNN_BINARY_INFER(MinOp, kAnyType)
WEBNN_BINARY_INFER(PowOp, kAnyType)
#undef WEBNN_BINARY_INFER

//===----------------------------------------------------------------------===//
// Comparisons and logical ops
//===----------------------------------------------------------------------===//

/// uint8 tensor of `shape`: the result type of comparisons and predicates.
static RankedTensorType uint8Tensor(ArrayRef<int64_t> shape, Type like) {
  return RankedTensorType::get(
      shape, IntegerType::get(like.getContext(), 8, IntegerType::Unsigned));
}

static LogicalResult inferCompare(Loc loc, Value a, Value b, unsigned allowed,
                                  SmallVectorImpl<Type> &types) {
  SmallVector<Type, 1> broadcast;
  if (failed(inferBinary(loc, a, b, allowed, broadcast)))
    return failure();
  types.push_back(uint8Tensor(cast<RankedTensorType>(broadcast[0]).getShape(),
                              a.getType()));
  return success();
}

/// Whether `value`'s element type is uint8, the type of logical operands.
static LogicalResult checkUint8(Loc loc, Value value, StringRef operand) {
  Type element = tensorType(value).getElementType();
  if (element.isUnsignedInteger(8))
    return success();
  return fail(loc,
              operand + ": data type " + typeName(element) + " is not uint8");
}

#define WEBNN_COMPARE_INFER(OP)                                                \
  LogicalResult OP::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,  \
                                     SmallVectorImpl<Type> &types) {           \
    return inferCompare(loc, adaptor.getA(), adaptor.getB(), kAnyType, types); \
  }
WEBNN_COMPARE_INFER(EqualOp)
WEBNN_COMPARE_INFER(NotEqualOp)
WEBNN_COMPARE_INFER(GreaterOp)
WEBNN_COMPARE_INFER(GreaterOrEqualOp)
WEBNN_COMPARE_INFER(LesserOp)
WEBNN_COMPARE_INFER(LesserOrEqualOp)
#undef WEBNN_COMPARE_INFER

#define WEBNN_LOGICAL_INFER(OP)                                                \
  LogicalResult OP::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,  \
                                     SmallVectorImpl<Type> &types) {           \
    if (failed(checkUint8(loc, adaptor.getA(), "a")))                          \
      return failure();                                                        \
    return inferCompare(loc, adaptor.getA(), adaptor.getB(), kUnsignedInt,     \
                        types);                                                \
  }
WEBNN_LOGICAL_INFER(LogicalAndOp)
WEBNN_LOGICAL_INFER(LogicalOrOp)
WEBNN_LOGICAL_INFER(LogicalXorOp)
#undef WEBNN_LOGICAL_INFER

LogicalResult LogicalNotOp::inferReturnTypes(MLIRContext *, Loc loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &types) {
  if (failed(checkUint8(loc, adaptor.getInput(), "input")))
    return failure();
  types.push_back(adaptor.getInput().getType());
  return success();
}

#define WEBNN_FLOAT_PREDICATE_INFER(OP)                                        \
  LogicalResult OP::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,  \
                                     SmallVectorImpl<Type> &types) {           \
    Value input = adaptor.getInput();                                          \
    if (failed(checkType(loc, input, "input", kFloat)))                        \
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
  if (failed(checkUint8(loc, condition, "condition")))
    return failure();
  SmallVector<Type, 1> values;
  if (failed(inferBinary(loc, trueValue, falseValue, kAnyType, values,
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

static LogicalResult inferUnary(Loc loc, Value input, unsigned allowed,
                                SmallVectorImpl<Type> &types) {
  if (failed(checkType(loc, input, "input", allowed)))
    return failure();
  types.push_back(input.getType());
  return success();
}

#define WEBNN_UNARY_INFER(OP, ALLOWED)                                         \
  LogicalResult OP::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,  \
                                     SmallVectorImpl<Type> &types) {           \
    return inferUnary(loc, adaptor.getInput(), ALLOWED, types);                \
  }
WEBNN_UNARY_INFER(AbsOp, kFloat | kSignedInt)
WEBNN_UNARY_INFER(CeilOp, kFloat)
WEBNN_UNARY_INFER(CosOp, kFloat)
WEBNN_UNARY_INFER(ErfOp, kFloat)
WEBNN_UNARY_INFER(ExpOp, kFloat)
WEBNN_UNARY_INFER(FloorOp, kFloat)
WEBNN_UNARY_INFER(IdentityOp, kAnyType)
WEBNN_UNARY_INFER(LogOp, kFloat)
WEBNN_UNARY_INFER(NegOp, kFloat | kSignedInt)
WEBNN_UNARY_INFER(ReciprocalOp, kFloat)
WEBNN_UNARY_INFER(SinOp, kFloat)
WEBNN_UNARY_INFER(SqrtOp, kFloat)
WEBNN_UNARY_INFER(TanOp, kFloat)
WEBNN_UNARY_INFER(ReluOp, kFloat | kSignedInt)
WEBNN_UNARY_INFER(SigmoidOp, kFloat)
WEBNN_UNARY_INFER(TanhOp, kFloat)
WEBNN_UNARY_INFER(GeluOp, kFloat)
WEBNN_UNARY_INFER(HardSwishOp, kFloat)
WEBNN_UNARY_INFER(SoftplusOp, kFloat)
WEBNN_UNARY_INFER(SoftsignOp, kFloat)
WEBNN_UNARY_INFER(SignOp, kFloat | kSignedInt)
WEBNN_UNARY_INFER(RoundEvenOp, kFloat)
WEBNN_UNARY_INFER(LeakyReluOp, kFloat)
WEBNN_UNARY_INFER(EluOp, kFloat)
WEBNN_UNARY_INFER(HardSigmoidOp, kFloat)
WEBNN_UNARY_INFER(LinearOp, kFloat)
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
  return inferUnary(loc, adaptor.getInput(), kAnyType, types);
}

LogicalResult SoftmaxOp::inferReturnTypes(MLIRContext *, Loc loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  int64_t rank = tensorType(adaptor.getInput()).getRank();
  int64_t axis = adaptor.getAxis();
  if (failed(checkAxis(loc, axis, rank)))
    return failure();
  return inferUnary(loc, adaptor.getInput(), kFloat, types);
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
  if (failed(checkType(loc, adaptor.getInput(), "input", kAnyType)))
    return failure();
  types.push_back(tensorType(adaptor.getInput()).clone(target));
  return success();
}

LogicalResult PreluOp::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  Value input = adaptor.getInput(), slope = adaptor.getSlope();
  if (failed(checkType(loc, input, "input", kFloat | kSignedInt)) ||
      failed(checkSameType(loc, slope, input, "slope", "input")))
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

/// The checks quantizeLinear and dequantizeLinear share: zeroPoint has
/// scale's shape, and scale's shape divides the input's trailing axes.
static LogicalResult checkQuantizationParameters(Loc loc, Value input,
                                                 Value scale, Value zeroPoint) {
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

/// int4, uint4, int8, uint8 or int32.
static bool isQuantizedType(Type type) {
  auto integer = dyn_cast<IntegerType>(type);
  if (!integer || integer.isSigned())
    return false;
  unsigned width = integer.getWidth();
  return width == 4 || width == 8 || (width == 32 && !integer.isUnsigned());
}

LogicalResult QuantizeLinearOp::inferReturnTypes(MLIRContext *, Loc loc,
                                                 Adaptor adaptor,
                                                 SmallVectorImpl<Type> &types) {
  Value input = adaptor.getInput(), zeroPoint = adaptor.getZeroPoint();
  if (failed(checkType(loc, input, "input", kFloat)) ||
      failed(checkSameType(loc, adaptor.getScale(), input, "scale", "input")))
    return failure();
  Type zeroType = tensorType(zeroPoint).getElementType();
  if (!isQuantizedType(zeroType))
    return fail(loc, "zeroPoint: data type " + typeName(zeroType) +
                         " is not int4, uint4, int8, uint8 or int32");
  if (failed(checkQuantizationParameters(loc, input, adaptor.getScale(),
                                         zeroPoint)))
    return failure();
  types.push_back(tensorType(input).clone(zeroType));
  return success();
}

LogicalResult
DequantizeLinearOp::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,
                                     SmallVectorImpl<Type> &types) {
  Value input = adaptor.getInput(), scale = adaptor.getScale();
  Type inType = tensorType(input).getElementType();
  if (!isQuantizedType(inType))
    return fail(loc, "input: data type " + typeName(inType) +
                         " is not int4, uint4, int8, uint8 or int32");
  if (failed(checkSameType(loc, adaptor.getZeroPoint(), input, "zeroPoint",
                           "input")) ||
      failed(checkType(loc, scale, "scale", kFloat)) ||
      failed(checkQuantizationParameters(loc, input, scale,
                                         adaptor.getZeroPoint())))
    return failure();
  types.push_back(tensorType(input).clone(tensorType(scale).getElementType()));
  return success();
}
