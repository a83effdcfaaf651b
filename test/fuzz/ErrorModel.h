//===- ErrorModel.h - Error bounds of float32 arithmetic --------*- C++ -*-===//
//
// The reference computes in double precision and carries, per element, a
// bound on |float32 result - exact result| for any correct float32
// implementation. A bound combines
//   * propagation: the inputs' bounds pushed through the operation (first
//     order terms plus the cross terms that make the bound rigorous, or
//     the function's image over the input interval), and
//   * local error: the operation's own rounding, in units of the float32
//     unit roundoff u = 2^-24 (one ULP is at most 2u relative). Sums of n
//     terms use gamma(n) * sum|terms|, the classic bound for any summation
//     order, so blocked and vectorized kernels are covered.
// Transcendental functions get the ULP allowances of WPT's tolerance
// functions (test/conformance/wpt/README.md), relative to the result, plus
// a few u absolute where implementations lose relative accuracy near zero.
//
//===----------------------------------------------------------------------===//
#ifndef WNN_TEST_FUZZ_ERRORMODEL_H
#define WNN_TEST_FUZZ_ERRORMODEL_H

#include <cmath>
#include <cstdint>
#include <limits>

namespace wnn::fuzz {

constexpr double kUnitRoundoff = 0x1p-24;
constexpr double kInfinity = std::numeric_limits<double>::infinity();

/// gamma(n) = n u / (1 - n u): the relative error bound of a sum or dot
/// product of n terms.
inline double gammaOf(double n) {
  double nu = n * kUnitRoundoff;
  return nu < 0.5 ? nu / (1 - nu) : kInfinity;
}

/// The float32 ULP at `value`.
inline double ulp32(double value) {
  float magnitude = std::fabs(float(value));
  if (!std::isfinite(magnitude))
    return 0;
  float next = std::nextafter(magnitude, std::numeric_limits<float>::max());
  return double(next) - double(magnitude);
}

/// A value and the error bound of an implementation computing it.
struct Approx {
  double v = 0;
  double e = 0;
};

/// A result with propagated error `propagated` and one rounding of
/// `units` u relative to the implementation's (perturbed) result.
inline Approx rounded(double v, double propagated, double units) {
  return {v, propagated + units * kUnitRoundoff * (std::fabs(v) + propagated)};
}

/// Units of one correctly rounded basic operation, with a factor two of
/// headroom (one ULP).
constexpr double kBasicUnits = 2;

inline Approx approxAdd(Approx a, Approx b, double units = kBasicUnits) {
  return rounded(a.v + b.v, a.e + b.e, units);
}
inline Approx approxSub(Approx a, Approx b, double units = kBasicUnits) {
  return rounded(a.v - b.v, a.e + b.e, units);
}
inline Approx approxMul(Approx a, Approx b, double units = kBasicUnits) {
  double propagated = std::fabs(a.v) * b.e + std::fabs(b.v) * a.e + a.e * b.e;
  return rounded(a.v * b.v, propagated, units);
}
/// |a'/b' - a/b| <= (|b| ea + |a| eb) / (|b| (|b| - eb)) while |b| > eb.
inline Approx approxDiv(Approx a, Approx b, double units = kBasicUnits) {
  double v = a.v / b.v;
  double margin = std::fabs(b.v) - b.e;
  if (!(margin > 0))
    return {v, kInfinity};
  double propagated =
      (std::fabs(b.v) * a.e + std::fabs(a.v) * b.e) / (std::fabs(b.v) * margin);
  return rounded(v, propagated, units);
}
inline Approx approxSqrt(Approx a, double units = kBasicUnits) {
  double v = std::sqrt(a.v);
  if (a.e == 0)
    return rounded(v, 0, units);
  if (a.v - a.e < 0)
    return {v, kInfinity};
  // sqrt is concave: the lower end of the interval moves it most.
  double propagated = v - std::sqrt(a.v - a.e);
  return rounded(v, propagated, units);
}

} // namespace wnn::fuzz

#endif // WNN_TEST_FUZZ_ERRORMODEL_H
