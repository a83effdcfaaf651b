//===- BufferizableOpInterfaceImpl.cpp - Bufferizing wnn_rt.call ----------===//
//
// A runtime kernel reads its inputs and overwrites its output, both as dense
// row-major buffers. Operands whose buffers have another layout (a slice of a
// larger tensor, say) are copied into fresh dense buffers around the call.
//
//===----------------------------------------------------------------------===//

#include "wnn_rt/IR/WnnRtOps.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/IR/DstBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;
using namespace mlir::bufferization;

namespace wnn::rt {
namespace {

struct CallOpBufferization
    : DstBufferizableOpInterfaceExternalModel<CallOpBufferization, CallOp> {
  bool bufferizesToMemoryRead(Operation *op, OpOperand &operand,
                              const AnalysisState &) const {
    // The output is overwritten as a whole; its old contents are not read.
    return !cast<CallOp>(op).isDpsInit(&operand);
  }

  LogicalResult bufferize(Operation *op, RewriterBase &rewriter,
                          const BufferizationOptions &options,
                          BufferizationState &state) const {
    auto call = cast<CallOp>(op);
    Location loc = call.getLoc();
    rewriter.setInsertionPoint(call);

    // A dense buffer of `value`'s contents: its own buffer when that is
    // dense, otherwise a fresh one (filled with a copy when `copy` is set).
    auto denseBuffer = [&](Value buffer, bool copy) -> FailureOr<Value> {
      auto type = cast<MemRefType>(buffer.getType());
      if (type.getLayout().isIdentity())
        return buffer;
      auto denseType =
          MemRefType::get(type.getShape(), type.getElementType(),
                          MemRefLayoutAttrInterface(), type.getMemorySpace());
      FailureOr<Value> dense =
          options.createAlloc(rewriter, loc, denseType, ValueRange{});
      if (failed(dense))
        return failure();
      if (copy && failed(options.createMemCpy(rewriter, loc, buffer, *dense)))
        return failure();
      return dense;
    };

    SmallVector<Value> inputs;
    for (Value input : call.getInputs()) {
      FailureOr<Value> buffer = getBuffer(rewriter, input, options, state);
      if (failed(buffer))
        return failure();
      FailureOr<Value> dense = denseBuffer(*buffer, /*copy=*/true);
      if (failed(dense))
        return failure();
      inputs.push_back(*dense);
    }
    FailureOr<Value> output =
        getBuffer(rewriter, call.getOutput(), options, state);
    if (failed(output))
      return failure();
    FailureOr<Value> denseOutput = denseBuffer(*output, /*copy=*/false);
    if (failed(denseOutput))
      return failure();

    CallOp::create(rewriter, loc, call.getCallee(), call.getContext(),
                   call.getParams(), inputs, *denseOutput);
    if (*denseOutput != *output &&
        failed(options.createMemCpy(rewriter, loc, *denseOutput, *output)))
      return failure();
    replaceOpWithBufferizedValues(rewriter, op, *output);
    return success();
  }
};

} // namespace

void registerBufferizableOpInterfaceExternalModels(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, WnnRtDialect *) {
    CallOp::attachInterface<CallOpBufferization>(*context);
  });
}

} // namespace wnn::rt
