//===- FoldIntoWeights.cpp - Per-channel affine ops into weights ----------===//
//
// y = conv(x, W) + b followed by a per-output-channel affine map
// y' = s * y + t (a batchNormalization with constant statistics, or a mul or
// add by a constant that varies only along the channels) is the convolution
// with W scaled by s per output channel and bias s * b + t. The same holds
// for gemm and matmul with a constant right-hand matrix, along the output's
// last dimension. Folding it here removes a pass over the activations per
// normalization and leaves the contraction alone for kernel formation.
//
//===----------------------------------------------------------------------===//

#include "Transforms/ConstantData.h"
#include "Transforms/Passes.h"
#include "Transforms/WebnnBuilder.h"

#include "webnn/IR/WebnnOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace wnn {
#define GEN_PASS_DEF_FOLDINTOWEIGHTS
#include "Transforms/Passes.h.inc"
} // namespace wnn

using namespace mlir;
using namespace wnn::webnn;

namespace wnn {
namespace {

/// A per-channel affine map y' = scale[c] * y + shift[c].
struct ChannelAffine {
  std::vector<double> scale, shift;
};

/// The constant's elements, when `value` is a float constant.
std::optional<std::vector<double>>
constantFloats(Value value, ElementsAttr *attr = nullptr) {
  ElementsAttr elements;
  if (!value || !matchPattern(value, m_Constant(&elements)))
    return std::nullopt;
  if (attr)
    *attr = elements;
  return readFloats(elements);
}

/// A constant that broadcasts against `result` (rank `rank`) along
/// `channelAxis` only, as one value per channel (`channels` of them).
std::optional<std::vector<double>> perChannel(Value constant, Type resultType,
                                              int64_t channelAxis,
                                              int64_t channels) {
  auto values = constantFloats(constant);
  if (!values)
    return std::nullopt;
  auto type = cast<RankedTensorType>(constant.getType());
  auto result = cast<RankedTensorType>(resultType);
  int64_t offset = result.getRank() - type.getRank();
  if (offset < 0)
    return std::nullopt;
  // Every dimension but the channel one must be 1; the channel one 1 or C.
  int64_t along = 1;
  for (int64_t i = 0; i < type.getRank(); ++i) {
    int64_t dim = type.getDimSize(i);
    if (i + offset == channelAxis)
      along = dim;
    else if (dim != 1)
      return std::nullopt;
  }
  if (along != 1 && along != channels)
    return std::nullopt;
  std::vector<double> out(channels);
  for (int64_t c = 0; c < channels; ++c)
    out[c] = (*values)[along == 1 ? 0 : c];
  return out;
}

/// The affine map that `user` applies to `producer`'s result along
/// `channelAxis`, when it is one.
std::optional<ChannelAffine> affineOf(Operation *user, Value producer,
                                      int64_t channelAxis, int64_t channels) {
  auto ones = std::vector<double>(channels, 1.0);
  auto zeros = std::vector<double>(channels, 0.0);
  if (user->getNumResults() != 1 ||
      user->getResultTypes().front() != producer.getType())
    return std::nullopt; // the constant would broadcast the result
  if (auto bn = dyn_cast<BatchNormalizationOp>(user)) {
    if (bn.getInput() != producer || int64_t(bn.getAxis()) != channelAxis)
      return std::nullopt;
    auto mean = constantFloats(bn.getMean());
    auto variance = constantFloats(bn.getVariance());
    auto scale = bn.getScale() ? constantFloats(bn.getScale()) : ones;
    auto bias = bn.getBias() ? constantFloats(bn.getBias()) : zeros;
    if (!mean || !variance || !scale || !bias)
      return std::nullopt;
    ChannelAffine affine;
    for (int64_t c = 0; c < channels; ++c) {
      double s = (*scale)[c] /
                 std::sqrt((*variance)[c] + bn.getEpsilon().convertToDouble());
      affine.scale.push_back(s);
      affine.shift.push_back((*bias)[c] - (*mean)[c] * s);
    }
    return affine;
  }
  if (!isa<MulOp, AddOp>(user))
    return std::nullopt;
  Value a = user->getOperand(0), b = user->getOperand(1);
  Value other = a == producer ? b : a;
  if (other == producer)
    return std::nullopt;
  auto values = perChannel(other, producer.getType(), channelAxis, channels);
  if (!values)
    return std::nullopt;
  if (isa<MulOp>(user))
    return ChannelAffine{*values, zeros};
  return ChannelAffine{ones, *values};
}

/// Multiplies the constant `weights` by `scale` along `axis` (its output
/// channel or column dimension); null when the weights are not a float
/// constant.
Value scaledWeights(WebnnBuilder &b, Value weights, int64_t axis,
                    ArrayRef<double> scale) {
  ElementsAttr attr;
  auto values = constantFloats(weights, &attr);
  if (!values)
    return {};
  auto type = cast<RankedTensorType>(weights.getType());
  int64_t inner = 1;
  for (int64_t i = axis + 1; i < type.getRank(); ++i)
    inner *= type.getDimSize(i);
  int64_t channels = type.getDimSize(axis);
  for (size_t i = 0; i < values->size(); ++i)
    (*values)[i] *= scale[(int64_t(i) / inner) % channels];
  return b.create<ConstantOp>(
      {}, b.named("value", makeFloatConstant(attr, type, *values)));
}

/// The bias scale * old + shift (shift alone without `old`), stored like
/// `like`.
Value biasConstant(WebnnBuilder &b, ElementsAttr like, Type elementType,
                   ArrayRef<double> scale, ArrayRef<double> shift,
                   const std::vector<double> *old) {
  std::vector<double> values(shift.begin(), shift.end());
  if (old)
    for (size_t c = 0; c < values.size(); ++c)
      values[c] += scale[c] * (*old)[c];
  auto type = RankedTensorType::get({int64_t(values.size())}, elementType);
  return b.create<ConstantOp>(
      {}, b.named("value", makeFloatConstant(like, type, values)));
}

/// The bias s * b + t, or t when there is no bias; null when the bias is
/// not a float constant.
Value shiftedBias(WebnnBuilder &b, Value bias, Type elementType,
                  const ChannelAffine &affine) {
  ElementsAttr attr;
  std::optional<std::vector<double>> old;
  if (bias) {
    old = constantFloats(bias, &attr);
    if (!old || old->size() != affine.scale.size())
      return {};
  }
  return biasConstant(b, attr, elementType, affine.scale, affine.shift,
                      old ? &*old : nullptr);
}

/// The one user of `value`, if it has exactly one.
Operation *soleUser(Value value) {
  return value.hasOneUse() ? *value.getUsers().begin() : nullptr;
}

struct FoldIntoConv2d : OpRewritePattern<Conv2dOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(Conv2dOp conv,
                                PatternRewriter &rewriter) const override {
    Operation *user = soleUser(conv.getOutput());
    if (!user)
      return failure();
    int64_t channelAxis = conv.getInputLayout() == "nhwc" ? 3 : 1;
    auto outType = cast<RankedTensorType>(conv.getOutput().getType());
    int64_t channels = outType.getDimSize(channelAxis);
    auto affine = affineOf(user, conv.getOutput(), channelAxis, channels);
    if (!affine)
      return failure();
    StringRef layout = conv.getFilterLayout();
    int64_t filterAxis = (layout == "oihw" || layout == "ohwi") ? 0 : 3;
    WebnnBuilder b{rewriter, conv.getLoc()};
    bool scales = llvm::any_of(affine->scale, [](double s) { return s != 1; });
    Value filter =
        scales ? scaledWeights(b, conv.getFilter(), filterAxis, affine->scale)
               : conv.getFilter();
    if (!filter)
      return failure();
    Value bias =
        shiftedBias(b, conv.getBias(), outType.getElementType(), *affine);
    if (!bias)
      return failure();
    // The folded convolution takes the place (and location) of the user, so
    // kernels and profiles name both operations.
    rewriter.setInsertionPoint(user);
    auto folded = Conv2dOp::create(
        rewriter, rewriter.getFusedLoc({conv.getLoc(), user->getLoc()}),
        outType, conv.getInput(), filter, bias, conv.getPaddingAttr(),
        conv.getStridesAttr(), conv.getDilationsAttr(), conv.getGroupsAttr(),
        conv.getInputLayoutAttr(), conv.getFilterLayoutAttr());
    rewriter.replaceOp(user, folded.getOutput());
    rewriter.eraseOp(conv);
    return success();
  }
};

/// gemm with a constant b: the columns of its [M, N] result are channels.
struct FoldIntoGemm : OpRewritePattern<GemmOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(GemmOp gemm,
                                PatternRewriter &rewriter) const override {
    Operation *user = soleUser(gemm.getOutput());
    if (!user)
      return failure();
    auto outType = cast<RankedTensorType>(gemm.getOutput().getType());
    int64_t channels = outType.getDimSize(1);
    auto affine = affineOf(user, gemm.getOutput(), 1, channels);
    if (!affine)
      return failure();
    // alpha * A * (B s) + (beta * c * s + t): c must be per column or absent.
    double beta = gemm.getBeta().convertToDouble();
    Value c = gemm.getC();
    std::vector<double> scaledBeta(affine->scale);
    for (double &s : scaledBeta)
      s *= beta;
    Value bias;
    WebnnBuilder b{rewriter, gemm.getLoc()};
    if (c) {
      auto perColumn = perChannel(c, outType, 1, channels);
      if (!perColumn)
        return failure();
      ElementsAttr like;
      constantFloats(c, &like);
      bias = biasConstant(b, like, outType.getElementType(), scaledBeta,
                          affine->shift, &*perColumn);
    } else {
      bias = shiftedBias(b, Value(), outType.getElementType(), *affine);
    }
    Value weights = scaledWeights(b, gemm.getB(), gemm.getBTranspose() ? 0 : 1,
                                  affine->scale);
    if (!weights || !bias)
      return failure();
    rewriter.setInsertionPoint(user);
    auto folded = GemmOp::create(
        rewriter, rewriter.getFusedLoc({gemm.getLoc(), user->getLoc()}),
        outType, gemm.getA(), weights, bias, gemm.getAlphaAttr(),
        rewriter.getF64FloatAttr(1.0), gemm.getATransposeAttr(),
        gemm.getBTransposeAttr());
    rewriter.replaceOp(user, folded.getOutput());
    rewriter.eraseOp(gemm);
    return success();
  }
};

