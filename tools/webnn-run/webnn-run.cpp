//===- webnn-run.cpp - Run or benchmark a compiled WebNN graph ------------===//
//
//   webnn-run ARTIFACT.so --input NAME=FILE.npy ... [--output-dir DIR]
//                         [--threads T] [--top K]
//   webnn-run ARTIFACT.so --bench N [--warmup W] [--threads T]
//
//===----------------------------------------------------------------------===//

#include "wnn/Npy.h"
#include "wnn/Runtime.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <map>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

using namespace wnn;

namespace {

const char kUsage[] =
    "usage: webnn-run ARTIFACT.so [options]\n"
    "\n"
    "Runs a compiled WebNN graph once on .npy inputs, or benchmarks it.\n"
    "\n"
    "options:\n"
    "  --input NAME=FILE.npy  value of graph input NAME (repeat per input)\n"
    "  --output-dir DIR       write each output to DIR/<output name>.npy\n"
    "  --top K                print the K largest values of each output\n"
    "  --threads T            kernel threads (default: OpenMP's default)\n"
    "  --bench N              time N runs and print one JSON line; inputs\n"
    "                         not given with --input get fixed pseudo-random\n"
    "                         values (floats in [-1,1), ints in [0,4))\n"
    "  --warmup W             untimed runs before --bench (default 3)\n"
    "  --help                 show this text\n";

struct Options {
  std::string artifact;
  std::vector<std::pair<std::string, std::string>> inputs; // name, file
  std::string outputDir;
  int threads = 0;
  int top = 0;
  int bench = 0;
  int warmup = 3;
  bool benchSet = false;
  bool warmupSet = false;
};

/// Reports an error the way every failure of this tool ends.
int failWith(const std::string &message) {
  std::fprintf(stderr, "webnn-run: error: %s\n", message.c_str());
  return 1;
}

std::optional<int> parseCount(const std::string &text, int min, int max) {
  if (text.empty() || text.size() > 9)
    return std::nullopt;
  for (char c : text)
    if (c < '0' || c > '9')
      return std::nullopt;
  int value = std::atoi(text.c_str());
  if (value < min || value > max)
    return std::nullopt;
  return value;
}

/// Parses the command line; returns an error message or "".
std::string parseArgs(int argc, char **argv, Options &opts, bool &help) {
  std::vector<std::string> args(argv + 1, argv + argc);
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg == "--help" || arg == "-h") {
      help = true;
      return "";
    }
    if (arg.rfind("--", 0) != 0) {
      if (!opts.artifact.empty())
        return "more than one artifact given ('" + opts.artifact + "' and '" +
               arg + "')";
      opts.artifact = arg;
      continue;
    }
    // Accept both "--opt value" and "--opt=value".
    std::string value;
    size_t eq = arg.find('=');
    bool inlineValue = eq != std::string::npos;
    if (inlineValue) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    }
    static const char *const kKnown[] = {"--input", "--output-dir", "--threads",
                                         "--top",   "--bench",      "--warmup"};
    if (std::find_if(std::begin(kKnown), std::end(kKnown), [&](const char *k) {
          return arg == k;
        }) == std::end(kKnown))
      return "unknown option '" + arg + "' (see --help)";
    if (!inlineValue) {
      if (i + 1 >= args.size())
        return "option '" + arg + "' needs a value";
      value = args[++i];
    }
    if (arg == "--input") {
      size_t sep = value.find('=');
      if (sep == std::string::npos || sep == 0 || sep + 1 == value.size())
        return "--input expects NAME=FILE.npy, got '" + value + "'";
      opts.inputs.emplace_back(value.substr(0, sep), value.substr(sep + 1));
    } else if (arg == "--output-dir") {
      if (value.empty())
        return "--output-dir needs a directory";
      opts.outputDir = value;
    } else {
      int max = arg == "--threads" ? 4096 : 100000000;
      int min = arg == "--bench" || arg == "--threads" ? 1 : 0;
      std::optional<int> n = parseCount(value, min, max);
      if (!n)
        return "option '" + arg + "' expects an integer from " +
               std::to_string(min) + " to " + std::to_string(max) + ", got '" +
               value + "'";
      if (arg == "--threads")
        opts.threads = *n;
      else if (arg == "--top")
        opts.top = *n;
      else if (arg == "--bench") {
        opts.bench = *n;
        opts.benchSet = true;
      } else {
        opts.warmup = *n;
        opts.warmupSet = true;
      }
    }
  }
  if (opts.artifact.empty())
    return "no artifact given (see --help)";
  if (opts.warmupSet && !opts.benchSet)
    return "--warmup only applies with --bench";
  if (opts.benchSet && opts.top > 0)
    return "--top cannot be combined with --bench";
  return "";
}

