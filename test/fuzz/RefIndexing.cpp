//===- RefIndexing.cpp - Reference: gatherElements/ND, scatterElements/ND -===//
//
// Indices may be negative (counted from the end of their dimension). Gathers
// clamp an index still out of range, as gather does; scatters reject it. A
// scatter writing one element twice is rejected too: WebNN leaves the
// result undefined.
//
//===----------------------------------------------------------------------===//

#include "ErrorModel.h"
#include "Reference.h"

#include <algorithm>

namespace wnn::fuzz {
namespace {

void requireIndices(const RefTensor &indices, const OpArgs &args) {
  DataType type = indices.desc.dataType;
  if (type != DataType::Int32 && type != DataType::Uint32 &&
      type != DataType::Int64)
    referenceError(args.name() + ": indices must be int32, uint32 or int64");
}

/// An index into a dimension of size `dim`: negative ones count from the
/// end; out of range ones are clamped (gathers) or rejected (scatters).
int64_t resolveIndex(double value, int64_t dim, bool clamp,
                     const OpArgs &args) {
  int64_t i = int64_t(value);
  if (i < 0)
    i += dim;
  if (i >= 0 && i < dim)
    return i;
  if (!clamp)
    referenceError(args.name() + ": index out of range");
  return std::min(std::max(i, int64_t(0)), dim - 1);
}

/// The multi-index of flat element `flat` of `shape`.
std::vector<int64_t> unflatten(int64_t flat,
                               const std::vector<int64_t> &shape) {
  std::vector<int64_t> index(shape.size(), 0);
  for (size_t d = shape.size(); d-- > 0;) {
    index[d] = flat % shape[d];
    flat /= shape[d];
  }
  return index;
}

int64_t flatten(const std::vector<int64_t> &index,
                const std::vector<int64_t> &strides) {
  int64_t flat = 0;
  for (size_t d = 0; d < index.size(); ++d)
    flat += index[d] * strides[d];
  return flat;
}

int64_t axisOption(const OpArgs &args, size_t rank) {
  int64_t axis = args.integer("axis", 0);
  if (axis < 0 || size_t(axis) >= rank)
    referenceError(args.name() + ": axis out of range");
  return axis;
}

/// For each element of `indices` (same rank as `data`, equal to it off
/// `axis`), the flat element of `data` it addresses.
std::vector<int64_t> elementTargets(const RefTensor &data,
                                    const RefTensor &indices, int64_t axis,
                                    bool clamp, const OpArgs &args) {
  const std::vector<int64_t> &shape = data.desc.shape;
  const std::vector<int64_t> &indexShape = indices.desc.shape;
  if (indexShape.size() != shape.size())
    referenceError(args.name() + ": indices rank differs from input rank");
  for (size_t d = 0; d < shape.size(); ++d)
    if (int64_t(d) != axis && indexShape[d] != shape[d])
      referenceError(args.name() + ": indices shape differs off the axis");
  std::vector<int64_t> strides = stridesOf(shape);
  std::vector<int64_t> targets(indices.size());
  for (size_t k = 0; k < indices.size(); ++k) {
    std::vector<int64_t> index = unflatten(int64_t(k), indexShape);
    index[size_t(axis)] =
        resolveIndex(indices.value[k], shape[size_t(axis)], clamp, args);
    targets[k] = flatten(index, strides);
  }
  return targets;
}

/// For each index tuple of `indices` (last dimension k), the flat offset
/// of the slice of `data` it addresses, and the slice's element count.
std::vector<int64_t> sliceTargets(const RefTensor &data,
                                  const RefTensor &indices, bool clamp,
                                  const OpArgs &args, int64_t &sliceSize) {
  const std::vector<int64_t> &shape = data.desc.shape;
  const std::vector<int64_t> &indexShape = indices.desc.shape;
  if (indexShape.empty() || indexShape.back() < 1 ||
      size_t(indexShape.back()) > shape.size())
    referenceError(args.name() + ": bad indices shape");
  size_t k = size_t(indexShape.back());
  std::vector<int64_t> strides = stridesOf(shape);
  sliceSize = 1;
  for (size_t d = k; d < shape.size(); ++d)
    sliceSize *= shape[d];
  size_t tuples = indices.size() / k;
  std::vector<int64_t> targets(tuples);
  for (size_t t = 0; t < tuples; ++t) {
    int64_t offset = 0;
    for (size_t d = 0; d < k; ++d)
      offset += resolveIndex(indices.value[t * k + d], shape[d], clamp, args) *
                strides[d];
    targets[t] = offset;
  }
  return targets;
}

bool exact(const RefTensor &indices) {
  return std::all_of(indices.bound.begin(), indices.bound.end(),
                     [](double b) { return b == 0; });
}

RefTensor gatherElements(const OpArgs &args) {
  const RefTensor &x = args.operand(0);
  const RefTensor &indices = args.operand(1);
  requireIndices(indices, args);
  int64_t axis = axisOption(args, x.desc.shape.size());
  std::vector<int64_t> targets = elementTargets(x, indices, axis, true, args);
  RefTensor y({x.desc.dataType, indices.desc.shape});
  bool exactIndices = exact(indices);
  for (size_t k = 0; k < y.size(); ++k) {
    y.value[k] = x.value[size_t(targets[k])];
    y.bound[k] = exactIndices ? x.bound[size_t(targets[k])] : kInfinity;
  }
  return y;
}

RefTensor gatherND(const OpArgs &args) {
  const RefTensor &x = args.operand(0);
  const RefTensor &indices = args.operand(1);
  requireIndices(indices, args);
  int64_t sliceSize = 0;
  std::vector<int64_t> targets =
      sliceTargets(x, indices, true, args, sliceSize);
  std::vector<int64_t> shape(indices.desc.shape.begin(),
                             indices.desc.shape.end() - 1);
  shape.insert(shape.end(), x.desc.shape.begin() + indices.desc.shape.back(),
               x.desc.shape.end());
  RefTensor y({x.desc.dataType, shape});
  bool exactIndices = exact(indices);
  size_t out = 0;
  for (int64_t offset : targets)
    for (int64_t j = 0; j < sliceSize; ++j, ++out) {
      y.value[out] = x.value[size_t(offset + j)];
      y.bound[out] = exactIndices ? x.bound[size_t(offset + j)] : kInfinity;
    }
  return y;
}

/// Writes update element k to `targets[k]` of a copy of `x`.
RefTensor scatter(const RefTensor &x, const RefTensor &indices,
                  const RefTensor &updates, const std::vector<int64_t> &targets,
                  int64_t sliceSize, const OpArgs &args) {
  if (updates.desc.dataType != x.desc.dataType)
    referenceError(args.name() + ": updates type differs from input type");
  RefTensor y = x;
  std::vector<bool> written(x.size(), false);
  bool exactIndices = exact(indices);
  for (size_t t = 0; t < targets.size(); ++t)
    for (int64_t j = 0; j < sliceSize; ++j) {
      size_t target = size_t(targets[t] + j);
      if (written[target])
        referenceError(args.name() + ": an element is written twice");
      written[target] = true;
      size_t source = t * size_t(sliceSize) + size_t(j);
      y.value[target] = updates.value[source];
      y.bound[target] = updates.bound[source];
    }
  if (!exactIndices)
    std::fill(y.bound.begin(), y.bound.end(), kInfinity);
  return y;
}

RefTensor scatterElements(const OpArgs &args) {
  const RefTensor &x = args.operand(0);
  const RefTensor &indices = args.operand(1);
  const RefTensor &updates = args.operand(2);
  requireIndices(indices, args);
  if (updates.desc.shape != indices.desc.shape)
    referenceError("scatterElements: updates shape differs from indices");
  int64_t axis = axisOption(args, x.desc.shape.size());
  std::vector<int64_t> targets = elementTargets(x, indices, axis, false, args);
  return scatter(x, indices, updates, targets, 1, args);
}

RefTensor scatterND(const OpArgs &args) {
  const RefTensor &x = args.operand(0);
  const RefTensor &indices = args.operand(1);
  const RefTensor &updates = args.operand(2);
  requireIndices(indices, args);
  int64_t sliceSize = 0;
  std::vector<int64_t> targets =
      sliceTargets(x, indices, false, args, sliceSize);
  std::vector<int64_t> shape(indices.desc.shape.begin(),
                             indices.desc.shape.end() - 1);
  shape.insert(shape.end(), x.desc.shape.begin() + indices.desc.shape.back(),
               x.desc.shape.end());
  if (updates.desc.shape != shape)
    referenceError("scatterND: updates shape does not match the indices");
  return scatter(x, indices, updates, targets, sliceSize, args);
}

template <RefTensor (*F)(const OpArgs &)> RefHandler one() {
  return [](const OpArgs &args) { return std::vector<RefTensor>{F(args)}; };
}

} // namespace

void addIndexingHandlers(HandlerTable &table) {
  table["gatherElements"] = one<gatherElements>();
  table["gatherND"] = one<gatherND>();
  table["scatterElements"] = one<scatterElements>();
  table["scatterND"] = one<scatterND>();
}

} // namespace wnn::fuzz
