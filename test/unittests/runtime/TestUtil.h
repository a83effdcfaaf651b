//===- TestUtil.h - Helpers for the runtime tests ---------------*- C++ -*-===//
#ifndef WNN_TEST_RUNTIME_TESTUTIL_H
#define WNN_TEST_RUNTIME_TESTUTIL_H

#include "wnn/c/runtime.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <random>
#include <vector>

namespace wnn::test {

inline int64_t f64Bits(double value) {
  int64_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  return bits;
}

struct PostOp {
  int64_t kind;
  double alpha = 0, beta = 0;
};

inline void appendPostOps(std::vector<int64_t> &params,
                          const std::vector<PostOp> &ops) {
  params.push_back(int64_t(ops.size()));
  for (const PostOp &op : ops) {
    params.push_back(op.kind);
    params.push_back(f64Bits(op.alpha));
    params.push_back(f64Bits(op.beta));
  }
}

/// The reference semantics of artifact.h's post-op kinds.
inline float applyPostOp(const PostOp &op, float x, float residual) {
  float a = float(op.alpha), b = float(op.beta);
  switch (op.kind) {
  case WNN_POST_RELU:
    return std::max(x, 0.f);
  case WNN_POST_LEAKY_RELU:
    return x >= 0 ? x : a * x;
  case WNN_POST_CLAMP:
    return std::min(std::max(x, a), b);
  case WNN_POST_SIGMOID:
    return 1.f / (1.f + std::exp(-x));
  case WNN_POST_TANH:
    return std::tanh(x);
  case WNN_POST_ELU:
    return x >= 0 ? x : a * (std::exp(x) - 1.f);
  case WNN_POST_GELU:
    return 0.5f * x * (1.f + std::erf(x / std::sqrt(2.f)));
  case WNN_POST_HARD_SWISH:
    return x * std::max(0.f, std::min(6.f, x + 3.f)) / 6.f;
  case WNN_POST_LINEAR:
    return a * x + b;
  case WNN_POST_ADD_TENSOR:
    return x + residual;
  }
  ADD_FAILURE() << "unknown post-op " << op.kind;
  return x;
}

inline float applyPostOps(const std::vector<PostOp> &ops, float x,
                          float residual) {
  for (const PostOp &op : ops)
    x = applyPostOp(op, x, residual);
  return x;
}

inline std::vector<float> randomData(size_t n, unsigned seed,
                                     float scale = 1.f) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> dist(-scale, scale);
  std::vector<float> v(n);
  for (float &x : v)
    x = dist(gen);
  return v;
}

inline void expectNear(const std::vector<float> &actual,
                       const std::vector<float> &expected,
                       float tolerance = 1e-4f) {
  ASSERT_EQ(actual.size(), expected.size());
  size_t bad = 0;
  for (size_t i = 0; i < actual.size(); ++i) {
    float limit = tolerance * (1.f + std::fabs(expected[i]));
    if (!(std::fabs(actual[i] - expected[i]) <= limit) && ++bad <= 5)
      ADD_FAILURE() << "element " << i << ": got " << actual[i] << ", expected "
                    << expected[i];
  }
  EXPECT_EQ(bad, 0u) << "mismatching elements";
}

/// A session of a model whose run function calls `body(ctx)`: runs kernels
/// through the real ctx plumbing without a compiled artifact.
class KernelHarness {
public:
  KernelHarness() {
    EXPECT_EQ(wnn_model_from_descriptor(&desc, &model), WNN_OK)
        << wnn_last_error();
    EXPECT_EQ(wnn_session_create(model, &session), WNN_OK) << wnn_last_error();
  }
  ~KernelHarness() {
    wnn_session_release(session);
    wnn_model_release(model);
  }
  wnn_status run(std::function<void(void *)> fn) {
    body() = std::move(fn);
    float dummy = 0;
    void *outputs[] = {&dummy};
    wnn_status status = wnn_session_run(session, nullptr, outputs);
    body() = nullptr;
    return status;
  }
  wnn_session *get() const { return session; }

private:
  static std::function<void(void *)> &body() {
    static std::function<void(void *)> fn;
    return fn;
  }
  static void runBody(void *ctx, void *const *, void *const *, void *) {
    body()(ctx);
  }
  static constexpr int64_t shape[1] = {1};
  static constexpr wnn_tensor_desc output = {"dummy", WNN_FLOAT32, 1, shape};
  static constexpr wnn_model_desc desc = {
      WNN_ABI_VERSION, 0, 1, 0, nullptr, &output, 0, 64, &runBody};
  wnn_model *model = nullptr;
  wnn_session *session = nullptr;
};

} // namespace wnn::test

#endif // WNN_TEST_RUNTIME_TESTUTIL_H
