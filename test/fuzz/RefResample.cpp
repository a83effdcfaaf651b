//===- RefResample.cpp - Reference: resample2d ----------------------------===//
//
// Output coordinates map to input coordinates at pixel centres,
//   c = (o + 0.5) * inputSize / outputSize - 0.5, clamped to [0, in - 1];
// nearest-neighbor takes the index nearest to c, linear interpolates
// between floor(c) and the next index. The specification leaves the
// rounding of nearest-neighbor ties open (implementations take either
// pixel), so elements at a tie are not checked.
//
//===----------------------------------------------------------------------===//

#include "ErrorModel.h"
#include "Reference.h"

#include <algorithm>
#include <cmath>

namespace wnn::fuzz {
namespace {

/// Where one output index reads along a resampled axis.
struct Tap {
  int64_t lo = 0, hi = 0;
  double weight = 0; // of hi
  /// Bound on how far an implementation's weight may be off.
  double weightError = 0;
  /// Nearest-neighbor at a tie, which implementations decide either way.
  bool ambiguous = false;
};

std::vector<Tap> taps(int64_t in, int64_t out, bool linear) {
  std::vector<Tap> result(static_cast<size_t>(out));
  for (int64_t o = 0; o < out; ++o) {
    Tap &tap = result[size_t(o)];
    // c = ((2o + 1) in - out) / (2 out), kept as a fraction.
    int64_t numerator = (2 * o + 1) * in - out, denominator = 2 * out;
    double c = double(numerator) / double(denominator);
    double clamped = std::min(std::max(c, 0.0), double(in - 1));
    if (!linear) {
      // c - 0.5 is an integer at a tie: (numerator - out) % (2 out) == 0.
      bool tie = (numerator - out) % denominator == 0;
      tap.ambiguous = tie && c > 0 && c < double(in - 1);
      tap.lo = tap.hi = int64_t(std::ceil(clamped - 0.5));
      continue;
    }
    tap.lo = int64_t(std::floor(clamped));
    tap.hi = std::min(tap.lo + 1, in - 1);
    tap.weight = clamped - double(tap.lo);
    // The coordinate computed in float32: a few roundings of its size,
    // and of the ratio when it is not exact in binary.
    tap.weightError = 16 * kUnitRoundoff * (std::fabs(c) + 1);
  }
  return result;
}

std::vector<int64_t> axesOption(const OpArgs &args) {
  std::vector<int64_t> axes =
      args.integers("axes").value_or(std::vector<int64_t>{2, 3});
  if (axes.size() != 2)
    referenceError("resample2d: axes needs two values");
  checkAxes(axes, 4, "resample2d axes");
  return axes;
}

RefTensor resample2d(const OpArgs &args) {
  const RefTensor &x = args.operand(0);
  if (!isFloatType(x.desc.dataType) || x.desc.shape.size() != 4)
    referenceError("resample2d needs a 4-D float32 input");
  std::string mode = args.string("mode", "nearest-neighbor");
  if (mode != "nearest-neighbor" && mode != "linear")
    referenceError("resample2d: unknown mode");
  bool linear = mode == "linear";
  std::vector<int64_t> axes = axesOption(args);
  std::vector<int64_t> shape = x.desc.shape;
  if (std::optional<std::vector<int64_t>> sizes = args.integers("sizes")) {
    if (sizes->size() != 2)
      referenceError("resample2d: sizes needs two values");
    for (size_t i = 0; i < 2; ++i)
      shape[size_t(axes[i])] = (*sizes)[i];
  } else if (const Json *scales = args.option("scales")) {
    if (scales->size() != 2)
      referenceError("resample2d: scales needs two values");
    for (size_t i = 0; i < 2; ++i) {
      double scale = double(float((*scales)[i].get<double>()));
      if (!(scale > 0))
        referenceError("resample2d: scales must be positive");
      shape[size_t(axes[i])] =
          int64_t(std::floor(double(x.desc.shape[size_t(axes[i])]) * scale));
    }
  }
  for (int64_t d : shape)
    if (d < 1)
      referenceError("resample2d: empty output");
  std::vector<Tap> axisTaps[2];
  for (size_t i = 0; i < 2; ++i)
    axisTaps[i] =
        taps(x.desc.shape[size_t(axes[i])], shape[size_t(axes[i])], linear);

  RefTensor y({x.desc.dataType, shape});
  std::vector<int64_t> inStrides = stridesOf(x.desc.shape);
  std::vector<int64_t> index(4, 0);
  for (size_t flat = 0; flat < y.size(); ++flat) {
    int64_t base = 0;
    for (size_t d = 0; d < 4; ++d)
      if (int64_t(d) != axes[0] && int64_t(d) != axes[1])
        base += index[d] * inStrides[d];
    const Tap &a = axisTaps[0][size_t(index[size_t(axes[0])])];
    const Tap &b = axisTaps[1][size_t(index[size_t(axes[1])])];
    int64_t strideA = inStrides[size_t(axes[0])];
    int64_t strideB = inStrides[size_t(axes[1])];
    auto at = [&](int64_t ia, int64_t ib) {
      return size_t(base + ia * strideA + ib * strideB);
    };
    if (!linear) {
      size_t source = at(a.lo, b.lo);
      y.value[flat] = x.value[source];
      y.bound[flat] = a.ambiguous || b.ambiguous ? kInfinity : x.bound[source];
    } else {
      // Bilinear: the four corners and their weights.
      double value = 0, magnitude = 0, propagated = 0;
      for (int ca = 0; ca < 2; ++ca)
        for (int cb = 0; cb < 2; ++cb) {
          double w =
              (ca ? a.weight : 1 - a.weight) * (cb ? b.weight : 1 - b.weight);
          size_t source = at(ca ? a.hi : a.lo, cb ? b.hi : b.lo);
          value += w * x.value[source];
          magnitude += std::fabs(w * x.value[source]);
          propagated += w * x.bound[source];
        }
      // Weights off by their error move the result by at most that much
      // times the spread of the values they blend.
      double spreadA = 0, spreadB = 0;
      for (int cb = 0; cb < 2; ++cb)
        spreadA =
            std::max(spreadA, std::fabs(x.value[at(a.hi, cb ? b.hi : b.lo)] -
                                        x.value[at(a.lo, cb ? b.hi : b.lo)]));
      for (int ca = 0; ca < 2; ++ca)
        spreadB =
            std::max(spreadB, std::fabs(x.value[at(ca ? a.hi : a.lo, b.hi)] -
                                        x.value[at(ca ? a.hi : a.lo, b.lo)]));
      y.value[flat] = value;
      y.bound[flat] = propagated + gammaOf(8) * magnitude +
                      a.weightError * spreadA + b.weightError * spreadB;
    }
    for (size_t d = 4; d-- > 0;) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  return y;
}

} // namespace

void addResampleHandlers(HandlerTable &table) {
  table["resample2d"] = [](const OpArgs &args) {
    return std::vector<RefTensor>{resample2d(args)};
  };
}

} // namespace wnn::fuzz
