//===- Reference.cpp - Reference evaluator: arguments and dispatch --------===//

#include "Reference.h"

#include <algorithm>
#include <cmath>

namespace wnn::fuzz {

void referenceError(const std::string &message) {
  throw ReferenceError{message};
}

bool isFloatType(DataType type) { return type == DataType::Float32; }

//===----------------------------------------------------------------------===//
// OpArgs
//===----------------------------------------------------------------------===//

OpArgs::OpArgs(const Json &op, const Environment &env) : env(env) {
  opName = op.at("name").get<std::string>();
  for (const Json &argument : op.at("arguments")) {
    if (argument.is_null())
      continue;
    for (const auto &item : argument.items()) {
      if (item.key() == "options")
        options = &item.value();
      else
        positional.push_back(&item.value());
    }
  }
}

const Json &OpArgs::raw(size_t index) const {
  if (index >= positional.size())
    referenceError(opName + ": missing argument " + std::to_string(index));
  return *positional[index];
}

const RefTensor &OpArgs::lookup(const Json &value) const {
  if (!value.is_string())
    referenceError(opName + ": an operand argument is not a name");
  auto it = env.find(value.get<std::string>());
  if (it == env.end())
    referenceError(opName + ": unknown operand '" + value.get<std::string>() +
                   "'");
  return it->second;
}

const RefTensor &OpArgs::operand(size_t index) const {
  return lookup(raw(index));
}

std::vector<const RefTensor *> OpArgs::operandList(size_t index) const {
  std::vector<const RefTensor *> list;
  for (const Json &name : raw(index))
    list.push_back(&lookup(name));
  return list;
}

static int64_t readInteger(const Json &value, const std::string &what) {
  double number = 0;
  if (!wpt::readNumber(value, number) || std::trunc(number) != number)
    referenceError(what + " must be an integer");
  return int64_t(number);
}

int64_t OpArgs::integer(size_t index) const {
  return readInteger(raw(index), opName + " argument");
}

std::vector<int64_t> OpArgs::integers(size_t index) const {
  std::vector<int64_t> values;
  for (const Json &value : raw(index))
    values.push_back(readInteger(value, opName + " argument"));
  return values;
}

const std::string &OpArgs::string(size_t index) const {
  if (!raw(index).is_string())
    referenceError(opName + ": argument must be a string");
  return raw(index).get_ref<const std::string &>();
}

const Json *OpArgs::option(const char *key) const {
  if (!options)
    return nullptr;
  auto it = options->find(key);
  if (it == options->end() || it->is_null())
    return nullptr;
  return &*it;
}

double OpArgs::number(const char *key, double fallback) const {
  std::optional<double> value = optionalNumber(key);
  return value ? *value : fallback;
}

std::optional<double> OpArgs::optionalNumber(const char *key) const {
  const Json *value = option(key);
  if (!value)
    return std::nullopt;
  double number = 0;
  if (!wpt::readNumber(*value, number))
    referenceError(opName + ": option " + key + " must be a number");
  return number;
}

bool OpArgs::boolean(const char *key, bool fallback) const {
  const Json *value = option(key);
  return value ? value->get<bool>() : fallback;
}

int64_t OpArgs::integer(const char *key, int64_t fallback) const {
  const Json *value = option(key);
  return value ? readInteger(*value, opName + " option " + key) : fallback;
}

std::optional<std::vector<int64_t>> OpArgs::integers(const char *key) const {
  const Json *value = option(key);
  if (!value)
    return std::nullopt;
  std::vector<int64_t> values;
  for (const Json &element : *value)
    values.push_back(readInteger(element, opName + " option " + key));
  return values;
}

std::string OpArgs::string(const char *key, const std::string &fallback) const {
  const Json *value = option(key);
  return value ? value->get<std::string>() : fallback;
}

const RefTensor *OpArgs::optionOperand(const char *key) const {
  const Json *value = option(key);
  return value ? &lookup(*value) : nullptr;
}

//===----------------------------------------------------------------------===//
// Shapes
//===----------------------------------------------------------------------===//

int64_t elementCount(const std::vector<int64_t> &shape) {
  int64_t count = 1;
  for (int64_t d : shape)
    count *= d;
  return count;
}

std::vector<int64_t> stridesOf(const std::vector<int64_t> &shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  for (size_t i = shape.size(); i-- > 1;)
    strides[i - 1] = strides[i] * shape[i];
  return strides;
}

std::vector<int64_t> broadcastShapes(const std::vector<int64_t> &a,
                                     const std::vector<int64_t> &b) {
  size_t rank = std::max(a.size(), b.size());
  std::vector<int64_t> shape(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1)
      referenceError("shapes cannot be broadcast");
    shape[i] = da == 1 ? db : da;
  }
  return shape;
}

