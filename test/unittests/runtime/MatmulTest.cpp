//===- MatmulTest.cpp - wnn_rt_matmul against a naive reference -----------===//

#include "TestUtil.h"

using namespace wnn::test;

namespace {

using Dims = std::vector<int64_t>;

int64_t count(const Dims &dims) {
  int64_t n = 1;
  for (int64_t d : dims)
    n *= d;
  return n;
}

struct MatmulCase {
  MatmulCase(Dims a, Dims b, Dims out, bool aT = false, bool bT = false)
      : a(std::move(a)), b(std::move(b)), out(std::move(out)), aT(aT), bT(bT) {}

  Dims a, b, out; // as stored
  bool aT, bT;
  double alpha = 1;
  Dims c;                // empty: no c
  bool residual = false; // needs an ADD_TENSOR post-op
  std::vector<PostOp> postOps;

  std::vector<int64_t> params() const {
    std::vector<int64_t> p = {int64_t(out.size())};
    p.insert(p.end(), a.begin(), a.end());
    p.insert(p.end(), b.begin(), b.end());
    p.insert(p.end(), out.begin(), out.end());
    p.push_back(aT);
    p.push_back(bT);
    p.push_back(f64Bits(alpha));
    p.push_back(!c.empty());
    for (size_t d = 0; d < out.size(); ++d)
      p.push_back(c.empty() ? 0 : c[d]);
    appendPostOps(p, postOps);
    return p;
  }
};

struct MatmulData {
  std::vector<float> a, b, c, residual;
};

MatmulData makeData(const MatmulCase &t, unsigned seed) {
  return {randomData(count(t.a), seed), randomData(count(t.b), seed + 1),
          randomData(t.c.empty() ? 0 : count(t.c), seed + 2),
          randomData(count(t.out), seed + 3)};
}

/// Offset of output index `idx` in a tensor of `dims` that broadcasts.
int64_t broadcastOffset(const Dims &idx, const Dims &dims) {
  int64_t off = 0;
  for (size_t d = 0; d < dims.size(); ++d)
    off = off * dims[d] + (dims[d] == 1 ? 0 : idx[d]);
  return off;
}

std::vector<float> reference(const MatmulCase &t, const MatmulData &d) {
  size_t r = t.out.size();
  int64_t m = t.out[r - 2], n = t.out[r - 1];
  int64_t k = t.aT ? t.a[r - 2] : t.a[r - 1];
  std::vector<float> out(count(t.out));
  Dims idx(r, 0);
  for (int64_t i = 0; i < count(t.out); ++i) {
    int64_t rem = i;
    for (size_t dim = r; dim-- > 0;) {
      idx[dim] = rem % t.out[dim];
      rem /= t.out[dim];
    }
    // Batch offsets of a and b (their last two dims are addressed below).
    Dims batch(idx.begin(), idx.end() - 2);
    Dims aBatchDims(t.a.begin(), t.a.end() - 2);
    Dims bBatchDims(t.b.begin(), t.b.end() - 2);
    int64_t aBase = broadcastOffset(batch, aBatchDims) * m * k;
    int64_t bBase = broadcastOffset(batch, bBatchDims) * k * n;
    int64_t row = idx[r - 2], col = idx[r - 1];
    double acc = 0;
    for (int64_t kk = 0; kk < k; ++kk) {
      float av = d.a[aBase + (t.aT ? kk * m + row : row * k + kk)];
      float bv = d.b[bBase + (t.bT ? col * k + kk : kk * n + col)];
      acc += double(av) * bv;
    }
    float v = float(t.alpha * acc);
    if (!t.c.empty())
      v += d.c[broadcastOffset(idx, t.c)];
    out[i] = applyPostOps(t.postOps, v, d.residual[i]);
  }
  return out;
}

std::vector<float> runMatmul(KernelHarness &h, const std::vector<int64_t> &p,
                             const MatmulCase &t, const MatmulData &d) {
  std::vector<float> out(count(t.out), -123.f);
  wnn_status status = h.run([&](void *ctx) {
    // Present inputs are packed in order; the remaining slots are null.
    std::vector<const float *> in{d.a.data(), d.b.data()};
    if (!t.c.empty())
      in.push_back(d.c.data());
    if (t.residual)
      in.push_back(d.residual.data());
    in.resize(WNN_KERNEL_MAX_INPUTS, nullptr);
    wnn_rt_matmul(ctx, p.data(), out.data(), in[0], in[1], in[2], in[3]);
  });
  EXPECT_EQ(status, WNN_OK) << wnn_last_error();
  return out;
}

void check(const MatmulCase &t) {
  KernelHarness h;
  MatmulData d = makeData(t, 11);
  std::vector<int64_t> p = t.params();
  std::vector<float> expected = reference(t, d);
  expectNear(runMatmul(h, p, t, d), expected);
  expectNear(runMatmul(h, p, t, d), expected);
}

TEST(Matmul, TwoD) { check({{3, 5}, {5, 4}, {3, 4}}); }

TEST(Matmul, Larger) { check({{64, 96}, {96, 80}, {64, 80}}); }

TEST(Matmul, Transposes) {
  check({{5, 3}, {5, 4}, {3, 4}, true, false});
  check({{3, 5}, {4, 5}, {3, 4}, false, true});
  check({{5, 3}, {4, 5}, {3, 4}, true, true});
  check({{2, 33, 17}, {2, 24, 33}, {2, 17, 24}, true, true});
}

TEST(Matmul, Batched) {
  check({{2, 3, 4}, {2, 4, 5}, {2, 3, 5}});
  check({{4, 3, 8}, {1, 8, 6}, {4, 3, 6}});
  check({{1, 3, 8}, {4, 8, 6}, {4, 3, 6}});
  check({{2, 1, 3, 4}, {1, 3, 4, 5}, {2, 3, 3, 5}});
}

TEST(Matmul, RankSix) {
  check({{2, 1, 2, 1, 3, 4}, {1, 2, 1, 2, 4, 2}, {2, 2, 2, 2, 3, 2}});
}

TEST(Matmul, Alpha) {
  MatmulCase t{{3, 5}, {5, 4}, {3, 4}};
  t.alpha = 0.5;
  check(t);
  t.alpha = -2;
  t.bT = true;
  t.b = {4, 5};
  check(t);
}

TEST(Matmul, CBroadcast) {
  MatmulCase t{{3, 5}, {5, 4}, {3, 4}};
  t.c = {3, 4};
  check(t);
  t.c = {1, 4};
  check(t);
  t.c = {3, 1};
  check(t);
  t.c = {1, 1};
  check(t);
  MatmulCase u{{2, 3, 5}, {2, 5, 4}, {2, 3, 4}};
  for (Dims c : {Dims{2, 3, 4}, Dims{1, 1, 4}, Dims{2, 1, 1}, Dims{1, 3, 1},
                 Dims{2, 1, 4}, Dims{1, 1, 1}}) {
    SCOPED_TRACE("c " + std::to_string(c[0]) + "x" + std::to_string(c[1]) +
                 "x" + std::to_string(c[2]));
    u.c = c;
    check(u);
  }
}

TEST(Matmul, AlphaThenCThenPostOps) {
  // relu(alpha * a x b + c): c goes after scaling and before the post-ops.
  MatmulCase t{{4, 6}, {6, 5}, {4, 5}};
  t.alpha = 0.25;
  t.c = {1, 5};
  t.postOps = {{WNN_POST_RELU}};
  check(t);
  t.postOps = {{WNN_POST_GELU}, {WNN_POST_LINEAR, 3, 0.5}};
  check(t);
}

TEST(Matmul, EachPostOp) {
  for (PostOp op : std::vector<PostOp>{{WNN_POST_RELU},
                                       {WNN_POST_LEAKY_RELU, 0.2},
                                       {WNN_POST_CLAMP, -0.3, 0.4},
                                       {WNN_POST_SIGMOID},
                                       {WNN_POST_TANH},
                                       {WNN_POST_ELU, 1.0},
                                       {WNN_POST_GELU},
                                       {WNN_POST_HARD_SWISH},
                                       {WNN_POST_LINEAR, -1, 2}}) {
    SCOPED_TRACE("post-op kind " + std::to_string(op.kind));
    MatmulCase t{{4, 8}, {8, 16}, {4, 16}};
    t.postOps = {op};
    check(t);
  }
}

TEST(Matmul, ResidualAdd) {
  MatmulCase t{{2, 3, 8}, {8, 4}, {2, 3, 4}};
  t.b = {1, 8, 4};
  t.c = {1, 1, 4};
  t.residual = true;
  t.postOps = {{WNN_POST_ADD_TENSOR}, {WNN_POST_TANH}};
  check(t);
}

TEST(Matmul, ResidualInTheOutputBuffer) {
  MatmulCase t{{16, 32}, {32, 24}, {16, 24}};
  t.c = {1, 24};
  t.residual = true;
  t.postOps = {{WNN_POST_ADD_TENSOR}, {WNN_POST_SIGMOID}};
  MatmulData d = makeData(t, 3);
  std::vector<float> expected = reference(t, d);
  std::vector<int64_t> p = t.params();
  KernelHarness h;
  std::vector<float> out = d.residual;
  wnn_status status = h.run([&](void *ctx) {
    wnn_rt_matmul(ctx, p.data(), out.data(), d.a.data(), d.b.data(), d.c.data(),
                  out.data());
  });
  ASSERT_EQ(status, WNN_OK) << wnn_last_error();
  expectNear(out, expected);
}

TEST(Matmul, CInTheOutputBuffer) {
  // out = a x b + out, as an in-place gemm would call it.
  MatmulCase t{{16, 32}, {32, 24}, {16, 24}};
  t.c = {16, 24};
  MatmulData d = makeData(t, 4);
  std::vector<float> expected = reference(t, d);
  std::vector<int64_t> p = t.params();
  KernelHarness h;
  std::vector<float> out = d.c;
  wnn_status status = h.run([&](void *ctx) {
    wnn_rt_matmul(ctx, p.data(), out.data(), d.a.data(), d.b.data(), out.data(),
                  nullptr);
  });
  ASSERT_EQ(status, WNN_OK) << wnn_last_error();
  expectNear(out, expected);
}

TEST(Matmul, BadParametersReportAnError) {
  KernelHarness h;
  std::vector<float> buf(64);
  auto expectError = [&](const std::vector<int64_t> &p,
                         const std::string &text) {
    wnn_status status = h.run([&](void *ctx) {
      wnn_rt_matmul(ctx, p.data(), buf.data(), buf.data(), buf.data(),
                    buf.data(), nullptr);
    });
    EXPECT_EQ(status, WNN_ERROR_KERNEL);
    EXPECT_NE(std::string(wnn_last_error()).find(text), std::string::npos)
        << wnn_last_error();
  };
  expectError({7}, "matmul: bad parameter block: rank 7");
  // K mismatch.
  expectError(MatmulCase{{3, 5}, {4, 4}, {3, 4}}.params(),
              "inconsistent shapes: a [3,5], b [4,4], output [3,4]");
  // Batch dims that do not broadcast.
  expectError(MatmulCase{{2, 3, 5}, {3, 5, 4}, {3, 3, 4}}.params(),
              "batch dimensions do not broadcast");
  MatmulCase t{{3, 5}, {5, 4}, {3, 4}};
  t.c = {2, 4};
  expectError(t.params(), "c [2,4] does not broadcast to the output [3,4]");
}

TEST(Matmul, NullContextUsesAFallback) {
  MatmulCase t{{2, 3}, {3, 2}, {2, 2}};
  MatmulData d = makeData(t, 5);
  std::vector<int64_t> p = t.params();
  std::vector<float> out(4);
  wnn_rt_matmul(nullptr, p.data(), out.data(), d.a.data(), d.b.data(), nullptr,
                nullptr);
  expectNear(out, reference(t, d));
  // Without a session nothing is treated as constant: new weights count.
  for (float &x : d.b)
    x = -x;
  wnn_rt_matmul(nullptr, p.data(), out.data(), d.a.data(), d.b.data(), nullptr,
                nullptr);
  expectNear(out, reference(t, d));
  std::vector<int64_t> bad = {1};
  wnn_rt_matmul(nullptr, bad.data(), out.data(), d.a.data(), d.b.data(),
                nullptr, nullptr);
  EXPECT_NE(std::string(wnn_last_error()).find("rank 1"), std::string::npos);
}

} // namespace
