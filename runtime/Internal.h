//===- runtime/Internal.h - Runtime internals -------------------*- C++ -*-===//
//
// Definitions shared by the runtime's sources: the model and session objects
// behind the C handles, error reporting, and the kernel state of a session.
// Not installed; no MLIR or LLVM here.
//
//===----------------------------------------------------------------------===//
#ifndef WNN_RUNTIME_INTERNAL_H
#define WNN_RUNTIME_INTERNAL_H

#include "wnn/Runtime.h"
#include "wnn/c/runtime.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace wnn::rt {

/// Sets the calling thread's wnn_last_error() text and returns `status`.
wnn_status fail(wnn_status status, std::string message);

/// "float32", "int8", ...; "type N" for values outside the enum.
const char *typeName(int32_t dataType);
/// "float32 [1,3,224,224]".
std::string describeTensor(const wnn_tensor_desc &desc);
/// Bytes per element, 0 for the packed 4-bit types and unknown values.
size_t elementSize(int32_t dataType);

/// Checks a descriptor as the loader does; returns "" or the problem.
std::string validateDescriptor(const wnn_model_desc *desc);

/// Counters a session keeps about its kernel cache: the public struct, so
/// Session::stats() hands them out as they are.
using KernelStats = SessionStats;

/// oneDNN objects of one session (defined in OneDNNKernels.cpp so that only
/// that file sees the oneDNN headers).
struct KernelState;
struct KernelStateDeleter {
  void operator()(KernelState *state) const;
};
using KernelStatePtr = std::unique_ptr<KernelState, KernelStateDeleter>;
/// Creates the engine-bound state; throws std::runtime_error on failure.
KernelStatePtr createKernelState();

/// What kernels need to know about the run in progress. The compiled code
/// passes a pointer to this (the session) back as `ctx`.
struct RunContext {
  /// The caller's buffers for the run in progress, with their sizes, and the
  /// arena: kernels use them to tell run data from constants.
  void *const *inputs = nullptr;
  void *const *outputs = nullptr;
  const std::vector<size_t> *inputBytes = nullptr;
  const std::vector<size_t> *outputBytes = nullptr;
  const void *arena = nullptr;
  size_t arenaBytes = 0;

  /// The first kernel failure of the run in progress ("" if none).
  std::string error;
  KernelStats stats;
  KernelStatePtr kernels;

  /// Time per kernel name of code compiled with profiling, in the order
  /// first called, keyed by the address of the name (one string per name
  /// in an artifact).
  std::vector<KernelProfile> profile;
  std::unordered_map<const char *, size_t> profileIndex;
  std::chrono::steady_clock::time_point callStart;

  /// True if [ptr, ptr + bytes) overlaps an input, an output or the arena.
  bool isRunData(const void *ptr, size_t bytes) const;
};

} // namespace wnn::rt

struct wnn_model {
  const wnn_model_desc *desc = nullptr;
  void *library = nullptr; // dlopen handle, null for in-memory descriptors
  std::string path;
  /// One reference for the caller's handle plus one per live session, so
  /// that releasing the model before its sessions is harmless.
  std::atomic<int> refs{1};
};

struct wnn_session {
  wnn_model *model = nullptr;
  void *arena = nullptr;
  size_t arenaBytes = 0;
  std::vector<size_t> inputBytes, outputBytes;
  std::atomic<bool> running{false};
  wnn::rt::RunContext ctx;
};

namespace wnn::rt {
/// Drops one reference of `model`, unloading it with the last one.
void releaseModelRef(wnn_model *model);
} // namespace wnn::rt

#endif // WNN_RUNTIME_INTERNAL_H
