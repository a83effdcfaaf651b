//===- RefQuantization.cpp - Reference: quantizeLinear, dequantizeLinear --===//
//
// scale and zeroPoint align with the input's trailing dimensions; along
// each dimension the input size is a multiple of theirs, and a block of
// input size / their size elements shares one value (size 1: broadcast,
// equal sizes: per element). Then
//   quantizeLinear:   y = saturate(roundHalfToEven(x / scale) + zeroPoint)
//   dequantizeLinear: y = (x - zeroPoint) * scale
//
//===----------------------------------------------------------------------===//

#include "ErrorModel.h"
#include "Reference.h"

#include <cmath>

namespace wnn::fuzz {
namespace {

/// For each element of `shape`, the flat element of a blocked parameter
/// of shape `parameter`.
std::vector<int64_t> blockIndexMap(const std::vector<int64_t> &parameter,
                                   const std::vector<int64_t> &shape,
                                   const OpArgs &args) {
  if (parameter.size() > shape.size())
    referenceError(args.name() + ": scale has a higher rank than the input");
  size_t offset = shape.size() - parameter.size();
  std::vector<int64_t> block(shape.size(), 1), aligned(shape.size(), 1);
  for (size_t d = 0; d < parameter.size(); ++d) {
    int64_t size = shape[offset + d], count = parameter[d];
    if (count < 1 || size % count)
      referenceError(args.name() + ": scale size does not divide the input");
    aligned[offset + d] = count;
    block[offset + d] = size / count;
  }
  for (size_t d = 0; d < offset; ++d)
    block[d] = shape[d];
  std::vector<int64_t> strides = stridesOf(aligned);
  std::vector<int64_t> map(static_cast<size_t>(elementCount(shape)));
  std::vector<int64_t> index(shape.size(), 0);
  for (size_t flat = 0; flat < map.size(); ++flat) {
    int64_t source = 0;
    for (size_t d = 0; d < shape.size(); ++d)
      source += (index[d] / block[d]) * strides[d];
    map[flat] = source;
    for (size_t d = shape.size(); d-- > 0;) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  return map;
}

void quantizedRange(DataType type, double &lo, double &hi) {
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
  case DataType::Int32:
    lo = -0x1p31, hi = 0x1p31 - 1;
    return;
  default:
    referenceError(std::string("quantized type ") + dataTypeName(type) +
                   " is not supported");
  }
}

void checkParameters(const RefTensor &scale, const RefTensor &zeroPoint,
                     const OpArgs &args) {
  if (!isFloatType(scale.desc.dataType))
    referenceError(args.name() + ": scale must be float32");
  if (zeroPoint.desc.shape != scale.desc.shape)
    referenceError(args.name() + ": zeroPoint and scale shapes differ");
}

RefTensor quantizeLinear(const OpArgs &args) {
  const RefTensor &x = args.operand(0);
  const RefTensor &scale = args.operand(1);
  const RefTensor &zeroPoint = args.operand(2);
  if (!isFloatType(x.desc.dataType))
    referenceError("quantizeLinear needs a float32 input");
  checkParameters(scale, zeroPoint, args);
  double lo, hi;
  quantizedRange(zeroPoint.desc.dataType, lo, hi);
  std::vector<int64_t> map =
      blockIndexMap(scale.desc.shape, x.desc.shape, args);
  RefTensor y({zeroPoint.desc.dataType, x.desc.shape});
  for (size_t i = 0; i < y.size(); ++i) {
    size_t p = size_t(map[i]);
    double s = scale.value[p];
    double q = x.value[i] / s;
    // How far an implementation's quotient may be: the input's and the
    // scale's bounds, and two roundings (x * (1 / scale) is allowed).
    double margin = std::fabs(s) - scale.bound[p];
    double deviation =
        margin > 0 ? (x.bound[i] + std::fabs(q) * scale.bound[p]) / margin
                   : kInfinity;
    deviation += 4 * kUnitRoundoff * std::fabs(q);
    if (!std::isfinite(q)) {
      // Infinities saturate; NaN has no defined result.
      y.value[i] = std::isnan(q) ? lo : q > 0 ? hi : lo;
      bool exact = !std::isnan(q) && x.bound[i] == 0 && scale.bound[p] == 0;
      y.bound[i] = exact ? 0 : kInfinity;
      continue;
    }
    double rounded = std::nearbyint(q); // the default mode: half to even
    double value = std::min(std::max(rounded + zeroPoint.value[p], lo), hi);
    // Exact unless the quotient may cross a rounding boundary k + 0.5
    // (where saturation does not hide it).
    double lower = std::floor(q - deviation + 0.5),
           upper = std::floor(q + deviation + 0.5);
    bool decided = lower == upper && std::isfinite(deviation);
    if (!decided) {
      double low = std::min(std::max(lower + zeroPoint.value[p], lo), hi);
      double high = std::min(std::max(upper + zeroPoint.value[p], lo), hi);
      decided = low == high && std::isfinite(deviation);
    }
    y.value[i] = value;
    y.bound[i] = decided && zeroPoint.bound[p] == 0 ? 0 : kInfinity;
  }
  return y;
}

RefTensor dequantizeLinear(const OpArgs &args) {
  const RefTensor &x = args.operand(0);
  const RefTensor &scale = args.operand(1);
  const RefTensor &zeroPoint = args.operand(2);
  if (isFloatType(x.desc.dataType) ||
      x.desc.dataType != zeroPoint.desc.dataType)
    referenceError("dequantizeLinear: input and zeroPoint types differ");
  checkParameters(scale, zeroPoint, args);
  std::vector<int64_t> map =
      blockIndexMap(scale.desc.shape, x.desc.shape, args);
  RefTensor y({scale.desc.dataType, x.desc.shape});
  for (size_t i = 0; i < y.size(); ++i) {
    size_t p = size_t(map[i]);
    // The difference of small integers is exact; the product rounds once.
    Approx difference{x.value[i] - zeroPoint.value[p],
                      x.bound[i] + zeroPoint.bound[p]};
    Approx r = approxMul(difference, {scale.value[p], scale.bound[p]});
    y.value[i] = r.v;
    y.bound[i] = r.e;
  }
  return y;
}

} // namespace

void addQuantizationHandlers(HandlerTable &table) {
  table["quantizeLinear"] = [](const OpArgs &args) {
    return std::vector<RefTensor>{quantizeLinear(args)};
  };
  table["dequantizeLinear"] = [](const OpArgs &args) {
    return std::vector<RefTensor>{dequantizeLinear(args)};
  };
}

} // namespace wnn::fuzz
