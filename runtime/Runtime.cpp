//===- runtime/Runtime.cpp - C++ wrapper of the runtime -------------------===//

#include "wnn/Runtime.h"

#include "Internal.h"

namespace wnn {

namespace {
Error lastError() { return Error{wnn_last_error()}; }

std::vector<TensorInfo> describe(const wnn_tensor_desc *tensors,
                                 uint32_t count) {
  std::vector<TensorInfo> infos;
  for (uint32_t i = 0; i < count; ++i) {
    const wnn_tensor_desc &t = tensors[i];
    TensorInfo info;
    info.name = t.name;
    info.dataType = DataType(t.data_type);
    info.shape.assign(t.shape, t.shape + t.rank);
    info.byteSize = wnn_tensor_byte_size(&t);
    infos.push_back(std::move(info));
  }
  return infos;
}

std::optional<size_t> find(const std::vector<TensorInfo> &infos,
                           std::string_view name) {
  for (size_t i = 0; i < infos.size(); ++i)
    if (infos[i].name == name)
      return i;
  return std::nullopt;
}
} // namespace

//===----------------------------------------------------------------------===//
// Model
//===----------------------------------------------------------------------===//

Model::Model(wnn_model *handle) : model(handle, wnn_model_release) {
  const wnn_model_desc &desc = *handle->desc;
  inputInfo = describe(desc.inputs, desc.num_inputs);
  outputInfo = describe(desc.outputs, desc.num_outputs);
}

Expected<Model> Model::load(const std::string &path) {
  wnn_model *handle = nullptr;
  if (wnn_model_load(path.c_str(), &handle) != WNN_OK)
    return lastError();
  return Model(handle);
}

Expected<Model> Model::fromDescriptor(const wnn_model_desc *desc) {
  wnn_model *handle = nullptr;
  if (wnn_model_from_descriptor(desc, &handle) != WNN_OK)
    return lastError();
  return Model(handle);
}

std::optional<size_t> Model::findInput(std::string_view name) const {
  return find(inputInfo, name);
}

std::optional<size_t> Model::findOutput(std::string_view name) const {
  return find(outputInfo, name);
}

Status Model::checkInput(size_t index, const NpyArray &array,
                         const std::string &source) const {
  if (index >= inputInfo.size())
    return Error{source + ": no input number " + std::to_string(index)};
  const TensorInfo &info = inputInfo[index];
  if (array.dataType() == info.dataType && array.shape() == info.shape)
    return Status::ok();
  return Error{source + ": input '" + info.name + "' expects " +
               formatTensorType(info.dataType, info.shape) +
               " but the file holds " +
               formatTensorType(array.dataType(), array.shape())};
}

//===----------------------------------------------------------------------===//
// Session
//===----------------------------------------------------------------------===//

void Session::Release::operator()(wnn_session *session) const {
  wnn_session_release(session);
}

Session::Session(Model model, wnn_session *handle)
    : owner(std::move(model)), session(handle) {}

Expected<Session> Session::create(const Model &model) {
  wnn_session *handle = nullptr;
  if (wnn_session_create(model.handle(), &handle) != WNN_OK)
    return lastError();
  return Session(model, handle);
}

Status Session::run(void *const *inputs, void *const *outputs) {
  if (wnn_session_run(session.get(), inputs, outputs) != WNN_OK)
    return lastError();
  return Status::ok();
}

Status Session::run(const std::vector<const void *> &inputs,
                    const std::vector<void *> &outputs) {
  if (inputs.size() != owner.inputs().size() ||
      outputs.size() != owner.outputs().size())
    return Error{"the model takes " + std::to_string(owner.inputs().size()) +
                 " inputs and " + std::to_string(owner.outputs().size()) +
                 " outputs, got " + std::to_string(inputs.size()) + " and " +
                 std::to_string(outputs.size())};
  // The C API takes void *const *; the inputs are only read. Reading the
  // array as such keeps a run free of allocations.
  return run(const_cast<void **>(inputs.data()), outputs.data());
}

Expected<std::vector<NpyArray>>
Session::run(const std::vector<NpyArray> &inputs) {
  if (inputs.size() != owner.inputs().size())
    return Error{"the model takes " + std::to_string(owner.inputs().size()) +
                 " inputs, got " + std::to_string(inputs.size())};
  std::vector<const void *> in;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const TensorInfo &info = owner.inputs()[i];
    if (inputs[i].dataType() != info.dataType ||
        inputs[i].shape() != info.shape)
      return Error{"input '" + info.name + "' expects " +
                   formatTensorType(info.dataType, info.shape) + " but got " +
                   formatTensorType(inputs[i].dataType(), inputs[i].shape())};
    in.push_back(inputs[i].data());
  }
  std::vector<NpyArray> results;
  std::vector<void *> out;
  for (const TensorInfo &info : owner.outputs()) {
    results.emplace_back(info.dataType, info.shape);
    out.push_back(results.back().data());
  }
  Status status = run(in, out);
  if (!status)
    return status.error();
  return results;
}

SessionStats Session::stats() const { return session->ctx.stats; }

std::vector<KernelProfile> Session::profile() const {
  return session->ctx.profile;
}

void setNumThreads(int threads) { wnn_set_num_threads(threads); }
int numThreads() { return wnn_get_num_threads(); }

} // namespace wnn
