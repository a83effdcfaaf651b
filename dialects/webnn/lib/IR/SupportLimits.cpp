//===- SupportLimits.cpp - The data types and ranks each op accepts -------===//
//
// One row per WebNN operation: for each operand, the data types and ranks
// the compiler accepts. The verifiers check operands against these rows
// (checkOperand), `webnn-compile --print-op-support` prints them, and the
// op-support-probe test builds every operation with every data type to show
// that the verifiers agree. Rules that depend on other operands' shapes or
// on options stay in the verifiers.
//
//===----------------------------------------------------------------------===//

#include "webnn/IR/SupportLimits.h"
#include "InferenceUtils.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/ErrorHandling.h"

#include <algorithm>

using namespace mlir;

namespace wnn {

Type toElementType(MLIRContext *context, DataType type) {
  auto integer = [&](unsigned width, bool isUnsigned) -> Type {
    return IntegerType::get(context, width,
                            isUnsigned ? IntegerType::Unsigned
                                       : IntegerType::Signless);
  };
  switch (type) {
  case DataType::Float32:
    return Float32Type::get(context);
  case DataType::Float16:
    return Float16Type::get(context);
  case DataType::Int32:
    return integer(32, false);
  case DataType::Uint32:
    return integer(32, true);
  case DataType::Int64:
    return integer(64, false);
  case DataType::Uint64:
    return integer(64, true);
  case DataType::Int8:
    return integer(8, false);
  case DataType::Uint8:
    return integer(8, true);
  case DataType::Int4:
    return integer(4, false);
  case DataType::Uint4:
    return integer(4, true);
  }
  return {};
}

std::optional<DataType> toDataType(Type elementType) {
  if (!elementType)
    return std::nullopt;
  if (elementType.isF32())
    return DataType::Float32;
  if (elementType.isF16())
    return DataType::Float16;
  auto integer = dyn_cast<IntegerType>(elementType);
  if (!integer || integer.isSigned())
    return std::nullopt;
  bool isUnsigned = integer.isUnsigned();
  switch (integer.getWidth()) {
  case 64:
    return isUnsigned ? DataType::Uint64 : DataType::Int64;
  case 32:
    return isUnsigned ? DataType::Uint32 : DataType::Int32;
  case 8:
    return isUnsigned ? DataType::Uint8 : DataType::Int8;
  case 4:
    return isUnsigned ? DataType::Uint4 : DataType::Int4;
  default:
    return std::nullopt;
  }
}

/// Every DataType value, in enum order.
static constexpr DataType kAllDataTypes[] = {
    DataType::Float32, DataType::Float16, DataType::Int32, DataType::Uint32,
    DataType::Int64,   DataType::Uint64,  DataType::Int8,  DataType::Uint8,
    DataType::Int4,    DataType::Uint4};

std::vector<DataType> DataTypeSet::types() const {
  std::vector<DataType> members;
  for (DataType type : kAllDataTypes)
    if (contains(type))
      members.push_back(type);
  return members;
}

const OperandSupportLimits *
OpSupportLimits::operand(std::string_view operandName) const {
  for (const OperandSupportLimits &limits : operands)
    if (limits.name == operandName)
      return &limits;
  return nullptr;
}

namespace {

using T = DataType;
constexpr DataTypeSet kFloat{T::Float32, T::Float16};
constexpr DataTypeSet kSignedInt{T::Int32, T::Int64, T::Int8, T::Int4};
constexpr DataTypeSet kUnsignedInt{T::Uint32, T::Uint64, T::Uint8, T::Uint4};
constexpr DataTypeSet kFloatOrSignedInt = kFloat | kSignedInt;
constexpr DataTypeSet kAnyType = kFloat | kSignedInt | kUnsignedInt;
/// Truth values and the operands of logical ops.
constexpr DataTypeSet kUint8{T::Uint8};
constexpr DataTypeSet kIndices{T::Int32, T::Uint32, T::Int64};
/// argMin/argMax results (outputDataType).
constexpr DataTypeSet kIndexResults{T::Int32, T::Int64};
/// Quantized values and zero points.
constexpr DataTypeSet kQuantized{T::Int4, T::Uint4, T::Int8, T::Uint8,
                                 T::Int32};
/// cumulativeSum: the types whose running sums the lowering accumulates.
constexpr DataTypeSet kSummable{T::Float32, T::Float16, T::Int32,
                                T::Uint32,  T::Int64,   T::Uint64};
constexpr uint32_t kAny = kUnboundedRank;

/// An operand of `types` and ranks [minRank, maxRank], tied to `sameTypeAs`.
OperandSupportLimits operand(const char *name, DataTypeSet types,
                             uint32_t minRank = 0, uint32_t maxRank = kAny,
                             const char *sameTypeAs = "") {
  return {name, types, minRank, maxRank, sameTypeAs};
}

/// One `input` and an `output` of its type and rank range.
OpSupportLimits unary(const char *name, DataTypeSet types, uint32_t minRank = 0,
                      uint32_t maxRank = kAny) {
  return {name,
          {operand("input", types, minRank, maxRank),
           operand("output", types, minRank, maxRank, "input")}};
}

/// `a` and `b` of one type (broadcast), and an `output` of `outputTypes`
/// (the operands' type when it is empty).
OpSupportLimits binary(const char *name, DataTypeSet types,
                       DataTypeSet outputTypes = {}) {
  OperandSupportLimits output = outputTypes.empty()
                                    ? operand("output", types, 0, kAny, "a")
                                    : operand("output", outputTypes);
  return {name,
          {operand("a", types), operand("b", types, 0, kAny, "a"), output}};
}

/// Operands of a recurrent op, all float and of the input's type; `ranks`
/// gives each operand's only rank, in the spec's operand order.
OpSupportLimits
recurrent(const char *name,
          std::initializer_list<std::pair<const char *, uint32_t>> ranks,
          const char *outputName, uint32_t minOutputRank,
          uint32_t maxOutputRank) {
  OpSupportLimits op{name, {}};
  for (auto [operandName, rank] : ranks)
    op.operands.push_back(operand(operandName, kFloat, rank, rank,
                                  op.operands.empty() ? "" : "input"));
  op.operands.push_back(
      operand(outputName, kFloat, minOutputRank, maxOutputRank, "input"));
  return op;
}

/// batchNormalization's, instanceNormalization's and layerNormalization's
/// operands: `input`, then `params` and `output` of its type.
OpSupportLimits normalization(const char *name, uint32_t inputMinRank,
                              uint32_t inputMaxRank,
                              std::initializer_list<const char *> params,
                              uint32_t paramMinRank, uint32_t paramMaxRank) {
  OpSupportLimits op{name,
                     {operand("input", kFloat, inputMinRank, inputMaxRank)}};
  for (const char *param : params)
    op.operands.push_back(
        operand(param, kFloat, paramMinRank, paramMaxRank, "input"));
  op.operands.push_back(
      operand("output", kFloat, inputMinRank, inputMaxRank, "input"));
  return op;
}

/// conv2d and convTranspose2d.
OpSupportLimits convolution(const char *name) {
  return {name,
          {operand("input", kFloat, 4, 4),
           operand("filter", kFloat, 4, 4, "input"),
           operand("bias", kFloat, 1, 1, "input"),
           operand("output", kFloat, 4, 4, "input")}};
}

/// gather, gatherElements and gatherND: indices' ranks differ.
OpSupportLimits gather(const char *name, uint32_t indicesMinRank) {
  return {name,
          {operand("input", kAnyType, 1),
           operand("indices", kIndices, indicesMinRank),
           operand("output", kAnyType, 0, kAny, "input")}};
}

/// scatterElements and scatterND.
OpSupportLimits scatter(const char *name) {
  return {name,
          {operand("input", kAnyType, 1), operand("indices", kIndices, 1),
           operand("updates", kAnyType, 0, kAny, "input"),
           operand("output", kAnyType, 1, kAny, "input")}};
}

std::vector<OpSupportLimits> makeTable() {
  return {
      unary("abs", kFloatOrSignedInt),
      binary("add", kAnyType),
      {"argMax",
       {operand("input", kAnyType, 1), operand("output", kIndexResults)}},
      {"argMin",
       {operand("input", kAnyType, 1), operand("output", kIndexResults)}},
      unary("averagePool2d", kFloat, 4, 4),
      normalization("batchNormalization", 1, kAny,
                    {"mean", "variance", "scale", "bias"}, 1, 1),
      // The output's type is the `type` option.
      {"cast", {operand("input", kAnyType), operand("output", kAnyType)}},
      unary("ceil", kFloat),
      unary("clamp", kAnyType),
      {"concat",
       {operand("inputs", kAnyType, 1),
        operand("output", kAnyType, 1, kAny, "inputs")}},
      convolution("conv2d"),
      convolution("convTranspose2d"),
      unary("cos", kFloat),
      unary("cumulativeSum", kSummable, 1),
      {"dequantizeLinear",
       {operand("input", kQuantized), operand("scale", kFloat),
        operand("zeroPoint", kQuantized, 0, kAny, "input"),
        operand("output", kFloat, 0, kAny, "scale")}},
      binary("div", kAnyType),
      unary("elu", kFloat),
      binary("equal", kAnyType, kUint8),
      unary("erf", kFloat),
      unary("exp", kFloat),
      unary("expand", kAnyType),
      unary("floor", kFloat),
      gather("gather", 0),
      gather("gatherElements", 1),
      gather("gatherND", 1),
      unary("gelu", kFloat),
      {"gemm",
       {operand("a", kFloat, 2, 2), operand("b", kFloat, 2, 2, "a"),
        operand("c", kFloat, 0, 2, "a"), operand("output", kFloat, 2, 2, "a")}},
      binary("greater", kAnyType, kUint8),
      binary("greaterOrEqual", kAnyType, kUint8),
      // gru's outputs: the last hidden state, and with returnSequence every
      // step's.
      recurrent("gru",
                {{"input", 3},
                 {"weight", 3},
                 {"recurrentWeight", 3},
                 {"bias", 2},
                 {"recurrentBias", 2},
                 {"initialHiddenState", 3}},
                "outputs", 3, 4),
      recurrent("gruCell",
                {{"input", 2},
                 {"weight", 2},
                 {"recurrentWeight", 2},
                 {"hiddenState", 2},
                 {"bias", 1},
                 {"recurrentBias", 1}},
                "output", 2, 2),
      unary("hardSigmoid", kFloat),
      unary("hardSwish", kFloat),
      unary("identity", kAnyType),
      normalization("instanceNormalization", 4, 4, {"scale", "bias"}, 1, 1),
      {"isInfinite", {operand("input", kFloat), operand("output", kUint8)}},
      {"isNaN", {operand("input", kFloat), operand("output", kUint8)}},
      unary("l2Pool2d", kFloat, 4, 4),
      // scale and bias have one dim per axis.
      normalization("layerNormalization", 0, kAny, {"scale", "bias"}, 0, kAny),
      unary("leakyRelu", kFloat),
      binary("lesser", kAnyType, kUint8),
      binary("lesserOrEqual", kAnyType, kUint8),
      unary("linear", kFloat),
      unary("log", kFloat),
      binary("logicalAnd", kUint8, kUint8),
      {"logicalNot", {operand("a", kUint8), operand("output", kUint8)}},
      binary("logicalOr", kUint8, kUint8),
      binary("logicalXor", kUint8, kUint8),
      // lstm's outputs: the last hidden and cell states, and with
      // returnSequence every step's hidden state.
      recurrent("lstm",
                {{"input", 3},
                 {"weight", 3},
                 {"recurrentWeight", 3},
                 {"bias", 2},
                 {"recurrentBias", 2},
                 {"peepholeWeight", 2},
                 {"initialHiddenState", 3},
                 {"initialCellState", 3}},
                "outputs", 3, 4),
      recurrent("lstmCell",
                {{"input", 2},
                 {"weight", 2},
                 {"recurrentWeight", 2},
                 {"hiddenState", 2},
                 {"cellState", 2},
                 {"bias", 1},
                 {"recurrentBias", 1},
                 {"peepholeWeight", 1}},
                "outputs", 2, 2),
      {"matmul",
       {operand("a", kFloat, 2), operand("b", kFloat, 2, kAny, "a"),
        operand("output", kFloat, 2, kAny, "a")}},
      binary("max", kAnyType),
      // The lowering compares signed, so unsigned inputs are not accepted.
      unary("maxPool2d", kFloatOrSignedInt, 4, 4),
      binary("min", kAnyType),
      binary("mul", kAnyType),
      unary("neg", kFloatOrSignedInt),
      binary("notEqual", kAnyType, kUint8),
      unary("pad", kAnyType),
      binary("pow", kAnyType),
      {"prelu",
       {operand("input", kFloatOrSignedInt),
        operand("slope", kFloatOrSignedInt, 0, kAny, "input"),
        operand("output", kFloatOrSignedInt, 0, kAny, "input")}},
      {"quantizeLinear",
       {operand("input", kFloat), operand("scale", kFloat, 0, kAny, "input"),
        operand("zeroPoint", kQuantized),
        operand("output", kQuantized, 0, kAny, "zeroPoint")}},
      unary("reciprocal", kFloat),
      unary("reduceL1", kAnyType),
      unary("reduceL2", kFloat),
      unary("reduceLogSum", kFloat),
      unary("reduceLogSumExp", kFloat),
      unary("reduceMax", kAnyType),
      unary("reduceMean", kFloat),
      unary("reduceMin", kAnyType),
      unary("reduceProduct", kAnyType),
      unary("reduceSum", kAnyType),
      unary("reduceSumSquare", kAnyType),
      unary("relu", kFloatOrSignedInt),
      unary("resample2d", kFloat, 4, 4),
      unary("reshape", kAnyType),
      unary("reverse", kAnyType),
      unary("roundEven", kFloat),
      scatter("scatterElements"),
      scatter("scatterND"),
      unary("sigmoid", kFloat),
      unary("sign", kFloatOrSignedInt),
      unary("sin", kFloat),
      unary("slice", kAnyType),
      unary("softmax", kFloat, 1),
      unary("softplus", kFloat),
      unary("softsign", kFloat),
      {"split",
       {operand("input", kAnyType, 1),
        operand("outputs", kAnyType, 1, kAny, "input")}},
      unary("sqrt", kFloat),
      binary("sub", kAnyType),
      unary("tan", kFloat),
      unary("tanh", kFloat),
      unary("tile", kAnyType),
      unary("transpose", kAnyType),
      unary("triangular", kAnyType, 2),
      {"where",
       {operand("condition", kUint8), operand("trueValue", kAnyType),
        operand("falseValue", kAnyType, 0, kAny, "trueValue"),
        operand("output", kAnyType, 0, kAny, "trueValue")}},
  };
}

} // namespace

const std::vector<OpSupportLimits> &opSupportLimits() {
  static const std::vector<OpSupportLimits> table = makeTable();
  return table;
}

const OpSupportLimits *findOpSupportLimits(std::string_view name) {
  static const llvm::StringMap<const OpSupportLimits *> index = [] {
    llvm::StringMap<const OpSupportLimits *> byName;
    for (const OpSupportLimits &op : opSupportLimits())
      byName[op.name] = &op;
    return byName;
  }();
  auto it = index.find(llvm::StringRef(name.data(), name.size()));
  return it == index.end() ? nullptr : it->second;
}

} // namespace wnn

