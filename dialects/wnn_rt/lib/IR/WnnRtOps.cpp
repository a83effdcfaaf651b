//===- WnnRtOps.cpp - The wnn_rt dialect ----------------------------------===//

#include "wnn_rt/IR/WnnRtOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace wnn::rt;

#include "wnn_rt/IR/WnnRtOpsDialect.cpp.inc"

void WnnRtDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "wnn_rt/IR/WnnRtOps.cpp.inc"
      >();
}

#define GET_OP_CLASSES
#include "wnn_rt/IR/WnnRtOps.cpp.inc"

void CallOp::build(OpBuilder &builder, OperationState &state, StringRef callee,
                   Value context, ArrayRef<int64_t> params, ValueRange inputs,
                   Value output) {
  Type resultType =
      isa<RankedTensorType>(output.getType()) ? output.getType() : Type();
  build(builder, state, resultType, callee, context, params, inputs, output);
}

LogicalResult CallOp::verify() {
  bool tensors = isa<RankedTensorType>(getOutput().getType());
  for (Value input : getInputs())
    if (isa<RankedTensorType>(input.getType()) != tensors)
      return emitOpError("mixes tensor and memref operands");
  if (tensors)
    return success();
  for (Value operand : getOperands().drop_front()) {
    auto type = cast<MemRefType>(operand.getType());
    if (!type.getLayout().isIdentity())
      return emitOpError("needs dense identity-layout buffers, got ") << type;
  }
  return success();
}

void CallOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  // On tensors the call is a pure function of its operands.
  for (OpOperand &input : getInputsMutable())
    if (isa<MemRefType>(input.get().getType()))
      effects.emplace_back(MemoryEffects::Read::get(), &input,
                           SideEffects::DefaultResource::get());
  OpOperand &output = getOutputMutable();
  if (isa<MemRefType>(output.get().getType()))
    effects.emplace_back(MemoryEffects::Write::get(), &output,
                         SideEffects::DefaultResource::get());
}
