//===- runtime/Model.cpp - Loading compiled graphs ------------------------===//
//
// wnn_model_load and friends: dlopen an artifact, find its entry point and
// check the descriptor before anything trusts it.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <dlfcn.h>

#include <cstring>
#include <limits>
#include <new>

using namespace wnn::rt;

namespace {
thread_local std::string lastError;

// Limits that no real graph reaches; they only keep a corrupt descriptor
// from sending the runtime through huge loops or allocations.
constexpr uint32_t kMaxTensors = 1u << 20;
constexpr int32_t kMaxRank = 8;

std::string checkTensor(const wnn_tensor_desc &t, const char *kind,
                        uint32_t index) {
  std::string where = std::string(kind) + " " + std::to_string(index);
  if (!t.name)
    return where + " has no name";
  where += " '" + std::string(t.name) + "'";
  if (t.data_type < WNN_FLOAT32 || t.data_type > WNN_UINT4)
    return where + " has unknown data type " + std::to_string(t.data_type);
  if (t.rank < 0 || t.rank > kMaxRank)
    return where + " has rank " + std::to_string(t.rank) +
           " (supported: 0 to " + std::to_string(kMaxRank) + ")";
  if (t.rank > 0 && !t.shape)
    return where + " has rank " + std::to_string(t.rank) + " but no shape";
  for (int32_t d = 0; d < t.rank; ++d)
    if (t.shape[d] < 0)
      return where + " has negative dimension " + std::to_string(t.shape[d]);
  if (wnn_tensor_byte_size(&t) == std::numeric_limits<size_t>::max())
    return where + " is too large";
  return "";
}

std::string checkTensors(const wnn_tensor_desc *tensors, uint32_t count,
                         const char *kind) {
  if (count > kMaxTensors)
    return "descriptor claims " + std::to_string(count) + " " + kind + "s";
  if (count > 0 && !tensors)
    return "descriptor has " + std::to_string(count) + " " + kind +
           "s but no " + kind + " table";
  for (uint32_t i = 0; i < count; ++i) {
    std::string problem = checkTensor(tensors[i], kind, i);
    if (!problem.empty())
      return problem;
  }
  return "";
}
} // namespace

namespace wnn::rt {

wnn_status fail(wnn_status status, std::string message) {
  lastError = std::move(message);
  return status;
}

const char *typeName(int32_t dataType) {
  switch (dataType) {
  case WNN_FLOAT32:
    return "float32";
  case WNN_FLOAT16:
    return "float16";
  case WNN_INT32:
    return "int32";
  case WNN_UINT32:
    return "uint32";
  case WNN_INT64:
    return "int64";
  case WNN_UINT64:
    return "uint64";
  case WNN_INT8:
    return "int8";
  case WNN_UINT8:
    return "uint8";
  case WNN_INT4:
    return "int4";
  case WNN_UINT4:
    return "uint4";
  default:
    return "unknown type";
  }
}

size_t elementSize(int32_t dataType) {
  switch (dataType) {
  case WNN_FLOAT32:
  case WNN_INT32:
  case WNN_UINT32:
    return 4;
  case WNN_FLOAT16:
    return 2;
  case WNN_INT64:
  case WNN_UINT64:
    return 8;
  case WNN_INT8:
  case WNN_UINT8:
    return 1;
  default:
    return 0;
  }
}

std::string describeTensor(const wnn_tensor_desc &desc) {
  std::string text = typeName(desc.data_type);
  text += " [";
  for (int32_t d = 0; d < desc.rank && desc.shape; ++d) {
    if (d)
      text += ",";
    text += std::to_string(desc.shape[d]);
  }
  return text + "]";
}

std::string validateDescriptor(const wnn_model_desc *desc) {
  if (!desc)
    return "the descriptor is null";
  if (desc->abi_version != WNN_ABI_VERSION)
    return "artifact ABI version " + std::to_string(desc->abi_version) +
           " does not match the runtime's version " +
           std::to_string(WNN_ABI_VERSION);
  if (desc->num_outputs == 0)
    return "descriptor declares no outputs";
  std::string problem = checkTensors(desc->inputs, desc->num_inputs, "input");
  if (problem.empty())
    problem = checkTensors(desc->outputs, desc->num_outputs, "output");
  if (!problem.empty())
    return problem;
  uint64_t align = desc->arena_alignment;
  if (align != 0 && (align & (align - 1)) != 0)
    return "arena alignment " + std::to_string(align) +
           " is not a power of two";
  if (align > 4096)
    return "arena alignment " + std::to_string(align) + " is too large";
  if (desc->arena_size > (uint64_t(1) << 46))
    return "arena size " + std::to_string(desc->arena_size) + " is too large";
  if (!desc->run)
    return "descriptor has no run function";
  return "";
}

void releaseModelRef(wnn_model *model) {
  if (!model || model->refs.fetch_sub(1, std::memory_order_acq_rel) != 1)
    return;
  if (model->library)
    dlclose(model->library);
  delete model;
}

} // namespace wnn::rt

