//===- IndexingMaps.h - Which linalg reads tiling can slice -----*- C++ -*-===//
//
// Upstream tiling and fusion slice an operand along a loop by evaluating its
// indexing expressions at the tile's bounds. That holds for expressions that
// grow with every loop (dims, constants, sums, non-negative multiples: the
// windows of convolutions and pools, strided slices), not for reversed
// (size - 1 - d) or wrapped (d mod size) reads, whose slices come out wrong.
//
//===----------------------------------------------------------------------===//
#ifndef WNN_TRANSFORMS_INDEXINGMAPS_H
#define WNN_TRANSFORMS_INDEXINGMAPS_H

#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/AffineMap.h"

#include "llvm/ADT/STLExtras.h"

namespace wnn {

/// Whether `expr` never decreases when any dimension grows.
inline bool growsWithLoops(mlir::AffineExpr expr) {
  if (auto binary = llvm::dyn_cast<mlir::AffineBinaryOpExpr>(expr)) {
    mlir::AffineExpr lhs = binary.getLHS(), rhs = binary.getRHS();
    if (expr.getKind() == mlir::AffineExprKind::Add)
      return growsWithLoops(lhs) && growsWithLoops(rhs);
    if (expr.getKind() == mlir::AffineExprKind::Mul) {
      auto constant = llvm::dyn_cast<mlir::AffineConstantExpr>(rhs);
      return constant && constant.getValue() >= 0 && growsWithLoops(lhs);
    }
    return false; // mod, floordiv, ceildiv
  }
  return true; // dims, symbols, constants
}

/// Whether tiling can slice every operand read through `maps`.
inline bool tilingSlicesCorrectly(llvm::ArrayRef<mlir::AffineMap> maps) {
  return llvm::all_of(maps, [](mlir::AffineMap map) {
    return llvm::all_of(map.getResults(), growsWithLoops);
  });
}

} // namespace wnn

#endif // WNN_TRANSFORMS_INDEXINGMAPS_H
