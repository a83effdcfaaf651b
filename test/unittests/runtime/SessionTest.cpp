//===- SessionTest.cpp - Models, sessions, ctx plumbing and caches --------===//

#include "TestUtil.h"

#include "wnn/Runtime.h"

#include <cstdint>

using namespace wnn;
using namespace wnn::test;

namespace {

//===----------------------------------------------------------------------===//
// A hand-written model: out = a [4,8] x b [8,16], where b is either the
// second graph input or a constant of the "artifact", and the product is
// staged in the arena.
//===----------------------------------------------------------------------===//

constexpr int64_t M = 4, K = 8, N = 16;
const int64_t kParams[] = {2, M, K, K, N, M, N, 0, 0, 0x3FF0000000000000LL,
                           0, 0, 0, 0};
const int64_t kAShape[] = {M, K}, kBShape[] = {K, N}, kOutShape[] = {M, N};
const wnn_tensor_desc kTwoInputs[] = {{"a", WNN_FLOAT32, 2, kAShape},
                                      {"b", WNN_FLOAT32, 2, kBShape}};
const wnn_tensor_desc kOutputs[] = {{"out", WNN_FLOAT32, 2, kOutShape}};

std::vector<float> &constantB() {
  static std::vector<float> b = randomData(K * N, 99);
  return b;
}

void *lastCtx = nullptr;
void *lastArena = nullptr;

void runWithInputB(void *ctx, void *const *inputs, void *const *outputs,
                   void *arena) {
  lastCtx = ctx;
  lastArena = arena;
  auto *staged = static_cast<float *>(arena);
  wnn_rt_matmul(ctx, kParams, staged, static_cast<const float *>(inputs[0]),
                static_cast<const float *>(inputs[1]), nullptr, nullptr);
  std::memcpy(outputs[0], staged, sizeof(float) * M * N);
}

void runWithConstantB(void *ctx, void *const *inputs, void *const *outputs,
                      void *arena) {
  auto *staged = static_cast<float *>(arena);
  wnn_rt_matmul(ctx, kParams, staged, static_cast<const float *>(inputs[0]),
                constantB().data(), nullptr, nullptr);
  std::memcpy(outputs[0], staged, sizeof(float) * M * N);
}

const wnn_model_desc kInputBModel = {WNN_ABI_VERSION, 2,        1,        0,
                                     kTwoInputs,      kOutputs, M *N * 4, 128,
                                     &runWithInputB};
const wnn_model_desc kConstantBModel = {WNN_ABI_VERSION,  1,        1,        0,
                                        kTwoInputs,       kOutputs, M *N * 4, 0,
                                        &runWithConstantB};

std::vector<float> product(const std::vector<float> &a,
                           const std::vector<float> &b) {
  std::vector<float> out(M * N, 0.f);
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < N; ++j)
      for (int64_t k = 0; k < K; ++k)
        out[i * N + j] += a[i * K + k] * b[k * N + j];
  return out;
}

TEST(Session, PassesItselfAsCtxAndOwnsAnAlignedArena) {
  wnn_model *model = nullptr;
  ASSERT_EQ(wnn_model_from_descriptor(&kInputBModel, &model), WNN_OK);
  wnn_session *session = nullptr;
  ASSERT_EQ(wnn_session_create(model, &session), WNN_OK);
  std::vector<float> a = randomData(M * K, 1), b = randomData(K * N, 2);
  std::vector<float> out(M * N);
  void *inputs[] = {a.data(), b.data()};
  void *outputs[] = {out.data()};
  ASSERT_EQ(wnn_session_run(session, inputs, outputs), WNN_OK)
      << wnn_last_error();
  EXPECT_EQ(lastCtx, session);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(lastArena) % 128, 0u);
  void *firstArena = lastArena;
  expectNear(out, product(a, b));
  ASSERT_EQ(wnn_session_run(session, inputs, outputs), WNN_OK);
  EXPECT_EQ(lastArena, firstArena) << "the arena is allocated once";
  // Releasing the model first is harmless: the session holds a reference.
  wnn_model_release(model);
  ASSERT_EQ(wnn_session_run(session, inputs, outputs), WNN_OK);
  wnn_session_release(session);
}

