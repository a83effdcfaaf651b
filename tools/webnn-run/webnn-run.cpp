//===- webnn-run.cpp - Run or benchmark a compiled WebNN graph ------------===//
//
//   webnn-run ARTIFACT.so --input NAME=FILE.npy ... [--output-dir DIR]
//                         [--threads T] [--top K] [--profile]
//                         [--compare NAME=FILE.npy ... [--atol A] [--rtol R]
//                          | [--tol-of-max F]]
//   webnn-run ARTIFACT.so --bench N [--warmup W] [--threads T] [--profile]
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
    "  --compare NAME=FILE.npy\n"
    "                         after the run, compare output NAME with the\n"
    "                         .npy (repeat per output): print the largest\n"
    "                         absolute and relative errors; exit 1 if an\n"
    "                         element is off by more than atol + rtol*|ref|\n"
    "  --atol A               absolute tolerance of --compare (default 1e-5)\n"
    "  --rtol R               relative tolerance of --compare (default 1e-4)\n"
    "  --tol-of-max F         instead of atol/rtol: an output passes when its\n"
    "                         largest absolute error is at most F*max|ref|\n"
    "  --profile              print the time per kernel (artifacts compiled\n"
    "                         with webnn-compile --profile); with --bench,\n"
    "                         over the timed runs only\n"
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
  std::vector<std::pair<std::string, std::string>> compares; // name, file
  double atol = 1e-5;
  double rtol = 1e-4;
  std::optional<double> tolOfMax;
  bool tolSet = false; // --atol or --rtol given
  bool profile = false;
};

