//===- Driver.cpp - wnn-graph-fuzz: differential graph fuzzer -------------===//
//
// Generates random WebNN graphs (one seed each), compiles every graph on
// both kernel paths, runs it on its random inputs and compares each output
// element with the reference evaluator. Failures are printed with their
// seed, minimized, and written as WPT-form test files that
// `wnn-conformance FILE` replays. See docs/testing.md.
//
//===----------------------------------------------------------------------===//

#include "Compare.h"
#include "Execution.h"
#include "Generator.h"
#include "Minimizer.h"
#include "SelfTest.h"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

using namespace wnn;
using namespace wnn::fuzz;

namespace {

struct DriverOptions {
  uint64_t count = 100;
  uint64_t seed = 1;
  std::vector<KernelPath> kernels = {KernelPath::OneDNN, KernelPath::Codegen};
  std::string out = ".";
  bool verbose = false;
  unsigned jobs = 1;
  unsigned timeoutSeconds = 120;
  int threads = 2;
  int minimize = 3;
  bool dump = false;
  bool selfTest = false;
  bool generateOnly = false;
  std::vector<std::string> checkReference;
};

void printUsage(std::FILE *out) {
  std::fputs(
      "usage: wnn-graph-fuzz [--count N] [--seed S] "
      "[--kernels=onednn|codegen|both]\n"
      "                      [--out DIR] [--jobs N] [--timeout SEC] "
      "[--threads T]\n"
      "                      [--minimize N] [--dump] [--verbose]\n"
      "       wnn-graph-fuzz --self-test\n"
      "       wnn-graph-fuzz --check-reference DIR_OR_FILES...\n"
      "\n"
      "Compiles random WebNN graphs on both kernel paths and compares every\n"
      "output with a reference evaluator. Graph i uses seed S+i, so\n"
      "`--seed S --count 1` reproduces one graph.\n"
      "  --count N        graphs to run (default 100)\n"
      "  --seed S         seed of the first graph (default 1)\n"
      "  --kernels=PATH   onednn, codegen or both (default both)\n"
      "  --out DIR        where failing graphs are written (default .)\n"
      "  --jobs N         graphs compiled at a time (default 1)\n"
      "  --timeout SEC    time limit of one compile+run (default 120)\n"
      "  --threads T      threads of each graph's second run (default 2;\n"
      "                   the first runs on one thread)\n"
      "  --minimize N     minimize at most N failures (default 3; 0: none)\n"
      "  --dump           write every graph as a test file into --out\n"
      "  --verbose        print every graph\n"
      "  --generate-only  only generate graphs; print operator counts\n"
      "  --self-test      check that the comparison catches a wrong "
      "element\n"
      "  --check-reference  evaluate WPT test files with the reference and\n"
      "                   compare with their expected outputs\n",
      out);
}

bool parseNumber(const std::string &text, uint64_t &out) {
  char *end = nullptr;
  errno = 0;
  unsigned long long value = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || *end || errno)
    return false;
  out = value;
  return true;
}

bool parseArguments(int argc, char **argv, DriverOptions &options) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::string text;
    auto value = [&](const char *flag) {
      std::string prefix = std::string(flag) + "=";
      if (arg.compare(0, prefix.size(), prefix) == 0) {
        text = arg.substr(prefix.size());
        return true;
      }
      if (arg != flag)
        return false;
      if (i + 1 >= argc) {
        std::fprintf(stderr, "wnn-graph-fuzz: %s needs a value\n", flag);
        std::exit(2);
      }
      text = argv[++i];
      return true;
    };
    uint64_t number = 0;
    auto numeric = [&](const char *flag) {
      if (!parseNumber(text, number)) {
        std::fprintf(stderr, "wnn-graph-fuzz: bad %s '%s'\n", flag,
                     text.c_str());
        std::exit(2);
      }
      return number;
    };
    if (value("--count")) {
      options.count = numeric("--count");
    } else if (value("--seed")) {
      options.seed = numeric("--seed");
    } else if (value("--kernels")) {
      if (text == "onednn")
        options.kernels = {KernelPath::OneDNN};
      else if (text == "codegen")
        options.kernels = {KernelPath::Codegen};
      else if (text == "both")
        options.kernels = {KernelPath::OneDNN, KernelPath::Codegen};
      else {
        std::fprintf(stderr, "wnn-graph-fuzz: unknown kernel path '%s'\n",
                     text.c_str());
        return false;
      }
    } else if (value("--out")) {
      options.out = text;
    } else if (value("--jobs")) {
      options.jobs = unsigned(std::max<uint64_t>(1, numeric("--jobs")));
    } else if (value("--timeout")) {
      options.timeoutSeconds = unsigned(numeric("--timeout"));
    } else if (value("--threads")) {
      options.threads = int(numeric("--threads"));
    } else if (value("--minimize")) {
      options.minimize = int(numeric("--minimize"));
    } else if (arg == "--dump") {
      options.dump = true;
    } else if (arg == "--verbose" || arg == "-v") {
      options.verbose = true;
    } else if (arg == "--generate-only") {
      options.generateOnly = true;
    } else if (arg == "--self-test") {
      options.selfTest = true;
    } else if (arg == "--check-reference") {
      for (++i; i < argc; ++i)
        options.checkReference.push_back(argv[i]);
      if (options.checkReference.empty()) {
        std::fprintf(stderr, "wnn-graph-fuzz: --check-reference needs "
                             "files\n");
        return false;
      }
    } else if (arg == "--help" || arg == "-h") {
      printUsage(stdout);
      std::exit(0);
    } else {
      std::fprintf(stderr, "wnn-graph-fuzz: unknown argument '%s'\n",
                   arg.c_str());
      return false;
    }
  }
  return true;
}

