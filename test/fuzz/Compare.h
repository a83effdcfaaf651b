//===- Compare.h - Comparing compiled outputs with the reference -*- C++
//-*-===//
//
// The tolerance rule (docs/testing.md): an element whose reference bound is
// 0 (only exact operations on exact data led to it) must match exactly;
// otherwise |actual - reference| may be at most 2 * bound + 1 ULP of the
// reference value. The factor 2 is headroom over the worst-case bound for
// implementations whose functions are less accurate than the allowances
// assumed in ErrorModel.h. Integers must match within their bound (exactly,
// in practice).
//
//===----------------------------------------------------------------------===//
#ifndef WNN_TEST_FUZZ_COMPARE_H
#define WNN_TEST_FUZZ_COMPARE_H

#include "Reference.h"

namespace wnn::fuzz {

/// The tolerance of one element, or a negative number when the bound is
/// infinite and the element cannot be checked.
double elementTolerance(DataType type, double value, double bound);

/// The first mismatching element of an output and how many there are.
struct Mismatch {
  std::string output;
  int64_t index = -1;
  double actual = 0, expected = 0, tolerance = 0;
  int64_t count = 0, total = 0;
  /// The largest |actual - expected| / tolerance over the elements with a
  /// nonzero tolerance: how close a passing output came to failing.
  double worstUse = 0;
  int64_t worstIndex = -1;

  std::string describe() const;
};

/// An element of a runtime buffer of `type` as a double.
double readElement(DataType type, const void *buffer, size_t index);

/// Compares a runtime output with the reference element by element.
/// Returns true if every element is within its tolerance.
bool compareOutput(const std::string &name, const RefTensor &reference,
                   const void *buffer, Mismatch &mismatch);

/// The one absolute tolerance a replayed test file carries: the largest
/// element tolerance of `outputs`, plus the rounding of the expected values
/// to float32 in the file.
double replayTolerance(const std::vector<const RefTensor *> &outputs);
/// Whether every bound of `outputs` is finite (a file can replay them).
bool allBoundsFinite(const std::vector<const RefTensor *> &outputs);

/// The comparison wnn-conformance makes when it replays a test file: each
/// element within `absoluteTolerance` of the float32-rounded reference.
bool compareOutputAsReplayed(const std::string &name,
                             const RefTensor &reference, const void *buffer,
                             double absoluteTolerance, Mismatch &mismatch);

} // namespace wnn::fuzz

#endif // WNN_TEST_FUZZ_COMPARE_H
