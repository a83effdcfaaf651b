//===- FanOutTest.cpp - Tensors read by several kernels -------------------===//
//
// The first bottleneck block of ResNet-50: the max-pooled activations feed a
// three-convolution branch and a projection shortcut, which an add joins.
// The pooled tensor must stay alive (and untouched) until the shortcut reads
// it, on both kernel paths, although the other branch needs lots of memory.
//
//===----------------------------------------------------------------------===//

#include "wnn/Builder.h"
#include "wnn/Compiler.h"

#include "RunGraph.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cmath>
#include <random>

using namespace wnn;
using wnn::test::f32;
using wnn::test::runOnce;

namespace {

/// A dense NCHW tensor of the reference computation (batch 1).
struct Tensor {
  int64_t c = 0, h = 0, w = 0;
  std::vector<float> data;
  float &at(int64_t ci, int64_t y, int64_t x) {
    return data[(ci * h + y) * w + x];
  }
  float at(int64_t ci, int64_t y, int64_t x) const {
    return data[(ci * h + y) * w + x];
  }
};

Tensor makeTensor(int64_t c, int64_t h, int64_t w) {
  return {c, h, w, std::vector<float>(c * h * w)};
}

/// Weights of one convolution followed by batch normalization.
struct ConvBn {
  int64_t in = 0, out = 0, k = 0;
  std::vector<float> filter, mean, variance, scale, bias;
};

ConvBn makeConvBn(std::mt19937 &rng, int64_t in, int64_t out, int64_t k) {
  std::uniform_real_distribution<float> weight(-1.0f, 1.0f);
  std::uniform_real_distribution<float> positive(0.5f, 1.5f);
  ConvBn layer{in, out, k, {}, {}, {}, {}, {}};
  float gain = std::sqrt(3.0f / float(in * k * k));
  for (int64_t i = 0; i < out * in * k * k; ++i)
    layer.filter.push_back(gain * weight(rng));
  for (int64_t i = 0; i < out; ++i) {
    layer.mean.push_back(0.1f * weight(rng));
    layer.variance.push_back(positive(rng));
    layer.scale.push_back(positive(rng));
    layer.bias.push_back(0.1f * weight(rng));
  }
  return layer;
}

/// conv2d (stride 1, "same" padding) then batchNormalization, in double.
Tensor referenceConvBn(const Tensor &x, const ConvBn &l) {
  Tensor y = makeTensor(l.out, x.h, x.w);
  int64_t pad = l.k / 2;
  for (int64_t o = 0; o < l.out; ++o) {
    double norm = l.scale[o] / std::sqrt(double(l.variance[o]) + 1e-5);
    for (int64_t oy = 0; oy < x.h; ++oy)
      for (int64_t ox = 0; ox < x.w; ++ox) {
        double sum = 0;
        for (int64_t i = 0; i < l.in; ++i)
          for (int64_t ky = 0; ky < l.k; ++ky)
            for (int64_t kx = 0; kx < l.k; ++kx) {
              int64_t iy = oy + ky - pad, ix = ox + kx - pad;
              if (iy < 0 || iy >= x.h || ix < 0 || ix >= x.w)
                continue;
              sum += double(x.at(i, iy, ix)) *
                     l.filter[((o * l.in + i) * l.k + ky) * l.k + kx];
            }
        y.at(o, oy, ox) = float((sum - l.mean[o]) * norm + l.bias[o]);
      }
  }
  return y;
}

Tensor referenceRelu(Tensor x) {
  for (float &v : x.data)
    v = std::max(v, 0.0f);
  return x;
}

/// maxPool2d 3x3, stride 2, padding 1.
Tensor referenceMaxPool(const Tensor &x) {
  Tensor y = makeTensor(x.c, (x.h - 1) / 2 + 1, (x.w - 1) / 2 + 1);
  for (int64_t c = 0; c < x.c; ++c)
    for (int64_t oy = 0; oy < y.h; ++oy)
      for (int64_t ox = 0; ox < y.w; ++ox) {
        float best = -INFINITY;
        for (int64_t ky = 0; ky < 3; ++ky)
          for (int64_t kx = 0; kx < 3; ++kx) {
            int64_t iy = 2 * oy + ky - 1, ix = 2 * ox + kx - 1;
            if (iy >= 0 && iy < x.h && ix >= 0 && ix < x.w)
              best = std::max(best, x.at(c, iy, ix));
          }
        y.at(c, oy, ox) = best;
      }
  return y;
}

class BottleneckBlock {
public:
  BottleneckBlock(int64_t channels, int64_t size)
      : channels(channels), size(size) {
    std::mt19937 rng(7);
    reduce = makeConvBn(rng, channels, channels, 1);
    spatial = makeConvBn(rng, channels, channels, 3);
    expand = makeConvBn(rng, channels, 4 * channels, 1);
    shortcut = makeConvBn(rng, channels, 4 * channels, 1);
    std::uniform_real_distribution<float> value(-1.0f, 1.0f);
    input.resize(channels * size * size);
    for (float &v : input)
      v = value(rng);
  }

