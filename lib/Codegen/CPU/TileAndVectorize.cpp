//===- TileAndVectorize.cpp - Register blocking and vectorization ---------===//
//
// Contractions and convolutions are tiled so that one block of outputs fits
// in the vector registers, partial blocks are peeled so that every block has
// a static shape, and each block becomes vector operations. See Passes.td.
//
//===----------------------------------------------------------------------===//

#include "Codegen/CPU/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

namespace wnn {
#define GEN_PASS_DEF_TILEANDVECTORIZE
#include "Codegen/CPU/Passes.h.inc"
} // namespace wnn

using namespace mlir;

namespace wnn {
namespace {

/// Set on the register blocks of contractions; convolution blocks are
/// recognized as the 1-D convolutions that only this pass creates.
constexpr StringLiteral kVectorizeMarker = "wnn.vectorize";
/// Set on a contraction or convolution before it is fused into the tiles of
/// its consumer, so that its tile can be found and blocked afterwards.
constexpr StringLiteral kRootMarker = "wnn.block_root";
/// Set on the fill and the element-wise consumer fused with a root.
constexpr StringLiteral kElementwiseMarker = "wnn.block_elementwise";

/// Element-wise ops up to this many elements are vectorized whole.
constexpr int64_t kMaxElementwiseBlock = 512;

/// Cache-level block sizes for contractions (rows, columns, reduction): the
/// reduction slice of both operands stays in L1/L2 while it is reused.
constexpr int64_t kCacheRows = 64, kCacheColumns = 128, kCacheDepth = 256;

/// The vector register file: `lanes` f32 per register, `registers` of them.
struct RegisterFile {
  int64_t lanes;
  int64_t registers;
};

/// Register block: `rows` outputs along the broadcast dimension by
/// `columns` (whole vectors) along the contiguous one.
struct RegisterBlock {
  int64_t rows;
  int64_t columns;
};

/// Up to 8 rows of two vectors each (the block that matches oneDNN's
/// matmul on AVX-512). The accumulators leave room for the streamed
/// vectors and a broadcast. With fewer rows than that (matrix-vector
/// products), each row gets more vectors: independent accumulators hide
/// the FMA latency and each reduction step reads more contiguous bytes.
RegisterBlock registerBlockFor(RegisterFile file, int64_t rowsAvailable) {
  int64_t accumulators = std::max<int64_t>(file.registers - 4, 2);
  int64_t rows = std::clamp<int64_t>(accumulators / 2, 1, 8);
  if (rowsAvailable >= rows)
    return {rows, 2 * file.lanes};
  rows = std::max<int64_t>(rowsAvailable, 1);
  int64_t vectors = std::clamp<int64_t>(accumulators / rows, 2, 8);
  return {rows, vectors * file.lanes};
}

/// The largest divisor of `size` in [preferred / 2, preferred], or 0 (no
/// cache blocking of this dimension) when the dimension is small or has no
/// such divisor. Divisors give every cache block the same static shape, so
/// the register level below it never sees a dynamic size.
int64_t cacheTileSize(int64_t size, int64_t preferred) {
  if (size <= preferred)
    return 0;
  for (int64_t tile = preferred; tile >= preferred / 2; --tile)
    if (size % tile == 0)
      return tile;
  return 0;
}

/// A register tile of `preferred` along a dimension of `size`; 0 keeps the
/// dimension whole when it is no larger than the tile.
int64_t registerTileSize(int64_t size, int64_t preferred) {
  return size <= preferred ? 0 : preferred;
}

bool hasStaticF32Shapes(linalg::LinalgOp op) {
  if (op.hasDynamicShape() || !op.hasPureTensorSemantics())
    return false;
  return llvm::all_of(op->getOperandTypes(), [](Type type) {
    return getElementTypeOrSelf(type).isF32();
  });
}

/// Loop order for tiling: parallel loops first, reductions innermost.
SmallVector<int64_t> parallelFirstOrder(linalg::LinalgOp op) {
  SmallVector<int64_t> order;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  for (auto [i, kind] : llvm::enumerate(iterators))
    if (kind == utils::IteratorType::parallel)
      order.push_back(i);
  for (auto [i, kind] : llvm::enumerate(iterators))
    if (kind != utils::IteratorType::parallel)
      order.push_back(i);
  return order;
}

/// Tile sizes per loop for both levels; empty `registerTiles` means the op
/// is not handled and keeps its scalar loops.
struct TilePlan {
  SmallVector<int64_t> cacheTiles;
  SmallVector<int64_t> registerTiles;
  /// Tiles of the parallel loops in which the root's zero fill and its
  /// element-wise consumer are computed with it: the cache blocks when there
  /// are some, else the register blocks (then the fill, the accumulation and
  /// the consumer all happen in registers).
  SmallVector<int64_t> fusionTiles;
};

/// Fusion tiles: `cacheTiles` on parallel loops if any is set, else the
/// register tiles of the parallel loops.
SmallVector<int64_t> fusionTilesOf(linalg::LinalgOp op, const TilePlan &plan) {
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  auto parallelOnly = [&](ArrayRef<int64_t> tiles) {
    SmallVector<int64_t> result(tiles);
    for (auto [i, kind] : llvm::enumerate(iterators))
      if (kind != utils::IteratorType::parallel)
        result[i] = 0;
    return result;
  };
  SmallVector<int64_t> cache = parallelOnly(plan.cacheTiles);
  SmallVector<int64_t> registers = parallelOnly(plan.registerTiles);
  // Batch loops are tiled by 1 at both levels; they alone do not make a
  // cache block.
  bool cacheBlocked = llvm::any_of(
      llvm::enumerate(cache), [&](auto entry) { return entry.value() > 1; });
  return cacheBlocked ? cache : registers;
}

/// Contractions whose output is contiguous along one `n` dimension, with
/// that dimension vectorized and one `m` dimension broadcast.
TilePlan planContraction(linalg::LinalgOp op, RegisterFile file) {
  TilePlan plan;
  if (!linalg::isaContractionOpInterface(op) || op.getNumDpsInits() != 1)
    return plan;
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  if (failed(dims) || dims->m.empty() || dims->n.empty() || dims->k.empty())
    return plan;
  AffineMap outMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  auto last = dyn_cast<AffineDimExpr>(outMap.getResults().back());
  unsigned n = dims->n.back(), m = dims->m.back();
  if (!last || last.getPosition() != n)
    return plan;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  // Every other loop is tiled by 1: batch, extra m/n dims and reductions.
  plan.cacheTiles.assign(ranges.size(), 0);
  plan.registerTiles.assign(ranges.size(), 1);
  for (unsigned batch : dims->batch)
    plan.cacheTiles[batch] = ranges[batch] > 1 ? 1 : 0;
  RegisterBlock block = registerBlockFor(file, ranges[m]);
  // Cache blocks let several register rows reuse one block of the streamed
  // operand; a single register row has nothing to reuse.
  if (ranges[m] > block.rows) {
    plan.cacheTiles[m] = cacheTileSize(ranges[m], kCacheRows);
    plan.cacheTiles[n] = cacheTileSize(ranges[n], kCacheColumns);
    unsigned k = dims->k.back();
    plan.cacheTiles[k] = cacheTileSize(ranges[k], kCacheDepth);
  }
  auto blockOf = [&](unsigned dim) {
    return plan.cacheTiles[dim] ? plan.cacheTiles[dim] : ranges[dim];
  };
  plan.registerTiles[m] = registerTileSize(blockOf(m), block.rows);
  plan.registerTiles[n] = registerTileSize(blockOf(n), block.columns);
  plan.fusionTiles = fusionTilesOf(op, plan);
  return plan;
}

/// Depthwise convolutions and pools hold a whole filter row's input window
/// in registers next to the accumulators (and, for depthwise, the row's
/// filter taps): per vector of channels, `rows` accumulators, the
/// `(rows - 1) * stride + kw` pixels the window spans and `kw` taps. The
/// block is the widest (two vectors, else one) with the most rows (at most
/// 8) that fits the register file, so that nothing spills: AVX2's 16
/// registers fit 5 rows of one vector for a 3x3 depthwise filter.
RegisterBlock perChannelBlockFor(linalg::LinalgOp op, RegisterFile file,
                                 ArrayRef<int64_t> ranges) {
  int64_t kw = ranges[5], stride = 1;
  if (auto strides = op->getAttrOfType<DenseIntElementsAttr>("strides")) {
    SmallVector<int64_t> values(strides.getValues<int64_t>());
    if (values.size() == 2 && values[1] > 0)
      stride = values[1];
  }
  bool hasFilter = isa<linalg::DepthwiseConv2DNhwcHwcOp>(op);
  int64_t available = file.registers - 1; // one for addresses and broadcasts
  for (int64_t vectors : {2, 1}) {
    for (int64_t rows = std::min<int64_t>(8, ranges[2]); rows >= 1; --rows) {
      int64_t window = (rows - 1) * stride + kw;
      int64_t need = vectors * (rows + window + (hasFilter ? kw : 0));
      // Two vectors only pay with enough rows to amortize the window.
      if (need <= available && (vectors == 1 || rows >= 4))
        return {rows, vectors * file.lanes};
    }
  }
  return {1, file.lanes};
}

/// 2-D convolutions and pools in NHWC form: one output row, `rows` output
/// pixels by `columns` channels, one filter tap and one input channel at a
/// time.
TilePlan planConvolution(linalg::LinalgOp op, RegisterFile file) {
  TilePlan plan;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  // Loops: conv (n, oh, ow, f, kh, kw, c); depthwise and pools (n, oh, ow,
  // c, kh, kw).
  bool perChannel = isa<linalg::DepthwiseConv2DNhwcHwcOp,
                        linalg::PoolingNhwcMaxOp, linalg::PoolingNhwcSumOp>(op);
  if (!perChannel && !isa<linalg::Conv2DNhwcHwcfOp>(op))
    return plan;
  // Measured on AVX2 only (16 registers, where the matmul block spilled);
  // larger register files keep the matmul-shaped block.
  RegisterBlock block = perChannel && file.registers <= 16
                            ? perChannelBlockFor(op, file, ranges)
                            : registerBlockFor(file, ranges[2]);
  plan.cacheTiles.assign(ranges.size(), 0);
  plan.registerTiles.assign(ranges.size(), 1);
  plan.registerTiles[2] = registerTileSize(ranges[2], block.rows);
  plan.registerTiles[3] = registerTileSize(ranges[3], block.columns);
  // A depthwise or pooling block reads its input window once for the whole
  // filter row: neighbouring taps reuse the loaded pixels.
  if (perChannel)
    plan.registerTiles[5] = 0;
  plan.fusionTiles = fusionTilesOf(op, plan);
  return plan;
}

/// Tiles `op` by `sizes` (0 = whole loop), parallel loops outermost.
/// Returns the tiled op and the loops, outermost first.
FailureOr<scf::SCFTilingResult>
tile(RewriterBase &rewriter, linalg::LinalgOp op, ArrayRef<int64_t> sizes) {
  scf::SCFTilingOptions options;
  options.setTileSizes(getAsIndexOpFoldResult(rewriter.getContext(), sizes));
  options.setInterchange(parallelFirstOrder(op));
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
      rewriter, cast<TilingInterface>(op.getOperation()), options);
  if (failed(tiled))
    return failure();
  rewriter.replaceOp(op, tiled->replacements);
  return tiled;
}

/// Peels the loops whose step does not divide their range, innermost first
/// (peeling an outer loop clones the already peeled inner ones), so that
/// every tile has a static shape.
void peelPartialTiles(RewriterBase &rewriter,
                      ArrayRef<LoopLikeOpInterface> loops) {
  for (LoopLikeOpInterface loop : llvm::reverse(loops)) {
    scf::ForOp partial;
    (void)scf::peelForLoopAndSimplifyBounds(
        rewriter, cast<scf::ForOp>(loop.getOperation()), partial);
  }
}

/// Applies both tiling levels of `plan` to `op`; the register blocks carry
/// the vectorization marker, and partial blocks get their own loops.
LogicalResult tileAndPeel(RewriterBase &rewriter, linalg::LinalgOp op,
                          const TilePlan &plan) {
  if (llvm::any_of(plan.cacheTiles, [](int64_t s) { return s != 0; })) {
    FailureOr<scf::SCFTilingResult> outer = tile(rewriter, op, plan.cacheTiles);
    if (failed(outer))
      return failure();
    op = cast<linalg::LinalgOp>(outer->tiledOps.back());
  }
  FailureOr<scf::SCFTilingResult> inner =
      tile(rewriter, op, plan.registerTiles);
  if (failed(inner))
    return failure();
  inner->tiledOps.back()->setAttr(kVectorizeMarker, rewriter.getUnitAttr());
  peelPartialTiles(rewriter, inner->loops);
  return success();
}

/// The element-wise op that is the only user of `root`'s result and
/// iterates over exactly its elements (bias, residual add, activation), or
/// null.
linalg::GenericOp fusableConsumer(linalg::LinalgOp root) {
  if (root->getNumResults() != 1 || !root->getResult(0).hasOneUse())
    return {};
  OpOperand &use = *root->getResult(0).getUses().begin();
  auto consumer = dyn_cast<linalg::GenericOp>(use.getOwner());
  if (!consumer || consumer.getNumLoops() != consumer.getNumParallelLoops() ||
      consumer.getNumDpsInits() != 1 || !hasStaticF32Shapes(consumer) ||
      !consumer.isDpsInput(&use) ||
      !consumer.getMatchingIndexingMap(&use).isIdentity() ||
      !consumer.getMatchingIndexingMap(consumer.getDpsInitOperand(0))
           .isIdentity())
    return {};
  return consumer;
}

/// Tiles the root's element-wise consumer (or the root itself) by the
/// plan's fusion tiles and computes the root and its zero fill inside each
/// tile. The root's tile keeps kRootMarker for the next steps.
LogicalResult fuseIntoTiles(RewriterBase &rewriter, linalg::LinalgOp root,
                            const TilePlan &plan) {
  root->setAttr(kRootMarker, rewriter.getUnitAttr());
  OpOperand *init = root.getDpsInitOperand(0);
  if (auto fill = init->get().getDefiningOp<linalg::FillOp>()) {
    // Each root accumulates into a buffer of its own. An empty tensor may be
    // shared (CSE merges the root's with its consumer's, or with another
    // root's) and would be merged again by a later CSE; a buffer that the
    // tile loops also write through their results would make bufferization
    // copy it inside the loops. An alloc_tensor is never merged, and it
    // disappears when the blocks are forwarded in registers.
    if (fill.getOutputs()[0].getDefiningOp<tensor::EmptyOp>()) {
      rewriter.setInsertionPoint(fill);
      auto type = cast<RankedTensorType>(fill.getResultTypes()[0]);
      Value buffer = bufferization::AllocTensorOp::create(
          rewriter, fill.getLoc(), type, ValueRange());
      auto freshFill = linalg::FillOp::create(
          rewriter, fill.getLoc(), fill.getInputs(), ValueRange{buffer});
      rewriter.modifyOpInPlace(root,
                               [&] { init->set(freshFill.getResult(0)); });
      fill = freshFill;
    }
    fill->setAttr(kElementwiseMarker, rewriter.getUnitAttr());
  }
  linalg::LinalgOp anchor = root;
  SmallVector<int64_t> tiles(plan.fusionTiles);
  if (linalg::GenericOp consumer = fusableConsumer(root)) {
    // The consumer's loops are the root's output dimensions.
    tiles.clear();
    AffineMap outMap = root.getMatchingIndexingMap(root.getDpsInitOperand(0));
    for (AffineExpr expr : outMap.getResults())
      tiles.push_back(
          plan.fusionTiles[cast<AffineDimExpr>(expr).getPosition()]);
    consumer->setAttr(kElementwiseMarker, rewriter.getUnitAttr());
    anchor = consumer;
  }
  if (llvm::all_of(tiles, [](int64_t t) { return t == 0; }))
    return success();

  scf::SCFTileAndFuseOptions options;
  options.tilingOptions.setTileSizes(
      getAsIndexOpFoldResult(rewriter.getContext(), tiles));
  Operation *rootOp = root.getOperation();
  options.setFusionControlFn(
      [rootOp](tensor::ExtractSliceOp, OpResult producer, bool)
          -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
        Operation *op = producer.getOwner();
        if (op == rootOp || isa<linalg::FillOp>(op))
          return scf::SCFTileAndFuseOptions::ControlFnResult{};
        return std::nullopt;
      });
  rewriter.setInsertionPoint(anchor);
  FailureOr<scf::SCFTileAndFuseResult> fused =
      scf::tileConsumerAndFuseProducersUsingSCF(
          rewriter, cast<TilingInterface>(anchor.getOperation()), options);
  if (failed(fused))
    return failure();
  for (OpResult result : anchor->getResults())
    if (Value replacement = fused->replacements.lookup(result))
      rewriter.replaceAllUsesWith(result, replacement);
  peelPartialTiles(rewriter, fused->loops);
  return success();
}

