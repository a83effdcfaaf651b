//===- FuzzGraph.h - Graphs of the differential fuzzer ----------*- C++ -*-===//
//
// A graph in the WPT conformance form (test/conformance/wpt/README.md): graph
// inputs and constants with their data, operator entries exactly as the WPT
// JSON writes them, and the names of the graph outputs. The generator builds
// it, the reference evaluator and the minimizer read and edit it, and it is
// written out as text that wnn::importWptGraph and wnn-conformance read.
//
//===----------------------------------------------------------------------===//
#ifndef WNN_TEST_FUZZ_FUZZGRAPH_H
#define WNN_TEST_FUZZ_FUZZGRAPH_H

#include "Import/WptData.h"
#include "wnn/Support.h"

#include <functional>
#include <string>
#include <vector>

namespace wnn::fuzz {

using wpt::Json;

/// A graph input or constant with its data. Float32 data holds float32
/// values; integer data holds integers. Both are stored as doubles.
struct GraphInput {
  std::string name;
  OperandDescriptor desc;
  bool constant = false;
  std::vector<double> data;
};

struct TestGraph {
  std::vector<GraphInput> inputs;
  /// WPT operator entries: {"name", "arguments", "outputs"}.
  std::vector<Json> operators;
  std::vector<std::string> outputs;

  const GraphInput *findInput(const std::string &name) const;
  /// Every name the graph defines (inputs, constants, operator results).
  std::vector<std::string> definedNames() const;
};

/// An expected output written into a test file.
struct ExpectedOutput {
  std::string name;
  OperandDescriptor desc;
  const std::vector<double> *values = nullptr;
};

using IsOperand = std::function<bool(const std::string &)>;

/// The operand names an operator entry reads, in argument order (a name
/// read twice appears twice). A string argument is an operand when
/// `isOperand` says so, as in WPT's utils.js.
std::vector<std::string> operandsReadBy(const Json &op,
                                        const IsOperand &isOperand);
/// The names an operator entry defines.
std::vector<std::string> operandsDefinedBy(const Json &op);
/// Replaces every read of operand `from` by `to`.
void renameOperandReads(Json &op, const std::string &from,
                        const std::string &to);

/// The graph as importWptGraph reads it: outputs listed by name.
std::string graphToImportText(const TestGraph &graph);

/// A WPT test file holding one test, with an ATOL tolerance, that
/// `wnn-conformance FILE` replays.
std::string graphToTestFile(const TestGraph &graph, const std::string &name,
                            const std::vector<ExpectedOutput> &expected,
                            double absoluteTolerance);

/// The shortest decimal that reads back as `value` (through a double, as
/// the importer reads it).
std::string formatFloat32(float value);
/// A number as JSON text: float32 values shortest, integers exactly.
std::string formatElement(DataType type, double value);

} // namespace wnn::fuzz

#endif // WNN_TEST_FUZZ_FUZZGRAPH_H
