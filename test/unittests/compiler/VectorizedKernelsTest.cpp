//===- VectorizedKernelsTest.cpp - Generated kernels against oneDNN -------===//
//
// The code generator tiles contractions and convolutions into register
// blocks, peels partial blocks and vectorizes them. These shapes reach every
// kind of block (full, peeled rows, peeled columns, cache blocks, one-row
// blocks, strided and dilated windows) for each vector width, and compare the
// generated code with oneDNN's kernels on the same graph.
//
//===----------------------------------------------------------------------===//

#include "wnn/Builder.h"
#include "wnn/Compiler.h"
#include "wnn/Runtime.h"

#include "RunGraph.h"

#include "gtest/gtest.h"

#include <array>
#include <cmath>
#include <functional>
#include <random>

using namespace wnn;
using wnn::test::f32;

namespace {

/// Deterministic values in [-1, 1) that differ per tensor and element.
std::vector<float> values(int64_t count, int seed) {
  std::vector<float> v(count);
  for (int64_t i = 0; i < count; ++i)
    v[i] = std::sin(float(i) * 0.731f + float(seed) * 1.37f);
  return v;
}

std::vector<float> compileAndRun(const Graph &graph, KernelPath kernels,
                                 const std::string &mcpu,
                                 const std::vector<std::vector<float>> &inputs,
                                 int64_t outputSize) {
  CompileOptions options;
  options.kernels = kernels;
  options.mcpu = mcpu;
  auto compiled = compileInProcess(graph, options);
  EXPECT_TRUE(bool(compiled)) << compiled.error().message;
  if (!compiled)
    return {};
  return test::runOnce((*compiled)->descriptor(), inputs, outputSize);
}

/// Builds a graph from inputs of `inputShapes` (and constants made by
/// `body`), then checks the generated kernels for the host, AVX2 and SSE2
/// against oneDNN.
void expectCodegenMatchesOneDNN(
    const std::vector<std::vector<int64_t>> &inputShapes,
    const std::function<Expected<Operand>(GraphBuilder &,
                                          std::vector<Operand> &)> &body) {
  GraphBuilder builder;
  std::vector<Operand> inputs;
  std::vector<std::vector<float>> data;
  for (size_t i = 0; i < inputShapes.size(); ++i) {
    auto input = builder.input("x" + std::to_string(i), f32(inputShapes[i]));
    ASSERT_TRUE(bool(input)) << input.error().message;
    inputs.push_back(*input);
    data.push_back(values(f32(inputShapes[i]).elementCount(), int(i)));
  }
  auto y = body(builder, inputs);
  ASSERT_TRUE(bool(y)) << y.error().message;
  auto graph = builder.build({{"y", *y}});
  ASSERT_TRUE(bool(graph)) << graph.error().message;
  int64_t size = graph->outputs()[0].second.elementCount();

  std::vector<float> expected =
      compileAndRun(*graph, KernelPath::OneDNN, "", data, size);
  // The host (AVX-512 where it has it), AVX2 and SSE2 blocks.
  for (const char *mcpu : {"", "x86-64-v3", "x86-64"}) {
    std::vector<float> out =
        compileAndRun(*graph, KernelPath::Codegen, mcpu, data, size);
    ASSERT_EQ(out.size(), expected.size());
    int64_t mismatches = 0;
    for (int64_t i = 0; i < size && mismatches < 5; ++i)
      if (!(std::fabs(out[i] - expected[i]) <=
            1e-4f * (1.f + std::fabs(expected[i]))))
        ADD_FAILURE() << "mcpu '" << mcpu << "' element " << i << ": " << out[i]
                      << " vs oneDNN " << expected[i]
                      << (++mismatches == 5 ? " (further ones not shown)" : "");
  }
}

Expected<Operand> constant(GraphBuilder &builder, std::vector<int64_t> shape,
                           int seed) {
  std::vector<float> v = values(f32(shape).elementCount(), seed);
  return builder.constant(f32(std::move(shape)), v.data(),
                          v.size() * sizeof(float));
}

// Rows and columns that no register block divides.
TEST(VectorizedKernels, MatmulWithPartialBlocks) {
  expectCodegenMatchesOneDNN({{37, 129}, {129, 70}},
                             [](GraphBuilder &b, std::vector<Operand> &in) {
                               return b.matmul(in[0], in[1]);
                             });
}

// Large enough for cache blocks, with partial register blocks inside them.
TEST(VectorizedKernels, MatmulWithCacheBlocks) {
  expectCodegenMatchesOneDNN({{130, 520}, {520, 260}},
                             [](GraphBuilder &b, std::vector<Operand> &in) {
                               return b.matmul(in[0], in[1]);
                             });
}

// One row: the block widens along the columns.
TEST(VectorizedKernels, MatrixVectorProduct) {
  expectCodegenMatchesOneDNN({{1, 300}, {300, 1000}},
                             [](GraphBuilder &b, std::vector<Operand> &in) {
                               return b.matmul(in[0], in[1]);
                             });
}

TEST(VectorizedKernels, BatchedMatmul) {
  expectCodegenMatchesOneDNN({{3, 17, 33}, {3, 33, 45}},
                             [](GraphBuilder &b, std::vector<Operand> &in) {
                               return b.matmul(in[0], in[1]);
                             });
}

// Transposed operands are read across their rows.
TEST(VectorizedKernels, GemmWithTransposesAndBias) {
  expectCodegenMatchesOneDNN({{40, 9}, {50, 40}},
                             [](GraphBuilder &b, std::vector<Operand> &in) {
                               auto c = constant(b, {50}, 7);
                               if (!c)
                                 return c;
                               GemmOptions options;
                               options.aTranspose = true;
                               options.bTranspose = true;
                               options.c = *c;
                               options.alpha = 0.5;
                               return b.gemm(in[0], in[1], options);
                             });
}

TEST(VectorizedKernels, StridedDilatedConvolution) {
  expectCodegenMatchesOneDNN({{1, 5, 23, 19}},
                             [](GraphBuilder &b, std::vector<Operand> &in) {
                               auto w = constant(b, {37, 5, 3, 3}, 3);
                               auto bias = constant(b, {37}, 4);
                               if (!w || !bias)
                                 return w ? bias : w;
                               Conv2dOptions options;
                               options.padding = {1, 2, 0, 1};
                               options.strides = {2, 1};
                               options.dilations = {1, 2};
                               options.bias = *bias;
                               return b.conv2d(in[0], *w, options);
                             });
}

TEST(VectorizedKernels, NhwcConvolution) {
  expectCodegenMatchesOneDNN(
      {{2, 12, 13, 24}}, [](GraphBuilder &b, std::vector<Operand> &in) {
        auto w = constant(b, {3, 3, 24, 48}, 5);
        if (!w)
          return w;
        Conv2dOptions options;
        options.padding = {1, 1, 1, 1};
        options.inputLayout = InputOperandLayout::Nhwc;
        options.filterLayout = Conv2dFilterOperandLayout::Hwio;
        return b.conv2d(in[0], *w, options);
      });
}

TEST(VectorizedKernels, DepthwiseConvolution) {
  expectCodegenMatchesOneDNN(
      {{1, 21, 17, 40}}, [](GraphBuilder &b, std::vector<Operand> &in) {
        auto w = constant(b, {1, 3, 3, 40}, 6);
        if (!w)
          return w;
        Conv2dOptions options;
        options.padding = {1, 1, 1, 1};
        options.strides = {2, 2};
        options.groups = 40;
        options.inputLayout = InputOperandLayout::Nhwc;
        options.filterLayout = Conv2dFilterOperandLayout::Ihwo;
        return b.conv2d(in[0], *w, options);
      });
}

//===----------------------------------------------------------------------===//
// Random shapes and options (fixed seeds: every run checks the same cases)
//===----------------------------------------------------------------------===//

struct RandomShapes {
  std::mt19937 engine;
  explicit RandomShapes(unsigned seed) : engine(seed) {}
  int64_t between(int64_t low, int64_t high) {
    return std::uniform_int_distribution<int64_t>(low, high)(engine);
  }
  uint32_t pick(std::initializer_list<uint32_t> choices) {
    return *(choices.begin() + between(0, int64_t(choices.size()) - 1));
  }
};

// Convolutions with random sizes, strides, dilations, padding, layouts,
// depthwise or not, bias or not, relu or not.
TEST(VectorizedKernels, RandomConvolutions) {
  RandomShapes random(20261126);
  for (int trial = 0; trial < 10; ++trial) {
    int64_t n = random.between(1, 2), c = random.between(1, 40);
    int64_t h = random.between(1, 20), w = random.between(1, 20);
    bool depthwise = random.between(0, 2) == 0;
    int64_t o = depthwise ? c : random.between(1, 40);
    Conv2dOptions options;
    uint32_t kh = random.pick({1, 2, 3, 5}), kw = random.pick({1, 2, 3});
    options.strides = {random.pick({1, 2, 3}), random.pick({1, 2})};
    options.dilations = {random.pick({1, 2}), random.pick({1, 2})};
    options.padding = {random.pick({0, 1, 2}), random.pick({0, 1, 2}),
                       random.pick({0, 1}), random.pick({0, 1, 2})};
    int64_t outH = (h + options.padding[0] + options.padding[1] -
                    options.dilations[0] * (kh - 1) - 1);
    int64_t outW = (w + options.padding[2] + options.padding[3] -
                    options.dilations[1] * (kw - 1) - 1);
    if (outH < 0 || outW < 0) {
      --trial; // an empty output: draw again
      continue;
    }
    options.groups = depthwise ? uint32_t(c) : 1;
    options.inputLayout = random.between(0, 1) ? InputOperandLayout::Nhwc
                                               : InputOperandLayout::Nchw;
    int64_t cg = c / options.groups;
    std::vector<int64_t> filterShape;
    switch (random.between(0, 3)) {
    case 0:
      options.filterLayout = Conv2dFilterOperandLayout::Oihw;
      filterShape = {o, cg, kh, kw};
      break;
    case 1:
      options.filterLayout = Conv2dFilterOperandLayout::Hwio;
      filterShape = {kh, kw, cg, o};
      break;
    case 2:
      options.filterLayout = Conv2dFilterOperandLayout::Ohwi;
      filterShape = {o, kh, kw, cg};
      break;
    default:
      options.filterLayout = Conv2dFilterOperandLayout::Ihwo;
      filterShape = {cg, kh, kw, o};
      break;
    }
    bool bias = random.between(0, 1), relu = random.between(0, 1);
    std::vector<int64_t> inputShape =
        options.inputLayout == InputOperandLayout::Nhwc
            ? std::vector<int64_t>{n, h, w, c}
            : std::vector<int64_t>{n, c, h, w};
    SCOPED_TRACE(testing::Message()
                 << "trial " << trial << ": input " << n << "x" << c << "x" << h
                 << "x" << w
                 << (options.inputLayout == InputOperandLayout::Nhwc ? " nhwc"
                                                                     : " nchw")
                 << ", filter layout " << int(options.filterLayout) << " " << o
                 << " outputs " << kh << "x" << kw << ", groups "
                 << options.groups << ", strides " << options.strides[0] << ","
                 << options.strides[1] << ", dilations " << options.dilations[0]
                 << "," << options.dilations[1] << ", bias " << bias
                 << ", relu " << relu);
    expectCodegenMatchesOneDNN({inputShape},
                               [&](GraphBuilder &b, std::vector<Operand> &in) {
                                 auto filter = constant(b, filterShape, trial);
                                 if (!filter)
                                   return filter;
                                 Conv2dOptions withBias = options;
                                 if (bias) {
                                   auto values = constant(b, {o}, trial + 100);
                                   if (!values)
                                     return values;
                                   withBias.bias = *values;
                                 }
                                 auto y = b.conv2d(in[0], *filter, withBias);
                                 return y && relu ? b.relu(*y) : y;
                               });
  }
}

// Matmuls with random sizes, batch dimensions and a relu or not.
TEST(VectorizedKernels, RandomMatmuls) {
  RandomShapes random(1126);
  for (int trial = 0; trial < 10; ++trial) {
    std::vector<int64_t> batch;
    for (int64_t d = random.between(0, 2); d > 0; --d)
      batch.push_back(random.between(1, 3));
    int64_t m = random.between(1, 70), k = random.between(1, 300),
            n = random.between(1, 300);
    bool relu = random.between(0, 1);
    std::vector<int64_t> a = batch, b = batch;
    a.insert(a.end(), {m, k});
    b.insert(b.end(), {k, n});
    SCOPED_TRACE(testing::Message()
                 << "trial " << trial << ": " << batch.size() << " batch dims, "
                 << m << "x" << k << "x" << n << ", relu " << relu);
    expectCodegenMatchesOneDNN(
        {a, b}, [&](GraphBuilder &builder, std::vector<Operand> &in) {
          auto y = builder.matmul(in[0], in[1]);
          return y && relu ? builder.relu(*y) : y;
        });
  }
}

// Pools have no oneDNN path: random max and average pools in both layouts
// are checked against a direct computation (average over the window's
// input elements, padding excluded).
TEST(VectorizedKernels, RandomPools) {
  RandomShapes random(526);
  for (int trial = 0; trial < 10; ++trial) {
    int64_t n = random.between(1, 2), c = random.between(1, 40);
    int64_t h = random.between(1, 20), w = random.between(1, 20);
    Pool2dOptions options;
    std::array<int64_t, 2> window = {
        random.between(1, std::min<int64_t>(h, 4)),
        random.between(1, std::min<int64_t>(w, 4))};
    options.windowDimensions = {uint32_t(window[0]), uint32_t(window[1])};
    options.strides = {random.pick({1, 2, 3}), random.pick({1, 2})};
    options.dilations = {1, random.pick({1, 2})};
    std::array<int64_t, 4> pad = {
        random.between(0, window[0] - 1), random.between(0, window[0] - 1),
        random.between(0, window[1] - 1), random.between(0, window[1] - 1)};
    options.padding = {uint32_t(pad[0]), uint32_t(pad[1]), uint32_t(pad[2]),
                       uint32_t(pad[3])};
    int64_t spanW = options.dilations[1] * (window[1] - 1) + 1;
    int64_t outH = (h + pad[0] + pad[1] - window[0]) / options.strides[0] + 1;
    int64_t outW = (w + pad[2] + pad[3] - spanW) / options.strides[1] + 1;
    if (h + pad[0] + pad[1] < window[0] || w + pad[2] + pad[3] < spanW) {
      --trial; // the window does not fit: draw again
      continue;
    }
    bool nhwc = random.between(0, 1), isMax = random.between(0, 1);
    options.layout = nhwc ? InputOperandLayout::Nhwc : InputOperandLayout::Nchw;
    SCOPED_TRACE(testing::Message()
                 << "trial " << trial << ": " << (isMax ? "max" : "average")
                 << " " << n << "x" << c << "x" << h << "x" << w
                 << (nhwc ? " nhwc" : " nchw") << ", window " << window[0]
                 << "x" << window[1] << ", strides " << options.strides[0]
                 << "," << options.strides[1] << ", dilation "
                 << options.dilations[1]);

    GraphBuilder builder;
    std::vector<int64_t> shape = nhwc ? std::vector<int64_t>{n, h, w, c}
                                      : std::vector<int64_t>{n, c, h, w};
    auto x = builder.input("x", f32(shape));
    ASSERT_TRUE(bool(x));
    auto y = isMax ? builder.maxPool2d(*x, options)
                   : builder.averagePool2d(*x, options);
    ASSERT_TRUE(bool(y)) << y.error().message;
    auto graph = builder.build({{"y", *y}});
    ASSERT_TRUE(bool(graph)) << graph.error().message;
    std::vector<float> in = values(f32(shape).elementCount(), trial);
    auto at = [&](int64_t b, int64_t ch, int64_t i, int64_t j) {
      return nhwc ? in[((b * h + i) * w + j) * c + ch]
                  : in[((b * c + ch) * h + i) * w + j];
    };
    std::vector<float> expected(n * c * outH * outW);
    for (int64_t b = 0; b < n; ++b)
      for (int64_t ch = 0; ch < c; ++ch)
        for (int64_t oh = 0; oh < outH; ++oh)
          for (int64_t ow = 0; ow < outW; ++ow) {
            double acc = isMax ? -INFINITY : 0.0;
            int64_t count = 0;
            for (int64_t kh = 0; kh < window[0]; ++kh)
              for (int64_t kw = 0; kw < window[1]; ++kw) {
                int64_t i = oh * options.strides[0] + kh - pad[0];
                int64_t j = ow * options.strides[1] +
                            kw * options.dilations[1] - pad[2];
                if (i < 0 || i >= h || j < 0 || j >= w)
                  continue;
                double v = at(b, ch, i, j);
                acc = isMax ? std::max(acc, v) : acc + v;
                ++count;
              }
            if (!isMax)
              acc /= double(std::max<int64_t>(count, 1));
            int64_t index = nhwc ? ((b * outH + oh) * outW + ow) * c + ch
                                 : ((b * c + ch) * outH + oh) * outW + ow;
            expected[index] = float(acc);
          }
    for (const char *mcpu : {"", "x86-64-v3", "x86-64"}) {
      std::vector<float> out = compileAndRun(*graph, KernelPath::Codegen, mcpu,
                                             {in}, expected.size());
      ASSERT_EQ(out.size(), expected.size());
      int64_t mismatches = 0;
      for (size_t i = 0; i < out.size() && mismatches < 5; ++i)
        if (!(std::fabs(out[i] - expected[i]) <= 1e-5f))
          ADD_FAILURE() << "mcpu '" << mcpu << "' element " << i << ": "
                        << out[i] << " vs " << expected[i]
                        << (++mismatches == 5 ? " (further ones not shown)"
                                              : "");
    }
  }
}

} // namespace
