//===- Passes.h - CPU code generation passes --------------------*- C++ -*-===//
#ifndef WNN_CODEGEN_CPU_PASSES_H
#define WNN_CODEGEN_CPU_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Pass/Pass.h"

namespace wnn {

/// Argument and function attributes set by wnn-plan-arena.
constexpr llvm::StringLiteral kArenaArgAttr = "webnn.arena";
constexpr llvm::StringLiteral kArenaSizeAttr = "webnn.arena_size";
constexpr int64_t kArenaAlignment = 64;
/// Iteration count of a kernel split over threads (wnn-parallelize-kernels).
constexpr llvm::StringLiteral kParallelTripsAttr = "webnn.parallel_trips";

#define GEN_PASS_DECL
#include "Codegen/CPU/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "Codegen/CPU/Passes.h.inc"

} // namespace wnn

#endif // WNN_CODEGEN_CPU_PASSES_H
