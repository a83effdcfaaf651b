//===- WnnRtToFunc.cpp - Runtime calls with pointer arguments -------------===//
//
// The last step before the LLVM dialect: a bufferized wnn_rt.call becomes a
// func.call of the runtime's C function. Only here do buffers turn into
// addresses, after every pass that plans or reuses memory has run.
//
//===----------------------------------------------------------------------===//

#include "Conversion/Passes.h"
#include "Conversion/RuntimeFunctions.h"
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
      args.push_back(addressAsI64(b, loc, paramsGlobal(b, loc, call, symbols)));
      args.push_back(addressAsI64(b, loc, call.getOutput()));
      for (Value input : call.getInputs())
        args.push_back(addressAsI64(b, loc, input));
      Value null = arith::ConstantIntOp::create(b, loc, b.getI64Type(), 0);
      args.resize(kKernelArguments, null);
      declareRuntimeFunction(module, symbols, call.getCallee(),
                             kKernelArguments);
      func::CallOp::create(b, loc, call.getCallee(), TypeRange{}, args);
      call.erase();
    }
  }

  /// A private constant global holding `call`'s parameter block, one per
  /// call site: its address keys the runtime's cache of the primitive.
  Value paramsGlobal(OpBuilder &b, Location loc, rt::CallOp call,
                     SymbolTable &symbols) {
    ArrayRef<int64_t> params = call.getParams();
    auto tensorType = RankedTensorType::get(
        {static_cast<int64_t>(params.size())}, b.getI64Type());
    memref::GlobalOp global = createConstantGlobal(
        getOperation(), symbols, "__wnn_kernel_params",
        DenseIntElementsAttr::get(tensorType, params), loc);
    return memref::GetGlobalOp::create(b, loc, global.getType(),
                                       global.getSymName());
  }
};

} // namespace
} // namespace wnn
