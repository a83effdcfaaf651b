//===- Execution.cpp - Compiling and running fuzzed graphs ----------------===//

#include "Execution.h"

#include "Compare.h"

#include "wnn/Import.h"
#include "wnn/c/runtime.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace wnn::fuzz {

const char *failureKindName(FailureKind kind) {
  switch (kind) {
  case FailureKind::None:
    return "pass";
  case FailureKind::Import:
    return "import error";
  case FailureKind::Compile:
    return "compile error";
  case FailureKind::Runtime:
    return "runtime error";
  case FailureKind::Mismatch:
    return "mismatch";
  case FailureKind::Crash:
    return "crash";
  case FailureKind::Timeout:
    return "timeout";
  }
  return "unknown";
}

namespace {

struct FreeDeleter {
  void operator()(void *p) const { std::free(p); }
};
using Buffer = std::unique_ptr<uint8_t[], FreeDeleter>;

Buffer allocateBuffer(size_t bytes) {
  size_t rounded = (std::max<size_t>(bytes, 1) + 63) / 64 * 64;
  return Buffer(static_cast<uint8_t *>(std::aligned_alloc(64, rounded)));
}

struct ModelDeleter {
  void operator()(wnn_model *m) const { wnn_model_release(m); }
};
struct SessionDeleter {
  void operator()(wnn_session *s) const { wnn_session_release(s); }
};

RunOutcome fail(FailureKind kind, std::string message) {
  RunOutcome outcome;
  outcome.kind = kind;
  outcome.message = std::move(message);
  return outcome;
}

std::string runtimeError(const char *what, wnn_status status) {
  const char *detail = wnn_last_error();
  return std::string(what) + " failed (status " + std::to_string(status) + ")" +
         (detail && *detail ? std::string(": ") + detail : "");
}

/// Writes `values` into a runtime buffer of `type`.
bool encode(DataType type, const std::vector<double> &values, uint8_t *out) {
  auto write = [&](auto zero) {
    using T = decltype(zero);
    for (size_t i = 0; i < values.size(); ++i) {
      T v = T(values[i]);
      std::memcpy(out + i * sizeof(T), &v, sizeof(T));
    }
    return true;
  };
  switch (type) {
  case DataType::Float32:
    return write(float(0));
  case DataType::Int32:
    return write(int32_t(0));
  case DataType::Uint32:
    return write(uint32_t(0));
  case DataType::Int64:
    return write(int64_t(0));
  case DataType::Int8:
    return write(int8_t(0));
  case DataType::Uint8:
    return write(uint8_t(0));
  default:
    return false;
  }
}

} // namespace

double damagedValue(const RefTensor &reference, double value) {
  if (!isFloatType(reference.desc.dataType))
    return value + 1;
  double squares = 0;
  for (double v : reference.value)
    squares += v * v;
  double rms =
      std::sqrt(squares / double(std::max<size_t>(1, reference.size())));
  return value + 0.5 * (std::fabs(value) + rms);
}

namespace {

/// Damages element `index` of an output buffer (see damagedValue).
void corrupt(const RefTensor &reference, uint8_t *buffer, int64_t index) {
  DataType type = reference.desc.dataType;
  double value = readElement(type, buffer, size_t(index));
  std::vector<double> one{damagedValue(reference, value)};
  encode(type, one, buffer + size_t(index) * dataTypeSize(type));
}

} // namespace