std::vector<int64_t> broadcastIndexMap(const std::vector<int64_t> &from,
                                       const std::vector<int64_t> &to) {
  if (from.size() > to.size())
    referenceError("cannot broadcast to a lower rank");
  size_t offset = to.size() - from.size();
  std::vector<int64_t> fromStrides = stridesOf(from);
  // Stride 0 along broadcast dimensions.
  std::vector<int64_t> strides(to.size(), 0);
  for (size_t i = 0; i < from.size(); ++i) {
    if (from[i] != to[i + offset] && from[i] != 1)
      referenceError("shape cannot be broadcast");
    strides[i + offset] = from[i] == 1 ? 0 : fromStrides[i];
  }
  int64_t count = elementCount(to);
  std::vector<int64_t> map(size_t(count), 0);
  std::vector<int64_t> index(to.size(), 0);
  int64_t source = 0;
  for (int64_t flat = 0; flat < count; ++flat) {
    map[size_t(flat)] = source;
    for (size_t d = to.size(); d-- > 0;) {
      source += strides[d];
      if (++index[d] < to[d])
        break;
      source -= strides[d] * to[d];
      index[d] = 0;
    }
  }
  return map;
}

void checkAxes(const std::vector<int64_t> &axes, size_t rank,
               const char *what) {
  std::vector<bool> seen(rank, false);
  for (int64_t axis : axes) {
    if (axis < 0 || size_t(axis) >= rank || seen[size_t(axis)])
      referenceError(std::string(what) + ": invalid or repeated axis");
    seen[size_t(axis)] = true;
  }
}

//===----------------------------------------------------------------------===//
// Evaluation
//===----------------------------------------------------------------------===//

static const HandlerTable &handlers() {
  static const HandlerTable table = [] {
    HandlerTable t;
    addElementwiseHandlers(t);
    addLogicalHandlers(t);
    addIndexingHandlers(t);
    addResampleHandlers(t);
    addQuantizationHandlers(t);
    addRecurrentHandlers(t);
    addConvPoolHandlers(t);
    addMatmulHandlers(t);
    addNormalizationHandlers(t);
    addReductionHandlers(t);
    addShapeHandlers(t);
    return t;
  }();
  return table;
}

bool referenceSupports(const std::string &opName) {
  return handlers().count(opName) != 0;
}

RefTensor inputTensor(const GraphInput &input) {
  RefTensor tensor(input.desc);
  if (input.data.size() != tensor.size())
    referenceError("input '" + input.name + "' has " +
                   std::to_string(input.data.size()) + " values for " +
                   std::to_string(tensor.size()) + " elements");
  tensor.value = input.data;
  return tensor;
}

/// Integer results must stay where int64 doubles are exact and inside
/// their type; the generator avoids overflow rather than modelling it.
static void checkIntegerRange(const RefTensor &tensor) {
  double lo, hi;
  switch (tensor.desc.dataType) {
  case DataType::Float32:
    return;
  case DataType::Int32:
    lo = -2147483648.0, hi = 2147483647.0;
    break;
  case DataType::Uint32:
    lo = 0, hi = 4294967295.0;
    break;
  case DataType::Int64:
    lo = -0x1p53, hi = 0x1p53;
    break;
  case DataType::Int8:
    lo = -128, hi = 127;
    break;
  case DataType::Uint8:
    lo = 0, hi = 255;
    break;
  case DataType::Int4:
    lo = -8, hi = 7;
    break;
  case DataType::Uint4:
    lo = 0, hi = 15;
    break;
  default:
    referenceError(std::string("data type ") +
                   dataTypeName(tensor.desc.dataType) + " is not supported");
  }
  for (double v : tensor.value)
    if (!(v >= lo && v <= hi))
      referenceError(std::string("a ") + dataTypeName(tensor.desc.dataType) +
                     " result leaves its range");
}

Status evaluateOperator(const Json &op, Environment &env) {
  std::string opName = op.value("name", std::string("<unnamed>"));
  try {
    auto handler = handlers().find(opName);
    if (handler == handlers().end())
      referenceError("the reference has no '" + opName + "'");
    OpArgs args(op, env);
    std::vector<RefTensor> results = handler->second(args);
    std::vector<std::string> names = operandsDefinedBy(op);
    if (names.size() != results.size())
      referenceError("defines " + std::to_string(names.size()) + " names for " +
                     std::to_string(results.size()) + " results");
    for (size_t i = 0; i < names.size(); ++i) {
      checkIntegerRange(results[i]);
      env[names[i]] = std::move(results[i]);
    }
    return Status::ok();
  } catch (const ReferenceError &error) {
    return Error{opName + ": " + error.message};
  } catch (const std::exception &error) {
    return Error{opName + ": malformed entry: " + error.what()};
  }
}

Status evaluateGraph(const TestGraph &graph, Environment &env) {
  try {
    for (const GraphInput &input : graph.inputs)
      env[input.name] = inputTensor(input);
  } catch (const ReferenceError &error) {
    return Error{error.message};
  }
  for (const Json &op : graph.operators)
    if (Status status = evaluateOperator(op, env); !status)
      return status;
  for (const std::string &name : graph.outputs)
    if (!env.count(name))
      return Error{"output '" + name + "' is not defined"};
  return Status::ok();
}

} // namespace wnn::fuzz
