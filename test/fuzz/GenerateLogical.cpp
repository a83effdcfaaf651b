//===- GenerateLogical.cpp - Random graphs: comparisons, logic, where -----===//
//
// Comparisons turn float32 or integer operands into uint8 masks; logical
// operators combine masks; where selects between two operands of any type
// with a mask, broadcasting all three. Masks also reach cast.
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

std::optional<std::vector<int64_t>>
tryBroadcast(const std::vector<int64_t> &a, const std::vector<int64_t> &b) {
  try {
    return broadcastShapes(a, b);
  } catch (const ReferenceError &) {
    return std::nullopt;
  }
}

/// A shape `shape` broadcasts to: trailing dimensions, some set to 1.
std::vector<int64_t> broadcastableTo(Random &rng,
                                     const std::vector<int64_t> &shape) {
  size_t keep = size_t(rng.range(0, int64_t(shape.size())));
  std::vector<int64_t> target(shape.end() - long(keep), shape.end());
  for (int64_t &d : target)
    if (rng.chance(0.3))
      d = 1;
  return target;
}

} // namespace

bool GraphGenerator::comparison() {
  static const std::vector<std::string> kinds = {"equal",   "notEqual",
                                                 "greater", "greaterOrEqual",
                                                 "lesser",  "lesserOrEqual"};
  std::string kind = rng.pick(kinds);
  bool equality = kind == "equal" || kind == "notEqual";
  // Equality of inexact floats is decided by rounding: exact operands only.
  std::optional<Name> a;
  if (rng.chance(0.3))
    a = pick([&](const RefTensor &t) { return isWideInteger(t); });
  if (!a)
    a = pick([&](const RefTensor &t) {
      return isFloat(t) && (!equality || isExact(t));
    });
  if (!a)
    return false;
  const RefTensor &ta = tensor(*a);
  DataType type = ta.desc.dataType;
  std::optional<Name> b;
  if (rng.chance(0.35))
    b = pick([&](const RefTensor &t) {
      if (t.desc.dataType != type || (equality && !isExact(t)))
        return false;
      std::optional<std::vector<int64_t>> shape =
          tryBroadcast(ta.desc.shape, t.desc.shape);
      return shape && elementCount(*shape) <= limits.maxElements;
    });
  if (!b) {
    // Thresholds drawn from a's own values, so that both answers occur
    // (and equality holds somewhere).
    std::vector<int64_t> shape = broadcastableTo(rng, ta.desc.shape);
    // Inexact operands are compared with thresholds off their values.
    bool offset = !isExact(ta);
    std::vector<double> values(static_cast<size_t>(elementCount(shape)));
    for (double &v : values) {
      v = ta.value[size_t(rng.range(0, int64_t(ta.size()) - 1))];
      if (offset)
        v += rng.chance(0.5) ? 0.03125 : -0.03125;
    }
    if (isFloat(ta))
      for (double &v : values)
        v = double(float(v));
    b = constant("threshold", {type, shape}, values);
  }
  Name first = *a, second = *b;
  if (rng.chance(0.3))
    std::swap(first, second);
  return bool(
      emit(kind, Json::array({argument("a", first), argument("b", second)})));
}

std::optional<Name> GraphGenerator::mask() {
  if (std::optional<Name> existing = pick(isUint8))
    return existing;
  if (!comparison())
    return std::nullopt;
  return operands().back();
}

bool GraphGenerator::logical() {
  static const std::vector<std::string> kinds = {"logicalNot", "logicalAnd",
                                                 "logicalOr",  "logicalXor",
                                                 "isNaN",      "isInfinite"};
  std::string kind = rng.pick(kinds);
  if (kind == "isNaN" || kind == "isInfinite") {
    std::optional<Name> x = pick([](const RefTensor &t) { return isFloat(t); });
    return x && emitUnary(kind, *x);
  }
  std::optional<Name> a = mask();
  if (!a)
    return false;
  if (kind == "logicalNot")
    return bool(emitUnary(kind, *a));
  std::vector<int64_t> aShape = shapeOf(*a);
  std::optional<Name> b;
  if (rng.chance(0.6))
    b = pick([&](const RefTensor &t) {
      if (!isUint8(t))
        return false;
      std::optional<std::vector<int64_t>> shape =
          tryBroadcast(aShape, t.desc.shape);
      return shape && elementCount(*shape) <= limits.maxElements;
    });
  if (!b) {
    // Any non-zero value is true.
    std::vector<int64_t> shape = broadcastableTo(rng, aShape);
    std::vector<double> values(static_cast<size_t>(elementCount(shape)));
    for (double &v : values)
      v = rng.pick<double>({0, 0, 1, 1, 2, 255});
    b = constant("mask", {DataType::Uint8, shape}, values);
  }
  Name first = *a, second = *b;
  if (rng.chance(0.3))
    std::swap(first, second);
  return bool(
      emit(kind, Json::array({argument("a", first), argument("b", second)})));
}

bool GraphGenerator::select() {
  std::optional<Name> condition = mask();
  if (!condition)
    return false;
  std::vector<int64_t> conditionShape = shapeOf(*condition);
  auto fits = [&](const std::vector<int64_t> &a,
                  const std::vector<int64_t> &b) {
    std::optional<std::vector<int64_t>> shape = tryBroadcast(a, b);
    return shape && elementCount(*shape) <= limits.maxElements;
  };
  bool wantInteger = rng.chance(0.25);
  std::optional<Name> onTrue = pick([&](const RefTensor &t) {
    return (wantInteger ? !isFloat(t) : isFloat(t)) &&
           fits(conditionShape, t.desc.shape);
  });
  if (!onTrue)
    return false;
  DataType type = typeOf(*onTrue);
  std::vector<int64_t> shape =
      broadcastShapes(conditionShape, shapeOf(*onTrue));
  std::optional<Name> onFalse;
  if (rng.chance(0.5))
    onFalse = pick([&](const RefTensor &t) {
      return t.desc.dataType == type && fits(shape, t.desc.shape);
    });
  if (!onFalse) {
    double lo = -1, hi = 1;
    if (type == DataType::Uint8 || type == DataType::Uint32)
      lo = 0, hi = 3;
    else if (!isFloatType(type))
      lo = -5, hi = 5;
    onFalse = broadcastConstant(shape, type, lo, hi);
  }
  Name first = *onTrue, second = *onFalse;
  if (rng.chance(0.5))
    std::swap(first, second);
  return bool(emit("where", Json::array({argument("condition", *condition),
                                         argument("trueValue", first),
                                         argument("falseValue", second)})));
}

} // namespace wnn::fuzz
