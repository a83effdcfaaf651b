//===- WptJson.cpp - WPT conformance JSON graph importer ------------------===//
//
// Replays the declarative graphs of the WPT WebNN conformance tests through
// wnn::GraphBuilder. The argument conventions follow WPT's utils.js: every key
// of every argument object is one positional argument, in order; `options`
// is the options dictionary; a string naming an operand is that operand; null
// entries (holes in the source array) are skipped.
//
// This file is built with exceptions because nlohmann::json reports errors
// that way. Internally a private exception type carries the first error up
// to importWptGraph, which turns every exception into a wnn::Error; nothing
// escapes the public functions.
//
//===----------------------------------------------------------------------===//

#include "wnn/Import.h"

#include "Import/WptData.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <new>
#include <set>
#include <unordered_map>

namespace wnn {
namespace {

using wpt::Json;

/// Carries a finished error message (with file and operator context) to the
/// top of the importer.
struct ImportFailure {
  std::string message;
};

/// MLGraphBuilder methods that Builder.h does not offer, so that the error
/// says "not supported" rather than "unknown".
const std::set<std::string> &unsupportedWebnnOperators() {
  static const std::set<std::string> names = {
      // Comparison and logical.
      "equal", "notEqual", "greater", "greaterOrEqual", "lesser",
      "lesserOrEqual", "logicalAnd", "logicalNot", "logicalOr", "logicalXor",
      "isInfinite", "isNaN", "where",
      // Element-wise and reductions.
      "roundEven", "sign", "cumulativeSum", "reduceL1", "reduceL2",
      "reduceLogSum", "reduceLogSumExp", "reduceProduct", "reduceSumSquare",
      "argMax", "argMin",
      // Convolution, pooling, resampling, recurrent networks.
      "convTranspose2d", "l2Pool2d", "resample2d", "gru", "gruCell", "lstm",
      "lstmCell",
      // Data movement and quantization.
      "gatherElements", "gatherND", "scatterElements", "scatterND", "reverse",
      "tile", "triangular", "quantizeLinear", "dequantizeLinear"};
  return names;
}

std::string quote(const std::string &text) { return "'" + text + "'"; }

/// Describes a JSON value's kind for error messages.
std::string kindOf(const Json &value) {
  if (value.is_number_float())
    return "a number";
  if (value.is_number())
    return "an integer";
  switch (value.type()) {
  case Json::value_t::null:
    return "null";
  case Json::value_t::boolean:
    return "a boolean";
  case Json::value_t::string:
    return "a string";
  case Json::value_t::array:
    return "an array";
  case Json::value_t::object:
    return "an object";
  default:
    return "a " + std::string(value.type_name());
  }
}

/// Reads a non-negative integer that fits in uint32 (integral floats too).
bool readU32(const Json &value, uint32_t &out) {
  const uint64_t max = std::numeric_limits<uint32_t>::max();
  if (auto *u = value.get_ptr<const Json::number_unsigned_t *>()) {
    if (*u > max)
      return false;
    out = uint32_t(*u);
    return true;
  }
  if (auto *s = value.get_ptr<const Json::number_integer_t *>()) {
    if (*s < 0 || uint64_t(*s) > max)
      return false;
    out = uint32_t(*s);
    return true;
  }
  if (auto *f = value.get_ptr<const Json::number_float_t *>()) {
    if (!(*f >= 0 && *f <= double(max)) || std::trunc(*f) != *f)
      return false;
    out = uint32_t(*f);
    return true;
  }
  return false;
}

bool readU32Array(const Json &value, std::vector<uint32_t> &out) {
  if (!value.is_array())
    return false;
  out.clear();
  out.reserve(value.size());
  for (const Json &element : value) {
    uint32_t number;
    if (!readU32(element, number))
      return false;
    out.push_back(number);
  }
  return true;
}

/// Strips "source: " from a builder message so the importer can put its own
/// context (file and operator) in front exactly once.
std::string stripSource(const std::string &message, const std::string &source) {
  std::string prefix = source + ": ";
  if (!source.empty() && message.compare(0, prefix.size(), prefix) == 0)
    return message.substr(prefix.size());
  return message;
}

class Importer;

/// The arguments of one operator call, with typed accessors that fail with
/// a message naming the argument.
class OpContext {
public:
  OpContext(Importer &importer, GraphBuilder &builder,
            std::vector<std::pair<std::string, const Json *>> positional,
            const Json *options)
      : importer(importer), builder(builder), positional(std::move(positional)),
        options(options) {}

  GraphBuilder &b() { return builder; }

  [[noreturn]] void fail(const std::string &message);
  /// Unwraps a builder result or fails with the builder's message.
  Operand check(Expected<Operand> result);
  std::vector<Operand> check(Expected<std::vector<Operand>> result);

