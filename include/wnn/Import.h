//===- wnn/Import.h - Graph front ends --------------------------*- C++ -*-===//
//
// Front ends that read a graph from a file and replay it into a
// wnn::GraphBuilder. Errors name the file, the operator and its label.
//
//===----------------------------------------------------------------------===//
#ifndef WNN_IMPORT_H
#define WNN_IMPORT_H

#include "wnn/Builder.h"

#include <map>
#include <optional>

namespace wnn {

/// Imports one graph in the declarative form of the WPT WebNN conformance
/// tests: an object with `inputs` (constants have `constant: true` and
/// `data`), `operators` ({name, arguments, outputs}) and either
/// `expectedOutputs` or an `outputs` list naming the graph outputs.
/// A whole WPT test ({name, graph, ...}) is accepted too; its `graph` is used.
Expected<Graph> importWptGraph(const std::string &jsonText,
                               const std::string &sourceName);
Expected<Graph> importWptGraphFile(const std::string &path);

/// How to import an ONNX model.
struct OnnxImportOptions {
  /// Sizes of the free dimensions of the graph inputs, by their dim_param
  /// name. Every free dimension needs one.
  std::map<std::string, int64_t> dims;
};

/// Imports an ONNX model (opsets 7 to 21 of the default domain). Shape
/// arithmetic on constants and static shapes is folded while importing, so
/// the graph is static; initializers stay where the parsed model holds them
/// (or mapped from their external data files) until the graph is compiled.
/// A model with unsupported operators gets one error listing all of them.
Expected<Graph> importOnnxModelFile(const std::string &path,
                                    const OnnxImportOptions &options = {});
/// The same from bytes in memory; external data is resolved against the
/// working directory.
Expected<Graph> importOnnxModel(const std::string &bytes,
                                const std::string &sourceName,
                                const OnnxImportOptions &options = {});
/// The two files that hold a webnn-graph model's weights: the binary file
/// (magic "WGWT") and its JSON manifest ("wg-weights-manifest").
struct WebnnGraphWeightFiles {
  std::string weights;
  std::string manifest;
};

/// The weight files beside `graphPath`, found as rustnn finds them:
/// `<stem>.weights` else `model.weights`, and `<stem>.manifest.json` else
/// `manifest.json`, in the graph's folder. nullopt unless both exist.
std::optional<WebnnGraphWeightFiles>
findWebnnGraphWeights(const std::string &graphPath);

/// True if `jsonText` is a JSON object whose "format" is "webnn-graph-json"
/// (any other .json graph is read as a WPT-form graph).
bool isWebnnGraphJson(const std::string &jsonText);

/// Imports a webnn-graph model (github.com/rustnn/webnn-graph) in its text
/// form (`.webnn`) or its JSON form ("format": "webnn-graph-json"). Constants
/// declared `@weights("key")` are read from `weights` (mapped, not copied);
/// it may be nullopt when the graph references none. Node inputs and
/// options follow MLGraphBuilder's names; the forms rustnn writes (conv2d's
/// bias as a third input, normalization scale/bias as inputs, `newShape`,
/// `axis` options, ...) are accepted too.
Expected<Graph>
importWebnnGraphText(const std::string &text, const std::string &sourceName,
                     const std::optional<WebnnGraphWeightFiles> &weights = {});
Expected<Graph>
importWebnnGraphJson(const std::string &jsonText, const std::string &sourceName,
                     const std::optional<WebnnGraphWeightFiles> &weights = {});
/// Reads `path` (text or JSON form, told apart by content) and the weights
/// findWebnnGraphWeights() finds beside it.
Expected<Graph> importWebnnGraphFile(const std::string &path);

/// Reads a whole file; the error names the path.
Expected<std::string> readFile(const std::string &path);

} // namespace wnn

#endif // WNN_IMPORT_H
