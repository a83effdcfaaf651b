//===- ArtifactABI.cpp - Descriptor and entry points in LLVM IR -----------===//

#include "Target/Target.h"
#include "Transforms/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Verifier.h"

using namespace llvm;

namespace wnn {

namespace {

/// Emits the wnn_tensor_desc array for `tensors`.
Constant *tensorDescs(
    Module &m, StructType *descType,
    const std::vector<std::pair<std::string, OperandDescriptor>> &tensors,
    StringRef prefix) {
  LLVMContext &ctx = m.getContext();
  auto *i32 = Type::getInt32Ty(ctx);
  auto *ptr = PointerType::getUnqual(ctx);
  std::vector<Constant *> entries;
  for (auto [index, tensor] : llvm::enumerate(tensors)) {
    const auto &[name, desc] = tensor;
    auto *nameInit = ConstantDataArray::getString(ctx, name);
    auto *nameVar = new GlobalVariable(m, nameInit->getType(), true,
                                       GlobalValue::PrivateLinkage, nameInit,
                                       prefix + "_name" + Twine(index));
    std::vector<uint64_t> dims(desc.shape.begin(), desc.shape.end());
    if (dims.empty())
      dims.push_back(1); // never read for rank 0; keeps the pointer valid
    auto *shapeInit = ConstantDataArray::get(ctx, dims);
    auto *shapeVar = new GlobalVariable(m, shapeInit->getType(), true,
                                        GlobalValue::PrivateLinkage, shapeInit,
                                        prefix + "_shape" + Twine(index));
    entries.push_back(ConstantStruct::get(
        descType,
        {nameVar, ConstantInt::get(i32, static_cast<int32_t>(desc.dataType)),
         ConstantInt::get(i32, desc.shape.size()), shapeVar}));
  }
  if (entries.empty())
    return ConstantPointerNull::get(ptr);
  auto *arrayType = ArrayType::get(descType, entries.size());
  return new GlobalVariable(m, arrayType, true, GlobalValue::PrivateLinkage,
                            ConstantArray::get(arrayType, entries), prefix);
}

/// void wnn_run(ptr ctx, ptr inputs, ptr outputs, ptr arena): unpacks the
/// pointer arrays and calls the graph function.
Function *emitRun(Module &m, Function *graph, size_t numInputs,
                  size_t numOutputs) {
  LLVMContext &ctx = m.getContext();
  auto *ptr = PointerType::getUnqual(ctx);
  auto *i64 = Type::getInt64Ty(ctx);
  auto *type =
      FunctionType::get(Type::getVoidTy(ctx), {ptr, ptr, ptr, ptr}, false);
  auto *run =
      Function::Create(type, GlobalValue::InternalLinkage, "wnn_run", m);
  IRBuilder<> b(BasicBlock::Create(ctx, "entry", run));
  std::vector<Value *> args{b.CreatePtrToInt(run->getArg(0), i64)};
  auto loadAt = [&](Value *base, size_t i) {
    Value *slot = b.CreateConstGEP1_64(ptr, base, i);
    return b.CreateLoad(ptr, slot);
  };
  for (size_t i = 0; i < numInputs; ++i)
    args.push_back(loadAt(run->getArg(1), i));
  for (size_t i = 0; i < numOutputs; ++i)
    args.push_back(loadAt(run->getArg(2), i));
  args.push_back(run->getArg(3));
  b.CreateCall(graph, args);
  b.CreateRetVoid();
  return run;
}

/// Gives every large constant global a flat byte array type, with its
/// value's bytes unchanged (a resource blob is shared, not copied). The
/// translation then makes one ConstantDataArray of bytes per weight
/// instead of a nested array per dimension, and the object writer emits it
/// as one block: a model's weights cost memcpy time, not per-element time.
/// Uses only take the global's address, so its type can change.
void flattenConstantGlobals(mlir::ModuleOp module) {
  mlir::Builder b(module.getContext());
  module.walk([&](mlir::LLVM::GlobalOp global) {
    if (!global.getConstant())
      return;
    auto value =
        llvm::dyn_cast_or_null<mlir::ElementsAttr>(global.getValueOrNull());
    if (!value)
      return;
    mlir::Type element = value.getElementType();
    if (!element.isIntOrFloat() || element.getIntOrFloatBitWidth() % 8)
      return;
    int64_t bytes =
        value.getNumElements() * int64_t(element.getIntOrFloatBitWidth() / 8);
    if (bytes < int64_t(kConstantDataThreshold))
      return;
    auto flatType = mlir::RankedTensorType::get({bytes}, b.getI8Type());
    mlir::Attribute flat;
    if (auto resource =
            llvm::dyn_cast<mlir::DenseResourceElementsAttr>(value)) {
      flat = mlir::DenseResourceElementsAttr::get(flatType,
                                                  resource.getRawHandle());
    } else if (auto dense = llvm::dyn_cast<mlir::DenseElementsAttr>(value)) {
      if (dense.isSplat())
        return;
      flat = mlir::DenseElementsAttr::getFromRawBuffer(flatType,
                                                       dense.getRawData());
    } else {
      return;
    }
    global.setValueAttr(flat);
    global.setGlobalType(
        mlir::LLVM::LLVMArrayType::get(b.getI8Type(), uint64_t(bytes)));
  });
}

} // namespace

Expected<std::unique_ptr<Module>>
translateToLLVMIR(mlir::ModuleOp module, LLVMContext &context,
                  const ArtifactInterface &interface, TargetMachine &machine) {
  flattenConstantGlobals(module);
  std::unique_ptr<Module> m = mlir::translateModuleToLLVMIR(module, context);
  if (!m)
    return Error{"translation to LLVM IR failed"};
  m->setTargetTriple(machine.getTargetTriple());
  m->setDataLayout(machine.createDataLayout());

  Function *graph = m->getFunction(interface.graphFunction);
  size_t expectedArgs = 2 + interface.inputs.size() + interface.outputs.size();
  if (!graph || graph->arg_size() != expectedArgs)
    return Error{"internal error: the lowered graph function '" +
                 interface.graphFunction + "' does not have the ABI's " +
                 std::to_string(expectedArgs) + " arguments"};
  graph->setLinkage(GlobalValue::InternalLinkage);
  for (Function &function : *m) {
    if (!function.getName().starts_with(kKernelPrefix))
      continue;
    // A kernel stays a function of its own, so that each is optimized and
    // compiled on its own. Its buffers never overlap: each is a distinct
    // graph buffer or arena slice, so loads and stores can be reordered.
    function.addFnAttr(Attribute::NoInline);
    for (Argument &argument : function.args())
      if (argument.getType()->isPointerTy())
        argument.addAttr(Attribute::NoAlias);
  }

  LLVMContext &ctx = m->getContext();
  auto *i32 = Type::getInt32Ty(ctx);
  auto *i64 = Type::getInt64Ty(ctx);
  auto *ptr = PointerType::getUnqual(ctx);
  auto *tensorType =
      StructType::create(ctx, {ptr, i32, i32, ptr}, "wnn_tensor_desc");
  auto *modelType = StructType::create(
      ctx, {i32, i32, i32, i32, ptr, ptr, i64, i64, ptr}, "wnn_model_desc");
  Function *run =
      emitRun(*m, graph, interface.inputs.size(), interface.outputs.size());
  Constant *init = ConstantStruct::get(
      modelType, {ConstantInt::get(i32, WNN_ABI_VERSION),
                  ConstantInt::get(i32, interface.inputs.size()),
                  ConstantInt::get(i32, interface.outputs.size()),
                  ConstantInt::get(i32, 0),
                  tensorDescs(*m, tensorType, interface.inputs, "wnn_inputs"),
                  tensorDescs(*m, tensorType, interface.outputs, "wnn_outputs"),
                  ConstantInt::get(i64, interface.arenaSize),
                  ConstantInt::get(i64, interface.arenaAlignment), run});
  auto *desc = new GlobalVariable(
      *m, modelType, true, GlobalValue::PrivateLinkage, init, "wnn_model_desc");

  auto *entryType = FunctionType::get(ptr, false);
  auto *entry = Function::Create(entryType, GlobalValue::ExternalLinkage,
                                 WNN_MODEL_ENTRY_SYMBOL, *m);
  IRBuilder<> b(BasicBlock::Create(ctx, "entry", entry));
  b.CreateRet(desc);

  std::string problems;
  raw_string_ostream os(problems);
  if (verifyModule(*m, &os))
    return Error{"internal error: invalid LLVM IR: " + problems};
  return m;
}

} // namespace wnn
