//===- CompilerTest.cpp - Compiling and running built graphs --------------===//

#include "wnn/Compiler.h"
#include "wnn/Builder.h"
#include "wnn/Runtime.h"

#include "RunGraph.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <unistd.h>

using namespace wnn;
using wnn::test::f32;
using wnn::test::runOnce;

namespace {

/// Distance in float32 units in the last place (sign-magnitude order).
int64_t ulpDistance(float a, float b) {
  auto ordered = [](float f) {
    int32_t bits;
    std::memcpy(&bits, &f, sizeof(bits));
    return bits < 0 ? -int64_t(bits & 0x7fffffff) : int64_t(bits);
  };
  return std::llabs(ordered(a) - ordered(b));
}

std::vector<float> jitRun(const Graph &graph, KernelPath kernels,
                          const std::vector<std::vector<float>> &inputs,
                          size_t outputSize) {
  CompileOptions options;
  options.kernels = kernels;
  auto compiled = compileInProcess(graph, options);
  EXPECT_TRUE(bool(compiled)) << compiled.error().message;
  if (!compiled)
    return {};
  return runOnce((*compiled)->descriptor(), inputs, outputSize);
}

// Loops of exp, log, sin, cos, tanh, erf and gelu (erfc) are vectorized
// into calls of the vector math library; results stay within 4 ULP of the
// correctly rounded value (sin, cos and erf near zero: 4 x 2^-24 absolute),
// for every vector width.
TEST(Compiler, VectorizedMathIsAccurate) {
  GraphBuilder builder;
  auto x = builder.input("x", f32({1024}));
  auto p = builder.input("p", f32({1024}));
  ASSERT_TRUE(x && p);
  auto e = builder.exp(*x);
  auto l = builder.log(*p);
  auto s = builder.sin(*x);
  auto c = builder.cos(*x);
  auto t = builder.tanh(*x);
  auto r = builder.erf(*x);
  auto g = builder.gelu(*x);
  ASSERT_TRUE(e && l && s && c && t && r && g);
  auto graph = builder.build({{"e", *e},
                              {"l", *l},
                              {"s", *s},
                              {"c", *c},
                              {"t", *t},
                              {"r", *r},
                              {"g", *g}});
  ASSERT_TRUE(bool(graph)) << graph.error().message;
  std::vector<float> xs(1024), ps(1024);
  for (size_t i = 0; i < xs.size(); ++i) {
    xs[i] = -87.f + 174.f * float(i) / float(xs.size()); // exp stays finite
    ps[i] = std::ldexp(1.f + float(i % 64) / 64.f, int(i / 64) - 8);
  }
  // The small arguments where tanh, erf and gelu are interesting.
  for (size_t i = 0; i < 256; ++i)
    xs[i] = -8.f + 16.f * float(i) / 256.f;
  const double absolute = 4 * std::ldexp(1.0, -24);
  for (const char *mcpu : {"", "x86-64-v3", "x86-64"}) {
    CompileOptions options;
    options.kernels = KernelPath::Codegen;
    options.mcpu = mcpu;
    auto compiled = compileInProcess(*graph, options);
    ASSERT_TRUE(bool(compiled)) << compiled.error().message;
    auto model = Model::fromDescriptor((*compiled)->descriptor());
    ASSERT_TRUE(bool(model)) << model.error().message;
    auto session = Session::create(*model);
    ASSERT_TRUE(bool(session)) << session.error().message;
    std::vector<std::vector<float>> out(7, std::vector<float>(1024));
    std::vector<void *> outputs;
    for (auto &o : out)
      outputs.push_back(o.data());
    Status status = session->run({xs.data(), ps.data()}, outputs);
    ASSERT_TRUE(bool(status)) << status.error().message;
    for (size_t i = 0; i < xs.size(); ++i) {
      double v = xs[i];
      EXPECT_LE(ulpDistance(out[0][i], float(std::exp(v))), 4)
          << mcpu << ": exp(" << v << ") = " << out[0][i];
      EXPECT_LE(ulpDistance(out[1][i], float(std::log(double(ps[i])))), 4)
          << mcpu << ": log(" << ps[i] << ") = " << out[1][i];
      EXPECT_NEAR(out[2][i], std::sin(v), absolute) << mcpu << ": sin(" << v;
      EXPECT_NEAR(out[3][i], std::cos(v), absolute) << mcpu << ": cos(" << v;
      EXPECT_LE(ulpDistance(out[4][i], float(std::tanh(v))), 4)
          << mcpu << ": tanh(" << v << ") = " << out[4][i];
      EXPECT_NEAR(out[5][i], std::erf(v), absolute) << mcpu << ": erf(" << v;
      // gelu through erfc, judged like GeluIsAccurateForNegativeInputs.
      double z = float(-xs[i] * float(M_SQRT1_2));
      float gelu = float(0.5 * v * std::erfc(z));
      if (std::fabs(gelu) > 1e-30)
        EXPECT_LE(ulpDistance(out[6][i], gelu), 4)
            << mcpu << ": gelu(" << v << ") = " << out[6][i] << ", expected "
            << gelu;
    }
  }
}

// gelu must stay accurate where 1 + erf(x / sqrt(2)) cancels (x << 0).
TEST(Compiler, GeluIsAccurateForNegativeInputs) {
  GraphBuilder builder;
  auto x = builder.input("x", f32({6}));
  ASSERT_TRUE(bool(x));
  auto y = builder.gelu(*x);
  ASSERT_TRUE(bool(y));
  auto graph = builder.build({{"y", *y}});
  ASSERT_TRUE(bool(graph)) << graph.error().message;
  std::vector<float> values{-7.f, -5.f, -3.f, -0.5f, 0.f, 2.f};
  std::vector<float> out =
      jitRun(*graph, KernelPath::Codegen, {values}, values.size());
  ASSERT_EQ(out.size(), values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    double x = values[i];
    // erfc's argument is rounded to float32 first: for x << 0, erfc
    // amplifies that rounding (relative condition 2z^2), which is not the
    // error this test is about.
    double z = float(-values[i] * float(M_SQRT1_2));
    float expected = float(0.5 * x * std::erfc(z));
    EXPECT_LE(ulpDistance(out[i], expected), 4)
        << "gelu(" << x << ") = " << out[i] << ", expected " << expected;
  }
}

/// conv2d -> relu -> add(residual) -> relu: the whole chain is one oneDNN
/// call with three post-ops on the default path and plain generated code on
/// the other; both must match a direct computation.
TEST(Compiler, FusedConvolutionChainMatchesReference) {
  GraphBuilder builder;
  auto x = builder.input("x", f32({1, 2, 5, 5}));
  auto r = builder.input("r", f32({1, 3, 5, 5}));
  std::vector<float> weights(3 * 2 * 3 * 3);
  for (size_t i = 0; i < weights.size(); ++i)
    weights[i] = std::sin(float(i)) * 0.5f;
  auto w = builder.constant(f32({3, 2, 3, 3}), weights.data(),
                            weights.size() * sizeof(float));
  ASSERT_TRUE(x && r && w);
  Conv2dOptions conv;
  conv.padding = {1, 1, 1, 1};
  auto c = builder.conv2d(*x, *w, conv);
  ASSERT_TRUE(bool(c)) << c.error().message;
  auto a = builder.relu(*c);
  auto s = builder.add(*a, *r);
  ASSERT_TRUE(bool(s));
  auto y = builder.relu(*s);
  auto graph = builder.build({{"y", *y}});
  ASSERT_TRUE(bool(graph)) << graph.error().message;

  std::vector<float> xs(50), rs(75);
  for (size_t i = 0; i < xs.size(); ++i)
    xs[i] = std::cos(float(i) * 0.7f);
  for (size_t i = 0; i < rs.size(); ++i)
    rs[i] = std::sin(float(i) * 0.3f) - 0.2f;
  std::vector<float> expected(75);
  for (int o = 0; o < 3; ++o)
    for (int h = 0; h < 5; ++h)
      for (int wi = 0; wi < 5; ++wi) {
        double acc = 0;
        for (int i = 0; i < 2; ++i)
          for (int kh = 0; kh < 3; ++kh)
            for (int kw = 0; kw < 3; ++kw) {
              int ih = h + kh - 1, iw = wi + kw - 1;
              if (ih < 0 || ih >= 5 || iw < 0 || iw >= 5)
                continue;
              acc += double(xs[(i * 5 + ih) * 5 + iw]) *
                     weights[((o * 2 + i) * 3 + kh) * 3 + kw];
            }
        size_t index = (o * 5 + h) * 5 + wi;
        expected[index] = float(std::max(0.0, std::max(0.0, acc) + rs[index]));
      }
  for (KernelPath path : {KernelPath::OneDNN, KernelPath::Codegen}) {
    std::vector<float> out = jitRun(*graph, path, {xs, rs}, 75);
    ASSERT_EQ(out.size(), 75u);
    for (size_t i = 0; i < out.size(); ++i)
      EXPECT_NEAR(out[i], expected[i], 1e-5) << "element " << i;
  }
}

// The shared object written by compileToFile runs like the JIT-compiled code.
TEST(Compiler, SharedObjectMatchesInProcessCode) {
  GraphBuilder builder;
  auto a = builder.input("a", f32({2, 3}));
  auto b = builder.input("b", f32({3, 4}));
  ASSERT_TRUE(a && b);
  auto m = builder.matmul(*a, *b);
  auto y = builder.softmax(*m, 1u);
  ASSERT_TRUE(bool(y));
  auto graph = builder.build({{"y", *y}});
  ASSERT_TRUE(bool(graph)) << graph.error().message;
  std::vector<float> as{1, 2, 3, 4, 5, 6}, bs(12);
  for (size_t i = 0; i < bs.size(); ++i)
    bs[i] = 0.1f * float(i) - 0.5f;
  std::vector<float> jit = jitRun(*graph, KernelPath::OneDNN, {as, bs}, 8);

  std::string path = ::testing::TempDir() + "wnn-compiler-test-" +
                     std::to_string(getpid()) + ".so";
  Status written =
      compileToFile(*graph, CompileOptions(), EmitKind::SharedObject, path);
  ASSERT_TRUE(bool(written)) << written.error().message;
  auto model = Model::load(path);
  ASSERT_TRUE(bool(model)) << model.error().message;
  std::vector<float> aot = runOnce(&model->descriptor(), {as, bs}, 8);
  unlink(path.c_str());
  EXPECT_EQ(aot, jit);
}

// The JIT honours --mcpu like the AOT path and rejects unknown CPUs.
TEST(Compiler, InProcessCodeFollowsTheTargetCPU) {
  GraphBuilder builder;
  auto a = builder.input("a", f32({64}));
  ASSERT_TRUE(bool(a));
  auto y = builder.sigmoid(*a);
  auto graph = builder.build({{"y", *y}});
  ASSERT_TRUE(bool(graph)) << graph.error().message;
  std::vector<float> as(64);
  for (size_t i = 0; i < as.size(); ++i)
    as[i] = float(i) / 8.f - 4.f;

  CompileOptions avx2;
  avx2.mcpu = "x86-64-v3";
  auto compiled = compileInProcess(*graph, avx2);
  ASSERT_TRUE(bool(compiled)) << compiled.error().message;
  std::vector<float> out = runOnce((*compiled)->descriptor(), {as}, 64);
  for (size_t i = 0; i < as.size(); ++i)
    EXPECT_NEAR(out[i], 1.0 / (1.0 + std::exp(-double(as[i]))), 1e-6);

  CompileOptions unknown;
  unknown.mcpu = "no-such-cpu";
  auto rejected = compileInProcess(*graph, unknown);
  ASSERT_FALSE(bool(rejected));
  EXPECT_NE(rejected.error().message.find("unknown target CPU 'no-such-cpu'"),
            std::string::npos)
      << rejected.error().message;
}

} // namespace

