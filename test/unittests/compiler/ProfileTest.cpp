//===- ProfileTest.cpp - Time per kernel of profiled code -----------------===//

#include "wnn/Builder.h"
#include "wnn/Compiler.h"
#include "wnn/Runtime.h"

#include "RunGraph.h"

#include "gtest/gtest.h"

#include <set>

using namespace wnn;
using wnn::test::f32;

namespace {

/// matmul ('proj') -> softmax ('sm'). Element-wise fusion keeps only the
/// consumer's label, so the graph has none that fuses across labels.
Expected<Graph> buildGraph() {
  GraphBuilder b;
  auto x = b.input("x", f32({4, 8}));
  std::vector<float> weights(8 * 16, 0.25f);
  auto w =
      b.constant(f32({8, 16}), weights.data(), weights.size() * sizeof(float));
  if (!x || !w)
    return Error{"inputs"};
  OperatorOptions proj, sm;
  proj.label = "proj";
  sm.label = "sm";
  auto m = b.matmul(*x, *w, proj);
  auto y = m ? b.softmax(*m, 1, sm) : m;
  if (!y)
    return y.error();
  return b.build({{"y", *y}});
}

class Profile : public ::testing::TestWithParam<KernelPath> {};

TEST_P(Profile, TimesEachKernelCallByItsLabels) {
  auto graph = buildGraph();
  ASSERT_TRUE(bool(graph)) << graph.error().message;
  CompileOptions options;
  options.kernels = GetParam();
  options.profile = true;
  std::unique_ptr<CompiledGraph> compiled;
  auto session = wnn::test::openSession(*graph, options, compiled);
  ASSERT_TRUE(session);
  std::vector<float> x(4 * 8, 1.0f), y(4 * 16);
  for (int run = 0; run < 2; ++run)
    ASSERT_TRUE(bool(session->run({x.data()}, {y.data()})));
  EXPECT_FLOAT_EQ(y[0], 1.0f / 16);

  std::vector<KernelProfile> profile = session->profile();
  ASSERT_FALSE(profile.empty());
  std::set<std::string> labels;
  for (const KernelProfile &entry : profile) {
    // Kernels of one operation (a softmax has several) share its entry.
    EXPECT_GT(entry.calls, 0u) << entry.name;
    EXPECT_EQ(entry.calls % 2, 0u) << entry.name;
    EXPECT_GE(entry.milliseconds, 0.0) << entry.name;
    size_t start = 0;
    while (start <= entry.name.size()) {
      size_t end = entry.name.find(',', start);
      if (end == std::string::npos)
        end = entry.name.size();
      labels.insert(entry.name.substr(start, end - start));
      start = end + 1;
    }
  }
  // Every operation is timed under its label, whatever the fusion.
  EXPECT_EQ(labels, (std::set<std::string>{"proj", "sm"}));

  // The C API reports the same entries.
  std::vector<wnn_kernel_profile> entries(profile.size());
  ASSERT_EQ(
      wnn_session_profile(session->handle(), entries.data(), entries.size()),
      profile.size());
  EXPECT_EQ(std::string(entries[0].name), profile[0].name);
}

TEST_P(Profile, NothingWithoutProfiling) {
  auto graph = buildGraph();
  ASSERT_TRUE(bool(graph)) << graph.error().message;
  CompileOptions options;
  options.kernels = GetParam();
  std::unique_ptr<CompiledGraph> compiled;
  auto session = wnn::test::openSession(*graph, options, compiled);
  ASSERT_TRUE(session);
  std::vector<float> x(4 * 8, 1.0f);
  std::vector<float> y(4 * 16);
  ASSERT_TRUE(bool(session->run({x.data()}, {y.data()})));
  EXPECT_TRUE(session->profile().empty());
  EXPECT_EQ(wnn_session_profile(session->handle(), nullptr, 0), 0u);
}

INSTANTIATE_TEST_SUITE_P(KernelPaths, Profile, wnn::test::bothKernelPaths(),
                         wnn::test::KernelPathName());

} // namespace
