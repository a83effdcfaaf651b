//===- RefConvPool.cpp - Reference: conv2d and pooling --------------------===//

#include "ErrorModel.h"
#include "Reference.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace wnn::fuzz {
namespace {

/// A 4-D activation tensor seen as N, C, H, W whatever its layout.
struct ImageLayout {
  bool nhwc = false;
  int64_t n = 0, c = 0, h = 0, w = 0;

  ImageLayout(const std::vector<int64_t> &shape, const std::string &layout) {
    if (shape.size() != 4)
      referenceError("expected a 4-D input");
    if (layout != "nchw" && layout != "nhwc")
      referenceError("unknown layout '" + layout + "'");
    nhwc = layout == "nhwc";
    n = shape[0];
    c = nhwc ? shape[3] : shape[1];
    h = nhwc ? shape[1] : shape[2];
    w = nhwc ? shape[2] : shape[3];
  }
  std::vector<int64_t> shapeWith(int64_t channels, int64_t height,
                                 int64_t width) const {
    return nhwc ? std::vector<int64_t>{n, height, width, channels}
                : std::vector<int64_t>{n, channels, height, width};
  }
};

/// Flat index of (n, c, h, w) in a tensor of `dims` = {N, C, H, W}.
int64_t imageIndex(bool nhwc, const int64_t dims[4], int64_t n, int64_t c,
                   int64_t h, int64_t w) {
  if (nhwc)
    return ((n * dims[2] + h) * dims[3] + w) * dims[1] + c;
  return ((n * dims[1] + c) * dims[2] + h) * dims[3] + w;
}

std::vector<int64_t> arrayOption(const OpArgs &args, const char *key,
                                 std::vector<int64_t> fallback, size_t size,
                                 int64_t minimum) {
  std::vector<int64_t> values = args.integers(key).value_or(fallback);
  if (values.size() != size)
    referenceError(std::string(key) + ": wrong number of values");
  for (int64_t v : values)
    if (v < minimum)
      referenceError(std::string(key) + ": value out of range");
  return values;
}

/// floor (or ceil) output size of a window; throws if it does not fit.
int64_t windowOutput(int64_t input, int64_t window, int64_t padBegin,
                     int64_t padEnd, int64_t stride, int64_t dilation,
                     bool ceil) {
  int64_t dilated = (window - 1) * dilation + 1;
  int64_t span = input + padBegin + padEnd - dilated;
  if (span < 0)
    referenceError("the window does not fit the padded input");
  return (ceil ? (span + stride - 1) / stride : span / stride) + 1;
}

RefTensor conv2d(const OpArgs &args) {
  const RefTensor &x = args.operand(0);
  const RefTensor &filter = args.operand(1);
  if (!isFloatType(x.desc.dataType) || filter.desc.dataType != x.desc.dataType)
    referenceError("conv2d needs float32 input and filter");
  ImageLayout in(x.desc.shape, args.string("inputLayout", "nchw"));
  std::vector<int64_t> pad = arrayOption(args, "padding", {0, 0, 0, 0}, 4, 0);
  std::vector<int64_t> stride = arrayOption(args, "strides", {1, 1}, 2, 1);
  std::vector<int64_t> dilation = arrayOption(args, "dilations", {1, 1}, 2, 1);
  int64_t groups = args.integer("groups", 1);
  if (filter.desc.shape.size() != 4 || groups < 1)
    referenceError("conv2d: bad filter or groups");

  // Positions of O, I, H, W in the filter's layout.
  std::string filterLayout = args.string("filterLayout", "oihw");
  int fo, fi, fh, fw;
  if (filterLayout == "oihw")
    fo = 0, fi = 1, fh = 2, fw = 3;
  else if (filterLayout == "hwio")
    fh = 0, fw = 1, fi = 2, fo = 3;
  else if (filterLayout == "ohwi")
    fo = 0, fh = 1, fw = 2, fi = 3;
  else if (filterLayout == "ihwo")
    fi = 0, fh = 1, fw = 2, fo = 3;
  else
    referenceError("conv2d: unknown filter layout");
  const std::vector<int64_t> &fs = filter.desc.shape;
  int64_t outChannels = fs[size_t(fo)], groupChannels = fs[size_t(fi)];
  int64_t kh = fs[size_t(fh)], kw = fs[size_t(fw)];
  if (in.c % groups || in.c / groups != groupChannels || outChannels % groups)
    referenceError("conv2d: channels do not match groups");
  std::vector<int64_t> filterStrides = stridesOf(fs);
  auto filterIndex = [&](int64_t o, int64_t i, int64_t h, int64_t w) {
    return o * filterStrides[size_t(fo)] + i * filterStrides[size_t(fi)] +
           h * filterStrides[size_t(fh)] + w * filterStrides[size_t(fw)];
  };
  const RefTensor *bias = args.optionOperand("bias");
  if (bias && (bias->desc.shape != std::vector<int64_t>{outChannels} ||
               bias->desc.dataType != x.desc.dataType))
    referenceError("conv2d: bias must be 1-D of the output channels");

  int64_t oh =
      windowOutput(in.h, kh, pad[0], pad[1], stride[0], dilation[0], false);
  int64_t ow =
      windowOutput(in.w, kw, pad[2], pad[3], stride[1], dilation[1], false);
  RefTensor y({x.desc.dataType, in.shapeWith(outChannels, oh, ow)});
  const int64_t inDims[4] = {in.n, in.c, in.h, in.w};
  const int64_t outDims[4] = {in.n, outChannels, oh, ow};
  int64_t perGroup = outChannels / groups;
  // Terms of each dot product, plus the bias and one rounding of slack.
  double gamma = gammaOf(double(groupChannels * kh * kw + 2));
  for (int64_t n = 0; n < in.n; ++n)
    for (int64_t o = 0; o < outChannels; ++o) {
      int64_t firstChannel = (o / perGroup) * groupChannels;
      for (int64_t r = 0; r < oh; ++r)
        for (int64_t s = 0; s < ow; ++s) {
          double sum = 0, magnitude = 0, propagated = 0;
          for (int64_t i = 0; i < groupChannels; ++i)
            for (int64_t p = 0; p < kh; ++p) {
              int64_t h = r * stride[0] + p * dilation[0] - pad[0];
              if (h < 0 || h >= in.h)
                continue;
              for (int64_t q = 0; q < kw; ++q) {
                int64_t w = s * stride[1] + q * dilation[1] - pad[2];
                if (w < 0 || w >= in.w)
                  continue;
                size_t xi = size_t(
                    imageIndex(in.nhwc, inDims, n, firstChannel + i, h, w));
                size_t wi = size_t(filterIndex(o, i, p, q));
                double xv = x.value[xi], wv = filter.value[wi];
                double xe = x.bound[xi], we = filter.bound[wi];
                sum += xv * wv;
                magnitude += std::fabs(xv * wv);
                propagated += std::fabs(xv) * we + std::fabs(wv) * xe + xe * we;
              }
            }
          if (bias) {
            sum += bias->value[size_t(o)];
            magnitude += std::fabs(bias->value[size_t(o)]);
            propagated += bias->bound[size_t(o)];
          }
          size_t yi = size_t(imageIndex(in.nhwc, outDims, n, o, r, s));
          y.value[yi] = sum;
          y.bound[yi] = propagated + gamma * magnitude;
        }
    }
  return y;
}

/// convTranspose2d: every input element scatters its products with the
/// filter into the output, at stride * position + dilation * tap - padding.
RefTensor convTranspose2d(const OpArgs &args) {
  const RefTensor &x = args.operand(0);
  const RefTensor &filter = args.operand(1);
  if (!isFloatType(x.desc.dataType) || filter.desc.dataType != x.desc.dataType)
    referenceError("convTranspose2d needs float32 input and filter");
  ImageLayout in(x.desc.shape, args.string("inputLayout", "nchw"));
  std::vector<int64_t> pad = arrayOption(args, "padding", {0, 0, 0, 0}, 4, 0);
  std::vector<int64_t> stride = arrayOption(args, "strides", {1, 1}, 2, 1);
  std::vector<int64_t> dilation = arrayOption(args, "dilations", {1, 1}, 2, 1);
  std::vector<int64_t> outputPadding =
      arrayOption(args, "outputPadding", {0, 0}, 2, 0);
  int64_t groups = args.integer("groups", 1);
  if (filter.desc.shape.size() != 4 || groups < 1)
    referenceError("convTranspose2d: bad filter or groups");

  // Positions of I (input channels), O (output channels of a group), H, W.
  std::string filterLayout = args.string("filterLayout", "iohw");
  int fi, fo, fh, fw;
  if (filterLayout == "iohw")
    fi = 0, fo = 1, fh = 2, fw = 3;
  else if (filterLayout == "hwoi")
    fh = 0, fw = 1, fo = 2, fi = 3;
  else if (filterLayout == "ohwi")
    fo = 0, fh = 1, fw = 2, fi = 3;
  else
    referenceError("convTranspose2d: unknown filter layout");
  const std::vector<int64_t> &fs = filter.desc.shape;
  int64_t groupOutChannels = fs[size_t(fo)], kh = fs[size_t(fh)],
          kw = fs[size_t(fw)];
  if (fs[size_t(fi)] != in.c || in.c % groups)
    referenceError("convTranspose2d: channels do not match the filter");
  int64_t outChannels = groupOutChannels * groups;
  int64_t groupInChannels = in.c / groups;
  std::vector<int64_t> filterStrides = stridesOf(fs);
  auto filterIndex = [&](int64_t i, int64_t o, int64_t h, int64_t w) {
    return i * filterStrides[size_t(fi)] + o * filterStrides[size_t(fo)] +
           h * filterStrides[size_t(fh)] + w * filterStrides[size_t(fw)];
  };
  const RefTensor *bias = args.optionOperand("bias");
  if (bias && (bias->desc.shape != std::vector<int64_t>{outChannels} ||
               bias->desc.dataType != x.desc.dataType))
    referenceError("convTranspose2d: bias must be 1-D of the output channels");

  int64_t out[2];
  int64_t sizes[2] = {in.h, in.w}, kernel[2] = {kh, kw};
  std::optional<std::vector<int64_t>> outputSizes =
      args.integers("outputSizes");
  for (int d = 0; d < 2; ++d) {
    int64_t base = (sizes[d] - 1) * stride[size_t(d)] +
                   (kernel[d] - 1) * dilation[size_t(d)] + 1 -
                   pad[size_t(2 * d)] - pad[size_t(2 * d + 1)];
    if (outputSizes) {
      if (outputSizes->size() != 2)
        referenceError("convTranspose2d: outputSizes needs two values");
      out[d] = (*outputSizes)[size_t(d)];
      if (out[d] < base || out[d] >= base + stride[size_t(d)])
        referenceError("convTranspose2d: outputSizes out of range");
    } else {
      if (outputPadding[size_t(d)] >= stride[size_t(d)] &&
          outputPadding[size_t(d)] >= dilation[size_t(d)])
        referenceError("convTranspose2d: outputPadding too large");
      out[d] = base + outputPadding[size_t(d)];
    }
    if (out[d] < 1)
      referenceError("convTranspose2d: empty output");
  }
  RefTensor y({x.desc.dataType, in.shapeWith(outChannels, out[0], out[1])});
  std::vector<double> magnitude(y.size(), 0.0);
  std::vector<int64_t> terms(y.size(), 0);
  const int64_t inDims[4] = {in.n, in.c, in.h, in.w};
  const int64_t outDims[4] = {in.n, outChannels, out[0], out[1]};
  for (int64_t n = 0; n < in.n; ++n)
    for (int64_t c = 0; c < in.c; ++c) {
      int64_t group = c / groupInChannels;
      for (int64_t h = 0; h < in.h; ++h)
        for (int64_t w = 0; w < in.w; ++w) {
          size_t xi = size_t(imageIndex(in.nhwc, inDims, n, c, h, w));
          double xv = x.value[xi], xe = x.bound[xi];
          for (int64_t o = 0; o < groupOutChannels; ++o)
            for (int64_t p = 0; p < kh; ++p) {
              int64_t r = h * stride[0] + p * dilation[0] - pad[0];
              if (r < 0 || r >= out[0])
                continue;
              for (int64_t q = 0; q < kw; ++q) {
                int64_t s = w * stride[1] + q * dilation[1] - pad[2];
                if (s < 0 || s >= out[1])
                  continue;
                size_t wi = size_t(filterIndex(c, o, p, q));
                double wv = filter.value[wi], we = filter.bound[wi];
                size_t yi = size_t(imageIndex(
                    in.nhwc, outDims, n, group * groupOutChannels + o, r, s));
                y.value[yi] += xv * wv;
                magnitude[yi] += std::fabs(xv * wv);
                y.bound[yi] +=
                    std::fabs(xv) * we + std::fabs(wv) * xe + xe * we;
                ++terms[yi];
              }
            }
        }
    }
  for (int64_t n = 0; n < in.n; ++n)
    for (int64_t o = 0; o < outChannels; ++o)
      for (int64_t r = 0; r < out[0]; ++r)
        for (int64_t s = 0; s < out[1]; ++s) {
          size_t yi = size_t(imageIndex(in.nhwc, outDims, n, o, r, s));
          if (bias) {
            y.value[yi] += bias->value[size_t(o)];
            magnitude[yi] += std::fabs(bias->value[size_t(o)]);
            y.bound[yi] += bias->bound[size_t(o)];
          }
          // The terms of the sum, the bias and one rounding of slack.
          y.bound[yi] += gammaOf(double(terms[yi] + 2)) * magnitude[yi];
        }
  return y;
}

template <bool IsMax> RefTensor pool2d(const OpArgs &args) {
  const RefTensor &x = args.operand(0);
  bool isFloat = isFloatType(x.desc.dataType);
  if (!IsMax && !isFloat)
    referenceError("averagePool2d needs a float32 input");
  ImageLayout in(x.desc.shape, args.string("layout", "nchw"));
  std::vector<int64_t> window =
      arrayOption(args, "windowDimensions", {in.h, in.w}, 2, 1);
  std::vector<int64_t> pad = arrayOption(args, "padding", {0, 0, 0, 0}, 4, 0);
  std::vector<int64_t> stride = arrayOption(args, "strides", {1, 1}, 2, 1);
  std::vector<int64_t> dilation = arrayOption(args, "dilations", {1, 1}, 2, 1);
  std::string rounding = args.string("roundingType", "floor");
  if (rounding != "floor" && rounding != "ceil")
    referenceError("unknown roundingType");
  int64_t out[2];
  int64_t sizes[2] = {in.h, in.w};
  std::optional<std::vector<int64_t>> outputSizes =
      args.integers("outputSizes");
  for (int i = 0; i < 2; ++i) {
    int64_t floorSize = windowOutput(
        sizes[i], window[size_t(i)], pad[size_t(2 * i)], pad[size_t(2 * i + 1)],
        stride[size_t(i)], dilation[size_t(i)], false);
    int64_t ceilSize = windowOutput(
        sizes[i], window[size_t(i)], pad[size_t(2 * i)], pad[size_t(2 * i + 1)],
        stride[size_t(i)], dilation[size_t(i)], true);
    out[i] = rounding == "ceil" ? ceilSize : floorSize;
    if (outputSizes) {
      if (outputSizes->size() != 2 || ((*outputSizes)[size_t(i)] != floorSize &&
                                       (*outputSizes)[size_t(i)] != ceilSize))
        referenceError("outputSizes is neither the floor nor the ceil size");
      out[i] = (*outputSizes)[size_t(i)];
    }
  }
  RefTensor y({x.desc.dataType, in.shapeWith(in.c, out[0], out[1])});
  const int64_t inDims[4] = {in.n, in.c, in.h, in.w};
  const int64_t outDims[4] = {in.n, in.c, out[0], out[1]};
  for (int64_t n = 0; n < in.n; ++n)
    for (int64_t c = 0; c < in.c; ++c)
      for (int64_t r = 0; r < out[0]; ++r)
        for (int64_t s = 0; s < out[1]; ++s) {
          double best = -kInfinity, bestBound = 0;
          double sum = 0, magnitude = 0, propagated = 0;
          int64_t count = 0;
          // Padding and window positions past the input are not counted.
          for (int64_t p = 0; p < window[0]; ++p) {
            int64_t h = r * stride[0] + p * dilation[0] - pad[0];
            if (h < 0 || h >= in.h)
              continue;
            for (int64_t q = 0; q < window[1]; ++q) {
              int64_t w = s * stride[1] + q * dilation[1] - pad[2];
              if (w < 0 || w >= in.w)
                continue;
              size_t xi = size_t(imageIndex(in.nhwc, inDims, n, c, h, w));
              double v = x.value[xi], e = x.bound[xi];
              best = std::max(best, v);
              bestBound = std::max(bestBound, e);
              sum += v;
              magnitude += std::fabs(v);
              propagated += e;
              ++count;
            }
          }
          if (count == 0)
            referenceError("a pooling window holds no input element");
          size_t yi = size_t(imageIndex(in.nhwc, outDims, n, c, r, s));
          if (IsMax) {
            y.value[yi] = best;
            y.bound[yi] = bestBound;
          } else {
            y.value[yi] = sum / double(count);
            y.bound[yi] =
                (propagated + gammaOf(double(count + 2)) * magnitude) /
                double(count);
          }
        }
  return y;
}

} // namespace

void addConvPoolHandlers(HandlerTable &table) {
  table["conv2d"] = [](const OpArgs &args) {
    return std::vector<RefTensor>{conv2d(args)};
  };
  table["convTranspose2d"] = [](const OpArgs &args) {
    return std::vector<RefTensor>{convTranspose2d(args)};
  };
  table["maxPool2d"] = [](const OpArgs &args) {
    return std::vector<RefTensor>{pool2d<true>(args)};
  };
  table["averagePool2d"] = [](const OpArgs &args) {
    return std::vector<RefTensor>{pool2d<false>(args)};
  };
}

} // namespace wnn::fuzz
