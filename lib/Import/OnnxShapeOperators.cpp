//===- OnnxShapeOperators.cpp - Constants, shapes and data movement -------===//
//
// Constant, Shape and the ops that move data (Reshape, Gather, Slice,
// Concat, ...). When their data inputs are small host tensors they are
// evaluated while importing, which folds a model's shape arithmetic
// (Shape -> Gather -> Concat -> Reshape) into static shapes.
//
//===----------------------------------------------------------------------===//

#include "Import/OnnxImporter.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace wnn {
namespace onnx_import {

namespace {

std::vector<uint32_t> toU32(NodeContext &c, const std::vector<int64_t> &v) {
  std::vector<uint32_t> result;
  for (int64_t x : v) {
    if (x <= 0 || x > int64_t(UINT32_MAX))
      c.fail("dimension " + std::to_string(x) +
             " is not a positive 32-bit size (WebNN has no empty tensors)");
    result.push_back(uint32_t(x));
  }
  return result;
}

int64_t product(const std::vector<int64_t> &dims, size_t begin, size_t end) {
  int64_t n = 1;
  for (size_t i = begin; i < end; ++i)
    n *= dims[i];
  return n;
}

std::vector<int64_t> strides(const std::vector<int64_t> &dims) {
  std::vector<int64_t> result(dims.size(), 1);
  for (size_t i = dims.size(); i-- > 1;)
    result[i - 1] = result[i] * dims[i];
  return result;
}

/// Visits every multi-index of `dims` in row-major order.
template <typename Visit>
void forEachIndex(const std::vector<int64_t> &dims, Visit visit) {
  int64_t count = product(dims, 0, dims.size());
  std::vector<int64_t> index(dims.size(), 0);
  for (int64_t flat = 0; flat < count; ++flat) {
    visit(index);
    for (size_t i = dims.size(); i-- > 0;) {
      if (++index[i] < dims[i])
        break;
      index[i] = 0;
    }
  }
}

HostTensorRef withDims(const HostTensorRef &value, std::vector<int64_t> dims) {
  auto copy = std::make_shared<HostTensor>(*value);
  copy->dims = std::move(dims);
  return copy;
}

/// Passes the input through under the output's name: Identity, Dropout.
void forward(NodeContext &c) {
  c.expectInputs(1, 3);
  c.expectUsedOutputs(1);
  if (HostTensorRef host = c.host(0))
    c.setHost(0, host);
  else
    c.setOutput(0, c.operand(0));
}

//===----------------------------------------------------------------------===//
// Constants and shapes
//===----------------------------------------------------------------------===//

void constant(NodeContext &c) {
  c.expectInputs(0, 0);
  if (HostTensorRef value = c.tensorAttrValue("value")) {
    c.setHost(0, value);
    return;
  }
  if (c.hasAttribute("value_float")) {
    c.setHost(
        0, HostTensor::fromFloats(kFloat, {}, {c.floatAttr("value_float", 0)}));
  } else if (auto floats = c.floatsAttr("value_floats")) {
    std::vector<double> values(floats->begin(), floats->end());
    c.setHost(0,
              HostTensor::fromFloats(kFloat, {int64_t(values.size())}, values));
  } else if (c.hasAttribute("value_int")) {
    c.setHost(0, HostTensor::fromInts(kInt64, {}, {c.intAttr("value_int", 0)}));
  } else if (auto ints = c.intsAttr("value_ints")) {
    c.setHost(0, HostTensor::fromInts(kInt64, {int64_t(ints->size())}, *ints));
  } else {
    c.fail("needs a 'value', 'value_float(s)' or 'value_int(s)' attribute "
           "(string and sparse constants are not supported)");
  }
}

void constantOfShape(NodeContext &c) {
  c.expectInputs(1, 1);
  std::vector<int64_t> dims = c.hostInts(0, "shape");
  int64_t count = 1;
  for (int64_t d : dims) {
    if (d <= 0)
      c.fail("shape has a dimension of " + std::to_string(d) +
             " (WebNN has no empty tensors)");
    if (count > (int64_t(1) << 28) / d)
      c.fail("shape is too large");
    count *= d;
  }
  int32_t type = kFloat;
  double value = 0;
  if (HostTensorRef v = c.tensorAttrValue("value")) {
    if (v->count() != 1)
      c.fail("attribute 'value' must hold one element");
    type = v->type;
    value = v->floatAt(0);
  }
  c.setHost(
      0, HostTensor::fromFloats(type, dims, std::vector<double>(count, value)));
}

void shape(NodeContext &c) {
  c.expectInputs(1, 1);
  std::vector<int64_t> dims = c.shape(0);
  int64_t rank = int64_t(dims.size());
  auto clampIndex = [&](int64_t i) {
    if (i < 0)
      i += rank;
    return std::clamp<int64_t>(i, 0, rank);
  };
  int64_t start = clampIndex(c.intAttr("start", 0));
  int64_t end =
      c.hasAttribute("end") ? clampIndex(c.intAttr("end", rank)) : rank;
  std::vector<int64_t> values;
  for (int64_t i = start; i < end; ++i)
    values.push_back(dims[i]);
  c.setHost(0, HostTensor::fromInts(kInt64, {int64_t(values.size())}, values));
}

void size(NodeContext &c) {
  c.expectInputs(1, 1);
  std::vector<int64_t> dims = c.shape(0);
  c.setHost(0,
            HostTensor::fromInts(kInt64, {}, {product(dims, 0, dims.size())}));
}

void range(NodeContext &c) {
  c.expectInputs(3, 3);
  const HostTensor &start = c.requireHost(0, "start");
  const HostTensor &limit = c.requireHost(1, "limit");
  const HostTensor &delta = c.requireHost(2, "delta");
  if (start.count() != 1 || limit.count() != 1 || delta.count() != 1)
    c.fail("start, limit and delta must be scalars");
  double s = start.floatAt(0), l = limit.floatAt(0), d = delta.floatAt(0);
  if (d == 0)
    c.fail("delta must not be 0");
  double steps = std::ceil((l - s) / d);
  if (!(steps >= 1))
    c.fail("produces an empty tensor, which WebNN cannot represent");
  if (steps > double(1 << 24))
    c.fail("produces too many elements");
  std::vector<double> values(static_cast<size_t>(steps));
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = s + double(i) * d;
  c.setHost(
      0, HostTensor::fromFloats(start.type, {int64_t(values.size())}, values));
}

void castTo(NodeContext &c, int32_t to) {
  if (HostTensorRef x = c.host(0); foldable(x) && onnxTypeSize(to) > 0) {
    if (isFloatType(x->type))
      c.setHost(0, HostTensor::fromFloats(to, x->dims, x->floats()));
    else
      c.setHost(0, HostTensor::fromInts(to, x->dims, x->ints()));
    return;
  }
  std::optional<DataType> type = webnnTypeOf(to);
  if (!type)
    c.fail("cannot cast to " + onnxTypeName(to) + ", which WebNN lacks");
  Operand x = c.operand(0);
  if (to == kBool) {
    // bool is "not zero", not a truncation to uint8.
    auto zero = HostTensor::fromInts(c.type(0), {}, {0});
    Operand zeroOperand = c.materialize(zero, c.label("zero").label);
    c.setOutput(0, c.check(c.b().notEqual(x, zeroOperand, c.label())));
    return;
  }
  c.setOutput(0, c.check(c.b().cast(x, *type, c.label())));
}

void cast(NodeContext &c) {
  c.expectInputs(1, 1);
  castTo(c, int32_t(c.intAttr("to", kUndefined)));
}

void castLike(NodeContext &c) {
  c.expectInputs(2, 2);
  castTo(c, c.type(1));
}

//===----------------------------------------------------------------------===//
// Reshapes
//===----------------------------------------------------------------------===//

/// Reshape, or passes a host tensor on with new dimensions.
void reshapeTo(NodeContext &c, std::vector<int64_t> dims) {
  if (HostTensorRef x = c.host(0)) {
    c.setHost(0, withDims(x, std::move(dims)));
    return;
  }
  c.setOutput(0,
              c.check(c.b().reshape(c.operand(0), toU32(c, dims), c.label())));
}

void reshape(NodeContext &c) {
  std::vector<int64_t> input = c.shape(0), target;
  if (c.opsetVersion() < 5) {
    target = c.intsAttr("shape").value_or(std::vector<int64_t>());
  } else {
    c.expectInputs(2, 2);
    target = c.hostInts(1, "shape");
  }
  bool allowZero = c.intAttr("allowzero", 0) != 0;
  int64_t known = 1;
  int inferred = -1;
  for (size_t i = 0; i < target.size(); ++i) {
    if (target[i] == 0 && !allowZero) {
      if (i >= input.size())
        c.fail("shape copies dimension " + std::to_string(i) +
               ", which the input lacks");
      target[i] = input[i];
    }
    if (target[i] == -1) {
      if (inferred >= 0)
        c.fail("shape has more than one -1");
      inferred = int(i);
      continue;
    }
    c.bounded(target[i], 1, "shape dimension");
    if (__builtin_mul_overflow(known, target[i], &known))
      c.fail("shape has too many elements");
  }
  int64_t total = product(input, 0, input.size());
  if (inferred >= 0) {
    if (total % known)
      c.fail("cannot infer the -1 dimension");
    target[inferred] = total / known;
  } else if (known != total) {
    c.fail("shape holds " + std::to_string(known) +
           " elements but the input has " + std::to_string(total));
  }
  reshapeTo(c, target);
}

void flatten(NodeContext &c) {
  c.expectInputs(1, 1);
  std::vector<int64_t> dims = c.shape(0);
  int64_t rank = int64_t(dims.size());
  int64_t axis = c.intAttr("axis", 1);
  if (axis < -rank || axis > rank)
    c.fail("axis " + std::to_string(axis) + " is out of range");
  if (axis < 0)
    axis += rank;
  reshapeTo(c, {product(dims, 0, axis), product(dims, axis, rank)});
}

/// Squeeze and Unsqueeze read axes from an attribute before opset 13.
std::optional<std::vector<int64_t>> axesOf(NodeContext &c) {
  if (c.opsetVersion() < 13)
    return c.intsAttr("axes");
  if (!c.hasInput(1))
    return std::nullopt;
  return c.hostInts(1, "axes");
}

void squeeze(NodeContext &c) {
  c.expectInputs(1, 2);
  std::vector<int64_t> dims = c.shape(0), result;
  auto axes = axesOf(c);
  std::vector<uint32_t> removed;
  if (axes)
    removed = c.axes(*axes, dims.size(), "axes");
  for (size_t i = 0; i < dims.size(); ++i) {
    bool named = std::find(removed.begin(), removed.end(), i) != removed.end();
    if (named && dims[i] != 1)
      c.fail("axis " + std::to_string(i) + " has size " +
             std::to_string(dims[i]) + ", not 1");
    if (!(named || (!axes && dims[i] == 1)))
      result.push_back(dims[i]);
  }
  reshapeTo(c, result);
}

void unsqueeze(NodeContext &c) {
  c.expectInputs(1, 2);
  std::vector<int64_t> dims = c.shape(0);
  auto axes = axesOf(c);
  if (!axes)
    c.fail("axes are required");
  size_t rank = dims.size() + axes->size();
  std::vector<uint32_t> inserted = c.axes(*axes, rank, "axes");
  std::vector<int64_t> result;
  size_t next = 0;
  for (size_t i = 0; i < rank; ++i) {
    if (std::find(inserted.begin(), inserted.end(), i) != inserted.end())
      result.push_back(1);
    else
      result.push_back(dims[next++]);
  }
  reshapeTo(c, result);
}

void transpose(NodeContext &c) {
  c.expectInputs(1, 1);
  std::vector<int64_t> dims = c.shape(0);
  std::vector<uint32_t> perm;
  if (auto attr = c.intsAttr("perm")) {
    if (attr->size() != dims.size())
      c.fail("perm must have one entry per dimension");
    perm = c.axes(*attr, dims.size(), "perm");
  } else {
    for (size_t i = dims.size(); i-- > 0;)
      perm.push_back(uint32_t(i));
  }
  if (HostTensorRef x = c.host(0); foldable(x)) {
    std::vector<int64_t> out(dims.size()), from = strides(dims), indices;
    for (size_t i = 0; i < perm.size(); ++i)
      out[i] = dims[perm[i]];
    forEachIndex(out, [&](const std::vector<int64_t> &index) {
      int64_t flat = 0;
      for (size_t i = 0; i < perm.size(); ++i)
        flat += index[i] * from[perm[i]];
      indices.push_back(flat);
    });
    c.setHost(0, pick(*x, out, indices));
    return;
  }
  TransposeOptions options;
  static_cast<OperatorOptions &>(options) = c.label();
  options.permutation = perm;
  c.setOutput(0, c.check(c.b().transpose(c.operand(0), options)));
}

void depthSpace(NodeContext &c, bool toSpace) {
  c.expectInputs(1, 1);
  std::vector<int64_t> d = c.shape(0);
  if (d.size() != 4)
    c.fail("input must have rank 4");
  int64_t b = c.intAttr("blocksize", 0);
  if (b <= 0)
    c.fail("blocksize must be positive");
  int64_t n = d[0], ch = d[1], h = d[2], w = d[3];
  std::vector<int64_t> split, result;
  std::vector<uint32_t> perm;
  if (toSpace) {
    if (ch % (b * b))
      c.fail("channels must be a multiple of blocksize^2");
    bool crd = c.stringAttr("mode", "DCR") == "CRD";
    split = crd ? std::vector<int64_t>{n, ch / (b * b), b, b, h, w}
                : std::vector<int64_t>{n, b, b, ch / (b * b), h, w};
    perm = crd ? std::vector<uint32_t>{0, 1, 4, 2, 5, 3}
               : std::vector<uint32_t>{0, 3, 4, 1, 5, 2};
    result = {n, ch / (b * b), h * b, w * b};
  } else {
    if (h % b || w % b)
      c.fail("height and width must be multiples of blocksize");
    split = {n, ch, h / b, b, w / b, b};
    perm = {0, 3, 5, 1, 2, 4};
    result = {n, ch * b * b, h / b, w / b};
  }
  Operand x =
      c.check(c.b().reshape(c.operand(0), toU32(c, split), c.label("split")));
  TransposeOptions options;
  static_cast<OperatorOptions &>(options) = c.label("transpose");
  options.permutation = perm;
  x = c.check(c.b().transpose(x, options));
  c.setOutput(0, c.check(c.b().reshape(x, toU32(c, result), c.label())));
}

//===----------------------------------------------------------------------===//
// Concat, Slice, Split, Expand, Tile, Where, Pad
//===----------------------------------------------------------------------===//

void concat(NodeContext &c) {
  c.expectInputs(1, SIZE_MAX);
  std::vector<int64_t> first = c.shape(0);
  uint32_t axis = c.axis(c.intAttr("axis", 0), first.size(), "axis");
  bool folded = true;
  for (size_t i = 0; i < c.inputCount(); ++i)
    folded =
        folded && foldable(c.host(i)) && c.host(i)->type == c.host(0)->type;
  if (folded) {
    // Concatenate flat blocks: each input contributes `inner * dims[axis]`
    // elements per outer index.
    int64_t outer = product(first, 0, axis);
    std::vector<int64_t> dims = first;
    dims[axis] = 0;
    std::vector<std::pair<HostTensorRef, int64_t>> blocks;
    for (size_t i = 0; i < c.inputCount(); ++i) {
      HostTensorRef x = c.host(i);
      if (x->dims.size() != first.size())
        c.fail("inputs must have the same rank");
      dims[axis] += x->dims[axis];
      blocks.push_back({x, product(x->dims, axis, x->dims.size())});
    }
    size_t size = onnxTypeSize(first.empty() ? kInt64 : c.host(0)->type);
    auto storage = std::make_shared<std::vector<char>>();
    for (int64_t o = 0; o < outer; ++o)
      for (auto &[x, block] : blocks)
        storage->insert(storage->end(), x->data + o * block * size,
                        x->data + (o + 1) * block * size);
    auto result = std::make_shared<HostTensor>();
    result->type = c.host(0)->type;
    result->dims = dims;
    result->data = storage->data();
    result->size = storage->size();
    result->owner = storage;
    c.setHost(0, result);
    return;
  }
  std::vector<Operand> inputs;
  for (size_t i = 0; i < c.inputCount(); ++i)
    inputs.push_back(c.operand(i));
  c.setOutput(0, inputs.size() == 1
                     ? c.check(c.b().identity(inputs[0], c.label()))
                     : c.check(c.b().concat(inputs, axis, c.label())));
}

void slice(NodeContext &c) {
  std::vector<int64_t> dims = c.shape(0);
  std::vector<int64_t> starts, ends, axesList, steps;
  if (c.opsetVersion() < 10) {
    c.expectInputs(1, 1);
    starts = c.intsAttr("starts").value_or(std::vector<int64_t>());
    ends = c.intsAttr("ends").value_or(std::vector<int64_t>());
    axesList = c.intsAttr("axes").value_or(std::vector<int64_t>());
  } else {
    c.expectInputs(3, 5);
    starts = c.hostInts(1, "starts");
    ends = c.hostInts(2, "ends");
    if (c.hasInput(3))
      axesList = c.hostInts(3, "axes");
    if (c.hasInput(4))
      steps = c.hostInts(4, "steps");
  }
  if (axesList.empty())
    for (size_t i = 0; i < starts.size(); ++i)
      axesList.push_back(int64_t(i));
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axesList.size() != starts.size() ||
      steps.size() != starts.size())
    c.fail("starts, ends, axes and steps must have the same length");
  std::vector<uint32_t> axes = c.axes(axesList, dims.size(), "axes");
  // Per dimension: first element, count, step (negative steps read
  // backwards).
  std::vector<int64_t> first(dims.size(), 0), count = dims,
                                              step(dims.size(), 1);
  for (size_t i = 0; i < axes.size(); ++i) {
    int64_t d = dims[axes[i]], s = steps[i];
    if (s == 0)
      c.fail("steps must not be 0");
    c.bounded(s < 0 ? -s : s, 1, "steps value");
    auto clampTo = [&](int64_t v, int64_t lo, int64_t hi) {
      if (v < 0)
        v += d;
      return std::clamp(v, lo, hi);
    };
    int64_t b = s > 0 ? clampTo(starts[i], 0, d) : clampTo(starts[i], 0, d - 1);
    int64_t e = s > 0 ? clampTo(ends[i], 0, d)
                      : (ends[i] < -d ? -1 : clampTo(ends[i], -1, d - 1));
    int64_t n = s > 0 ? (e - b + s - 1) / s : (b - e + (-s) - 1) / (-s);
    if (n <= 0)
      c.fail("selects no elements along axis " + std::to_string(axes[i]) +
             " (WebNN has no empty tensors)");
    first[axes[i]] = b;
    count[axes[i]] = n;
    step[axes[i]] = s;
  }
  if (HostTensorRef x = c.host(0); foldable(x)) {
    std::vector<int64_t> from = strides(dims), indices;
    forEachIndex(count, [&](const std::vector<int64_t> &index) {
      int64_t flat = 0;
      for (size_t i = 0; i < dims.size(); ++i)
        flat += (first[i] + index[i] * step[i]) * from[i];
      indices.push_back(flat);
    });
    c.setHost(0, pick(*x, count, indices));
    return;
  }
  Operand x = c.operand(0);
  std::vector<uint32_t> reversed;
  for (size_t i = 0; i < dims.size(); ++i) {
    if (step[i] < 0) {
      // Read a reversed axis forwards.
      reversed.push_back(uint32_t(i));
      first[i] = dims[i] - 1 - first[i];
      step[i] = -step[i];
    }
  }
  if (!reversed.empty()) {
    ReverseOptions options;
    static_cast<OperatorOptions &>(options) = c.label("reverse");
    options.axes = reversed;
    x = c.check(c.b().reverse(x, options));
  }
  SliceOptions options;
  static_cast<OperatorOptions &>(options) = c.label();
  for (int64_t s : step)
    options.strides.push_back(uint32_t(s));
  // WebNN's sizes span the window that the strides then sample.
  std::vector<int64_t> span(dims.size());
  for (size_t i = 0; i < dims.size(); ++i)
    span[i] = (count[i] - 1) * step[i] + 1;
  std::vector<uint32_t> begin(first.begin(), first.end());
  c.setOutput(0, c.check(c.b().slice(x, begin, toU32(c, span), options)));
}

void split(NodeContext &c) {
  c.expectInputs(1, 2);
  std::vector<int64_t> dims = c.shape(0);
  uint32_t axis = c.axis(c.intAttr("axis", 0), dims.size(), "axis");
  std::vector<int64_t> sizes;
  if (c.opsetVersion() < 13)
    sizes = c.intsAttr("split").value_or(std::vector<int64_t>());
  else if (c.hasInput(1))
    sizes = c.hostInts(1, "split");
  size_t parts = c.outputCount();
  if (c.hasAttribute("num_outputs") &&
      c.intAttr("num_outputs", 1) != int64_t(parts))
    c.fail("num_outputs " + std::to_string(c.intAttr("num_outputs", 1)) +
           " differs from the node's " + std::to_string(parts) + " outputs");
  if (sizes.empty()) {
    if (parts == 0)
      c.fail("has no outputs");
    // Equal parts; from opset 18 the last may be smaller.
    int64_t each = (dims[axis] + int64_t(parts) - 1) / int64_t(parts);
    for (size_t i = 0; i < parts; ++i)
      sizes.push_back(std::min(each, dims[axis] - each * int64_t(i)));
  }
  if (sizes.size() != c.outputCount())
    c.fail("splits into " + std::to_string(sizes.size()) + " parts but has " +
           std::to_string(c.outputCount()) + " outputs");
  SplitOptions options;
  static_cast<OperatorOptions &>(options) = c.label();
  options.axis = axis;
  std::vector<Operand> results =
      c.check(c.b().split(c.operand(0), toU32(c, sizes), options));
  for (size_t i = 0; i < results.size(); ++i)
    c.setOutput(i, results[i]);
}

void expand(NodeContext &c) {
  c.expectInputs(2, 2);
  std::vector<int64_t> dims = c.shape(0);
  std::vector<int64_t> shape = c.hostInts(1, "shape");
  for (int64_t d : shape)
    c.bounded(d, 1, "shape dimension");
  auto target = broadcastShapes(dims, shape);
  if (!target)
    c.fail("shape does not broadcast with the input's");
  if (HostTensorRef x = c.host(0);
      foldable(x) &&
      product(*target, 0, target->size()) <= kMaxFoldedElements) {
    c.setHost(0, pick(*x, *target, broadcastIndices(dims, *target)));
    return;
  }
  c.setOutput(
      0, c.check(c.b().expand(c.operand(0), toU32(c, *target), c.label())));
}

void tile(NodeContext &c) {
  c.expectInputs(2, 2);
  std::vector<int64_t> repeats = c.hostInts(1, "repeats");
  for (int64_t r : repeats)
    c.bounded(r, 1, "repeats value");
  if (repeats.size() != c.shape(0).size())
    c.fail("repeats must have one entry per dimension");
  c.setOutput(0,
              c.check(c.b().tile(c.operand(0), toU32(c, repeats), c.label())));
}

void where(NodeContext &c) {
  c.expectInputs(3, 3);
  HostTensorRef cond = c.host(0), x = c.host(1), y = c.host(2);
  if (foldable(cond) && foldable(x) && foldable(y) && x->type == y->type) {
    auto shape = broadcastShapes(cond->dims, x->dims);
    if (shape)
      shape = broadcastShapes(*shape, y->dims);
    if (!shape)
      c.fail("cannot broadcast shapes of its inputs");
    std::vector<int64_t> ic = broadcastIndices(cond->dims, *shape),
                         ix = broadcastIndices(x->dims, *shape),
                         iy = broadcastIndices(y->dims, *shape);
    // Pick from x and y laid end to end.
    auto both = std::make_shared<HostTensor>(*x);
    auto storage =
        std::make_shared<std::vector<char>>(x->data, x->data + x->size);
    storage->insert(storage->end(), y->data, y->data + y->size);
    both->data = storage->data();
    both->size = storage->size();
    both->owner = storage;
    std::vector<int64_t> indices(ic.size());
    for (size_t i = 0; i < ic.size(); ++i)
      indices[i] = cond->intAt(ic[i]) ? ix[i] : x->count() + iy[i];
    c.setHost(0, pick(*both, *shape, indices));
    return;
  }
  c.setOutput(0, c.check(c.b().where(c.operand(0), c.operand(1), c.operand(2),
                                     c.label())));
}

void pad(NodeContext &c) {
  std::vector<int64_t> dims = c.shape(0);
  size_t rank = dims.size();
  std::vector<int64_t> pads;
  PadOptions options;
  static_cast<OperatorOptions &>(options) = c.label();
  std::string mode = c.stringAttr("mode", "constant");
  if (c.opsetVersion() < 11) {
    c.expectInputs(1, 1);
    pads = c.intsAttr("pads").value_or(std::vector<int64_t>());
    options.value = c.floatAttr("value", 0);
  } else {
    c.expectInputs(2, 4);
    pads = c.hostInts(1, "pads");
    if (c.hasInput(2)) {
      const HostTensor &value = c.requireHost(2, "constant_value");
      if (value.count() != 1)
        c.fail("constant_value must be a scalar");
      options.value = value.floatAt(0);
    }
  }
  // Pads of the named axes (opset 18), else of every axis.
  std::vector<uint32_t> axes;
  if (c.hasInput(3)) {
    axes = c.axes(c.hostInts(3, "axes"), rank, "axes");
  } else {
    for (uint32_t i = 0; i < rank; ++i)
      axes.push_back(i);
  }
  if (pads.size() != 2 * axes.size())
    c.fail("pads must have " + std::to_string(2 * axes.size()) + " values");
  for (int64_t p : pads)
    c.bounded(p < 0 ? -p : p, 0, "pads value");
  std::vector<int64_t> begin(rank, 0), end(rank, 0);
  for (size_t i = 0; i < axes.size(); ++i) {
    begin[axes[i]] = pads[i];
    end[axes[i]] = pads[i + axes.size()];
  }
  if (mode == "constant")
    options.mode = PaddingMode::Constant;
  else if (mode == "reflect")
    options.mode = PaddingMode::Reflection;
  else if (mode == "edge")
    options.mode = PaddingMode::Edge;
  else
    c.fail("mode '" + mode + "' is not supported (constant, reflect, edge)");
  Operand x = c.operand(0);
  // Negative pads crop: slice first, then pad the rest.
  bool crops = false;
  std::vector<uint32_t> starts(rank), sizes(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t cropBegin = std::max<int64_t>(0, -begin[i]);
    int64_t cropEnd = std::max<int64_t>(0, -end[i]);
    crops = crops || cropBegin || cropEnd;
    if (dims[i] - cropBegin - cropEnd <= 0)
      c.fail("pads crop away all of axis " + std::to_string(i));
    starts[i] = uint32_t(cropBegin);
    sizes[i] = uint32_t(dims[i] - cropBegin - cropEnd);
    begin[i] = std::max<int64_t>(0, begin[i]);
    end[i] = std::max<int64_t>(0, end[i]);
  }
  if (crops) {
    SliceOptions crop;
    static_cast<OperatorOptions &>(crop) = c.label("crop");
    x = c.check(c.b().slice(x, starts, sizes, crop));
  }
  std::vector<uint32_t> b(begin.begin(), begin.end()),
      e(end.begin(), end.end());
  c.setOutput(0, c.check(c.b().pad(x, b, e, options)));
}

//===----------------------------------------------------------------------===//
// Gathers and scatters
//===----------------------------------------------------------------------===//

/// ONNX indices may count from the end; WebNN's do not. Host indices are
/// normalized here, computed ones by where(i < 0, i + size, i).
Operand normalizedIndices(NodeContext &c, size_t index, int64_t size) {
  if (HostTensorRef host = c.host(index); foldable(host)) {
    std::vector<int64_t> values = host->ints();
    bool negative = false;
    for (int64_t &v : values) {
      if (v < -size || v >= size)
        c.fail("index " + std::to_string(v) + " is out of range [" +
               std::to_string(-size) + ", " + std::to_string(size) + ")");
      negative = negative || v < 0;
      if (v < 0)
        v += size;
    }
    if (!negative)
      return c.operand(index);
    return c.materialize(HostTensor::fromInts(host->type, host->dims, values),
                         c.label("indices").label);
  }
  Operand indices = c.operand(index);
  int32_t type = c.type(index);
  if (type == kUint32 || type == kUint64)
    return indices;
  Operand zero =
      c.materialize(HostTensor::fromInts(type, {}, {0}), c.label("zero").label);
  Operand sizeOperand = c.materialize(HostTensor::fromInts(type, {}, {size}),
                                      c.label("size").label);
  Operand negative = c.check(c.b().lesser(indices, zero, c.label("negative")));
  Operand wrapped =
      c.check(c.b().add(indices, sizeOperand, c.label("wrapped")));
  return c.check(c.b().where(negative, wrapped, indices, c.label("indices")));
}

void gather(NodeContext &c) {
  c.expectInputs(2, 2);
  std::vector<int64_t> dims = c.shape(0);
  uint32_t axis = c.axis(c.intAttr("axis", 0), dims.size(), "axis");
  HostTensorRef data = c.host(0), indices = c.host(1);
  if (foldable(data) && foldable(indices)) {
    std::vector<int64_t> ids = indices->ints();
    for (int64_t &v : ids) {
      if (v < -dims[axis] || v >= dims[axis])
        c.fail("index " + std::to_string(v) + " is out of range");
      if (v < 0)
        v += dims[axis];
    }
    int64_t outer = product(dims, 0, axis),
            inner = product(dims, axis + 1, dims.size());
    std::vector<int64_t> out(dims.begin(), dims.begin() + axis), flat;
    out.insert(out.end(), indices->dims.begin(), indices->dims.end());
    out.insert(out.end(), dims.begin() + axis + 1, dims.end());
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t id : ids)
        for (int64_t i = 0; i < inner; ++i)
          flat.push_back((o * dims[axis] + id) * inner + i);
    c.setHost(0, pick(*data, out, flat));
    return;
  }
  GatherOptions options;
  static_cast<OperatorOptions &>(options) = c.label();
  options.axis = axis;
  Operand ids = normalizedIndices(c, 1, dims[axis]);
  c.setOutput(0, c.check(c.b().gather(c.operand(0), ids, options)));
}

