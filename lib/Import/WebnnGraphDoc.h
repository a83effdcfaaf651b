//===- Import/WebnnGraphDoc.h - A parsed webnn-graph document ---*- C++ -*-===//
//
// The webnn-graph format (the `.webnn` text and its canonical JSON form
// "webnn-graph-json") parsed into one in-memory document, so that a single
// importer replays both into wnn::GraphBuilder. Parsing checks the syntax
// only; names, operators and options are checked by the importer.
//
//===----------------------------------------------------------------------===//
#ifndef WNN_IMPORT_WEBNNGRAPHDOC_H
#define WNN_IMPORT_WEBNNGRAPHDOC_H

#include "Import/WptData.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace wnn {
namespace webnn_graph {

using Json = wpt::Json;

/// A syntax or structure error, with the position when it is known
/// ("line 3, column 7: expected ';'"). The importer puts the file in front.
struct ParseFailure {
  std::string message;
};

/// An input or constant declaration: name, data type and static shape.
struct TensorDecl {
  std::string name;
  OperandDescriptor desc;
  size_t line = 0; // 1-based in the text form, 0 in the JSON form
};

/// How a constant gets its bytes.
enum class ConstInit { Weights, Scalar, Bytes };

struct ConstDecl : TensorDecl {
  ConstInit init = ConstInit::Weights;
  std::string weightsKey; // ConstInit::Weights: the manifest's tensor name
  Json scalar;            // ConstInit::Scalar: the value every element takes
  std::vector<uint8_t> bytes; // ConstInit::Bytes: the raw little-endian data
};

/// One operator call: `outputs = op(inputs..., options...)`. An empty `op`
/// with one input is an alias (`y = x;` in the text form).
struct NodeDecl {
  std::string id;
  std::string op;
  std::vector<std::string> inputs;
  Json options = Json::object();
  /// The names the results get; empty means one result named `id`.
  std::vector<std::string> outputs;
  size_t line = 0;
};

struct GraphDoc {
  std::string name;
  std::vector<TensorDecl> inputs;
  std::vector<ConstDecl> consts;
  std::vector<NodeDecl> nodes;
  /// Graph output name -> the operand it names.
  std::vector<std::pair<std::string, std::string>> outputs;
};

/// Parses the `.webnn` text form; throws ParseFailure.
GraphDoc parseWebnnGraphText(const std::string &text);

/// Converts a parsed "webnn-graph-json" document; throws ParseFailure.
GraphDoc parseWebnnGraphJson(const Json &document);

/// The data type of a text-form spelling ("f32", "i64", ...).
std::optional<DataType> parseShortDataType(const std::string &name);

} // namespace webnn_graph
} // namespace wnn

#endif // WNN_IMPORT_WEBNNGRAPHDOC_H
