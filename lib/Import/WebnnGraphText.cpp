//===- WebnnGraphText.cpp - The .webnn text form --------------------------===//
//
// A hand-written recursive-descent parser of the webnn-graph text form:
//
//   webnn_graph "name" v1 [@quantized] {
//     inputs  { x: f32[1, 4]; }
//     consts  { w: f32[4, 2] @weights("w"); s: f32[] @scalar(0.5);
//               b: u8[2] @bytes([1, 2]); }
//     nodes   { y = matmul(x, w); [a, b] = split(y, splits=2, axis=1); }
//     outputs { a; b; }
//   }
//
// `#` starts a comment that runs to the end of the line. Blocks may come in
// any order and more than once. Positional call arguments are operand
// names; everything else is passed as `name=value`, where a value is a
// number, string, boolean, null, identifier or array of values.
// Identifiers may hold `.`, `/` and `::` (names exported from ONNX models).
//
//===----------------------------------------------------------------------===//

#include "Import/WebnnGraphDoc.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace wnn {
namespace webnn_graph {

std::optional<DataType> parseShortDataType(const std::string &name) {
  static const std::pair<const char *, DataType> kTypes[] = {
      {"f32", DataType::Float32}, {"f16", DataType::Float16},
      {"i32", DataType::Int32},   {"u32", DataType::Uint32},
      {"i64", DataType::Int64},   {"u64", DataType::Uint64},
      {"i8", DataType::Int8},     {"u8", DataType::Uint8},
      {"i4", DataType::Int4},     {"u4", DataType::Uint4}};
  for (const auto &[spelling, type] : kTypes)
    if (name == spelling)
      return type;
  return std::nullopt;
}

namespace {

enum class Tok { Ident, String, Number, Punct, End };

struct Token {
  Tok kind = Tok::End;
  std::string text; // identifier, unquoted string, number or the punctuator
  size_t line = 1, column = 1;
};

bool identStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '/' ||
         c == '$';
}
bool identContinue(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' ||
         c == '/';
}

class Lexer {
public:
  explicit Lexer(const std::string &text) : text(text) {}

  Token next() {
    skipSpaceAndComments();
    Token token;
    token.line = line;
    token.column = column;
    if (pos >= text.size())
      return token;
    char c = text[pos];
    if (identStart(c)) {
      token.kind = Tok::Ident;
      while (pos < text.size()) {
        if (identContinue(text[pos])) {
          token.text += advance();
        } else if (text.compare(pos, 2, "::") == 0 && pos + 2 < text.size() &&
                   identContinue(text[pos + 2])) {
          token.text += advance();
          token.text += advance();
        } else {
          break;
        }
      }
      return token;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) ||
        (c == '-' && pos + 1 < text.size() &&
         std::isdigit(static_cast<unsigned char>(text[pos + 1])))) {
      token.kind = Tok::Number;
      token.text += advance();
      auto digits = [&] {
        while (pos < text.size() &&
               std::isdigit(static_cast<unsigned char>(text[pos])))
          token.text += advance();
      };
      digits();
      if (pos + 1 < text.size() && text[pos] == '.' &&
          std::isdigit(static_cast<unsigned char>(text[pos + 1]))) {
        token.text += advance();
        digits();
      }
      if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
        size_t sign = pos + 1 < text.size() &&
                              (text[pos + 1] == '+' || text[pos + 1] == '-')
                          ? 1
                          : 0;
        if (pos + 1 + sign < text.size() &&
            std::isdigit(static_cast<unsigned char>(text[pos + 1 + sign]))) {
          token.text += advance();
          if (sign)
            token.text += advance();
          digits();
        }
      }
      return token;
    }
    if (c == '"') {
      token.kind = Tok::String;
      advance();
      while (true) {
        if (pos >= text.size())
          throw ParseFailure{where(token) + "unterminated string"};
        char d = advance();
        if (d == '"')
          break;
        if (d == '\\' && pos < text.size() &&
            (text[pos] == '"' || text[pos] == '\\'))
          d = advance();
        token.text += d;
      }
      return token;
    }
    if (std::string("{}[](),;:=@").find(c) != std::string::npos) {
      token.kind = Tok::Punct;
      token.text = std::string(1, advance());
      return token;
    }
    throw ParseFailure{where(token) + "unexpected character '" +
                       std::string(1, c) + "'"};
  }

  static std::string where(const Token &token) {
    return "line " + std::to_string(token.line) + ", column " +
           std::to_string(token.column) + ": ";
  }

private:
  char advance() {
    char c = text[pos++];
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    return c;
  }
  void skipSpaceAndComments() {
    while (pos < text.size()) {
      char c = text[pos];
      if (c == '#') {
        while (pos < text.size() && text[pos] != '\n')
          advance();
      } else if (std::isspace(static_cast<unsigned char>(c))) {
        advance();
      } else {
        break;
      }
    }
  }

  const std::string &text;
  size_t pos = 0, line = 1, column = 1;
};