  /// Requires between `min` and `max` positional arguments.
  void expectArguments(size_t min, size_t max);
  size_t argumentCount() const { return positional.size(); }

  Operand operand(size_t index);
  std::vector<Operand> operandList(size_t index);
  uint32_t u32(size_t index);
  std::vector<uint32_t> u32Array(size_t index);
  const std::string &string(size_t index);
  const Json &raw(size_t index) { return *positional[index].second; }
  [[noreturn]] void badArgument(size_t index, const std::string &expected);

  // Options. Each accessor marks its key as known; absent or null keys leave
  // the default untouched.
  void label(OperatorOptions &out);
  void number(const char *key, Number &out);
  void optionalNumber(const char *key, std::optional<Number> &out);
  void boolean(const char *key, bool &out);
  void u32(const char *key, uint32_t &out);
  void u32Array(const char *key, std::vector<uint32_t> &out);
  void optionalU32Array(const char *key,
                        std::optional<std::vector<uint32_t>> &out);
  void operand(const char *key, std::optional<Operand> &out);
  template <typename Enum>
  void enumeration(const char *key, Enum &out,
                   const std::vector<std::pair<const char *, Enum>> &values);

  /// The option's JSON value (null if absent), for checks of its own.
  const Json *rawOption(const char *key) { return option(key); }

  /// Fails on option keys that no accessor asked for.
  void checkUnknownOptions();

private:
  const Json *option(const char *key);
  [[noreturn]] void badOption(const char *key, const std::string &expected);

  Importer &importer;
  GraphBuilder &builder;
  std::vector<std::pair<std::string, const Json *>> positional;
  const Json *options;
  std::set<std::string> knownOptions;
};

using Handler = std::function<std::vector<Operand>(OpContext &)>;

class Importer {
public:
  explicit Importer(const std::string &source)
      : source(source), builder(source) {}

  Expected<Graph> run(const std::string &text);

  [[noreturn]] void fail(const std::string &message) {
    throw ImportFailure{source + ": " + context + message};
  }
  [[noreturn]] void failBuilder(const Error &error) {
    throw ImportFailure{source + ": " + context +
                        stripSource(error.message, source)};
  }
  Operand lookup(const std::string &name, const std::string &what);

private:
  const Json &selectGraph(const Json &document);
  void importInputs(const Json &graph);
  void importOperator(size_t index, const Json &op);
  std::vector<std::pair<std::string, Operand>> graphOutputs(const Json &graph);
  void define(const std::string &name, Operand operand);
  const Json &member(const Json &object, const char *key, const char *what);

