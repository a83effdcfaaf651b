//===- NormalizationOps.cpp - batch, instance and layer normalization -----===//

#include "InferenceUtils.h"

using namespace mlir;
using namespace wnn::webnn;
using namespace wnn::webnn::detail;

/// Checks the optional 1-D parameters `scale` and `bias` of `size` elements
/// and the input's type.
static LogicalResult checkScaleAndBias(Loc loc, StringRef op, Value scale,
                                       Value bias, int64_t size, Value input) {
  for (auto [name, value] :
       {std::pair<StringRef, Value>{"scale", scale}, {"bias", bias}})
    if (value && (failed(check1D(loc, value, name, size, input)) ||
                  failed(checkOperand(loc, op, name, value))))
      return failure();
  return success();
}

LogicalResult
BatchNormalizationOp::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  constexpr StringRef op = "batchNormalization";
  Value input = adaptor.getInput();
  if (failed(checkOperand(loc, op, "input", input)))
    return failure();
  auto type = tensorType(input);
  int64_t axis = adaptor.getAxis();
  if (failed(checkAxis(loc, axis, type.getRank())))
    return failure();
  int64_t size = type.getDimSize(axis);
  Value mean = adaptor.getMean(), variance = adaptor.getVariance();
  if (failed(check1D(loc, mean, "mean", size, input)) ||
      failed(checkOperand(loc, op, "mean", mean)) ||
      failed(check1D(loc, variance, "variance", size, input)) ||
      failed(checkOperand(loc, op, "variance", variance)) ||
      failed(checkScaleAndBias(loc, op, adaptor.getScale(), adaptor.getBias(),
                               size, input)))
    return failure();
  types.push_back(type);
  return success();
}

LogicalResult InstanceNormalizationOp::inferReturnTypes(
    MLIRContext *, Loc loc, Adaptor adaptor, SmallVectorImpl<Type> &types) {
  constexpr StringRef op = "instanceNormalization";
  Value input = adaptor.getInput();
  if (failed(checkOperand(loc, op, "input", input)))
    return failure();
  StringRef layout = adaptor.getLayout();
  if (layout != "nchw" && layout != "nhwc")
    return fail(loc, "layout: '" + layout + "' is not 'nchw' or 'nhwc'");
  int64_t channels = tensorType(input).getDimSize(layout == "nchw" ? 1 : 3);
  if (failed(checkScaleAndBias(loc, op, adaptor.getScale(), adaptor.getBias(),
                               channels, input)))
    return failure();
  types.push_back(input.getType());
  return success();
}

LogicalResult
LayerNormalizationOp::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  Value input = adaptor.getInput();
  if (failed(checkOperand(loc, "layerNormalization", "input", input)))
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
    if (failed(checkSameType(loc, value, input, name, "input")) ||
        failed(checkOperand(loc, "layerNormalization", name, value)))
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