//===----------------------------------------------------------------------===//
// Values
//===----------------------------------------------------------------------===//

template <typename To, typename From> To bitCast(From from) {
  static_assert(sizeof(To) == sizeof(From));
  To to;
  std::memcpy(&to, &from, sizeof(to));
  return to;
}

float halfToFloat(uint16_t h) {
  uint32_t sign = uint32_t(h >> 15) << 31;
  int exponent = (h >> 10) & 0x1f;
  uint32_t mantissa = h & 0x3ff;
  if (exponent == 0x1f) // inf / nan
    return bitCast<float>(sign | 0x7f800000u | (mantissa << 13));
  if (exponent == 0) { // zero / subnormal
    float value = std::ldexp(float(mantissa), -24);
    return sign ? -value : value;
  }
  return bitCast<float>(sign | uint32_t(exponent + 112) << 23 | mantissa << 13);
}

uint16_t floatToHalf(float f) {
  // Only used for values in [-1, 1): normal numbers or zero, rounded to
  // nearest even.
  uint32_t bits = bitCast<uint32_t>(f);
  uint16_t sign = uint16_t((bits >> 16) & 0x8000);
  float a = std::fabs(f);
  if (a < 6.1035156e-05f) // below the smallest normal half: flush to zero
    return sign;
  uint32_t abits = bitCast<uint32_t>(a);
  uint32_t exponent = (abits >> 23) - 112;
  uint32_t mantissa = abits & 0x7fffff;
  uint32_t half = exponent << 10 | mantissa >> 13;
  uint32_t rest = mantissa & 0x1fff;
  if (rest > 0x1000 || (rest == 0x1000 && (half & 1)))
    ++half;
  return uint16_t(sign | half);
}

/// Element `i` of `array` as a double (int4/uint4 elements are packed, low
/// nibble first).
double elementAt(const NpyArray &array, int64_t i) {
  switch (array.dataType()) {
  case DataType::Float32:
    return array.dataAs<float>()[i];
  case DataType::Float16:
    return halfToFloat(array.dataAs<uint16_t>()[i]);
  case DataType::Int32:
    return array.dataAs<int32_t>()[i];
  case DataType::Uint32:
    return array.dataAs<uint32_t>()[i];
  case DataType::Int64:
    return double(array.dataAs<int64_t>()[i]);
  case DataType::Uint64:
    return double(array.dataAs<uint64_t>()[i]);
  case DataType::Int8:
    return array.dataAs<int8_t>()[i];
  case DataType::Uint8:
    return array.dataAs<uint8_t>()[i];
  case DataType::Int4:
  case DataType::Uint4: {
    int nibble = (array.dataAs<uint8_t>()[i / 2] >> (i % 2 ? 4 : 0)) & 0xf;
    if (array.dataType() == DataType::Int4 && nibble >= 8)
      nibble -= 16;
    return nibble;
  }
  }
  return 0;
}

