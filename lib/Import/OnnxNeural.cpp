//===- OnnxNeural.cpp - Convolution, pooling, normalization ONNX ops ------===//
//
// Conv, ConvTranspose and the pools take NCHW inputs, as WebNN's default
// layout does; 1-D forms (NCL) run as 2-D ones of height 1. auto_pad is
// resolved into explicit padding here, with the input's static size.
//
//===----------------------------------------------------------------------===//

#include "Import/OnnxImporter.h"

#include <algorithm>

namespace wnn {
namespace onnx_import {

namespace {

std::vector<uint32_t> toU32(const std::vector<int64_t> &values) {
  return std::vector<uint32_t>(values.begin(), values.end());
}

/// The spatial attributes of a convolution or pool, normalized to two
/// spatial dimensions.
struct Window {
  std::vector<int64_t> kernel, strides, dilations;
  std::vector<uint32_t> padding; // WebNN order: beginH, endH, beginW, endW
  bool lifted = false;           // a 1-D op run as 2-D
};

/// Reads kernel_shape (or `kernel`), strides, dilations, pads and auto_pad
/// for an input of spatial size `spatial`. For ConvTranspose the SAME
/// padding is resolved by the caller, which knows the output size.
Window readWindow(NodeContext &c, std::vector<int64_t> spatial,
                  std::vector<int64_t> kernel, bool transposed) {
  size_t n = spatial.size();
  if (n != 1 && n != 2)
    c.fail("only 1-D and 2-D spatial inputs are supported (rank 3 or 4), "
           "got " +
           std::to_string(n) + " spatial dimensions");
  if (auto attr = c.intsAttr("kernel_shape")) {
    if (attr->size() != n)
      c.fail("kernel_shape must have " + std::to_string(n) + " values");
    kernel = *attr;
  }
  if (kernel.size() != n)
    c.fail("kernel_shape is required");
  Window w;
  w.kernel = kernel;
  w.strides = c.intsAttr("strides").value_or(std::vector<int64_t>(n, 1));
  w.dilations = c.intsAttr("dilations").value_or(std::vector<int64_t>(n, 1));
  std::vector<int64_t> pads =
      c.intsAttr("pads").value_or(std::vector<int64_t>(2 * n, 0));
  if (w.strides.size() != n || w.dilations.size() != n || pads.size() != 2 * n)
    c.fail("strides, dilations and pads must match the " + std::to_string(n) +
           " spatial dimensions");
  for (size_t i = 0; i < n; ++i) {
    c.bounded(w.strides[i], 1, "strides value");
    c.bounded(w.dilations[i], 1, "dilations value");
    c.bounded(kernel[i], 1, "kernel_shape value");
  }
  for (int64_t p : pads)
    c.bounded(p, 0, "pads value");
  std::string autoPad = c.stringAttr("auto_pad", "NOTSET");
  if (autoPad == "VALID") {
    std::fill(pads.begin(), pads.end(), 0);
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    if (!transposed) {
      for (size_t i = 0; i < n; ++i) {
        int64_t out = (spatial[i] + w.strides[i] - 1) / w.strides[i];
        int64_t reach = (kernel[i] - 1) * w.dilations[i] + 1;
        int64_t total =
            std::max<int64_t>(0, (out - 1) * w.strides[i] + reach - spatial[i]);
        int64_t small = total / 2, large = total - small;
        pads[i] = autoPad == "SAME_UPPER" ? small : large;
        pads[i + n] = autoPad == "SAME_UPPER" ? large : small;
      }
    }
  } else if (autoPad != "NOTSET") {
    c.fail("auto_pad '" + autoPad +
           "' is not one of NOTSET, SAME_UPPER, "
           "SAME_LOWER, VALID");
  }
  if (n == 1) {
    w.lifted = true;
    w.kernel.insert(w.kernel.begin(), 1);
    w.strides.insert(w.strides.begin(), 1);
    w.dilations.insert(w.dilations.begin(), 1);
    w.padding = {0, 0, uint32_t(pads[0]), uint32_t(pads[1])};
  } else {
    w.padding = {uint32_t(pads[0]), uint32_t(pads[2]), uint32_t(pads[1]),
                 uint32_t(pads[3])};
  }
  return w;
}

/// Inserts a height of 1 into an NCL tensor.
Operand lift(NodeContext &c, Operand x, const std::vector<int64_t> &shape,
             const char *part) {
  std::vector<uint32_t> lifted = toU32(shape);
  lifted.insert(lifted.begin() + 2, 1);
  return c.check(c.b().reshape(x, lifted, c.label(part)));
}

/// Removes the height of 1 a lifted op's result has.
Operand lower(NodeContext &c, Operand y) {
  std::vector<int64_t> shape = c.b().descriptor(y)->shape;
  shape.erase(shape.begin() + 2);
  return c.check(c.b().reshape(y, toU32(shape), c.label("result")));
}

void conv(NodeContext &c) {
  c.expectInputs(2, 3);
  std::vector<int64_t> xShape = c.shape(0), wShape = c.shape(1);
  if (xShape.size() < 3 || wShape.size() != xShape.size())
    c.fail("input and weight must both have rank 3 or 4");
  std::vector<int64_t> spatial(xShape.begin() + 2, xShape.end());
  Window w =
      readWindow(c, spatial,
                 std::vector<int64_t>(wShape.begin() + 2, wShape.end()), false);
  Conv2dOptions options;
  static_cast<OperatorOptions &>(options) = c.label();
  options.padding = w.padding;
  options.strides = toU32(w.strides);
  options.dilations = toU32(w.dilations);
  options.groups = uint32_t(c.bounded(c.intAttr("group", 1), 1, "group"));
  if (c.hasInput(2))
    options.bias = c.operand(2);
  Operand x = c.operand(0), filter = c.operand(1);
  if (w.lifted) {
    x = lift(c, x, xShape, "input");
    filter = lift(c, filter, wShape, "filter");
  }
  Operand y = c.check(c.b().conv2d(x, filter, options));
  c.setOutput(0, w.lifted ? lower(c, y) : y);
}

void convTranspose(NodeContext &c) {
  c.expectInputs(2, 3);
  std::vector<int64_t> xShape = c.shape(0), wShape = c.shape(1);
  if (xShape.size() < 3 || wShape.size() != xShape.size())
    c.fail("input and weight must both have rank 3 or 4");
  size_t n = xShape.size() - 2;
  std::vector<int64_t> spatial(xShape.begin() + 2, xShape.end());
  Window w = readWindow(
      c, spatial, std::vector<int64_t>(wShape.begin() + 2, wShape.end()), true);
  std::vector<int64_t> outputPadding =
      c.intsAttr("output_padding").value_or(std::vector<int64_t>(n, 0));
  if (outputPadding.size() != n)
    c.fail("output_padding must have " + std::to_string(n) + " values");
  for (int64_t p : outputPadding)
    c.bounded(p, 0, "output_padding value");
  std::string autoPad = c.stringAttr("auto_pad", "NOTSET");
  auto outputShape = c.intsAttr("output_shape");
  if (outputShape && outputShape->size() == n + 2)
    outputShape->erase(outputShape->begin(), outputShape->begin() + 2);
  if (outputShape && outputShape->size() != n)
    c.fail("output_shape must have " + std::to_string(n) + " values");
  if (outputShape)
    for (int64_t d : *outputShape)
      c.bounded(d, 1, "output_shape value");
  if (outputShape || autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    // The padding that gives the wanted size: the spec's total padding,
    // split as auto_pad says (SAME_UPPER puts the larger half at the end).
    std::vector<int64_t> pads(2 * n);
    for (size_t i = 0; i < n; ++i) {
      size_t k = w.lifted ? i + 1 : i;
      int64_t out = outputShape ? (*outputShape)[i] : spatial[i] * w.strides[k];
      int64_t total = w.strides[k] * (spatial[i] - 1) + outputPadding[i] +
                      (w.kernel[k] - 1) * w.dilations[k] + 1 - out;
      if (total < 0)
        c.fail("output_shape is larger than the convolution can produce");
      int64_t small = total / 2, large = total - small;
      // The spec puts the larger half first unless auto_pad is SAME_UPPER.
      bool lowerFirst = autoPad != "SAME_UPPER";
      pads[i] = lowerFirst ? large : small;
      pads[i + n] = lowerFirst ? small : large;
    }
    w.padding =
        n == 1
            ? std::vector<uint32_t>{0, 0, uint32_t(pads[0]), uint32_t(pads[1])}
            : std::vector<uint32_t>{uint32_t(pads[0]), uint32_t(pads[2]),
                                    uint32_t(pads[1]), uint32_t(pads[3])};
  }
  ConvTranspose2dOptions options;
  static_cast<OperatorOptions &>(options) = c.label();
  options.padding = w.padding;
  options.strides = toU32(w.strides);
  options.dilations = toU32(w.dilations);
  options.outputPadding = toU32(outputPadding);
  if (w.lifted)
    options.outputPadding.insert(options.outputPadding.begin(), 0);
  options.groups = uint32_t(c.bounded(c.intAttr("group", 1), 1, "group"));
  options.filterLayout = ConvTranspose2dFilterOperandLayout::Iohw;
  if (c.hasInput(2))
    options.bias = c.operand(2);
  Operand x = c.operand(0), filter = c.operand(1);
  if (w.lifted) {
    x = lift(c, x, xShape, "input");
    filter = lift(c, filter, wShape, "filter");
  }
  Operand y = c.check(c.b().convTranspose2d(x, filter, options));
  c.setOutput(0, w.lifted ? lower(c, y) : y);
}

enum class PoolKind { Max, Average, L2 };

void pool(NodeContext &c, PoolKind kind, bool global) {
  c.expectInputs(1, 1);
  c.expectUsedOutputs(1);
  std::vector<int64_t> xShape = c.shape(0);
  if (xShape.size() < 3)
    c.fail("input must have rank 3 or 4");
  std::vector<int64_t> spatial(xShape.begin() + 2, xShape.end());
  Pool2dOptions options;
  static_cast<OperatorOptions &>(options) = c.label();
  Operand x = c.operand(0);
  bool lifted = spatial.size() == 1;
  if (global) {
    if (spatial.size() > 2)
      c.fail("only 1-D and 2-D spatial inputs are supported");
    options.windowDimensions = toU32(spatial);
    if (lifted)
      options.windowDimensions.insert(options.windowDimensions.begin(), 1);
  } else {
    Window w = readWindow(c, spatial, {}, false);
    lifted = w.lifted;
    options.windowDimensions = toU32(w.kernel);
    options.strides = toU32(w.strides);
    options.dilations = toU32(w.dilations);
    options.padding = w.padding;
    if (c.intAttr("ceil_mode", 0))
      options.roundingType = RoundingType::Ceil;
    if (kind == PoolKind::Max)
      c.requireAttr("storage_order", 0, 0);
    if (kind == PoolKind::L2)
      c.requireAttr("p", 2, 2);
    bool padded = std::any_of(w.padding.begin(), w.padding.end(),
                              [](uint32_t p) { return p != 0; });
    if (kind == PoolKind::Average && padded &&
        c.intAttr("count_include_pad", 0)) {
      // WebNN averages only the elements inside the input: pad with zeros
      // first so that the padding counts.
      std::vector<uint32_t> begin(xShape.size(), 0), end(xShape.size(), 0);
      size_t h = xShape.size() - (lifted ? 1 : 2);
      if (!lifted) {
        begin[h] = w.padding[0];
        end[h] = w.padding[1];
      }
      begin[xShape.size() - 1] = w.padding[2];
      end[xShape.size() - 1] = w.padding[3];
      PadOptions padOptions;
      static_cast<OperatorOptions &>(padOptions) = c.label("pad");
      x = c.check(c.b().pad(x, begin, end, padOptions));
      std::vector<int64_t> padded = c.b().descriptor(x)->shape;
      xShape = padded;
      options.padding.clear();
    }
  }
  if (lifted)
    x = lift(c, x, xShape, "input");
  Operand y =
      c.check(kind == PoolKind::Max       ? c.b().maxPool2d(x, options)
              : kind == PoolKind::Average ? c.b().averagePool2d(x, options)
                                          : c.b().l2Pool2d(x, options));
  c.setOutput(0, lifted ? lower(c, y) : y);
}

void batchNormalization(NodeContext &c) {
  c.expectInputs(5, 5);
  c.expectUsedOutputs(1);
  if (c.intAttr("training_mode", 0))
    c.fail("training_mode is not supported; only the inference form is");
  BatchNormalizationOptions options;
  static_cast<OperatorOptions &>(options) = c.label();
  options.epsilon = c.floatAttr("epsilon", 1e-5f);
  options.axis = 1;
  options.scale = c.operand(1);
  options.bias = c.operand(2);
  c.setOutput(0, c.check(c.b().batchNormalization(c.operand(0), c.operand(3),
                                                  c.operand(4), options)));
}

void instanceNormalization(NodeContext &c) {
  c.expectInputs(3, 3);
  if (c.shape(0).size() != 4)
    c.fail("only 4-D (NCHW) inputs are supported");
  InstanceNormalizationOptions options;
  static_cast<OperatorOptions &>(options) = c.label();
  options.epsilon = c.floatAttr("epsilon", 1e-5f);
  options.scale = c.operand(1);
  options.bias = c.operand(2);
  c.setOutput(0, c.check(c.b().instanceNormalization(c.operand(0), options)));
}

void layerNormalization(NodeContext &c) {
  c.expectInputs(2, 3);
  c.expectUsedOutputs(1);
  std::vector<int64_t> shape = c.shape(0);
  uint32_t axis = c.axis(c.intAttr("axis", -1), shape.size(), "axis");
  LayerNormalizationOptions options;
  static_cast<OperatorOptions &>(options) = c.label();
  options.epsilon = c.floatAttr("epsilon", 1e-5f);
  std::vector<uint32_t> axes;
  for (uint32_t a = axis; a < shape.size(); ++a)
    axes.push_back(a);
  options.axes = axes;
  // ONNX broadcasts scale and bias to the normalized dimensions; WebNN wants
  // exactly their shape.
  std::vector<uint32_t> normalized(shape.begin() + axis, shape.end());
  auto fit = [&](size_t index, const char *part) {
    Operand value = c.operand(index);
    std::vector<int64_t> given = c.shape(index);
    std::vector<int64_t> want(shape.begin() + axis, shape.end());
    if (given == want)
      return value;
    while (given.size() > want.size() && given.front() == 1)
      given.erase(given.begin());
    if (given.size() > want.size())
      c.fail(std::string(part) + " does not broadcast to the normalized "
                                 "dimensions");
    value = c.check(c.b().reshape(value, toU32(given), c.label(part)));
    return c.check(c.b().expand(value, normalized, c.label(part)));
  };
  options.scale = fit(1, "scale");
  if (c.hasInput(2))
    options.bias = fit(2, "bias");
  c.setOutput(0, c.check(c.b().layerNormalization(c.operand(0), options)));
}

/// Softmax before opset 13 flattens to 2-D at `axis` (default 1); from 13
/// it normalizes along `axis` (default -1).
void softmax(NodeContext &c, bool logarithm) {
  c.expectInputs(1, 1);
  std::vector<int64_t> shape = c.shape(0);
  Operand x = c.operand(0);
  Operand y;
  if (c.opsetVersion() < 13) {
    uint32_t axis = c.axis(c.intAttr("axis", 1), shape.size(), "axis");
    int64_t rows = 1, cols = 1;
    for (size_t i = 0; i < shape.size(); ++i)
      (i < axis ? rows : cols) *= shape[i];
    Operand flat = c.check(
        c.b().reshape(x, {uint32_t(rows), uint32_t(cols)}, c.label("flatten")));
    y = c.check(c.b().softmax(flat, 1u, c.label(logarithm ? "softmax" : "")));
    if (logarithm)
      y = c.check(c.b().log(y, c.label("log")));
    y = c.check(c.b().reshape(y, toU32(shape), c.label()));
  } else {
    uint32_t axis = c.axis(c.intAttr("axis", -1), shape.size(), "axis");
    y = c.check(c.b().softmax(x, axis, c.label(logarithm ? "softmax" : "")));
    if (logarithm)
      y = c.check(c.b().log(y, c.label()));
  }
  c.setOutput(0, y);
}

} // namespace

void addNeuralHandlers(std::unordered_map<std::string, Handler> &t) {
  t["Conv"] = conv;
  t["ConvTranspose"] = convTranspose;
  t["MaxPool"] = [](NodeContext &c) { pool(c, PoolKind::Max, false); };
  t["AveragePool"] = [](NodeContext &c) { pool(c, PoolKind::Average, false); };
  t["LpPool"] = [](NodeContext &c) { pool(c, PoolKind::L2, false); };
  t["GlobalMaxPool"] = [](NodeContext &c) { pool(c, PoolKind::Max, true); };
  t["GlobalAveragePool"] = [](NodeContext &c) {
    pool(c, PoolKind::Average, true);
  };
  t["GlobalLpPool"] = [](NodeContext &c) {
    c.requireAttr("p", 2, 2);
    pool(c, PoolKind::L2, true);
  };
  t["BatchNormalization"] = batchNormalization;
  t["InstanceNormalization"] = instanceNormalization;
  t["LayerNormalization"] = layerNormalization;
  t["Softmax"] = [](NodeContext &c) { softmax(c, false); };
  t["LogSoftmax"] = [](NodeContext &c) { softmax(c, true); };
}

} // namespace onnx_import
} // namespace wnn
