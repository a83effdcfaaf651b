//===- InferenceUtils.h - Shared validation steps ---------------*- C++ -*-===//
//
// Helpers for the ops' inferReturnTypes: the checks the WebNN spec repeats
// across operators. Each emits one diagnostic naming the operand and returns
// failure.
//
//===----------------------------------------------------------------------===//
#ifndef WEBNN_LIB_IR_INFERENCEUTILS_H
#define WEBNN_LIB_IR_INFERENCEUTILS_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "webnn/IR/WebnnOps.h"

#include <optional>

namespace wnn::webnn::detail {

using mlir::failure;
using mlir::LogicalResult;
using mlir::RankedTensorType;
using mlir::success;
using mlir::Type;
using Loc = std::optional<mlir::Location>;

/// Emits `message` at `loc` (when present) and returns failure.
LogicalResult fail(Loc loc, const llvm::Twine &message);

/// WebNN's name for an element type ("float32", ...).
std::string typeName(Type elementType);
/// "[1, 2, 3]".
std::string shapeString(llvm::ArrayRef<int64_t> shape);

RankedTensorType tensorType(mlir::Value value);

/// The spec's name of a webnn op ("conv2d" for webnn.conv2d).
template <typename OpTy> llvm::StringRef specName() {
  return OpTy::getOperationName().drop_front(sizeof("webnn.") - 1);
}

/// Checks `value`, operand `operand` of WebNN operation `op`, against the
/// support table (wnn/OpSupport.h): its data type, then its rank.
LogicalResult checkOperand(Loc loc, llvm::StringRef op, llvm::StringRef operand,
                           mlir::Value value);
LogicalResult checkSameType(Loc loc, mlir::Value value, mlir::Value reference,
                            llvm::StringRef operand, llvm::StringRef refName);
/// Checks a 1-D operand of `size` elements with the element type of `ref`.
LogicalResult check1D(Loc loc, mlir::Value value, llvm::StringRef operand,
                      int64_t size, mlir::Value ref);

/// Numpy-style bidirectional broadcasting; nullopt if incompatible.
std::optional<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b);
/// Whether `from` broadcasts to exactly `to` (unidirectional).
bool broadcastsTo(llvm::ArrayRef<int64_t> from, llvm::ArrayRef<int64_t> to);

/// Checks that `value` has exactly `shape`.
LogicalResult checkShape(Loc loc, mlir::Value value, llvm::StringRef operand,
                         llvm::ArrayRef<int64_t> shape);

/// Checks that `axis` is in [0, rank).
LogicalResult checkAxis(Loc loc, int64_t axis, int64_t rank);

/// Checks that `axes` are distinct and in [0, rank).
LogicalResult checkAxes(Loc loc, llvm::ArrayRef<int64_t> axes, int64_t rank,
                        llvm::StringRef what);

/// Checks an integer array option of `size` entries, each >= `minimum`.
LogicalResult checkArray(Loc loc, llvm::ArrayRef<int64_t> values, size_t size,
                         int64_t minimum, llvm::StringRef what);

} // namespace wnn::webnn::detail

#endif // WEBNN_LIB_IR_INFERENCEUTILS_H
