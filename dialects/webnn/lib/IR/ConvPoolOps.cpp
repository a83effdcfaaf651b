//===- ConvPoolOps.cpp - conv2d and pooling
//--------------------------------===//

#include "InferenceUtils.h"

#include <cmath>

using namespace mlir;
using namespace wnn::webnn;
using namespace wnn::webnn::detail;

namespace {
/// Positions of the spatial and channel dims in a 4-D input.
struct InputDims {
  int64_t channel, height, width;
};
} // namespace

static std::optional<InputDims> inputDims(StringRef layout) {
  if (layout == "nchw")
    return InputDims{1, 2, 3};
  if (layout == "nhwc")
    return InputDims{3, 1, 2};
  return std::nullopt;
}

/// Output size of a sliding window, or failure when the window does not fit.
static FailureOr<int64_t> windowOutputSize(Loc loc, int64_t input,
                                           int64_t window, int64_t padBegin,
                                           int64_t padEnd, int64_t stride,
                                           int64_t dilation, bool ceil,
                                           StringRef dimName) {
  int64_t dilated = (window - 1) * dilation + 1;
  int64_t padded = input + padBegin + padEnd;
  if (dilated > padded)
    return fail(loc, Twine("the dilated window (") + Twine(dilated) +
                         ") is larger than the padded input " + dimName + " (" +
                         Twine(padded) + ")");
  int64_t span = padded - dilated;
  return (ceil ? (span + stride - 1) / stride : span / stride) + 1;
}

/// The checks conv2d and convTranspose2d share: the input and the filter of
/// its type against the table, the window options, groups and the input
/// layout. Returns the input's dim positions.
template <typename Adaptor>
static FailureOr<InputDims> checkConvolution(Loc loc, StringRef op,
                                             Adaptor adaptor) {
  Value input = adaptor.getInput(), filter = adaptor.getFilter();
  if (failed(checkOperand(loc, op, "input", input)) ||
      failed(checkSameType(loc, filter, input, "filter", "input")) ||
      failed(checkOperand(loc, op, "filter", filter)) ||
      failed(checkArray(loc, adaptor.getPadding(), 4, 0, "padding")) ||
      failed(checkArray(loc, adaptor.getStrides(), 2, 1, "strides")) ||
      failed(checkArray(loc, adaptor.getDilations(), 2, 1, "dilations")))
    return failure();
  int64_t groups = adaptor.getGroups();
  if (groups < 1)
    return fail(loc, "groups: must be at least 1, got " + Twine(groups));
  auto dims = inputDims(adaptor.getInputLayout());
  if (!dims)
    return fail(loc, "inputLayout: '" + adaptor.getInputLayout() +
                         "' is not 'nchw' or 'nhwc'");
  return *dims;
}

LogicalResult Conv2dOp::inferReturnTypes(MLIRContext *, Loc loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  Value input = adaptor.getInput(), filter = adaptor.getFilter();
  ArrayRef<int64_t> padding = adaptor.getPadding();
  ArrayRef<int64_t> strides = adaptor.getStrides();
  ArrayRef<int64_t> dilations = adaptor.getDilations();
  int64_t groups = adaptor.getGroups();
  auto dims = checkConvolution(loc, "conv2d", adaptor);
  if (failed(dims))
    return failure();
  // Filter dim positions: output channels, input channels, height, width.
  StringRef filterLayout = adaptor.getFilterLayout();
  int64_t fo, fi, fh, fw;
  if (filterLayout == "oihw")
    fo = 0, fi = 1, fh = 2, fw = 3;
  else if (filterLayout == "hwio")
    fh = 0, fw = 1, fi = 2, fo = 3;
  else if (filterLayout == "ohwi")
    fo = 0, fh = 1, fw = 2, fi = 3;
  else if (filterLayout == "ihwo")
    fi = 0, fh = 1, fw = 2, fo = 3;
  else
    return fail(loc, "filterLayout: '" + filterLayout +
                         "' is not 'oihw', 'hwio', 'ohwi' or 'ihwo'");

  auto inShape = tensorType(input).getShape();
  auto fShape = tensorType(filter).getShape();
  int64_t channels = inShape[dims->channel];
  int64_t outChannels = fShape[fo];
  if (channels % groups != 0 || channels / groups != fShape[fi])
    return fail(loc, "filter: input channels (" + Twine(fShape[fi]) +
                         ") times groups (" + Twine(groups) +
                         ") must equal the input's channels (" +
                         Twine(channels) + ")");
  if (outChannels % groups != 0)
    return fail(loc, "filter: output channels (" + Twine(outChannels) +
                         ") are not divisible by groups (" + Twine(groups) +
                         ")");
  if (Value bias = adaptor.getBias())
    if (failed(check1D(loc, bias, "bias", outChannels, input)) ||
        failed(checkOperand(loc, "conv2d", "bias", bias)))
      return failure();

  auto outH =
      windowOutputSize(loc, inShape[dims->height], fShape[fh], padding[0],
                       padding[1], strides[0], dilations[0], false, "height");
  auto outW =
      windowOutputSize(loc, inShape[dims->width], fShape[fw], padding[2],
                       padding[3], strides[1], dilations[1], false, "width");
  if (failed(outH) || failed(outW))
    return failure();
  SmallVector<int64_t> outShape(inShape);
  outShape[dims->channel] = outChannels;
  outShape[dims->height] = *outH;
  outShape[dims->width] = *outW;
  types.push_back(tensorType(input).clone(outShape));
  return success();
}