extern "C" {

const char *wnn_last_error(void) { return lastError.c_str(); }

size_t wnn_tensor_byte_size(const wnn_tensor_desc *desc) {
  constexpr size_t kOverflow = std::numeric_limits<size_t>::max();
  if (!desc || desc->rank < 0 || (desc->rank > 0 && !desc->shape))
    return 0;
  // Element count with an overflow check; kOverflow marks a size that does
  // not fit (the loader rejects such descriptors).
  size_t count = 1;
  for (int32_t d = 0; d < desc->rank; ++d) {
    int64_t dim = desc->shape[d];
    if (dim < 0)
      return 0;
    if (dim != 0 && count > (kOverflow >> 4) / size_t(dim))
      return kOverflow;
    count *= size_t(dim);
  }
  if (desc->data_type == WNN_INT4 || desc->data_type == WNN_UINT4)
    return (count + 1) / 2;
  return count * elementSize(desc->data_type);
}

wnn_status wnn_model_load(const char *path, wnn_model **model) {
  if (!model)
    return fail(WNN_ERROR_INVALID_ARGUMENT, "wnn_model_load: model is null");
  *model = nullptr;
  if (!path || !*path)
    return fail(WNN_ERROR_INVALID_ARGUMENT, "wnn_model_load: empty path");
  // RTLD_LOCAL keeps two artifacts' internal symbols apart; RTLD_NOW reports
  // a missing runtime symbol here instead of in the middle of a run.
  // dlopen searches the library path for names without a slash; an
  // artifact path always means a file.
  std::string file = std::strchr(path, '/') ? path : std::string("./") + path;
  void *library = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    const char *error = dlerror();
    std::string why = error ? error : "unknown dlopen error";
    // dlerror() usually starts with the path already.
    std::string prefix = std::string(path) + ": ";
    if (why.rfind(prefix, 0) == 0)
      why.erase(0, prefix.size());
    return fail(WNN_ERROR_LOAD, prefix + "cannot load: " + why);
  }
  dlerror();
  void *symbol = dlsym(library, WNN_MODEL_ENTRY_SYMBOL);
  if (!symbol) {
    dlclose(library);
    return fail(WNN_ERROR_LOAD, std::string(path) +
                                    ": no '" WNN_MODEL_ENTRY_SYMBOL
                                    "' entry point; not a compiled WebNN "
                                    "graph");
  }
  auto entry = reinterpret_cast<wnn_model_entry_fn>(symbol);
  const wnn_model_desc *desc = entry();
  std::string problem = desc ? validateDescriptor(desc)
                             : WNN_MODEL_ENTRY_SYMBOL "() returned null";
  if (!problem.empty()) {
    dlclose(library);
    return fail(WNN_ERROR_ABI, std::string(path) + ": " + problem);
  }
  auto *result = new (std::nothrow) wnn_model;
  if (!result) {
    dlclose(library);
    return fail(WNN_ERROR_OUT_OF_MEMORY, "wnn_model_load: out of memory");
  }
  result->desc = desc;
  result->library = library;
  result->path = path;
  *model = result;
  return WNN_OK;
}

wnn_status wnn_model_from_descriptor(const wnn_model_desc *desc,
                                     wnn_model **model) {
  if (!model)
    return fail(WNN_ERROR_INVALID_ARGUMENT,
                "wnn_model_from_descriptor: model is null");
  *model = nullptr;
  std::string problem = validateDescriptor(desc);
  if (!problem.empty())
    return fail(WNN_ERROR_ABI, "in-memory model: " + problem);
  auto *result = new (std::nothrow) wnn_model;
  if (!result)
    return fail(WNN_ERROR_OUT_OF_MEMORY,
                "wnn_model_from_descriptor: out of memory");
  result->desc = desc;
  result->path = "<in-memory model>";
  *model = result;
  return WNN_OK;
}

const wnn_model_desc *wnn_model_descriptor(const wnn_model *model) {
  return model ? model->desc : nullptr;
}

void wnn_model_release(wnn_model *model) { releaseModelRef(model); }

} // extern "C"
