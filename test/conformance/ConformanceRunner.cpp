//===- ConformanceRunner.cpp - WPT WebNN conformance runner ---------------===//
//
// Runs the WPT WebNN conformance tests (JSON form, see wpt/README.md): each
// test graph is imported, JIT-compiled, run through the runtime C API with
// the test's input data, and its outputs are compared with the expected data
// using WPT's tolerance rules.
//
// By default every test runs in a child process, so that a crash or a hang
// in generated code fails that one test instead of the whole run.
//
//===----------------------------------------------------------------------===//

#include "wnn/Compiler.h"
#include "wnn/Import.h"
#include "wnn/c/runtime.h"

#include "Import/WptData.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

using namespace wnn;
using wpt::Json;

namespace {

//===----------------------------------------------------------------------===//
// Known data issues
//===----------------------------------------------------------------------===//

/// Tests whose expected data is wrong, each with the evidence. Such
/// a test still runs; its failure is reported as a known data issue, and a
/// pass is a failure (the entry is stale).
struct KnownDataIssue {
  const char *file, *test, *reason;
};
const KnownDataIssue kKnownDataIssues[] = {
    {"subgraph.json", "batchNormalization options.axis=0 + gelu",
     "the expected values were computed with the Abramowitz-Stegun erf "
     "approximation (|error| <= 1.5e-7); at index 4 the exact result "
     "-0.0359513043 is 34 ULP from the expected -0.0359511785 (tolerance "
     "24)"},
    {"pooling.json", "l2Pool2d float32 4D tensor options.roundingType=ceil",
     "in the 4 border windows that the ceil rounding adds, the expected value "
     "is the sum of squares without its square root: at index 2 the window "
     "holds 73.102356 and 53.650146, whose sum of squares is 8222.293 (the "
     "expected value) and whose l2 norm is 90.676857 (ours). The other 14 "
     "outputs match. The corpus README and webnn-baseline's l2Pool2d fix of "
     "April 2025 say the same"},
    {"pooling.json",
     "l2Pool2d float32 4D tensor options.outputSizes ignores "
     "options.roundingType=floor",
     "the same input, windows and expected data as the roundingType=ceil "
     "test (its outputSizes ask for the same border windows): 8222.293 is a "
     "sum of squares whose square root, 90.676857, is the l2 norm"},
    {"quantizeLinear.json",
     "quantizeLinear float32 tensor with uint4 zeroPoint which has odd size",
     "the expected output holds 16 at index 0, which no uint4 can hold: "
     "roundEven(4.794858 / 1.120275) + 12 = 4 + 12 = 16, and quantizeLinear "
     "clamps to the output type's range [0, 15], so the value is 15. The "
     "data's 16 packs to the nibble 0 (a wrap, not a clamp); 16 is what a "
     "context computing in uint8 gives (the test is marked "
     "castToSupportedType, the harness's fallback for contexts without "
     "uint4)"},
};

const KnownDataIssue *findKnownDataIssue(const std::string &file,
                                         const std::string &test) {
  for (const KnownDataIssue &issue : kKnownDataIssues)
    if (file.size() >= std::strlen(issue.file) &&
        file.compare(file.size() - std::strlen(issue.file), std::string::npos,
                     issue.file) == 0 &&
        test == issue.test)
      return &issue;
  return nullptr;
}

/// WPT compares only this many elements of a fill-form expected output.
constexpr int64_t kFillFormCompared = 1000;

//===----------------------------------------------------------------------===//
// Command line
//===----------------------------------------------------------------------===//

struct RunnerOptions {
  KernelPath kernels = KernelPath::OneDNN;
  std::string filter;
  bool verbose = false;
  bool isolate = true;
  unsigned timeoutSeconds = 600;
  unsigned jobs = 1;
  std::vector<std::string> paths;
};

void printUsage(std::FILE *out) {
  std::fputs(
      "usage: wnn-conformance [--kernels=onednn|codegen] [--filter SUBSTRING]\n"
      "                       [--verbose] [--jobs N] [--timeout SEC]\n"
      "                       [--no-fork] DIR_OR_FILES...\n"
      "\n"
      "Runs WPT WebNN conformance tests (JSON) through the JIT compiler.\n"
      "  --kernels=PATH   conv2d/matmul/gemm kernels: onednn (default) or "
      "codegen\n"
      "  --filter S       only tests whose file or test name contains S\n"
      "  --verbose        print every test, not just failures\n"
      "  --jobs N         run N tests at a time (default 1)\n"
      "  --timeout SEC    per-test time limit in seconds (default 600; 0: "
      "none)\n"
      "  --no-fork        run tests in this process (no crash isolation)\n",
      out);
}

bool parseUnsigned(const char *text, unsigned &out) {
  char *end = nullptr;
  errno = 0;
  unsigned long value = std::strtoul(text, &end, 10);
  if (!*text || *end || errno || value > 1000000)
    return false;
  out = unsigned(value);
  return true;
}

/// Parses the command line; returns false (after printing why) on misuse.
bool parseArguments(int argc, char **argv, RunnerOptions &options) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](const char *flag, std::string &out) {
      std::string prefix = std::string(flag) + "=";
      if (arg.compare(0, prefix.size(), prefix) == 0) {
        out = arg.substr(prefix.size());
        return true;
      }
      if (arg == flag) {
        if (i + 1 >= argc) {
          std::fprintf(stderr, "wnn-conformance: %s needs a value\n", flag);
          std::exit(2);
        }
        out = argv[++i];
        return true;
      }
      return false;
    };
    std::string text;
    if (value("--kernels", text)) {
      if (text == "onednn")
        options.kernels = KernelPath::OneDNN;
      else if (text == "codegen")
        options.kernels = KernelPath::Codegen;
      else {
        std::fprintf(stderr, "wnn-conformance: unknown kernel path '%s'\n",
                     text.c_str());
        return false;
      }
    } else if (value("--filter", text)) {
      options.filter = text;
    } else if (value("--jobs", text)) {
      if (!parseUnsigned(text.c_str(), options.jobs) || options.jobs == 0) {
        std::fprintf(stderr, "wnn-conformance: bad --jobs '%s'\n",
                     text.c_str());
        return false;
      }
    } else if (value("--timeout", text)) {
      if (!parseUnsigned(text.c_str(), options.timeoutSeconds)) {
        std::fprintf(stderr, "wnn-conformance: bad --timeout '%s'\n",
                     text.c_str());
        return false;
      }
    } else if (arg == "--verbose" || arg == "-v") {
      options.verbose = true;
    } else if (arg == "--no-fork") {
      options.isolate = false;
    } else if (arg == "--help" || arg == "-h") {
      printUsage(stdout);
      std::exit(0);
    } else if (arg.size() > 1 && arg[0] == '-') {
      std::fprintf(stderr, "wnn-conformance: unknown option '%s'\n",
                   arg.c_str());
      return false;
    } else {
      options.paths.push_back(arg);
    }
  }
  if (options.paths.empty()) {
    std::fprintf(stderr, "wnn-conformance: no test files given\n");
    return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Running one test
//===----------------------------------------------------------------------===//

struct TestCase {
  std::string file; // as printed
  std::string name;
  const Json *test = nullptr;
  std::vector<std::string> operators; // distinct, in graph order
};

struct Outcome {
  bool passed = false;
  std::string message; // why it failed
};

struct FreeDeleter {
  void operator()(void *pointer) const { std::free(pointer); }
};
using Buffer = std::unique_ptr<uint8_t[], FreeDeleter>;

/// Cache-line aligned buffer; never null, even for zero bytes.
Buffer allocateBuffer(size_t bytes) {
  size_t rounded = (std::max<size_t>(bytes, 1) + 63) / 64 * 64;
  return Buffer(static_cast<uint8_t *>(std::aligned_alloc(64, rounded)));
}

const char *typeName(int32_t type) {
  if (type < int32_t(DataType::Float32) || type > int32_t(DataType::Uint4))
    return "unknown";
  return dataTypeName(DataType(type));
}

std::string describe(const wnn_tensor_desc &desc) {
  std::vector<int64_t> shape(desc.shape, desc.shape + std::max(desc.rank, 0));
  return std::string(typeName(desc.data_type)) + " " + wpt::shapeString(shape);
}

std::string describe(const OperandDescriptor &desc) {
  return std::string(dataTypeName(desc.dataType)) + " " +
         wpt::shapeString(desc.shape);
}

bool matches(const wnn_tensor_desc &actual, const OperandDescriptor &wanted) {
  if (actual.data_type != int32_t(wanted.dataType) ||
      actual.rank != int32_t(wanted.shape.size()))
    return false;
  for (int32_t i = 0; i < actual.rank; ++i)
    if (actual.shape[i] != wanted.shape[size_t(i)])
      return false;
  return true;
}

bool is4Bit(DataType type) {
  return type == DataType::Int4 || type == DataType::Uint4;
}

std::string formatDouble(double value) {
  char text[64];
  std::snprintf(text, sizeof(text), "%.9g", value);
  return text;
}

struct Tolerance {
  bool absolute = false; // ATOL instead of ULP
  double value = 0;

  std::string describe() const {
    return std::string(absolute ? "ATOL " : "ULP ") + formatDouble(value);
  }
};

int64_t signMagnitude(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  int64_t magnitude = int64_t(bits & 0x7FFFFFFF);
  return (bits >> 31) ? -magnitude : magnitude;
}

/// Collects the first mismatch and counts all of them.
struct Mismatches {
  int64_t count = 0;
  int64_t first = -1;
  std::string actual, expected, distance;

  template <typename Format> void add(int64_t index, Format format) {
    if (count++ == 0) {
      first = index;
      format(*this);
    }
  }
};

/// Float comparison shared by float32 and float16: values equal as numbers
/// (so ±0 and equal infinities), NaN where NaN is expected, or within the
/// tolerance.
template <typename GetActual, typename GetExpected, typename UlpDistance>
void compareFloats(int64_t count, const Tolerance &tolerance,
                   const std::vector<double> &expectedDoubles,
                   GetActual actualAt, GetExpected expectedAt,
                   UlpDistance ulpDistance, Mismatches &mismatches) {
  for (int64_t i = 0; i < count; ++i) {
    double actual = actualAt(i);
    double expected =
        tolerance.absolute ? expectedDoubles[size_t(i)] : expectedAt(i);
    if (actual == expected)
      continue;
    bool actualNaN = std::isnan(actual), expectedNaN = std::isnan(expected);
    if (actualNaN && expectedNaN)
      continue;
    double distance = 0;
    bool ok = false;
    if (!actualNaN && !expectedNaN) {
      distance = tolerance.absolute ? std::fabs(actual - expected)
                                    : double(ulpDistance(i));
      ok = distance <= tolerance.value;
    }
    if (ok)
      continue;
    mismatches.add(i, [&](Mismatches &m) {
      m.actual = formatDouble(actual);
      m.expected = formatDouble(expected);
      m.distance = actualNaN || expectedNaN ? "NaN mismatch"
                   : tolerance.absolute
                       ? "|difference| " + formatDouble(distance)
                       : "ULP distance " + formatDouble(distance);
    });
  }
}

template <typename T>
void compareIntegers(int64_t count, const Tolerance &tolerance, const T *actual,
                     const T *expected, Mismatches &mismatches) {
  for (int64_t i = 0; i < count; ++i) {
    T a = actual[i], e = expected[i];
    if (a == e)
      continue;
    // |a - e| without overflow, in the unsigned type of the same width.
    using U = std::make_unsigned_t<T>;
    U difference = a > e ? U(U(a) - U(e)) : U(U(e) - U(a));
    if (double(difference) <= tolerance.value)
      continue;
    mismatches.add(i, [&](Mismatches &m) {
      if (std::is_signed<T>::value) {
        m.actual = std::to_string(int64_t(a));
        m.expected = std::to_string(int64_t(e));
      } else {
        m.actual = std::to_string(uint64_t(a));
        m.expected = std::to_string(uint64_t(e));
      }
      m.distance = "difference " + std::to_string(uint64_t(difference));
    });
  }
}

/// Compares one output buffer with its expected data. Returns false with a
/// message on mismatch.
bool compareOutput(const std::string &name, const OperandDescriptor &desc,
                   const Json &data, const void *buffer,
                   const Tolerance &tolerance, std::string &message) {
  int64_t total = 0;
  wpt::elementCount(desc.shape, total);
  int64_t limit = wpt::isFillForm(data) ? kFillFormCompared : -1;
  int64_t count = limit >= 0 ? std::min(total, limit) : total;
  std::string why;
  std::vector<uint8_t> expected;
  if (!wpt::encodeData(data, desc.dataType, total, expected, why, limit)) {
    message = "expected output '" + name + "': " + why;
    return false;
  }
  std::vector<double> expectedDoubles;
  bool isFloat =
      desc.dataType == DataType::Float32 || desc.dataType == DataType::Float16;
  if (isFloat && tolerance.absolute &&
      !wpt::decodeDoubles(data, total, expectedDoubles, why, limit)) {
    message = "expected output '" + name + "': " + why;
    return false;
  }

  Mismatches mismatches;
  switch (desc.dataType) {
  case DataType::Float32: {
    const float *a = static_cast<const float *>(buffer);
    const float *e = reinterpret_cast<const float *>(expected.data());
    compareFloats(
        count, tolerance, expectedDoubles, [&](int64_t i) { return a[i]; },
        [&](int64_t i) { return e[i]; },
        [&](int64_t i) {
          return std::llabs(signMagnitude(a[i]) - signMagnitude(e[i]));
        },
        mismatches);
    break;
  }
  case DataType::Float16: {
    const uint16_t *a = static_cast<const uint16_t *>(buffer);
    const uint16_t *e = reinterpret_cast<const uint16_t *>(expected.data());
    compareFloats(
        count, tolerance, expectedDoubles,
        [&](int64_t i) { return wpt::halfToFloat(a[i]); },
        [&](int64_t i) { return wpt::halfToFloat(e[i]); },
        [&](int64_t i) { return std::abs(int(a[i]) - int(e[i])); }, mismatches);
    break;
  }
  case DataType::Int32:
    compareIntegers(count, tolerance, static_cast<const int32_t *>(buffer),
                    reinterpret_cast<const int32_t *>(expected.data()),
                    mismatches);
    break;
  case DataType::Uint32:
    compareIntegers(count, tolerance, static_cast<const uint32_t *>(buffer),
                    reinterpret_cast<const uint32_t *>(expected.data()),
                    mismatches);
    break;
  case DataType::Int64:
    compareIntegers(count, tolerance, static_cast<const int64_t *>(buffer),
                    reinterpret_cast<const int64_t *>(expected.data()),
                    mismatches);
    break;
  case DataType::Uint64:
    compareIntegers(count, tolerance, static_cast<const uint64_t *>(buffer),
                    reinterpret_cast<const uint64_t *>(expected.data()),
                    mismatches);
    break;
  case DataType::Int8:
    compareIntegers(count, tolerance, static_cast<const int8_t *>(buffer),
                    reinterpret_cast<const int8_t *>(expected.data()),
                    mismatches);
    break;
  case DataType::Uint8:
    compareIntegers(count, tolerance, static_cast<const uint8_t *>(buffer),
                    reinterpret_cast<const uint8_t *>(expected.data()),
                    mismatches);
    break;
  case DataType::Int4:
  case DataType::Uint4: {
    // Outputs are packed two per byte, low nibble first.
    const uint8_t *packed = static_cast<const uint8_t *>(buffer);
    std::vector<int8_t> unpacked(static_cast<size_t>(count));
    for (int64_t i = 0; i < count; ++i) {
      int nibble = (packed[i / 2] >> (4 * (i % 2))) & 0xF;
      if (desc.dataType == DataType::Int4 && nibble >= 8)
        nibble -= 16;
      unpacked[size_t(i)] = int8_t(nibble);
    }
    compareIntegers(count, tolerance, unpacked.data(),
                    reinterpret_cast<const int8_t *>(expected.data()),
                    mismatches);
    break;
  }
  }
  if (mismatches.count == 0)
    return true;
  message = "output '" + name + "' index " + std::to_string(mismatches.first) +
            ": actual " + mismatches.actual + " vs expected " +
            mismatches.expected + " (" + mismatches.distance + ", tolerance " +
            tolerance.describe() + "; " + std::to_string(mismatches.count) +
            " of " + std::to_string(count) + " elements differ)";
  return false;
}

bool readTolerance(const Json &test, Tolerance &tolerance, std::string &why) {
  auto it = test.find("tolerance");
  if (it == test.end())
    return true; // exact match
  if (!it->is_object()) {
    why = "'tolerance' must be an object";
    return false;
  }
  auto metric = it->find("metricType");
  if (metric != it->end()) {
    if (*metric == "ATOL")
      tolerance.absolute = true;
    else if (*metric != "ULP") {
      why = "unknown tolerance metric " + metric->dump();
      return false;
    }
  }
  auto value = it->find("value");
  if (value != it->end() && !wpt::readNumber(*value, tolerance.value)) {
    why = "tolerance 'value' must be a number";
    return false;
  }
  return true;
}

struct ModelDeleter {
  void operator()(wnn_model *model) const { wnn_model_release(model); }
};
struct SessionDeleter {
  void operator()(wnn_session *session) const { wnn_session_release(session); }
};

Outcome failure(std::string message) {
  return Outcome{false, std::move(message)};
}

std::string runtimeError(const char *what, wnn_status status) {
  const char *detail = wnn_last_error();
  return std::string(what) + " failed (status " + std::to_string(status) + ")" +
         (detail && *detail ? std::string(": ") + detail : "");
}

Outcome runTestUnguarded(const TestCase &testCase,
                         const RunnerOptions &options) {
  const Json &test = *testCase.test;
  Tolerance tolerance;
  std::string why;
  if (!readTolerance(test, tolerance, why))
    return failure(why);

  Expected<Graph> graph = importWptGraph(test.dump(), testCase.file);
  if (!graph) {
    // The report line names the file already.
    std::string message = graph.error().message;
    std::string prefix = testCase.file + ": ";
    if (message.compare(0, prefix.size(), prefix) == 0)
      message.erase(0, prefix.size());
    return failure("import: " + message);
  }

  CompileOptions compileOptions;
  compileOptions.kernels = options.kernels;
  Expected<std::unique_ptr<CompiledGraph>> compiled =
      compileInProcess(*graph, compileOptions);
  if (!compiled)
    return failure("compile: " + compiled.error().message);
  const wnn_model_desc *desc = (*compiled)->descriptor();
  if (!desc)
    return failure("compile: no model descriptor");

  wnn_model *rawModel = nullptr;
  wnn_status status = wnn_model_from_descriptor(desc, &rawModel);
  std::unique_ptr<wnn_model, ModelDeleter> model(rawModel);
  if (status != WNN_OK)
    return failure(runtimeError("wnn_model_from_descriptor", status));
  wnn_session *rawSession = nullptr;
  status = wnn_session_create(model.get(), &rawSession);
  std::unique_ptr<wnn_session, SessionDeleter> session(rawSession);
  if (status != WNN_OK)
    return failure(runtimeError("wnn_session_create", status));

  // The importer accepted the graph, so its layout is known to be sound.
  const Json &graphJson = test.at("graph");
  const Json &inputsJson = graphJson.at("inputs");
  const Json &expectedJson = graphJson.at("expectedOutputs");

  // Inputs, in descriptor order, matched by name.
  std::vector<Buffer> inputBuffers;
  std::vector<void *> inputs;
  for (uint32_t i = 0; i < desc->num_inputs; ++i) {
    const wnn_tensor_desc &tensor = desc->inputs[i];
    std::string name = tensor.name ? tensor.name : "";
    auto it = inputsJson.find(name);
    if (it == inputsJson.end() || it->value("constant", false))
      return failure("compiled graph input '" + name +
                     "' is not a graph input of the test");
    OperandDescriptor wanted;
    if (!wpt::parseDescriptor(it->at("descriptor"), wanted, why))
      return failure("input '" + name + "': " + why);
    if (!matches(tensor, wanted))
      return failure("input '" + name + "' is " + describe(tensor) +
                     " in the compiled graph but " + describe(wanted) +
                     " in the test");
    int64_t count = 0;
    wpt::elementCount(wanted.shape, count);
    std::vector<uint8_t> bytes;
    auto data = it->find("data");
    if (data == it->end())
      return failure("input '" + name + "' has no data");
    if (!wpt::encodeData(*data, wanted.dataType, count, bytes, why))
      return failure("input '" + name + "': " + why);
    size_t size = wnn_tensor_byte_size(&tensor);
    Buffer buffer = allocateBuffer(size);
    if (is4Bit(wanted.dataType)) {
      // Runtime buffers hold two 4-bit values per byte, low nibble first.
      std::memset(buffer.get(), 0, size);
      for (int64_t e = 0; e < count && size_t(e / 2) < size; ++e)
        buffer[size_t(e / 2)] |=
            uint8_t((bytes[size_t(e)] & 0xF) << (4 * (e % 2)));
    } else {
      if (bytes.size() != size)
        return failure("input '" + name + "' needs " + std::to_string(size) +
                       " bytes but its data has " +
                       std::to_string(bytes.size()));
      std::memcpy(buffer.get(), bytes.data(), size);
    }
    inputs.push_back(buffer.get());
    inputBuffers.push_back(std::move(buffer));
  }

  // Outputs, pre-filled with a pattern (NaN for floats) so that elements the
  // graph never writes do not pass by accident.
  std::vector<Buffer> outputBuffers;
  std::vector<void *> outputs;
  for (uint32_t i = 0; i < desc->num_outputs; ++i) {
    size_t size = wnn_tensor_byte_size(&desc->outputs[i]);
    Buffer buffer = allocateBuffer(size);
    std::memset(buffer.get(), 0xFF, size);
    outputs.push_back(buffer.get());
    outputBuffers.push_back(std::move(buffer));
  }

  status = wnn_session_run(session.get(), inputs.data(), outputs.data());
  if (status != WNN_OK)
    return failure(runtimeError("wnn_session_run", status));

  if (expectedJson.size() != desc->num_outputs)
    return failure(
        "the compiled graph has " + std::to_string(desc->num_outputs) +
        " outputs but the test expects " + std::to_string(expectedJson.size()));
  for (const auto &item : expectedJson.items()) {
    const std::string &name = item.key();
    uint32_t index = 0;
    while (index < desc->num_outputs &&
           !(desc->outputs[index].name && name == desc->outputs[index].name))
      ++index;
    if (index == desc->num_outputs)
      return failure("the compiled graph has no output '" + name + "'");
    OperandDescriptor wanted;
    if (!wpt::parseDescriptor(item.value().at("descriptor"), wanted, why))
      return failure("expected output '" + name + "': " + why);
    if (!matches(desc->outputs[index], wanted))
      return failure("output '" + name + "' is " +
                     describe(desc->outputs[index]) + " but " +
                     describe(wanted) + " is expected");
    auto data = item.value().find("data");
    if (data == item.value().end())
      return failure("expected output '" + name + "' has no data");
    std::string message;
    if (!compareOutput(name, wanted, *data, outputs[index], tolerance, message))
      return failure(message);
  }
  return Outcome{true, ""};
}

Outcome runTest(const TestCase &testCase, const RunnerOptions &options) {
  try {
    return runTestUnguarded(testCase, options);
  } catch (const std::exception &error) {
    return failure(std::string("runner error: ") + error.what());
  }
}

//===----------------------------------------------------------------------===//
// Isolation: one child process per test
//===----------------------------------------------------------------------===//

void writeAll(int fd, const std::string &text) {
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

struct Child {
  pid_t pid = -1;
  int fd = -1;
  size_t task = 0;
  std::string payload;
};

/// Starts `testCase` in a child that reports "P" or "F<message>" on a pipe.
bool startChild(const TestCase &testCase, const RunnerOptions &options,
                size_t task, Child &child, std::string &why) {
  int fds[2];
  if (::pipe(fds) != 0) {
    why = std::string("pipe: ") + std::strerror(errno);
    return false;
  }
  std::fflush(stdout);
  std::fflush(stderr);
  pid_t pid = ::fork();
  if (pid < 0) {
    why = std::string("fork: ") + std::strerror(errno);
    ::close(fds[0]);
    ::close(fds[1]);
    return false;
  }
  if (pid == 0) {
    ::close(fds[0]);
    if (options.timeoutSeconds)
      ::alarm(options.timeoutSeconds);
    Outcome outcome = runTest(testCase, options);
    writeAll(fds[1], (outcome.passed ? "P" : "F") + outcome.message);
    ::close(fds[1]);
    std::fflush(stdout);
    std::fflush(stderr);
    // Skip static destructors of the compiler libraries: nothing to flush.
    ::_exit(0);
  }
  ::close(fds[1]);
  child.pid = pid;
  child.fd = fds[0];
  child.task = task;
  child.payload.clear();
  return true;
}

Outcome finishChild(Child &child, const RunnerOptions &options) {
  ::close(child.fd);
  int status = 0;
  while (::waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) {
    int signal = WTERMSIG(status);
    if (signal == SIGALRM)
      return failure("timed out after " +
                     std::to_string(options.timeoutSeconds) + " s");
    return failure("crashed with signal " + std::to_string(signal) + " (" +
                   strsignal(signal) + ")");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || child.payload.empty())
    return failure(
        "exited with status " +
        std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) +
        " without a result");
  if (child.payload[0] == 'P')
    return Outcome{true, ""};
  return failure(child.payload.substr(1));
}

/// Runs `tasks` and calls `report(index, outcome)` as each one finishes
/// (completion order when several run at once).
template <typename Report>
void runAll(const std::vector<const TestCase *> &tasks,
            const RunnerOptions &options, Report report) {
  if (!options.isolate) {
    for (size_t i = 0; i < tasks.size(); ++i)
      report(i, runTest(*tasks[i], options));
    return;
  }
  std::vector<Child> running;
  size_t next = 0;
  while (next < tasks.size() || !running.empty()) {
    while (next < tasks.size() && running.size() < options.jobs) {
      Child child;
      std::string why;
      if (!startChild(*tasks[next], options, next, child, why)) {
        report(next, failure(why));
        ++next;
        continue;
      }
      running.push_back(std::move(child));
      ++next;
    }
    if (running.empty())
      continue;
    std::vector<pollfd> fds;
    for (const Child &child : running)
      fds.push_back(pollfd{child.fd, POLLIN, 0});
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR)
        continue;
      std::perror("wnn-conformance: poll");
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
      Outcome outcome = finishChild(running[i], options);
      size_t task = running[i].task;
      running.erase(running.begin() + long(i));
      report(task, outcome);
    }
  }
}

