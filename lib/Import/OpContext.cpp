//===- OpContext.cpp - Typed access to one operator call ------------------===//
//
// The accessors of OpContext, shared by every front end that replays its
// calls through the operator table. Failures go through the OperandScope,
// which adds the importer's file and operator context.
//
// Built with exceptions: OperandScope::fail throws.
//
//===----------------------------------------------------------------------===//

#include "Import/WptOpContext.h"

#include <cmath>
#include <limits>

namespace wnn {
namespace wpt {

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

namespace {

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

/// Reads an integer in the int32 range (WebIDL `[EnforceRange] long`).
bool readI32(const Json &value, int32_t &out) {
  double number;
  if (auto *u = value.get_ptr<const Json::number_unsigned_t *>())
    number = double(*u);
  else if (auto *i = value.get_ptr<const Json::number_integer_t *>())
    number = double(*i);
  else if (auto *f = value.get_ptr<const Json::number_float_t *>())
    number = *f;
  else
    return false;
  if (!(number >= std::numeric_limits<int32_t>::min() &&
        number <= std::numeric_limits<int32_t>::max()) ||
      std::trunc(number) != number)
    return false;
  out = int32_t(number);
  return true;
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

} // namespace

//===----------------------------------------------------------------------===//
// OpContext
//===----------------------------------------------------------------------===//

void OpContext::fail(const std::string &message) { scope.fail(message); }

Operand OpContext::check(Expected<Operand> result) {
  if (!result)
    scope.failBuilder(result.error());
  return *result;
}

std::vector<Operand> OpContext::check(Expected<std::vector<Operand>> result) {
  if (!result)
    scope.failBuilder(result.error());
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
  return scope.lookup(value.get_ref<const std::string &>(),
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
        scope.lookup(element.get_ref<const std::string &>(),
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

void OpContext::floatArray(const char *key, std::vector<float> &out) {
  const Json *value = option(key);
  if (!value)
    return;
  if (!value->is_array())
    badOption(key, "an array of numbers");
  out.clear();
  for (const Json &element : *value) {
    double number;
    if (!wpt::readNumber(element, number))
      badOption(key, "an array of numbers");
    out.push_back(float(number));
  }
}

void OpContext::i32(const char *key, int32_t &out) {
  if (const Json *value = option(key)) {
    if (!readI32(*value, out))
      badOption(key, "a 32-bit integer");
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
    out = scope.lookup(value->get_ref<const std::string &>(),
                       "option " + quote(key));
  }
}

void OpContext::checkUnknownOptions() {
  if (!options)
    return;
  for (const auto &item : options->items()) {
    if (!knownOptions.count(item.key()))
      fail("unknown option " + quote(item.key()));
  }
}

const std::unordered_map<std::string, Handler> &handlers() {
  static const std::unordered_map<std::string, Handler> table = makeHandlers();
  return table;
}

} // namespace wpt
} // namespace wnn
