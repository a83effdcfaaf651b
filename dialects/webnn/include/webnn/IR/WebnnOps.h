//===- WebnnOps.h - webnn dialect operations --------------------*- C++ -*-===//
#ifndef WEBNN_IR_WEBNNOPS_H
#define WEBNN_IR_WEBNNOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "webnn/IR/WebnnDialect.h"

namespace wnn::webnn::OpTrait {
/// Marks element-wise ops (see Webnn_Elementwise in WebnnOps.td).
template <typename ConcreteType>
class Elementwise : public mlir::OpTrait::TraitBase<ConcreteType, Elementwise> {
};
} // namespace wnn::webnn::OpTrait

#define GET_OP_CLASSES
#include "webnn/IR/WebnnOps.h.inc"

#endif // WEBNN_IR_WEBNNOPS_H
