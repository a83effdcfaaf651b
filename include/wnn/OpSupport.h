//===- wnn/OpSupport.h - What each WebNN operation accepts ------*- C++ -*-===//
//
// The compiler's answer to MLContext.opSupportLimits(): for every WebNN
// operation, per operand, the data types and ranks it accepts. This is the
// table the webnn dialect's verifiers read, so it says exactly which operand
// types and ranks a graph may have. No MLIR headers here.
//
//===----------------------------------------------------------------------===//
#ifndef WNN_OPSUPPORT_H
#define WNN_OPSUPPORT_H

#include "wnn/Support.h"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace wnn {

/// A set of data types: bit `1 << DataType` for each member.
class DataTypeSet {
public:
  constexpr DataTypeSet() = default;
  constexpr DataTypeSet(std::initializer_list<DataType> types) {
    for (DataType type : types)
      bits |= bit(type);
  }

  constexpr bool contains(DataType type) const { return bits & bit(type); }
  constexpr bool empty() const { return bits == 0; }
  constexpr uint32_t mask() const { return bits; }
  constexpr DataTypeSet operator|(DataTypeSet other) const {
    DataTypeSet result;
    result.bits = bits | other.bits;
    return result;
  }
  /// The members in DataType order.
  std::vector<DataType> types() const;

private:
  static constexpr uint32_t bit(DataType type) {
    return uint32_t(1) << static_cast<int32_t>(type);
  }
  uint32_t bits = 0;
};

/// A maxRank that means "no upper limit".
constexpr uint32_t kUnboundedRank = UINT32_MAX;

/// What one operand of an operation accepts.
struct OperandSupportLimits {
  /// The spec's name: "input", "filter", "a", ..., and "output" or
  /// "outputs" for the results.
  std::string name;
  DataTypeSet dataTypes;
  uint32_t minRank = 0;
  uint32_t maxRank = kUnboundedRank;
  /// The operand whose data type this one must equal, or "": operands tied
  /// this way form a group that changes type together.
  std::string sameTypeAs;

  bool isOutput() const { return name == "output" || name == "outputs"; }
  bool acceptsRank(uint32_t rank) const {
    return rank >= minRank && rank <= maxRank;
  }
};

/// What one operation accepts: its operands in the spec's order, the
/// results last.
struct OpSupportLimits {
  /// The MLGraphBuilder method ("conv2d").
  std::string name;
  std::vector<OperandSupportLimits> operands;

  /// The operand called `name`; null if the operation has none.
  const OperandSupportLimits *operand(std::string_view name) const;
};

/// Every WebNN operation, in alphabetical order.
const std::vector<OpSupportLimits> &opSupportLimits();
/// The operation called `name`; null if there is none.
const OpSupportLimits *findOpSupportLimits(std::string_view name);

} // namespace wnn

#endif // WNN_OPSUPPORT_H
