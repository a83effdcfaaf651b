//===- Execution.h - Compiling and running fuzzed graphs --------*- C++ -*-===//
//
// A graph is compiled in process (compileInProcess), run twice through the
// runtime C API and compared with the reference. Each compile+run happens
// in a forked child with a time limit, so a crash or a hang in the compiler
// or in generated code is reported as a failure of that graph.
//
//===----------------------------------------------------------------------===//
#ifndef WNN_TEST_FUZZ_EXECUTION_H
#define WNN_TEST_FUZZ_EXECUTION_H

#include "Reference.h"

#include "wnn/Compiler.h"

#include <functional>
#include <sys/types.h>

namespace wnn::fuzz {

enum class FailureKind {
  None,
  Import,
  Compile,
  Runtime,
  Mismatch,
  Crash,
  Timeout
};
const char *failureKindName(FailureKind kind);

struct RunOutcome {
  FailureKind kind = FailureKind::None;
  std::string message;
  /// For mismatches: whether the single tolerance of a replayed test file
  /// (compareOutputAsReplayed) also catches it.
  bool failsAsReplayed = false;
  int signal = 0;
  /// For passes: the largest share of its tolerance an element used, and
  /// that element (see Mismatch::worstUse).
  double worstUse = 0;
  std::string worstElement;

  bool passed() const { return kind == FailureKind::None; }
};

struct RunRequest {
  const TestGraph *graph = nullptr;
  const Environment *reference = nullptr;
  KernelPath kernels = KernelPath::OneDNN;
  /// Tolerance of the graph's replayed test file (see Compare.h).
  double replayTolerance = 0;
  /// Runtime threads of the second run (the first runs on one thread);
  /// 0 keeps the runtime's default.
  int threads = 2;
  /// Self-test: damage this element of the first output before comparing.
  int64_t corruptElement = -1;
  std::string sourceName = "fuzz";
};

/// `value` damaged by half of max(|value|, rms of `reference`) plus the
/// other: an error every comparison must catch (integers: off by one).
double damagedValue(const RefTensor &reference, double value);

/// Compiles, runs and compares in the calling process.
RunOutcome compileAndRun(const RunRequest &request);

/// Runs tasks in forked children, at most `jobs` at a time, each killed
/// after `timeoutSeconds` (0: no limit).
class IsolatedRunner {
public:
  using Report = std::function<void(size_t id, const RunOutcome &)>;
  IsolatedRunner(unsigned jobs, unsigned timeoutSeconds, Report report);
  ~IsolatedRunner();

  /// Starts `task` in a child once a slot is free; finished tasks are
  /// reported meanwhile.
  void submit(size_t id, const std::function<RunOutcome()> &task);
  /// Waits for every child.
  void drain();
  /// Runs one task in a child and waits for it.
  static RunOutcome runOne(const std::function<RunOutcome()> &task,
                           unsigned timeoutSeconds);

private:
  struct Child {
    pid_t pid = -1;
    int fd = -1;
    size_t id = 0;
    std::string payload;
  };
  void waitForOne();
  RunOutcome finish(Child &child);

  unsigned jobs, timeoutSeconds;
  Report report;
  std::vector<Child> running;
};

} // namespace wnn::fuzz

#endif // WNN_TEST_FUZZ_EXECUTION_H
