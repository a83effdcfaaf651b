//===- FoldConstantLayouts.cpp - Transposes and reshapes of constants -----===//
//
// Kernels read filters in one layout (HWIO for generated convolutions, OIHW
// for oneDNN); graphs give them in any of four. The layout change of a
// constant is computed here once instead of by generated code on every run.
//
//===----------------------------------------------------------------------===//

#include "Transforms/ConstantData.h"
#include "Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace wnn {
#define GEN_PASS_DEF_FOLDCONSTANTLAYOUTS
#include "Transforms/Passes.h.inc"
} // namespace wnn

using namespace mlir;

namespace wnn {
namespace {

struct FoldConstantTranspose : OpRewritePattern<linalg::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    ElementsAttr value;
    if (!matchPattern(op.getInput(), m_Constant(&value)))
      return failure();
    auto resultType = cast<RankedTensorType>(op.getResult()[0].getType());
    if (auto dense = dyn_cast<DenseElementsAttr>(value);
        dense && dense.isSplat()) {
      rewriter.replaceOpWithNewOp<arith::ConstantOp>(
          op, resultType, dense.resizeSplat(resultType));
      return success();
    }
    ArrayRef<char> source = packedBytes(value);
    auto sourceType = cast<RankedTensorType>(value.getType());
    if (source.empty() || !resultType.hasStaticShape())
      return failure();
    int64_t elementBytes = resultType.getElementTypeBitWidth() / 8;
    if (int64_t(source.size()) != sourceType.getNumElements() * elementBytes)
      return failure();

    // Walk the result in order; `offset` follows the matching source
    // element through the source's strides.
    ArrayRef<int64_t> perm = op.getPermutation();
    ArrayRef<int64_t> shape = resultType.getShape();
    int64_t rank = shape.size();
    SmallVector<int64_t> sourceStrides(rank, 1);
    for (int64_t d = rank - 2; d >= 0; --d)
      sourceStrides[d] = sourceStrides[d + 1] * sourceType.getDimSize(d + 1);
    SmallVector<int64_t> strides(rank);
    for (int64_t d = 0; d < rank; ++d)
      strides[d] = sourceStrides[perm[d]];
    std::vector<char> result(source.size());
    SmallVector<int64_t> index(rank, 0);
    int64_t offset = 0;
    for (int64_t i = 0, e = resultType.getNumElements(); i < e; ++i) {
      std::memcpy(&result[i * elementBytes], &source[offset * elementBytes],
                  elementBytes);
      for (int64_t d = rank - 1; d >= 0; --d) {
        offset += strides[d];
        if (++index[d] < shape[d])
          break;
        offset -= strides[d] * shape[d];
        index[d] = 0;
      }
    }
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        op, resultType,
        cast<TypedAttr>(makeConstant(value, resultType, result)));
    return success();
  }
};

/// Reshapes keep the elements in order: a resource is shared under its new
/// type (the upstream folders handle dense attributes).
template <typename ReshapeOp>
struct FoldResourceReshape : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern<ReshapeOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    DenseResourceElementsAttr value;
    if (!matchPattern(op.getSrc(), m_Constant(&value)))
      return failure();
    auto type = cast<RankedTensorType>(op.getResultType());
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        op, type, DenseResourceElementsAttr::get(type, value.getRawHandle()));
    return success();
  }
};

struct FoldConstantLayoutsPass
    : impl::FoldConstantLayoutsBase<FoldConstantLayoutsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns
        .add<FoldConstantTranspose, FoldResourceReshape<tensor::ExpandShapeOp>,
             FoldResourceReshape<tensor::CollapseShapeOp>>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
} // namespace wnn
