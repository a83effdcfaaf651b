//===- Passes.td - webnn conversions -----------------------*- tablegen -*-===//
#ifndef WNN_CONVERSION_PASSES_TD
#define WNN_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertWebnnToLinalg : Pass<"convert-webnn-to-linalg", "mlir::ModuleOp"> {
  let summary = "Lowers webnn ops to linalg, tensor, arith and math";
  let description = [{
    Every webnn op becomes structured ops on tensors: element-wise ops and
    broadcasts become `linalg.generic`, convolutions and pooling become linalg
    named ops on padded inputs, reductions become reducing generics, and shape
    ops become tensor reshapes, slices and inserts. Unsigned element types
    become signless; ops that care about signedness pick unsigned arith ops.
    Gather clamps its indices so that no index can leave its buffer.
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::linalg::LinalgDialect",
    "mlir::math::MathDialect", "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect", "mlir::func::FuncDialect"
  ];
}

def ConvertWebnnToOneDNN : Pass<"convert-webnn-to-onednn", "mlir::ModuleOp"> {
  let summary = "Turns conv2d, matmul and gemm into oneDNN runtime calls";
  let description = [{
    Each float32 conv2d, matmul and gemm becomes a `wnn_rt.call` of the
    runtime's `wnn_rt_conv2d` / `wnn_rt_matmul` on tensors, with its constant
    parameter block (see include/wnn/c/artifact.h) and an empty tensor as the
    destination. A following activation, and then an `add` of a tensor shaped
    like the result, are fused into the call as oneDNN post-ops when they are
    the only users. The graph function gets a leading `i64` context argument
    (`webnn.context`) that is passed to every call. Other ops are left for
    convert-webnn-to-linalg.
  }];
  let dependentDialects = [
    "mlir::tensor::TensorDialect", "::wnn::rt::WnnRtDialect"
  ];
}

def ConvertWnnRtToFunc : Pass<"convert-wnn-rt-to-func", "mlir::ModuleOp"> {
  let summary = "Turns bufferized runtime calls into calls of C functions";
  let description = [{
    Each `wnn_rt.call` on memrefs becomes a `func.call` of its C function
    (include/wnn/c/artifact.h): the context, the address of its parameter
    block (a private constant `memref.global` named `__wnn_kernel_params*`),
    the output's address, then the inputs' addresses, padded with nulls to
    `WNN_KERNEL_MAX_INPUTS`. Addresses are `i64`. This is the first step of
    the lowering to LLVM: no pass that plans or moves memory runs after it.
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::func::FuncDialect",
    "mlir::memref::MemRefDialect"
  ];
}

def ProfileKernelCalls : Pass<"wnn-profile-kernel-calls", "mlir::ModuleOp"> {
  let summary = "Times every kernel call of the graph function";
  let description = [{
    Runs after `convert-wnn-rt-to-func`, when profiling is asked for. Each
    call of a generated kernel (a function with `webnn.labels`) or of a
    runtime kernel (`wnn_rt_*`) in a graph function is bracketed by
    `wnn_rt_profile_begin(ctx)` and `wnn_rt_profile_end(ctx, name)`, where
    `name` is a constant C string: the labels of the WebNN operations the
    kernel computes, joined by ','. The runtime adds up the time per name
    (`wnn_session_profile`).
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::func::FuncDialect",
    "mlir::memref::MemRefDialect"
  ];
}

#endif // WNN_CONVERSION_PASSES_TD
