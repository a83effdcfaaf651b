//===- SupportLimits.h - WebNN data types in the webnn dialect --*- C++ -*-===//
//
// The mapping between WebNN data types and MLIR element types, and the
// support table (wnn/OpSupport.h) the op verifiers read.
//
//===----------------------------------------------------------------------===//
#ifndef WEBNN_IR_SUPPORTLIMITS_H
#define WEBNN_IR_SUPPORTLIMITS_H

#include "wnn/OpSupport.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Types.h"

#include <optional>

namespace wnn {

/// The element type of a WebNN data type (int32 is signless i32, uint32 is
/// ui32, ...).
mlir::Type toElementType(mlir::MLIRContext *context, DataType type);
/// The WebNN data type of an element type; nullopt if it has none.
std::optional<DataType> toDataType(mlir::Type elementType);

} // namespace wnn

#endif // WEBNN_IR_SUPPORTLIMITS_H