/// A read of a whole tensor that was just written whole, with the same
/// elements in the same order, is the written vector: forwards a block from
/// one op to the next in registers when the two vectors differ only in unit
/// dimensions (e.g. a 1x1x8x32 fill and a 1x8x32 accumulator), which the
/// upstream read-after-write folding does not cover.
struct ForwardWholeTensorWrite : OpRewritePattern<vector::TransferReadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(vector::TransferReadOp read,
                                PatternRewriter &rewriter) const override {
    auto write = read.getBase().getDefiningOp<vector::TransferWriteOp>();
    auto tensorType = dyn_cast<RankedTensorType>(read.getBase().getType());
    if (!write || !tensorType || !tensorType.hasStaticShape() ||
        read.getMask() || write.getMask())
      return failure();
    auto isZero = [](Value v) { return isZeroInteger(v); };
    auto coversWholeTensor = [&](VectorType type) {
      return type.getNumElements() == tensorType.getNumElements();
    };
    if (!llvm::all_of(read.getIndices(), isZero) ||
        !llvm::all_of(write.getIndices(), isZero) ||
        !read.getPermutationMap().isMinorIdentity() ||
        !write.getPermutationMap().isMinorIdentity() ||
        !coversWholeTensor(read.getVectorType()) ||
        !coversWholeTensor(write.getVectorType()))
      return failure();
    rewriter.replaceOpWithNewOp<vector::ShapeCastOp>(read, read.getVectorType(),
                                                     write.getVector());
    return success();
  }
};

void addCanonicalizationPatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  for (Dialect *dialect : ctx->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName op : ctx->getRegisteredOperations())
    op.getCanonicalizationPatterns(patterns, ctx);
}

/// The plan for a contraction or convolution, if `op` is one that is
/// blocked.
std::optional<TilePlan> planFor(linalg::LinalgOp op, RegisterFile file) {
  if (!hasStaticF32Shapes(op))
    return std::nullopt;
  TilePlan plan = planContraction(op, file);
  if (plan.registerTiles.empty())
    plan = planConvolution(op, file);
  if (plan.registerTiles.empty())
    return std::nullopt;
  return plan;
}

/// Canonicalization: folds peeled bounds into static tile sizes and erases
/// the ops that fusion left without users.
LogicalResult simplify(func::FuncOp func) {
  RewritePatternSet patterns(func.getContext());
  addCanonicalizationPatterns(patterns);
  return applyPatternsGreedily(func, std::move(patterns));
}

/// The linalg ops carrying `marker`, with the marker removed.
SmallVector<linalg::LinalgOp> takeMarked(func::FuncOp func, StringRef marker) {
  SmallVector<linalg::LinalgOp> ops;
  func.walk([&](linalg::LinalgOp op) {
    if (op->removeAttr(marker))
      ops.push_back(op);
  });
  return ops;
}

