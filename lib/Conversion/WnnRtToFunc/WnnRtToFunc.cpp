//===- WnnRtToFunc.cpp - Runtime calls with pointer arguments -------------===//
//
// The last step before the LLVM dialect: a bufferized wnn_rt.call becomes a
// func.call of the runtime's C function. Only here do buffers turn into
// addresses, after every pass that plans or reuses memory has run.
//
//===----------------------------------------------------------------------===//

#include "Conversion/Passes.h"
#include "wnn/c/artifact.h"
#include "wnn_rt/IR/WnnRtOps.h"

#include "mlir/IR/SymbolTable.h"

namespace wnn {
#define GEN_PASS_DEF_CONVERTWNNRTTOFUNC
#include "Conversion/Passes.h.inc"
} // namespace wnn

using namespace mlir;

namespace wnn {
namespace {

/// The C signature shared by every runtime kernel: context, parameter block,
/// output, then WNN_KERNEL_MAX_INPUTS inputs, all passed as i64.
constexpr unsigned kKernelArguments = 3 + WNN_KERNEL_MAX_INPUTS;

Value addressOf(OpBuilder &b, Location loc, Value buffer) {
  Value index = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, buffer);
  return arith::IndexCastOp::create(b, loc, b.getI64Type(), index);
}

struct ConvertWnnRtToFuncPass
    : impl::ConvertWnnRtToFuncBase<ConvertWnnRtToFuncPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<rt::CallOp> calls;
    module.walk([&](rt::CallOp call) { calls.push_back(call); });
    for (rt::CallOp call : calls) {
      if (call.getResult()) {
        call.emitOpError("is still on tensors; bufferize it first");
        return signalPassFailure();
      }
      if (call.getInputs().size() > WNN_KERNEL_MAX_INPUTS) {
        call.emitOpError("has more than ")
            << WNN_KERNEL_MAX_INPUTS << " inputs";
        return signalPassFailure();
      }
      OpBuilder b(call);
      Location loc = call.getLoc();
      SmallVector<Value> args{call.getContext()};
      args.push_back(addressOf(b, loc, paramsGlobal(b, loc, call, symbols)));
      args.push_back(addressOf(b, loc, call.getOutput()));
      for (Value input : call.getInputs())
        args.push_back(addressOf(b, loc, input));
      Value null = arith::ConstantIntOp::create(b, loc, b.getI64Type(), 0);
      args.resize(kKernelArguments, null);
      declare(module, symbols, call.getCallee());
      func::CallOp::create(b, loc, call.getCallee(), TypeRange{}, args);
      call.erase();
    }
  }

  /// A private constant global holding `call`'s parameter block, one per
  /// call site: its address keys the runtime's cache of the primitive.
  Value paramsGlobal(OpBuilder &b, Location loc, rt::CallOp call,
                     SymbolTable &symbols) {
    ArrayRef<int64_t> params = call.getParams();
    auto type =
        MemRefType::get({static_cast<int64_t>(params.size())}, b.getI64Type());
    auto tensorType = RankedTensorType::get(type.getShape(), b.getI64Type());
    ModuleOp module = getOperation();
    OpBuilder moduleBuilder = OpBuilder::atBlockBegin(module.getBody());
    auto global = memref::GlobalOp::create(
        moduleBuilder, loc, "__wnn_kernel_params",
        moduleBuilder.getStringAttr("private"), type,
        DenseIntElementsAttr::get(tensorType, params), /*constant=*/true,
        /*alignment=*/nullptr);
    symbols.insert(global); // uniques the name
    return memref::GetGlobalOp::create(b, loc, type, global.getSymName());
  }

  void declare(ModuleOp module, SymbolTable &symbols, StringRef callee) {
    if (symbols.lookup(callee))
      return;
    OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
    SmallVector<Type> types(kKernelArguments, b.getI64Type());
    auto decl = func::FuncOp::create(b, module.getLoc(), callee,
                                     b.getFunctionType(types, {}));
    decl.setPrivate();
    symbols.insert(decl);
  }
};

} // namespace
} // namespace wnn
