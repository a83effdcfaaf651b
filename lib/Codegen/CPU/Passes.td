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

def TileAndVectorize : Pass<"wnn-tile-and-vectorize", "mlir::func::FuncOp"> {
  let summary = "Tiles contractions and convolutions into vector registers";
  let description = [{
    Runs on linalg on tensors, before bufferization. Each f32 contraction
    (matmul-like `linalg.generic`) and each `linalg.conv_2d_nhwc_hwcf` /
    `linalg.depthwise_conv_2d_nhwc_hwc` is tiled in two levels with
    `scf.for` loops:

    - cache blocks (contractions only): up to 64 rows, 128 columns and a
      256-deep reduction, chosen among the divisors of each dimension;
    - register blocks: `rows` x `2 * lanes` outputs, with every reduction
      loop innermost and of size 1, so the accumulator block stays in
      registers (`rows` is what the register file holds next to two
      vectors of the other operand and a broadcast).

    Partial register blocks are peeled into their own loops, so every
    block has a static shape. Convolution blocks are rewritten as 1-D
    convolutions, and every block is vectorized (`vector.contract` or
    elementwise vector ops). A later `loop-invariant-subset-hoisting`
    moves the accumulator reads and writes out of the reduction loops.
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "unsigned", /*default=*/"512",
           "Width of the target's vector registers in bits">,
    Option<"vectorRegisters", "vector-registers", "unsigned",
           /*default=*/"32", "Number of vector registers of the target">,
  ];
  let dependentDialects = ["mlir::affine::AffineDialect",
                           "mlir::arith::ArithDialect",
                           "mlir::linalg::LinalgDialect",
                           "mlir::scf::SCFDialect",
                           "mlir::tensor::TensorDialect",
                           "mlir::vector::VectorDialect"];
}

#endif // WNN_CODEGEN_CPU_PASSES_TD
