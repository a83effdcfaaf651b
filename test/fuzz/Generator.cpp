//===- Generator.cpp - Random valid WebNN graphs: operands and checks -----===//

#include "GeneratorImpl.h"

#include <algorithm>
#include <cmath>

namespace wnn::fuzz {

/// Results larger than this are rejected so that later operators neither
/// overflow nor lose their error bounds.
constexpr double kMaxMagnitude = 1e4;
/// Integers stay far from int32 overflow under a later mul.
constexpr double kMaxInteger = 1 << 20;
/// Bounds must stay below this fraction of max(|value|, rms of the
/// tensor), so that a wrong element (relative error near 1) cannot pass.
constexpr double kMaxRelativeBound = 1e-2;

Json argument(const std::string &key, Json value) {
  Json object = Json::object();
  object[key] = std::move(value);
  return object;
}

Json shapeJson(const std::vector<int64_t> &shape) {
  Json array = Json::array();
  for (int64_t d : shape)
    array.push_back(d);
  return array;
}

GraphGenerator::GraphGenerator(uint64_t seed, const GeneratorOptions &options)
    : rng(seed), limits(options) {}

const RefTensor &GraphGenerator::tensor(const Name &name) const {
  return env.at(name);
}

std::optional<Name> GraphGenerator::pick(const Accept &accept) {
  std::vector<Name> candidates;
  for (const Name &name : pool)
    if (accept(tensor(name)))
      candidates.push_back(name);
  if (candidates.empty())
    return std::nullopt;
  int64_t last = int64_t(candidates.size()) - 1;
  double r = rng.unit();
  if (r < 0.4)
    return candidates.back();
  if (r < 0.6)
    return candidates[size_t(rng.range(std::max<int64_t>(0, last - 2), last))];
  if (r < 0.85)
    return candidates[size_t(rng.range(0, last))];
  // Far back: reads much later than the operand was made.
  return candidates[size_t(rng.range(0, last / 2))];
}

void GraphGenerator::discardPending() {
  for (const GraphInput &c : pending)
    env.erase(c.name);
  pending.clear();
}

std::vector<double> GraphGenerator::uniformValues(int64_t count, double lo,
                                                  double hi) {
  std::vector<double> values(static_cast<size_t>(count));
  for (double &v : values)
    v = double(float(rng.uniform(lo, hi)));
  return values;
}

Name GraphGenerator::constant(const std::string &role, OperandDescriptor desc,
                              std::vector<double> data) {
  GraphInput c;
  c.name = role + std::to_string(counter++);
  c.desc = std::move(desc);
  c.constant = true;
  c.data = std::move(data);
  env[c.name] = inputTensor(c);
  pending.push_back(std::move(c));
  return pending.back().name;
}

Name GraphGenerator::uniformConstant(const std::string &role,
                                     std::vector<int64_t> shape, double lo,
                                     double hi) {
  int64_t count = elementCount(shape);
  return constant(role, {DataType::Float32, std::move(shape)},
                  uniformValues(count, lo, hi));
}

Name GraphGenerator::input(OperandDescriptor desc, std::vector<double> data) {
  GraphInput in;
  in.name = "input" + std::to_string(counter++);
  in.desc = std::move(desc);
  in.data = std::move(data);
  env[in.name] = inputTensor(in);
  pending.push_back(std::move(in));
  return pending.back().name;
}

bool GraphGenerator::healthy(const RefTensor &t) const {
  if (int64_t(t.size()) > limits.maxElements || t.size() == 0)
    return false;
  if (!isFloatType(t.desc.dataType)) {
    for (size_t i = 0; i < t.size(); ++i)
      if (t.bound[i] != 0 || std::fabs(t.value[i]) > kMaxInteger)
        return false;
    return true;
  }
  double squares = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    double v = t.value[i];
    if (!std::isfinite(v) || !std::isfinite(t.bound[i]) ||
        std::fabs(v) > kMaxMagnitude)
      return false;
    squares += v * v;
  }
  double rms = std::sqrt(squares / double(t.size()));
  // A tensor of (nearly) zeros tests little and hides wrong elements.
  if (rms < 1e-3)
    return false;
  for (size_t i = 0; i < t.size(); ++i)
    if (t.bound[i] > kMaxRelativeBound * std::max(std::fabs(t.value[i]), rms))
      return false;
  return true;
}

std::optional<std::vector<Name>>
GraphGenerator::emitMulti(const std::string &opName, Json arguments,
                          size_t results) {
  std::vector<Name> names;
  int number = counter++;
  for (size_t i = 0; i < results; ++i)
    names.push_back(opName + std::to_string(number) +
                    (results > 1 ? "_" + std::to_string(i) : ""));
  Json op = Json::object();
  op["name"] = opName;
  op["arguments"] = std::move(arguments);
  if (results == 1)
    op["outputs"] = names[0];
  else
    op["outputs"] = Json(names);

  bool ok = bool(evaluateOperator(op, env));
  for (size_t i = 0; ok && i < names.size(); ++i)
    ok = env.count(names[i]) && healthy(env.at(names[i]));
  if (!ok) {
    for (const Name &name : names)
      env.erase(name);
    discardPending();
    return std::nullopt;
  }
  for (GraphInput &c : pending) {
    if (!c.constant)
      pool.push_back(c.name);
    graph.inputs.push_back(std::move(c));
  }
  pending.clear();
  for (const Name &read :
       operandsReadBy(op, [&](const std::string &s) { return env.count(s); }))
    ++uses[read];
  for (const Name &name : names)
    pool.push_back(name);
  graph.operators.push_back(std::move(op));
  return names;
}

