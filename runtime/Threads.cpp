//===- runtime/Threads.cpp - Kernel thread count --------------------------===//
//
// oneDNN is built on GNU OpenMP, so its thread count is OpenMP's. The two
// OpenMP calls are declared here rather than through omp.h: the runtime is
// compiled without -fopenmp (clang's libomp headers are not installed) and
// links libgomp directly, the same runtime libdnnl uses.
//
//===----------------------------------------------------------------------===//

#include "wnn/c/artifact.h"
#include "wnn/c/runtime.h"

#include <algorithm>

extern "C" {
void omp_set_num_threads(int threads);
int omp_get_max_threads(void);
int omp_get_thread_num(void);
int omp_get_num_threads(void);
int omp_in_parallel(void);
// GNU OpenMP's entry for `#pragma omp parallel`: runs fn(data) on a team of
// num_threads threads, the caller included.
void GOMP_parallel(void (*fn)(void *), void *data, unsigned num_threads,
                   unsigned flags);
}

namespace {
/// OpenMP's count before anyone changed it: OMP_NUM_THREADS or the cores.
int defaultThreads() {
  static const int threads = omp_get_max_threads();
  return threads;
}
/// One wnn_rt_parallel_for: each team member runs its share of [0, count).
struct ParallelJob {
  wnn_parallel_body_fn body;
  void *const *args;
  int64_t count;
};

void runShare(void *data) {
  const auto *job = static_cast<const ParallelJob *>(data);
  int64_t member = omp_get_thread_num(), members = omp_get_num_threads();
  int64_t first = job->count * member / members;
  int64_t last = job->count * (member + 1) / members;
  if (first < last)
    job->body(job->args, first, last);
}
} // namespace

extern "C" {

void wnn_rt_parallel_for(void *, wnn_parallel_body_fn body, void *const *args,
                         int64_t count) {
  if (count <= 0)
    return;
  int64_t threads = std::min<int64_t>(omp_get_max_threads(), count);
  if (threads <= 1 || omp_in_parallel()) {
    body(args, 0, count);
    return;
  }
  ParallelJob job{body, args, count};
  GOMP_parallel(runShare, &job, static_cast<unsigned>(threads), 0);
}

// OpenMP keeps the count per thread, so this affects sessions run from the
// calling thread.
void wnn_set_num_threads(int threads) {
  int fallback = defaultThreads();
  omp_set_num_threads(threads > 0 ? threads : fallback);
}

int wnn_get_num_threads(void) { return omp_get_max_threads(); }

} // extern "C"