const char *pathName(KernelPath path) {
  return path == KernelPath::OneDNN ? "onednn" : "codegen";
}

std::vector<const RefTensor *> outputTensors(const TestGraph &graph,
                                             const Environment &reference) {
  std::vector<const RefTensor *> outputs;
  for (const std::string &name : graph.outputs)
    outputs.push_back(&reference.at(name));
  return outputs;
}

/// Writes `graph` as a test file; returns the path ("" on failure).
std::string writeTestFile(const std::string &dir, const std::string &file,
                          const std::string &testName, const TestGraph &graph,
                          const Environment &reference) {
  std::vector<ExpectedOutput> expected;
  for (const std::string &name : graph.outputs) {
    const RefTensor &t = reference.at(name);
    expected.push_back({name, t.desc, &t.value});
  }
  double tolerance = replayTolerance(outputTensors(graph, reference));
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  std::string path = (std::filesystem::path(dir) / file).string();
  std::ofstream stream(path);
  stream << graphToTestFile(graph, testName, expected, tolerance);
  if (!stream) {
    std::fprintf(stderr, "wnn-graph-fuzz: cannot write %s\n", path.c_str());
    return "";
  }
  return path;
}

struct PathCounts {
  int passed = 0, failed = 0, crashed = 0, timedOut = 0;
  /// The passing element that came closest to its tolerance.
  double worstUse = 0;
  std::string worstWhere;
};

struct Failure {
  uint64_t seed;
  KernelPath path;
  TestGraph graph;
  RunOutcome outcome;
};

/// A graph whose runs are in flight.
struct Pending {
  uint64_t seed = 0;
  GeneratedGraph generated;
  double tolerance = 0;
  size_t remaining = 0;
  bool failed = false;
};

