/*===- wnn/c/artifact.h - Compiled-graph artifact ABI -------------*- C -*-===*\
|*                                                                            *|
|* The contract between code emitted by webnn-compile and the runtime. A      *|
|* compiled graph (a shared object, an object file, or an in-process JIT      *|
|* module) exports one entry point, wnn_model_v1(), returning a static        *|
|* descriptor. Kernels that the runtime provides (oneDNN primitives) are      *|
|* called from compiled code through the wnn_rt_* functions declared here.    *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/
#ifndef WNN_C_ARTIFACT_H
#define WNN_C_ARTIFACT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WNN_ABI_VERSION 1u

/* Operand data types, numbered as in the descriptor. */
typedef enum wnn_data_type {
  WNN_FLOAT32 = 0,
  WNN_FLOAT16 = 1,
  WNN_INT32 = 2,
  WNN_UINT32 = 3,
  WNN_INT64 = 4,
  WNN_UINT64 = 5,
  WNN_INT8 = 6,
  WNN_UINT8 = 7,
  WNN_INT4 = 8,
  WNN_UINT4 = 9
} wnn_data_type;

/* One graph input or output. Shapes are static; rank 0 is a scalar. */
typedef struct wnn_tensor_desc {
  const char *name;
  int32_t data_type; /* wnn_data_type */
  int32_t rank;
  const int64_t *shape; /* rank entries */
} wnn_tensor_desc;

/* Runs the graph once. `ctx` is the runtime's execution context, passed back
 * unchanged to every wnn_rt_* kernel call. `inputs` and `outputs` hold one
 * dense row-major buffer per descriptor entry, in descriptor order. `arena`
 * holds at least arena_size bytes aligned to arena_alignment; it carries all
 * intermediate tensors and need not be initialized. */
typedef void (*wnn_run_fn)(void *ctx, void *const *inputs, void *const *outputs,
                           void *arena);

typedef struct wnn_model_desc {
  uint32_t abi_version; /* WNN_ABI_VERSION */
  uint32_t num_inputs;
  uint32_t num_outputs;
  uint32_t reserved;
  const wnn_tensor_desc *inputs;
  const wnn_tensor_desc *outputs;
  uint64_t arena_size;
  uint64_t arena_alignment;
  wnn_run_fn run;
} wnn_model_desc;

/* The one symbol every artifact exports. */
typedef const wnn_model_desc *(*wnn_model_entry_fn)(void);
#define WNN_MODEL_ENTRY_SYMBOL "wnn_model_v1"

/*===----------------------------------------------------------------------===*\
|* Runtime kernels called from compiled code.                                 *|
|*                                                                            *|
|* Every kernel takes the run's `ctx`, a pointer to a constant parameter      *|
|* block emitted once per call site (its address is also the key under which  *|
|* the runtime caches the primitive it creates), the output buffer, and then  *|
|* WNN_KERNEL_MAX_INPUTS input slots: the inputs the parameter block says     *|
|* are present, in the order it lists them, followed by nulls. All buffers    *|
|* are dense row-major float32. Compiled code never passes an input that      *|
|* shares memory with the output; the runtime copies a residual that does.    *|
\*===----------------------------------------------------------------------===*/

#define WNN_KERNEL_MAX_INPUTS 4

/* Post-operations applied in order to a kernel's result (oneDNN post-ops). */
typedef enum wnn_post_op_kind {
  WNN_POST_RELU = 1,       /* max(x, 0) */
  WNN_POST_LEAKY_RELU = 2, /* x >= 0 ? x : alpha * x */
  WNN_POST_CLAMP = 3,      /* min(max(x, alpha), beta) */
  WNN_POST_SIGMOID = 4,    /* 1 / (1 + exp(-x)) */
  WNN_POST_TANH = 5,       /* tanh(x) */
  WNN_POST_ELU = 6,        /* x >= 0 ? x : alpha * (exp(x) - 1) */
  WNN_POST_GELU = 7,       /* 0.5 * x * (1 + erf(x / sqrt(2))) */
  WNN_POST_HARD_SWISH = 8, /* x * max(0, min(6, x + 3)) / 6 */
  WNN_POST_LINEAR = 9,     /* alpha * x + beta */
  WNN_POST_ADD_TENSOR = 10 /* x + residual, residual shaped like the result */
} wnn_post_op_kind;