//===----------------------------------------------------------------------===//
// Test discovery and the report
//===----------------------------------------------------------------------===//

struct Counts {
  int passed = 0, failed = 0, skipped = 0;
};

/// Distinct operator names of the test's graph, in order of first use.
std::vector<std::string> operatorsOf(const Json &test) {
  std::vector<std::string> names;
  auto add = [&](const std::string &name) {
    if (std::find(names.begin(), names.end(), name) == names.end())
      names.push_back(name);
  };
  auto graph = test.find("graph");
  if (graph != test.end() && graph->is_object()) {
    auto ops = graph->find("operators");
    if (ops != graph->end() && ops->is_array()) {
      for (const Json &op : *ops) {
        if (!op.is_object())
          continue;
        auto name = op.find("name");
        if (name != op.end() && name->is_string())
          add(name->get<std::string>());
      }
    }
  }
  if (names.empty())
    add("<none>");
  return names;
}

class Report {
public:
  void passed(const TestCase &t, bool verbose) {
    for (const std::string &op : t.operators)
      ++byOperator[op].passed;
    ++total.passed;
    if (verbose)
      std::printf("PASS %s: %s\n", t.file.c_str(), t.name.c_str());
  }
  void failed(const TestCase &t, const std::string &message) {
    for (const std::string &op : t.operators)
      ++byOperator[op].failed;
    ++total.failed;
    std::printf("FAIL %s: %s: %s\n", t.file.c_str(), t.name.c_str(),
                message.c_str());
    std::fflush(stdout);
  }
  void knownDataIssue(const TestCase &t, const KnownDataIssue &issue,
                      const std::string &message) {
    for (const std::string &op : t.operators)
      ++byOperator[op].skipped;
    ++total.skipped;
    ++knownIssues;
    std::printf("KNOWN-DATA-ISSUE %s: %s: %s (%s)\n", t.file.c_str(),
                t.name.c_str(), message.c_str(), issue.reason);
  }
  /// A file that could not be read or parsed.
  void brokenFile(const std::string &file, const std::string &message) {
    ++total.failed;
    std::printf("FAIL %s: %s\n", file.c_str(), message.c_str());
  }