int runFuzz(const DriverOptions &options) {
  auto start = std::chrono::steady_clock::now();
  std::map<KernelPath, PathCounts> counts;
  std::vector<Failure> failures;
  std::map<uint64_t, std::unique_ptr<Pending>> pending;
  size_t paths = options.kernels.size();
  int64_t operators = 0;

  IsolatedRunner runner(
      options.jobs, options.timeoutSeconds,
      [&](size_t id, const RunOutcome &outcome) {
        uint64_t seed = id / paths;
        KernelPath path = options.kernels[id % paths];
        Pending &graph = *pending.at(seed);
        PathCounts &c = counts[path];
        if (outcome.passed()) {
          ++c.passed;
          if (outcome.worstUse > c.worstUse) {
            c.worstUse = outcome.worstUse;
            c.worstWhere =
                "seed " + std::to_string(seed) + " " + outcome.worstElement;
          }
        } else {
          ++c.failed;
          c.crashed += outcome.kind == FailureKind::Crash;
          c.timedOut += outcome.kind == FailureKind::Timeout;
          graph.failed = true;
          std::printf("FAIL seed %llu [%s]: %s: %s\n", (unsigned long long)seed,
                      pathName(path), failureKindName(outcome.kind),
                      outcome.message.c_str());
          std::fflush(stdout);
          failures.push_back({seed, path, graph.generated.graph, outcome});
        }
        if (--graph.remaining == 0) {
          if (options.verbose && !graph.failed)
            std::printf("PASS seed %llu (%zu operators)\n",
                        (unsigned long long)seed,
                        graph.generated.graph.operators.size());
          pending.erase(seed);
        }
      });

  for (uint64_t i = 0; i < options.count; ++i) {
    uint64_t seed = options.seed + i;
    auto graph = std::make_unique<Pending>();
    graph->seed = seed;
    graph->generated = generateGraph(seed);
    graph->remaining = paths;
    const TestGraph &g = graph->generated.graph;
    operators += int64_t(g.operators.size());
    graph->tolerance =
        replayTolerance(outputTensors(g, graph->generated.reference));
    if (options.dump)
      writeTestFile(options.out, "fuzz-seed-" + std::to_string(seed) + ".json",
                    "fuzz seed " + std::to_string(seed), g,
                    graph->generated.reference);
    Pending &entry = *graph;
    pending[seed] = std::move(graph);
    for (size_t p = 0; p < paths; ++p) {
      KernelPath path = options.kernels[p];
      runner.submit(seed * paths + p, [&entry, path, &options] {
        RunRequest request;
        request.graph = &entry.generated.graph;
        request.reference = &entry.generated.reference;
        request.kernels = path;
        request.replayTolerance = entry.tolerance;
        request.threads = options.threads;
        request.sourceName = "fuzz-seed-" + std::to_string(entry.seed);
        return compileAndRun(request);
      });
    }
  }
  runner.drain();
  double runSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();

  int minimized = 0;
  for (const Failure &failure : failures) {
    std::string base = "fuzz-seed-" + std::to_string(failure.seed) + "-" +
                       pathName(failure.path);
    bool shrink = minimized < options.minimize &&
                  failure.outcome.kind != FailureKind::Import;
    MinimizeResult result;
    if (shrink) {
      ++minimized;
      std::printf("minimizing seed %llu [%s] (%zu operators)...\n",
                  (unsigned long long)failure.seed, pathName(failure.path),
                  failure.graph.operators.size());
      std::fflush(stdout);
      MinimizeOptions minimizeOptions;
      minimizeOptions.kernels = failure.path;
      minimizeOptions.timeoutSeconds = options.timeoutSeconds;
      minimizeOptions.threads = options.threads;
      minimizeOptions.verbose = options.verbose;
      result = minimizeGraph(failure.graph, failure.outcome, minimizeOptions);
    } else {
      result.graph = failure.graph;
      pruneGraph(result.graph);
      evaluateGraph(result.graph, result.reference);
      result.outcome = failure.outcome;
    }
    std::string path =
        writeTestFile(options.out, base + ".json",
                      "fuzz seed " + std::to_string(failure.seed) + " " +
                          pathName(failure.path) + (shrink ? " minimized" : ""),
                      result.graph, result.reference);
    std::string how = shrink ? " after minimizing (" +
                                   std::to_string(result.attempts) + " tries)"
                             : "";
    std::printf("  seed %llu [%s]: %zu operators%s, %s: %s\n  written to "
                "%s\n",
                (unsigned long long)failure.seed, pathName(failure.path),
                result.graph.operators.size(), how.c_str(),
                failureKindName(result.outcome.kind),
                result.outcome.message.c_str(), path.c_str());
  }

  double totalSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::printf("\nwnn-graph-fuzz: %llu graphs (seeds %llu..%llu, %.1f "
              "operators on average) in %.0f s (runs %.0f s)\n",
              (unsigned long long)options.count,
              (unsigned long long)options.seed,
              (unsigned long long)(options.seed + options.count - 1),
              options.count ? double(operators) / double(options.count) : 0.0,
              totalSeconds, runSeconds);
  bool anyFailed = false;
  for (KernelPath path : options.kernels) {
    const PathCounts &c = counts[path];
    std::printf("  %-8s %d passed, %d failed (%d crashes, %d timeouts)\n",
                pathName(path), c.passed, c.failed, c.crashed, c.timedOut);
    if (!c.worstWhere.empty())
      std::printf("           closest pass used %.3g%% of its tolerance (%s)\n",
                  100 * c.worstUse, c.worstWhere.c_str());
    anyFailed |= c.failed > 0;
  }
  return anyFailed ? 1 : 0;
}

/// Generates graphs without compiling them and prints what they hold.
int generateOnly(const DriverOptions &options) {
  auto start = std::chrono::steady_clock::now();
  std::map<std::string, int> operatorCounts;
  int64_t operators = 0, elements = 0, outputs = 0;
  for (uint64_t i = 0; i < options.count; ++i) {
    GeneratedGraph g = generateGraph(options.seed + i);
    for (const Json &op : g.graph.operators)
      ++operatorCounts[op.at("name").get<std::string>()];
    operators += int64_t(g.graph.operators.size());
    outputs += int64_t(g.graph.outputs.size());
    for (const auto &[name, tensor] : g.reference)
      elements += int64_t(tensor.size());
    if (options.verbose)
      std::printf("seed %llu: %zu operators, %zu outputs\n",
                  (unsigned long long)(options.seed + i),
                  g.graph.operators.size(), g.graph.outputs.size());
    if (options.dump)
      writeTestFile(options.out,
                    "fuzz-seed-" + std::to_string(options.seed + i) + ".json",
                    "fuzz seed " + std::to_string(options.seed + i), g.graph,
                    g.reference);
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  for (const auto &[name, count] : operatorCounts)
    std::printf("%-24s %6d\n", name.c_str(), count);
  double n = double(std::max<uint64_t>(1, options.count));
  std::printf("%llu graphs in %.1f s: %.1f operators, %.1f outputs, %.0f "
              "tensor elements per graph\n",
              (unsigned long long)options.count, seconds, double(operators) / n,
              double(outputs) / n, double(elements) / n);
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  DriverOptions options;
  if (!parseArguments(argc, argv, options)) {
    printUsage(stderr);
    return 2;
  }
  if (options.selfTest)
    return runSelfTest(options.timeoutSeconds) ? 0 : 1;
  if (options.generateOnly)
    return generateOnly(options);
  if (!options.checkReference.empty())
    return checkReferenceAgainstFiles(options.checkReference, options.verbose)
               ? 0
               : 1;
  return runFuzz(options);
}
