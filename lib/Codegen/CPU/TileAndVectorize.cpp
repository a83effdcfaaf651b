//===- TileAndVectorize.cpp - Register blocking and vectorization ---------===//
//
// Contractions and convolutions are tiled so that one block of outputs fits
// in the vector registers, partial blocks are peeled so that every block has
// a static shape, and each block becomes vector operations. See Passes.td.
//
//===----------------------------------------------------------------------===//

#include "Codegen/CPU/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

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
/// such divisor. Divisors keep the register level free of partial blocks.
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
    auto shaped = dyn_cast<ShapedType>(type);
    return shaped && shaped.getElementType().isF32();
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
};

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
    int64_t size = plan.cacheTiles[dim] ? plan.cacheTiles[dim] : ranges[dim];
    return size;
  };
  plan.registerTiles[m] = registerTileSize(blockOf(m), block.rows);
  plan.registerTiles[n] = registerTileSize(blockOf(n), block.columns);
  return plan;
}

/// 2-D convolutions in NHWC form: one output row, `rows` output pixels by
/// `columns` channels, one filter tap and one input channel at a time.
TilePlan planConvolution(linalg::LinalgOp op, RegisterFile file) {
  TilePlan plan;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  // Loops: conv (n, oh, ow, f, kh, kw, c); depthwise (n, oh, ow, c, kh, kw).
  if (!isa<linalg::Conv2DNhwcHwcfOp, linalg::DepthwiseConv2DNhwcHwcOp>(op))
    return plan;
  RegisterBlock block = registerBlockFor(file, ranges[2]);
  plan.cacheTiles.assign(ranges.size(), 0);
  plan.registerTiles.assign(ranges.size(), 1);
  plan.registerTiles[2] = registerTileSize(ranges[2], block.rows);
  plan.registerTiles[3] = registerTileSize(ranges[3], block.columns);
  // A depthwise block reads its input window once for the whole filter row:
  // neighbouring taps reuse the loaded pixels.
  if (isa<linalg::DepthwiseConv2DNhwcHwcOp>(op))
    plan.registerTiles[5] = 0;
  return plan;
}

SmallVector<OpFoldResult> asFoldResults(OpBuilder &b, ArrayRef<int64_t> sizes) {
  return llvm::map_to_vector(sizes, [&](int64_t size) -> OpFoldResult {
    return b.getIndexAttr(size);
  });
}

/// Tiles `op` by `sizes` (0 = whole loop), parallel loops outermost.
/// Returns the tiled op and the loops, outermost first.
FailureOr<scf::SCFTilingResult>
tile(RewriterBase &rewriter, linalg::LinalgOp op, ArrayRef<int64_t> sizes) {
  scf::SCFTilingOptions options;
  options.setTileSizes(asFoldResults(rewriter, sizes));
  options.setInterchange(parallelFirstOrder(op));
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
      rewriter, cast<TilingInterface>(op.getOperation()), options);
  if (failed(tiled))
    return failure();
  rewriter.replaceOp(op, tiled->replacements);
  return tiled;
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
  // Innermost first: peeling an outer loop clones the already peeled inner
  // loops into its partial iteration.
  for (LoopLikeOpInterface loop : llvm::reverse(inner->loops)) {
    scf::ForOp partial;
    (void)scf::peelForLoopAndSimplifyBounds(
        rewriter, cast<scf::ForOp>(loop.getOperation()), partial);
  }
  return success();
}

void addCanonicalizationPatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  for (Dialect *dialect : ctx->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName op : ctx->getRegisteredOperations())
    op.getCanonicalizationPatterns(patterns, ctx);
}

bool isVectorizationTarget(linalg::LinalgOp op) {
  if (isa<linalg::Conv1DNwcWcfOp, linalg::DepthwiseConv1DNwcWcOp>(op))
    return true;
  return op->hasAttr(kVectorizeMarker);
}

struct TileAndVectorizePass : impl::TileAndVectorizeBase<TileAndVectorizePass> {
  using TileAndVectorizeBase::TileAndVectorizeBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    MLIRContext *ctx = &getContext();
    RegisterFile file{std::max<int64_t>(vectorBits / 32, 1), vectorRegisters};

    SmallVector<std::pair<linalg::LinalgOp, TilePlan>> work;
    func.walk([&](linalg::LinalgOp op) {
      if (!hasStaticF32Shapes(op))
        return;
      TilePlan plan = planContraction(op, file);
      if (plan.registerTiles.empty())
        plan = planConvolution(op, file);
      if (!plan.registerTiles.empty())
        work.emplace_back(op, std::move(plan));
    });
    if (work.empty())
      return;

    IRRewriter rewriter(ctx);
    // An op that cannot be tiled is left untouched: it still becomes correct
    // scalar loops.
    for (auto &[op, plan] : work)
      (void)tileAndPeel(rewriter, op, plan);

    // Fold the peeled bounds into static slice sizes and turn the 2-D
    // convolution blocks (one output row, one filter row) into 1-D ones.
    {
      RewritePatternSet patterns(ctx);
      addCanonicalizationPatterns(patterns);
      linalg::populateDecomposeConvolutionPatterns(patterns);
      if (failed(applyPatternsGreedily(func, std::move(patterns))))
        return signalPassFailure();
    }

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

    RewritePatternSet patterns(ctx);
    vector::populateVectorReductionToContractPatterns(patterns);
    vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
    addCanonicalizationPatterns(patterns);
    if (failed(applyPatternsGreedily(func, std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
} // namespace wnn
