//===- GraphImpl.h - The state behind wnn::Graph ----------------*- C++ -*-===//
//
// Private to the compiler libraries: a Graph is an MLIR module in the webnn
// dialect plus its input/output descriptors. Other libraries read the module
// through Graph::impl() and create Graphs from parsed modules with
// makeGraphFromModule.
//
//===----------------------------------------------------------------------===//
#ifndef WNN_LIB_BUILDER_GRAPHIMPL_H
#define WNN_LIB_BUILDER_GRAPHIMPL_H

#include "wnn/Builder.h"

#include "webnn/IR/SupportLimits.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace wnn {

/// A new context with the dialects of a built graph loaded (webnn, func).
std::shared_ptr<mlir::MLIRContext> createGraphContext();

/// The tensor type of a descriptor.
mlir::RankedTensorType toTensorType(mlir::MLIRContext *context,
                                    const OperandDescriptor &desc);
/// The descriptor of a statically shaped ranked tensor of a WebNN data type;
/// nullopt for any other type.
std::optional<OperandDescriptor> toDescriptor(mlir::Type type);

class Graph::Impl {
public:
  // The context is declared first so that it outlives the module.
  std::shared_ptr<mlir::MLIRContext> context;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  /// Names and descriptors in func argument / result order.
  std::vector<std::pair<std::string, OperandDescriptor>> inputs;
  std::vector<std::pair<std::string, OperandDescriptor>> outputs;
  /// The file or origin the graph came from ("" for none).
  std::string sourceName;

  /// The graph function, func.func @main.
  mlir::func::FuncOp getMain() const;
};

/// Wraps a module as a Graph after checking the form every Graph has: the
/// module holds exactly one op, func.func @main, with a body; its argument
/// and result types are statically shaped ranked tensors of WebNN data types;
/// each argument and result has a unique, non-empty `webnn.name` StringAttr;
/// and mlir::verify succeeds. Errors start with `sourceName`.
Expected<Graph> makeGraphFromModule(std::shared_ptr<mlir::MLIRContext> context,
                                    mlir::OwningOpRef<mlir::ModuleOp> module,
                                    llvm::StringRef sourceName);

} // namespace wnn

#endif // WNN_LIB_BUILDER_GRAPHIMPL_H
