//===- NormalizationOps.cpp - batch, instance and layer normalization -----===//

#include "InferenceUtils.h"

using namespace mlir;
using namespace wnn::webnn;
using namespace wnn::webnn::detail;

LogicalResult
BatchNormalizationOp::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  Value input = adaptor.getInput();
  if (failed(checkType(loc, input, "input", kFloat)))
    return failure();
  auto type = tensorType(input);
  int64_t axis = adaptor.getAxis();
  if (failed(checkAxis(loc, axis, type.getRank())))
    return failure();
  int64_t size = type.getDimSize(axis);
  if (failed(check1D(loc, adaptor.getMean(), "mean", size, input)) ||
      failed(check1D(loc, adaptor.getVariance(), "variance", size, input)))
    return failure();
  if (Value scale = adaptor.getScale())
    if (failed(check1D(loc, scale, "scale", size, input)))
      return failure();
  if (Value bias = adaptor.getBias())
    if (failed(check1D(loc, bias, "bias", size, input)))
      return failure();
  types.push_back(type);
  return success();
}

LogicalResult InstanceNormalizationOp::inferReturnTypes(
    MLIRContext *, Loc loc, Adaptor adaptor, SmallVectorImpl<Type> &types) {
  Value input = adaptor.getInput();
  if (failed(checkType(loc, input, "input", kFloat)) ||
      failed(checkRank(loc, input, "input", 4)))
    return failure();
  StringRef layout = adaptor.getLayout();
  if (layout != "nchw" && layout != "nhwc")
    return fail(loc, "layout: '" + layout + "' is not 'nchw' or 'nhwc'");
  int64_t channels = tensorType(input).getDimSize(layout == "nchw" ? 1 : 3);
  if (Value scale = adaptor.getScale())
    if (failed(check1D(loc, scale, "scale", channels, input)))
      return failure();
  if (Value bias = adaptor.getBias())
    if (failed(check1D(loc, bias, "bias", channels, input)))
      return failure();
  types.push_back(input.getType());
  return success();
}

LogicalResult
LayerNormalizationOp::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  Value input = adaptor.getInput();
  if (failed(checkType(loc, input, "input", kFloat)))
    return failure();
  auto type = tensorType(input);
  ArrayRef<int64_t> axes = adaptor.getAxes();
  if (failed(checkAxes(loc, axes, type.getRank(), "axes")))
    return failure();
  SmallVector<int64_t> paramShape;
  for (int64_t axis : axes)
    paramShape.push_back(type.getDimSize(axis));
  for (auto [name, value] :
       {std::pair<StringRef, Value>{"scale", adaptor.getScale()},
        {"bias", adaptor.getBias()}}) {
    if (!value)
      continue;
    if (failed(checkSameType(loc, value, input, name, "input")))
      return failure();
    auto shape = tensorType(value).getShape();
    if (shape != ArrayRef<int64_t>(paramShape))
      return fail(loc, name + ": expected shape " + shapeString(paramShape) +
                           " (the input's dims at axes) but got " +
                           shapeString(shape));
  }
  types.push_back(type);
  return success();
}