/// matmul with a constant 2-D b scales b's columns; a shift stays an add
/// (matmul has no bias), which kernel formation fuses.
struct FoldIntoMatmul : OpRewritePattern<MatmulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MatmulOp matmul,
                                PatternRewriter &rewriter) const override {
    Operation *user = soleUser(matmul.getOutput());
    auto bType = cast<RankedTensorType>(matmul.getB().getType());
    if (!user || bType.getRank() != 2 || isa<AddOp>(user))
      return failure();
    auto outType = cast<RankedTensorType>(matmul.getOutput().getType());
    int64_t axis = outType.getRank() - 1;
    int64_t channels = outType.getDimSize(axis);
    auto affine = affineOf(user, matmul.getOutput(), axis, channels);
    if (!affine)
      return failure();
    WebnnBuilder b{rewriter, matmul.getLoc()};
    Value weights = scaledWeights(b, matmul.getB(), 1, affine->scale);
    if (!weights)
      return failure();
    rewriter.setInsertionPoint(user);
    Location loc = rewriter.getFusedLoc({matmul.getLoc(), user->getLoc()});
    Value product =
        MatmulOp::create(rewriter, loc, outType, matmul.getA(), weights)
            .getOutput();
    bool shifts = llvm::any_of(affine->shift, [](double t) { return t != 0; });
    if (shifts) {
      Value shift = shiftedBias(b, Value(), outType.getElementType(), *affine);
      product = AddOp::create(rewriter, loc, outType, product, shift);
    }
    rewriter.replaceOp(user, product);
    rewriter.eraseOp(matmul);
    return success();
  }
};

struct FoldIntoWeightsPass : impl::FoldIntoWeightsBase<FoldIntoWeightsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldIntoConv2d, FoldIntoGemm, FoldIntoMatmul>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
} // namespace wnn