void gatherElements(NodeContext &c) {
  c.expectInputs(2, 2);
  std::vector<int64_t> dims = c.shape(0);
  GatherOptions options;
  static_cast<OperatorOptions &>(options) = c.label();
  options.axis = c.axis(c.intAttr("axis", 0), dims.size(), "axis");
  Operand ids = normalizedIndices(c, 1, dims[options.axis]);
  c.setOutput(0, c.check(c.b().gatherElements(c.operand(0), ids, options)));
}

void gatherND(NodeContext &c) {
  c.expectInputs(2, 2);
  c.requireAttr("batch_dims", 0, 0);
  c.setOutput(0,
              c.check(c.b().gatherND(c.operand(0), c.operand(1), c.label())));
}

void scatterElements(NodeContext &c) {
  c.expectInputs(3, 3);
  if (c.stringAttr("reduction", "none") != "none")
    c.fail("only reduction 'none' is supported");
  std::vector<int64_t> dims = c.shape(0);
  ScatterOptions options;
  static_cast<OperatorOptions &>(options) = c.label();
  options.axis = c.axis(c.intAttr("axis", 0), dims.size(), "axis");
  Operand ids = normalizedIndices(c, 1, dims[options.axis]);
  c.setOutput(0, c.check(c.b().scatterElements(c.operand(0), ids, c.operand(2),
                                               options)));
}

