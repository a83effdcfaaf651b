//===- Passes.td - CPU code generation passes --------------*- tablegen -*-===//
#ifndef WNN_CODEGEN_CPU_PASSES_TD
#define WNN_CODEGEN_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def PlanArena : Pass<"wnn-plan-arena", "mlir::ModuleOp"> {
  let summary = "Places every intermediate buffer in one arena";
  let description = [{
    Runs after bufferization. Each statically shaped `memref.alloc` in the
    entry block of a graph function is given an offset in one byte arena
    from the buffers' live ranges (greedy first fit, largest first, 64-byte
    aligned), and becomes a `memref.view` of a new trailing `memref<Nxi8>`
    argument (`webnn.arena`). The function gets `webnn.arena_size`. Buffers
    whose live ranges overlap never share bytes.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::memref::MemRefDialect"];
}

def ExpandStridedCopies : Pass<"wnn-expand-strided-copies",
                               "mlir::func::FuncOp"> {
  let summary = "Turns copies between non-contiguous memrefs into loops";
  let description = [{
    `memref.copy` of identity-layout buffers lowers to memcpy, but a copy
    that involves a strided view would need a runtime library; this pass
    rewrites those into `linalg.copy`, which becomes plain loops.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

#endif // WNN_CODEGEN_CPU_PASSES_TD
