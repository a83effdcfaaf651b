//===- Import/WptOpContext.h - One operator call -----------------*- C++
//-*-===//
//
// The importers' view of one operator call in WPT's conventions: positional
// arguments (operand names, arrays, numbers) and an options dictionary, with
// typed accessors that fail with a message naming the argument. The operator
// table (WptOperators.cpp) is written against this interface alone, so every
// front end that can express its calls this way shares it: the WPT importer
// reads them from the file, the webnn-graph importer converts its nodes.
//
//===----------------------------------------------------------------------===//
#ifndef WNN_IMPORT_WPTOPCONTEXT_H
#define WNN_IMPORT_WPTOPCONTEXT_H

#include "wnn/Builder.h"

#include "Import/WptData.h"

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace wnn {
namespace wpt {

inline std::string quote(const std::string &text) { return "'" + text + "'"; }

/// Describes a JSON value's kind for error messages ("an array", ...).
std::string kindOf(const Json &value);

/// What an operator call needs from the importer running it: operands by
/// name and a way to stop with a message in the importer's context (file,
/// operator). Both failure functions throw and never return.
class OperandScope {
public:
  virtual ~OperandScope() = default;
  [[noreturn]] virtual void fail(const std::string &message) = 0;
  /// Fails with a builder message, without repeating its source prefix.
  [[noreturn]] virtual void failBuilder(const Error &error) = 0;
  /// The operand named `name`; `what` names the argument in the error.
  virtual Operand lookup(const std::string &name, const std::string &what) = 0;
};

/// The arguments of one operator call, with typed accessors that fail with
/// a message naming the argument.
class OpContext {
public:
  OpContext(OperandScope &scope, GraphBuilder &builder,
            std::vector<std::pair<std::string, const Json *>> positional,
            const Json *options)
      : scope(scope), builder(builder), positional(std::move(positional)),
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
  void i32(const char *key, int32_t &out);
  void u32Array(const char *key, std::vector<uint32_t> &out);
  void floatArray(const char *key, std::vector<float> &out);
  void optionalU32Array(const char *key,
                        std::optional<std::vector<uint32_t>> &out);
  void operand(const char *key, std::optional<Operand> &out);
  template <typename Enum>
  void enumeration(const char *key, Enum &out,
                   const std::vector<std::pair<const char *, Enum>> &values);
  template <typename Enum>
  void
  enumerationList(const char *key, std::vector<Enum> &out,
                  const std::vector<std::pair<const char *, Enum>> &values);

  /// The option's JSON value (null if absent), for checks of its own.
  const Json *rawOption(const char *key) { return option(key); }

  /// Fails on option keys that no accessor asked for.
  void checkUnknownOptions();

private:
  const Json *option(const char *key);
  [[noreturn]] void badOption(const char *key, const std::string &expected);
  template <typename Enum>
  Enum enumerator(const char *key, const Json &value,
                  const std::vector<std::pair<const char *, Enum>> &values);

  OperandScope &scope;
  GraphBuilder &builder;
  std::vector<std::pair<std::string, const Json *>> positional;
  const Json *options;
  std::set<std::string> knownOptions;
};

using Handler = std::function<std::vector<Operand>(OpContext &)>;

template <typename Enum>
Enum OpContext::enumerator(
    const char *key, const Json &value,
    const std::vector<std::pair<const char *, Enum>> &values) {
  std::string choices;
  for (const auto &[name, enumerator] : values)
    choices += (choices.empty() ? "" : ", ") + quote(name);
  if (!value.is_string())
    fail("option " + quote(key) + " must hold one of " + choices);
  const std::string &text = value.get_ref<const std::string &>();
  for (const auto &[name, enumerator] : values)
    if (text == name)
      return enumerator;
  fail("option " + quote(key) + " has unknown value " + quote(text) +
       " (expected one of " + choices + ")");
}

template <typename Enum>
void OpContext::enumeration(
    const char *key, Enum &out,
    const std::vector<std::pair<const char *, Enum>> &values) {
  if (const Json *value = option(key))
    out = enumerator(key, *value, values);
}

template <typename Enum>
void OpContext::enumerationList(
    const char *key, std::vector<Enum> &out,
    const std::vector<std::pair<const char *, Enum>> &values) {
  const Json *value = option(key);
  if (!value)
    return;
  if (!value->is_array())
    badOption(key, "an array of strings");
  out.clear();
  for (const Json &element : *value)
    out.push_back(enumerator(key, element, values));
}

/// The operator table: the handler of every MLGraphBuilder method the
/// importers replay, by WebNN name.
std::unordered_map<std::string, Handler> makeHandlers();

/// The table makeHandlers() builds, built once.
const std::unordered_map<std::string, Handler> &handlers();

} // namespace wpt
} // namespace wnn

#endif // WNN_IMPORT_WPTOPCONTEXT_H
