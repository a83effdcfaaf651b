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

#include "Import/ImportMessages.h"
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

} // namespace

class Importer : public OperandScope {
public:
  explicit Importer(const std::string &source)
      : source(source), builder(source) {}

  Expected<Graph> run(const std::string &text);

  [[noreturn]] void fail(const std::string &message) override {
    throw ImportFailure{source + ": " + context + message};
  }
  [[noreturn]] void failBuilder(const Error &error) override {
    throw ImportFailure{source + ": " + context +
                        stripSource(error.message, source)};
  }
  Operand lookup(const std::string &name, const std::string &what) override;

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
