/* A hand-written artifact for the loader and webnn-run tests, built in
 * several variants (see CMakeLists.txt):
 *   y = relu(x [2,3] x W [3,4] + c [1,4]) through wnn_rt_matmul, with the
 *   product staged in the arena. W and c are constants of this object. */
#include "wnn/c/artifact.h"

#include <string.h>

static const int64_t kXShape[2] = {2, 3};
static const int64_t kYShape[2] = {2, 4};

static const float kW[12] = {1, 2, 3, 4, -1, 0, 1, 0, 0.5f, 0.5f, -2, 1};
static const float kC[4] = {0.25f, -0.5f, 0, 1};

/* rank 2: a [2,3], b [3,4], output [2,4], no transposes, alpha = 1.0,
 * c present with dims [1,4], one relu post-op. */
static const int64_t kMatmulParams[] = {
    2, 2, 3, 3, 4, 2, 4, 0, 0, 0x3FF0000000000000LL, 1, 1, 4, 1, WNN_POST_RELU,
    0, 0};

static void run(void *ctx, void *const *inputs, void *const *outputs,
                void *arena) {
  float *staged = (float *)arena;
  wnn_rt_matmul(ctx, kMatmulParams, staged, (const float *)inputs[0], kW, kC,
                0);
  memcpy(outputs[0], staged, sizeof(float) * 8);
}

#ifdef WNN_TEST_BAD_RANK
#define X_RANK 9
#else
#define X_RANK 2
#endif
#ifdef WNN_TEST_BAD_ABI
#define ABI 99u
#else
#define ABI WNN_ABI_VERSION
#endif

static const wnn_tensor_desc kInputs[1] = {{"x", WNN_FLOAT32, X_RANK, kXShape}};
static const wnn_tensor_desc kOutputs[1] = {{"y", WNN_FLOAT32, 2, kYShape}};
static const wnn_model_desc kDesc = {ABI,      1,  1,  0,   kInputs,
                                     kOutputs, 32, 64, &run};

#ifdef WNN_TEST_NO_ENTRY
const wnn_model_desc *some_other_symbol(void) { return &kDesc; }
#else
const wnn_model_desc *wnn_model_v1(void) { return &kDesc; }
#endif
