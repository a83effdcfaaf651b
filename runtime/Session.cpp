//===- runtime/Session.cpp - Sessions: arena and runs ---------------------===//
//
// A session owns the arena (allocated once) and the kernel caches, and runs
// the compiled graph with the caller's buffers.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <cstdlib>
#include <exception>
#include <new>

using namespace wnn::rt;

namespace wnn::rt {

namespace {
bool overlaps(const void *a, size_t aBytes, const void *b, size_t bBytes) {
  if (!a || !b)
    return false;
  auto a0 = reinterpret_cast<uintptr_t>(a);
  auto b0 = reinterpret_cast<uintptr_t>(b);
  // Treat empty ranges as one byte so a pointer at a buffer's start counts.
  return a0 < b0 + (bBytes ? bBytes : 1) && b0 < a0 + (aBytes ? aBytes : 1);
}
} // namespace

bool RunContext::isRunData(const void *ptr, size_t bytes) const {
  // Outside a session run the caller's buffers are unknown: assume the worst.
  if (!inputBytes || !outputBytes)
    return true;
  if (overlaps(ptr, bytes, arena, arenaBytes))
    return true;
  if (inputs && inputBytes)
    for (size_t i = 0; i < inputBytes->size(); ++i)
      if (overlaps(ptr, bytes, inputs[i], (*inputBytes)[i]))
        return true;
  if (outputs && outputBytes)
    for (size_t i = 0; i < outputBytes->size(); ++i)
      if (overlaps(ptr, bytes, outputs[i], (*outputBytes)[i]))
        return true;
  return false;
}

} // namespace wnn::rt

namespace {
void destroySession(wnn_session *session) {
  if (!session)
    return;
  wnn_model *model = session->model;
  std::free(session->arena);
  delete session;
  releaseModelRef(model);
}
} // namespace

extern "C" {

wnn_status wnn_session_create(wnn_model *model, wnn_session **session) {
  if (!session)
    return fail(WNN_ERROR_INVALID_ARGUMENT,
                "wnn_session_create: session is null");
  *session = nullptr;
  if (!model || !model->desc)
    return fail(WNN_ERROR_INVALID_ARGUMENT,
                "wnn_session_create: model is null");
  const wnn_model_desc &desc = *model->desc;
  auto *result = new (std::nothrow) wnn_session;
  if (!result)
    return fail(WNN_ERROR_OUT_OF_MEMORY, "wnn_session_create: out of memory");
  model->refs.fetch_add(1, std::memory_order_relaxed);
  result->model = model;

  // One allocation for the whole run; never smaller than 64 bytes of
  // alignment so that vector code may use aligned accesses.
  size_t align = desc.arena_alignment > 64 ? desc.arena_alignment : 64;
  size_t bytes = (desc.arena_size + align - 1) / align * align;
  result->arena = std::aligned_alloc(align, bytes ? bytes : align);
  result->arenaBytes = desc.arena_size;
  if (!result->arena) {
    destroySession(result);
    return fail(WNN_ERROR_OUT_OF_MEMORY,
                model->path + ": cannot allocate an arena of " +
                    std::to_string(desc.arena_size) + " bytes");
  }
  try {
    for (uint32_t i = 0; i < desc.num_inputs; ++i)
      result->inputBytes.push_back(wnn_tensor_byte_size(&desc.inputs[i]));
    for (uint32_t i = 0; i < desc.num_outputs; ++i)
      result->outputBytes.push_back(wnn_tensor_byte_size(&desc.outputs[i]));
    result->ctx.kernels = createKernelState();
  } catch (const std::bad_alloc &) {
    destroySession(result);
    return fail(WNN_ERROR_OUT_OF_MEMORY, "wnn_session_create: out of memory");
  } catch (const std::exception &e) {
    destroySession(result);
    return fail(WNN_ERROR_KERNEL,
                model->path + ": cannot set up the kernel engine: " + e.what());
  }
  *session = result;
  return WNN_OK;
}

wnn_status wnn_session_run(wnn_session *session, void *const *inputs,
                           void *const *outputs) {
  if (!session)
    return fail(WNN_ERROR_INVALID_ARGUMENT, "wnn_session_run: session is null");
  const wnn_model_desc &desc = *session->model->desc;
  const std::string &path = session->model->path;
  if (desc.num_inputs > 0 && !inputs)
    return fail(WNN_ERROR_INVALID_ARGUMENT,
                path + ": the graph has " + std::to_string(desc.num_inputs) +
                    " inputs but no input buffers were given");
  if (!outputs)
    return fail(WNN_ERROR_INVALID_ARGUMENT,
                path + ": no output buffers were given");
  for (uint32_t i = 0; i < desc.num_inputs; ++i)
    if (!inputs[i] && session->inputBytes[i] > 0)
      return fail(WNN_ERROR_INVALID_ARGUMENT, path + ": input '" +
                                                  desc.inputs[i].name +
                                                  "' has a null buffer");
  for (uint32_t i = 0; i < desc.num_outputs; ++i)
    if (!outputs[i] && session->outputBytes[i] > 0)
      return fail(WNN_ERROR_INVALID_ARGUMENT, path + ": output '" +
                                                  desc.outputs[i].name +
                                                  "' has a null buffer");
  if (session->running.exchange(true, std::memory_order_acquire))
    return fail(WNN_ERROR_INVALID_ARGUMENT,
                path + ": the session is already running; use one session "
                       "per concurrent run");

  RunContext &ctx = session->ctx;
  ctx.inputs = inputs;
  ctx.outputs = outputs;
  ctx.inputBytes = &session->inputBytes;
  ctx.outputBytes = &session->outputBytes;
  ctx.arena = session->arena;
  ctx.arenaBytes = session->arenaBytes;
  ctx.error.clear();
  ++ctx.stats.runs;

  desc.run(session, inputs, outputs, session->arena);

  ctx.inputs = ctx.outputs = nullptr;
  session->running.store(false, std::memory_order_release);
  if (!ctx.error.empty())
    return fail(WNN_ERROR_KERNEL, path + ": " + ctx.error);
  return WNN_OK;
}

void wnn_session_release(wnn_session *session) { destroySession(session); }

size_t wnn_session_profile(const wnn_session *session,
                           wnn_kernel_profile *entries, size_t capacity) {
  if (!session)
    return 0;
  const std::vector<wnn::KernelProfile> &profile = session->ctx.profile;
  for (size_t i = 0; i < profile.size() && i < capacity && entries; ++i)
    entries[i] = {profile[i].name.c_str(), profile[i].calls,
                  profile[i].milliseconds};
  return profile.size();
}

// `ctx` is the running session (see wnn_run_fn).
void wnn_rt_profile_begin(void *ctx) {
  if (ctx)
    static_cast<wnn_session *>(ctx)->ctx.callStart =
        std::chrono::steady_clock::now();
}

void wnn_rt_profile_end(void *ctx, const char *name) {
  if (!ctx || !name)
    return;
  RunContext *rc = &static_cast<wnn_session *>(ctx)->ctx;
  std::chrono::duration<double, std::milli> elapsed =
      std::chrono::steady_clock::now() - rc->callStart;
  auto [slot, added] = rc->profileIndex.try_emplace(name, rc->profile.size());
  if (added)
    rc->profile.push_back({name, 0, 0});
  wnn::KernelProfile &entry = rc->profile[slot->second];
  ++entry.calls;
  entry.milliseconds += elapsed.count();
}

} // extern "C"
