//===- Compare.cpp - Comparing compiled outputs with the reference --------===//

#include "Compare.h"

#include "ErrorModel.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace wnn::fuzz {

double elementTolerance(DataType type, double value, double bound) {
  if (!std::isfinite(bound))
    return -1;
  if (!isFloatType(type) || bound == 0)
    return bound;
  return 2 * bound + ulp32(value);
}

static std::string formatNumber(double value) {
  char text[64];
  std::snprintf(text, sizeof(text), "%.9g", value);
  return text;
}

std::string Mismatch::describe() const {
  return "output '" + output + "' index " + std::to_string(index) + ": got " +
         formatNumber(actual) + ", expected " + formatNumber(expected) +
         " (|difference| " + formatNumber(std::fabs(actual - expected)) +
         ", tolerance " + formatNumber(tolerance) + "; " +
         std::to_string(count) + " of " + std::to_string(total) +
         " elements differ)";
}

double readElement(DataType type, const void *buffer, size_t index) {
  auto read = [&](auto zero) {
    decltype(zero) value;
    std::memcpy(&value,
                static_cast<const char *>(buffer) + index * sizeof(value),
                sizeof(value));
    return double(value);
  };
  switch (type) {
  case DataType::Float32:
    return read(float(0));
  case DataType::Int32:
    return read(int32_t(0));
  case DataType::Uint32:
    return read(uint32_t(0));
  case DataType::Int64:
    return read(int64_t(0));
  case DataType::Uint64:
    return read(uint64_t(0));
  case DataType::Int8:
    return read(int8_t(0));
  case DataType::Uint8:
    return read(uint8_t(0));
  default:
    return std::nan("");
  }
}

/// Shared loop: `tolerance(i)` < 0 skips an element; `expected(i)` is the
/// value compared against.
template <typename Tolerance, typename Expected>
static bool compareWith(const std::string &name, const RefTensor &reference,
                        const void *buffer, Tolerance tolerance,
                        Expected expected, Mismatch &mismatch) {
  mismatch = Mismatch();
  mismatch.output = name;
  mismatch.total = int64_t(reference.size());
  for (size_t i = 0; i < reference.size(); ++i) {
    double allowed = tolerance(i);
    if (allowed < 0)
      continue;
    double want = expected(i);
    double got = readElement(reference.desc.dataType, buffer, i);
    bool ok = std::isnan(want) ? std::isnan(got)
              : std::isinf(want)
                  ? got == want
                  : !std::isnan(got) && std::fabs(got - want) <= allowed;
    if (ok && allowed > 0 && std::isfinite(want) &&
        std::fabs(got - want) / allowed > mismatch.worstUse) {
      mismatch.worstUse = std::fabs(got - want) / allowed;
      mismatch.worstIndex = int64_t(i);
    }
    if (ok)
      continue;
    if (mismatch.count++ == 0) {
      mismatch.index = int64_t(i);
      mismatch.actual = got;
      mismatch.expected = want;
      mismatch.tolerance = allowed;
    }
  }
  return mismatch.count == 0;
}

bool compareOutput(const std::string &name, const RefTensor &reference,
                   const void *buffer, Mismatch &mismatch) {
  DataType type = reference.desc.dataType;
  return compareWith(
      name, reference, buffer,
      [&](size_t i) {
        return elementTolerance(type, reference.value[i], reference.bound[i]);
      },
      [&](size_t i) {
        // Exact elements compare with the float32 value an exact
        // implementation produces.
        return isFloatType(type) && reference.bound[i] == 0
                   ? double(float(reference.value[i]))
                   : reference.value[i];
      },
      mismatch);
}

static double roundedExpected(DataType type, double value) {
  return isFloatType(type) ? double(float(value)) : value;
}

double replayTolerance(const std::vector<const RefTensor *> &outputs) {
  double tolerance = 0;
  for (const RefTensor *t : outputs)
    for (size_t i = 0; i < t->size(); ++i) {
      double element =
          elementTolerance(t->desc.dataType, t->value[i], t->bound[i]);
      if (element < 0 || !std::isfinite(t->value[i]))
        continue;
      double rounding = std::fabs(
          roundedExpected(t->desc.dataType, t->value[i]) - t->value[i]);
      tolerance = std::max(tolerance, element + rounding);
    }
  return tolerance;
}

bool allBoundsFinite(const std::vector<const RefTensor *> &outputs) {
  for (const RefTensor *t : outputs)
    for (double bound : t->bound)
      if (!std::isfinite(bound))
        return false;
  return true;
}

bool compareOutputAsReplayed(const std::string &name,
                             const RefTensor &reference, const void *buffer,
                             double absoluteTolerance, Mismatch &mismatch) {
  DataType type = reference.desc.dataType;
  return compareWith(
      name, reference, buffer, [&](size_t) { return absoluteTolerance; },
      [&](size_t i) { return roundedExpected(type, reference.value[i]); },
      mismatch);
}

} // namespace wnn::fuzz