std::optional<Name> GraphGenerator::emit(const std::string &opName,
                                         Json arguments) {
  std::optional<std::vector<Name>> names =
      emitMulti(opName, std::move(arguments), 1);
  if (!names)
    return std::nullopt;
  return (*names)[0];
}

std::optional<Name> GraphGenerator::emitUnary(const std::string &opName,
                                              const Name &x, Json options) {
  Json arguments = Json::array({argument("input", x)});
  if (!options.empty())
    arguments.push_back(argument("options", std::move(options)));
  return emit(opName, std::move(arguments));
}

void GraphGenerator::createInputs() {
  // The main activation: 4-D, a few KB to ~200 KB.
  int64_t batch = rng.chance(0.8) ? 1 : 2;
  int64_t channels = rng.pick<int64_t>({1, 2, 3, 4, 6, 8, 12, 16, 24, 32});
  int64_t height = rng.range(3, 48), width = rng.range(3, 48);
  while (batch * channels * height * width > 49152)
    height = (height + 1) / 2;
  // Multiples of 2^-10: exact in float32 and short in JSON.
  auto data = [&](int64_t count, double range) {
    std::vector<double> values(static_cast<size_t>(count));
    for (double &v : values)
      v = double(rng.range(-int64_t(range * 1024), int64_t(range * 1024))) /
          1024;
    return values;
  };
  std::vector<int64_t> shape{batch, channels, height, width};
  Name first = input({DataType::Float32, shape}, data(elementCount(shape), 2));
  (void)first;
  if (rng.chance(0.2))
    input({DataType::Float32, shape}, data(elementCount(shape), 2));
  if (rng.chance(0.4)) {
    std::vector<int64_t> matrix{rng.range(1, 64), rng.range(2, 128)};
    if (rng.chance(0.3))
      matrix.insert(matrix.begin(), rng.range(2, 4));
    input({DataType::Float32, matrix}, data(elementCount(matrix), 2));
  }
  if (rng.chance(0.25)) {
    std::vector<int64_t> ints;
    for (int64_t rank = rng.range(1, 4); rank > 0; --rank)
      ints.push_back(rng.range(1, 12));
    std::vector<double> values(size_t(elementCount(ints)));
    for (double &v : values)
      v = double(rng.range(-50, 50));
    input({DataType::Int32, ints}, values);
  }
  for (GraphInput &in : pending) {
    pool.push_back(in.name);
    graph.inputs.push_back(std::move(in));
  }
  pending.clear();
}

void GraphGenerator::chooseOutputs() {
  std::vector<Name> results, consumed;
  for (const Json &op : graph.operators)
    for (const Name &name : operandsDefinedBy(op)) {
      // int4 and uint4 outputs would be packed two to a byte, which the
      // fuzzer's buffers do not model; the generator reads them back.
      DataType type = typeOf(name);
      if (type == DataType::Int4 || type == DataType::Uint4)
        continue;
      (uses[name] ? consumed : results).push_back(name);
    }
  // Every result nobody reads is an output, so no operator is dead.
  graph.outputs = results;
  // Outputs that are intermediates too.
  if (!consumed.empty() && rng.chance(0.5)) {
    for (int64_t k = rng.range(1, 2); k > 0; --k) {
      const Name &name = rng.pick(consumed);
      if (std::find(graph.outputs.begin(), graph.outputs.end(), name) ==
          graph.outputs.end())
        graph.outputs.push_back(name);
    }
  }
  rng.shuffle(graph.outputs);
}

GeneratedGraph GraphGenerator::run() {
  createInputs();
  int target = int(rng.range(limits.minOperators, limits.maxOperators));
  for (int attempts = 0;
       int(graph.operators.size()) < target && attempts < target * 10;
       ++attempts) {
    if (rng.chance(0.25))
      anyMotif();
    else
      anyOperator();
    discardPending();
  }
  // Graph inputs cannot be graph outputs (the builder requires outputs to
  // be computed); an identity of one is the closest form.
  if (graph.operators.empty() || rng.chance(0.1))
    emitUnary("identity", pool.front());
  chooseOutputs();
  GeneratedGraph result;
  result.graph = std::move(graph);
  result.reference = std::move(env);
  return result;
}

GeneratedGraph generateGraph(uint64_t seed, const GeneratorOptions &options) {
  GraphGenerator generator(seed, options);
  return generator.run();
}

} // namespace wnn::fuzz
