//===- DecomposeConvTranspose.cpp - convTranspose2d as conv2d -------------===//
//
// A transposed convolution is a convolution of the input with zeros
// inserted between its elements (stride - 1 of them), padded by
// dilation * (kernel - 1) minus the op's padding, with the filter flipped
// and its channel axes swapped per group. Rewriting it that way in the
// webnn dialect gives it both kernel paths of conv2d: the oneDNN
// convolution with its post-ops, and the generated one. Negative paddings
// become crops of the zero-inserted input. See Passes.td.
//
//===----------------------------------------------------------------------===//

#include "Transforms/Passes.h"
#include "Transforms/WebnnBuilder.h"
#include "webnn/IR/WebnnDialect.h"
#include "webnn/IR/WebnnOps.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace wnn {
#define GEN_PASS_DEF_DECOMPOSECONVTRANSPOSE
#include "Transforms/Passes.h.inc"
} // namespace wnn

using namespace mlir;
using namespace wnn::webnn;

namespace wnn {
namespace {

/// Inserts `stride - 1` zeros after every element along `axis`, then keeps
/// `size` elements from `start`.
Value spreadAndCrop(WebnnBuilder &b, Value x, int64_t axis, int64_t stride,
                    int64_t start, int64_t size) {
  SmallVector<int64_t> shape(shapeOf(x));
  int64_t rank = shape.size();
  if (stride > 1) {
    SmallVector<int64_t> withUnit(shape);
    withUnit.insert(withUnit.begin() + axis + 1, 1);
    Value unit = b.reshape(x, withUnit);
    SmallVector<int64_t> begin(rank + 1, 0), end(rank + 1, 0);
    end[axis + 1] = stride - 1;
    Value padded = b.create<PadOp>(
        unit, {b.named("beginning_padding", b.i64s(begin)),
               b.named("ending_padding", b.i64s(end)),
               b.named("mode", b.rewriter.getStringAttr("constant")),
               b.named("value", b.rewriter.getF64FloatAttr(0.0))});
    shape[axis] *= stride;
    x = b.reshape(padded, shape);
  }
  if (start == 0 && size == shape[axis])
    return x;
  SmallVector<int64_t> starts(rank, 0), sizes(shape);
  starts[axis] = start;
  sizes[axis] = size;
  return b.slice(x, starts, sizes);
}

struct DecomposeConvTranspose2d : OpRewritePattern<ConvTranspose2dOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConvTranspose2dOp op,
                                PatternRewriter &rewriter) const override {
    WebnnBuilder b{rewriter, op.getLoc()};
    bool nhwc = op.getInputLayout() == "nhwc";
    int64_t hDim = nhwc ? 1 : 2, wDim = nhwc ? 2 : 3;
    int64_t spatial[2] = {hDim, wDim};
    ArrayRef<int64_t> outShape = shapeOf(op.getOutput());
    ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations();
    ArrayRef<int64_t> padding = op.getPadding();
    int64_t groups = op.getGroups();

    // The filter as [I, O / groups, kh, kw] (iohw).
    Value filter = op.getFilter();
    StringRef layout = op.getFilterLayout();
    if (layout == "hwoi")
      filter = b.transpose(filter, {3, 2, 0, 1});
    else if (layout == "ohwi")
      filter = b.transpose(filter, {3, 0, 1, 2});
    SmallVector<int64_t> fShape(shapeOf(filter));
    int64_t inPerGroup = fShape[0] / groups, outPerGroup = fShape[1];
    int64_t kernel[2] = {fShape[2], fShape[3]};

    // The input with zeros between its elements, and the convolution's
    // padding (crops where it would be negative).
    Value input = op.getInput();
    SmallVector<int64_t> convPadding(4);
    for (int i = 0; i < 2; ++i) {
      int64_t axis = spatial[i];
      int64_t spread = (shapeOf(input)[axis] - 1) * strides[i] + 1;
      int64_t reach = dilations[i] * (kernel[i] - 1);
      // The convolution gives spread + begin + end - reach elements.
      int64_t begin = reach - padding[2 * i];
      int64_t end = outShape[axis] - spread - begin + reach;
      int64_t cropBegin = std::max<int64_t>(-begin, 0);
      int64_t cropEnd = std::max<int64_t>(-end, 0);
      if (spread - cropBegin - cropEnd < 1)
        return rewriter.notifyMatchFailure(op, "padding crops every input");
      input = spreadAndCrop(b, input, axis, strides[i], cropBegin,
                            spread - cropBegin - cropEnd);
      convPadding[2 * i] = std::max<int64_t>(begin, 0);
      convPadding[2 * i + 1] = std::max<int64_t>(end, 0);
    }

    // The filter of the equivalent convolution: per group, input and output
    // channels swapped ([O, I / groups, kh, kw], oihw), and flipped.
    filter = b.reshape(filter,
                       {groups, inPerGroup, outPerGroup, kernel[0], kernel[1]});
    filter = b.transpose(filter, {0, 2, 1, 3, 4});
    filter = b.reshape(
        filter, {groups * outPerGroup, inPerGroup, kernel[0], kernel[1]});
    filter = b.create<ReverseOp>(
        filter, b.named("axes", rewriter.getDenseI64ArrayAttr({2, 3})));

    SmallVector<Value> operands{input, filter};
    if (Value bias = op.getBias())
      operands.push_back(bias);
    Value conv = b.create<Conv2dOp>(
        operands,
        {b.named("padding", rewriter.getDenseI64ArrayAttr(convPadding)),
         b.named("strides", rewriter.getDenseI64ArrayAttr({1, 1})),
         b.named("dilations", op.getDilationsAttr()),
         b.named("groups", op.getGroupsAttr()),
         b.named("input_layout", op.getInputLayoutAttr()),
         b.named("filter_layout", rewriter.getStringAttr("oihw"))});
    if (conv.getType() != op.getType())
      return op.emitOpError("internal error: the equivalent conv2d gives ")
             << conv.getType();
    rewriter.replaceOp(op, conv);
    return success();
  }
};

struct DecomposeConvTransposePass
    : impl::DecomposeConvTransposeBase<DecomposeConvTransposePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<DecomposeConvTranspose2d>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
    // A transposed convolution left over is one the rewrite refused.
    getOperation().walk([&](ConvTranspose2dOp op) {
      op.emitOpError("padding removes every input element; not supported");
      signalPassFailure();
    });
  }
};

} // namespace
} // namespace wnn