/// An element-wise op or fill larger than a register block is tiled into
/// rows of `columns` elements; every piece is marked for vectorization.
LogicalResult blockElementwise(RewriterBase &rewriter, linalg::LinalgOp op,
                               int64_t columns) {
  if (op.getNumLoops() == 0 || op.getNumLoops() != op.getNumParallelLoops())
    return failure();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  int64_t elements = 1;
  for (int64_t range : ranges)
    elements *= range;
  if (elements <= kMaxElementwiseBlock) {
    op->setAttr(kVectorizeMarker, rewriter.getUnitAttr());
    return success();
  }
  TilePlan plan;
  plan.cacheTiles.assign(ranges.size(), 0);
  plan.registerTiles.assign(ranges.size(), 1);
  plan.registerTiles.back() = registerTileSize(ranges.back(), columns);
  return tileAndPeel(rewriter, op, plan);
}

bool isVectorizationTarget(linalg::LinalgOp op) {
  if (isa<linalg::Conv1DNwcWcfOp, linalg::DepthwiseConv1DNwcWcOp,
          linalg::PoolingNwcMaxOp, linalg::PoolingNwcSumOp>(op))
    return true;
  return op->hasAttr(kVectorizeMarker);
}

struct TileAndVectorizePass : impl::TileAndVectorizeBase<TileAndVectorizePass> {
  using TileAndVectorizeBase::TileAndVectorizeBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    MLIRContext *ctx = &getContext();
    RegisterFile file{std::max<int64_t>(vectorBits / 32, 1), vectorRegisters};