  void print() const {
    std::printf("\n%-24s %7s %7s %7s\n", "operator", "passed", "failed",
                "skipped");
    for (const auto &[op, c] : byOperator)
      std::printf("%-24s %7d %7d %7d\n", op.c_str(), c.passed, c.failed,
                  c.skipped);
    std::printf("%-24s %7d %7d %7d\n", "total (tests)", total.passed,
                total.failed, total.skipped);
    if (knownIssues)
      std::printf("(%d of the skipped ran and failed on known wrong "
                  "expected data, listed above)\n",
                  knownIssues);
    std::printf("%d passed, %d failed, %d skipped\n", total.passed,
                total.failed, total.skipped);
  }

  bool anyFailed() const { return total.failed > 0; }

private:
  std::map<std::string, Counts> byOperator;
  Counts total;
  int knownIssues = 0;
};

/// Expands directories into their *.json files, sorted by name. Returns
/// (path, name shown in the report) pairs.
std::vector<std::pair<std::string, std::string>>
collectFiles(const std::vector<std::string> &paths, Report &report) {
  namespace fs = std::filesystem;
  std::vector<std::pair<std::string, std::string>> files;
  for (const std::string &path : paths) {
    std::error_code error;
    if (!fs::is_directory(path, error)) {
      files.emplace_back(path, path);
      continue;
    }
    std::vector<std::string> found;
    for (fs::directory_iterator it(path, error), end; !error && it != end;
         it.increment(error))
      if (it->path().extension() == ".json")
        found.push_back(it->path().string());
    std::sort(found.begin(), found.end());
    if (error)
      report.brokenFile(path, "cannot list directory: " + error.message());
    else if (found.empty())
      report.brokenFile(path, "no .json files");
    for (const std::string &file : found)
      files.emplace_back(file, fs::path(file).filename().string());
  }
  return files;
}

