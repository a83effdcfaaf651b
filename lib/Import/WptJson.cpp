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
#include "Import/WptOpContext.h"

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
namespace wpt {
namespace {

/// Carries a finished error message (with file and operator context) to the
/// top of the importer.
struct ImportFailure {
  std::string message;
};

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

/// Strips "source: " from a builder message so the importer can put its own
/// context (file and operator) in front exactly once.
std::string stripSource(const std::string &message, const std::string &source) {
  std::string prefix = source + ": ";
  if (!source.empty() && message.compare(0, prefix.size(), prefix) == 0)
    return message.substr(prefix.size());
  return message;
}

} // namespace

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
    out = importer.lookup(value->get_ref<const std::string &>(),
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

} // namespace wpt

Expected<Graph> importWptGraph(const std::string &jsonText,
                               const std::string &sourceName) {
  std::string source = sourceName.empty() ? "<wpt>" : sourceName;
  try {
    wpt::Importer importer(source);
    return importer.run(jsonText);
  } catch (const wpt::ImportFailure &failure) {
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