template <typename Adaptor>
static LogicalResult inferPool2d(Loc loc, StringRef op, Adaptor adaptor,
                                 SmallVectorImpl<Type> &types) {
  Value input = adaptor.getInput();
  if (failed(checkOperand(loc, op, "input", input)))
    return failure();
  auto dims = inputDims(adaptor.getLayout());
  if (!dims)
    return fail(loc, "layout: '" + adaptor.getLayout() +
                         "' is not 'nchw' or 'nhwc'");
  StringRef rounding = adaptor.getRoundingType();
  if (rounding != "floor" && rounding != "ceil")
    return fail(loc,
                "roundingType: '" + rounding + "' is not 'floor' or 'ceil'");
  auto inShape = tensorType(input).getShape();
  SmallVector<int64_t> window{inShape[dims->height], inShape[dims->width]};
  if (auto w = adaptor.getWindowDimensions())
    window.assign(w->begin(), w->end());
  ArrayRef<int64_t> padding = adaptor.getPadding();
  ArrayRef<int64_t> strides = adaptor.getStrides();
  ArrayRef<int64_t> dilations = adaptor.getDilations();
  if (failed(checkArray(loc, window, 2, 1, "windowDimensions")) ||
      failed(checkArray(loc, padding, 4, 0, "padding")) ||
      failed(checkArray(loc, strides, 2, 1, "strides")) ||
      failed(checkArray(loc, dilations, 2, 1, "dilations")))
    return failure();

  int64_t out[2];
  for (int i = 0; i < 2; ++i) {
    int64_t size = inShape[i ? dims->width : dims->height];
    StringRef name = i ? "width" : "height";
    auto floorSize = windowOutputSize(loc, size, window[i], padding[2 * i],
                                      padding[2 * i + 1], strides[i],
                                      dilations[i], false, name);
    auto ceilSize = windowOutputSize(loc, size, window[i], padding[2 * i],
                                     padding[2 * i + 1], strides[i],
                                     dilations[i], true, name);
    if (failed(floorSize) || failed(ceilSize))
      return failure();
    out[i] = rounding == "ceil" ? *ceilSize : *floorSize;
    if (auto sizes = adaptor.getOutputSizes()) {
      if (failed(checkArray(loc, *sizes, 2, 1, "outputSizes")))
        return failure();
      int64_t wanted = (*sizes)[i];
      if (wanted != *floorSize && wanted != *ceilSize)
        return fail(loc, "outputSizes: " + name + " " + Twine(wanted) +
                             " is neither the floor (" + Twine(*floorSize) +
                             ") nor the ceil (" + Twine(*ceilSize) +
                             ") output size");
      out[i] = wanted;
    }
  }
  SmallVector<int64_t> outShape(inShape);
  outShape[dims->height] = out[0];
  outShape[dims->width] = out[1];
  types.push_back(tensorType(input).clone(outShape));
  return success();
}

LogicalResult AveragePool2dOp::inferReturnTypes(MLIRContext *, Loc loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  return inferPool2d(loc, "averagePool2d", adaptor, types);
}

LogicalResult L2Pool2dOp::inferReturnTypes(MLIRContext *, Loc loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  return inferPool2d(loc, "l2Pool2d", adaptor, types);
}

LogicalResult MaxPool2dOp::inferReturnTypes(MLIRContext *, Loc loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  return inferPool2d(loc, "maxPool2d", adaptor, types);
}

