//===- ProfileKernelCalls.cpp - Timing each kernel call -------------------===//
//
// With profiling on, every call of a kernel (generated, or a runtime kernel)
// in a graph function is bracketed by wnn_rt_profile_begin and
// wnn_rt_profile_end, which the runtime turns into a time per call site,
// named by the labels of the WebNN operations the kernel computes.
//
//===----------------------------------------------------------------------===//

#include "Conversion/ContextArgument.h"
#include "Conversion/Passes.h"
#include "Conversion/RuntimeFunctions.h"
#include "Transforms/Passes.h"

#include "mlir/IR/SymbolTable.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringExtras.h"

namespace wnn {
#define GEN_PASS_DEF_PROFILEKERNELCALLS
#include "Conversion/Passes.h.inc"
} // namespace wnn

using namespace mlir;

namespace wnn {
namespace {

constexpr StringLiteral kRuntimeKernelPrefix = "wnn_rt_";
constexpr StringLiteral kProfileBegin = "wnn_rt_profile_begin";
constexpr StringLiteral kProfileEnd = "wnn_rt_profile_end";
constexpr StringLiteral kParallelFor = "wnn_rt_parallel_for";

struct ProfileKernelCallsPass
    : impl::ProfileKernelCallsBase<ProfileKernelCallsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    llvm::StringMap<memref::GlobalOp> names;
    for (auto graph : llvm::to_vector(module.getOps<func::FuncOp>())) {
      if (graph.isExternal() || !hasContextArgument(graph))
        continue;
      Value context = graph.getArgument(0);
      for (auto call : llvm::to_vector(graph.front().getOps<func::CallOp>())) {
        std::string name = nameOf(call, symbols);
        if (name.empty())
          continue;
        OpBuilder b(call);
        Location loc = call.getLoc();
        declareRuntimeFunction(module, symbols, kProfileBegin, 1);
        declareRuntimeFunction(module, symbols, kProfileEnd, 2);
        func::CallOp::create(b, loc, kProfileBegin, TypeRange{},
                             ValueRange{context});
        b.setInsertionPointAfter(call);
        memref::GlobalOp &global = names[name];
        if (!global)
          global = nameGlobal(module, symbols, name, loc);
        Value string = memref::GetGlobalOp::create(b, loc, global.getType(),
                                                   global.getSymName());
        Value address = addressAsI64(b, loc, string);
        func::CallOp::create(b, loc, kProfileEnd, TypeRange{},
                             ValueRange{context, address});
      }
    }
  }

  /// The name a call is profiled under, or "" if it is not a kernel call:
  /// the labels of a generated kernel, or of a runtime kernel call's
  /// location, joined by ','; the callee's name when there are none.
  static std::string nameOf(func::CallOp call, SymbolTable &symbols) {
    StringRef callee = call.getCallee();
    llvm::SetVector<StringAttr> labels;
    auto kernel = symbols.lookup<func::FuncOp>(callee);
    if (auto attr = kernel ? kernel->getAttrOfType<ArrayAttr>(kKernelLabelsAttr)
                           : ArrayAttr()) {
      labels.insert_range(attr.getAsRange<StringAttr>());
    } else if (callee.starts_with(kRuntimeKernelPrefix) &&
               callee != kProfileBegin && callee != kProfileEnd &&
               callee != kParallelFor) {
      collectLabels(call.getLoc(), labels);
    } else {
      return "";
    }
    if (labels.empty())
      return callee.str();
    SmallVector<StringRef> parts;
    for (StringAttr label : labels)
      parts.push_back(label.getValue());
    return llvm::join(parts, ",");
  }

  /// A private constant global holding `name` as a C string.
  static memref::GlobalOp nameGlobal(ModuleOp module, SymbolTable &symbols,
                                     StringRef name, Location loc) {
    SmallVector<int8_t> bytes(name.begin(), name.end());
    bytes.push_back(0);
    Builder b(module.getContext());
    auto type = RankedTensorType::get({static_cast<int64_t>(bytes.size())},
                                      b.getI8Type());
    return createConstantGlobal(module, symbols, "__wnn_profile_name",
                                DenseIntElementsAttr::get(type, bytes), loc);
  }
};

} // namespace
} // namespace wnn
