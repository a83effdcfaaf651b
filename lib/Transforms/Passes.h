//===- Passes.h - Target-independent transformations ------------*- C++ -*-===//
#ifndef WNN_TRANSFORMS_PASSES_H
#define WNN_TRANSFORMS_PASSES_H

#include "mlir/Pass/Pass.h"

namespace wnn {

#define GEN_PASS_DECL
#include "Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "Transforms/Passes.h.inc"

} // namespace wnn

#endif // WNN_TRANSFORMS_PASSES_H
