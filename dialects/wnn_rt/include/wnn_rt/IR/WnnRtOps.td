//===- WnnRtOps.td - Calls of runtime kernels --------------*- tablegen -*-===//
//
// The wnn_rt dialect models the kernels that the runtime provides (oneDNN
// primitives, see include/wnn/c/artifact.h) as ops that say what they read
// and write, so that bufferization, CSE and the arena planner see every use
// of a buffer. Raw pointers exist only once the calls are lowered for LLVM.
//
//===----------------------------------------------------------------------===//
#ifndef WNN_RT_OPS_TD
#define WNN_RT_OPS_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/BuiltinAttributes.td"
include "mlir/Interfaces/DestinationStyleOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def WnnRt_Dialect : Dialect {
  let name = "wnn_rt";
  let summary = "Calls of the webnn-mlir runtime's kernels";
  let description = [{
    Ops that stand for calls into the runtime (`wnn_rt_*` functions of
    `include/wnn/c/artifact.h`). They take tensors before bufferization and
    dense memrefs after it, and declare their memory effects, so every pass
    sees which buffers a kernel reads and writes.
  }];
  let cppNamespace = "::wnn::rt";
}

def WnnRt_DenseBuffer
    : AnyTypeOf<[AnyRankedTensor, AnyStaticShapeMemRef],
                "ranked tensor or statically shaped memref">;

def WnnRt_CallOp : Op<WnnRt_Dialect, "call", [
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>,
    DestinationStyleOpInterface]> {
  let summary = "A call of a runtime kernel";
  let description = [{
    Calls the runtime kernel `callee` with the run's context, a constant
    parameter block `params` (emitted once per call site; its address keys the
    runtime's cache of primitives), the `output` buffer and the `inputs` in the
    order the parameter block lists them. The kernel reads every input and
    overwrites the whole output; inputs and output never alias.

    Before bufferization the op is in destination-passing style on tensors and
    has no side effects: its result is the new value of `output`. After
    bufferization every operand is a dense, identity-layout memref, the op has
    no result, and it reads its inputs and writes its output.

    ```mlir
    %r = wnn_rt.call @wnn_rt_conv2d(%ctx) params([1, 3, ...])
           ins(%x, %w : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>)
           outs(%init : tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
    wnn_rt.call @wnn_rt_conv2d(%ctx) params([1, 3, ...])
           ins(%xb, %wb : memref<1x3x8x8xf32>, memref<4x3x3x3xf32>)
           outs(%ob : memref<1x4x6x6xf32>)
    ```

    `wnn-lower-runtime-calls` turns the memref form into a call of the C
    function with pointer arguments.
  }];
  let arguments = (ins FlatSymbolRefAttr:$callee, I64:$context,
                       DenseI64ArrayAttr:$params,
                       Variadic<WnnRt_DenseBuffer>:$inputs,
                       WnnRt_DenseBuffer:$output);
  let results = (outs Optional<AnyRankedTensor>:$result);
  let assemblyFormat = [{
    $callee `(` $context `)` `params` `(` $params `)`
    (`ins` `(` $inputs^ `:` type($inputs) `)`)?
    `outs` `(` $output `:` type($output) `)` attr-dict (`->` type($result)^)?
  }];
  let builders = [
    // The result type follows from the output: a tensor output gives a
    // result of its type, a memref output none.
    OpBuilder<(ins "::llvm::StringRef":$callee, "::mlir::Value":$context,
                   "::llvm::ArrayRef<int64_t>":$params,
                   "::mlir::ValueRange":$inputs, "::mlir::Value":$output)>
  ];
  let extraClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() {
      return getOutputMutable();
    }
  }];
  let hasVerifier = 1;
}

#endif // WNN_RT_OPS_TD
