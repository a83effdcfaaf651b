//===- Minimizer.cpp - Shrinking a failing graph --------------------------===//

#include "Minimizer.h"

#include "Compare.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>
#include <unordered_set>

namespace wnn::fuzz {
namespace {

std::unordered_set<std::string> namesOf(const TestGraph &graph) {
  std::vector<std::string> names = graph.definedNames();
  return {names.begin(), names.end()};
}

IsOperand operandTest(const std::unordered_set<std::string> &names) {
  return [&names](const std::string &s) { return names.count(s) != 0; };
}

bool contains(const std::vector<std::string> &list, const std::string &name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

/// The type and shape of every name the graph defines.
std::unordered_map<std::string, OperandDescriptor>
descriptors(const Environment &env) {
  std::unordered_map<std::string, OperandDescriptor> result;
  for (const auto &[name, tensor] : env)
    result[name] = tensor.desc;
  return result;
}

class Minimizer {
public:
  Minimizer(const TestGraph &graph, const RunOutcome &failure,
            const MinimizeOptions &options)
      : failure(failure), options(options) {
    best.graph = graph;
    pruneGraph(best.graph);
    evaluateGraph(best.graph, best.reference);
    best.outcome = failure;
    start = std::chrono::steady_clock::now();
  }

  MinimizeResult run() {
    bool changed = true;
    while (changed && withinBudget()) {
      changed = false;
      for (size_t i = best.graph.outputs.size(); i-- > 0 && withinBudget();)
        if (i < best.graph.outputs.size() && best.graph.outputs.size() > 1)
          changed |= tryCandidate(dropOutput(best.graph, i), "drop output");
      for (size_t k = best.graph.operators.size(); k-- > 0 && withinBudget();)
        if (k < best.graph.operators.size())
          if (std::optional<TestGraph> c = bypass(best.graph, k))
            changed |= tryCandidate(std::move(*c), "remove operator");
      for (size_t k = 0; k < best.graph.operators.size() && withinBudget(); ++k)
        if (std::optional<TestGraph> c = cut(best.graph, best.reference, k))
          changed |= tryCandidate(std::move(*c), "cut at operator");
    }
    return std::move(best);
  }

private:
  bool withinBudget() const {
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    return best.attempts < options.maxAttempts && seconds < options.maxSeconds;
  }

  static TestGraph dropOutput(TestGraph graph, size_t index) {
    graph.outputs.erase(graph.outputs.begin() + long(index));
    return graph;
  }

  /// Removes operator k; readers of its results read a same-typed,
  /// same-shaped operand defined before it instead.
  std::optional<TestGraph> bypass(const TestGraph &graph, size_t k) {
    std::unordered_set<std::string> names = namesOf(graph);
    const Json &op = graph.operators[k];
    auto desc = descriptors(best.reference);
    // Operands defined before operator k, the operator's own first.
    std::vector<std::string> earlier = operandsReadBy(op, operandTest(names));
    for (const GraphInput &input : graph.inputs)
      earlier.push_back(input.name);
    for (size_t j = 0; j < k; ++j)
      for (const std::string &name : operandsDefinedBy(graph.operators[j]))
        earlier.push_back(name);
    std::set<std::string> opResults;
    for (size_t j = 0; j < k; ++j)
      for (const std::string &name : operandsDefinedBy(graph.operators[j]))
        opResults.insert(name);

    TestGraph candidate = graph;
    candidate.operators.erase(candidate.operators.begin() + long(k));
    for (const std::string &result : operandsDefinedBy(op)) {
      auto wanted = desc.find(result);
      if (wanted == desc.end())
        return std::nullopt;
      std::optional<std::string> replacement;
      for (const std::string &name : earlier) {
        auto d = desc.find(name);
        if (d != desc.end() && d->second == wanted->second) {
          replacement = name;
          break;
        }
      }
      bool read = false;
      for (size_t j = k; j < candidate.operators.size(); ++j)
        read |= contains(
            operandsReadBy(candidate.operators[j], operandTest(names)), result);
      if (read && !replacement)
        return std::nullopt;
      for (size_t j = k; j < candidate.operators.size(); ++j)
        renameOperandReads(candidate.operators[j], result,
                           replacement.value_or(result));
      auto output =
          std::find(candidate.outputs.begin(), candidate.outputs.end(), result);
      if (output == candidate.outputs.end())
        continue;
      // Outputs must be operator results, and their names unique.
      if (replacement && opResults.count(*replacement) &&
          !contains(candidate.outputs, *replacement))
        *output = *replacement;
      else
        candidate.outputs.erase(output);
    }
    if (candidate.outputs.empty())
      return std::nullopt;
    return candidate;
  }

  /// Replaces operator k by graph inputs that hold its reference results.
  static std::optional<TestGraph> cut(const TestGraph &graph,
                                      const Environment &reference, size_t k) {
    std::vector<std::string> results = operandsDefinedBy(graph.operators[k]);
    TestGraph candidate = graph;
    for (const std::string &result : results) {
      // An output cannot become an input.
      if (contains(graph.outputs, result))
        return std::nullopt;
      auto it = reference.find(result);
      if (it == reference.end())
        return std::nullopt;
      GraphInput input;
      input.name = result;
      input.desc = it->second.desc;
      input.data = it->second.value;
      if (isFloatType(input.desc.dataType))
        for (double &v : input.data)
          v = double(float(v));
      candidate.inputs.push_back(std::move(input));
    }
    candidate.operators.erase(candidate.operators.begin() + long(k));
    return candidate;
  }

  bool tryCandidate(TestGraph candidate, const char *edit) {
    pruneGraph(candidate);
    if (candidate.outputs.empty() || candidate.operators.empty())
      return false;
    Environment reference;
    if (!evaluateGraph(candidate, reference))
      return false;
    std::vector<const RefTensor *> outputs;
    for (const std::string &name : candidate.outputs)
      outputs.push_back(&reference.at(name));
    if (!allBoundsFinite(outputs))
      return false;
    ++best.attempts;
    RunRequest request;
    request.graph = &candidate;
    request.reference = &reference;
    request.kernels = options.kernels;
    request.replayTolerance = replayTolerance(outputs);
    request.threads = options.threads;
    RunOutcome outcome = IsolatedRunner::runOne(
        [&] { return compileAndRun(request); }, options.timeoutSeconds);
    bool same =
        outcome.kind == failure.kind &&
        (outcome.kind != FailureKind::Crash ||
         outcome.signal == failure.signal) &&
        (outcome.kind != FailureKind::Mismatch || outcome.failsAsReplayed);
    if (options.verbose)
      std::printf("  minimize: %s -> %zu operators: %s\n", edit,
                  candidate.operators.size(),
                  same ? "still fails" : failureKindName(outcome.kind));
    if (!same)
      return false;
    ++best.accepted;
    best.graph = std::move(candidate);
    best.reference = std::move(reference);
    best.outcome = outcome;
    return true;
  }

  RunOutcome failure;
  MinimizeOptions options;
  MinimizeResult best;
  std::chrono::steady_clock::time_point start;
};

} // namespace

void pruneGraph(TestGraph &graph) {
  std::unordered_set<std::string> names = namesOf(graph);
  std::unordered_set<std::string> needed(graph.outputs.begin(),
                                         graph.outputs.end());
  std::vector<bool> keep(graph.operators.size(), false);
  for (size_t k = graph.operators.size(); k-- > 0;) {
    for (const std::string &name : operandsDefinedBy(graph.operators[k]))
      keep[k] = keep[k] || needed.count(name);
    if (!keep[k])
      continue;
    for (const std::string &name :
         operandsReadBy(graph.operators[k], operandTest(names)))
      needed.insert(name);
  }
  std::vector<Json> operators;
  for (size_t k = 0; k < graph.operators.size(); ++k)
    if (keep[k])
      operators.push_back(std::move(graph.operators[k]));
  graph.operators = std::move(operators);
  std::vector<GraphInput> inputs;
  for (GraphInput &input : graph.inputs)
    if (needed.count(input.name))
      inputs.push_back(std::move(input));
  graph.inputs = std::move(inputs);
}

MinimizeResult minimizeGraph(const TestGraph &graph, const RunOutcome &failure,
                             const MinimizeOptions &options) {
  return Minimizer(graph, failure, options).run();
}

} // namespace wnn::fuzz
