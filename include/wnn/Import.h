//===- wnn/Import.h - Graph front ends --------------------------*- C++ -*-===//
//
// Front ends that read a graph from a file and replay it into a
// wnn::GraphBuilder. Errors name the file, the operator and its label.
//
//===----------------------------------------------------------------------===//
#ifndef WNN_IMPORT_H
#define WNN_IMPORT_H

#include "wnn/Builder.h"

namespace wnn {

/// Imports one graph in the declarative form of the WPT WebNN conformance
/// tests: an object with `inputs` (constants have `constant: true` and
/// `data`), `operators` ({name, arguments, outputs}) and either
/// `expectedOutputs` or an `outputs` list naming the graph outputs.
/// A whole WPT test ({name, graph, ...}) is accepted too; its `graph` is used.
Expected<Graph> importWptGraph(const std::string &jsonText,
                               const std::string &sourceName);
Expected<Graph> importWptGraphFile(const std::string &path);

/// Reads a whole file; the error names the path.
Expected<std::string> readFile(const std::string &path);

} // namespace wnn

#endif // WNN_IMPORT_H
