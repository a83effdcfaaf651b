//===- ConvTest.cpp - wnn_rt_conv2d against a naive reference -------------===//

#include "TestUtil.h"

using namespace wnn::test;

namespace {

struct ConvCase {
  int64_t n = 1, c = 3, ih = 8, iw = 8, oc = 4, kh = 3, kw = 3;
  int64_t groups = 1, sh = 1, sw = 1, dh = 1, dw = 1;
  int64_t pt = 0, pb = 0, pl = 0, pr = 0;
  bool nhwc = false, bias = false, residual = false;
  std::vector<PostOp> postOps;

  int64_t oh() const { return (ih + pt + pb - ((kh - 1) * dh + 1)) / sh + 1; }
  int64_t ow() const { return (iw + pl + pr - ((kw - 1) * dw + 1)) / sw + 1; }

  std::vector<int64_t> params() const {
    std::vector<int64_t> p = {
        n,  c,  ih, iw, oc, kh, kw, oh(), ow(),         groups,
        sh, sw, dh, dw, pt, pb, pl, pr,   nhwc ? 1 : 0, bias ? 1 : 0};
    appendPostOps(p, postOps);
    return p;
  }
  /// Offset of (n, c, h, w) in an activation with `channels` channels.
  int64_t at(int64_t b, int64_t ch, int64_t h, int64_t w, int64_t channels,
             int64_t height, int64_t width) const {
    return nhwc ? ((b * height + h) * width + w) * channels + ch
                : ((b * channels + ch) * height + h) * width + w;
  }
};

struct ConvData {
  std::vector<float> input, filter, bias, residual;
};

ConvData makeData(const ConvCase &t, unsigned seed) {
  ConvData d;
  d.input = randomData(t.n * t.c * t.ih * t.iw, seed);
  d.filter = randomData(t.oc * (t.c / t.groups) * t.kh * t.kw, seed + 1);
  d.bias = randomData(t.oc, seed + 2);
  d.residual = randomData(t.n * t.oc * t.oh() * t.ow(), seed + 3);
  return d;
}

std::vector<float> reference(const ConvCase &t, const ConvData &d) {
  int64_t oh = t.oh(), ow = t.ow(), cg = t.c / t.groups, og = t.oc / t.groups;
  std::vector<float> out(t.n * t.oc * oh * ow);
  for (int64_t b = 0; b < t.n; ++b)
    for (int64_t o = 0; o < t.oc; ++o)
      for (int64_t y = 0; y < oh; ++y)
        for (int64_t x = 0; x < ow; ++x) {
          int64_t g = o / og;
          double acc = t.bias ? d.bias[o] : 0;
          for (int64_t ci = 0; ci < cg; ++ci)
            for (int64_t ky = 0; ky < t.kh; ++ky)
              for (int64_t kx = 0; kx < t.kw; ++kx) {
                int64_t iy = y * t.sh - t.pt + ky * t.dh;
                int64_t ix = x * t.sw - t.pl + kx * t.dw;
                if (iy < 0 || iy >= t.ih || ix < 0 || ix >= t.iw)
                  continue;
                acc += double(d.input[t.at(b, g * cg + ci, iy, ix, t.c, t.ih,
                                           t.iw)]) *
                       d.filter[((o * cg + ci) * t.kh + ky) * t.kw + kx];
              }
          int64_t off = t.at(b, o, y, x, t.oc, oh, ow);
          out[off] = applyPostOps(t.postOps, float(acc), d.residual[off]);
        }
  return out;
}

std::vector<float> runConv(KernelHarness &h, const std::vector<int64_t> &p,
                           const ConvCase &t, const ConvData &d) {
  std::vector<float> out(t.n * t.oc * t.oh() * t.ow(), -123.f);
  wnn_status status = h.run([&](void *ctx) {
    // Present inputs are packed in order; the remaining slots are null.
    std::vector<const float *> in{d.input.data(), d.filter.data()};
    if (t.bias)
      in.push_back(d.bias.data());
    if (t.residual)
      in.push_back(d.residual.data());
    in.resize(WNN_KERNEL_MAX_INPUTS, nullptr);
    wnn_rt_conv2d(ctx, p.data(), out.data(), in[0], in[1], in[2], in[3]);
  });
  EXPECT_EQ(status, WNN_OK) << wnn_last_error();
  return out;
}

void check(const ConvCase &t, unsigned seed = 1) {
  KernelHarness h;
  ConvData d = makeData(t, seed);
  std::vector<int64_t> p = t.params();
  std::vector<float> expected = reference(t, d);
  expectNear(runConv(h, p, t, d), expected);
  // A second run goes through the cached primitive and weights.
  expectNear(runConv(h, p, t, d), expected);
}

TEST(Conv2d, Basic) { check(ConvCase{}); }

TEST(Conv2d, Bias) {
  ConvCase t;
  t.bias = true;
  check(t);
}

TEST(Conv2d, Groups) {
  ConvCase t;
  t.c = 4;
  t.oc = 6;
  t.groups = 2;
  t.bias = true;
  check(t);
}

TEST(Conv2d, Depthwise) {
  ConvCase t;
  t.c = t.oc = t.groups = 8;
  t.pt = t.pb = t.pl = t.pr = 1;
  check(t);
  t.nhwc = true;
  check(t);
}

TEST(Conv2d, DepthwiseMultiplier) {
  ConvCase t;
  t.c = t.groups = 4;
  t.oc = 8;
  t.nhwc = true;
  check(t);
}

TEST(Conv2d, Nhwc) {
  ConvCase t;
  t.n = 2;
  t.nhwc = true;
  t.bias = true;
  check(t);
}

TEST(Conv2d, StridesDilationsAsymmetricPadding) {
  ConvCase t;
  t.ih = 11;
  t.iw = 9;
  t.sh = 2;
  t.sw = 3;
  t.dh = 2;
  t.dw = 1;
  t.pt = 1;
  t.pb = 2;
  t.pl = 0;
  t.pr = 3;
  t.bias = true;
  check(t);
  t.nhwc = true;
  t.c = 16;
  t.oc = 32;
  check(t);
}

TEST(Conv2d, PointwiseLarge) {
  ConvCase t;
  t.n = 2;
  t.c = 32;
  t.oc = 64;
  t.kh = t.kw = 1;
  t.ih = t.iw = 14;
  t.nhwc = true;
  t.bias = true;
  check(t);
}

// NCHW activations with many channels: oneDNN computes in a blocked layout
// of its choice, and input and output are reordered around the primitive.
TEST(Conv2d, NchwInABlockedLayout) {
  ConvCase t;
  t.n = 2;
  t.c = 32;
  t.oc = 48;
  t.ih = 13;
  t.iw = 11;
  t.pt = t.pb = t.pl = t.pr = 1;
  t.sh = 2;
  t.bias = true;
  t.postOps = {{WNN_POST_RELU, 0, 0}};
  check(t);
  // The same shapes with a residual keep the caller's layout.
  t.residual = true;
  t.postOps = {{WNN_POST_ADD_TENSOR, 0, 0}, {WNN_POST_RELU, 0, 0}};
  check(t);
}

TEST(Conv2d, EachPostOp) {
  const std::vector<PostOp> ops = {
      {WNN_POST_RELU},
      {WNN_POST_LEAKY_RELU, 0.1},
      {WNN_POST_CLAMP, -0.5, 0.75},
      {WNN_POST_CLAMP, 0, 6},
      {WNN_POST_SIGMOID},
      {WNN_POST_TANH},
      {WNN_POST_ELU, 0.7},
      {WNN_POST_GELU},
      {WNN_POST_HARD_SWISH},
      {WNN_POST_LINEAR, 2.5, -1},
  };
  for (const PostOp &op : ops) {
    SCOPED_TRACE("post-op kind " + std::to_string(op.kind));
    ConvCase t;
    t.c = 16;
    t.oc = 16;
    t.bias = true;
    t.nhwc = true;
    t.postOps = {op};
    // Wider inputs so that every branch (e.g. both hard-swish bends) shows.
    KernelHarness h;
    ConvData d = makeData(t, 7);
    for (float &x : d.input)
      x *= 2;
    expectNear(runConv(h, t.params(), t, d), reference(t, d));
  }
}

TEST(Conv2d, ClampWithInfiniteBound) {
  ConvCase t;
  t.postOps = {{WNN_POST_CLAMP, 0, INFINITY}};
  check(t);
}

TEST(Conv2d, ResidualAddThenActivation) {
  ConvCase t;
  t.bias = true;
  t.residual = true;
  t.postOps = {{WNN_POST_ADD_TENSOR}, {WNN_POST_RELU}};
  check(t);
  t.nhwc = true;
  t.postOps = {{WNN_POST_LINEAR, 0.5, 0},
               {WNN_POST_ADD_TENSOR},
               {WNN_POST_CLAMP, -0.25, 0.25}};
  check(t);
}

TEST(Conv2d, ResidualInTheOutputBuffer) {
  // The residual may live in the output buffer (an in-place add).
  for (bool nhwc : {false, true}) {
    ConvCase t;
    t.c = 8;
    t.oc = 16;
    t.nhwc = nhwc;
    t.bias = true;
    t.residual = true;
    t.postOps = {{WNN_POST_ADD_TENSOR}, {WNN_POST_RELU}};
    ConvData d = makeData(t, 21);
    std::vector<float> expected = reference(t, d);
    std::vector<int64_t> p = t.params();
    KernelHarness h;
    for (int run = 0; run < 2; ++run) {
      std::vector<float> out = d.residual;
      wnn_status status = h.run([&](void *ctx) {
        wnn_rt_conv2d(ctx, p.data(), out.data(), d.input.data(),
                      d.filter.data(), d.bias.data(), out.data());
      });
      ASSERT_EQ(status, WNN_OK) << wnn_last_error();
      expectNear(out, expected);
    }
  }
}

TEST(Conv2d, BadParametersReportAnError) {
  ConvCase t;
  t.c = 3;
  t.groups = 2; // does not divide 3 channels
  t.oc = 4;
  KernelHarness h;
  std::vector<float> input(3 * 64), filter(4 * 3 * 9), out(4 * 36);
  std::vector<int64_t> p = t.params();
  int calls = 0;
  wnn_status status = h.run([&](void *ctx) {
    wnn_rt_conv2d(ctx, p.data(), out.data(), input.data(), filter.data(),
                  nullptr, nullptr);
    ++calls;
  });
  EXPECT_EQ(status, WNN_ERROR_KERNEL);
  EXPECT_EQ(calls, 1);
  EXPECT_NE(std::string(wnn_last_error())
                .find("conv2d: bad parameter block: "
                      "groups 2 does not divide"),
            std::string::npos)
      << wnn_last_error();

  // Inconsistent output size: oneDNN rejects it; the message says so.
  ConvCase u;
  std::vector<int64_t> q = u.params();
  q[7] += 1;
  status = h.run([&](void *ctx) {
    wnn_rt_conv2d(ctx, q.data(), out.data(), input.data(), filter.data(),
                  nullptr, nullptr);
  });
  EXPECT_EQ(status, WNN_ERROR_KERNEL);
  EXPECT_NE(std::string(wnn_last_error()).find("conv2d: oneDNN"),
            std::string::npos)
      << wnn_last_error();

  // A residual post-op without a residual tensor.
  ConvCase v;
  v.postOps = {{WNN_POST_ADD_TENSOR}};
  std::vector<int64_t> r = v.params();
  status = h.run([&](void *ctx) {
    wnn_rt_conv2d(ctx, r.data(), out.data(), input.data(), filter.data(),
                  nullptr, nullptr);
  });
  EXPECT_EQ(status, WNN_ERROR_KERNEL);
  EXPECT_NE(std::string(wnn_last_error()).find("no residual"),
            std::string::npos)
      << wnn_last_error();

  // Unknown post-op kinds are errors, not crashes.
  ConvCase w;
  w.postOps = {{42}};
  std::vector<int64_t> s = w.params();
  status = h.run([&](void *ctx) {
    wnn_rt_conv2d(ctx, s.data(), out.data(), input.data(), filter.data(),
                  nullptr, nullptr);
  });
  EXPECT_EQ(status, WNN_ERROR_KERNEL);
  EXPECT_NE(std::string(wnn_last_error()).find("unknown post-op kind 42"),
            std::string::npos)
      << wnn_last_error();

  // The session still works afterwards.
  ConvCase ok;
  ConvData d = makeData(ok, 3);
  expectNear(runConv(h, ok.params(), ok, d), reference(ok, d));
}

} // namespace
