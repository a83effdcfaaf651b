//===- DecomposeRecurrent.cpp - gru and lstm as projections + recurrence -===//
//
// The input's contribution to every gate does not depend on the hidden
// state, so it is computed for all steps at once: one gemm per direction,
// input [steps * batch, inputSize] x weight^T + bias, on the kernels every
// gemm uses (oneDNN's or generated ones). What is left, the hidden state's
// contribution and the gate equations, is a webnn.recurrence: one loop over
// the steps. The cells are recurrences of one step. See Passes.td.
//
//===----------------------------------------------------------------------===//

#include "Transforms/Passes.h"
#include "Transforms/WebnnBuilder.h"
#include "webnn/IR/WebnnDialect.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace wnn {
#define GEN_PASS_DEF_DECOMPOSERECURRENT
#include "Transforms/Passes.h.inc"
} // namespace wnn

using namespace mlir;
using namespace wnn::webnn;

namespace wnn {
namespace {

/// A recurrent op's operands in the network form: every weight and state
/// with a leading direction dimension (cells have one direction).
struct Recurrence {
  StringRef kind; // "gru" or "lstm"
  Value input;    // [steps, batch, inputSize]
  Value weight, recurrentWeight, bias, recurrentBias, peepholeWeight;
  Value hiddenState, cellState;
  int64_t hiddenSize = 0;
  StringRef direction = "forward", layout;
  ArrayAttr activations;
  bool resetAfter = false, returnSequence = false;
};

/// The direction `d` of a stacked weight, without its leading dimension.
Value directionOf(WebnnBuilder &b, Value stacked, int64_t d) {
  ArrayRef<int64_t> shape = shapeOf(stacked);
  SmallVector<int64_t> starts(shape.size(), 0), sizes(shape);
  starts[0] = d;
  sizes[0] = 1;
  return b.reshape(b.slice(stacked, starts, sizes), shape.drop_front());
}

/// Builds the projections and the recurrence; returns its results (hidden
/// state, cell state for lstm, then the sequence if asked for).
SmallVector<Value> buildRecurrence(WebnnBuilder &b, const Recurrence &r) {
  ArrayRef<int64_t> inShape = shapeOf(r.input);
  int64_t steps = inShape[0], batch = inShape[1], inputSize = inShape[2];
  int64_t directions = shapeOf(r.weight)[0];
  int64_t gateSize = shapeOf(r.weight)[1];
  Type element = cast<RankedTensorType>(r.input.getType()).getElementType();

  // input x weight^T + bias, per direction: [1, steps, batch, gateSize].
  Value rows = b.reshape(r.input, {steps * batch, inputSize});
  SmallVector<Value> projections;
  for (int64_t d = 0; d < directions; ++d) {
    SmallVector<Value> operands{rows, directionOf(b, r.weight, d)};
    if (r.bias)
      operands.push_back(directionOf(b, r.bias, d));
    Value gemm = b.create<GemmOp>(
        operands, {b.named("alpha", b.rewriter.getF64FloatAttr(1.0)),
                   b.named("beta", b.rewriter.getF64FloatAttr(1.0)),
                   b.named("a_transpose", b.rewriter.getBoolAttr(false)),
                   b.named("b_transpose", b.rewriter.getBoolAttr(true))});
    projections.push_back(b.reshape(gemm, {1, steps, batch, gateSize}));
  }
  Value projection =
      directions == 1
          ? projections[0]
          : b.create<ConcatOp>(
                projections, b.named("axis", b.rewriter.getI64IntegerAttr(0)));

  SmallVector<int64_t> stateShape{directions, batch, r.hiddenSize};
  SmallVector<Value> operands{projection,
                              b.transpose(r.recurrentWeight, {0, 2, 1})};
  SmallVector<int32_t> segments{1, 1, 0, 0, 1, 0};
  if (r.recurrentBias) {
    operands.push_back(r.recurrentBias);
    segments[2] = 1;
  }
  if (r.peepholeWeight) {
    operands.push_back(r.peepholeWeight);
    segments[3] = 1;
  }
  operands.push_back(r.hiddenState ? r.hiddenState
                                   : b.zeros(element, stateShape));
  if (r.kind == "lstm") {
    operands.push_back(r.cellState ? r.cellState
                                   : b.zeros(element, stateShape));
    segments[5] = 1;
  }
  auto recurrence = RecurrenceOp::create(
      b.rewriter, b.loc, operands,
      {b.named("kind", b.rewriter.getStringAttr(r.kind)),
       b.named("direction", b.rewriter.getStringAttr(r.direction)),
       b.named("layout", b.rewriter.getStringAttr(r.layout)),
       b.named("activations", r.activations),
       b.named("reset_after", b.rewriter.getBoolAttr(r.resetAfter)),
       b.named("return_sequence", b.rewriter.getBoolAttr(r.returnSequence)),
       b.named("operandSegmentSizes",
               b.rewriter.getDenseI32ArrayAttr(segments))});
  return SmallVector<Value>(recurrence->getResults());
}

/// A cell's operand with a leading direction dimension of 1.
Value oneDirection(WebnnBuilder &b, Value value) {
  if (!value)
    return value;
  SmallVector<int64_t> shape{1};
  llvm::append_range(shape, shapeOf(value));
  return b.reshape(value, shape);
}

/// The cell's state results, without the direction dimension.
void replaceCell(PatternRewriter &rewriter, WebnnBuilder &b, Operation *op,
                 ArrayRef<Value> results) {
  SmallVector<Value> states;
  for (auto [result, state] : llvm::zip(op->getResults(), results))
    states.push_back(b.reshape(state, shapeOf(result)));
  rewriter.replaceOp(op, states);
}

struct DecomposeGru : OpRewritePattern<GruOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(GruOp op,
                                PatternRewriter &rewriter) const override {
    WebnnBuilder b{rewriter, op.getLoc()};
    Recurrence r{"gru",
                 op.getInput(),
                 op.getWeight(),
                 op.getRecurrentWeight(),
                 op.getBias(),
                 op.getRecurrentBias(),
                 {},
                 op.getInitialHiddenState(),
                 {},
                 int64_t(op.getHiddenSize()),
                 op.getDirection(),
                 op.getLayout(),
                 op.getActivations(),
                 op.getResetAfter(),
                 op.getReturnSequence()};
    rewriter.replaceOp(op, buildRecurrence(b, r));
    return success();
  }
};

struct DecomposeLstm : OpRewritePattern<LstmOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LstmOp op,
                                PatternRewriter &rewriter) const override {
    WebnnBuilder b{rewriter, op.getLoc()};
    Recurrence r{"lstm",
                 op.getInput(),
                 op.getWeight(),
                 op.getRecurrentWeight(),
                 op.getBias(),
                 op.getRecurrentBias(),
                 op.getPeepholeWeight(),
                 op.getInitialHiddenState(),
                 op.getInitialCellState(),
                 int64_t(op.getHiddenSize()),
                 op.getDirection(),
                 op.getLayout(),
                 op.getActivations(),
                 false,
                 op.getReturnSequence()};
    rewriter.replaceOp(op, buildRecurrence(b, r));
    return success();
  }
};