/// Reports an error the way every failure of this tool ends.
int failWith(const std::string &message) {
  std::fflush(stdout); // what was printed before comes first
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

/// A finite non-negative number, or nothing.
std::optional<double> parseTolerance(const std::string &text) {
  if (text.empty())
    return std::nullopt;
  char *end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (*end != '\0' || !std::isfinite(value) || value < 0)
    return std::nullopt;
  return value;
}

/// Parses NAME=FILE of --input and --compare.
std::optional<std::pair<std::string, std::string>>
parseNameFile(const std::string &value) {
  size_t sep = value.find('=');
  if (sep == std::string::npos || sep == 0 || sep + 1 == value.size())
    return std::nullopt;
  return std::make_pair(value.substr(0, sep), value.substr(sep + 1));
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
    if (arg == "--profile") {
      opts.profile = true;
      continue;
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
    static const char *const kKnown[] = {
        "--input",  "--output-dir", "--threads", "--top",  "--bench",
        "--warmup", "--compare",    "--atol",    "--rtol", "--tol-of-max"};
    if (std::find_if(std::begin(kKnown), std::end(kKnown), [&](const char *k) {
          return arg == k;
        }) == std::end(kKnown))
      return "unknown option '" + arg + "' (see --help)";
    if (!inlineValue) {
      if (i + 1 >= args.size())
        return "option '" + arg + "' needs a value";
      value = args[++i];
    }
    if (arg == "--input" || arg == "--compare") {
      auto nameFile = parseNameFile(value);
      if (!nameFile)
        return arg + " expects NAME=FILE.npy, got '" + value + "'";
      (arg == "--input" ? opts.inputs : opts.compares).push_back(*nameFile);
    } else if (arg == "--atol" || arg == "--rtol" || arg == "--tol-of-max") {
      std::optional<double> tol = parseTolerance(value);
      if (!tol)
        return "option '" + arg +
               "' expects a finite non-negative number, got '" + value + "'";
      if (arg == "--tol-of-max") {
        opts.tolOfMax = *tol;
      } else {
        (arg == "--atol" ? opts.atol : opts.rtol) = *tol;
        opts.tolSet = true;
      }
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
  if (opts.tolOfMax && opts.tolSet)
    return "--tol-of-max replaces --atol and --rtol; give one or the other";
  if ((opts.tolOfMax || opts.tolSet) && opts.compares.empty())
    return "--atol, --rtol and --tol-of-max only apply with --compare";
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
// Comparison with expected outputs
//===----------------------------------------------------------------------===//

/// The type .npy files hold for values of `type` (one int8/uint8 per 4-bit
/// value, as --output-dir writes them).
DataType npyTypeOf(DataType type) {
  if (type == DataType::Int4)
    return DataType::Int8;
  if (type == DataType::Uint4)
    return DataType::Uint8;
  return type;
}

std::string formatIndex(const std::vector<int64_t> &shape, int64_t flat) {
  std::vector<int64_t> index(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    index[d] = shape[d] ? flat % shape[d] : 0;
    flat = shape[d] ? flat / shape[d] : 0;
  }
  std::string text = "[";
  for (size_t d = 0; d < index.size(); ++d)
    text += (d ? "," : "") + std::to_string(index[d]);
  return text + "]";
}

struct Comparison {
  double maxAbs = 0;  // largest |actual - expected|
  double maxRel = 0;  // largest |actual - expected| / |expected|
  double maxRef = 0;  // largest finite |expected|
  int64_t worst = -1; // element of maxAbs
  int64_t beyond = 0; // elements off by more than atol + rtol*|expected|
  int64_t nanMismatches = 0;
};

/// Compares element by element; a NaN matches only a NaN, an infinity only
/// the same infinity.
Comparison compareArrays(const NpyArray &actual, const NpyArray &expected,
                         double atol, double rtol) {
  Comparison c;
  for (int64_t i = 0, n = expected.elementCount(); i < n; ++i) {
    double got = elementAt(actual, i), want = elementAt(expected, i);
    if (std::isnan(got) || std::isnan(want)) {
      if (std::isnan(got) != std::isnan(want)) {
        ++c.nanMismatches;
        ++c.beyond;
        if (c.maxAbs != INFINITY || c.worst < 0)
          c.worst = i;
        c.maxAbs = c.maxRel = INFINITY;
      }
      continue;
    }
    if (std::isfinite(want))
      c.maxRef = std::max(c.maxRef, std::fabs(want));
    double diff = got == want ? 0 : std::fabs(got - want);
    double rel = diff == 0 ? 0 : want != 0 ? diff / std::fabs(want) : INFINITY;
    if (diff > c.maxAbs || c.worst < 0) {
      c.maxAbs = diff;
      c.worst = i;
    }
    c.maxRel = std::max(c.maxRel, rel);
    if (!(diff <= atol + rtol * std::fabs(want)))
      ++c.beyond;
  }
  return c;
}

/// Prints one line per compared output; returns whether it passed.
bool reportComparison(const Options &opts, const TensorInfo &info,
                      const NpyArray &actual, const NpyArray &expected) {
  Comparison c = compareArrays(actual, expected, opts.atol, opts.rtol);
  bool pass;
  char verdict[256];
  if (opts.tolOfMax) {
    double bound = *opts.tolOfMax * c.maxRef;
    pass = c.nanMismatches == 0 && c.maxAbs <= bound;
    std::snprintf(verdict, sizeof(verdict),
                  "%s (max abs %s %g*max|ref| = %.3g)", pass ? "ok" : "FAIL",
                  pass ? "<=" : ">", *opts.tolOfMax, bound);
  } else {
    pass = c.beyond == 0;
    if (pass)
      std::snprintf(verdict, sizeof(verdict), "ok (atol %g, rtol %g)",
                    opts.atol, opts.rtol);
    else
      std::snprintf(verdict, sizeof(verdict),
                    "FAIL (%lld of %lld elements beyond %g + %g*|ref|)",
                    (long long)c.beyond, (long long)expected.elementCount(),
                    opts.atol, opts.rtol);
  }
  std::printf("compare '%s' %s: max abs %.3g, max rel %.3g, max|ref| %.6g",
              info.name.c_str(),
              formatTensorType(info.dataType, info.shape).c_str(), c.maxAbs,
              c.maxRel, c.maxRef);
  if (c.worst >= 0 && c.maxAbs > 0)
    std::printf(", worst %s: %.9g vs %.9g",
                formatIndex(expected.shape(), c.worst).c_str(),
                elementAt(actual, c.worst), elementAt(expected, c.worst));
  std::printf(": %s\n", verdict);
  return pass;
}

//===----------------------------------------------------------------------===//
// Kernel profile
//===----------------------------------------------------------------------===//

/// Prints `profile` minus `before` (the same session earlier), longest
/// total first.
void printProfile(const std::vector<KernelProfile> &profile,
                  const std::vector<KernelProfile> &before, int runs,
                  const char *what) {
  std::map<std::string, std::pair<uint64_t, double>> earlier;
  for (const KernelProfile &entry : before)
    earlier[entry.name] = {entry.calls, entry.milliseconds};
  std::vector<KernelProfile> rows;
  double total = 0;
  for (KernelProfile entry : profile) {
    auto it = earlier.find(entry.name);
    if (it != earlier.end()) {
      entry.calls -= it->second.first;
      entry.milliseconds -= it->second.second;
    }
    if (entry.calls == 0)
      continue;
    total += entry.milliseconds;
    rows.push_back(entry);
  }
  std::sort(rows.begin(), rows.end(),
            [](const KernelProfile &a, const KernelProfile &b) {
              if (a.milliseconds != b.milliseconds)
                return a.milliseconds > b.milliseconds;
              return a.name < b.name;
            });
  std::printf("profile: %zu kernels, %d run%s (%s), %.3f ms per run in "
              "kernels\n",
              rows.size(), runs, runs == 1 ? "" : "s", what,
              runs ? total / runs : 0.0);
  std::printf("%12s %8s %7s %10s  %s\n", "total ms", "calls", "share",
              "ms/call", "kernel (operation labels)");
  for (const KernelProfile &row : rows)
    std::printf("%12.3f %8llu %6.1f%% %10.4f  %s\n", row.milliseconds,
                (unsigned long long)row.calls,
                total > 0 ? 100 * row.milliseconds / total : 0.0,
                row.milliseconds / double(row.calls), row.name.c_str());
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

  // Expected outputs: read and checked before anything runs.
  const std::vector<TensorInfo> &outputInfo = model->outputs();
  std::vector<std::pair<size_t, NpyArray>> expected; // output index, values
  for (const auto &[name, file] : opts.compares) {
    std::optional<size_t> index = model->findOutput(name);
    if (!index) {
      std::string known;
      for (const TensorInfo &info : outputInfo)
        known += (known.empty() ? "'" : ", '") + info.name + "'";
      return failWith(file + ": the graph has no output '" + name +
                      "' (outputs: " + (known.empty() ? "none" : known) + ")");
    }
    Expected<NpyArray> array = readNpy(file);
    if (!array)
      return failWith(array.error().message);
    const TensorInfo &info = outputInfo[*index];
    DataType wanted = npyTypeOf(info.dataType);
    if (array->dataType() != wanted || array->shape() != info.shape)
      return failWith(file + ": output '" + name + "' is " +
                      formatTensorType(wanted, info.shape) +
                      " but the file holds " +
                      formatTensorType(array->dataType(), array->shape()));
    expected.emplace_back(*index, array.take());
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

  std::vector<KernelProfile> profileBefore;
  if (opts.benchSet) {
    double ms = 0;
    for (int i = 0; i < opts.warmup; ++i)
      if (Status status = timedRun(ms); !status)
        return failWith(status.error().message);
    profileBefore = session->profile();
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

  if (opts.profile) {
    std::vector<KernelProfile> profile = session->profile();
    if (profile.empty())
      return failWith(opts.artifact +
                      ": the artifact has no kernel profile; compile the "
                      "graph with 'webnn-compile --profile'");
    printProfile(profile, profileBefore, opts.benchSet ? opts.bench : 1,
                 opts.benchSet ? "timed runs after warm-up"
                               : "first run, includes kernel set-up");
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

  size_t failed = 0;
  for (const auto &[index, want] : expected) {
    DataType type = outputs[index].dataType();
    bool fourBit = type == DataType::Int4 || type == DataType::Uint4;
    if (!reportComparison(
            opts, outputInfo[index],
            fourBit ? unpackFourBit(outputs[index]) : outputs[index], want))
      ++failed;
  }
  if (failed)
    return failWith(std::to_string(failed) + " of " +
                    std::to_string(expected.size()) +
                    " compared outputs beyond the tolerance");
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
