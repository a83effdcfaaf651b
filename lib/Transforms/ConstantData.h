//===- Transforms/ConstantData.h - Reading and making constants -*- C++ -*-===//
//
// Passes that compute on weights at compile time read a constant's elements
// and make a new constant of the same kind: a dense_resource blob (large
// weights, never copied by passes) or a dense attribute.
//
//===----------------------------------------------------------------------===//
#ifndef WNN_TRANSFORMS_CONSTANTDATA_H
#define WNN_TRANSFORMS_CONSTANTDATA_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"

#include <optional>
#include <vector>

namespace wnn {

/// The packed bytes of a constant: a dense_resource blob, or a non-splat
/// dense attribute of whole-byte elements. Empty when neither applies.
llvm::ArrayRef<char> packedBytes(mlir::ElementsAttr value);

/// A constant of `type` with `bytes`, in the same kind of attribute as
/// `like` (a new blob for resources).
mlir::ElementsAttr makeConstant(mlir::ElementsAttr like,
                                mlir::RankedTensorType type,
                                llvm::ArrayRef<char> bytes);

/// `value` with its dimensions permuted (result dimension d is `value`'s
/// dimension perm[d]), stored like `value`; null when its bytes are not
/// readable (sub-byte elements).
mlir::ElementsAttr transposeConstant(mlir::ElementsAttr value,
                                     llvm::ArrayRef<int64_t> perm);

/// `value`'s elements, in order, under `type` (a blob is shared, not
/// copied); null when `value` is neither a dense nor a resource attribute.
mlir::ElementsAttr reshapeConstant(mlir::ElementsAttr value,
                                   mlir::RankedTensorType type);

/// The elements of a float32 or float16 constant as doubles (a splat gives
/// every element); nullopt for other types or unreadable attributes.
std::optional<std::vector<double>> readFloats(mlir::ElementsAttr value);

/// A float32 or float16 constant of `type` holding `values`, stored like
/// `like` (a blob when `like` is one and the data is large).
mlir::ElementsAttr makeFloatConstant(mlir::ElementsAttr like,
                                     mlir::RankedTensorType type,
                                     llvm::ArrayRef<double> values);

} // namespace wnn

#endif // WNN_TRANSFORMS_CONSTANTDATA_H