class TextParser {
public:
  explicit TextParser(const std::string &text) : lexer(text) { shift(); }

  GraphDoc parse() {
    parseHeader();
    while (!isPunct("}")) {
      if (current.kind != Tok::Ident)
        fail("expected a block (inputs, consts, nodes or outputs) or '}'");
      std::string block = current.text;
      if (block == "inputs")
        parseBlock([&] { parseInput(); });
      else if (block == "consts")
        parseBlock([&] { parseConst(); });
      else if (block == "nodes")
        parseBlock([&] { parseNode(); });
      else if (block == "outputs")
        parseBlock([&] { parseOutputs(); });
      else
        fail("unknown block '" + block +
             "' (expected inputs, consts, nodes or outputs)");
    }
    shift();
    if (current.kind != Tok::End)
      fail("unexpected text after the graph's closing '}'");
    return std::move(doc);
  }

private:
  [[noreturn]] void fail(const std::string &message) {
    throw ParseFailure{Lexer::where(current) + message};
  }
  void shift() { current = lexer.next(); }
  bool isPunct(const char *p) const {
    return current.kind == Tok::Punct && current.text == p;
  }
  void expectPunct(const char *p, const char *what) {
    if (!isPunct(p))
      fail(std::string("expected '") + p + "' " + what + ", got " +
           describe(current));
    shift();
  }
  static std::string describe(const Token &token) {
    switch (token.kind) {
    case Tok::Ident:
      return "'" + token.text + "'";
    case Tok::String:
      return "a string";
    case Tok::Number:
      return "the number " + token.text;
    case Tok::Punct:
      return "'" + token.text + "'";
    case Tok::End:
      return "the end of the file";
    }
    return "?";
  }
  std::string ident(const char *what) {
    if (current.kind != Tok::Ident)
      fail(std::string("expected ") + what + ", got " + describe(current));
    std::string text = current.text;
    shift();
    return text;
  }

  void parseHeader() {
    if (current.kind != Tok::Ident || current.text != "webnn_graph")
      fail("expected the header 'webnn_graph \"NAME\" v1 {'");
    shift();
    if (current.kind != Tok::String)
      fail("expected the graph name as a string after 'webnn_graph'");
    doc.name = current.text;
    shift();
    // "v1" lexes as one identifier; "v 1" as two tokens.
    bool versioned = false;
    if (current.kind == Tok::Ident && current.text == "v") {
      shift();
      versioned = current.kind == Tok::Number;
      if (versioned)
        shift();
    } else if (current.kind == Tok::Ident && current.text.size() > 1 &&
               current.text[0] == 'v' &&
               current.text.find_first_not_of("0123456789", 1) ==
                   std::string::npos) {
      versioned = true;
      shift();
    }
    if (!versioned)
      fail("expected the format version (v1) after the graph name");
    if (isPunct("@")) {
      shift();
      if (ident("'quantized'") != "quantized")
        fail("the only header annotation is '@quantized'");
    }
    expectPunct("{", "to open the graph");
  }

  template <typename Fn> void parseBlock(Fn item) {
    shift();
    expectPunct("{", "after the block name");
    while (!isPunct("}")) {
      if (current.kind == Tok::End)
        fail("the block is not closed with '}'");
      item();
    }
    shift();
  }

  /// `dtype[d0, d1, ...]`.
  void parseType(TensorDecl &decl) {
    Token typeToken = current;
    std::string typeName = ident("a data type (f32, f16, i32, ...)");
    std::optional<DataType> type = parseShortDataType(typeName);
    if (!type)
      throw ParseFailure{Lexer::where(typeToken) + "unknown data type '" +
                         typeName +
                         "' (expected f32, f16, i4, u4, i32, u32, i64, u64, "
                         "i8 or u8)"};
    decl.desc.dataType = *type;
    expectPunct("[", "to open the shape");
    while (!isPunct("]")) {
      if (!decl.desc.shape.empty())
        expectPunct(",", "between dimensions");
      if (current.kind != Tok::Number ||
          current.text.find_first_not_of("0123456789") != std::string::npos)
        fail("dimensions must be non-negative integers, got " +
             describe(current));
      errno = 0;
      unsigned long long dim = std::strtoull(current.text.c_str(), nullptr, 10);
      if (errno || dim > 0xffffffffull)
        fail("dimension " + current.text + " does not fit in 32 bits");
      decl.desc.shape.push_back(int64_t(dim));
      shift();
    }
    shift();
  }

  void parseInput() {
    TensorDecl decl;
    decl.line = current.line;
    decl.name = ident("an input name");
    expectPunct(":", "after the input name");
    parseType(decl);
    expectPunct(";", "after the input declaration");
    doc.inputs.push_back(std::move(decl));
  }

