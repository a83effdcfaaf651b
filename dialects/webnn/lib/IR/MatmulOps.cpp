//===- MatmulOps.cpp - matmul and gemm
//--------------------------------------===//

#include "InferenceUtils.h"

using namespace mlir;
using namespace wnn::webnn;
using namespace wnn::webnn::detail;

LogicalResult MatmulOp::inferReturnTypes(MLIRContext *, Loc loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  Value a = adaptor.getA(), b = adaptor.getB();
  if (failed(checkOperand(loc, "matmul", "a", a)) ||
      failed(checkSameType(loc, b, a, "b", "a")) ||
      failed(checkOperand(loc, "matmul", "b", b)))
    return failure();
  auto aShape = tensorType(a).getShape(), bShape = tensorType(b).getShape();
  int64_t m = aShape[aShape.size() - 2], k = aShape.back();
  int64_t kb = bShape[bShape.size() - 2], n = bShape.back();
  if (k != kb)
    return fail(loc, "b: its rows (" + Twine(kb) +
                         ") do not match a's columns (" + Twine(k) + ")");
  auto batch = broadcastShapes(aShape.drop_back(2), bShape.drop_back(2));
  if (!batch)
    return fail(loc, "b: batch dimensions " + shapeString(bShape.drop_back(2)) +
                         " cannot be broadcast with a's " +
                         shapeString(aShape.drop_back(2)));
  SmallVector<int64_t> shape(*batch);
  shape.push_back(m);
  shape.push_back(n);
  types.push_back(tensorType(a).clone(shape));
  return success();
}

LogicalResult GemmOp::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  Value a = adaptor.getA(), b = adaptor.getB();
  if (failed(checkOperand(loc, "gemm", "a", a)) ||
      failed(checkSameType(loc, b, a, "b", "a")) ||
      failed(checkOperand(loc, "gemm", "b", b)))
    return failure();
  auto aShape = tensorType(a).getShape(), bShape = tensorType(b).getShape();
  bool ta = adaptor.getATranspose(), tb = adaptor.getBTranspose();
  int64_t m = aShape[ta ? 1 : 0], k = aShape[ta ? 0 : 1];
  int64_t kb = bShape[tb ? 1 : 0], n = bShape[tb ? 0 : 1];
  if (k != kb)
    return fail(loc, "b: its rows (" + Twine(kb) +
                         ") do not match a's columns (" + Twine(k) +
                         ") after the transposes");
  SmallVector<int64_t> shape{m, n};
  if (Value c = adaptor.getC()) {
    if (failed(checkSameType(loc, c, a, "c", "a")) ||
        failed(checkOperand(loc, "gemm", "c", c)))
      return failure();
    auto cShape = tensorType(c).getShape();
    if (!broadcastsTo(cShape, shape))
      return fail(loc, "c: shape " + shapeString(cShape) +
                           " cannot be broadcast to the output shape " +
                           shapeString(shape));
  }
  types.push_back(tensorType(a).clone(shape));
  return success();
}
