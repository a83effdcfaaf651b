//===- RuntimeFunctions.cpp - Declaring what compiled code calls ----------===//

#include "Conversion/RuntimeFunctions.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

using namespace mlir;

namespace wnn {

void declareRuntimeFunction(ModuleOp module, SymbolTable &symbols,
                            StringRef name, unsigned numArgs) {
  if (symbols.lookup(name))
    return;
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  SmallVector<Type> types(numArgs, b.getI64Type());
  auto decl = func::FuncOp::create(b, module.getLoc(), name,
                                   b.getFunctionType(types, {}));
  decl.setPrivate();
  symbols.insert(decl);
}

memref::GlobalOp createConstantGlobal(ModuleOp module, SymbolTable &symbols,
                                      StringRef name,
                                      DenseIntElementsAttr value,
                                      Location loc) {
  OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
  auto type = MemRefType::get(value.getType().getShape(),
                              value.getType().getElementType());
  auto global = memref::GlobalOp::create(
      b, loc, name, b.getStringAttr("private"), type, value, /*constant=*/true,
      /*alignment=*/nullptr);
  symbols.insert(global); // uniques the name
  return global;
}

Value addressAsI64(OpBuilder &b, Location loc, Value buffer) {
  Value index = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, buffer);
  return arith::IndexCastOp::create(b, loc, b.getI64Type(), index);
}

} // namespace wnn
