//===- RuntimeFunctions.h - Declaring what compiled code calls --*- C++ -*-===//
//
// Helpers of the passes that make calls of the runtime's C functions: the
// declarations of those functions and the constant data passed to them.
//
//===----------------------------------------------------------------------===//
#ifndef WNN_CONVERSION_RUNTIMEFUNCTIONS_H
#define WNN_CONVERSION_RUNTIMEFUNCTIONS_H

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"

namespace wnn {

/// Declares `void name(i64 x numArgs)` at the end of `module`, unless a
/// symbol of that name exists: runtime functions take addresses and the
/// context as i64.
void declareRuntimeFunction(mlir::ModuleOp module, mlir::SymbolTable &symbols,
                            llvm::StringRef name, unsigned numArgs);

/// A private constant global holding `value` (a 1-D integer tensor), named
/// `name` or `name_N`, at the start of `module`.
mlir::memref::GlobalOp createConstantGlobal(mlir::ModuleOp module,
                                            mlir::SymbolTable &symbols,
                                            llvm::StringRef name,
                                            mlir::DenseIntElementsAttr value,
                                            mlir::Location loc);

/// The address of `buffer` as an i64.
mlir::Value addressAsI64(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::Value buffer);

} // namespace wnn

#endif // WNN_CONVERSION_RUNTIMEFUNCTIONS_H
