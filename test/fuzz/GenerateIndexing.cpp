//===- GenerateIndexing.cpp - Random graphs: element and slice indexing ---===//
//
// gatherElements, gatherND, scatterElements and scatterND with indices of
// every index type, some negative. Scatter indices never repeat a target,
// so the result is defined.
//
//===----------------------------------------------------------------------===//

#include "GeneratorImpl.h"

#include <algorithm>
#include <numeric>

namespace wnn::fuzz {
namespace {

bool isFloat(const RefTensor &t) { return isFloatType(t.desc.dataType); }

std::optional<Name> dataOperand(GraphGenerator &g, size_t minRank) {
  std::optional<Name> x;
  if (g.rng.chance(0.2))
    x = g.pick([&](const RefTensor &t) {
      return isWideInteger(t) && t.desc.shape.size() >= minRank;
    });
  if (!x)
    x = g.pick([&](const RefTensor &t) {
      return isFloat(t) && t.desc.shape.size() >= minRank;
    });
  return x;
}

DataType indexType(Random &rng) {
  return rng.pick<DataType>(
      {DataType::Int32, DataType::Int32, DataType::Uint32, DataType::Int64});
}

/// `index` in [0, dim), sometimes written as its negative equivalent.
double spell(Random &rng, int64_t index, int64_t dim, DataType type) {
  bool negative = type != DataType::Uint32 && rng.chance(0.25);
  return double(negative ? index - dim : index);
}

} // namespace

/// Indices as a constant, or as a graph input now and then.
Name GraphGenerator::indexOperand(DataType type,
                                  const std::vector<int64_t> &shape,
                                  std::vector<double> values) {
  if (type == DataType::Int32 && rng.chance(0.1))
    return input({type, shape}, std::move(values));
  return constant("indices", {type, shape}, std::move(values));
}

/// An operand of `shape` and `type`: an existing one or a constant.
Name GraphGenerator::updatesFor(const std::vector<int64_t> &shape,
                                DataType type) {
  if (rng.chance(0.4)) {
    std::optional<Name> existing = pick([&](const RefTensor &t) {
      return t.desc.dataType == type && t.desc.shape == shape;
    });
    if (existing)
      return *existing;
  }
  if (isFloatType(type))
    return uniformConstant("updates", shape, -2, 2);
  std::vector<double> values(static_cast<size_t>(elementCount(shape)));
  for (double &v : values)
    v = double(rng.range(type == DataType::Uint32 ? 0 : -20, 20));
  return constant("updates", {type, shape}, values);
}

bool GraphGenerator::gatherElements() {
  std::optional<Name> x = dataOperand(*this, 1);
  if (!x)
    return false;
  std::vector<int64_t> shape = shapeOf(*x);
  int64_t axis = rng.range(0, int64_t(shape.size()) - 1);
  int64_t dim = shape[size_t(axis)];
  shape[size_t(axis)] = rng.range(1, 6);
  DataType type = indexType(rng);
  std::vector<double> values(static_cast<size_t>(elementCount(shape)));
  for (double &v : values)
    v = spell(rng, rng.range(0, dim - 1), dim, type);
  Name indices = indexOperand(type, shape, values);
  Json arguments =
      Json::array({argument("input", *x), argument("indices", indices)});
  if (axis != 0 || rng.chance(0.3))
    arguments.push_back(argument("options", Json{{"axis", axis}}));
  return bool(emit("gatherElements", arguments));
}

bool GraphGenerator::gatherND() {
  std::optional<Name> x = dataOperand(*this, 1);
  if (!x)
    return false;
  const std::vector<int64_t> s = shapeOf(*x);
  int64_t k = rng.range(1, int64_t(s.size()));
  std::vector<int64_t> shape;
  for (int64_t rank = rng.range(0, 2); rank > 0; --rank)
    shape.push_back(rng.range(1, 4));
  shape.push_back(k);
  DataType type = indexType(rng);
  std::vector<double> values(static_cast<size_t>(elementCount(shape)));
  for (size_t i = 0; i < values.size(); ++i) {
    int64_t dim = s[i % size_t(k)];
    values[i] = spell(rng, rng.range(0, dim - 1), dim, type);
  }
  Name indices = indexOperand(type, shape, values);
  return bool(emit("gatherND", Json::array({argument("input", *x),
                                            argument("indices", indices)})));
}

bool GraphGenerator::scatterElements() {
  std::optional<Name> x = dataOperand(*this, 1);
  if (!x)
    return false;
  const std::vector<int64_t> s = shapeOf(*x);
  int64_t axis = rng.range(0, int64_t(s.size()) - 1);
  int64_t dim = s[size_t(axis)];
  std::vector<int64_t> shape = s;
  shape[size_t(axis)] = rng.range(1, std::min<int64_t>(dim, 6));
  DataType type = indexType(rng);
  // Along each line of the axis, distinct targets.
  int64_t count = elementCount(shape);
  int64_t inner = 1;
  for (size_t d = size_t(axis) + 1; d < shape.size(); ++d)
    inner *= shape[d];
  int64_t along = shape[size_t(axis)];
  std::vector<double> values(static_cast<size_t>(count));
  std::vector<int64_t> targets(static_cast<size_t>(dim));
  for (int64_t outer = 0; outer < count / (along * inner); ++outer)
    for (int64_t j = 0; j < inner; ++j) {
      std::iota(targets.begin(), targets.end(), 0);
      rng.shuffle(targets);
      for (int64_t a = 0; a < along; ++a)
        values[size_t((outer * along + a) * inner + j)] =
            spell(rng, targets[size_t(a)], dim, type);
    }
  Name indices = indexOperand(type, shape, values);
  Name updates = updatesFor(shape, typeOf(*x));
  Json arguments =
      Json::array({argument("input", *x), argument("indices", indices),
                   argument("updates", updates)});
  if (axis != 0 || rng.chance(0.3))
    arguments.push_back(argument("options", Json{{"axis", axis}}));
  return bool(emit("scatterElements", arguments));
}

bool GraphGenerator::scatterND() {
  std::optional<Name> x = dataOperand(*this, 1);
  if (!x)
    return false;
  const std::vector<int64_t> s = shapeOf(*x);
  int64_t k = rng.range(1, int64_t(s.size()));
  int64_t slices = 1;
  for (int64_t d = 0; d < k; ++d)
    slices *= s[size_t(d)];
  // Distinct tuples: a random subset of the slices, in random order.
  std::vector<int64_t> chosen(static_cast<size_t>(slices));
  std::iota(chosen.begin(), chosen.end(), 0);
  rng.shuffle(chosen);
  int64_t tuples = rng.range(1, std::min<int64_t>(slices, 8));
  std::vector<int64_t> shape;
  if (tuples % 2 == 0 && rng.chance(0.3))
    shape = {2, tuples / 2, k};
  else
    shape = {tuples, k};
  DataType type = indexType(rng);
  std::vector<double> values;
  for (int64_t t = 0; t < tuples; ++t) {
    int64_t rest = chosen[size_t(t)];
    std::vector<double> tuple(static_cast<size_t>(k));
    for (int64_t d = k; d-- > 0;) {
      int64_t dim = s[size_t(d)];
      tuple[size_t(d)] = spell(rng, rest % dim, dim, type);
      rest /= dim;
    }
    values.insert(values.end(), tuple.begin(), tuple.end());
  }
  Name indices = indexOperand(type, shape, values);
  std::vector<int64_t> updatesShape(shape.begin(), shape.end() - 1);
  updatesShape.insert(updatesShape.end(), s.begin() + k, s.end());
  Name updates = updatesFor(updatesShape, typeOf(*x));
  return bool(emit("scatterND", Json::array({argument("input", *x),
                                             argument("indices", indices),
                                             argument("updates", updates)})));
}

} // namespace wnn::fuzz
