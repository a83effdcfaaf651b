//===- WebnnDialect.h - The webnn dialect -----------------------*- C++ -*-===//
#ifndef WEBNN_IR_WEBNNDIALECT_H
#define WEBNN_IR_WEBNNDIALECT_H

#include "mlir/IR/Dialect.h"

#include "webnn/IR/WebnnOpsDialect.h.inc"

#endif // WEBNN_IR_WEBNNDIALECT_H
