//===- RunAllocationTest.cpp - A run allocates nothing --------------------===//
//
// Everything a run needs (oneDNN primitives, reordered weights, scratch,
// the arena, the thread pool) is made before it: a warmed-up run must not
// call the allocator on any thread. This binary counts every malloc-family
// call while a run is in flight, so it is a test of its own. oneDNN 2.6
// builds a map of its arguments inside every primitive execution; those
// allocations, made by libdnnl itself, are counted apart.
//
//===----------------------------------------------------------------------===//

#include "wnn/Builder.h"
#include "wnn/Compiler.h"
#include "wnn/Runtime.h"

#include "RunGraph.h"

#include "gtest/gtest.h"

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <execinfo.h>

extern "C" {
void *__libc_malloc(size_t);
void *__libc_calloc(size_t, size_t);
void *__libc_realloc(void *, size_t);
void *__libc_memalign(size_t, size_t);
}

namespace {
std::atomic<bool> counting{false};
std::atomic<uint64_t> allocations{0}, oneDNNAllocations{0};
thread_local bool inside = false;

/// Whether a frame of the calling stack lies in libdnnl.
bool calledFromOneDNN() {
  void *frames[32];
  int count = backtrace(frames, 32);
  for (int i = 0; i < count; ++i) {
    Dl_info info;
    if (dladdr(frames[i], &info) && info.dli_fname &&
        std::strstr(info.dli_fname, "libdnnl"))
      return true;
  }
  return false;
}

void count() {
  if (!counting.load(std::memory_order_relaxed) || inside)
    return;
  inside = true;
  (calledFromOneDNN() ? oneDNNAllocations : allocations)
      .fetch_add(1, std::memory_order_relaxed);
  inside = false;
}
} // namespace

// operator new and the C++ runtime end in these.
extern "C" void *malloc(size_t size) {
  count();
  return __libc_malloc(size);
}
extern "C" void *calloc(size_t n, size_t size) {
  count();
  return __libc_calloc(n, size);
}
extern "C" void *realloc(void *p, size_t size) {
  count();
  return __libc_realloc(p, size);
}
extern "C" void *aligned_alloc(size_t alignment, size_t size) {
  count();
  return __libc_memalign(alignment, size);
}
extern "C" void *memalign(size_t alignment, size_t size) {
  count();
  return __libc_memalign(alignment, size);
}
extern "C" int posix_memalign(void **out, size_t alignment, size_t size) {
  count();
  *out = __libc_memalign(alignment, size);
  return *out ? 0 : 12; // ENOMEM
}

using namespace wnn;
using wnn::test::f32;

namespace {

/// conv 3x3 + relu (NCHW, so the oneDNN path reorders activations) ->
/// residual add -> global average pool -> gemm -> softmax: a kernel of
/// every kind, oneDNN calls and generated loops.
Expected<Graph> buildGraph() {
  GraphBuilder b;
  auto x = b.input("x", f32({1, 8, 12, 12}));
  std::vector<float> filter(8 * 8 * 3 * 3, 0.01f), weights(8 * 10, 0.1f);
  auto w = b.constant(f32({8, 8, 3, 3}), filter.data(), filter.size() * 4);
  auto g = b.constant(f32({8, 10}), weights.data(), weights.size() * 4);
  if (!x || !w || !g)
    return Error{"operands"};
  Conv2dOptions conv;
  conv.padding = {1, 1, 1, 1};
  auto c = b.conv2d(*x, *w, conv);
  auto r = c ? b.relu(*c) : c;
  auto a = r ? b.add(*r, *x) : r;
  auto p = a ? b.averagePool2d(*a) : a;
  auto f = p ? b.reshape(*p, {1, 8}) : p;
  auto m = f ? b.gemm(*f, *g) : f;
  auto y = m ? b.softmax(*m, 1) : m;
  if (!y)
    return y.error();
  return b.build({{"y", *y}});
}

class RunAllocation
    : public ::testing::TestWithParam<std::tuple<KernelPath, int>> {};

TEST_P(RunAllocation, WarmRunsDoNotAllocate) {
  auto graph = buildGraph();
  ASSERT_TRUE(bool(graph)) << graph.error().message;
  CompileOptions options;
  options.kernels = std::get<0>(GetParam());
  std::unique_ptr<CompiledGraph> compiled;
  auto session = wnn::test::openSession(*graph, options, compiled);
  ASSERT_TRUE(session);
  setNumThreads(std::get<1>(GetParam()));
  std::vector<float> x(8 * 12 * 12, 0.5f), y(10);
  // Built before counting: the test's own vectors are not the run's.
  std::vector<const void *> in{x.data()};
  std::vector<void *> out{y.data()};
  ASSERT_TRUE(bool(session->run(in, out)));
  calledFromOneDNN(); // backtrace's first call loads libgcc
  allocations = oneDNNAllocations = 0;
  counting = true;
  bool ok = true;
  for (int run = 0; run < 5; ++run)
    ok = ok && bool(session->run(in, out));
  counting = false;
  ASSERT_TRUE(ok);
  EXPECT_NEAR(y[0], 0.1f, 1e-6f);
  EXPECT_EQ(allocations.load(), 0u) << "allocations in 5 warm runs";
  if (std::get<0>(GetParam()) == KernelPath::Codegen)
    EXPECT_EQ(oneDNNAllocations.load(), 0u);
  RecordProperty("onednn_allocations", int(oneDNNAllocations.load()));
}

INSTANTIATE_TEST_SUITE_P(
    KernelPathsAndThreads, RunAllocation,
    ::testing::Combine(::testing::Values(KernelPath::OneDNN,
                                         KernelPath::Codegen),
                       ::testing::Values(1, 2)),
    [](const auto &info) {
      return std::string(std::get<0>(info.param) == KernelPath::OneDNN
                             ? "onednn"
                             : "codegen") +
             "_" + std::to_string(std::get<1>(info.param)) + "t";
    });

} // namespace