/// Fills `array` with values that depend only on `seed`.
void fillDeterministic(NpyArray &array, uint64_t seed) {
  uint64_t state = seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull;
  auto next = [&state] { // splitmix64
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  auto unit = [&] { // [-1, 1)
    return float(int64_t(next() >> 40) - (int64_t(1) << 23)) /
           float(int64_t(1) << 23);
  };
  int64_t n = array.elementCount();
  switch (array.dataType()) {
  case DataType::Float32:
    for (int64_t i = 0; i < n; ++i)
      array.dataAs<float>()[i] = unit();
    return;
  case DataType::Float16:
    for (int64_t i = 0; i < n; ++i)
      array.dataAs<uint16_t>()[i] = floatToHalf(unit());
    return;
  default: {
    // Small non-negative integers are valid for every integer type and as
    // indices into any non-empty dimension of size 4 or more.
    auto *bytes = static_cast<uint8_t *>(array.data());
    size_t size = array.byteSize();
    std::memset(bytes, 0, size);
    if (array.dataType() == DataType::Int4 ||
        array.dataType() == DataType::Uint4) {
      for (size_t i = 0; i < size; ++i)
        bytes[i] = uint8_t((next() & 3) | (next() & 3) << 4);
      return;
    }
    size_t width = size / std::max<int64_t>(n, 1);
    for (int64_t i = 0; i < n; ++i)
      bytes[i * width] = uint8_t(next() & 3); // little-endian low byte
    return;
  }
  }
}

std::string outputFileName(const std::string &name) {
  // Output names come from the graph; keep them from escaping the folder.
  std::string file;
  for (char c : name)
    file += std::isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.'
                ? c
                : '_';
  if (file.empty() || file == "." || file == "..")
    file = "output" + file;
  return file + ".npy";
}

std::string jsonString(const std::string &text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04x", c);
      out += buf;
    } else {
      out += char(c);
    }
  }
  return out + "\"";
}

void printTop(const TensorInfo &info, const NpyArray &array, int k) {
  int64_t n = array.elementCount();
  std::vector<int64_t> order(size_t(std::max<int64_t>(n, 0)));
  std::iota(order.begin(), order.end(), 0);
  int64_t shown = std::min<int64_t>(k, n);
  // Largest first; NaN sorts last; ties keep the lower index first.
  auto greater = [&](int64_t a, int64_t b) {
    double va = elementAt(array, a), vb = elementAt(array, b);
    bool nanA = std::isnan(va), nanB = std::isnan(vb);
    if (nanA != nanB)
      return nanB;
    if (va != vb && !nanA)
      return va > vb;
    return a < b;
  };
  std::partial_sort(order.begin(), order.begin() + shown, order.end(), greater);
  std::printf("output '%s' %s, top %lld:\n", info.name.c_str(),
              formatTensorType(info.dataType, info.shape).c_str(),
              (long long)shown);
  for (int64_t i = 0; i < shown; ++i)
    std::printf("  [%lld] %.9g\n", (long long)order[i],
                elementAt(array, order[i]));
}

//===----------------------------------------------------------------------===//
// Main
//===----------------------------------------------------------------------===//

