//===- Minimizer.h - Shrinking a failing graph ------------------*- C++ -*-===//
//
// Greedy delta debugging over operators. Candidate edits, tried until none
// keeps the failure:
//   * drop a graph output;
//   * remove an operator, rerouting its readers to an operand of the same
//     type and shape defined before it (its own operands first);
//   * cut the graph at an operator: its results become graph inputs that
//     hold the reference values, and everything only it needed goes away.
// After each edit, operators and inputs that no output needs are dropped.
// An edit is kept when the graph still fails on the same kernel path in
// the same way (same failure kind; same signal for crashes; for mismatches
// also under the single tolerance of a replayed test file).
//
//===----------------------------------------------------------------------===//
#ifndef WNN_TEST_FUZZ_MINIMIZER_H
#define WNN_TEST_FUZZ_MINIMIZER_H

#include "Execution.h"

namespace wnn::fuzz {

struct MinimizeOptions {
  KernelPath kernels = KernelPath::OneDNN;
  unsigned timeoutSeconds = 120;
  int threads = 2;
  int maxAttempts = 250;
  double maxSeconds = 900;
  bool verbose = false;
};

struct MinimizeResult {
  TestGraph graph;
  Environment reference;
  RunOutcome outcome;
  int attempts = 0;
  int accepted = 0;
};

/// Removes operators and inputs that no graph output needs.
void pruneGraph(TestGraph &graph);

/// Shrinks `graph`, which fails as `failure` on `options.kernels`.
MinimizeResult minimizeGraph(const TestGraph &graph, const RunOutcome &failure,
                             const MinimizeOptions &options);

} // namespace wnn::fuzz

#endif // WNN_TEST_FUZZ_MINIMIZER_H
