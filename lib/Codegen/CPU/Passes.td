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

def ParallelizeKernels : Pass<"wnn-parallelize-kernels", "mlir::ModuleOp"> {
  let summary = "Splits the outer parallel loop of kernels over threads";
  let description = [{
    Runs on bufferized kernels (`webnn.kernel`), after arena planning. A
    kernel whose work is one loop over independent iterations (the tile loop
    of a blocked contraction or convolution, or the first parallel
    dimension of a linalg op, cut into at most 64 equal ranges) gets two
    leading `index` arguments, the first and last iteration it runs, and
    `webnn.parallel_trips`, the loop's iteration count. Its callers pass the
    whole range; `wnn-lower-parallel-kernel-calls` later makes the call
    split the range over the runtime's threads.

    A kernel whose work is several pieces that communicate only through
    its buffers (a padded copy: a fill, then a copy into the interior; a
    blocked root, then its remainder tile) first becomes one kernel per
    piece, called in the same order; ops joined by data flow stay together.
    Each piece is then split over threads on its own.

    Iterations are independent when every buffer from outside the loop is
    only read in it, or written through slices at the induction variable no
    wider than the step. Kernels doing fewer than `min-parallel-work`
    operations stay on one thread: a fork and join would cost more.
  }];
  let options = [
    Option<"minParallelWork", "min-parallel-work", "int64_t",
           /*default=*/"32768",
           "Operations below which a kernel stays on one thread">
  ];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::scf::SCFDialect"];
}

def LowerParallelKernelCalls : Pass<"wnn-lower-parallel-kernel-calls",
                                    "mlir::ModuleOp"> {
  let summary = "Calls split kernels through wnn_rt_parallel_for";
  let description = [{
    Runs on the LLVM dialect. For each kernel with `webnn.parallel_trips`,
    adds a body function `<kernel>_parallel_body(ptr args, i64 first, i64
    last)` that loads the kernel's buffers from `args` and calls it; each
    call of the kernel becomes a call of the runtime's `wnn_rt_parallel_for`
    with the run's context, the body, an array of the buffers and the
    iteration count.
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect"];
}

#endif // WNN_CODEGEN_CPU_PASSES_TD
