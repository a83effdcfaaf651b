//===- GenerateQuantization.cpp - Random graphs: quantize, dequantize -----===//
//
// quantizeLinear of float32 operands into int8, uint8, int4, uint4 or
// int32, often followed by its dequantizeLinear (the quantize-dequantize
// pairs of quantized models); dequantizeLinear of quantized weights and of
// existing integer operands. Scales are per tensor, per axis, blocked or
// per element.
//
//===----------------------------------------------------------------------===//

#include "GeneratorImpl.h"

#include <algorithm>
#include <cmath>

namespace wnn::fuzz {
namespace {

bool isFloat(const RefTensor &t) { return isFloatType(t.desc.dataType); }

bool isExact(const RefTensor &t) {
  return std::all_of(t.bound.begin(), t.bound.end(),
                     [](double b) { return b == 0; });
}

bool isQuantized(DataType type) {
  return type == DataType::Int8 || type == DataType::Uint8 ||
         type == DataType::Int4 || type == DataType::Uint4 ||
         type == DataType::Int32;
}

bool isFourBit(DataType type) {
  return type == DataType::Int4 || type == DataType::Uint4;
}

void rangeOf(DataType type, int64_t &lo, int64_t &hi) {
  switch (type) {
  case DataType::Int8:
    lo = -128, hi = 127;
    return;
  case DataType::Uint8:
    lo = 0, hi = 255;
    return;
  case DataType::Int4:
    lo = -8, hi = 7;
    return;
  case DataType::Uint4:
    lo = 0, hi = 15;
    return;
  default:
    lo = -1000, hi = 1000;
    return;
  }
}

/// The shape of a scale for `shape`: trailing dimensions, each 1 (shared),
/// the full size (per index) or a divisor (blocks).
std::vector<int64_t> scaleShape(Random &rng,
                                const std::vector<int64_t> &shape) {
  double r = rng.unit();
  // A scalar operand (a reduction over every axis) has per-tensor scales
  // only.
  if (r < 0.2 || shape.empty())
    return rng.chance(0.5) ? std::vector<int64_t>{} : std::vector<int64_t>{1};
  size_t keep = size_t(rng.range(1, int64_t(shape.size())));
  std::vector<int64_t> result(shape.end() - long(keep), shape.end());
  if (r < 0.5) {
    // Per axis: one dimension kept.
    size_t axis = size_t(rng.range(0, int64_t(keep) - 1));
    for (size_t d = 0; d < keep; ++d)
      if (d != axis)
        result[d] = 1;
    return result;
  }
  for (int64_t &d : result) {
    std::vector<int64_t> divisors;
    for (int64_t k = 1; k <= d; ++k)
      if (d % k == 0)
        divisors.push_back(k);
    if (r < 0.85 || rng.chance(0.5))
      d = rng.pick(divisors);
  }
  return result;
}

} // namespace

std::optional<Name> GraphGenerator::quantize(const Name &x, DataType type) {
  const RefTensor &t = tensor(x);
  std::vector<int64_t> shape = scaleShape(rng, t.desc.shape);
  int64_t lo, hi;
  rangeOf(type, lo, hi);
  // Scales put the values over a good part of the integer range.
  double magnitude = 0;
  for (double v : t.value)
    magnitude = std::max(magnitude, std::fabs(v));
  double steps = double(std::min<int64_t>(hi - lo, 400)) / 2;
  double base = std::max(magnitude, 1e-3) / steps;
  int64_t count = elementCount(shape);
  std::vector<double> scales(static_cast<size_t>(count));
  for (double &s : scales) {
    s = double(float(base * rng.uniform(0.6, 1.6)));
    if (rng.chance(0.05))
      s = -s;
  }
  std::vector<double> zeroPoints(static_cast<size_t>(count));
  for (double &z : zeroPoints)
    z = double(rng.range(lo + (hi - lo) / 4, hi - (hi - lo) / 4));
  Name scale = constant("scale", {DataType::Float32, shape}, scales);
  Name zeroPoint = constant("zeroPoint", {type, shape}, zeroPoints);
  return emit("quantizeLinear",
              Json::array({argument("input", x), argument("scale", scale),
                           argument("zeroPoint", zeroPoint)}));
}

std::optional<Name> GraphGenerator::dequantize(const Name &x) {
  const RefTensor &t = tensor(x);
  DataType type = t.desc.dataType;
  std::vector<int64_t> shape = scaleShape(rng, t.desc.shape);
  int64_t lo, hi;
  rangeOf(type, lo, hi);
  int64_t count = elementCount(shape);
  // Scales keep the results near unit size.
  double spread = double(std::min<int64_t>(hi - lo, 200));
  std::vector<double> scales(static_cast<size_t>(count));
  for (double &s : scales)
    s = double(float(rng.uniform(0.5, 4) / spread));
  std::vector<double> zeroPoints(static_cast<size_t>(count));
  for (double &z : zeroPoints)
    z = double(rng.range(lo + (hi - lo) / 4, hi - (hi - lo) / 4));
  Name scale = constant("scale", {DataType::Float32, shape}, scales);
  Name zeroPoint = constant("zeroPoint", {type, shape}, zeroPoints);
  return emit("dequantizeLinear",
              Json::array({argument("input", x), argument("scale", scale),
                           argument("zeroPoint", zeroPoint)}));
}

bool GraphGenerator::quantization() {
  double r = rng.unit();
  if (r < 0.6) {
    // quantize, then mostly dequantize. Exact or small operands: an
    // inexact element next to a rounding boundary leaves the result open.
    std::optional<Name> x = pick([](const RefTensor &t) {
      return isFloat(t) && (isExact(t) || t.size() <= 4096);
    });
    if (!x)
      return false;
    DataType type = rng.pick<DataType>(
        {DataType::Int8, DataType::Int8, DataType::Uint8, DataType::Uint8,
         DataType::Int4, DataType::Uint4, DataType::Int32});
    std::optional<Name> q = quantize(*x, type);
    if (!q)
      return false;
    // int4 and uint4 results are always read back: graph outputs of those
    // types are packed two to a byte, which the fuzzer does not model.
    return (!isFourBit(type) && rng.chance(0.2)) || bool(dequantize(*q));
  }
  if (r < 0.8) {
    std::optional<Name> x = pick([](const RefTensor &t) {
      return isQuantized(t.desc.dataType) && t.desc.dataType != DataType::Uint8;
    });
    if (x && typeOf(*x) != DataType::Int32)
      return bool(dequantize(*x));
    // int32 operands with values in a small range.
    x = pick(
        [](const RefTensor &t) { return t.desc.dataType == DataType::Int32; });
    return x && dequantize(*x);
  }
  // Quantized weights: a constant of a quantized type.
  DataType type = rng.pick<DataType>(
      {DataType::Int8, DataType::Uint8, DataType::Int4, DataType::Uint4});
  int64_t lo, hi;
  rangeOf(type, lo, hi);
  std::vector<int64_t> shape;
  for (int64_t rank = rng.range(1, 4); rank > 0; --rank)
    shape.push_back(rng.range(1, 12));
  std::vector<double> values(static_cast<size_t>(elementCount(shape)));
  for (double &v : values)
    v = double(rng.range(lo, hi));
  return bool(dequantize(constant("weights", {type, shape}, values)));
}

} // namespace wnn::fuzz
