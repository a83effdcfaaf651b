//===- Passes.h - Target-independent transformations ------------*- C++ -*-===//
#ifndef WNN_TRANSFORMS_PASSES_H
#define WNN_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"
#include "webnn/IR/WebnnDialect.h"

#include "llvm/ADT/SetVector.h"

namespace wnn {

/// The name of every kernel function (uniqued with a suffix); the LLVM IR
/// of the artifact recognizes kernels by it.
constexpr llvm::StringLiteral kKernelPrefix = "wnn_kernel";
/// Unit attribute of a kernel function made by wnn-form-kernels.
constexpr llvm::StringLiteral kKernelAttr = "webnn.kernel";
/// Array of the labels of the WebNN operations a kernel computes.
constexpr llvm::StringLiteral kKernelLabelsAttr = "webnn.labels";

/// Appends the WebNN labels (or op kinds) in `loc`, its NameLocs, without
/// repeats: the names kernels and profiles give the operations they came
/// from.
void collectLabels(mlir::Location loc,
                   llvm::SetVector<mlir::StringAttr> &labels);

#define GEN_PASS_DECL
#include "Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "Transforms/Passes.h.inc"

} // namespace wnn

#endif // WNN_TRANSFORMS_PASSES_H
