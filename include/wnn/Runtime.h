//===- wnn/Runtime.h - C++ wrapper of the runtime C API ---------*- C++ -*-===//
//
// RAII handles over wnn/c/runtime.h: a Model (a loaded artifact or an
// in-memory descriptor) and a Session (arena + kernel caches) that runs it.
// Part of the runtime library; no MLIR.
//
//===----------------------------------------------------------------------===//
#ifndef WNN_RUNTIME_H
#define WNN_RUNTIME_H

#include "wnn/Npy.h"
#include "wnn/Support.h"
#include "wnn/c/runtime.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wnn {

/// One graph input or output of a model.
struct TensorInfo {
  std::string name;
  DataType dataType = DataType::Float32;
  std::vector<int64_t> shape;
  size_t byteSize = 0;
};

/// A loaded graph. Copies share the same underlying wnn_model.
class Model {
public:
  /// dlopens a compiled artifact (.so).
  static Expected<Model> load(const std::string &path);
  /// Wraps a descriptor in memory (JIT); it must outlive the model.
  static Expected<Model> fromDescriptor(const wnn_model_desc *desc);

  const wnn_model_desc &descriptor() const {
    return *wnn_model_descriptor(handle());
  }
  const std::vector<TensorInfo> &inputs() const { return inputInfo; }
  const std::vector<TensorInfo> &outputs() const { return outputInfo; }
  std::optional<size_t> findInput(std::string_view name) const;
  std::optional<size_t> findOutput(std::string_view name) const;

  /// Checks that `array` has the type and shape of input `index`; messages
  /// start with `source` (the file it came from), e.g. "x.npy: input 'x'
  /// expects float32 [1,3,224,224] but the file holds float32 [1,3,224]".
  Status checkInput(size_t index, const NpyArray &array,
                    const std::string &source) const;

  wnn_model *handle() const { return model.get(); }

private:
  explicit Model(wnn_model *model);
  std::shared_ptr<wnn_model> model;
  std::vector<TensorInfo> inputInfo, outputInfo;
};

/// Kernel cache counters of a session.
struct SessionStats {
  uint64_t runs = 0;
  uint64_t primitivesCreated = 0;
  uint64_t weightReorders = 0;
  uint64_t weightCacheHits = 0;
  /// Times a matmul c operand was expanded to the output shape.
  uint64_t biasBroadcasts = 0;
  /// Activations reordered between the caller's layout and the one a
  /// convolution computes in (NCHW convolutions; input and output count
  /// separately).
  uint64_t activationReorders = 0;
};

/// Time spent in the kernels of one name (the labels of the WebNN
/// operations they compute), over all runs of a session, for code compiled
/// with profiling (CompileOptions::profile).
struct KernelProfile {
  /// The labels of the WebNN operations the kernel computes, joined by ','.
  std::string name;
  uint64_t calls = 0;
  double milliseconds = 0;
};

/// Runs a model; owns the arena and cached kernels. One run at a time.
class Session {
public:
  static Expected<Session> create(const Model &model);

  /// Runs with dense buffers in descriptor order (see wnn_session_run).
  Status run(void *const *inputs, void *const *outputs);
  /// Same, checking the number of buffers.
  Status run(const std::vector<const void *> &inputs,
             const std::vector<void *> &outputs);
  /// Runs on arrays checked against the descriptor and returns fresh
  /// output arrays.
  Expected<std::vector<NpyArray>> run(const std::vector<NpyArray> &inputs);

  SessionStats stats() const;
  /// Per kernel name, in the order first called; empty unless the code
  /// was compiled with profiling.
  std::vector<KernelProfile> profile() const;
  const Model &model() const { return owner; }
  wnn_session *handle() const { return session.get(); }

private:
  struct Release {
    void operator()(wnn_session *session) const;
  };
  Session(Model model, wnn_session *session);
  Model owner;
  std::unique_ptr<wnn_session, Release> session;
};

/// Kernel threads of the calling thread (see wnn_set_num_threads); 0
/// restores the default.
void setNumThreads(int threads);
int numThreads();

} // namespace wnn

#endif // WNN_RUNTIME_H