TEST(Session, WeightsFromAnInputAreNeverStale) {
  Expected<Model> model = Model::fromDescriptor(&kInputBModel);
  ASSERT_TRUE(bool(model)) << model.error().message;
  Expected<Session> session = Session::create(*model);
  ASSERT_TRUE(bool(session)) << session.error().message;
  std::vector<float> a = randomData(M * K, 3), b = randomData(K * N, 4);
  std::vector<float> out(M * N);
  for (int run = 0; run < 3; ++run) {
    // Same buffer, new contents each run.
    for (float &x : b)
      x += 0.5f;
    Status status = session->run({a.data(), b.data()}, {out.data()});
    ASSERT_TRUE(bool(status)) << status.error().message;
    expectNear(out, product(a, b));
  }
  SessionStats stats = session->stats();
  EXPECT_EQ(stats.runs, 3u);
  EXPECT_EQ(stats.primitivesCreated, 1u);
  EXPECT_EQ(stats.weightCacheHits, 0u);
}

//===----------------------------------------------------------------------===//
// out = a [4,8] x b [8,16] + c, with c either an input or a constant; c's
// shape comes from the test.
//===----------------------------------------------------------------------===//

int64_t cParams[14 + 2 + 2 * 3];
const float *constantC = nullptr;

void runWithC(void *ctx, void *const *inputs, void *const *outputs,
              void * /*arena*/) {
  const float *c =
      constantC ? constantC : static_cast<const float *>(inputs[2]);
  wnn_rt_matmul(ctx, cParams, static_cast<float *>(outputs[0]),
                static_cast<const float *>(inputs[0]),
                static_cast<const float *>(inputs[1]), c, nullptr);
}

/// Runs out = a x b + c three times, changing c in place before each run.
SessionStats runWithBias(int64_t cRows, int64_t cCols, bool cIsConstant) {
  const int64_t params[] = {
      2, M, K, K, N, M, N, 0, 0, 0x3FF0000000000000LL, 1, cRows, cCols, 0};
  std::memcpy(cParams, params, sizeof(params));
  const int64_t cShape[] = {cRows, cCols};
  const wnn_tensor_desc inputs[] = {{"a", WNN_FLOAT32, 2, kAShape},
                                    {"b", WNN_FLOAT32, 2, kBShape},
                                    {"c", WNN_FLOAT32, 2, cShape}};
  const wnn_model_desc desc = {
      WNN_ABI_VERSION, cIsConstant ? 2u : 3u, 1, 0, inputs, kOutputs, 0, 0,
      &runWithC};
  std::vector<float> a = randomData(M * K, 5), b = randomData(K * N, 6);
  std::vector<float> c = randomData(cRows * cCols, 7), out(M * N);
  constantC = cIsConstant ? c.data() : nullptr;
  Expected<Model> model = Model::fromDescriptor(&desc);
  EXPECT_TRUE(bool(model)) << model.error().message;
  Expected<Session> session = Session::create(*model);
  EXPECT_TRUE(bool(session)) << session.error().message;
  for (int run = 0; run < 3; ++run) {
    if (!cIsConstant)
      for (float &x : c)
        x += 0.25f;
    std::vector<const void *> in{a.data(), b.data()};
    if (!cIsConstant)
      in.push_back(c.data());
    Status status = session->run(in, {out.data()});
    EXPECT_TRUE(bool(status)) << status.error().message;
    std::vector<float> expected = product(a, b);
    for (int64_t i = 0; i < M; ++i)
      for (int64_t j = 0; j < N; ++j)
        expected[i * N + j] +=
            c[(cRows == 1 ? 0 : i) * cCols + (cCols == 1 ? 0 : j)];
    expectNear(out, expected);
  }
  constantC = nullptr;
  return session->stats();
}

