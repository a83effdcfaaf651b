//===- ContextArgument.cpp - The graph function's runtime context ---------===//

#include "Conversion/ContextArgument.h"

#include "mlir/IR/Builders.h"

using namespace mlir;

namespace wnn {

bool hasContextArgument(func::FuncOp func) {
  return func.getNumArguments() > 0 &&
         func.getArgAttr(0, kContextArgAttr) != nullptr;
}

Value getOrAddContextArgument(func::FuncOp func) {
  if (!hasContextArgument(func)) {
    OpBuilder b(func.getContext());
    (void)func.insertArgument(
        0u, b.getI64Type(),
        b.getDictionaryAttr(b.getNamedAttr(kContextArgAttr, b.getUnitAttr())),
        func.getLoc());
  }
  return func.getArgument(0);
}

} // namespace wnn
