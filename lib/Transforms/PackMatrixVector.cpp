//===- PackMatrixVector.cpp - Panels for matrix-vector products -----------===//
//
// A product of one row by a constant [K, N] matrix streams the whole matrix
// once; generated code keeps a block of columns in registers and walks the
// K rows, reading a short piece of each row at a stride of N elements. Laid
// out as panels [N / 64, K, 64] at compile time, every block of columns is
// one contiguous stream instead, and the panels are a batch dimension that
// the kernel splitter divides between threads.
//
//===----------------------------------------------------------------------===//

#include "Transforms/ConstantData.h"
#include "Transforms/Passes.h"
#include "Transforms/WebnnBuilder.h"

#include "webnn/IR/WebnnOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cstring>

namespace wnn {
#define GEN_PASS_DEF_PACKMATRIXVECTOR
#include "Transforms/Passes.h.inc"
} // namespace wnn

using namespace mlir;
using namespace wnn::webnn;

namespace wnn {
namespace {

/// Columns per panel: a register block's width of float32 vectors.
constexpr int64_t kPanel = 64;
/// Narrower products gain nothing from panels.
constexpr int64_t kMinColumns = 2 * kPanel;

/// The constant [K, N] matrix (given as [N, K] when `transposed`) as
/// panels [P, K, kPanel], zero-padded to P * kPanel columns; null when the
/// operand is not a constant of whole-byte elements.
Value packPanels(WebnnBuilder &b, Value matrix, bool transposed) {
  ElementsAttr value;
  if (!matchPattern(matrix, m_Constant(&value)))
    return {};
  auto type = cast<RankedTensorType>(matrix.getType());
  Type element = type.getElementType();
  if (!element.isF32() && !element.isF16())
    return {};
  int64_t size = element.getIntOrFloatBitWidth() / 8;
  int64_t k = type.getDimSize(transposed ? 1 : 0);
  int64_t n = type.getDimSize(transposed ? 0 : 1);
  int64_t panels = (n + kPanel - 1) / kPanel;
  std::vector<char> packed(panels * k * kPanel * size, 0);
  ArrayRef<char> bytes = packedBytes(value);
  auto dense = dyn_cast<DenseElementsAttr>(value);
  if (bytes.empty() && !(dense && dense.isSplat()))
    return {};
  for (int64_t row = 0; row < k; ++row)
    for (int64_t col = 0; col < n; ++col) {
      int64_t from = transposed ? col * k + row : row * n + col;
      int64_t to = ((col / kPanel) * k + row) * kPanel + col % kPanel;
      const char *source = bytes.empty() ? dense.getRawData().data()
                                         : bytes.data() + from * size;
      std::memcpy(packed.data() + to * size, source, size);
    }
  auto packedType = RankedTensorType::get({panels, k, kPanel}, element);
  ElementsAttr like = bytes.empty() ? ElementsAttr() : value;
  ElementsAttr attr =
      like && isa<DenseResourceElementsAttr>(like)
          ? makeConstant(like, packedType, packed)
          : cast<ElementsAttr>(
                DenseElementsAttr::getFromRawBuffer(packedType, packed));
  return b.create<ConstantOp>({}, b.named("value", attr));
}

/// One row times the panels, as [1, N] (the padding cut off).
Value productWithPanels(WebnnBuilder &b, Value row, Value panels, int64_t k,
                        int64_t n, Type resultType) {
  Type element = cast<RankedTensorType>(resultType).getElementType();
  int64_t count = cast<RankedTensorType>(panels.getType()).getDimSize(0);
  Value a = b.reshape(row, {1, k});
  auto productType = RankedTensorType::get({count, 1, kPanel}, element);
  Value product =
      MatmulOp::create(b.rewriter, b.loc, productType, a, panels).getOutput();
  Value flat = b.reshape(product, {1, count * kPanel});
  return b.slice(flat, {0, 0}, {1, n});
}

/// A scalar constant of `element`.
Value scalar(WebnnBuilder &b, Type element, double v) {
  auto type = RankedTensorType::get({}, element);
  return b.create<ConstantOp>(
      {}, b.named("value", DenseElementsAttr::get(
                               type, b.rewriter.getFloatAttr(element, v))));
}

struct PackGemm : OpRewritePattern<GemmOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(GemmOp gemm,
                                PatternRewriter &rewriter) const override {
    auto aType = cast<RankedTensorType>(gemm.getA().getType());
    auto outType = cast<RankedTensorType>(gemm.getOutput().getType());
    int64_t m = outType.getDimSize(0), n = outType.getDimSize(1);
    int64_t k = aType.getDimSize(gemm.getATranspose() ? 0 : 1);
    if (m != 1 || n < kMinColumns)
      return failure();
    WebnnBuilder b{rewriter, gemm.getLoc()};
    Value panels = packPanels(b, gemm.getB(), gemm.getBTranspose());
    if (!panels)
      return failure();
    Type element = outType.getElementType();
    Value y = productWithPanels(b, gemm.getA(), panels, k, n, outType);
    double alpha = gemm.getAlpha().convertToDouble();
    if (alpha != 1.0)
      y = MulOp::create(rewriter, gemm.getLoc(), outType, y,
                        scalar(b, element, alpha))
              .getOutput();
    if (Value c = gemm.getC()) {
      double beta = gemm.getBeta().convertToDouble();
      if (beta != 1.0)
        c = MulOp::create(
                rewriter, gemm.getLoc(),
                RankedTensorType::get(
                    cast<RankedTensorType>(c.getType()).getShape(), element),
                c, scalar(b, element, beta))
                .getOutput();
      y = AddOp::create(rewriter, gemm.getLoc(), outType, y, c).getOutput();
    }
    rewriter.replaceOp(gemm, y);
    return success();
  }
};

/// matmul of a [1, ..., 1, K] row by a constant [K, N].
struct PackMatmul : OpRewritePattern<MatmulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MatmulOp matmul,
                                PatternRewriter &rewriter) const override {
    auto aType = cast<RankedTensorType>(matmul.getA().getType());
    auto bType = cast<RankedTensorType>(matmul.getB().getType());
    auto outType = cast<RankedTensorType>(matmul.getOutput().getType());
    if (bType.getRank() != 2 ||
        aType.getNumElements() != aType.getShape().back())
      return failure();
    int64_t k = bType.getDimSize(0), n = bType.getDimSize(1);
    if (n < kMinColumns)
      return failure();
    WebnnBuilder b{rewriter, matmul.getLoc()};
    Value panels = packPanels(b, matmul.getB(), false);
    if (!panels)
      return failure();
    Value y = productWithPanels(b, matmul.getA(), panels, k, n, outType);
    rewriter.replaceOp(matmul, b.reshape(y, outType.getShape()));
    return success();
  }
};

struct PackMatrixVectorPass : impl::PackMatrixVectorBase<PackMatrixVectorPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<PackGemm, PackMatmul>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
} // namespace wnn
