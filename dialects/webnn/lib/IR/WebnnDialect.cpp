//===- WebnnDialect.cpp - The webnn dialect -------------------------------===//

#include "webnn/IR/WebnnDialect.h"
#include "InferenceUtils.h"
#include "webnn/IR/WebnnOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/OpImplementation.h"

#include <cmath>

using namespace mlir;
using namespace wnn::webnn;

#include "webnn/IR/WebnnOpsDialect.cpp.inc"

void WebnnDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "webnn/IR/WebnnOps.cpp.inc"
      >();
}

namespace wnn::webnn::detail {

LogicalResult fail(Loc loc, const llvm::Twine &message) {
  if (loc)
    emitError(*loc) << message;
  return failure();
}

std::string typeName(Type type) {
  if (type.isF32())
    return "float32";
  if (type.isF16())
    return "float16";
  if (auto intType = dyn_cast<IntegerType>(type)) {
    std::string name = intType.isUnsigned() ? "uint" : "int";
    return name + std::to_string(intType.getWidth());
  }
  std::string text;
  llvm::raw_string_ostream os(text);
  type.print(os);
  return text;
}

std::string shapeString(llvm::ArrayRef<int64_t> shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

RankedTensorType tensorType(Value value) {
  return cast<RankedTensorType>(value.getType());
}

LogicalResult checkSameType(Loc loc, Value value, Value reference,
                            StringRef operand, StringRef refName) {
  Type a = tensorType(value).getElementType();
  Type b = tensorType(reference).getElementType();
  if (a == b)
    return success();
  return fail(loc, operand + ": data type " + typeName(a) +
                       " does not match the " + refName + "'s " + typeName(b));
}

LogicalResult check1D(Loc loc, Value value, StringRef operand, int64_t size,
                      Value ref) {
  if (failed(checkSameType(loc, value, ref, operand, "input")))
    return failure();
  auto type = tensorType(value);
  if (type.getRank() != 1 || type.getDimSize(0) != size)
    return fail(loc, operand + ": expected shape [" + Twine(size) +
                         "] but got " + shapeString(type.getShape()));
  return success();
}

std::optional<SmallVector<int64_t>> broadcastShapes(ArrayRef<int64_t> a,
                                                    ArrayRef<int64_t> b) {
  size_t rank = std::max(a.size(), b.size());
  SmallVector<int64_t> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1)
      return std::nullopt;
    result[i] = da == 1 ? db : da;
  }
  return result;
}

bool broadcastsTo(ArrayRef<int64_t> from, ArrayRef<int64_t> to) {
  if (from.size() > to.size())
    return false;
  size_t lead = to.size() - from.size();
  for (size_t i = 0; i < from.size(); ++i)
    if (from[i] != 1 && from[i] != to[lead + i])
      return false;
  return true;
}

LogicalResult checkShape(Loc loc, Value value, StringRef operand,
                         ArrayRef<int64_t> shape) {
  ArrayRef<int64_t> actual = tensorType(value).getShape();
  if (actual == shape)
    return success();
  return fail(loc, operand + ": expected shape " + shapeString(shape) +
                       " but got " + shapeString(actual));
}

LogicalResult checkAxis(Loc loc, int64_t axis, int64_t rank) {
  if (axis < 0 || axis >= rank)
    return fail(loc, "axis: " + Twine(axis) + " is out of range for rank " +
                         Twine(rank));
  return success();
}

LogicalResult checkAxes(Loc loc, ArrayRef<int64_t> axes, int64_t rank,
                        StringRef what) {
  llvm::SmallVector<bool> seen(rank, false);
  for (int64_t axis : axes) {
    if (axis < 0 || axis >= rank)
      return fail(loc, what + ": axis " + Twine(axis) +
                           " is out of range for rank " + Twine(rank));
    if (seen[axis])
      return fail(loc, what + ": axis " + Twine(axis) + " is repeated");
    seen[axis] = true;
  }
  return success();
}

LogicalResult checkArray(Loc loc, ArrayRef<int64_t> values, size_t size,
                         int64_t minimum, StringRef what) {
  if (values.size() != size)
    return fail(loc, what + ": expected " + Twine(size) + " values but got " +
                         Twine(values.size()));
  for (int64_t v : values)
    if (v < minimum)
      return fail(loc, what + ": value " + Twine(v) + " is less than " +
                           Twine(minimum));
  return success();
}

} // namespace wnn::webnn::detail

#define GET_OP_CLASSES
#include "webnn/IR/WebnnOps.cpp.inc"