struct DecomposeGruCell : OpRewritePattern<GruCellOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(GruCellOp op,
                                PatternRewriter &rewriter) const override {
    WebnnBuilder b{rewriter, op.getLoc()};
    Recurrence r{"gru",
                 oneDirection(b, op.getInput()),
                 oneDirection(b, op.getWeight()),
                 oneDirection(b, op.getRecurrentWeight()),
                 oneDirection(b, op.getBias()),
                 oneDirection(b, op.getRecurrentBias()),
                 {},
                 oneDirection(b, op.getHiddenState()),
                 {},
                 int64_t(op.getHiddenSize()),
                 "forward",
                 op.getLayout(),
                 op.getActivations(),
                 op.getResetAfter(),
                 false};
    replaceCell(rewriter, b, op, buildRecurrence(b, r));
    return success();
  }
};

struct DecomposeLstmCell : OpRewritePattern<LstmCellOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LstmCellOp op,
                                PatternRewriter &rewriter) const override {
    WebnnBuilder b{rewriter, op.getLoc()};
    Recurrence r{"lstm",
                 oneDirection(b, op.getInput()),
                 oneDirection(b, op.getWeight()),
                 oneDirection(b, op.getRecurrentWeight()),
                 oneDirection(b, op.getBias()),
                 oneDirection(b, op.getRecurrentBias()),
                 oneDirection(b, op.getPeepholeWeight()),
                 oneDirection(b, op.getHiddenState()),
                 oneDirection(b, op.getCellState()),
                 int64_t(op.getHiddenSize()),
                 "forward",
                 op.getLayout(),
                 op.getActivations(),
                 false,
                 false};
    replaceCell(rewriter, b, op, buildRecurrence(b, r));
    return success();
  }
};

struct DecomposeRecurrentPass
    : impl::DecomposeRecurrentBase<DecomposeRecurrentPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns
        .add<DecomposeGru, DecomposeGruCell, DecomposeLstm, DecomposeLstmCell>(
            &getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
} // namespace wnn
