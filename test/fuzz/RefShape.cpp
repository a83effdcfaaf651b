//===- RefShape.cpp - Reference: shape and data movement ------------------===//

#include "ErrorModel.h"
#include "Reference.h"

#include <algorithm>
#include <cmath>

namespace wnn::fuzz {
namespace {

/// Output element i is input element map[i], or `fill` where map[i] < 0.
RefTensor select(const RefTensor &x, std::vector<int64_t> shape,
                 const std::vector<int64_t> &map, double fill = 0) {
  RefTensor y({x.desc.dataType, std::move(shape)});
  for (size_t i = 0; i < y.size(); ++i) {
    if (map[i] < 0) {
      y.value[i] = fill;
      continue;
    }
    y.value[i] = x.value[size_t(map[i])];
    y.bound[i] = x.bound[size_t(map[i])];
  }
  return y;
}

/// Calls visit(flat, index) for every element of `shape`, in order.
template <typename Visit>
void forEachIndex(const std::vector<int64_t> &shape, Visit visit) {
  int64_t count = elementCount(shape);
  std::vector<int64_t> index(shape.size(), 0);
  for (int64_t flat = 0; flat < count; ++flat) {
    visit(flat, index);
    for (size_t d = shape.size(); d-- > 0;) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
}

int64_t flatten(const std::vector<int64_t> &index,
                const std::vector<int64_t> &strides) {
  int64_t flat = 0;
  for (size_t d = 0; d < index.size(); ++d)
    flat += index[d] * strides[d];
  return flat;
}

RefTensor reshape(const OpArgs &args) {
  const RefTensor &x = args.operand(0);
  std::vector<int64_t> shape = args.integers(1);
  for (int64_t d : shape)
    if (d < 1)
      referenceError("reshape: dimensions must be positive");
  if (elementCount(shape) != int64_t(x.size()))
    referenceError("reshape: element count differs");
  RefTensor y = x;
  y.desc.shape = shape;
  return y;
}

RefTensor transpose(const OpArgs &args) {
  const RefTensor &x = args.operand(0);
  size_t rank = x.desc.shape.size();
  std::vector<int64_t> perm;
  if (std::optional<std::vector<int64_t>> given = args.integers("permutation"))
    perm = *given;
  else
    for (size_t d = rank; d-- > 0;)
      perm.push_back(int64_t(d));
  if (perm.size() != rank)
    referenceError("transpose: permutation length");
  checkAxes(perm, rank, "transpose permutation");
  std::vector<int64_t> shape, inStrides = stridesOf(x.desc.shape);
  for (int64_t p : perm)
    shape.push_back(x.desc.shape[size_t(p)]);
  std::vector<int64_t> map(size_t(elementCount(shape)));
  forEachIndex(shape, [&](int64_t flat, const std::vector<int64_t> &index) {
    int64_t source = 0;
    for (size_t d = 0; d < rank; ++d)
      source += index[d] * inStrides[size_t(perm[d])];
    map[size_t(flat)] = source;
  });
  return select(x, shape, map);
}

RefTensor concat(const OpArgs &args) {
  std::vector<const RefTensor *> inputs = args.operandList(0);
  int64_t axis = args.integer(1);
  if (inputs.empty())
    referenceError("concat: no inputs");
  const RefTensor &first = *inputs[0];
  if (axis < 0 || size_t(axis) >= first.desc.shape.size())
    referenceError("concat: axis out of range");
  std::vector<int64_t> shape = first.desc.shape;
  shape[size_t(axis)] = 0;
  for (const RefTensor *t : inputs) {
    if (t->desc.dataType != first.desc.dataType ||
        t->desc.shape.size() != shape.size())
      referenceError("concat: inputs differ in type or rank");
    for (size_t d = 0; d < shape.size(); ++d)
      if (int64_t(d) != axis && t->desc.shape[d] != first.desc.shape[d])
        referenceError("concat: shapes differ outside the axis");
    shape[size_t(axis)] += t->desc.shape[size_t(axis)];
  }
  RefTensor y({first.desc.dataType, shape});
  // Rows of the concatenation: everything after the axis is contiguous.
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[size_t(d)];
  size_t out = 0;
  for (int64_t o = 0; o < outer; ++o)
    for (const RefTensor *t : inputs) {
      size_t chunk = t->size() / size_t(outer);
      for (size_t j = 0; j < chunk; ++j, ++out) {
        y.value[out] = t->value[size_t(o) * chunk + j];
        y.bound[out] = t->bound[size_t(o) * chunk + j];
      }
    }
  return y;
}

RefTensor slice(const OpArgs &args) {
  const RefTensor &x = args.operand(0);
  std::vector<int64_t> starts = args.integers(1), sizes = args.integers(2);
  size_t rank = x.desc.shape.size();
  std::vector<int64_t> steps =
      args.integers("strides").value_or(std::vector<int64_t>(rank, 1));
  if (starts.size() != rank || sizes.size() != rank || steps.size() != rank)
    referenceError("slice: wrong number of values");
  std::vector<int64_t> shape;
  for (size_t d = 0; d < rank; ++d) {
    if (starts[d] < 0 || sizes[d] < 1 || steps[d] < 1 ||
        starts[d] + sizes[d] > x.desc.shape[d])
      referenceError("slice: out of bounds");
    shape.push_back((sizes[d] + steps[d] - 1) / steps[d]);
  }
  std::vector<int64_t> inStrides = stridesOf(x.desc.shape);
  std::vector<int64_t> map(size_t(elementCount(shape)));
  forEachIndex(shape, [&](int64_t flat, const std::vector<int64_t> &index) {
    int64_t source = 0;
    for (size_t d = 0; d < rank; ++d)
      source += (starts[d] + index[d] * steps[d]) * inStrides[d];
    map[size_t(flat)] = source;
  });
  return select(x, shape, map);
}

std::vector<RefTensor> split(const OpArgs &args) {
  const RefTensor &x = args.operand(0);
  int64_t axis = args.integer("axis", 0);
  size_t rank = x.desc.shape.size();
  if (axis < 0 || size_t(axis) >= rank)
    referenceError("split: axis out of range");
  int64_t dim = x.desc.shape[size_t(axis)];
  std::vector<int64_t> sizes;
  if (args.raw(1).is_array()) {
    sizes = args.integers(1);
  } else {
    int64_t parts = args.integer(1);
    if (parts < 1 || dim % parts)
      referenceError("split: the count does not divide the dimension");
    sizes.assign(size_t(parts), dim / parts);
  }
  int64_t total = 0;
  for (int64_t s : sizes) {
    if (s < 1)
      referenceError("split: sizes must be positive");
    total += s;
  }
  if (total != dim)
    referenceError("split: sizes do not add up");
  std::vector<RefTensor> results;
  std::vector<int64_t> inStrides = stridesOf(x.desc.shape);
  int64_t start = 0;
  for (int64_t s : sizes) {
    std::vector<int64_t> shape = x.desc.shape;
    shape[size_t(axis)] = s;
    std::vector<int64_t> map(size_t(elementCount(shape)));
    forEachIndex(shape, [&](int64_t flat, std::vector<int64_t> index) {
      index[size_t(axis)] += start;
      map[size_t(flat)] = flatten(index, inStrides);
    });
    results.push_back(select(x, shape, map));
    start += s;
  }
  return results;
}

RefTensor pad(const OpArgs &args) {
  const RefTensor &x = args.operand(0);
  std::vector<int64_t> begin = args.integers(1), end = args.integers(2);
  size_t rank = x.desc.shape.size();
  if (begin.size() != rank || end.size() != rank)
    referenceError("pad: wrong number of values");
  std::string mode = args.string("mode", "constant");
  double value = args.number("value", 0);
  if (isFloatType(x.desc.dataType))
    value = double(float(value));
  std::vector<int64_t> shape;
  for (size_t d = 0; d < rank; ++d) {
    int64_t dim = x.desc.shape[d];
    int64_t limit = mode == "reflection" ? dim - 1 : dim;
    if (begin[d] < 0 || end[d] < 0 ||
        ((mode == "reflection" || mode == "symmetric") &&
         (begin[d] > limit || end[d] > limit)))
      referenceError("pad: padding out of range");
    shape.push_back(dim + begin[d] + end[d]);
  }
  if (mode != "constant" && mode != "edge" && mode != "reflection" &&
      mode != "symmetric")
    referenceError("pad: unknown mode");
  std::vector<int64_t> inStrides = stridesOf(x.desc.shape);
  std::vector<int64_t> map(size_t(elementCount(shape)));
  forEachIndex(shape, [&](int64_t flat, const std::vector<int64_t> &index) {
    int64_t source = 0;
    for (size_t d = 0; d < rank; ++d) {
      int64_t dim = x.desc.shape[d];
      int64_t i = index[d] - begin[d];
      if (i < 0 || i >= dim) {
        if (mode == "constant") {
          source = -1;
          break;
        }
        if (mode == "edge")
          i = std::min(std::max(i, int64_t(0)), dim - 1);
        else if (mode == "reflection")
          i = i < 0 ? -i : 2 * (dim - 1) - i;
        else
          i = i < 0 ? -i - 1 : 2 * dim - 1 - i;
      }
      source += i * inStrides[d];
    }
    map[size_t(flat)] = source;
  });
  return select(x, shape, map, value);
}

RefTensor expand(const OpArgs &args) {
  const RefTensor &x = args.operand(0);
  std::vector<int64_t> shape = args.integers(1);
  for (int64_t d : shape)
    if (d < 1)
      referenceError("expand: dimensions must be positive");
  return select(x, shape, broadcastIndexMap(x.desc.shape, shape));
}

/// Negative indices count from the end; others out of range are clamped,
/// as the compiler does (the spec leaves them implementation-defined).
RefTensor gather(const OpArgs &args) {
  const RefTensor &x = args.operand(0);
  const RefTensor &indices = args.operand(1);
  DataType indexType = indices.desc.dataType;
  if (indexType != DataType::Int32 && indexType != DataType::Uint32 &&
      indexType != DataType::Int64)
    referenceError("gather: indices must be int32, uint32 or int64");
  int64_t axis = args.integer("axis", 0);
  size_t rank = x.desc.shape.size();
  if (axis < 0 || size_t(axis) >= rank)
    referenceError("gather: axis out of range");
  int64_t dim = x.desc.shape[size_t(axis)];
  std::vector<int64_t> shape(x.desc.shape.begin(), x.desc.shape.begin() + axis);
  shape.insert(shape.end(), indices.desc.shape.begin(),
               indices.desc.shape.end());
  shape.insert(shape.end(), x.desc.shape.begin() + axis + 1,
               x.desc.shape.end());
  int64_t inner = 1;
  for (size_t d = size_t(axis) + 1; d < rank; ++d)
    inner *= x.desc.shape[d];
  int64_t outer = int64_t(x.size()) / (dim * inner);
  RefTensor y({x.desc.dataType, shape});
  size_t out = 0;
  for (int64_t o = 0; o < outer; ++o)
    for (size_t k = 0; k < indices.size(); ++k) {
      int64_t i = int64_t(indices.value[k]);
      if (i < 0)
        i += dim;
      i = std::min(std::max(i, int64_t(0)), dim - 1);
      bool exactIndex = indices.bound[k] == 0;
      for (int64_t j = 0; j < inner; ++j, ++out) {
        size_t source = size_t((o * dim + i) * inner + j);
        y.value[out] = x.value[source];
        y.bound[out] = exactIndex ? x.bound[source] : kInfinity;
      }
    }
  return y;
}

RefTensor reverse(const OpArgs &args) {
  const RefTensor &x = args.operand(0);
  size_t rank = x.desc.shape.size();
  std::vector<int64_t> axes;
  if (std::optional<std::vector<int64_t>> given = args.integers("axes"))
    axes = *given;
  else
    for (size_t d = 0; d < rank; ++d)
      axes.push_back(int64_t(d));
  checkAxes(axes, rank, "reverse axes");
  std::vector<int64_t> strides = stridesOf(x.desc.shape);
  std::vector<int64_t> map(x.size());
  forEachIndex(x.desc.shape, [&](int64_t flat, std::vector<int64_t> index) {
    for (int64_t axis : axes)
      index[size_t(axis)] =
          x.desc.shape[size_t(axis)] - 1 - index[size_t(axis)];
    map[size_t(flat)] = flatten(index, strides);
  });
  return select(x, x.desc.shape, map);
}

RefTensor tile(const OpArgs &args) {
  const RefTensor &x = args.operand(0);
  std::vector<int64_t> repetitions = args.integers(1);
  if (repetitions.size() != x.desc.shape.size())
    referenceError("tile: one repetition per dimension");
  std::vector<int64_t> shape = x.desc.shape;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (repetitions[d] < 1)
      referenceError("tile: repetitions must be positive");
    shape[d] *= repetitions[d];
  }
  std::vector<int64_t> strides = stridesOf(x.desc.shape);
  std::vector<int64_t> map(size_t(elementCount(shape)));
  forEachIndex(shape, [&](int64_t flat, std::vector<int64_t> index) {
    for (size_t d = 0; d < index.size(); ++d)
      index[d] %= x.desc.shape[d];
    map[size_t(flat)] = flatten(index, strides);
  });
  return select(x, shape, map);
}

/// The upper (column - row >= diagonal) or lower (<= diagonal) triangle of
/// the last two dimensions; the rest is zero.
RefTensor triangular(const OpArgs &args) {
  const RefTensor &x = args.operand(0);
  size_t rank = x.desc.shape.size();
  if (rank < 2)
    referenceError("triangular: rank below 2");
  bool upper = args.boolean("upper", true);
  int64_t diagonal = args.integer("diagonal", 0);
  std::vector<int64_t> map(x.size());
  forEachIndex(x.desc.shape,
               [&](int64_t flat, const std::vector<int64_t> &index) {
                 int64_t offset = index[rank - 1] - index[rank - 2];
                 bool keep = upper ? offset >= diagonal : offset <= diagonal;
                 map[size_t(flat)] = keep ? flat : -1;
               });
  return select(x, x.desc.shape, map);
}

/// Running sums along an axis, from the end when reversed; an exclusive sum
/// leaves out the element itself. Each sum of k terms rounds within
/// gamma(k) of the sum of magnitudes.
RefTensor cumulativeSum(const OpArgs &args) {
  const RefTensor &x = args.operand(0);
  int64_t axis = args.integer(1);
  size_t rank = x.desc.shape.size();
  if (axis < 0 || size_t(axis) >= rank)
    referenceError("cumulativeSum: axis out of range");
  bool exclusive = args.boolean("exclusive", false);
  bool reversed = args.boolean("reversed", false);
  bool isFloat = isFloatType(x.desc.dataType);
  int64_t dim = x.desc.shape[size_t(axis)];
  int64_t inner = 1;
  for (size_t d = size_t(axis) + 1; d < rank; ++d)
    inner *= x.desc.shape[d];
  int64_t outer = int64_t(x.size()) / (dim * inner);
  RefTensor y(x.desc);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t j = 0; j < inner; ++j) {
      double sum = 0, magnitude = 0, propagated = 0;
      int64_t terms = 0;
      for (int64_t step = 0; step < dim; ++step) {
        int64_t i = reversed ? dim - 1 - step : step;
        size_t at = size_t((o * dim + i) * inner + j);
        auto accumulate = [&] {
          sum += x.value[at];
          magnitude += std::fabs(x.value[at]);
          propagated += x.bound[at];
          ++terms;
        };
        if (!exclusive)
          accumulate();
        y.value[at] = sum;
        y.bound[at] =
            isFloat ? propagated + gammaOf(double(terms)) * magnitude : 0;
        if (!isFloat && std::fabs(sum) > 0x1p31)
          referenceError("cumulativeSum: integer overflow");
        if (exclusive)
          accumulate();
      }
    }
  return y;
}

} // namespace

void addShapeHandlers(HandlerTable &table) {
  auto one = [](RefTensor (*fn)(const OpArgs &)) {
    return
        [fn](const OpArgs &args) { return std::vector<RefTensor>{fn(args)}; };
  };
  table["reshape"] = one(reshape);
  table["transpose"] = one(transpose);
  table["concat"] = one(concat);
  table["slice"] = one(slice);
  table["split"] = split;
  table["pad"] = one(pad);
  table["expand"] = one(expand);
  table["gather"] = one(gather);
  table["reverse"] = one(reverse);
  table["tile"] = one(tile);
  table["triangular"] = one(triangular);
  table["cumulativeSum"] = one(cumulativeSum);
}

} // namespace wnn::fuzz