  std::string source;
  GraphBuilder builder;
  /// Prefix for messages: the input or operator being imported.
  std::string context;
  std::unordered_map<std::string, Operand> operands;
};

const std::unordered_map<std::string, Handler> &handlers();

//===----------------------------------------------------------------------===//
// OpContext
//===----------------------------------------------------------------------===//

void OpContext::fail(const std::string &message) { importer.fail(message); }

Operand OpContext::check(Expected<Operand> result) {
  if (!result)
    importer.failBuilder(result.error());
  return *result;
}

std::vector<Operand> OpContext::check(Expected<std::vector<Operand>> result) {
  if (!result)
    importer.failBuilder(result.error());
  return result.take();
}

void OpContext::expectArguments(size_t min, size_t max) {
  size_t count = positional.size();
  if (count >= min && count <= max)
    return;
  std::string expected = std::to_string(min);
  if (max != min)
    expected += " to " + std::to_string(max);
  fail("expects " + expected + " positional argument" + (max == 1 ? "" : "s") +
       " (besides options), got " + std::to_string(count));
}

void OpContext::badArgument(size_t index, const std::string &expected) {
  fail("argument " + quote(positional[index].first) + " must be " + expected +
       ", got " + kindOf(*positional[index].second));
}

Operand OpContext::operand(size_t index) {
  const Json &value = raw(index);
  if (!value.is_string())
    badArgument(index, "the name of an operand");
  return importer.lookup(value.get_ref<const std::string &>(),
                         "argument " + quote(positional[index].first));
}

std::vector<Operand> OpContext::operandList(size_t index) {
  const Json &value = raw(index);
  if (!value.is_array())
    badArgument(index, "an array of operand names");
  std::vector<Operand> result;
  for (const Json &element : value) {
    if (!element.is_string())
      badArgument(index, "an array of operand names");
    result.push_back(
        importer.lookup(element.get_ref<const std::string &>(),
                        "argument " + quote(positional[index].first)));
  }
  return result;
}

uint32_t OpContext::u32(size_t index) {
  uint32_t result;
  if (!readU32(raw(index), result))
    badArgument(index, "a non-negative 32-bit integer");
  return result;
}

std::vector<uint32_t> OpContext::u32Array(size_t index) {
  std::vector<uint32_t> result;
  if (!readU32Array(raw(index), result))
    badArgument(index, "an array of non-negative 32-bit integers");
  return result;
}

const std::string &OpContext::string(size_t index) {
  const Json &value = raw(index);
  if (!value.is_string())
    badArgument(index, "a string");
  return value.get_ref<const std::string &>();
}

const Json *OpContext::option(const char *key) {
  knownOptions.insert(key);
  if (!options)
    return nullptr;
  auto it = options->find(key);
  if (it == options->end() || it->is_null())
    return nullptr;
  return &*it;
}

void OpContext::badOption(const char *key, const std::string &expected) {
  fail("option " + quote(key) + " must be " + expected + ", got " +
       kindOf(*option(key)));
}

void OpContext::label(OperatorOptions &out) {
  if (const Json *value = option("label")) {
    if (!value->is_string())
      badOption("label", "a string");
    out.label = value->get_ref<const std::string &>();
  }
}

void OpContext::number(const char *key, Number &out) {
  if (const Json *value = option(key)) {
    if (!wpt::readNumber(*value, out))
      badOption(key, "a number");
  }
}

void OpContext::optionalNumber(const char *key, std::optional<Number> &out) {
  if (const Json *value = option(key)) {
    Number number;
    if (!wpt::readNumber(*value, number))
      badOption(key, "a number");
    out = number;
  }
}

void OpContext::boolean(const char *key, bool &out) {
  if (const Json *value = option(key)) {
    if (!value->is_boolean())
      badOption(key, "a boolean");
    out = value->get<bool>();
  }
}

void OpContext::u32(const char *key, uint32_t &out) {
  if (const Json *value = option(key)) {
    if (!readU32(*value, out))
      badOption(key, "a non-negative 32-bit integer");
  }
}

void OpContext::u32Array(const char *key, std::vector<uint32_t> &out) {
  if (const Json *value = option(key)) {
    if (!readU32Array(*value, out))
      badOption(key, "an array of non-negative 32-bit integers");
  }
}

void OpContext::optionalU32Array(const char *key,
                                 std::optional<std::vector<uint32_t>> &out) {
  if (const Json *value = option(key)) {
    std::vector<uint32_t> values;
    if (!readU32Array(*value, values))
      badOption(key, "an array of non-negative 32-bit integers");
    out = std::move(values);
  }
}

void OpContext::operand(const char *key, std::optional<Operand> &out) {
  if (const Json *value = option(key)) {
    if (!value->is_string())
      badOption(key, "the name of an operand");
    out = importer.lookup(value->get_ref<const std::string &>(),
                          "option " + quote(key));
  }
}

template <typename Enum>
void OpContext::enumeration(
    const char *key, Enum &out,
    const std::vector<std::pair<const char *, Enum>> &values) {
  const Json *value = option(key);
  if (!value)
    return;
  std::string choices;
  for (const auto &[name, enumerator] : values)
    choices += (choices.empty() ? "" : ", ") + quote(name);
  if (!value->is_string())
    badOption(key, "one of " + choices);
  const std::string &text = value->get_ref<const std::string &>();
  for (const auto &[name, enumerator] : values) {
    if (text == name) {
      out = enumerator;
      return;
    }
  }
  fail("option " + quote(key) + " has unknown value " + quote(text) +
       " (expected one of " + choices + ")");
}

void OpContext::checkUnknownOptions() {
  if (!options)
    return;
  for (const auto &item : options->items()) {
    if (!knownOptions.count(item.key()))
      fail("unknown option " + quote(item.key()));
  }
}

//===----------------------------------------------------------------------===//
// Operator table
//===----------------------------------------------------------------------===//

using UnaryFn = Expected<Operand> (GraphBuilder::*)(Operand,
                                                    const OperatorOptions &);
using BinaryFn = Expected<Operand> (GraphBuilder::*)(Operand, Operand,
                                                     const OperatorOptions &);
using ReduceFn = Expected<Operand> (GraphBuilder::*)(Operand,
                                                     const ReduceOptions &);
using ArgFn = Expected<Operand> (GraphBuilder::*)(Operand, uint32_t,
                                                  const ArgMinMaxOptions &);
using PoolFn = Expected<Operand> (GraphBuilder::*)(Operand,
                                                   const Pool2dOptions &);

const std::vector<std::pair<const char *, InputOperandLayout>> kInputLayouts = {
    {"nchw", InputOperandLayout::Nchw}, {"nhwc", InputOperandLayout::Nhwc}};

Handler unary(UnaryFn fn) {
  return [fn](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(1, 1);
    OperatorOptions o;
    c.label(o);
    Operand x = c.operand(0);
    return {c.check((c.b().*fn)(x, o))};
  };
}

Handler binary(BinaryFn fn) {
  return [fn](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(2, 2);
    OperatorOptions o;
    c.label(o);
    Operand a = c.operand(0);
    Operand b = c.operand(1);
    return {c.check((c.b().*fn)(a, b, o))};
  };
}

Handler reduce(ReduceFn fn) {
  return [fn](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(1, 1);
    ReduceOptions o;
    c.label(o);
    c.optionalU32Array("axes", o.axes);
    c.boolean("keepDimensions", o.keepDimensions);
    Operand x = c.operand(0);
    return {c.check((c.b().*fn)(x, o))};
  };
}

Handler pool(PoolFn fn) {
  return [fn](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(1, 1);
    Pool2dOptions o;
    c.label(o);
    c.u32Array("windowDimensions", o.windowDimensions);
    c.u32Array("padding", o.padding);
    c.u32Array("strides", o.strides);
    c.u32Array("dilations", o.dilations);
    c.enumeration("layout", o.layout, kInputLayouts);
    c.enumeration(
        "roundingType", o.roundingType,
        {{"floor", RoundingType::Floor}, {"ceil", RoundingType::Ceil}});
    c.u32Array("outputSizes", o.outputSizes);
    Operand x = c.operand(0);
    return {c.check((c.b().*fn)(x, o))};
  };
}

/// Operators that take one operand and an options dictionary of their own.
template <typename Options>
Handler unaryWith(Expected<Operand> (GraphBuilder::*fn)(Operand,
                                                        const Options &),
                  std::function<void(OpContext &, Options &)> readOptions) {
  return [fn, readOptions](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(1, 1);
    Options o;
    c.label(o);
    readOptions(c, o);
    Operand x = c.operand(0);
    return {c.check((c.b().*fn)(x, o))};
  };
}

/// reshape and expand: an operand and a new shape.
Handler newShape(Expected<Operand> (GraphBuilder::*fn)(
    Operand, const std::vector<uint32_t> &, const OperatorOptions &)) {
  return [fn](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(2, 2);
    OperatorOptions o;
    c.label(o);
    Operand x = c.operand(0);
    std::vector<uint32_t> shape = c.u32Array(1);
    return {c.check((c.b().*fn)(x, shape, o))};
  };
}

std::unordered_map<std::string, Handler> makeHandlers() {
  using G = GraphBuilder;
  std::unordered_map<std::string, Handler> h;

  for (auto [name, fn] : std::vector<std::pair<const char *, BinaryFn>>{
           {"add", &G::add},
           {"sub", &G::sub},
           {"mul", &G::mul},
           {"div", &G::div},
           {"max", &G::max},
           {"min", &G::min},
           {"pow", &G::pow},
           {"matmul", &G::matmul},
           {"prelu", &G::prelu},
           {"equal", &G::equal},
           {"notEqual", &G::notEqual},
           {"greater", &G::greater},
           {"greaterOrEqual", &G::greaterOrEqual},
           {"lesser", &G::lesser},
           {"lesserOrEqual", &G::lesserOrEqual},
           {"logicalAnd", &G::logicalAnd},
           {"logicalOr", &G::logicalOr},
           {"logicalXor", &G::logicalXor}})
    h[name] = binary(fn);

  for (auto [name, fn] : std::vector<std::pair<const char *, UnaryFn>>{
           {"abs", &G::abs},
           {"ceil", &G::ceil},
           {"cos", &G::cos},
           {"erf", &G::erf},
           {"exp", &G::exp},
           {"floor", &G::floor},
           {"identity", &G::identity},
           {"log", &G::log},
           {"neg", &G::neg},
           {"reciprocal", &G::reciprocal},
           {"sin", &G::sin},
           {"sqrt", &G::sqrt},
           {"tan", &G::tan},
           {"relu", &G::relu},
           {"sigmoid", &G::sigmoid},
           {"tanh", &G::tanh},
           {"gelu", &G::gelu},
           {"hardSwish", &G::hardSwish},
           {"softplus", &G::softplus},
           {"softsign", &G::softsign},
           {"sign", &G::sign},
           {"roundEven", &G::roundEven},
           {"logicalNot", &G::logicalNot},
           {"isNaN", &G::isNaN},
           {"isInfinite", &G::isInfinite}})
    h[name] = unary(fn);

  h["where"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(3, 3);
    OperatorOptions o;
    c.label(o);
    Operand condition = c.operand(0);
    Operand trueValue = c.operand(1);
    Operand falseValue = c.operand(2);
    return {c.check(c.b().where(condition, trueValue, falseValue, o))};
  };

  for (auto [name, fn] : std::vector<std::pair<const char *, ReduceFn>>{
           {"reduceMax", &G::reduceMax},
           {"reduceMean", &G::reduceMean},
           {"reduceMin", &G::reduceMin},
           {"reduceSum", &G::reduceSum},
           {"reduceL1", &G::reduceL1},
           {"reduceL2", &G::reduceL2},
           {"reduceLogSum", &G::reduceLogSum},
           {"reduceLogSumExp", &G::reduceLogSumExp},
           {"reduceProduct", &G::reduceProduct},
           {"reduceSumSquare", &G::reduceSumSquare}})
    h[name] = reduce(fn);

  h["averagePool2d"] = pool(&G::averagePool2d);
  h["maxPool2d"] = pool(&G::maxPool2d);

  for (auto [name, fn] : std::vector<std::pair<const char *, ArgFn>>{
           {"argMin", &G::argMin}, {"argMax", &G::argMax}})
    h[name] = [fn = fn](OpContext &c) -> std::vector<Operand> {
      c.expectArguments(2, 2);
      ArgMinMaxOptions o;
      c.label(o);
      c.boolean("keepDimensions", o.keepDimensions);
      c.enumeration("outputDataType", o.outputDataType,
                    {{"int32", DataType::Int32}, {"int64", DataType::Int64}});
      Operand x = c.operand(0);
      uint32_t axis = c.u32(1);
      return {c.check((c.b().*fn)(x, axis, o))};
    };

  h["cast"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(2, 2);
    OperatorOptions o;
    c.label(o);
    Operand x = c.operand(0);
    const std::string &typeName = c.string(1);
    std::optional<DataType> type = parseDataType(typeName);
    if (!type)
      c.fail("unknown data type " + quote(typeName));
    return {c.check(c.b().cast(x, *type, o))};
  };

  h["clamp"] =
      unaryWith<ClampOptions>(&G::clamp, [](OpContext &c, ClampOptions &o) {
        c.optionalNumber("minValue", o.minValue);
        c.optionalNumber("maxValue", o.maxValue);
      });
  h["leakyRelu"] = unaryWith<LeakyReluOptions>(
      &G::leakyRelu,
      [](OpContext &c, LeakyReluOptions &o) { c.number("alpha", o.alpha); });
  h["elu"] = unaryWith<EluOptions>(
      &G::elu, [](OpContext &c, EluOptions &o) { c.number("alpha", o.alpha); });
  h["hardSigmoid"] = unaryWith<HardSigmoidOptions>(
      &G::hardSigmoid, [](OpContext &c, HardSigmoidOptions &o) {
        c.number("alpha", o.alpha);
        c.number("beta", o.beta);
      });
  h["linear"] =
      unaryWith<LinearOptions>(&G::linear, [](OpContext &c, LinearOptions &o) {
        c.number("alpha", o.alpha);
        c.number("beta", o.beta);
      });
  h["instanceNormalization"] = unaryWith<InstanceNormalizationOptions>(
      &G::instanceNormalization,
      [](OpContext &c, InstanceNormalizationOptions &o) {
        c.operand("scale", o.scale);
        c.operand("bias", o.bias);
        c.number("epsilon", o.epsilon);
        c.enumeration("layout", o.layout, kInputLayouts);
      });
  h["layerNormalization"] = unaryWith<LayerNormalizationOptions>(
      &G::layerNormalization, [](OpContext &c, LayerNormalizationOptions &o) {
        c.operand("scale", o.scale);
        c.operand("bias", o.bias);
        c.optionalU32Array("axes", o.axes);
        c.number("epsilon", o.epsilon);
      });
  h["transpose"] = unaryWith<TransposeOptions>(
      &G::transpose, [](OpContext &c, TransposeOptions &o) {
        c.optionalU32Array("permutation", o.permutation);
      });

  h["softmax"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(1, 2);
    OperatorOptions o;
    c.label(o);
    Operand x = c.operand(0);
    std::optional<uint32_t> axis;
    if (c.argumentCount() == 2)
      axis = c.u32(1);
    return {c.check(c.b().softmax(x, axis, o))};
  };

  h["conv2d"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(2, 2);
    Conv2dOptions o;
    c.label(o);
    c.u32Array("padding", o.padding);
    c.u32Array("strides", o.strides);
    c.u32Array("dilations", o.dilations);
    c.u32("groups", o.groups);
    c.enumeration("inputLayout", o.inputLayout, kInputLayouts);
    c.enumeration("filterLayout", o.filterLayout,
                  {{"oihw", Conv2dFilterOperandLayout::Oihw},
                   {"hwio", Conv2dFilterOperandLayout::Hwio},
                   {"ohwi", Conv2dFilterOperandLayout::Ohwi},
                   {"ihwo", Conv2dFilterOperandLayout::Ihwo}});
    c.operand("bias", o.bias);
    Operand input = c.operand(0);
    Operand filter = c.operand(1);
    return {c.check(c.b().conv2d(input, filter, o))};
  };

  h["batchNormalization"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(3, 3);
    BatchNormalizationOptions o;
    c.label(o);
    c.operand("scale", o.scale);
    c.operand("bias", o.bias);
    c.u32("axis", o.axis);
    c.number("epsilon", o.epsilon);
    Operand input = c.operand(0);
    Operand mean = c.operand(1);
    Operand variance = c.operand(2);
    return {c.check(c.b().batchNormalization(input, mean, variance, o))};
  };

  h["gemm"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(2, 2);
    GemmOptions o;
    c.label(o);
    c.operand("c", o.c);
    c.number("alpha", o.alpha);
    c.number("beta", o.beta);
    c.boolean("aTranspose", o.aTranspose);
    c.boolean("bTranspose", o.bTranspose);
    Operand a = c.operand(0);
    Operand b = c.operand(1);
    return {c.check(c.b().gemm(a, b, o))};
  };

  h["reshape"] = newShape(&G::reshape);
  h["expand"] = newShape(&G::expand);

  h["concat"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(2, 2);
    OperatorOptions o;
    c.label(o);
    std::vector<Operand> inputs = c.operandList(0);
    uint32_t axis = c.u32(1);
    return {c.check(c.b().concat(inputs, axis, o))};
  };

  h["slice"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(3, 3);
    SliceOptions o;
    c.label(o);
    c.u32Array("strides", o.strides);
    Operand x = c.operand(0);
    std::vector<uint32_t> starts = c.u32Array(1);
    std::vector<uint32_t> sizes = c.u32Array(2);
    return {c.check(c.b().slice(x, starts, sizes, o))};
  };

  h["split"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(2, 2);
    SplitOptions o;
    c.label(o);
    c.u32("axis", o.axis);
    Operand x = c.operand(0);
    // `splits` is either a part count or the list of part sizes.
    if (c.raw(1).is_array())
      return c.check(c.b().split(x, c.u32Array(1), o));
    if (!c.raw(1).is_number())
      c.badArgument(1, "a number or an array of non-negative integers");
    return c.check(c.b().split(x, c.u32(1), o));
  };

  h["pad"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(3, 3);
    PadOptions o;
    c.label(o);
    c.enumeration("mode", o.mode,
                  {{"constant", PaddingMode::Constant},
                   {"edge", PaddingMode::Edge},
                   {"reflection", PaddingMode::Reflection},
                   {"symmetric", PaddingMode::Symmetric}});
    c.number("value", o.value);
    Operand x = c.operand(0);
    std::vector<uint32_t> beginning = c.u32Array(1);
    std::vector<uint32_t> ending = c.u32Array(2);
    return {c.check(c.b().pad(x, beginning, ending, o))};
  };

  h["gather"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(2, 2);
    GatherOptions o;
    c.label(o);
    c.u32("axis", o.axis);
    Operand input = c.operand(0);
    Operand indices = c.operand(1);
    return {c.check(c.b().gather(input, indices, o))};
  };

  return h;
}

const std::unordered_map<std::string, Handler> &handlers() {
  static const std::unordered_map<std::string, Handler> table = makeHandlers();
  return table;
}

//===----------------------------------------------------------------------===//
// Importer
//===----------------------------------------------------------------------===//

const Json &Importer::member(const Json &object, const char *key,
                             const char *what) {
  auto it = object.find(key);
  if (it == object.end())
    fail(what ? std::string(what) + " has no " + quote(key)
              : "missing " + quote(key));
  return *it;
}

Operand Importer::lookup(const std::string &name, const std::string &what) {
  auto it = operands.find(name);
  if (it == operands.end())
    fail(what + ": unknown operand " + quote(name));
  return it->second;
}

void Importer::define(const std::string &name, Operand operand) {
  if (name.empty())
    fail("operand names must not be empty");
  if (!operands.emplace(name, operand).second)
    fail("operand " + quote(name) + " is defined twice");
}

const Json &Importer::selectGraph(const Json &document) {
  if (!document.is_object())
    fail("the document must be a JSON object, got " + kindOf(document));
  const Json *root = &document;
  // A corpus file: accept it when it holds exactly one test.
  auto tests = document.find("tests");
  if (tests != document.end() && document.find("graph") == document.end() &&
      document.find("operators") == document.end()) {
    if (!tests->is_array())
      fail("'tests' must be an array, got " + kindOf(*tests));
    if (tests->size() != 1)
      fail("the file holds " + std::to_string(tests->size()) +
           " tests; import one test at a time");
    root = &(*tests)[0];
    if (!root->is_object())
      fail("the test must be a JSON object, got " + kindOf(*root));
  }
  auto graph = root->find("graph");
  if (graph != root->end()) {
    if (!graph->is_object())
      fail("'graph' must be an object, got " + kindOf(*graph));
    return *graph;
  }
  return *root;
}

void Importer::importInputs(const Json &graph) {
  const Json &inputs = member(graph, "inputs", "the graph");
  if (!inputs.is_object())
    fail("'inputs' must be an object keyed by operand name, got " +
         kindOf(inputs));
  for (const auto &item : inputs.items()) {
    const std::string &name = item.key();
    const Json &input = item.value();
    context = "input " + quote(name) + ": ";
    if (!input.is_object())
      fail("must be an object with 'descriptor' and 'data', got " +
           kindOf(input));
    OperandDescriptor desc;
    std::string why;
    if (!wpt::parseDescriptor(member(input, "descriptor", nullptr), desc, why))
      fail(why);
    bool isConstant = false;
    auto constant = input.find("constant");
    if (constant != input.end()) {
      if (!constant->is_boolean())
        fail("'constant' must be a boolean, got " + kindOf(*constant));
      isConstant = constant->get<bool>();
    }
    std::vector<uint8_t> bytes;
    if (isConstant) {
      int64_t count = 0;
      wpt::elementCount(desc.shape, count); // checked by parseDescriptor
      if (!wpt::encodeData(member(input, "data", nullptr), desc.dataType, count,
                           bytes, why))
        fail(why);
    }
    // The builder's messages name the input or constant themselves.
    context.clear();
    OperatorOptions options;
    options.label = name;
    Expected<Operand> operand =
        isConstant ? builder.constant(desc, bytes.data(), bytes.size(), options)
                   : builder.input(name, desc);
    if (!operand)
      failBuilder(operand.error());
    define(name, *operand);
  }
  context.clear();
}

void Importer::importOperator(size_t index, const Json &op) {
  context = "operator #" + std::to_string(index) + ": ";
  if (!op.is_object())
    fail("must be an object with 'name', 'arguments' and 'outputs', got " +
         kindOf(op));
  const Json &nameJson = member(op, "name", nullptr);
  if (!nameJson.is_string())
    fail("'name' must be a string, got " + kindOf(nameJson));
  const std::string &name = nameJson.get_ref<const std::string &>();
  auto handler = handlers().find(name);
  if (handler == handlers().end()) {
    if (unsupportedWebnnOperators().count(name))
      fail("operator " + quote(name) + " is not supported");
    fail("unknown WebNN operator " + quote(name));
  }
  context = "operator #" + std::to_string(index) + " " + quote(name) + ": ";

  // Flatten the argument objects into positional arguments and options.
  std::vector<std::pair<std::string, const Json *>> positional;
  const Json *options = nullptr;
  const Json &arguments = member(op, "arguments", nullptr);
  if (!arguments.is_array())
    fail("'arguments' must be an array, got " + kindOf(arguments));
  for (const Json &argument : arguments) {
    if (argument.is_null())
      continue; // a hole in the source array; utils.js skips it
    if (!argument.is_object())
      fail("each argument must be an object, got " + kindOf(argument));
    for (const auto &item : argument.items()) {
      if (options)
        fail("'options' must be the last argument");
      if (item.key() == "options") {
        if (!item.value().is_object())
          fail("'options' must be an object, got " + kindOf(item.value()));
        options = &item.value();
      } else {
        positional.emplace_back(item.key(), &item.value());
      }
    }
  }
  // Name the label in every later message about this operator.
  if (options) {
    auto label = options->find("label");
    if (label != options->end() && label->is_string() &&
        !label->get_ref<const std::string &>().empty())
      context = "operator #" + std::to_string(index) + " " + quote(name) +
                " (label " + quote(label->get_ref<const std::string &>()) +
                "): ";
  }

  OpContext call(*this, builder, std::move(positional), options);
  std::vector<Operand> results = handler->second(call);
  call.checkUnknownOptions();

  const Json &outputs = member(op, "outputs", nullptr);
  std::vector<std::string> names;
  if (outputs.is_string()) {
    names.push_back(outputs.get_ref<const std::string &>());
  } else if (outputs.is_array()) {
    for (const Json &output : outputs) {
      if (!output.is_string())
        fail("'outputs' must be a string or an array of strings");
      names.push_back(output.get_ref<const std::string &>());
    }
  } else {
    fail("'outputs' must be a string or an array of strings, got " +
         kindOf(outputs));
  }
  if (names.size() != results.size())
    fail("produces " + std::to_string(results.size()) + " output" +
         (results.size() == 1 ? "" : "s") + " but 'outputs' names " +
         std::to_string(names.size()));
  for (size_t i = 0; i < names.size(); ++i)
    define(names[i], results[i]);
  context.clear();
}

std::vector<std::pair<std::string, Operand>>
Importer::graphOutputs(const Json &graph) {
  std::vector<std::pair<std::string, Operand>> outputs;
  auto expected = graph.find("expectedOutputs");
  if (expected != graph.end()) {
    if (!expected->is_object())
      fail("'expectedOutputs' must be an object keyed by operand name, got " +
           kindOf(*expected));
    for (const auto &item : expected->items())
      outputs.emplace_back(item.key(), lookup(item.key(), "expectedOutputs"));
    return outputs;
  }
  auto names = graph.find("outputs");
  if (names == graph.end())
    fail("the graph has neither 'expectedOutputs' nor 'outputs'");
  if (!names->is_array())
    fail("'outputs' must be an array of operand names, got " + kindOf(*names));
  for (const Json &name : *names) {
    if (!name.is_string())
      fail("'outputs' must be an array of operand names");
    const std::string &text = name.get_ref<const std::string &>();
    outputs.emplace_back(text, lookup(text, "outputs"));
  }
  return outputs;
}

/// Rewrites nlohmann's parse error text ("[json.exception.parse_error.101]
/// parse error at line 1, column 5: syntax error ...") into our own wording.
std::string describeParseError(const nlohmann::json::parse_error &error) {
  std::string text = error.what();
  std::string where;
  std::string detail = text;
  size_t at = text.find("parse error at ");
  if (at != std::string::npos) {
    size_t colon = text.find(": ", at);
    if (colon != std::string::npos) {
      where = text.substr(at + 15, colon - (at + 15));
      detail = text.substr(colon + 2);
    }
  }
  // nlohmann counts bytes from 1; report the 0-based offset of the byte
  // that broke the parse.
  size_t offset = error.byte > 0 ? error.byte - 1 : 0;
  std::string message =
      "malformed JSON at byte offset " + std::to_string(offset);
  if (!where.empty())
    message += " (" + where + ")";
  return message + ": " + detail;
}

Expected<Graph> Importer::run(const std::string &text) {
  Json root;
  try {
    root = Json::parse(text);
  } catch (const nlohmann::json::parse_error &error) {
    return Error{source + ": " + describeParseError(error)};
  }
  const Json &graph = selectGraph(root);
  importInputs(graph);
  const Json &operators = member(graph, "operators", "the graph");
  if (!operators.is_array())
    fail("'operators' must be an array, got " + kindOf(operators));
  for (size_t i = 0; i < operators.size(); ++i)
    importOperator(i, operators[i]);
  std::vector<std::pair<std::string, Operand>> outputs = graphOutputs(graph);
  if (outputs.empty())
    fail("the graph has no outputs");
  Expected<Graph> built = builder.build(outputs);
  if (!built)
    failBuilder(built.error());
  return built;
}

} // namespace

Expected<Graph> importWptGraph(const std::string &jsonText,
                               const std::string &sourceName) {
  std::string source = sourceName.empty() ? "<wpt>" : sourceName;
  try {
    Importer importer(source);
    return importer.run(jsonText);
  } catch (const ImportFailure &failure) {
    return Error{failure.message};
  } catch (const nlohmann::json::exception &error) {
    return Error{source + ": invalid JSON document: " + error.what()};
  } catch (const std::bad_alloc &) {
    return Error{source + ": out of memory while importing"};
  } catch (const std::exception &error) {
    return Error{source + ": " + error.what()};
  } catch (...) {
    return Error{source + ": unexpected failure while importing"};
  }
}

Expected<Graph> importWptGraphFile(const std::string &path) {
  Expected<std::string> text = readFile(path);
  if (!text)
    return text.error();
  return importWptGraph(*text, path);
}

Expected<std::string> readFile(const std::string &path) {
  std::FILE *file = std::fopen(path.c_str(), "rb");
  if (!file)
    return Error{path + ": cannot open file: " + std::strerror(errno)};
  std::string contents;
  bool failed = false;
  try {
    char buffer[1 << 16];
    size_t read;
    while ((read = std::fread(buffer, 1, sizeof(buffer), file)) > 0)
      contents.append(buffer, read);
    failed = std::ferror(file);
  } catch (const std::exception &) {
    std::fclose(file);
    return Error{path + ": file too large to read"};
  }
  std::fclose(file);
  if (failed)
    return Error{path + ": cannot read file"};
  return contents;
}

} // namespace wnn