int runTool(const Options &opts) {
  Expected<Model> model = Model::load(opts.artifact);
  if (!model)
    return failWith(model.error().message);
  const std::vector<TensorInfo> &inputInfo = model->inputs();

  // Inputs: every graph input from --input, or generated in bench mode.
  std::vector<std::optional<NpyArray>> inputs(inputInfo.size());
  for (const auto &[name, file] : opts.inputs) {
    std::optional<size_t> index = model->findInput(name);
    if (!index) {
      std::string known;
      for (const TensorInfo &info : inputInfo)
        known += (known.empty() ? "'" : ", '") + info.name + "'";
      return failWith(file + ": the graph has no input '" + name +
                      "' (inputs: " + (known.empty() ? "none" : known) + ")");
    }
    if (inputs[*index])
      return failWith("input '" + name + "' is given more than once");
    Expected<NpyArray> array = readNpy(file);
    if (!array)
      return failWith(array.error().message);
    // .npy files hold int4 / uint4 as int8 / uint8, one value each.
    DataType wanted = inputInfo[*index].dataType;
    if (wanted == DataType::Int4 || wanted == DataType::Uint4) {
      array = packFourBit(*array, wanted, file);
      if (!array)
        return failWith(array.error().message);
    }
    if (Status status = model->checkInput(*index, *array, file); !status)
      return failWith(status.error().message);
    inputs[*index] = array.take();
  }
  for (size_t i = 0; i < inputInfo.size(); ++i) {
    if (inputs[i])
      continue;
    const TensorInfo &info = inputInfo[i];
    if (!opts.benchSet)
      return failWith("missing input '" + info.name + "' (" +
                      formatTensorType(info.dataType, info.shape) +
                      "); pass --input " + info.name + "=FILE.npy");
    inputs[i].emplace(info.dataType, info.shape);
    fillDeterministic(*inputs[i], i + 1);
  }

  std::vector<NpyArray> outputs;
  std::vector<void *> outputPtrs;
  for (const TensorInfo &info : model->outputs()) {
    outputs.emplace_back(info.dataType, info.shape);
    outputPtrs.push_back(outputs.back().data());
  }
  std::vector<const void *> inputPtrs;
  for (const std::optional<NpyArray> &array : inputs)
    inputPtrs.push_back(array->data());

  if (opts.threads > 0)
    setNumThreads(opts.threads);
  Expected<Session> session = Session::create(*model);
  if (!session)
    return failWith(session.error().message);

  using Clock = std::chrono::steady_clock;
  auto timedRun = [&](double &ms) {
    Clock::time_point start = Clock::now();
    Status status = session->run(inputPtrs, outputPtrs);
    ms =
        std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    return status;
  };

  if (opts.benchSet) {
    double ms = 0;
    for (int i = 0; i < opts.warmup; ++i)
      if (Status status = timedRun(ms); !status)
        return failWith(status.error().message);
    std::vector<double> times;
    for (int i = 0; i < opts.bench; ++i) {
      if (Status status = timedRun(ms); !status)
        return failWith(status.error().message);
      times.push_back(ms);
    }
    std::vector<double> sorted = times;
    std::sort(sorted.begin(), sorted.end());
    size_t n = sorted.size();
    double median =
        n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    double mean = std::accumulate(times.begin(), times.end(), 0.0) / n;
    std::printf("{\"artifact\":%s,\"runs\":%d,\"warmup\":%d,\"threads\":%d,"
                "\"min_ms\":%.6f,\"median_ms\":%.6f,\"mean_ms\":%.6f,"
                "\"max_ms\":%.6f}\n",
                jsonString(opts.artifact).c_str(), opts.bench, opts.warmup,
                numThreads(), sorted.front(), median, mean, sorted.back());
  } else {
    double ms = 0;
    if (Status status = timedRun(ms); !status)
      return failWith(status.error().message);
    // A single run also creates the session's kernels; say so, and leave
    // steady-state numbers to --bench.
    std::printf("latency: %.3f ms (threads: %d; first run, includes kernel "
                "set-up; --bench measures steady state)\n",
                ms, numThreads());
    for (size_t i = 0; i < outputs.size() && opts.top > 0; ++i)
      printTop(model->outputs()[i], outputs[i], opts.top);
  }

  if (!opts.outputDir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(opts.outputDir, ec);
    if (ec)
      return failWith(opts.outputDir + ": cannot create: " + ec.message());
    for (size_t i = 0; i < outputs.size(); ++i) {
      std::string path = (std::filesystem::path(opts.outputDir) /
                          outputFileName(model->outputs()[i].name))
                             .string();
      DataType type = outputs[i].dataType();
      bool fourBit = type == DataType::Int4 || type == DataType::Uint4;
      if (Status status =
              writeNpy(path, fourBit ? unpackFourBit(outputs[i]) : outputs[i]);
          !status)
        return failWith(status.error().message);
      if (!opts.benchSet)
        std::printf("wrote %s\n", path.c_str());
    }
  }
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  try {
    Options opts;
    bool help = false;
    std::string problem = parseArgs(argc, argv, opts, help);
    if (help) {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (!problem.empty())
      return failWith(problem);
    return runTool(opts);
  } catch (const std::bad_alloc &) {
    return failWith("out of memory");
  } catch (const std::exception &e) {
    return failWith(e.what());
  }
}
