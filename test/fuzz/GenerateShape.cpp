//===- GenerateShape.cpp - Random graphs: shape and data movement ---------===//

#include "GeneratorImpl.h"

#include <algorithm>

namespace wnn::fuzz {
namespace {

bool isFloat(const RefTensor &t) { return isFloatType(t.desc.dataType); }

/// Mostly float operands, sometimes integer ones: data movement works on
/// every type.
std::optional<Name> anyOperand(GraphGenerator &g, size_t minRank = 0) {
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

std::vector<int64_t> primeFactors(int64_t n) {
  std::vector<int64_t> factors;
  for (int64_t p = 2; p * p <= n; ++p)
    while (n % p == 0) {
      factors.push_back(p);
      n /= p;
    }
  if (n > 1)
    factors.push_back(n);
  return factors;
}

} // namespace

bool GraphGenerator::reshape() {
  std::optional<Name> x = anyOperand(*this);
  if (!x)
    return false;
  int64_t count = elementCount(shapeOf(*x));
  std::vector<int64_t> factors = primeFactors(count);
  rng.shuffle(factors);
  size_t rank = size_t(rng.range(1, 5));
  std::vector<int64_t> shape(rank, 1);
  for (int64_t f : factors)
    shape[size_t(rng.range(0, int64_t(rank) - 1))] *= f;
  return bool(
      emit("reshape", Json::array({argument("input", *x),
                                   argument("newShape", shapeJson(shape))})));
}

bool GraphGenerator::transpose() {
  std::optional<Name> x = anyOperand(*this, 2);
  if (!x)
    return false;
  std::vector<int64_t> permutation;
  for (size_t d = 0; d < shapeOf(*x).size(); ++d)
    permutation.push_back(int64_t(d));
  rng.shuffle(permutation);
  Json options = Json::object();
  // Without a permutation the dimensions are reversed.
  if (rng.chance(0.85))
    options["permutation"] = shapeJson(permutation);
  return bool(emitUnary("transpose", *x, options));
}

bool GraphGenerator::concat() {
  std::optional<Name> x = anyOperand(*this, 1);
  if (!x)
    return false;
  const std::vector<int64_t> s = shapeOf(*x);
  DataType type = typeOf(*x);
  int64_t axis = rng.range(0, int64_t(s.size()) - 1);
  auto fits = [&](const RefTensor &t) {
    if (t.desc.dataType != type || t.desc.shape.size() != s.size())
      return false;
    for (size_t d = 0; d < s.size(); ++d)
      if (int64_t(d) != axis && t.desc.shape[d] != s[d])
        return false;
    return true;
  };
  std::vector<Name> inputs{*x};
  int64_t total = elementCount(s);
  for (int64_t others = rng.range(1, 2); others > 0; --others) {
    std::optional<Name> next = pick(fits);
    if (!next || rng.chance(0.25)) {
      // A constant block of a few rows along the axis.
      std::vector<int64_t> shape = s;
      shape[size_t(axis)] = rng.range(1, 4);
      if (isFloatType(type)) {
        next = uniformConstant("block", shape, -1, 1);
      } else {
        std::vector<double> values(size_t(elementCount(shape)));
        for (double &v : values)
          v = double(rng.range(-5, 5));
        next = constant("block", {type, shape}, values);
      }
    }
    total += elementCount(shapeOf(*next));
    if (total > limits.maxElements)
      break;
    inputs.insert(inputs.begin() + long(rng.range(0, int64_t(inputs.size()))),
                  *next);
  }
  if (inputs.size() < 2 && rng.chance(0.7))
    inputs.push_back(*x);
  if (elementCount(s) * int64_t(inputs.size()) > limits.maxElements * 2)
    return false;
  return bool(emit("concat", Json::array({argument("inputs", Json(inputs)),
                                          argument("axis", axis)})));
}

bool GraphGenerator::slice() {
  std::optional<Name> x = anyOperand(*this, 1);
  if (!x)
    return false;
  const std::vector<int64_t> s = shapeOf(*x);
  std::vector<int64_t> starts, sizes, strides;
  bool strided = rng.chance(0.25);
  for (int64_t d : s) {
    int64_t start = rng.chance(0.4) ? 0 : rng.range(0, d - 1);
    int64_t size = rng.chance(0.3) ? d - start : rng.range(1, d - start);
    starts.push_back(start);
    sizes.push_back(size);
    strides.push_back(strided ? rng.range(1, 3) : 1);
  }
  Json arguments =
      Json::array({argument("input", *x), argument("starts", shapeJson(starts)),
                   argument("sizes", shapeJson(sizes))});
  if (strided) {
    Json options = Json::object();
    options["strides"] = shapeJson(strides);
    arguments.push_back(argument("options", options));
  }
  return bool(emit("slice", arguments));
}

bool GraphGenerator::split() {
  std::optional<Name> x = anyOperand(*this, 1);
  if (!x)
    return false;
  const std::vector<int64_t> s = shapeOf(*x);
  std::vector<int64_t> axes;
  for (size_t d = 0; d < s.size(); ++d)
    if (s[d] >= 2)
      axes.push_back(int64_t(d));
  if (axes.empty())
    return false;
  int64_t axis = rng.pick(axes), dim = s[size_t(axis)];
  Json splits;
  size_t parts = 0;
  std::vector<int64_t> divisors;
  for (int64_t c = 2; c <= std::min<int64_t>(4, dim); ++c)
    if (dim % c == 0)
      divisors.push_back(c);
  if (!divisors.empty() && rng.chance(0.5)) {
    int64_t count = rng.pick(divisors);
    splits = count;
    parts = size_t(count);
  } else {
    std::vector<int64_t> sizes;
    int64_t left = dim;
    while (left > 0 && sizes.size() < 2) {
      int64_t size = rng.range(1, left);
      sizes.push_back(size);
      left -= size;
    }
    if (left > 0)
      sizes.push_back(left);
    splits = shapeJson(sizes);
    parts = sizes.size();
  }
  Json arguments =
      Json::array({argument("input", *x), argument("splits", splits)});
  if (axis != 0 || rng.chance(0.3)) {
    Json options = Json::object();
    options["axis"] = axis;
    arguments.push_back(argument("options", options));
  }
  return bool(emitMulti("split", arguments, parts));
}

bool GraphGenerator::pad() {
  std::optional<Name> x = anyOperand(*this, 1);
  if (!x)
    return false;
  const std::vector<int64_t> s = shapeOf(*x);
  static const std::vector<std::string> modes = {"constant", "constant", "edge",
                                                 "reflection", "symmetric"};
  std::string mode = rng.pick(modes);
  std::vector<int64_t> begin, end;
  int64_t count = 1;
  for (int64_t d : s) {
    int64_t limit = std::min<int64_t>(2, mode == "reflection"  ? d - 1
                                         : mode == "symmetric" ? d
                                                               : 2);
    begin.push_back(rng.chance(0.5) ? rng.range(0, limit) : 0);
    end.push_back(rng.chance(0.5) ? rng.range(0, limit) : 0);
    count *= d + begin.back() + end.back();
  }
  if (count > limits.maxElements)
    return false;
  Json options = Json::object();
  if (mode != "constant" || rng.chance(0.2))
    options["mode"] = mode;
  if (mode == "constant" && rng.chance(0.6))
    options["value"] = isFloatType(typeOf(*x))
                           ? rng.pick<double>({0, 1, -0.5, 2.5})
                           : rng.pick<double>({0, 3, -1});
  Json arguments = Json::array({argument("input", *x),
                                argument("beginningPadding", shapeJson(begin)),
                                argument("endingPadding", shapeJson(end))});
  if (!options.empty())
    arguments.push_back(argument("options", options));
  return bool(emit("pad", arguments));
}

bool GraphGenerator::expand() {
  std::optional<Name> x = anyOperand(*this);
  if (!x)
    return false;
  std::vector<int64_t> shape = shapeOf(*x);
  for (int64_t &d : shape)
    if (d == 1)
      d = rng.range(1, 4);
  if (shape.size() < 4 && rng.chance(0.4))
    shape.insert(shape.begin(), rng.range(1, 3));
  if (elementCount(shape) > limits.maxElements)
    return false;
  return bool(
      emit("expand", Json::array({argument("input", *x),
                                  argument("newShape", shapeJson(shape))})));
}

bool GraphGenerator::gather() {
  std::optional<Name> x = anyOperand(*this, 1);
  if (!x)
    return false;
  const std::vector<int64_t> s = shapeOf(*x);
  int64_t axis = rng.range(0, int64_t(s.size()) - 1);
  int64_t dim = s[size_t(axis)];
  DataType type = rng.pick<DataType>(
      {DataType::Int32, DataType::Int32, DataType::Uint32, DataType::Int64});
  std::vector<int64_t> shape;
  for (int64_t rank = rng.range(0, 2); rank > 0; --rank)
    shape.push_back(rng.range(1, 6));
  std::vector<double> values(size_t(elementCount(shape)));
  // Negative indices count from the end (signed types only).
  bool negative = type != DataType::Uint32 && rng.chance(0.3);
  for (double &v : values)
    v = double(rng.range(negative ? -dim : 0, dim - 1));
  Name indices = rng.chance(0.1) && type == DataType::Int32
                     ? input({type, shape}, values)
                     : constant("indices", {type, shape}, values);
  Json arguments =
      Json::array({argument("input", *x), argument("indices", indices)});
  if (axis != 0 || rng.chance(0.3)) {
    Json options = Json::object();
    options["axis"] = axis;
    arguments.push_back(argument("options", options));
  }
  return bool(emit("gather", arguments));
}

bool GraphGenerator::reverse() {
  std::optional<Name> x = anyOperand(*this, 1);
  if (!x)
    return false;
  Json options = Json::object();
  // Without axes every dimension is reversed.
  if (rng.chance(0.7)) {
    Json axes = Json::array();
    for (size_t d = 0; d < shapeOf(*x).size(); ++d)
      if (rng.chance(0.5))
        axes.push_back(int64_t(d));
    options["axes"] = axes;
  }
  return bool(emitUnary("reverse", *x, options));
}

bool GraphGenerator::tile() {
  std::optional<Name> x = anyOperand(*this);
  if (!x)
    return false;
  std::vector<int64_t> repetitions;
  int64_t count = elementCount(shapeOf(*x));
  for (size_t d = 0; d < shapeOf(*x).size(); ++d) {
    repetitions.push_back(rng.chance(0.5) ? rng.range(1, 3) : 1);
    count *= repetitions.back();
  }
  if (count > limits.maxElements)
    return false;
  return bool(emit(
      "tile", Json::array({argument("input", *x),
                           argument("repetitions", shapeJson(repetitions))})));
}

bool GraphGenerator::triangular() {
  std::optional<Name> x = anyOperand(*this, 2);
  if (!x)
    return false;
  Json options = Json::object();
  if (rng.chance(0.6))
    options["upper"] = rng.chance(0.5);
  if (rng.chance(0.6))
    options["diagonal"] = rng.range(-2, 2);
  return bool(emitUnary("triangular", *x, options));
}

bool GraphGenerator::cumulativeSum() {
  std::optional<Name> x = anyOperand(*this, 1);
  if (!x)
    return false;
  int64_t axis = rng.range(0, int64_t(shapeOf(*x).size()) - 1);
  Json arguments = Json::array({argument("input", *x), argument("axis", axis)});
  Json options = Json::object();
  if (rng.chance(0.4))
    options["exclusive"] = rng.chance(0.5);
  if (rng.chance(0.4))
    options["reversed"] = rng.chance(0.5);
  if (!options.empty())
    arguments.push_back(argument("options", options));
  return bool(emit("cumulativeSum", arguments));
}

} // namespace wnn::fuzz
