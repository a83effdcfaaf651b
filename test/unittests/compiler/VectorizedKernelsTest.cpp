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

#include <cmath>
#include <functional>

using namespace wnn;

namespace {

OperandDescriptor f32(std::vector<int64_t> shape) {
  return {DataType::Float32, std::move(shape)};
}

int64_t elementCount(const std::vector<int64_t> &shape) {
  int64_t count = 1;
  for (int64_t d : shape)
    count *= d;
  return count;
}

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
    data.push_back(values(elementCount(inputShapes[i]), int(i)));
  }
  auto y = body(builder, inputs);
  ASSERT_TRUE(bool(y)) << y.error().message;
  auto graph = builder.build({{"y", *y}});
  ASSERT_TRUE(bool(graph)) << graph.error().message;
  int64_t size = elementCount(graph->outputs()[0].second.shape);

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
  std::vector<float> v = values(elementCount(shape), seed);
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

} // namespace