    SmallVector<std::pair<linalg::LinalgOp, TilePlan>> roots;
    func.walk([&](linalg::LinalgOp op) {
      if (std::optional<TilePlan> plan = planFor(op, file))
        roots.emplace_back(op, std::move(*plan));
    });
    if (roots.empty())
      return;

    // 1. Each root is computed, with its fill and element-wise consumer, in
    //    tiles of its parallel loops. An op that cannot be tiled is left
    //    untouched: it still becomes correct scalar loops.
    IRRewriter rewriter(ctx);
    for (auto &[root, plan] : roots)
      (void)fuseIntoTiles(rewriter, root, plan);
    if (failed(simplify(func)))
      return signalPassFailure();

    // 2. Within its tile, each root is blocked for the registers, with the
    //    reductions innermost.
    SmallVector<linalg::LinalgOp> tiledRoots = takeMarked(func, kRootMarker);
    for (linalg::LinalgOp root : tiledRoots)
      if (std::optional<TilePlan> plan = planFor(root, file))
        (void)tileAndPeel(rewriter, root, *plan);

    // 3. The fused fill and consumer are cut into register-sized pieces.
    RegisterBlock block = registerBlockFor(file, /*rowsAvailable=*/1);
    for (linalg::LinalgOp op : takeMarked(func, kElementwiseMarker))
      if (hasStaticF32Shapes(op))
        (void)blockElementwise(rewriter, op, block.columns);

