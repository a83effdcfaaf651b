//===- WnnRtDialect.h - The wnn_rt dialect ----------------------*- C++ -*-===//
#ifndef WNN_RT_IR_WNNRTDIALECT_H
#define WNN_RT_IR_WNNRTDIALECT_H

#include "mlir/IR/Dialect.h"

#include "wnn_rt/IR/WnnRtOpsDialect.h.inc"

#endif // WNN_RT_IR_WNNRTDIALECT_H
