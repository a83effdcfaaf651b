//===- ReductionOps.cpp - The reduce* ops
//----------------------------------===//

#include "InferenceUtils.h"

using namespace mlir;
using namespace wnn::webnn;
using namespace wnn::webnn::detail;

template <typename Adaptor>
static LogicalResult inferReduce(Loc loc, StringRef op, Adaptor adaptor,
                                 SmallVectorImpl<Type> &types) {
  Value input = adaptor.getInput();
  if (failed(checkOperand(loc, op, "input", input)))
    return failure();
  auto type = tensorType(input);
  ArrayRef<int64_t> axes = adaptor.getAxes();
  if (failed(checkAxes(loc, axes, type.getRank(), "axes")))
    return failure();
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < type.getRank(); ++i) {
    if (!llvm::is_contained(axes, i))
      shape.push_back(type.getDimSize(i));
    else if (adaptor.getKeepDimensions())
      shape.push_back(1);
  }
  types.push_back(type.clone(shape));
  return success();
}

#define WEBNN_REDUCE_INFER(OP)                                                 \
  LogicalResult OP::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,  \
                                     SmallVectorImpl<Type> &types) {           \
    return inferReduce(loc, specName<OP>(), adaptor, types);                   \
  }
WEBNN_REDUCE_INFER(ReduceMaxOp)
WEBNN_REDUCE_INFER(ReduceMinOp)
WEBNN_REDUCE_INFER(ReduceMeanOp)
WEBNN_REDUCE_INFER(ReduceSumOp)
WEBNN_REDUCE_INFER(ReduceL1Op)
WEBNN_REDUCE_INFER(ReduceL2Op)
WEBNN_REDUCE_INFER(ReduceLogSumOp)
WEBNN_REDUCE_INFER(ReduceLogSumExpOp)
WEBNN_REDUCE_INFER(ReduceProductOp)
WEBNN_REDUCE_INFER(ReduceSumSquareOp)
#undef WEBNN_REDUCE_INFER

template <typename Adaptor>
static LogicalResult inferArgReduce(Loc loc, StringRef op, Adaptor adaptor,
                                    SmallVectorImpl<Type> &types) {
  Value input = adaptor.getInput();
  if (failed(checkOperand(loc, op, "input", input)))
    return failure();
  auto type = tensorType(input);
  int64_t axis = adaptor.getAxis();
  if (failed(checkAxis(loc, axis, type.getRank())))
    return failure();
  Type output = adaptor.getOutputDataType();
  if (!output.isSignlessInteger(32) && !output.isSignlessInteger(64))
    return fail(loc, "options: outputDataType " + typeName(output) +
                         " is not int32 or int64");
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < type.getRank(); ++i) {
    if (i != axis)
      shape.push_back(type.getDimSize(i));
    else if (adaptor.getKeepDimensions())
      shape.push_back(1);
  }
  types.push_back(RankedTensorType::get(shape, output));
  return success();
}

LogicalResult ArgMinOp::inferReturnTypes(MLIRContext *, Loc loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  return inferArgReduce(loc, "argMin", adaptor, types);
}

LogicalResult ArgMaxOp::inferReturnTypes(MLIRContext *, Loc loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  return inferArgReduce(loc, "argMax", adaptor, types);
}

LogicalResult CumulativeSumOp::inferReturnTypes(MLIRContext *, Loc loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  Value input = adaptor.getInput();
  auto type = tensorType(input);
  if (failed(checkOperand(loc, "cumulativeSum", "input", input)) ||
      failed(checkAxis(loc, adaptor.getAxis(), type.getRank())))
    return failure();
  types.push_back(type);
  return success();
}