TEST(Session, BiasBroadcastIsCachedOnlyForConstants) {
  // Whether a c shape needs expanding depends on oneDNN's implementations;
  // the counts must follow the cache rule for each shape that does.
  for (auto [rows, cols] :
       {std::pair<int64_t, int64_t>{M, 1}, {1, N}, {1, 1}}) {
    SessionStats fromInput = runWithBias(rows, cols, false);
    SessionStats fromConstant = runWithBias(rows, cols, true);
    if (fromInput.biasBroadcasts == 0) {
      EXPECT_EQ(fromConstant.biasBroadcasts, 0u);
      continue;
    }
    EXPECT_EQ(fromInput.biasBroadcasts, 3u) << rows << "x" << cols;
    EXPECT_EQ(fromConstant.biasBroadcasts, 1u) << rows << "x" << cols;
  }
}

//===----------------------------------------------------------------------===//
// A 32 -> 48 channel 3x3 NCHW convolution on 12x12, with or without a
// residual add post-op.
//===----------------------------------------------------------------------===//

constexpr int64_t kConvC = 32, kConvOC = 48, kConvHW = 12;
const int64_t kConvInShape[] = {1, kConvC, kConvHW, kConvHW};
const int64_t kConvOutShape[] = {1, kConvOC, kConvHW - 2, kConvHW - 2};
std::vector<int64_t> convParams;

void runConv(void *ctx, void *const *inputs, void *const *outputs, void *) {
  static const std::vector<float> filter = randomData(kConvOC * kConvC * 9, 11);
  const float *x = static_cast<const float *>(inputs[0]);
  auto *y = static_cast<float *>(outputs[0]);
  // The residual, when there is one, is the output's previous contents.
  wnn_rt_conv2d(ctx, convParams.data(), y, x, filter.data(),
                convParams[WNN_CONV2D_POST_OPS] ? y : nullptr, nullptr);
}

/// Runs the convolution twice; returns the session's counters.
SessionStats runNchwConv(bool residual) {
  convParams = {1,           kConvC,      kConvHW, kConvHW, kConvOC, 3, 3,
                kConvHW - 2, kConvHW - 2, 1,       1,       1,       1, 1,
                0,           0,           0,       0,       0,       0};
  appendPostOps(convParams, residual
                                ? std::vector<PostOp>{{WNN_POST_ADD_TENSOR}}
                                : std::vector<PostOp>{{WNN_POST_RELU}});
  const wnn_tensor_desc inputs[] = {{"x", WNN_FLOAT32, 4, kConvInShape}};
  const wnn_tensor_desc outputs[] = {{"y", WNN_FLOAT32, 4, kConvOutShape}};
  const wnn_model_desc desc = {WNN_ABI_VERSION, 1, 1, 0,       inputs,
                               outputs,         0, 0, &runConv};
  Expected<Model> model = Model::fromDescriptor(&desc);
  EXPECT_TRUE(bool(model)) << model.error().message;
  Expected<Session> session = Session::create(*model);
  EXPECT_TRUE(bool(session)) << session.error().message;
  std::vector<float> x = randomData(kConvC * kConvHW * kConvHW, 12);
  std::vector<float> y(kConvOC * (kConvHW - 2) * (kConvHW - 2), 0.f);
  for (int run = 0; run < 2; ++run) {
    Status status = session->run({x.data()}, {y.data()});
    EXPECT_TRUE(bool(status)) << status.error().message;
  }
  return session->stats();
}

// oneDNN computes an NCHW convolution in a layout of its choice: input and
// output are reordered on every run. A residual keeps the caller's layout.
TEST(Session, NchwConvolutionsRunInOneDNNsLayout) {
  EXPECT_EQ(runNchwConv(false).activationReorders, 4u);
  EXPECT_EQ(runNchwConv(true).activationReorders, 0u);
}

