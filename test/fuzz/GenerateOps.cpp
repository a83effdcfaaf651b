//===- GenerateOps.cpp - Random valid WebNN graphs: one operator ----------===//
//
// Each builder picks its operands from the graph so far, draws parameters
// that are valid for their shapes, and emits the operator (which the
// reference then checks). A builder returns false when nothing fits.
//
//===----------------------------------------------------------------------===//

#include "ErrorModel.h"
#include "GeneratorImpl.h"

#include <algorithm>
#include <cmath>

namespace wnn::fuzz {
namespace {

bool isFloat(const RefTensor &t) { return isFloatType(t.desc.dataType); }

Accept floatOperand() {
  return [](const RefTensor &t) { return isFloat(t); };
}
Accept integerOperand() {
  return [](const RefTensor &t) { return isWideInteger(t); };
}

/// The smallest value any implementation may hold.
double lowest(const RefTensor &t) {
  double lo = kInfinity;
  for (size_t i = 0; i < t.size(); ++i)
    lo = std::min(lo, t.value[i] - t.bound[i]);
  return lo;
}
double largestMagnitude(const RefTensor &t) {
  double hi = 0;
  for (size_t i = 0; i < t.size(); ++i)
    hi = std::max(hi, std::fabs(t.value[i]) + t.bound[i]);
  return hi;
}

std::optional<std::vector<int64_t>>
tryBroadcast(const std::vector<int64_t> &a, const std::vector<int64_t> &b) {
  try {
    return broadcastShapes(a, b);
  } catch (const ReferenceError &) {
    return std::nullopt;
  }
}

/// Numbers exactly representable in float32 and short in JSON.
double choose(Random &rng, std::vector<double> values) {
  return rng.pick(values);
}

} // namespace

//===----------------------------------------------------------------------===//
// Helpers shared with the patterns
//===----------------------------------------------------------------------===//

std::optional<Name> GraphGenerator::positive(const Name &x, double floor) {
  if (lowest(tensor(x)) >= floor)
    return x;
  std::optional<Name> magnitude = emitUnary("abs", x);
  if (!magnitude)
    return std::nullopt;
  Name offset = constant("offset", {DataType::Float32, {}},
                         {floor + double(rng.range(0, 4)) / 8});
  return emit("add",
              Json::array({argument("a", *magnitude), argument("b", offset)}));
}

std::optional<Name> GraphGenerator::as2D(const Name &x) {
  const std::vector<int64_t> &shape = shapeOf(x);
  if (shape.size() == 2)
    return x;
  if (shape.size() < 2)
    return std::nullopt;
  size_t split = size_t(rng.range(1, int64_t(shape.size()) - 1));
  int64_t rows = 1, columns = 1;
  for (size_t d = 0; d < shape.size(); ++d)
    (d < split ? rows : columns) *= shape[d];
  return emit("reshape",
              Json::array({argument("input", x),
                           argument("newShape", shapeJson({rows, columns}))}));
}

Name GraphGenerator::broadcastConstant(const std::vector<int64_t> &shape,
                                       DataType type, double lo, double hi) {
  std::vector<int64_t> target;
  double r = rng.unit();
  if (r < 0.15) {
    target = {};
  } else if (r < 0.25) {
    target = {1};
  } else if (r < 0.5 && !shape.empty()) {
    size_t keep = size_t(rng.range(1, int64_t(shape.size())));
    target.assign(shape.end() - long(keep), shape.end());
  } else if (r < 0.8) {
    target = shape;
    for (int64_t &d : target)
      if (rng.chance(0.5))
        d = 1;
  } else {
    target = shape;
  }
  int64_t count = elementCount(target);
  if (isFloatType(type))
    return constant("const", {type, target}, uniformValues(count, lo, hi));
  std::vector<double> values(static_cast<size_t>(count));
  for (double &v : values)
    v = double(rng.range(int64_t(lo), int64_t(hi)));
  return constant("const", {type, target}, values);
}

std::optional<Name> GraphGenerator::activate(const Name &x) {
  static const std::vector<std::string> kinds = {
      "relu", "relu", "relu",      "clamp", "leakyRelu", "sigmoid",
      "tanh", "elu",  "hardSwish", "gelu",  "linear",    "hardSigmoid"};
  std::string kind = rng.pick(kinds);
  Json options = Json::object();
  if (kind == "clamp") {
    options["minValue"] = 0;
    options["maxValue"] = choose(rng, {6, 1, 0.5});
  } else if (kind == "leakyRelu") {
    options["alpha"] = choose(rng, {0.125, 0.25, 0.5});
  } else if (kind == "linear") {
    options["alpha"] = choose(rng, {0.5, 2, -1});
    options["beta"] = choose(rng, {0, 0.25, -0.5});
  }
  return emitUnary(kind, x, options);
}

//===----------------------------------------------------------------------===//
// Element-wise
//===----------------------------------------------------------------------===//

bool GraphGenerator::unary() {
  static const std::vector<std::pair<std::string, double>> ops = {
      {"relu", 3},       {"sigmoid", 1.5},  {"tanh", 1.5},
      {"abs", 1},        {"neg", 1},        {"exp", 1},
      {"log", 1},        {"sqrt", 1},       {"reciprocal", 0.7},
      {"sin", 0.7},      {"cos", 0.7},      {"tan", 0.5},
      {"erf", 0.7},      {"floor", 0.5},    {"ceil", 0.5},
      {"identity", 0.7}, {"gelu", 1},       {"hardSwish", 1},
      {"softplus", 0.8}, {"softsign", 0.8}, {"sign", 0.5},
      {"roundEven", 0.5}};
  std::vector<double> weights;
  for (const auto &op : ops)
    weights.push_back(op.second);
  std::string op = ops[rng.weighted(weights)].first;
  bool integerOk = op == "relu" || op == "abs" || op == "neg" ||
                   op == "identity" || op == "sign";
  std::optional<Name> x;
  if (integerOk && rng.chance(0.3))
    x = pick(integerOperand());
  if (!x)
    x = pick(floatOperand());
  if (!x)
    return false;
  if (isFloat(tensor(*x))) {
    if (op == "log" || op == "reciprocal")
      x = positive(*x, 0.25);
    else if (op == "sqrt")
      x = positive(*x, 0.0625);
    else if ((op == "exp" && largestMagnitude(tensor(*x)) > 4) ||
             (op == "tan" && largestMagnitude(tensor(*x)) > 1.25))
      x = emitUnary("tanh", *x);
  }
  return x && emitUnary(op, *x);
}

bool GraphGenerator::activation() {
  static const std::vector<std::string> kinds = {
      "clamp", "leakyRelu", "elu", "hardSigmoid", "linear", "prelu"};
  std::string kind = rng.pick(kinds);
  bool integerOk = kind == "clamp" || kind == "prelu";
  std::optional<Name> x;
  if (integerOk && rng.chance(0.25))
    x = pick(integerOperand());
  if (!x)
    x = pick(floatOperand());
  if (!x)
    return false;
  bool floatInput = isFloat(tensor(*x));
  Json options = Json::object();
  if (kind == "clamp") {
    double r = rng.unit();
    if (floatInput) {
      if (r < 0.8)
        options["minValue"] = choose(rng, {-1, -0.5, 0, 0.25});
      if (r > 0.4)
        options["maxValue"] = choose(rng, {0.5, 1, 6});
    } else {
      if (r < 0.8)
        options["minValue"] = -rng.range(0, 10);
      if (r > 0.4)
        options["maxValue"] = rng.range(0, 10);
    }
  } else if (kind == "leakyRelu") {
    if (rng.chance(0.7))
      options["alpha"] = choose(rng, {0.01, 0.125, 0.2, 0.5, 2});
  } else if (kind == "elu") {
    if (rng.chance(0.6))
      options["alpha"] = choose(rng, {1, 0.5, 1.5});
  } else if (kind == "hardSigmoid" || kind == "linear") {
    if (rng.chance(0.7))
      options["alpha"] = choose(rng, {0.2, 0.5, 2, -0.5, 1.5});
    if (rng.chance(0.7))
      options["beta"] = choose(rng, {0.5, 0.25, 0, -1});
  } else {
    const std::vector<int64_t> &shape = shapeOf(*x);
    std::vector<int64_t> slopeShape;
    double r = rng.unit();
    if (r < 0.3 && shape.size() == 4)
      slopeShape = {shape[1], 1, 1};
    else if (r < 0.5 && !shape.empty())
      slopeShape = {shape.back()};
    else if (r < 0.6)
      slopeShape = {1};
    else if (r < 0.7)
      slopeShape = {};
    else
      slopeShape = shape;
    Name slope = floatInput ? uniformConstant("slope", slopeShape, -0.5, 0.5)
                            : broadcastConstant(slopeShape, typeOf(*x), -3, 3);
    // broadcastConstant may shrink the shape further; it stays valid.
    return bool(emit("prelu", Json::array({argument("input", *x),
                                           argument("slope", slope)})));
  }
  return bool(emitUnary(kind, *x, options));
}

bool GraphGenerator::binary() {
  static const std::vector<std::pair<std::string, double>> ops = {
      {"add", 4},   {"sub", 2},   {"mul", 3}, {"div", 1.5},
      {"max", 1.5}, {"min", 1.5}, {"pow", 1}};
  std::vector<double> weights;
  for (const auto &op : ops)
    weights.push_back(op.second);
  std::string op = ops[rng.weighted(weights)].first;
  std::optional<Name> a;
  if (op != "div" && op != "pow" && rng.chance(0.2))
    a = pick(integerOperand());
  if (!a)
    a = pick(floatOperand());
  if (!a)
    return false;
  DataType type = typeOf(*a);
  bool floatType = isFloatType(type);
  const std::vector<int64_t> aShape = shapeOf(*a);

  if (op == "pow") {
    std::optional<Name> base = positive(*a, 0.125);
    if (!base)
      return false;
    Name exponent = rng.chance(0.5)
                        ? constant("exponent", {type, {}},
                                   {choose(rng, {2, 3, 0.5, -1, 1.5, -0.5})})
                        : broadcastConstant(aShape, type, -1.5, 2);
    return bool(emit(
        "pow", Json::array({argument("a", *base), argument("b", exponent)})));
  }

  std::optional<Name> b;
  if (rng.chance(0.4)) {
    // Another runtime operand (possibly `a` itself).
    b = pick([&](const RefTensor &t) {
      if (t.desc.dataType != type)
        return false;
      std::optional<std::vector<int64_t>> shape =
          tryBroadcast(aShape, t.desc.shape);
      if (!shape || elementCount(*shape) > limits.maxElements)
        return false;
      return op != "div" || [&] {
        for (size_t i = 0; i < t.size(); ++i)
          if (std::fabs(t.value[i]) - t.bound[i] < 0.25)
            return false;
        return true;
      }();
    });
  }
  if (!b) {
    double lo = -1, hi = 1;
    if (op == "mul")
      lo = -1.5, hi = 1.5;
    if (!floatType)
      lo = op == "mul" ? -3 : -5, hi = -lo;
    if (op == "div") {
      // Divisors away from zero: [0.5, 2] with a random sign.
      double sign = rng.chance(0.3) ? -1 : 1;
      Name c = broadcastConstant(aShape, type, 0.5, 2);
      if (sign < 0) {
        std::optional<Name> negated = emitUnary("neg", c);
        if (!negated)
          return false;
        b = negated;
      } else {
        b = c;
      }
    } else {
      b = broadcastConstant(aShape, type, lo, hi);
    }
  }
  Name first = *a, second = *b;
  if (op == "sub" && rng.chance(0.3))
    std::swap(first, second);
  return bool(
      emit(op, Json::array({argument("a", first), argument("b", second)})));
}

bool GraphGenerator::cast() {
  if (rng.chance(0.5)) {
    // Integers, comparison results (uint8) included.
    std::optional<Name> x =
        pick([](const RefTensor &t) { return !isFloat(t); });
    if (x) {
      std::string target =
          typeOf(*x) == DataType::Int32 && rng.chance(0.3)   ? "int64"
          : typeOf(*x) != DataType::Int32 && rng.chance(0.5) ? "int32"
                                                             : "float32";
      return bool(emit("cast", Json::array({argument("input", *x),
                                            argument("type", target)})));
    }
  }
  // Float to integer only from exact operands: truncation is discontinuous.
  std::optional<Name> x = pick([](const RefTensor &t) {
    if (!isFloat(t))
      return false;
    for (size_t i = 0; i < t.size(); ++i)
      if (t.bound[i] != 0 || std::fabs(t.value[i]) > 1e6)
        return false;
    return true;
  });
  if (!x)
    return false;
  return bool(emit(
      "cast",
      Json::array({argument("input", *x),
                   argument("type", rng.chance(0.8) ? "int32" : "int64")})));
}

//===----------------------------------------------------------------------===//
// Operator choice
//===----------------------------------------------------------------------===//

bool GraphGenerator::anyOperator() {
  using Builder = bool (GraphGenerator::*)();
  static const std::vector<std::pair<Builder, double>> builders = {
      {&GraphGenerator::unary, 3},
      {&GraphGenerator::activation, 2},
      {&GraphGenerator::binary, 4},
      {&GraphGenerator::conv2d, 4},
      {&GraphGenerator::pool2d, 2},
      {&GraphGenerator::normalization, 1.5},
      {&GraphGenerator::softmax, 0.7},
      {&GraphGenerator::matmul, 2},
      {&GraphGenerator::gemm, 1.5},
      {&GraphGenerator::reduction, 1.2},
      {&GraphGenerator::argMinMax, 0.5},
      {&GraphGenerator::reshape, 1.2},
      {&GraphGenerator::transpose, 1},
      {&GraphGenerator::concat, 1},
      {&GraphGenerator::slice, 1},
      {&GraphGenerator::split, 0.7},
      {&GraphGenerator::pad, 0.8},
      {&GraphGenerator::expand, 0.5},
      {&GraphGenerator::gather, 0.7},
      {&GraphGenerator::reverse, 0.4},
      {&GraphGenerator::tile, 0.4},
      {&GraphGenerator::triangular, 0.4},
      {&GraphGenerator::cumulativeSum, 0.5},
      {&GraphGenerator::cast, 0.5},
      {&GraphGenerator::comparison, 1},
      {&GraphGenerator::logical, 0.7},
      {&GraphGenerator::select, 1},
      {&GraphGenerator::gatherElements, 0.4},
      {&GraphGenerator::gatherND, 0.4},
      {&GraphGenerator::scatterElements, 0.4},
      {&GraphGenerator::scatterND, 0.4},
      {&GraphGenerator::convTranspose2d, 1},
      {&GraphGenerator::resample2d, 0.8},
      {&GraphGenerator::quantization, 1},
      {&GraphGenerator::recurrentNetwork, 0.8}};
  std::vector<double> weights;
  for (const auto &b : builders)
    weights.push_back(b.second);
  return (this->*builders[rng.weighted(weights)].first)();
}

} // namespace wnn::fuzz
