//===- runtime/Threads.cpp - Kernel thread count --------------------------===//
//
// oneDNN is built on GNU OpenMP, so its thread count is OpenMP's. The two
// OpenMP calls are declared here rather than through omp.h: the runtime is
// compiled without -fopenmp (clang's libomp headers are not installed) and
// links libgomp directly, the same runtime libdnnl uses.
//
//===----------------------------------------------------------------------===//

#include "wnn/c/runtime.h"

extern "C" {
void omp_set_num_threads(int threads);
int omp_get_max_threads(void);
}

namespace {
/// OpenMP's count before anyone changed it: OMP_NUM_THREADS or the cores.
int defaultThreads() {
  static const int threads = omp_get_max_threads();
  return threads;
}
} // namespace

extern "C" {

// OpenMP keeps the count per thread, so this affects sessions run from the
// calling thread.
void wnn_set_num_threads(int threads) {
  int fallback = defaultThreads();
  omp_set_num_threads(threads > 0 ? threads : fallback);
}

int wnn_get_num_threads(void) { return omp_get_max_threads(); }

} // extern "C"