  Expected<Graph> build() const {
    GraphBuilder b;
    auto x = b.input("x", f32({1, channels, size, size}));
    if (!x)
      return x.error();
    auto r = b.relu(*x);
    Pool2dOptions pool;
    pool.windowDimensions = {3, 3};
    pool.strides = {2, 2};
    pool.padding = {1, 1, 1, 1};
    auto p = b.maxPool2d(*r, pool);
    if (!p)
      return p.error();
    auto branch = convBn(b, *p, reduce, true);
    if (branch)
      branch = convBn(b, *branch, spatial, true);
    if (branch)
      branch = convBn(b, *branch, expand, false);
    auto projection = convBn(b, *p, shortcut, false);
    if (!branch || !projection)
      return Error{"building the block failed"};
    auto sum = b.add(*branch, *projection);
    if (!sum)
      return sum.error();
    return b.build({{"y", *sum}});
  }

  std::vector<float> reference() const {
    Tensor x{channels, size, size, input};
    Tensor p = referenceMaxPool(referenceRelu(x));
    Tensor a = referenceRelu(referenceConvBn(p, reduce));
    a = referenceRelu(referenceConvBn(a, spatial));
    a = referenceConvBn(a, expand);
    Tensor s = referenceConvBn(p, shortcut);
    for (size_t i = 0; i < a.data.size(); ++i)
      a.data[i] += s.data[i];
    return a.data;
  }

  std::vector<float> input;

private:
  static Expected<Operand> constant(GraphBuilder &b, std::vector<int64_t> shape,
                                    const std::vector<float> &values) {
    return b.constant(f32(std::move(shape)), values.data(),
                      values.size() * sizeof(float));
  }

  static Expected<Operand> convBn(GraphBuilder &b, Operand x, const ConvBn &l,
                                  bool relu) {
    auto filter = constant(b, {l.out, l.in, l.k, l.k}, l.filter);
    auto mean = constant(b, {l.out}, l.mean);
    auto variance = constant(b, {l.out}, l.variance);
    auto scale = constant(b, {l.out}, l.scale);
    auto bias = constant(b, {l.out}, l.bias);
    if (!filter || !mean || !variance || !scale || !bias)
      return Error{"a constant failed"};
    Conv2dOptions conv;
    uint32_t pad = uint32_t(l.k / 2);
    conv.padding = {pad, pad, pad, pad};
    auto y = b.conv2d(x, *filter, conv);
    if (!y)
      return y;
    BatchNormalizationOptions bn;
    bn.scale = *scale;
    bn.bias = *bias;
    auto n = b.batchNormalization(*y, *mean, *variance, bn);
    if (!n || !relu)
      return n;
    return b.relu(*n);
  }

  int64_t channels, size;
  ConvBn reduce, spatial, expand, shortcut;
};

class FanOut : public ::testing::TestWithParam<KernelPath> {};

TEST_P(FanOut, BottleneckBlockMatchesReference) {
  BottleneckBlock block(/*channels=*/64, /*size=*/112);
  auto graph = block.build();
  ASSERT_TRUE(bool(graph)) << graph.error().message;
  CompileOptions options;
  options.kernels = GetParam();
  auto compiled = compileInProcess(*graph, options);
  ASSERT_TRUE(bool(compiled)) << compiled.error().message;
  std::vector<float> expected = block.reference();
  std::vector<float> got =
      runOnce((*compiled)->descriptor(), {block.input}, expected.size());
  ASSERT_EQ(got.size(), expected.size());
  float largest = 0, worst = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    largest = std::max(largest, std::fabs(expected[i]));
    worst = std::max(worst, std::fabs(got[i] - expected[i]));
  }
  // Float32 accumulation over 576 products: about 1e-6 relative; garbage
  // from a reused buffer is of the order of 1.
  EXPECT_LT(worst, 1e-4f * largest)
      << "max |diff| " << worst << ", max |ref| " << largest;
}

INSTANTIATE_TEST_SUITE_P(KernelPaths, FanOut, wnn::test::bothKernelPaths(),
                         wnn::test::KernelPathName());

} // namespace
