//===- IndexingOps.cpp - gatherElements, gatherND, scatterElements, ... ---===//

#include "InferenceUtils.h"

using namespace mlir;
using namespace wnn::webnn;
using namespace wnn::webnn::detail;

/// The checks gatherElements and scatterElements share: the input and
/// `indices` against the table, and `indices` has the input's rank and, on
/// every axis but `axis`, the input's size.
static LogicalResult checkElementIndices(Loc loc, StringRef op, Value input,
                                         Value indices, int64_t axis) {
  auto type = tensorType(input);
  auto indexType = tensorType(indices);
  if (failed(checkOperand(loc, op, "input", input)) ||
      failed(checkOperand(loc, op, "indices", indices)) ||
      failed(checkAxis(loc, axis, type.getRank())))
    return failure();
  if (indexType.getRank() != type.getRank())
    return fail(loc, "indices: rank " + Twine(indexType.getRank()) +
                         " differs from the input's rank " +
                         Twine(type.getRank()));
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (d != axis && indexType.getDimSize(d) != type.getDimSize(d))
      return fail(loc, "indices: shape " + shapeString(indexType.getShape()) +
                           " differs from the input's " +
                           shapeString(type.getShape()) + " on axis " +
                           Twine(d));
  return success();
}

/// The shape gatherND produces and scatterND's updates have, after checking
/// the input and `indices`: indices.shape[:-1] + input.shape[k:],
/// k = indices.shape[-1].
static FailureOr<SmallVector<int64_t>>
sliceShapeND(Loc loc, StringRef op, Value input, Value indices) {
  auto type = tensorType(input);
  auto indexType = tensorType(indices);
  if (failed(checkOperand(loc, op, "input", input)) ||
      failed(checkOperand(loc, op, "indices", indices)))
    return failure();
  int64_t k = indexType.getShape().back();
  if (k > type.getRank())
    return fail(loc, "indices: the last dimension (" + Twine(k) +
                         ") is greater than the input's rank " +
                         Twine(type.getRank()));
  SmallVector<int64_t> shape(indexType.getShape().drop_back());
  llvm::append_range(shape, type.getShape().drop_front(k));
  return shape;
}

LogicalResult GatherElementsOp::inferReturnTypes(MLIRContext *, Loc loc,
                                                 Adaptor adaptor,
                                                 SmallVectorImpl<Type> &types) {
  if (failed(checkElementIndices(loc, "gatherElements", adaptor.getInput(),
                                 adaptor.getIndices(), adaptor.getAxis())))
    return failure();
  types.push_back(tensorType(adaptor.getInput())
                      .clone(tensorType(adaptor.getIndices()).getShape()));
  return success();
}

LogicalResult GatherNDOp::inferReturnTypes(MLIRContext *, Loc loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  auto shape =
      sliceShapeND(loc, "gatherND", adaptor.getInput(), adaptor.getIndices());
  if (failed(shape))
    return failure();
  types.push_back(tensorType(adaptor.getInput()).clone(*shape));
  return success();
}

LogicalResult
ScatterElementsOp::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,
                                    SmallVectorImpl<Type> &types) {
  Value input = adaptor.getInput(), updates = adaptor.getUpdates();
  if (failed(checkElementIndices(loc, "scatterElements", input,
                                 adaptor.getIndices(), adaptor.getAxis())) ||
      failed(checkSameType(loc, updates, input, "updates", "input")) ||
      failed(checkOperand(loc, "scatterElements", "updates", updates)) ||
      failed(checkShape(loc, updates, "updates",
                        tensorType(adaptor.getIndices()).getShape())))
    return failure();
  types.push_back(tensorType(input));
  return success();
}

LogicalResult ScatterNDOp::inferReturnTypes(MLIRContext *, Loc loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  Value input = adaptor.getInput(), updates = adaptor.getUpdates();
  auto shape = sliceShapeND(loc, "scatterND", input, adaptor.getIndices());
  if (failed(shape) ||
      failed(checkSameType(loc, updates, input, "updates", "input")) ||
      failed(checkOperand(loc, "scatterND", "updates", updates)) ||
      failed(checkShape(loc, updates, "updates", *shape)))
    return failure();
  types.push_back(tensorType(input));
  return success();
}
