//===- Generator.h - Random valid WebNN graphs ------------------*- C++ -*-===//
//
// Draws one graph per seed. The generator builds the graph operator by
// operator and evaluates each with the reference as it goes, so it knows
// every operand's values and error bounds: it keeps only operators whose
// results are finite, of moderate magnitude and with tight bounds, and it
// picks parameters that are valid by construction.
//
//===----------------------------------------------------------------------===//
#ifndef WNN_TEST_FUZZ_GENERATOR_H
#define WNN_TEST_FUZZ_GENERATOR_H

#include "Reference.h"

namespace wnn::fuzz {

struct GeneratorOptions {
  int minOperators = 6;
  int maxOperators = 32;
  /// Largest tensor, in elements.
  int64_t maxElements = 65536;
  /// Largest multiply-accumulate count of one conv2d/matmul/gemm.
  int64_t maxMacs = 2'000'000;
};

struct GeneratedGraph {
  TestGraph graph;
  /// The reference values of every operand of `graph`.
  Environment reference;
};

/// The graph of `seed`; the same seed gives the same graph.
GeneratedGraph generateGraph(uint64_t seed,
                             const GeneratorOptions &options = {});

} // namespace wnn::fuzz

#endif // WNN_TEST_FUZZ_GENERATOR_H
