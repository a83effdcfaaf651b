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
                                 SmallVectorImpl<Type> &types) {
  if (failed(checkType(loc, a, "a", allowed)) ||
      failed(checkSameType(loc, b, a, "b", "a")))
    return failure();
  auto aType = tensorType(a), bType = tensorType(b);
  auto shape = broadcastShapes(aType.getShape(), bType.getShape());
  if (!shape)
    return fail(loc, "b: shape " + shapeString(bType.getShape()) +
                         " cannot be broadcast with a's shape " +
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
  if (axis < 0 || axis >= rank)
    return fail(loc, "axis: " + Twine(axis) + " is out of range for rank " +
                         Twine(rank));
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