  void parseConst() {
    ConstDecl decl;
    decl.line = current.line;
    decl.name = ident("a constant name");
    expectPunct(":", "after the constant name");
    parseType(decl);
    decl.weightsKey = decl.name; // no annotation: weights under its own name
    while (isPunct("@")) {
      shift();
      std::string kind = ident("an annotation (weights, scalar or bytes)");
      expectPunct("(", "after the annotation");
      if (kind == "weights") {
        if (current.kind != Tok::String)
          fail("@weights takes the tensor's name as a string");
        decl.init = ConstInit::Weights;
        decl.weightsKey = current.text;
        shift();
      } else if (kind == "scalar") {
        decl.init = ConstInit::Scalar;
        decl.scalar = value();
        if (!decl.scalar.is_number())
          fail("@scalar takes a number");
      } else if (kind == "bytes") {
        decl.init = ConstInit::Bytes;
        Json bytes = value();
        decl.bytes.clear();
        for (const Json &byte : bytes.is_array() ? bytes : Json::array()) {
          if (!byte.is_number_unsigned() || byte.get<uint64_t>() > 255)
            fail("@bytes takes an array of integers in [0, 255]");
          decl.bytes.push_back(uint8_t(byte.get<uint64_t>()));
        }
        if (!bytes.is_array())
          fail("@bytes takes an array of integers in [0, 255]");
      } else {
        fail("unknown annotation '@" + kind +
             "' (expected @weights, @scalar or @bytes)");
      }
      expectPunct(")", "to close the annotation");
    }
    expectPunct(";", "after the constant declaration");
    doc.consts.push_back(std::move(decl));
  }

  /// A literal or an identifier (which stands for its own name).
  Json value() {
    Token token = current;
    switch (token.kind) {
    case Tok::String:
      shift();
      return token.text;
    case Tok::Ident:
      shift();
      if (token.text == "true" || token.text == "false")
        return token.text == "true";
      if (token.text == "null")
        return nullptr;
      return token.text;
    case Tok::Number: {
      shift();
      if (token.text.find_first_of(".eE") == std::string::npos) {
        errno = 0;
        long long integer = std::strtoll(token.text.c_str(), nullptr, 10);
        if (!errno)
          return integer < 0 ? Json(integer) : Json(uint64_t(integer));
      }
      return std::strtod(token.text.c_str(), nullptr);
    }
    case Tok::Punct:
      if (token.text == "[") {
        shift();
        Json array = Json::array();
        while (!isPunct("]")) {
          if (!array.empty())
            expectPunct(",", "between array elements");
          array.push_back(value());
        }
        shift();
        return array;
      }
      break;
    case Tok::End:
      break;
    }
    fail("expected a value, got " + describe(token));
  }

  void parseNode() {
    NodeDecl node;
    node.line = current.line;
    if (isPunct("[")) {
      shift();
      while (!isPunct("]")) {
        if (!node.outputs.empty())
          expectPunct(",", "between output names");
        node.outputs.push_back(ident("an output name"));
      }
      shift();
      if (node.outputs.empty())
        fail("'[]' names no outputs");
      node.id = node.outputs.front();
    } else {
      node.id = ident("a node name or '[' to name several outputs");
    }
    expectPunct("=", "after the node's name");
    std::string name = ident("an operator or operand name");
    if (!isPunct("(")) {
      node.inputs.push_back(name); // `y = x;`: an alias
    } else {
      node.op = name;
      shift();
      bool named = false;
      while (!isPunct(")")) {
        if (!node.inputs.empty() || !node.options.empty())
          expectPunct(",", "between arguments");
        Token argument = current;
        Json item = value();
        if (isPunct("=")) {
          if (argument.kind != Tok::Ident || !item.is_string())
            fail("an option name must be an identifier");
          shift();
          std::string key = item.get<std::string>();
          if (node.options.contains(key))
            throw ParseFailure{Lexer::where(argument) + "option '" + key +
                               "' is given twice"};
          node.options[key] = value();
          named = true;
          continue;
        }
        if (named)
          throw ParseFailure{Lexer::where(argument) +
                             "positional arguments must come before "
                             "name=value options"};
        if (!item.is_string())
          throw ParseFailure{Lexer::where(argument) +
                             "positional arguments name operands; pass "
                             "other values as name=value options"};
        node.inputs.push_back(item.get<std::string>());
      }
      shift();
    }
    expectPunct(";", "after the node");
    doc.nodes.push_back(std::move(node));
  }

  void parseOutputs() {
    std::string name = ident("an output name");
    doc.outputs.emplace_back(name, name);
    while (isPunct(",")) {
      shift();
      name = ident("an output name");
      doc.outputs.emplace_back(name, name);
    }
    if (isPunct(";"))
      shift();
  }

  Lexer lexer;
  Token current;
  GraphDoc doc;
};

} // namespace

GraphDoc parseWebnnGraphText(const std::string &text) {
  return TextParser(text).parse();
}

} // namespace webnn_graph
} // namespace wnn
