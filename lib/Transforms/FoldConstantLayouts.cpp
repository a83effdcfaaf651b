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
    ElementsAttr transposed = transposeConstant(value, op.getPermutation());
    if (!transposed)
      return failure();
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, transposed.getType(),
                                                   cast<TypedAttr>(transposed));
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
