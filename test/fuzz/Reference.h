//===- Reference.h - Plain reference evaluator for fuzzed graphs -*- C++
//-*-===//
//
// Evaluates a WPT-form graph with naive loops in double precision,
// independently of MLIR and of the compiler. Every element carries, next to
// its value, a bound on how far a correct float32 implementation may be from
// it (see ErrorModel.h and docs/testing.md): the input errors propagated
// through the operation plus the operation's own rounding.
//
// Operators are read from their WPT entries the way WPT's utils.js reads
// them: every key of every argument object is one positional argument;
// `options` is the options dictionary; strings naming operands are operands.
//
//===----------------------------------------------------------------------===//
#ifndef WNN_TEST_FUZZ_REFERENCE_H
#define WNN_TEST_FUZZ_REFERENCE_H

#include "FuzzGraph.h"

#include <functional>
#include <optional>
#include <unordered_map>

namespace wnn::fuzz {

/// A tensor of the reference: exact values and per-element error bounds.
struct RefTensor {
  OperandDescriptor desc;
  std::vector<double> value;
  std::vector<double> bound;

  RefTensor() = default;
  explicit RefTensor(OperandDescriptor d)
      : desc(std::move(d)), value(size_t(desc.elementCount()), 0.0),
        bound(size_t(desc.elementCount()), 0.0) {}
  size_t size() const { return value.size(); }
};

using Environment = std::unordered_map<std::string, RefTensor>;

/// Why an operator cannot be evaluated: an invalid graph, or a value that
/// leaves the range the reference supports (integer overflow).
struct ReferenceError {
  std::string message;
};
[[noreturn]] void referenceError(const std::string &message);

bool isFloatType(DataType type);

/// The arguments of one operator entry.
class OpArgs {
public:
  OpArgs(const Json &op, const Environment &env);

  const std::string &name() const { return opName; }
  size_t count() const { return positional.size(); }
  const Json &raw(size_t index) const;

  const RefTensor &operand(size_t index) const;
  std::vector<const RefTensor *> operandList(size_t index) const;
  int64_t integer(size_t index) const;
  std::vector<int64_t> integers(size_t index) const;
  const std::string &string(size_t index) const;

  const Json *option(const char *key) const;
  double number(const char *key, double fallback) const;
  std::optional<double> optionalNumber(const char *key) const;
  bool boolean(const char *key, bool fallback) const;
  int64_t integer(const char *key, int64_t fallback) const;
  std::optional<std::vector<int64_t>> integers(const char *key) const;
  std::string string(const char *key, const std::string &fallback) const;
  const RefTensor *optionOperand(const char *key) const;

private:
  const RefTensor &lookup(const Json &value) const;

  std::string opName;
  std::vector<const Json *> positional;
  const Json *options = nullptr;
  const Environment &env;
};

using RefHandler = std::function<std::vector<RefTensor>(const OpArgs &)>;
using HandlerTable = std::unordered_map<std::string, RefHandler>;

// Operator families, one file each.
void addElementwiseHandlers(HandlerTable &table);
void addLogicalHandlers(HandlerTable &table);
void addIndexingHandlers(HandlerTable &table);
void addResampleHandlers(HandlerTable &table);
void addQuantizationHandlers(HandlerTable &table);
void addRecurrentHandlers(HandlerTable &table);
void addConvPoolHandlers(HandlerTable &table);
void addMatmulHandlers(HandlerTable &table);
void addNormalizationHandlers(HandlerTable &table);
void addReductionHandlers(HandlerTable &table);
void addShapeHandlers(HandlerTable &table);

/// Whether the reference knows the operator.
bool referenceSupports(const std::string &opName);

/// A graph input or constant as a reference tensor (exact, bound 0).
RefTensor inputTensor(const GraphInput &input);
/// Evaluates one operator entry into `env`; the error names the operator.
Status evaluateOperator(const Json &op, Environment &env);
/// Evaluates every input and operator of `graph` into `env`.
Status evaluateGraph(const TestGraph &graph, Environment &env);

// Shape helpers shared by the families.
int64_t elementCount(const std::vector<int64_t> &shape);
std::vector<int64_t> stridesOf(const std::vector<int64_t> &shape);
/// Numpy broadcasting of two shapes; throws if incompatible.
std::vector<int64_t> broadcastShapes(const std::vector<int64_t> &a,
                                     const std::vector<int64_t> &b);
/// For each element of `to`, the flat index of the element of `from` that
/// broadcasting reads (`from` must broadcast to `to`).
std::vector<int64_t> broadcastIndexMap(const std::vector<int64_t> &from,
                                       const std::vector<int64_t> &to);
/// Checks distinct axes in [0, rank).
void checkAxes(const std::vector<int64_t> &axes, size_t rank, const char *what);

} // namespace wnn::fuzz

#endif // WNN_TEST_FUZZ_REFERENCE_H