void runFile(const std::string &path, const std::string &shown,
             const RunnerOptions &options, Report &report) {
  Expected<std::string> text = readFile(path);
  if (!text) {
    report.brokenFile(shown, text.error().message);
    return;
  }
  Json document;
  try {
    document = Json::parse(*text);
  } catch (const nlohmann::json::exception &error) {
    report.brokenFile(shown, std::string("malformed JSON: ") + error.what());
    return;
  }
  // A corpus file ({tests: [...]}) or a single test ({name, graph, ...}).
  std::vector<const Json *> tests;
  if (document.is_object() && document.contains("tests") &&
      document["tests"].is_array()) {
    for (const Json &test : document["tests"])
      tests.push_back(&test);
  } else if (document.is_object() && document.contains("graph")) {
    tests.push_back(&document);
  } else {
    report.brokenFile(shown, "neither a test file nor a test");
    return;
  }

  std::vector<TestCase> cases;
  for (const Json *test : tests) {
    TestCase testCase;
    testCase.file = shown;
    testCase.test = test;
    if (test->is_object() && test->contains("name") &&
        (*test)["name"].is_string())
      testCase.name = (*test)["name"].get<std::string>();
    else
      testCase.name = "<unnamed #" + std::to_string(cases.size()) + ">";
    if (!options.filter.empty() &&
        shown.find(options.filter) == std::string::npos &&
        testCase.name.find(options.filter) == std::string::npos)
      continue;
    if (!test->is_object()) {
      report.brokenFile(shown, testCase.name + ": a test must be an object");
      continue;
    }
    testCase.operators = operatorsOf(*test);
    cases.push_back(std::move(testCase));
  }

  std::vector<const TestCase *> tasks;
  for (const TestCase &testCase : cases)
    tasks.push_back(&testCase);
  runAll(tasks, options, [&](size_t index, const Outcome &outcome) {
    const TestCase &testCase = *tasks[index];
    const KnownDataIssue *issue =
        findKnownDataIssue(testCase.file, testCase.name);
    if (issue && outcome.passed)
      report.failed(testCase, "passes although it is listed as a known "
                              "data issue; remove it from kKnownDataIssues");
    else if (issue)
      report.knownDataIssue(testCase, *issue, outcome.message);
    else if (outcome.passed)
      report.passed(testCase, options.verbose);
    else
      report.failed(testCase, outcome.message);
  });
}

} // namespace

int main(int argc, char **argv) {
  RunnerOptions options;
  if (!parseArguments(argc, argv, options)) {
    printUsage(stderr);
    return 2;
  }
  Report report;
  for (const auto &[path, shown] : collectFiles(options.paths, report))
    runFile(path, shown, options, report);
  report.print();
  return report.anyFailed() ? 1 : 0;
}