TEST(Session, ConstantWeightsAreReorderedOnce) {
  Expected<Model> model = Model::fromDescriptor(&kConstantBModel);
  ASSERT_TRUE(bool(model)) << model.error().message;
  Expected<Session> session = Session::create(*model);
  ASSERT_TRUE(bool(session));
  std::vector<float> a = randomData(M * K, 5), out(M * N);
  for (int run = 0; run < 4; ++run) {
    ASSERT_TRUE(bool(session->run({a.data()}, {out.data()})));
    expectNear(out, product(a, constantB()));
  }
  SessionStats stats = session->stats();
  EXPECT_EQ(stats.primitivesCreated, 1u);
  // oneDNN may take the plain layout as is; if it reorders, it does so once.
  if (stats.weightReorders > 0) {
    EXPECT_EQ(stats.weightReorders, 1u);
    EXPECT_EQ(stats.weightCacheHits, 3u);
  }
}

/// A constant b whose rows are 512 bytes apart: oneDNN's AVX2 sgemm would
/// read them from few cache sets, so the runtime stores them once further
/// apart (other machines pack them in a blocked layout, also once).
constexpr int64_t kWideM = 3, kWideK = 5, kWideN = 128;
const int64_t kWideParams[] = {
    2,      kWideM, kWideK, kWideK, kWideN,
    kWideM, kWideN, 0,      0,      0x3FF0000000000000LL,
    0,      0,      0,      0};
const int64_t kWideAShape[] = {kWideM, kWideK},
              kWideOutShape[] = {kWideM, kWideN};
const wnn_tensor_desc kWideInputs[] = {{"a", WNN_FLOAT32, 2, kWideAShape}};
const wnn_tensor_desc kWideOutputs[] = {{"out", WNN_FLOAT32, 2, kWideOutShape}};
std::vector<float> &wideB() {
  static std::vector<float> b = randomData(kWideK * kWideN, 77);
  return b;
}
void runWithWideB(void *ctx, void *const *inputs, void *const *outputs,
                  void *) {
  wnn_rt_matmul(ctx, kWideParams, static_cast<float *>(outputs[0]),
                static_cast<const float *>(inputs[0]), wideB().data(), nullptr,
                nullptr);
}
const wnn_model_desc kWideBModel = {
    WNN_ABI_VERSION, 1, 1, 0, kWideInputs, kWideOutputs, 0, 64, &runWithWideB};

TEST(Session, ConstantWeightsWithAliasingRowsAreRelaidOnce) {
  Expected<Model> model = Model::fromDescriptor(&kWideBModel);
  ASSERT_TRUE(bool(model)) << model.error().message;
  Expected<Session> session = Session::create(*model);
  ASSERT_TRUE(bool(session));
  std::vector<float> a = randomData(kWideM * kWideK, 6);
  std::vector<float> out(kWideM * kWideN), expected(kWideM * kWideN, 0.f);
  for (int64_t i = 0; i < kWideM; ++i)
    for (int64_t j = 0; j < kWideN; ++j)
      for (int64_t k = 0; k < kWideK; ++k)
        expected[i * kWideN + j] += a[i * kWideK + k] * wideB()[k * kWideN + j];
  for (int run = 0; run < 3; ++run) {
    ASSERT_TRUE(bool(session->run({a.data()}, {out.data()})));
    expectNear(out, expected);
  }
  SessionStats stats = session->stats();
  EXPECT_EQ(stats.primitivesCreated, 1u);
  EXPECT_EQ(stats.weightReorders, 1u);
  EXPECT_EQ(stats.weightCacheHits, 2u);
}

/// conv2d with the filter either from the arena (run data) or constant.
const int64_t kConvParams[] = {1, 16, 8, 8, 32, 3, 3, 6, 6, 1, 1,
                               1, 1,  1, 0, 0,  0, 0, 1, 0, 0};