// A graph of many kernels is compiled in parallel partitions (one module is
// split above 32 functions); the pieces link into code that matches a plain
// computation, in process and as a shared object.
TEST(Compiler, PartitionedCompilationMatchesReference) {
  constexpr int kSoftmaxes = 12; // several kernels each
  GraphBuilder builder;
  auto x = builder.input("x", f32({4, 16}));
  ASSERT_TRUE(bool(x));
  Operand y = *x;
  for (int i = 0; i < kSoftmaxes; ++i) {
    auto s = builder.softmax(y, 1u);
    ASSERT_TRUE(bool(s));
    y = *s;
  }
  auto graph = builder.build({{"y", y}});
  ASSERT_TRUE(bool(graph)) << graph.error().message;
  std::vector<float> in(64);
  for (size_t i = 0; i < in.size(); ++i)
    in[i] = 0.25f * float(i % 16) - 1.0f + 0.01f * float(i / 16);
  std::vector<double> expected(in.begin(), in.end());
  for (int i = 0; i < kSoftmaxes; ++i)
    for (int row = 0; row < 4; ++row) {
      double *r = &expected[row * 16], largest = r[0], sum = 0;
      for (int c = 1; c < 16; ++c)
        largest = std::max(largest, r[c]);
      for (int c = 0; c < 16; ++c)
        sum += (r[c] = std::exp(r[c] - largest));
      for (int c = 0; c < 16; ++c)
        r[c] /= sum;
    }
  std::string emitted = ::testing::TempDir() + "wnn-partitions-" +
                        std::to_string(getpid()) + ".ll";
  ASSERT_TRUE(
      bool(compileToFile(*graph, CompileOptions(), EmitKind::LLVM, emitted)));
  std::ifstream file(emitted);
  std::string text((std::istreambuf_iterator<char>(file)),
                   std::istreambuf_iterator<char>());
  unlink(emitted.c_str());
  size_t kernels = 0;
  for (size_t at = text.find("define "); at != std::string::npos;
       at = text.find("define ", at + 1))
    kernels += text.compare(text.find('@', at) + 1, 10, "wnn_kernel") == 0;
  ASSERT_GE(kernels, 32u) << "too few kernels to be split";

  std::vector<float> jit = jitRun(*graph, KernelPath::Codegen, {in}, 64);
  std::string path = ::testing::TempDir() + "wnn-partitions-" +
                     std::to_string(getpid()) + ".so";
  CompileOptions options;
  options.kernels = KernelPath::Codegen;
  Status written = compileToFile(*graph, options, EmitKind::SharedObject, path);
  ASSERT_TRUE(bool(written)) << written.error().message;
  auto model = Model::load(path);
  ASSERT_TRUE(bool(model)) << model.error().message;
  std::vector<float> aot = runOnce(&model->descriptor(), {in}, 64);
  unlink(path.c_str());
  ASSERT_EQ(jit.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_NEAR(jit[i], expected[i], 1e-6) << i;
    EXPECT_EQ(aot[i], jit[i]) << i;
  }
}