RunOutcome compileAndRun(const RunRequest &request) {
  const TestGraph &graph = *request.graph;
  Expected<Graph> imported =
      importWptGraph(graphToImportText(graph), request.sourceName);
  if (!imported)
    return fail(FailureKind::Import, imported.error().message);
  CompileOptions options;
  options.kernels = request.kernels;
  Expected<std::unique_ptr<CompiledGraph>> compiled =
      compileInProcess(*imported, options);
  if (!compiled)
    return fail(FailureKind::Compile, compiled.error().message);
  const wnn_model_desc *desc = (*compiled)->descriptor();
  if (!desc)
    return fail(FailureKind::Compile, "no model descriptor");

  wnn_model *rawModel = nullptr;
  wnn_status status = wnn_model_from_descriptor(desc, &rawModel);
  std::unique_ptr<wnn_model, ModelDeleter> model(rawModel);
  if (status != WNN_OK)
    return fail(FailureKind::Runtime,
                runtimeError("wnn_model_from_descriptor", status));
  wnn_session *rawSession = nullptr;
  status = wnn_session_create(model.get(), &rawSession);
  std::unique_ptr<wnn_session, SessionDeleter> session(rawSession);
  if (status != WNN_OK)
    return fail(FailureKind::Runtime,
                runtimeError("wnn_session_create", status));

  std::vector<Buffer> inputBuffers;
  std::vector<void *> inputs;
  for (uint32_t i = 0; i < desc->num_inputs; ++i) {
    std::string name = desc->inputs[i].name ? desc->inputs[i].name : "";
    const GraphInput *input = graph.findInput(name);
    if (!input || input->constant)
      return fail(FailureKind::Runtime,
                  "compiled input '" + name + "' is no graph input");
    size_t size = wnn_tensor_byte_size(&desc->inputs[i]);
    if (size != input->desc.byteSize())
      return fail(FailureKind::Runtime,
                  "input '" + name + "' has an unexpected size");
    Buffer buffer = allocateBuffer(size);
    if (!encode(input->desc.dataType, input->data, buffer.get()))
      return fail(FailureKind::Runtime, "input '" + name + "': data type");
    inputs.push_back(buffer.get());
    inputBuffers.push_back(std::move(buffer));
  }

  std::vector<Buffer> outputBuffers;
  std::vector<void *> outputs;
  std::vector<const RefTensor *> expected;
  std::vector<std::string> names;
  for (uint32_t i = 0; i < desc->num_outputs; ++i) {
    std::string name = desc->outputs[i].name ? desc->outputs[i].name : "";
    auto it = request.reference->find(name);
    if (it == request.reference->end())
      return fail(FailureKind::Runtime,
                  "compiled output '" + name + "' is unknown");
    size_t size = wnn_tensor_byte_size(&desc->outputs[i]);
    if (size != it->second.desc.byteSize() ||
        desc->outputs[i].data_type != int32_t(it->second.desc.dataType))
      return fail(FailureKind::Mismatch,
                  "output '" + name + "' has the wrong type or size");
    outputBuffers.push_back(allocateBuffer(size));
    outputs.push_back(outputBuffers.back().get());
    expected.push_back(&it->second);
    names.push_back(name);
  }
  if (desc->num_outputs != graph.outputs.size())
    return fail(FailureKind::Mismatch, "the compiled graph has " +
                                           std::to_string(desc->num_outputs) +
                                           " outputs");

  // Two runs, the first on one thread, the second on request.threads:
  // state left behind by the first (arena contents, cached kernels) must
  // not change the second, and neither may splitting work across threads.
  RunOutcome passed;
  for (int run = 1; run <= 2; ++run) {
    wnn_set_num_threads(run == 1 ? 1 : request.threads);
    // NaN (0xFF bytes) in every output, so unwritten elements show.
    for (size_t i = 0; i < outputs.size(); ++i)
      std::memset(outputs[i], 0xFF, expected[i]->desc.byteSize());
    status = wnn_session_run(session.get(), inputs.data(), outputs.data());
    if (status != WNN_OK)
      return fail(FailureKind::Runtime,
                  runtimeError("wnn_session_run", status));
    if (request.corruptElement >= 0 && !outputs.empty())
      corrupt(*expected[0], outputBuffers[0].get(),
              request.corruptElement %
                  std::max<int64_t>(1, int64_t(expected[0]->size())));
    for (size_t i = 0; i < outputs.size(); ++i) {
      Mismatch mismatch;
      bool ok = compareOutput(names[i], *expected[i], outputs[i], mismatch);
      if (mismatch.worstUse > passed.worstUse) {
        size_t w = size_t(mismatch.worstIndex);
        char where[160];
        std::snprintf(where, sizeof(where),
                      " index %zu: got %.9g, reference %.9g, bound %.3g", w,
                      readElement(expected[i]->desc.dataType, outputs[i], w),
                      expected[i]->value[w], expected[i]->bound[w]);
        passed.worstUse = mismatch.worstUse;
        passed.worstElement = "output '" + names[i] + "'" + where;
      }
      if (ok)
        continue;
      RunOutcome outcome = fail(
          FailureKind::Mismatch,
          (run == 2 ? "second run (" +
                          (request.threads ? std::to_string(request.threads)
                                           : std::string("default")) +
                          " threads): "
                    : std::string()) +
              mismatch.describe());
      // Whether any output fails the way a replayed file checks it.
      for (size_t j = 0; j < outputs.size(); ++j) {
        Mismatch replayed;
        if (!compareOutputAsReplayed(names[j], *expected[j], outputs[j],
                                     request.replayTolerance, replayed))
          outcome.failsAsReplayed = true;
      }
      return outcome;
    }
  }
  return passed;
}

//===----------------------------------------------------------------------===//
// IsolatedRunner
//===----------------------------------------------------------------------===//