LogicalResult Resample2dOp::inferReturnTypes(MLIRContext *, Loc loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &types) {
  Value input = adaptor.getInput();
  if (failed(checkOperand(loc, "resample2d", "input", input)))
    return failure();
  StringRef mode = adaptor.getMode();
  if (mode != "nearest-neighbor" && mode != "linear")
    return fail(loc,
                "mode: '" + mode + "' is not 'nearest-neighbor' or 'linear'");
  ArrayRef<int64_t> axes = adaptor.getAxes();
  if (axes.size() != 2)
    return fail(loc, "axes: expected 2 values but got " + Twine(axes.size()));
  if (failed(checkAxes(loc, axes, 4, "axes")))
    return failure();
  auto type = tensorType(input);
  SmallVector<int64_t> shape(type.getShape());
  if (auto sizes = adaptor.getSizes()) {
    // Sizes, when given, decide the output and scales are ignored.
    if (failed(checkArray(loc, *sizes, 2, 1, "sizes")))
      return failure();
    for (int i = 0; i < 2; ++i) {
      if ((*sizes)[i] > UINT32_MAX)
        return fail(loc,
                    "sizes: value " + Twine((*sizes)[i]) + " is too large");
      shape[axes[i]] = (*sizes)[i];
    }
  } else {
    ArrayRef<double> scales = adaptor.getScales();
    if (scales.size() != 2)
      return fail(loc,
                  "scales: expected 2 values but got " + Twine(scales.size()));
    for (int i = 0; i < 2; ++i) {
      double scale = scales[i];
      if (!(scale > 0) || !std::isfinite(scale))
        return fail(loc, "scales: value " + std::to_string(scale) +
                             " is not a positive finite number");
      double size = std::floor(double(shape[axes[i]]) * scale);
      if (size < 1 || size > double(UINT32_MAX))
        return fail(loc, "scales: scale " + std::to_string(scale) +
                             " gives axis " + Twine(axes[i]) + " the size " +
                             std::to_string(size));
      shape[axes[i]] = int64_t(size);
    }
  }
  types.push_back(type.clone(shape));
  return success();
}

LogicalResult
ConvTranspose2dOp::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,
                                    SmallVectorImpl<Type> &types) {
  Value input = adaptor.getInput(), filter = adaptor.getFilter();
  ArrayRef<int64_t> padding = adaptor.getPadding();
  ArrayRef<int64_t> strides = adaptor.getStrides();
  ArrayRef<int64_t> dilations = adaptor.getDilations();
  ArrayRef<int64_t> outputPadding = adaptor.getOutputPadding();
  int64_t groups = adaptor.getGroups();
  auto dims = checkConvolution(loc, "convTranspose2d", adaptor);
  if (failed(dims) ||
      failed(checkArray(loc, outputPadding, 2, 0, "outputPadding")))
    return failure();
  for (int i = 0; i < 2; ++i)
    if (outputPadding[i] >= strides[i] && outputPadding[i] >= dilations[i])
      return fail(loc, "outputPadding: " + Twine(outputPadding[i]) +
                           " is not smaller than the stride (" +
                           Twine(strides[i]) + ") or the dilation (" +
                           Twine(dilations[i]) + ")");
  // Filter dim positions: input channels, output channels / groups, height,
  // width.
  StringRef filterLayout = adaptor.getFilterLayout();
  int64_t fi, fo, fh, fw;
  if (filterLayout == "iohw")
    fi = 0, fo = 1, fh = 2, fw = 3;
  else if (filterLayout == "hwoi")
    fh = 0, fw = 1, fo = 2, fi = 3;
  else if (filterLayout == "ohwi")
    fo = 0, fh = 1, fw = 2, fi = 3;
  else
    return fail(loc, "filterLayout: '" + filterLayout +
                         "' is not 'iohw', 'hwoi' or 'ohwi'");
  auto inShape = tensorType(input).getShape();
  auto fShape = tensorType(filter).getShape();
  int64_t channels = inShape[dims->channel];
  if (channels != fShape[fi])
    return fail(loc, "filter: input channels (" + Twine(fShape[fi]) +
                         ") differ from the input's channels (" +
                         Twine(channels) + ")");
  if (channels % groups != 0)
    return fail(loc, "groups: the input's channels (" + Twine(channels) +
                         ") are not divisible by groups (" + Twine(groups) +
                         ")");
  int64_t outChannels = fShape[fo] * groups;
  if (Value bias = adaptor.getBias())
    if (failed(check1D(loc, bias, "bias", outChannels, input)) ||
        failed(checkOperand(loc, "convTranspose2d", "bias", bias)))
      return failure();
  int64_t sizes[2];
  int64_t inSizes[2] = {inShape[dims->height], inShape[dims->width]};
  int64_t kernel[2] = {fShape[fh], fShape[fw]};
  for (int i = 0; i < 2; ++i) {
    int64_t full =
        (inSizes[i] - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1;
    int64_t size = full - padding[2 * i] - padding[2 * i + 1];
    if (auto outputSizes = adaptor.getOutputSizes()) {
      if (outputSizes->size() != 2)
        return fail(loc, "outputSizes: expected 2 values but got " +
                             Twine(outputSizes->size()));
      int64_t wanted = (*outputSizes)[i];
      if (wanted < size || wanted >= size + strides[i])
        return fail(loc, "outputSizes: " + Twine(wanted) + " is not in [" +
                             Twine(size) + ", " + Twine(size + strides[i]) +
                             ")");
      size = wanted;
    } else {
      size += outputPadding[i];
    }
    if (size < 1)
      return fail(loc, "padding: the output size along axis " +
                           Twine(i ? dims->width : dims->height) + " is " +
                           Twine(size));
    sizes[i] = size;
  }
  SmallVector<int64_t> outShape(inShape);
  outShape[dims->channel] = outChannels;
  outShape[dims->height] = sizes[0];
  outShape[dims->width] = sizes[1];
  types.push_back(tensorType(input).clone(outShape));
  return success();
}
