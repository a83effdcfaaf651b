//===- Random.h - Deterministic random numbers for the fuzzer ---*- C++ -*-===//
//
// xoshiro256** seeded through splitmix64. The standard distributions are
// implementation-defined, so graphs are drawn with these helpers instead:
// a seed gives the same graph with any standard library.
//
//===----------------------------------------------------------------------===//
#ifndef WNN_TEST_FUZZ_RANDOM_H
#define WNN_TEST_FUZZ_RANDOM_H

#include <cstdint>
#include <utility>
#include <vector>

namespace wnn::fuzz {

class Random {
public:
  explicit Random(uint64_t seed) {
    for (uint64_t &word : state) {
      seed += 0x9E3779B97F4A7C15ull;
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      word = z ^ (z >> 31);
    }
  }

  uint64_t next() {
    uint64_t result = rotl(state[1] * 5, 7) * 9;
    uint64_t t = state[1] << 17;
    state[2] ^= state[0];
    state[3] ^= state[1];
    state[1] ^= state[2];
    state[0] ^= state[3];
    state[2] ^= t;
    state[3] = rotl(state[3], 45);
    return result;
  }

  /// Uniform integer in [lo, hi].
  int64_t range(int64_t lo, int64_t hi) {
    if (hi <= lo)
      return lo;
    return lo + int64_t(next() % uint64_t(hi - lo + 1));
  }
  /// Uniform double in [0, 1).
  double unit() { return double(next() >> 11) * 0x1p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * unit(); }
  /// True with probability p.
  bool chance(double p) { return unit() < p; }

  template <typename T> T pick(const std::vector<T> &values) {
    return values[size_t(range(0, int64_t(values.size()) - 1))];
  }
  /// An index drawn with the given relative weights.
  size_t weighted(const std::vector<double> &weights) {
    double total = 0;
    for (double w : weights)
      total += w;
    double r = unit() * total;
    for (size_t i = 0; i < weights.size(); ++i) {
      if (r < weights[i])
        return i;
      r -= weights[i];
    }
    return weights.size() - 1;
  }
  template <typename T> void shuffle(std::vector<T> &values) {
    for (size_t i = values.size(); i > 1; --i)
      std::swap(values[i - 1], values[size_t(range(0, int64_t(i) - 1))]);
  }

private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t state[4];
};

} // namespace wnn::fuzz

#endif // WNN_TEST_FUZZ_RANDOM_H
