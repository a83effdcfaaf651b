//===- FuseElementwise.cpp - Bounded fusion of element-wise nests ---------===//
//
// Fuses producer linalg.generic ops into their element-wise consumers, as
// upstream's linalg element-wise fusion does, with two differences that a
// graph compiler needs:
//  - a fused body never grows past `max-body-ops` operations. Every fusion
//    clones both bodies, so an unbounded chain of n operations costs O(n^2)
//    (a 1600-op chain spent seconds here); bounded, fusion is linear, and a
//    body of that size is compute-bound long before memory traffic matters;
//  - the fused op keeps the locations of both ops, so kernels and profiles
//    name every WebNN operation they compute, not only the last.
//
//===----------------------------------------------------------------------===//

#include "Transforms/IndexingMaps.h"
#include "Transforms/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace wnn {
#define GEN_PASS_DEF_FUSEELEMENTWISE
#include "Transforms/Passes.h.inc"
} // namespace wnn

using namespace mlir;

namespace {

/// Operations in the body of `op` (its terminator excluded).
size_t bodySize(linalg::GenericOp op) {
  return op.getBody()->getOperations().size() - 1;
}

/// Whether fusing `producer` into `consumer` leaves a contraction or
/// reduction tileable: a producer's reversed or wrapped reads (reverse,
/// tile) would become the contraction's, which tiling cannot slice.
bool keepsReductionTileable(linalg::GenericOp producer,
                            linalg::GenericOp consumer) {
  return consumer.getNumLoops() == consumer.getNumParallelLoops() ||
         wnn::tilingSlicesCorrectly(producer.getIndexingMapsArray());
}

/// Fuses one producer into `consumer` per rewrite, when the control allows.
struct FuseProducerIntoConsumer : OpRewritePattern<linalg::GenericOp> {
  FuseProducerIntoConsumer(MLIRContext *context, unsigned maxBodyOps)
      : OpRewritePattern(context), maxBodyOps(maxBodyOps) {}

  LogicalResult matchAndRewrite(linalg::GenericOp consumer,
                                PatternRewriter &rewriter) const override {
    for (OpOperand &operand : consumer->getOpOperands()) {
      auto producer = operand.get().getDefiningOp<linalg::GenericOp>();
      // A producer read elsewhere too would be computed twice.
      if (!producer || !producer->hasOneUse() ||
          !linalg::areElementwiseOpsFusable(&operand) ||
          !keepsReductionTileable(producer, consumer) ||
          bodySize(producer) + bodySize(consumer) > maxBodyOps)
        continue;
      Location loc =
          FusedLoc::get(getContext(), {producer.getLoc(), consumer.getLoc()});
      FailureOr<linalg::ElementwiseOpFusionResult> fused =
          linalg::fuseElementwiseOps(rewriter, &operand);
      if (failed(fused))
        continue;
      fused->fusedOp->setLoc(loc);
      for (auto [original, replacement] : fused->replacements)
        rewriter.replaceUsesWithIf(original, replacement, [&](OpOperand &use) {
          return use.getOwner() != producer.getOperation();
        });
      rewriter.eraseOp(consumer);
      return success();
    }
    return failure();
  }

  unsigned maxBodyOps;
};

struct FuseElementwisePass
    : wnn::impl::FuseElementwiseBase<FuseElementwisePass> {
  using FuseElementwiseBase::FuseElementwiseBase;

  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    patterns.add<FuseProducerIntoConsumer>(context, maxBodyOps);
    // Upstream's companions of fusion (fills and splat constants folded
    // into their consumers, destinations that are never read replaced by
    // empty tensors); its own unbounded fusion is turned off.
    linalg::populateElementwiseOpsFusionPatterns(
        patterns, [](OpOperand *) { return false; });
    // Reshapes move out of the way of fusion (by expanding the loops of
    // the op next to them), and constants feeding element-wise ops fold.
    auto singleUse = [](OpOperand *operand) {
      Operation *producer = operand->get().getDefiningOp();
      return producer && producer->hasOneUse();
    };
    // Only element-wise ops are expanded: a contraction or reduction with
    // unit dims split into its loops is no longer the 2-D or batched form
    // that tile-and-vectorize recognizes; its reshape stays a view.
    auto expandsOnlyElementwise = [singleUse](OpOperand *operand) {
      auto isReducing = [](Operation *op) {
        auto linalgOp = dyn_cast_or_null<linalg::LinalgOp>(op);
        return linalgOp &&
               linalgOp.getNumLoops() != linalgOp.getNumParallelLoops();
      };
      return singleUse(operand) && !isReducing(operand->getOwner()) &&
             !isReducing(operand->get().getDefiningOp());
    };
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns,
                                                      expandsOnlyElementwise);
    tensor::populateBubbleUpExpandShapePatterns(patterns);
    // Upstream's folder reads the constant with the result's float
    // semantics: it must not fold an op that changes the element type (a
    // float16 constant widened to float32 crashed it).
    auto sameElementType = [singleUse](OpOperand *operand) {
      auto consumer = dyn_cast<linalg::GenericOp>(operand->getOwner());
      return singleUse(operand) && consumer &&
             llvm::all_of(consumer->getOperandTypes(), [&](Type type) {
               return getElementTypeOrSelf(type) ==
                      getElementTypeOrSelf(consumer->getResultTypes()[0]);
             });
    };
    linalg::populateConstantFoldLinalgOperations(patterns, sameElementType);
    linalg::populateEraseUnusedOperandsAndResultsPatterns(patterns);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, context);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, context);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, context);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, context);
    context->getLoadedDialect<linalg::LinalgDialect>()
        ->getCanonicalizationPatterns(patterns);
    // Top-down visits producers first: each op is fused as it is reached.
    if (failed(applyPatternsGreedily(
            getOperation(), std::move(patterns),
            GreedyRewriteConfig().setUseTopDownTraversal(true))))
      signalPassFailure();
  }
};

} // namespace
