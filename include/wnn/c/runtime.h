/*===- wnn/c/runtime.h - webnn-mlir runtime C API -----------------*- C -*-===*\
|*                                                                            *|
|* Loads compiled graphs and runs them with caller-provided buffers. This     *|
|* library has no MLIR or LLVM dependency.                                    *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/
#ifndef WNN_C_RUNTIME_H
#define WNN_C_RUNTIME_H

#include "wnn/c/artifact.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum wnn_status {
  WNN_OK = 0,
  WNN_ERROR_INVALID_ARGUMENT = 1,
  WNN_ERROR_LOAD = 2,
  WNN_ERROR_ABI = 3,
  WNN_ERROR_OUT_OF_MEMORY = 4,
  WNN_ERROR_KERNEL = 5
} wnn_status;

typedef struct wnn_model wnn_model;     /* a loaded artifact */
typedef struct wnn_session wnn_session; /* arena + kernel caches */

/* The message of the last failing call on this thread ("" if none). */
const char *wnn_last_error(void);

/* dlopens a compiled shared object and checks its descriptor. */
wnn_status wnn_model_load(const char *path, wnn_model **model);
/* Wraps a descriptor already in memory (a JIT-compiled graph). The
 * descriptor and its code must outlive the model. */
wnn_status wnn_model_from_descriptor(const wnn_model_desc *desc,
                                     wnn_model **model);
const wnn_model_desc *wnn_model_descriptor(const wnn_model *model);
void wnn_model_release(wnn_model *model);

/* Byte size of a dense tensor described by `desc` (int4/uint4 packed). */
size_t wnn_tensor_byte_size(const wnn_tensor_desc *desc);

/* A session owns the arena and cached kernels; one run at a time. */
wnn_status wnn_session_create(wnn_model *model, wnn_session **session);
wnn_status wnn_session_run(wnn_session *session, void *const *inputs,
                           void *const *outputs);
void wnn_session_release(wnn_session *session);

/* Time spent in the kernels of one name over all runs of a session. */
typedef struct wnn_kernel_profile {
  const char *name; /* labels of its WebNN operations, joined by ',' */
  uint64_t calls;
  double milliseconds;
} wnn_kernel_profile;

/* Copies up to `capacity` entries, in the order the sites were first
 * called, and returns how many there are. Code compiled without profiling
 * has none. Names live as long as the session's model. */
size_t wnn_session_profile(const wnn_session *session,
                           wnn_kernel_profile *entries, size_t capacity);

/* Threads used by kernels (OpenMP); 0 restores the default. */
void wnn_set_num_threads(int threads);
int wnn_get_num_threads(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WNN_C_RUNTIME_H */