const int64_t kConvIn[] = {1, 8, 8, 16}, kConvOut[] = {1, 6, 6, 32};
const wnn_tensor_desc kConvInputs[] = {{"x", WNN_FLOAT32, 4, kConvIn}};
const wnn_tensor_desc kConvOutputs[] = {{"y", WNN_FLOAT32, 4, kConvOut}};
constexpr size_t kFilterSize = 32 * 16 * 9;
std::vector<float> &convFilter() {
  static std::vector<float> f = randomData(kFilterSize, 42);
  return f;
}

void convFromArena(void *ctx, void *const *inputs, void *const *outputs,
                   void *arena) {
  // An "intermediate" filter: computed into the arena on every run.
  auto *filter = static_cast<float *>(arena);
  std::memcpy(filter, convFilter().data(), kFilterSize * sizeof(float));
  wnn_rt_conv2d(ctx, kConvParams, static_cast<float *>(outputs[0]),
                static_cast<const float *>(inputs[0]), filter, nullptr,
                nullptr);
}

void convFromConstant(void *ctx, void *const *inputs, void *const *outputs,
                      void *) {
  wnn_rt_conv2d(ctx, kConvParams, static_cast<float *>(outputs[0]),
                static_cast<const float *>(inputs[0]), convFilter().data(),
                nullptr, nullptr);
}

const wnn_model_desc kConvArenaModel = {WNN_ABI_VERSION,
                                        1,
                                        1,
                                        0,
                                        kConvInputs,
                                        kConvOutputs,
                                        kFilterSize * sizeof(float),
                                        64,
                                        &convFromArena};
const wnn_model_desc kConvConstantModel = {
    WNN_ABI_VERSION,  1, 1, 0, kConvInputs, kConvOutputs, 0, 64,
    &convFromConstant};

std::vector<float> convReference(const std::vector<float> &x) {
  std::vector<float> y(6 * 6 * 32, 0.f);
  for (int oy = 0; oy < 6; ++oy)
    for (int ox = 0; ox < 6; ++ox)
      for (int o = 0; o < 32; ++o) {
        float acc = 0;
        for (int c = 0; c < 16; ++c)
          for (int ky = 0; ky < 3; ++ky)
            for (int kx = 0; kx < 3; ++kx)
              acc += x[((oy + ky) * 8 + ox + kx) * 16 + c] *
                     convFilter()[((o * 16 + c) * 3 + ky) * 3 + kx];
        y[(oy * 6 + ox) * 32 + o] = acc;
      }
  return y;
}

TEST(Session, ConvWeightCacheFollowsTheRule) {
  std::vector<float> x = randomData(8 * 8 * 16, 8), y(6 * 6 * 32);
  for (const wnn_model_desc *desc : {&kConvArenaModel, &kConvConstantModel}) {
    bool constant = desc == &kConvConstantModel;
    SCOPED_TRACE(constant ? "constant filter" : "filter in the arena");
    Expected<Model> model = Model::fromDescriptor(desc);
    ASSERT_TRUE(bool(model));
    Expected<Session> session = Session::create(*model);
    ASSERT_TRUE(bool(session));
    for (int run = 0; run < 3; ++run) {
      Status status = session->run({x.data()}, {y.data()});
      ASSERT_TRUE(bool(status)) << status.error().message;
      expectNear(y, convReference(x));
    }
    SessionStats stats = session->stats();
    EXPECT_EQ(stats.primitivesCreated, 1u);
    if (stats.weightReorders == 0)
      continue; // the primitive took the caller's OIHW layout
    EXPECT_EQ(stats.weightReorders, constant ? 1u : 3u);
    EXPECT_EQ(stats.weightCacheHits, constant ? 2u : 0u);
  }
}