/* A post-op record in a parameter block: kind, then alpha and beta as the
 * bit patterns of IEEE doubles (see wnn_param_f64). */
#define WNN_POST_OP_WORDS 3

/* conv2d parameter block (int64 words):
 *  [0]  N       [1]  C (input channels)   [2]  IH  [3]  IW
 *  [4]  OC      [5]  KH  [6]  KW          [7]  OH  [8]  OW
 *  [9]  groups  [10] stride H  [11] stride W
 *  [12] dilation H  [13] dilation W  (WebNN convention: 1 = dense)
 *  [14] pad top [15] pad bottom [16] pad left [17] pad right
 *  [18] layout of input and output: 0 = nchw, 1 = nhwc
 *  [19] has bias (1-D, OC elements)
 *  [20] number of post-ops P, then P records of WNN_POST_OP_WORDS words.
 * The filter is always OIHW: [OC, C / groups, KH, KW].
 * Inputs: input, filter, then bias if [19] says so, then the residual if a
 * post-op is WNN_POST_ADD_TENSOR. */
enum { WNN_CONV2D_POST_OPS = 20 };
void wnn_rt_conv2d(void *ctx, const int64_t *params, float *output,
                   const float *in0, const float *in1, const float *in2,
                   const float *in3);

/* matmul parameter block (int64 words):
 *  [0] rank R (2..6) of a, b and the output (batch dims broadcast where 1)
 *  [1..R]      dims of a as stored   [R+1..2R]  dims of b as stored
 *  [2R+1..3R]  dims of the output
 *  [3R+1] a transposed (last two dims stored as [K, M])
 *  [3R+2] b transposed (last two dims stored as [N, K])
 *  [3R+3] alpha (double bits): output = alpha * (a x b)
 *  [3R+4] has c: c is added after scaling (beta is folded into c by the
 *         compiler), before the post-ops
 *  [3R+5..4R+4] dims of c, rank R, each 1 or the output's (0s if no c)
 *  [4R+5] number of post-ops P, then P records.
 * Inputs: a, b, then c if [3R+4] says so, then the residual if a post-op is
 * WNN_POST_ADD_TENSOR. */
void wnn_rt_matmul(void *ctx, const int64_t *params, float *output,
                   const float *in0, const float *in1, const float *in2,
                   const float *in3);

/* The body of a kernel split over threads: runs iterations [first, last)
 * of the kernel's outer parallel loop; `args` holds the kernel's buffers. */
typedef void (*wnn_parallel_body_fn)(void *const *args, int64_t first,
                                     int64_t last);

/* Runs body(args, first, last) over [0, count), split into contiguous ranges,
 * one per thread of the runtime's OpenMP pool (the pool oneDNN's kernels use,
 * so that two pools never compete). On one thread when the pool has one or
 * when called from inside a parallel region. */
void wnn_rt_parallel_for(void *ctx, wnn_parallel_body_fn body,
                         void *const *args, int64_t count);

/* Code compiled with profiling brackets each kernel call with these: the
 * time between them is added to the entry of `name` (a
 * constant string of the artifact: the labels of the kernel's WebNN
 * operations). */
void wnn_rt_profile_begin(void *ctx);
void wnn_rt_profile_end(void *ctx, const char *name);

#ifdef __cplusplus
} /* extern "C" */
#endif

#ifdef __cplusplus
#include <cstring>
/* Reads a double stored as its bit pattern in an int64 parameter word. */
inline double wnn_param_f64(int64_t word) {
  double value;
  std::memcpy(&value, &word, sizeof(value));
  return value;
}
#endif

#endif /* WNN_C_ARTIFACT_H */
