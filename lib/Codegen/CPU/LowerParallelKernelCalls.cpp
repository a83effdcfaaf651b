//===- LowerParallelKernelCalls.cpp - Calls through wnn_rt_parallel_for ---===//
//
// In the LLVM dialect, a call of a kernel that wnn-parallelize-kernels split
// (first, last, buffers...) becomes a call of the runtime's
// wnn_rt_parallel_for with a thunk that unpacks the buffers from an array.
// See Passes.td.
//
//===----------------------------------------------------------------------===//

#include "Codegen/CPU/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/SymbolTable.h"

namespace wnn {
#define GEN_PASS_DEF_LOWERPARALLELKERNELCALLS
#include "Codegen/CPU/Passes.h.inc"
} // namespace wnn

using namespace mlir;

namespace wnn {
namespace {

constexpr StringLiteral kParallelFor = "wnn_rt_parallel_for";

/// `void thunk(ptr args, i64 first, i64 last)`: loads the kernel's buffers
/// from `args` and runs iterations [first, last).
LLVM::LLVMFuncOp createThunk(OpBuilder &b, LLVM::LLVMFuncOp kernel,
                             SymbolTable &symbols) {
  MLIRContext *context = b.getContext();
  Location loc = kernel.getLoc();
  auto ptr = LLVM::LLVMPointerType::get(context);
  auto i64 = b.getI64Type();
  auto type = LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(context),
                                          {ptr, i64, i64});
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointAfter(kernel);
  auto thunk = LLVM::LLVMFuncOp::create(
      b, loc, kernel.getName().str() + "_parallel_body", type,
      LLVM::Linkage::Internal);
  symbols.insert(thunk);
  Block *entry = thunk.addEntryBlock(b);
  b.setInsertionPointToStart(entry);
  SmallVector<Value> args{entry->getArgument(1), entry->getArgument(2)};
  unsigned buffers = kernel.getNumArguments() - 2;
  for (unsigned i = 0; i < buffers; ++i) {
    Value slot =
        LLVM::GEPOp::create(b, loc, ptr, ptr, entry->getArgument(0),
                            ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(i)});
    args.push_back(LLVM::LoadOp::create(b, loc, ptr, slot));
  }
  LLVM::CallOp::create(b, loc, kernel, args);
  LLVM::ReturnOp::create(b, loc, ValueRange{});
  return thunk;
}

/// Whether `kernel` has the split signature (i64 first, i64 last, ptr...).
bool hasSplitSignature(LLVM::LLVMFuncOp kernel) {
  auto type = kernel.getFunctionType();
  if (type.getNumParams() < 2 || !isa<LLVM::LLVMVoidType>(type.getReturnType()))
    return false;
  for (auto [i, param] : llvm::enumerate(type.getParams()))
    if (i < 2 ? !param.isInteger(64) : !isa<LLVM::LLVMPointerType>(param))
      return false;
  return true;
}

struct LowerParallelKernelCallsPass
    : impl::LowerParallelKernelCallsBase<LowerParallelKernelCallsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    OpBuilder b(module.getContext());
    auto ptr = LLVM::LLVMPointerType::get(module.getContext());
    auto i64 = b.getI64Type();

    llvm::DenseMap<StringAttr, std::pair<LLVM::LLVMFuncOp, int64_t>> thunks;
    for (auto kernel : module.getOps<LLVM::LLVMFuncOp>()) {
      auto trips = kernel->getAttrOfType<IntegerAttr>(kParallelTripsAttr);
      if (!trips || kernel.isExternal())
        continue;
      if (!hasSplitSignature(kernel)) {
        kernel.emitOpError("internal error: a parallel kernel takes (i64, "
                           "i64, ptr...)");
        return signalPassFailure();
      }
      thunks[kernel.getNameAttr()] = {createThunk(b, kernel, symbols),
                                      trips.getInt()};
    }
    if (thunks.empty())
      return;

    auto parallelFor = symbols.lookup<LLVM::LLVMFuncOp>(kParallelFor);
    if (!parallelFor) {
      b.setInsertionPointToEnd(module.getBody());
      parallelFor = LLVM::LLVMFuncOp::create(
          b, module.getLoc(), kParallelFor,
          LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(b.getContext()),
                                      {i64, ptr, ptr, i64}));
      symbols.insert(parallelFor);
    }

    llvm::SmallPtrSet<Operation *, 8> bodies;
    for (auto &entry : thunks)
      bodies.insert(entry.second.first);
    SmallVector<LLVM::CallOp> calls;
    module.walk([&](LLVM::CallOp call) {
      auto callee = call.getCalleeAttr();
      if (callee && thunks.count(callee.getAttr()) &&
          !bodies.contains(call->getParentOfType<LLVM::LLVMFuncOp>()))
        calls.push_back(call);
    });
    for (LLVM::CallOp call : calls) {
      auto [thunk, trips] = thunks.lookup(call.getCalleeAttr().getAttr());
      auto caller = call->getParentOfType<LLVM::LLVMFuncOp>();
      // The graph function's leading i64 is the run's context.
      if (caller.getNumArguments() == 0 ||
          !caller.getArgument(0).getType().isInteger(64)) {
        call.emitOpError("internal error: a parallel kernel call outside a "
                         "graph function");
        return signalPassFailure();
      }
      Location loc = call.getLoc();
      ValueRange buffers = call.getArgOperands().drop_front(2);
      b.setInsertionPointToStart(&caller.front());
      Value count = LLVM::ConstantOp::create(
          b, loc, i64, b.getI64IntegerAttr(buffers.size()));
      Value array = LLVM::AllocaOp::create(b, loc, ptr, ptr, count);
      b.setInsertionPoint(call);
      for (auto [i, buffer] : llvm::enumerate(buffers)) {
        Value slot = LLVM::GEPOp::create(
            b, loc, ptr, ptr, array,
            ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(i)});
        LLVM::StoreOp::create(b, loc, buffer, slot);
      }
      Value body = LLVM::AddressOfOp::create(b, loc, thunk);
      Value range =
          LLVM::ConstantOp::create(b, loc, i64, b.getI64IntegerAttr(trips));
      LLVM::CallOp::create(
          b, loc, parallelFor,
          ValueRange{caller.getArgument(0), body, array, range});
      call.erase();
    }
  }
};

} // namespace
} // namespace wnn
