//===- RefNormalization.cpp - Reference: normalizations and softmax -------===//

#include "ErrorModel.h"
#include "Reference.h"

#include <algorithm>
#include <cmath>

namespace wnn::fuzz {
namespace {

/// Room for an implementation that folds (x - mean) / stddev * scale + bias
/// into x * A + B, or multiplies by a reciprocal: a few more roundings.
constexpr double kFoldUnits = 8;

const RefTensor *parameter(const OpArgs &args, const char *key,
                           const std::vector<int64_t> &shape, DataType type) {
  const RefTensor *t = args.optionOperand(key);
  if (t && (t->desc.shape != shape || t->desc.dataType != type))
    referenceError(std::string(key) + " has the wrong shape or type");
  return t;
}

Approx at(const RefTensor &t, size_t i) { return {t.value[i], t.bound[i]}; }

/// (x - mean) / sqrt(variance + epsilon) * scale + bias for one element.
Approx normalizeElement(Approx x, Approx mean, Approx variance, double epsilon,
                        const RefTensor *scale, const RefTensor *bias,
                        size_t p) {
  Approx centered = approxSub(x, mean);
  Approx stddev = approxSqrt(approxAdd(variance, {epsilon, 0}));
  Approx r = approxDiv(centered, stddev);
  double slack = kFoldUnits * kUnitRoundoff *
                 (std::fabs(x.v) + std::fabs(mean.v)) / stddev.v;
  if (scale) {
    slack *= std::fabs(scale->value[p]);
    r = approxMul(r, at(*scale, p));
  }
  if (bias) {
    slack += kFoldUnits * kUnitRoundoff * std::fabs(bias->value[p]);
    r = approxAdd(r, at(*bias, p));
  }
  r.e += slack;
  return r;
}

RefTensor batchNormalization(const OpArgs &args) {
  const RefTensor &x = args.operand(0);
  if (!isFloatType(x.desc.dataType))
    referenceError("batchNormalization needs float32");
  int64_t axis = args.integer("axis", 1);
  if (axis < 0 || size_t(axis) >= x.desc.shape.size())
    referenceError("batchNormalization: axis out of range");
  std::vector<int64_t> paramShape{x.desc.shape[size_t(axis)]};
  const RefTensor &mean = args.operand(1);
  const RefTensor &variance = args.operand(2);
  if (mean.desc.shape != paramShape || variance.desc.shape != paramShape)
    referenceError("batchNormalization: mean/variance shape");
  const RefTensor *scale =
      parameter(args, "scale", paramShape, x.desc.dataType);
  const RefTensor *bias = parameter(args, "bias", paramShape, x.desc.dataType);
  double epsilon = double(float(args.number("epsilon", 1e-5)));
  int64_t stride = stridesOf(x.desc.shape)[size_t(axis)];
  RefTensor y(x.desc);
  for (size_t i = 0; i < x.size(); ++i) {
    size_t c = size_t((int64_t(i) / stride) % paramShape[0]);
    Approx r = normalizeElement(at(x, i), at(mean, c), at(variance, c), epsilon,
                                scale, bias, c);
    y.value[i] = r.v;
    y.bound[i] = r.e;
  }
  return y;
}

/// Normalizes `x` over `axes`; `paramIndex` maps an element's multi-index
/// to its scale/bias element.
RefTensor normalizeOverAxes(
    const RefTensor &x, const std::vector<int64_t> &axes,
    const std::function<size_t(const std::vector<int64_t> &)> &paramIndex,
    const RefTensor *scale, const RefTensor *bias, double epsilon) {
  const std::vector<int64_t> &shape = x.desc.shape;
  std::vector<bool> reduced(shape.size(), false);
  for (int64_t axis : axes)
    reduced[size_t(axis)] = true;
  size_t count = x.size();
  std::vector<size_t> groupOf(count), paramOf(count);
  std::vector<int64_t> index(shape.size(), 0);
  size_t groups = 1;
  for (size_t d = 0; d < shape.size(); ++d)
    if (!reduced[d])
      groups *= size_t(shape[d]);
  for (size_t i = 0; i < count; ++i) {
    size_t group = 0;
    for (size_t d = 0; d < shape.size(); ++d)
      if (!reduced[d])
        group = group * size_t(shape[d]) + size_t(index[d]);
    groupOf[i] = group;
    paramOf[i] = paramIndex(index);
    for (size_t d = shape.size(); d-- > 0;) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }

  struct Moments {
    double n = 0, sum = 0, magnitude = 0, error = 0, squares = 0;
    double deviations = 0, deviationError = 0;
    Approx mean, variance;
  };
  std::vector<Moments> moments(groups);
  for (size_t i = 0; i < count; ++i) {
    Moments &m = moments[groupOf[i]];
    double v = x.value[i];
    m.n += 1;
    m.sum += v;
    m.magnitude += std::fabs(v);
    m.error += x.bound[i];
    m.squares += v * v;
  }
  for (Moments &m : moments) {
    m.mean.v = m.sum / m.n;
    m.mean.e = m.error / m.n + gammaOf(m.n + 2) * m.magnitude / m.n;
  }
  for (size_t i = 0; i < count; ++i) {
    Moments &m = moments[groupOf[i]];
    double d = x.value[i] - m.mean.v;
    double e = x.bound[i] + m.mean.e;
    m.deviations += d * d;
    m.deviationError += 2 * std::fabs(d) * e + e * e;
  }
  for (Moments &m : moments) {
    m.variance.v = m.deviations / m.n;
    // Covers both two-pass and one-pass (E[x^2] - mean^2) variances.
    m.variance.e = m.deviationError / m.n +
                   2 * gammaOf(m.n + 4) *
                       (m.squares / m.n + m.mean.v * m.mean.v + m.variance.v);
  }
  RefTensor y(x.desc);
  for (size_t i = 0; i < count; ++i) {
    const Moments &m = moments[groupOf[i]];
    Approx r = normalizeElement(at(x, i), m.mean, m.variance, epsilon, scale,
                                bias, paramOf[i]);
    y.value[i] = r.v;
    y.bound[i] = r.e;
  }
  return y;
}

RefTensor instanceNormalization(const OpArgs &args) {
  const RefTensor &x = args.operand(0);
  if (!isFloatType(x.desc.dataType) || x.desc.shape.size() != 4)
    referenceError("instanceNormalization needs 4-D float32");
  std::string layout = args.string("layout", "nchw");
  if (layout != "nchw" && layout != "nhwc")
    referenceError("instanceNormalization: unknown layout");
  size_t channel = layout == "nchw" ? 1 : 3;
  std::vector<int64_t> axes = layout == "nchw" ? std::vector<int64_t>{2, 3}
                                               : std::vector<int64_t>{1, 2};
  std::vector<int64_t> paramShape{x.desc.shape[channel]};
  const RefTensor *scale =
      parameter(args, "scale", paramShape, x.desc.dataType);
  const RefTensor *bias = parameter(args, "bias", paramShape, x.desc.dataType);
  return normalizeOverAxes(
      x, axes,
      [channel](const std::vector<int64_t> &index) {
        return size_t(index[channel]);
      },
      scale, bias, double(float(args.number("epsilon", 1e-5))));
}

RefTensor layerNormalization(const OpArgs &args) {
  const RefTensor &x = args.operand(0);
  if (!isFloatType(x.desc.dataType))
    referenceError("layerNormalization needs float32");
  size_t rank = x.desc.shape.size();
  std::vector<int64_t> axes;
  if (std::optional<std::vector<int64_t>> given = args.integers("axes"))
    axes = *given;
  else
    for (size_t d = 1; d < rank; ++d)
      axes.push_back(int64_t(d));
  checkAxes(axes, rank, "layerNormalization axes");
  std::vector<int64_t> paramShape;
  for (int64_t axis : axes)
    paramShape.push_back(x.desc.shape[size_t(axis)]);
  const RefTensor *scale =
      parameter(args, "scale", paramShape, x.desc.dataType);
  const RefTensor *bias = parameter(args, "bias", paramShape, x.desc.dataType);
  return normalizeOverAxes(
      x, axes,
      [&](const std::vector<int64_t> &index) {
        size_t p = 0;
        for (size_t j = 0; j < axes.size(); ++j)
          p = p * size_t(paramShape[j]) + size_t(index[size_t(axes[j])]);
        return p;
      },
      scale, bias, double(float(args.number("epsilon", 1e-5))));
}

/// softmax along an axis. With y_i = e^(x_i) / sum_j e^(x_j) and input
/// errors |d_j| <= e_j, y_i' / y_i lies in [e^-(e_i + E), e^(e_i + E)] with
/// E = max_j e_j, which gives the propagated bound. Local error: two exp
/// allowances, the sum of n terms, the division, and the rounding of
/// x - max that scales each exponent.
RefTensor softmax(const OpArgs &args) {
  const RefTensor &x = args.operand(0);
  if (!isFloatType(x.desc.dataType))
    referenceError("softmax needs float32");
  int64_t rank = int64_t(x.desc.shape.size());
  int64_t axis = args.count() > 1 ? args.integer(1) : 1;
  if (args.count() <= 1 && rank != 2)
    referenceError("softmax without an axis needs a 2-D input");
  if (axis < 0 || axis >= rank)
    referenceError("softmax: axis out of range");
  int64_t length = x.desc.shape[size_t(axis)];
  int64_t stride = stridesOf(x.desc.shape)[size_t(axis)];
  int64_t outer = int64_t(x.size()) / (length * stride);
  RefTensor y(x.desc);
  std::vector<double> exps(static_cast<size_t>(length));
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t inner = 0; inner < stride; ++inner) {
      int64_t base = o * length * stride + inner;
      auto index = [&](int64_t j) { return size_t(base + j * stride); };
      double top = -kInfinity, worst = 0;
      for (int64_t j = 0; j < length; ++j) {
        top = std::max(top, x.value[index(j)]);
        worst = std::max(worst, x.bound[index(j)]);
      }
      double sum = 0, widest = 0;
      for (int64_t j = 0; j < length; ++j) {
        exps[size_t(j)] = std::exp(x.value[index(j)] - top);
        sum += exps[size_t(j)];
        widest = std::max(widest, top - x.value[index(j)]);
      }
      for (int64_t j = 0; j < length; ++j) {
        double v = exps[size_t(j)] / sum;
        double spread = top - x.value[index(j)];
        double units = 2 * 64 + double(length) + 6 + 2 * (spread + widest);
        double propagated = v * std::expm1(x.bound[index(j)] + worst);
        y.value[index(j)] = v;
        y.bound[index(j)] =
            propagated + units * kUnitRoundoff * (v + propagated);
      }
    }
  return y;
}

} // namespace

void addNormalizationHandlers(HandlerTable &table) {
  table["batchNormalization"] = [](const OpArgs &args) {
    return std::vector<RefTensor>{batchNormalization(args)};
  };
  table["instanceNormalization"] = [](const OpArgs &args) {
    return std::vector<RefTensor>{instanceNormalization(args)};
  };
  table["layerNormalization"] = [](const OpArgs &args) {
    return std::vector<RefTensor>{layerNormalization(args)};
  };
  table["softmax"] = [](const OpArgs &args) {
    return std::vector<RefTensor>{softmax(args)};
  };
}

} // namespace wnn::fuzz