IsolatedRunner::IsolatedRunner(unsigned jobs, unsigned timeoutSeconds,
                               Report report)
    : jobs(std::max(jobs, 1u)), timeoutSeconds(timeoutSeconds),
      report(std::move(report)) {}

IsolatedRunner::~IsolatedRunner() { drain(); }

static void writeAll(int fd, const std::string &text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return;
    done += size_t(n);
  }
}

void IsolatedRunner::submit(size_t id,
                            const std::function<RunOutcome()> &task) {
  while (running.size() >= jobs)
    waitForOne();
  int fds[2];
  if (::pipe(fds) != 0) {
    report(id, fail(FailureKind::Crash,
                    std::string("pipe: ") + std::strerror(errno)));
    return;
  }
  std::fflush(stdout);
  std::fflush(stderr);
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    report(id, fail(FailureKind::Crash,
                    std::string("fork: ") + std::strerror(errno)));
    return;
  }
  if (pid == 0) {
    ::close(fds[0]);
    if (timeoutSeconds)
      ::alarm(timeoutSeconds);
    RunOutcome outcome = task();
    // Payload: kind digit, replay flag, tolerance use, worst output,
    // message; fields after the flag end with a newline.
    char use[32];
    std::snprintf(use, sizeof(use), "%.9g\n", outcome.worstUse);
    writeAll(fds[1], std::string(1, char('0' + int(outcome.kind))) +
                         (outcome.failsAsReplayed ? "R" : "-") + use +
                         outcome.worstElement + "\n" + outcome.message);
    ::close(fds[1]);
    std::fflush(stdout);
    std::fflush(stderr);
    // Skip the compiler libraries' static destructors.
    ::_exit(0);
  }
  ::close(fds[1]);
  Child child;
  child.pid = pid;
  child.fd = fds[0];
  child.id = id;
  running.push_back(std::move(child));
}

RunOutcome IsolatedRunner::finish(Child &child) {
  ::close(child.fd);
  int status = 0;
  while (::waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) {
    int signal = WTERMSIG(status);
    RunOutcome outcome =
        signal == SIGALRM
            ? fail(FailureKind::Timeout,
                   "timed out after " + std::to_string(timeoutSeconds) + " s")
            : fail(FailureKind::Crash, "crashed with signal " +
                                           std::to_string(signal) + " (" +
                                           strsignal(signal) + ")");
    outcome.signal = signal;
    return outcome;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
      child.payload.size() < 2)
    return fail(
        FailureKind::Crash,
        "exited with status " +
            std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) +
            " without a result");
  RunOutcome outcome;
  outcome.kind = FailureKind(child.payload[0] - '0');
  outcome.failsAsReplayed = child.payload[1] == 'R';
  size_t useEnd = child.payload.find('\n', 2);
  size_t outputEnd = useEnd == std::string::npos
                         ? std::string::npos
                         : child.payload.find('\n', useEnd + 1);
  if (outputEnd == std::string::npos)
    return fail(FailureKind::Crash, "garbled result from the child");
  outcome.worstUse = std::strtod(child.payload.c_str() + 2, nullptr);
  outcome.worstElement =
      child.payload.substr(useEnd + 1, outputEnd - useEnd - 1);
  outcome.message = child.payload.substr(outputEnd + 1);
  return outcome;
}

void IsolatedRunner::waitForOne() {
  if (running.empty())
    return;
  while (true) {
    std::vector<pollfd> fds;
    for (const Child &child : running)
      fds.push_back(pollfd{child.fd, POLLIN, 0});
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR)
        continue;
      std::perror("wnn-graph-fuzz: poll");
      std::exit(2);
    }
    for (size_t i = running.size(); i-- > 0;) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      char buffer[4096];
      ssize_t n = ::read(running[i].fd, buffer, sizeof(buffer));
      if (n < 0 && errno == EINTR)
        continue;
      if (n > 0) {
        running[i].payload.append(buffer, size_t(n));
        continue;
      }
      RunOutcome outcome = finish(running[i]);
      size_t id = running[i].id;
      running.erase(running.begin() + long(i));
      report(id, outcome);
      return;
    }
  }
}

void IsolatedRunner::drain() {
  while (!running.empty())
    waitForOne();
}

RunOutcome IsolatedRunner::runOne(const std::function<RunOutcome()> &task,
                                  unsigned timeoutSeconds) {
  RunOutcome result;
  IsolatedRunner runner(
      1, timeoutSeconds,
      [&](size_t, const RunOutcome &outcome) { result = outcome; });
  runner.submit(0, task);
  runner.drain();
  return result;
}

} // namespace wnn::fuzz