TEST(Session, KernelFailureFailsTheRun) {
  static const int64_t badParams[] = {9};
  struct Local {
    static void run(void *ctx, void *const *, void *const *outputs, void *) {
      float *out = static_cast<float *>(outputs[0]);
      wnn_rt_matmul(ctx, badParams, out, out, out, nullptr, nullptr);
    }
  };
  static const wnn_model_desc desc = {
      WNN_ABI_VERSION, 0, 1, 0, nullptr, kOutputs, 0, 0, &Local::run};
  Expected<Model> model = Model::fromDescriptor(&desc);
  ASSERT_TRUE(bool(model));
  Expected<Session> session = Session::create(*model);
  ASSERT_TRUE(bool(session));
  std::vector<float> out(M * N);
  Status status = session->run({}, {out.data()});
  ASSERT_FALSE(bool(status));
  EXPECT_EQ(status.error().message,
            "<in-memory model>: matmul: bad parameter block: rank 9 "
            "(supported: 2 to 6)");
  // Every run reports it again (the error does not leak into the next run
  // as success, nor stick forever).
  EXPECT_FALSE(bool(session->run({}, {out.data()})));
}

TEST(Session, RunArgumentErrors) {
  Expected<Model> model = Model::fromDescriptor(&kInputBModel);
  ASSERT_TRUE(bool(model));
  Expected<Session> session = Session::create(*model);
  ASSERT_TRUE(bool(session));
  std::vector<float> a(M * K), out(M * N);
  Status status = session->run({a.data()}, {out.data()});
  ASSERT_FALSE(bool(status));
  EXPECT_EQ(status.error().message,
            "the model takes 2 inputs and 1 outputs, got 1 and 1");
  void *inputs[] = {a.data(), nullptr};
  void *outputs[] = {out.data()};
  EXPECT_EQ(wnn_session_run(session->handle(), inputs, outputs),
            WNN_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(std::string(wnn_last_error()),
            "<in-memory model>: input 'b' has a null buffer");
  EXPECT_EQ(wnn_session_run(nullptr, inputs, outputs),
            WNN_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(wnn_session_create(nullptr, nullptr), WNN_ERROR_INVALID_ARGUMENT);

  Expected<std::vector<NpyArray>> wrong = session->run(std::vector<NpyArray>{
      NpyArray(DataType::Float32, {M, K}), NpyArray(DataType::Float32, {K})});
  ASSERT_FALSE(bool(wrong));
  EXPECT_EQ(wrong.error().message,
            "input 'b' expects float32 [8,16] but got float32 [8]");
  Expected<std::vector<NpyArray>> right =
      session->run(std::vector<NpyArray>{NpyArray(DataType::Float32, {M, K}),
                                         NpyArray(DataType::Float32, {K, N})});
  ASSERT_TRUE(bool(right)) << right.error().message;
  ASSERT_EQ(right->size(), 1u);
  EXPECT_EQ((*right)[0].shape(), (std::vector<int64_t>{M, N}));
}

//===----------------------------------------------------------------------===//
// Descriptor checks and loading
//===----------------------------------------------------------------------===//

void noRun(void *, void *const *, void *const *, void *) {}

std::string fromDescriptorError(const wnn_model_desc &desc,
                                wnn_status expected = WNN_ERROR_ABI) {
  wnn_model *model = nullptr;
  EXPECT_EQ(wnn_model_from_descriptor(&desc, &model), expected);
  EXPECT_EQ(model, nullptr);
  return wnn_last_error();
}

TEST(Model, DescriptorChecks) {
  const int64_t shape[] = {2, -1};
  const int64_t nine[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
  wnn_tensor_desc t = {"x", WNN_FLOAT32, 2, kAShape};
  wnn_model_desc d = {WNN_ABI_VERSION, 1, 1, 0, &t, &t, 0, 0, &noRun};
  wnn_model *model = nullptr;
  ASSERT_EQ(wnn_model_from_descriptor(&d, &model), WNN_OK);
  EXPECT_EQ(wnn_model_descriptor(model), &d);
  wnn_model_release(model);

  wnn_model_desc bad = d;
  bad.abi_version = 2;
  EXPECT_EQ(fromDescriptorError(bad),
            "in-memory model: artifact ABI version 2 does not match the "
            "runtime's version 1");
  bad = d;
  bad.run = nullptr;
  EXPECT_EQ(fromDescriptorError(bad),
            "in-memory model: descriptor has no run function");
  bad = d;
  bad.num_outputs = 0;
  EXPECT_EQ(fromDescriptorError(bad),
            "in-memory model: descriptor declares no outputs");
  bad = d;
  bad.inputs = nullptr;
  EXPECT_EQ(fromDescriptorError(bad),
            "in-memory model: descriptor has 1 inputs but no input table");
  bad = d;
  bad.arena_alignment = 48;
  EXPECT_EQ(fromDescriptorError(bad),
            "in-memory model: arena alignment 48 is not a power of two");

  wnn_tensor_desc badTensor = {"x", WNN_FLOAT32, 9, nine};
  bad = d;
  bad.inputs = &badTensor;
  EXPECT_EQ(fromDescriptorError(bad),
            "in-memory model: input 0 'x' has rank 9 (supported: 0 to 8)");
  badTensor = {"y", WNN_FLOAT32, 2, shape};
  bad = d;
  bad.outputs = &badTensor;
  EXPECT_EQ(fromDescriptorError(bad),
            "in-memory model: output 0 'y' has negative dimension -1");
  badTensor = {"z", 17, 1, shape};
  bad.outputs = &badTensor;
  EXPECT_EQ(fromDescriptorError(bad),
            "in-memory model: output 0 'z' has unknown data type 17");
  badTensor = {nullptr, WNN_FLOAT32, 0, nullptr};
  bad.outputs = &badTensor;
  EXPECT_EQ(fromDescriptorError(bad), "in-memory model: output 0 has no name");
  badTensor = {"w", WNN_FLOAT32, 1, nullptr};
  bad.outputs = &badTensor;
  EXPECT_EQ(fromDescriptorError(bad),
            "in-memory model: output 0 'w' has rank 1 but no shape");

  EXPECT_EQ(wnn_model_from_descriptor(nullptr, &model), WNN_ERROR_ABI);
  EXPECT_EQ(std::string(wnn_last_error()),
            "in-memory model: the descriptor is null");
  EXPECT_EQ(wnn_model_from_descriptor(&d, nullptr), WNN_ERROR_INVALID_ARGUMENT);
}

TEST(Model, TensorByteSize) {
  const int64_t shape[] = {3, 5};
  wnn_tensor_desc t = {"t", WNN_FLOAT32, 2, shape};
  EXPECT_EQ(wnn_tensor_byte_size(&t), 60u);
  t.data_type = WNN_FLOAT16;
  EXPECT_EQ(wnn_tensor_byte_size(&t), 30u);
  t.data_type = WNN_INT64;
  EXPECT_EQ(wnn_tensor_byte_size(&t), 120u);
  t.data_type = WNN_UINT8;
  EXPECT_EQ(wnn_tensor_byte_size(&t), 15u);
  t.data_type = WNN_INT4;
  EXPECT_EQ(wnn_tensor_byte_size(&t), 8u); // 15 nibbles, packed
  t.rank = 0;
  t.data_type = WNN_INT32;
  EXPECT_EQ(wnn_tensor_byte_size(&t), 4u); // a scalar
  EXPECT_EQ(wnn_tensor_byte_size(nullptr), 0u);
}

TEST(Model, LoadErrors) {
  wnn_model *model = nullptr;
  EXPECT_EQ(wnn_model_load("/nonexistent/graph.so", &model), WNN_ERROR_LOAD);
  EXPECT_EQ(model, nullptr);
  std::string error = wnn_last_error();
  EXPECT_EQ(error.rfind("/nonexistent/graph.so: cannot load: ", 0), 0u)
      << error;

  EXPECT_EQ(wnn_model_load(WNN_TEST_NO_ENTRY_SO, &model), WNN_ERROR_LOAD);
  EXPECT_EQ(std::string(wnn_last_error()),
            std::string(WNN_TEST_NO_ENTRY_SO) +
                ": no 'wnn_model_v1' entry point; not a compiled WebNN graph");

  EXPECT_EQ(wnn_model_load(WNN_TEST_BAD_ABI_SO, &model), WNN_ERROR_ABI);
  EXPECT_EQ(std::string(wnn_last_error()),
            std::string(WNN_TEST_BAD_ABI_SO) +
                ": artifact ABI version 99 does not match the runtime's "
                "version 1");

  EXPECT_EQ(wnn_model_load(WNN_TEST_BAD_RANK_SO, &model), WNN_ERROR_ABI);
  EXPECT_EQ(std::string(wnn_last_error()),
            std::string(WNN_TEST_BAD_RANK_SO) +
                ": input 0 'x' has rank 9 (supported: 0 to 8)");

  EXPECT_EQ(wnn_model_load(nullptr, &model), WNN_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(wnn_model_load("x.so", nullptr), WNN_ERROR_INVALID_ARGUMENT);

  Expected<Model> viaWrapper = Model::load("/nonexistent/graph.so");
  ASSERT_FALSE(bool(viaWrapper));
  EXPECT_EQ(viaWrapper.error().message.rfind("/nonexistent/graph.so: ", 0), 0u);
}

TEST(Model, LoadsAndRunsAnArtifact) {
  Expected<Model> model = Model::load(WNN_TEST_ARTIFACT_SO);
  ASSERT_TRUE(bool(model)) << model.error().message;
  ASSERT_EQ(model->inputs().size(), 1u);
  EXPECT_EQ(model->inputs()[0].name, "x");
  EXPECT_EQ(model->inputs()[0].byteSize, 24u);
  EXPECT_EQ(model->findOutput("y"), std::optional<size_t>(0));
  EXPECT_EQ(model->findInput("nope"), std::nullopt);

  NpyArray x(DataType::Float32, {2, 3});
  float values[6] = {1, 2, 3, -1, 0.5f, 2};
  std::memcpy(x.data(), values, sizeof(values));
  Status check = model->checkInput(0, x, "x.npy");
  EXPECT_TRUE(bool(check));
  NpyArray wrong(DataType::Float32, {2});
  check = model->checkInput(0, wrong, "x.npy");
  ASSERT_FALSE(bool(check));
  EXPECT_EQ(check.error().message,
            "x.npy: input 'x' expects float32 [2,3] but the file holds "
            "float32 [2]");

  Expected<Session> session = Session::create(*model);
  ASSERT_TRUE(bool(session));
  Expected<std::vector<NpyArray>> y = session->run(std::vector<NpyArray>{x});
  ASSERT_TRUE(bool(y)) << y.error().message;
  // relu(x W + c) with W, c from TestArtifact.c.
  const float w[12] = {1, 2, 3, 4, -1, 0, 1, 0, 0.5f, 0.5f, -2, 1};
  const float c[4] = {0.25f, -0.5f, 0, 1};
  std::vector<float> expected(8), got(8);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 4; ++j) {
      float acc = c[j];
      for (int k = 0; k < 3; ++k)
        acc += values[i * 3 + k] * w[k * 4 + j];
      expected[i * 4 + j] = std::max(acc, 0.f);
    }
  std::memcpy(got.data(), (*y)[0].data(), sizeof(float) * 8);
  expectNear(got, expected);
}

TEST(Threads, SetAndRestore) {
  int initial = wnn_get_num_threads();
  EXPECT_GE(initial, 1);
  wnn_set_num_threads(1);
  EXPECT_EQ(wnn_get_num_threads(), 1);
  setNumThreads(3);
  EXPECT_EQ(numThreads(), 3);
  wnn_set_num_threads(0);
  EXPECT_EQ(wnn_get_num_threads(), initial);
}

} // namespace