namespace wnn::webnn::detail {

/// "float32, float16 or int32".
static std::string listTypes(MLIRContext *context, DataTypeSet types) {
  std::vector<DataType> members = types.types();
  std::string text;
  for (size_t i = 0; i < members.size(); ++i) {
    if (i)
      text += i + 1 == members.size() ? " or " : ", ";
    text += typeName(toElementType(context, members[i]));
  }
  return text;
}

/// "a 4-D tensor", "rank 2 or more", "rank 0 to 2".
static std::string describeRanks(const OperandSupportLimits &limits) {
  if (limits.minRank == limits.maxRank)
    return "a " + std::to_string(limits.minRank) + "-D tensor";
  if (limits.maxRank == kUnboundedRank)
    return "rank " + std::to_string(limits.minRank) + " or more";
  return "rank " + std::to_string(limits.minRank) + " to " +
         std::to_string(limits.maxRank);
}

LogicalResult checkOperand(Loc loc, StringRef op, StringRef operand,
                           Value value) {
  const OpSupportLimits *opLimits =
      findOpSupportLimits(std::string_view(op.data(), op.size()));
  const OperandSupportLimits *limits =
      opLimits
          ? opLimits->operand(std::string_view(operand.data(), operand.size()))
          : nullptr;
  if (!limits)
    llvm::report_fatal_error("webnn: the support table has no operand '" +
                             operand + "' of '" + op + "'");
  RankedTensorType type = tensorType(value);
  Type element = type.getElementType();
  std::optional<DataType> dataType = toDataType(element);
  if (!dataType || !limits->dataTypes.contains(*dataType))
    return fail(loc, operand + ": data type " + typeName(element) +
                         " is not supported here (expected " +
                         listTypes(value.getContext(), limits->dataTypes) +
                         ")");
  if (!limits->acceptsRank(type.getRank()))
    return fail(loc, operand + ": expected " + describeRanks(*limits) +
                         " but got rank " + Twine(type.getRank()));
  return success();
}

} // namespace wnn::webnn::detail
