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
    Runs on linalg on tensors, before bufferization, on f32 contractions
    (matmul-like `linalg.generic`s) and `linalg.conv_2d_nhwc_hwcf` /
    `linalg.depthwise_conv_2d_nhwc_hwc` ops:

    - the op's element-wise consumer is tiled and the op and its zero fill
      are computed inside each tile (cache blocks of up to 64 x 128 with
      256-deep reductions for large contractions, else register blocks);
    - within its tile the op is blocked for the registers: `rows` x
      `2 * lanes` outputs, every reduction loop innermost with step 1;
    - partial tiles are peeled so that every block has a static shape;
      convolution blocks become 1-D convolutions; blocks, fills and
      consumers are vectorized;
    - accumulator reads and writes are hoisted out of the reduction loops
      and blocks are forwarded from fill to accumulation to consumer in
      registers.
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "unsigned", /*default=*/"512",
           "Width of the target's vector registers in bits">,
    Option<"vectorRegisters", "vector-registers", "unsigned",
           /*default=*/"32", "Number of vector registers of the target">,
  ];
  let dependentDialects = ["mlir::affine::AffineDialect",
                           "mlir::arith::ArithDialect",
                           "mlir::bufferization::BufferizationDialect",
                           "mlir::linalg::LinalgDialect",
                           "mlir::scf::SCFDialect",
                           "mlir::tensor::TensorDialect",
                           "mlir::vector::VectorDialect"];
}

#endif // WNN_CODEGEN_CPU_PASSES_TD
