//===- GenerateMotifs.cpp - Random graphs: multi-operator patterns --------===//
//
// Patterns that stress buffer lifetimes and aliasing: one operand read by
// two convolutions or matrix products with a long branch in between (a
// ResNet bottleneck), fork/join, in-place-looking chains (x -> relu ->
// add(x, ...)), and operands read again long after they were made.
//
//===----------------------------------------------------------------------===//

#include "GeneratorImpl.h"

#include <algorithm>
#include <cmath>

namespace wnn::fuzz {
namespace {

bool isFloat(const RefTensor &t) { return isFloatType(t.desc.dataType); }

/// x -> one cheap element-wise step (activation, unary, or a constant
/// operand).
std::optional<Name> cheapStep(GraphGenerator &g, const Name &x) {
  static const std::vector<std::string> unaryOps = {
      "relu", "sigmoid", "tanh", "abs", "neg", "softsign", "identity"};
  double r = g.rng.unit();
  if (r < 0.4)
    return g.activate(x);
  if (r < 0.7)
    return g.emitUnary(g.rng.pick(unaryOps), x);
  static const std::vector<std::string> binaryOps = {"add", "mul", "sub",
                                                     "max"};
  Name c = g.broadcastConstant(g.shapeOf(x), g.typeOf(x), -1, 1);
  return g.emit(g.rng.pick(binaryOps),
                Json::array({argument("a", x), argument("b", c)}));
}

/// x [M, K] times new weights [K, n], as matmul or gemm.
std::optional<Name> product(GraphGenerator &g, const Name &x, int64_t n) {
  int64_t k = g.shapeOf(x).back();
  double range = std::sqrt(3.0 / double(k));
  if (g.rng.chance(0.5)) {
    Name w = g.uniformConstant("weights", {k, n}, -range, range);
    return g.emit("matmul", Json::array({argument("a", x), argument("b", w)}));
  }
  bool bTranspose = g.rng.chance(0.5);
  Name w = g.uniformConstant("weights",
                             bTranspose ? std::vector<int64_t>{n, k}
                                        : std::vector<int64_t>{k, n},
                             -range, range);
  Json options = Json::object();
  if (bTranspose)
    options["bTranspose"] = true;
  if (g.rng.chance(0.5))
    options["c"] = g.uniformConstant("c", {n}, -0.5, 0.5);
  Json arguments = Json::array({argument("a", x), argument("b", w)});
  if (!options.empty())
    arguments.push_back(argument("options", options));
  return g.emit("gemm", arguments);
}

std::optional<Name> join(GraphGenerator &g, const Name &a, const Name &b) {
  static const std::vector<std::string> ops = {"add", "add", "mul", "max",
                                               "sub"};
  bool swap = g.rng.chance(0.5);
  return g.emit(g.rng.pick(ops), Json::array({argument("a", swap ? b : a),
                                              argument("b", swap ? a : b)}));
}

} // namespace

bool GraphGenerator::bottleneck() {
  std::optional<Name> x = pick([](const RefTensor &t) {
    return isFloat(t) && t.desc.shape.size() == 4;
  });
  if (!x)
    return false;
  bool nhwc = rng.chance(0.5);
  const std::vector<int64_t> s = shapeOf(*x);
  int64_t channels = nhwc ? s[3] : s[1];
  int64_t height = nhwc ? s[1] : s[2], width = nhwc ? s[2] : s[3];
  Name p = *x;
  if (rng.chance(0.7) && height >= 3 && width >= 3) {
    Json options = Json::object();
    options["windowDimensions"] = shapeJson({3, 3});
    options["strides"] = shapeJson({2, 2});
    options["padding"] = shapeJson({1, 1, 1, 1});
    if (nhwc)
      options["layout"] = "nhwc";
    std::optional<Name> pooled = emitUnary("maxPool2d", *x, options);
    if (pooled)
      p = *pooled;
  }
  int64_t mid =
      rng.pick<int64_t>({std::max<int64_t>(1, channels / 2), channels, 4, 8});
  int64_t out = rng.pick<int64_t>({2 * channels, 4 * channels, channels, 16});
  // The shortcut 1x1 conv reads p either first or after the whole long
  // branch, so p must stay alive across it.
  bool shortcutFirst = rng.chance(0.35);
  std::optional<Name> shortcut;
  if (shortcutFirst)
    shortcut = convolve(p, nhwc, out, 1, 1, 1, false);
  std::optional<Name> branch = convolve(p, nhwc, mid, 1, 1, 1, false);
  if (!branch)
    return bool(shortcut);
  if (rng.chance(0.7))
    branch = activate(*branch).value_or(*branch);
  std::optional<Name> middle =
      convolve(*branch, nhwc, mid, 3, 1, rng.chance(0.25) ? mid : 1, true);
  if (middle) {
    if (rng.chance(0.7))
      middle = activate(*middle).value_or(*middle);
    branch = convolve(*middle, nhwc, out, 1, 1, 1, false).value_or(*middle);
  }
  if (!shortcutFirst)
    shortcut = convolve(p, nhwc, out, 1, 1, 1, false);
  if (!shortcut || shapeOf(*shortcut) != shapeOf(*branch))
    return true;
  std::optional<Name> sum =
      emit("add",
           Json::array({argument("a", rng.chance(0.5) ? *shortcut : *branch),
                        argument("b", rng.chance(0.5) ? *branch : *shortcut)}));
  if (sum && rng.chance(0.7))
    emitUnary("relu", *sum);
  return true;
}

bool GraphGenerator::twoProducts() {
  if (rng.chance(0.5)) {
    std::optional<Name> x = pick([](const RefTensor &t) {
      return isFloat(t) && t.desc.shape.size() == 2 &&
             t.desc.shape.back() <= 1024;
    });
    if (!x) {
      std::optional<Name> wide = pick([](const RefTensor &t) {
        return isFloat(t) && t.desc.shape.size() >= 3;
      });
      if (wide)
        x = as2D(*wide);
    }
    if (!x)
      return false;
    int64_t n = rng.pick<int64_t>({8, 16, 32});
    std::optional<Name> first = product(*this, *x, n);
    if (!first)
      return false;
    // Other work between the two reads of x.
    for (int64_t steps = rng.range(1, 3); steps > 0; --steps)
      first = cheapStep(*this, *first).value_or(*first);
    std::optional<Name> second = product(*this, *x, n);
    if (second && shapeOf(*second) == shapeOf(*first))
      join(*this, *first, *second);
    return true;
  }
  std::optional<Name> x = pick([](const RefTensor &t) {
    return isFloat(t) && t.desc.shape.size() == 4;
  });
  if (!x)
    return false;
  bool nhwc = rng.chance(0.5);
  int64_t channels = nhwc ? shapeOf(*x)[3] : shapeOf(*x)[1];
  int64_t out = rng.pick<int64_t>({channels, 8, 16});
  std::optional<Name> first =
      convolve(*x, nhwc, out, rng.pick<int64_t>({1, 3}), 1, 1, true);
  if (!first)
    return false;
  for (int64_t steps = rng.range(1, 3); steps > 0; --steps)
    first = cheapStep(*this, *first).value_or(*first);
  std::optional<Name> second =
      convolve(*x, nhwc, out, rng.pick<int64_t>({1, 3}), 1, 1, true);
  if (second && shapeOf(*second) == shapeOf(*first))
    join(*this, *first, *second);
  return true;
}

bool GraphGenerator::residualChain() {
  std::optional<Name> x = pick(
      [](const RefTensor &t) { return isFloat(t) && !t.desc.shape.empty(); });
  if (!x)
    return false;
  Name last = *x;
  for (int64_t steps = rng.range(1, 3); steps > 0; --steps) {
    std::optional<Name> next = steps == 1 && rng.chance(0.5)
                                   ? emitUnary("relu", last)
                                   : cheapStep(*this, last);
    if (next)
      last = *next;
  }
  if (last == *x)
    return false;
  return bool(join(*this, *x, last));
}

bool GraphGenerator::forkJoin() {
  std::optional<Name> x = pick(
      [](const RefTensor &t) { return isFloat(t) && !t.desc.shape.empty(); });
  if (!x)
    return false;
  std::vector<Name> branches;
  for (int64_t b = rng.range(2, 3); b > 0; --b) {
    Name tip = *x;
    for (int64_t steps = rng.range(1, 2); steps > 0; --steps)
      tip = cheapStep(*this, tip).value_or(tip);
    if (tip != *x && shapeOf(tip) == shapeOf(*x))
      branches.push_back(tip);
  }
  if (branches.size() < 2)
    return !branches.empty();
  if (rng.chance(0.3)) {
    int64_t axis = rng.range(0, int64_t(shapeOf(*x).size()) - 1);
    return bool(emit("concat", Json::array({argument("inputs", Json(branches)),
                                            argument("axis", axis)})));
  }
  std::optional<Name> sum = join(*this, branches[0], branches[1]);
  if (sum && branches.size() > 2)
    join(*this, *sum, branches[2]);
  return true;
}

bool GraphGenerator::lateReuse() {
  const std::vector<Name> &all = operands();
  if (all.size() < 4)
    return false;
  Name old = all[size_t(rng.range(0, int64_t(all.size()) / 3))];
  Name recent = all.back();
  if (!isFloatType(typeOf(old)) || !isFloatType(typeOf(recent)))
    return false;
  std::vector<int64_t> a = shapeOf(old), b = shapeOf(recent);
  bool compatible = true;
  try {
    compatible = broadcastShapes(a, b) == b;
  } catch (const ReferenceError &) {
    compatible = false;
  }
  if (!compatible) {
    // Reduce the old operand to something that broadcasts to the new one.
    Json options = Json::object();
    options["keepDimensions"] = a.size() <= b.size();
    std::optional<Name> reduced = emitUnary("reduceMean", old, options);
    if (!reduced)
      return false;
    old = *reduced;
  }
  return bool(join(*this, recent, old));
}

bool GraphGenerator::anyMotif() {
  using Builder = bool (GraphGenerator::*)();
  static const std::vector<std::pair<Builder, double>> motifs = {
      {&GraphGenerator::bottleneck, 3},
      {&GraphGenerator::twoProducts, 3},
      {&GraphGenerator::residualChain, 2},
      {&GraphGenerator::forkJoin, 2},
      {&GraphGenerator::lateReuse, 1.5}};
  std::vector<double> weights;
  for (const auto &m : motifs)
    weights.push_back(m.second);
  return (this->*motifs[rng.weighted(weights)].first)();
}

} // namespace wnn::fuzz