    // 4. Static block shapes; 2-D convolution blocks (one output row, one
    //    filter row) become 1-D convolutions.
    {
      RewritePatternSet patterns(ctx);
      addCanonicalizationPatterns(patterns);
      if (failed(applyPatternsGreedily(func, std::move(patterns))))
        return signalPassFailure();
    }
    {
      // Only the blocks inside tile loops: upstream's decomposition also
      // matches untiled pools with a one-row output and window, and drops
      // their input's row dimension although it holds more than one row.
      SmallVector<Operation *> convolutionBlocks;
      func.walk([&](linalg::LinalgOp op) {
        if (isa<linalg::ConvolutionOpInterface>(op.getOperation()) &&
            op->getParentOfType<scf::ForOp>())
          convolutionBlocks.push_back(op);
      });
      RewritePatternSet patterns(ctx);
      addCanonicalizationPatterns(patterns);
      linalg::populateDecomposeConvolutionPatterns(patterns);
      GreedyRewriteConfig config;
      config.setStrictness(GreedyRewriteStrictness::ExistingAndNewOps);
      if (failed(applyOpPatternsGreedily(convolutionBlocks, std::move(patterns),
                                         config)))
        return signalPassFailure();
    }

    // 5. Vectors.
    SmallVector<linalg::LinalgOp> blocks;
    func.walk([&](linalg::LinalgOp op) {
      if (isVectorizationTarget(op))
        blocks.push_back(op);
    });
    for (linalg::LinalgOp op : blocks) {
      op->removeAttr(kVectorizeMarker);
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::VectorizationResult> vectorized =
          linalg::vectorize(rewriter, op);
      // A block that cannot be vectorized still runs as scalar loops.
      if (succeeded(vectorized))
        rewriter.replaceOp(op, vectorized->replacements);
    }

    if (failed(cleanUpVectors(func)))
      return signalPassFailure();

    // 6. Accumulator blocks leave memory: their reads and writes move out of
    //    the reduction loops (innermost loop first), and a block written by
    //    one op and read by the next (fill -> accumulation -> consumer) is
    //    forwarded in registers.
    SmallVector<LoopLikeOpInterface> loops;
    func.walk([&](LoopLikeOpInterface loop) { loops.push_back(loop); });
    for (LoopLikeOpInterface loop : loops)
      (void)hoistLoopInvariantSubsets(rewriter, loop);
    if (failed(cleanUpVectors(func)))
      return signalPassFailure();
  }

  LogicalResult cleanUpVectors(func::FuncOp func) {
    MLIRContext *ctx = func.getContext();
    RewritePatternSet patterns(ctx);
    vector::populateVectorReductionToContractPatterns(patterns);
    vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
    // Vector reads and writes address whole tensors instead of slices of
    // them, which exposes reads of just-written blocks.
    tensor::populateFoldTensorSubsetIntoVectorTransferPatterns(patterns);
    patterns.add<ForwardWholeTensorWrite>(ctx);
    addCanonicalizationPatterns(patterns);
    return applyPatternsGreedily(func, std::move(patterns));
  }
};

} // namespace
} // namespace wnn
