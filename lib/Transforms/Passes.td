//===- Passes.td - Target-independent transformations ------*- tablegen -*-===//
#ifndef WNN_TRANSFORMS_PASSES_TD
#define WNN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def FoldConstantLayouts : Pass<"wnn-fold-constant-layouts",
                               "mlir::func::FuncOp"> {
  let summary = "Computes layout changes of constants at compile time";
  let description = [{
    A `linalg.transpose` of a constant (a filter given in another layout
    than the one its kernel reads) becomes a constant holding the transposed
    elements, and `tensor.expand_shape` / `tensor.collapse_shape` of a
    constant become constants of the new shape. Weights stored as
    `dense_resource` blobs get a new blob (transpose) or share the old one
    (reshape), so nothing is re-laid out on every run.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def FoldIntoWeights : Pass<"wnn-fold-into-weights", "mlir::func::FuncOp"> {
  let summary = "Folds per-channel affine ops into the weights before them";
  let description = [{
    A `webnn.batchNormalization` with constant statistics, or a `webnn.mul`
    or `webnn.add` by a constant that varies only along the channels, that
    is the only user of a `webnn.conv2d` (channels: the output's channel
    axis), a `webnn.gemm` or a 2-D `webnn.matmul` with constant weights
    (channels: the output's columns), becomes part of that op: the weights
    are scaled per channel at compile time and the shift joins the bias
    (gemm's `c`; an add after a matmul). Float32 and float16 weights.
  }];
  let dependentDialects = ["wnn::webnn::WebnnDialect"];
}

def AssignLayouts : Pass<"wnn-assign-layouts", "mlir::func::FuncOp"> {
  let summary = "Computes convolutions and pools channels-last and cancels "
                "the transposes between them";
  let description = [{
    Every NCHW `webnn.conv2d`, `webnn.convTranspose2d` and pool becomes its
    NHWC form between two `webnn.transpose`s. Each transpose then moves
    towards the graph's outputs through the ops that can compute in its
    source layout: element-wise ops (their other operands reshaped, or
    transposed at compile time when constant), concat, reductions,
    softmax, batchNormalization, instanceNormalization, pad, slice, split
    and resample2d, with their axis attributes renumbered. A transpose
    moves only when every user of it can take its source (or is a graph
    result or another transpose), so none is duplicated. Transposes that
    meet compose and cancel (TransposeOp's folder); one that moves only
    unit dimensions becomes a reshape; transposes and reshapes of constants
    are computed at compile time.
  }];
  let dependentDialects = ["wnn::webnn::WebnnDialect"];
}

def PackMatrixVector : Pass<"wnn-pack-matrix-vector", "mlir::func::FuncOp"> {
  let summary = "Lays constant matrices of matrix-vector products out as "
                "column panels";
  let description = [{
    A `webnn.gemm` with one output row, or a `webnn.matmul` of a single row
    (all leading dimensions 1), by a constant float matrix [K, N] with at
    least 128 columns becomes a batched matmul of the row by the matrix
    packed at compile time into panels [N / 64, K, 64] (zero-padded),
    reshaped and sliced back to [1, N]; gemm's alpha and c follow as mul and
    add. Each panel is then read as one contiguous stream, and the panels
    split over threads. For generated kernels only (oneDNN has its own).
  }];
  let dependentDialects = ["wnn::webnn::WebnnDialect"];
}

def DecomposeConvTranspose : Pass<"wnn-decompose-conv-transpose",
                                  "mlir::func::FuncOp"> {
  let summary = "Rewrites convTranspose2d as conv2d of a zero-spread input";
  let description = [{
    Each `webnn.convTranspose2d` becomes reshape/pad/slice ops that insert
    stride - 1 zeros between the input's elements and crop it where the
    op's padding exceeds the filter's reach, and a `webnn.conv2d` with the
    remaining padding, the op's dilations, groups, bias and layout, and the
    filter flipped with its channel axes swapped per group. Both kernel
    paths then compute it as a convolution.
  }];
  let dependentDialects = ["wnn::webnn::WebnnDialect"];
}

def DecomposeRecurrent : Pass<"wnn-decompose-recurrent",
                              "mlir::func::FuncOp"> {
  let summary = "Rewrites gru, gruCell, lstm and lstmCell as projections "
                "and a recurrence";
  let description = [{
    The input's share of every gate is computed for all steps at once, one
    `webnn.gemm` per direction (input x weight^T + bias), so that it runs on
    the kernels of gemm; the rest becomes one `webnn.recurrence`, whose
    lowering is a single loop over the steps. The recurrent weight is
    transposed (at compile time when constant) to [hiddenSize, gates *
    hiddenSize] so the loop's matmul reads its rows contiguously; absent
    initial states become zeros. A cell is a recurrence of one step and
    one direction.
  }];
  let dependentDialects = ["wnn::webnn::WebnnDialect"];
}

def FuseElementwise : Pass<"wnn-fuse-elementwise"> {
  let summary = "Fuses element-wise linalg.generic nests, within a size bound";
  let description = [{
    Fuses each `linalg.generic` that only one element-wise consumer reads
    into that consumer, moves reshapes out of the way by expanding loops,
    and folds constants into element-wise ops. A fused body never exceeds
    `max-body-ops` operations: fusion clones both bodies, so an unbounded
    chain would cost time quadratic in its length. The fused op's location
    fuses the locations of both ops, so the labels of every WebNN operation
    it computes survive into kernels and profiles.
  }];
  let options = [
    Option<"maxBodyOps", "max-body-ops", "unsigned", /*default=*/"128",
           "Largest number of operations in a fused body">
  ];
  let dependentDialects = ["mlir::affine::AffineDialect",
                           "mlir::linalg::LinalgDialect",
                           "mlir::tensor::TensorDialect"];
}

def FormKernels : Pass<"wnn-form-kernels", "mlir::ModuleOp"> {
  let summary = "Outlines each fused group of linalg ops into a kernel";
  let description = [{
    Each group of work in a graph function becomes a private function of
    its own (a kernel), called from the graph function: a contraction,
    convolution, pool or reduction with the fill of its destination and its
    element-wise consumer, a fused element-wise nest, a copy (pad, slice,
    concatenation), and so on. Every later phase, LLVM's included, then
    works on one kernel at a time, so compile time grows with the number of
    kernels, not with the square of the graph's size, and kernels can be
    compiled in parallel.

    Constants and empty tensors are cloned into the kernels that use them;
    other values cross the boundary as arguments and results. Reshapes,
    runtime calls (`wnn_rt.call`) and constants stay in the graph function.
    A kernel carries `webnn.kernel` and `webnn.labels`, the labels (or
    kinds) of the WebNN operations it came from, in order.
  }];
  let dependentDialects = ["mlir::bufferization::BufferizationDialect",
                           "mlir::func::FuncDialect"];
}

#endif // WNN_TRANSFORMS_PASSES_TD