void scatterND(NodeContext &c) {
  c.expectInputs(3, 3);
  if (c.stringAttr("reduction", "none") != "none")
    c.fail("only reduction 'none' is supported");
  c.setOutput(0, c.check(c.b().scatterND(c.operand(0), c.operand(1),
                                         c.operand(2), c.label())));
}

} // namespace

void addShapeHandlers(std::unordered_map<std::string, Handler> &t) {
  t["Identity"] = forward;
  t["Dropout"] = forward;
  t["Constant"] = constant;
  t["ConstantOfShape"] = constantOfShape;
  t["Shape"] = shape;
  t["Size"] = size;
  t["Range"] = range;
  t["Cast"] = cast;
  t["CastLike"] = castLike;
  t["Reshape"] = reshape;
  t["Flatten"] = flatten;
  t["Squeeze"] = squeeze;
  t["Unsqueeze"] = unsqueeze;
  t["Transpose"] = transpose;
  t["DepthToSpace"] = [](NodeContext &c) { depthSpace(c, true); };
  t["SpaceToDepth"] = [](NodeContext &c) { depthSpace(c, false); };
  t["Concat"] = concat;
  t["Slice"] = slice;
  t["Split"] = split;
  t["Expand"] = expand;
  t["Tile"] = tile;
  t["Where"] = where;
  t["Pad"] = pad;
  t["Gather"] = gather;
  t["GatherElements"] = gatherElements;
  t["GatherND"] = gatherND;
  t["ScatterElements"] = scatterElements;
  t["Scatter"] = scatterElements;
  t["ScatterND"] = scatterND;
}

const std::unordered_map<std::string, Handler> &defaultDomainHandlers() {
  static const auto table = [] {
    std::unordered_map<std::string, Handler> t;
    addMathHandlers(t);
    addNeuralHandlers(t);
    addShapeHandlers(t);
    addResizeHandlers(t);
    addRecurrentHandlers(t);
    return t;
  }();
  return table;
}

} // namespace onnx_import
} // namespace wnn
