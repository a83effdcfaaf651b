//===- WnnRtOps.h - wnn_rt dialect operations -------------------*- C++ -*-===//
#ifndef WNN_RT_IR_WNNRTOPS_H
#define WNN_RT_IR_WNNRTOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "wnn_rt/IR/WnnRtDialect.h"

#define GET_OP_CLASSES
#include "wnn_rt/IR/WnnRtOps.h.inc"

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace wnn::rt {
/// Registers the bufferization model of wnn_rt.call.
void registerBufferizableOpInterfaceExternalModels(
    mlir::DialectRegistry &registry);
} // namespace wnn::rt

#endif // WNN_RT_IR_WNNRTOPS_H
