//===- ContextArgument.h - The graph function's runtime context -*- C++ -*-===//
#ifndef WNN_CONVERSION_CONTEXTARGUMENT_H
#define WNN_CONVERSION_CONTEXTARGUMENT_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace wnn {

/// Attribute marking the graph function's leading i64 argument that carries
/// the runtime's execution context (see wnn/c/artifact.h).
constexpr llvm::StringLiteral kContextArgAttr = "webnn.context";

/// Whether `func` already has the context argument.
bool hasContextArgument(mlir::func::FuncOp func);
/// The context argument of `func`, added as argument 0 if missing.
mlir::Value getOrAddContextArgument(mlir::func::FuncOp func);
/// Same as getOrAddContextArgument, for callers that only need it present.
inline void ensureContextArgument(mlir::func::FuncOp func) {
  (void)getOrAddContextArgument(func);
}

} // namespace wnn

#endif // WNN_CONVERSION_CONTEXTARGUMENT_H
