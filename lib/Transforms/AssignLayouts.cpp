//===- AssignLayouts.cpp - Channels-last activations for the whole graph --===//
//
// Both kernel paths compute convolutions and pools fastest with channels
// last: generated kernels vectorize over channels, and oneDNN takes NHWC
// activations without reordering them. So every NCHW convolution,
// transposed convolution and pool becomes its NHWC form between two
// transposes, and each transpose then moves towards the graph's outputs
// through the ops that can compute in any layout (element-wise ops, concat,
// reductions, softmax, normalizations, pad, slice, split, resample2d). The
// transpose after one convolution thus meets the one before the next and
// the two cancel (TransposeOp's folder). What remains converts at graph
// inputs and outputs, or before an op that needs the original layout, such
// as a reshape that flattens channels together with space.
//
//===----------------------------------------------------------------------===//

#include "Transforms/ConstantData.h"
#include "Transforms/Passes.h"
#include "Transforms/WebnnBuilder.h"

#include "webnn/IR/WebnnOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/TypeSwitch.h"

namespace wnn {
#define GEN_PASS_DEF_ASSIGNLAYOUTS
#include "Transforms/Passes.h.inc"
} // namespace wnn

using namespace mlir;
using namespace wnn::webnn;

namespace wnn {
namespace {

using Permutation = SmallVector<int64_t, 4>;

/// transpose(nchw, kToChannelsLast) is NHWC, and back.
constexpr int64_t kToChannelsLast[] = {0, 2, 3, 1};
constexpr int64_t kToChannelsFirst[] = {0, 3, 1, 2};

Permutation inverse(ArrayRef<int64_t> perm) {
  Permutation result(perm.size());
  for (size_t i = 0; i < perm.size(); ++i)
    result[perm[i]] = int64_t(i);
  return result;
}

bool isIdentity(ArrayRef<int64_t> perm) {
  for (size_t i = 0; i < perm.size(); ++i)
    if (perm[i] != int64_t(i))
      return false;
  return true;
}

/// Values of `values` at the positions `perm` sends them to: for a
/// per-dimension attribute of transpose(x, perm), the same attribute of x.
Permutation scatter(ArrayRef<int64_t> values, ArrayRef<int64_t> perm) {
  Permutation result(values.size());
  for (size_t i = 0; i < values.size(); ++i)
    result[perm[i]] = values[i];
  return result;
}

/// A transpose made by this pass, named for profiles and kernel labels by
/// what it converts ("to_nhwc", "to_nchw") and the op it was made for.
Value layoutTranspose(PatternRewriter &rewriter, Location loc, Value x,
                      ArrayRef<int64_t> perm) {
  StringRef name = perm == ArrayRef<int64_t>(kToChannelsLast)    ? "to_nhwc"
                   : perm == ArrayRef<int64_t>(kToChannelsFirst) ? "to_nchw"
                                                                 : "transpose";
  WebnnBuilder b{rewriter, NameLoc::get(rewriter.getStringAttr(name), loc)};
  return b.transpose(x, perm);
}

/// Whether a transpose by `perm` to `outputShape` keeps the order of the
/// dimensions larger than 1 (it is then a reshape).
bool movesUnitsOnly(ArrayRef<int64_t> outputShape, ArrayRef<int64_t> perm) {
  int64_t last = -1;
  for (auto [size, from] : llvm::zip(outputShape, perm)) {
    if (size == 1)
      continue;
    if (from < last)
      return false;
    last = from;
  }
  return true;
}

/// A copy of `op` at the rewriter's insertion point with `operands`, the
/// attributes `changes` replaced, and its result types inferred again.
Operation *recreate(PatternRewriter &rewriter, Operation *op,
                    ValueRange operands, ArrayRef<NamedAttribute> changes) {
  Operation *copy = rewriter.clone(*op);
  copy->setOperands(operands);
  for (NamedAttribute change : changes)
    copy->setAttr(change.getName(), change.getValue());
  SmallVector<Type> types;
  auto infer = cast<InferTypeOpInterface>(copy);
  if (failed(infer.inferReturnTypes(
          copy->getContext(), std::nullopt, copy->getOperands(),
          copy->getRawDictionaryAttrs(), copy->getPropertiesStorage(),
          copy->getRegions(), types))) {
    rewriter.eraseOp(copy);
    return nullptr;
  }
  for (auto [result, type] : llvm::zip(copy->getResults(), types))
    result.setType(type);
  return copy;
}

//===----------------------------------------------------------------------===//
// NCHW convolutions and pools become NHWC between two transposes.
//===----------------------------------------------------------------------===//

/// `layoutAttr` names the op's layout attribute ("input_layout" or
/// "layout").
template <typename OpT> struct ChannelsLast : OpRewritePattern<OpT> {
  ChannelsLast(MLIRContext *context, StringRef layoutAttr)
      : OpRewritePattern<OpT>(context), layoutAttr(layoutAttr) {}

  LogicalResult matchAndRewrite(OpT op,
                                PatternRewriter &rewriter) const override {
    auto layout = op->template getAttrOfType<StringAttr>(layoutAttr);
    if (layout && layout.getValue() != "nchw")
      return failure();
    WebnnBuilder b{rewriter, op.getLoc()};
    SmallVector<Value> operands(op->getOperands());
    operands[0] =
        layoutTranspose(rewriter, op.getLoc(), operands[0], kToChannelsLast);
    Operation *nhwc =
        recreate(rewriter, op, operands,
                 {b.named(layoutAttr, rewriter.getStringAttr("nhwc"))});
    if (!nhwc)
      return failure();
    rewriter.replaceOp(op,
                       layoutTranspose(rewriter, op.getLoc(),
                                       nhwc->getResult(0), kToChannelsFirst));
    return success();
  }

  std::string layoutAttr;
};

//===----------------------------------------------------------------------===//
// Transposes move past the ops that can compute in the transpose's source
// layout: op(transpose(x, p)) becomes transpose(op'(x), q).
//===----------------------------------------------------------------------===//

/// What an operand of op becomes in op': how the transpose's source layout
/// reaches it.
enum class Fix {
  Keep,              // not laid out along the moved dimensions
  Untranspose,       // transpose(x, p): x
  Reshape,           // broadcast operand whose dims keep their order
  TransposeConstant, // a constant, transposed at compile time
};

struct SinkPlan {
  SmallVector<Fix> operands;
  SmallVector<NamedAttribute> attributes;
  /// The transpose each result of op' needs to stand for op's result.
  SmallVector<Permutation> results;
};

/// `v`'s shape with leading 1s up to `rank`, as broadcasting reads it.
Permutation broadcastShape(Value v, int64_t rank) {
  ArrayRef<int64_t> shape = shapeOf(v);
  Permutation extended(rank - shape.size(), 1);
  extended.append(shape.begin(), shape.end());
  return extended;
}

/// The shape of operand `v` (broadcast to `rank`) in the source layout of
/// transpose(., perm).
Permutation sourceShape(Value v, ArrayRef<int64_t> perm, int64_t rank) {
  return scatter(broadcastShape(v, rank), perm);
}

/// How a broadcasting operand `v` of an element-wise op of rank `rank`
/// reaches the source layout of transpose(., perm).
std::optional<Fix> broadcastFix(Value v, ArrayRef<int64_t> perm, int64_t rank) {
  if (auto t = v.getDefiningOp<TransposeOp>())
    if (t.getPermutation() == perm)
      return Fix::Untranspose;
  if (int64_t(shapeOf(v).size()) > rank)
    return std::nullopt;
  // Unit dimensions may move freely: when the others keep their order in
  // the source layout the operand needs a reshape only.
  if (movesUnitsOnly(sourceShape(v, perm, rank), inverse(perm)))
    return Fix::Reshape;
  if (matchPattern(v, m_Constant()))
    return Fix::TransposeConstant;
  return std::nullopt;
}

/// Axis attributes of transpose(x, perm) as axes of x.
SmallVector<int64_t> sourceAxes(ArrayRef<int64_t> axes,
                                ArrayRef<int64_t> perm) {
  SmallVector<int64_t> result;
  for (int64_t a : axes)
    result.push_back(perm[a]);
  return result;
}

/// The transpose a reduction of x over `sourceAxes` (dropped) needs to stand
/// for the reduction of transpose(x, perm).
Permutation reducedPermutation(ArrayRef<int64_t> perm,
                               ArrayRef<int64_t> sourceAxes) {
  auto reduced = [&](int64_t d) { return llvm::is_contained(sourceAxes, d); };
  Permutation result;
  for (int64_t p : perm) {
    if (reduced(p))
      continue;
    int64_t position = 0;
    for (int64_t d = 0; d < p; ++d)
      position += !reduced(d);
    result.push_back(position);
  }
  return result;
}

/// How `op` computes on the source of its operand transpose(x, perm);
/// nullopt when it cannot.
std::optional<SinkPlan> planSink(Operation *op, ArrayRef<int64_t> perm) {
  if (op->getNumResults() == 0 || !isa<WebnnDialect>(op->getDialect()))
    return std::nullopt;
  auto resultType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!resultType)
    return std::nullopt;
  int64_t rank = resultType.getRank();
  Builder b(op->getContext());
  SinkPlan plan;
  auto named = [&](StringRef name, Attribute value) {
    plan.attributes.push_back(b.getNamedAttr(name, value));
  };
  Permutation same(perm.begin(), perm.end());

  // Element-wise ops and concat: every operand must reach the source layout.
  bool concat = isa<ConcatOp>(op);
  if (op->hasTrait<webnn::OpTrait::Elementwise>() || concat) {
    // A transposed operand of lower rank than the result is broadcast;
    // its transpose stays.
    if (int64_t(perm.size()) != rank)
      return std::nullopt;
    for (Value operand : op->getOperands()) {
      auto fix = broadcastFix(operand, perm, rank);
      if (!fix)
        return std::nullopt;
      plan.operands.push_back(*fix);
    }
    if (auto c = dyn_cast<ConcatOp>(op))
      named("axis", b.getI64IntegerAttr(perm[c.getAxis()]));
    plan.results.push_back(same);
    return plan;
  }

  // The others take the transposed operand first; the rest stay.
  auto input = op->getOperand(0).getDefiningOp<TransposeOp>();
  if (!input || input.getPermutation() != perm)
    return std::nullopt;
  plan.operands.push_back(Fix::Untranspose);
  for (size_t i = 1; i < op->getNumOperands(); ++i) {
    if (op->getOperand(i) == op->getOperand(0))
      return std::nullopt;
    plan.operands.push_back(Fix::Keep);
  }
  plan.results.assign(op->getNumResults(), same);

  auto perDimension = [&](ArrayRef<int64_t> values) {
    return b.getDenseI64ArrayAttr(scatter(values, perm));
  };
  bool handled =
      llvm::TypeSwitch<Operation *, bool>(op)
          .Case<SoftmaxOp>([&](auto o) {
            named("axis", b.getI64IntegerAttr(perm[o.getAxis()]));
            return true;
          })
          .Case<BatchNormalizationOp>([&](auto o) {
            named("axis", b.getI64IntegerAttr(perm[o.getAxis()]));
            return true;
          })
          .Case<InstanceNormalizationOp>([&](auto o) {
            bool toFirst = ArrayRef<int64_t>(kToChannelsFirst) == perm;
            bool toLast = ArrayRef<int64_t>(kToChannelsLast) == perm;
            if (o.getLayout() == "nchw" && toFirst)
              named("layout", b.getStringAttr("nhwc"));
            else if (o.getLayout() == "nhwc" && toLast)
              named("layout", b.getStringAttr("nchw"));
            else
              return false;
            return true;
          })
          .Case<ReduceMaxOp, ReduceMeanOp, ReduceMinOp, ReduceSumOp, ReduceL1Op,
                ReduceL2Op, ReduceLogSumOp, ReduceLogSumExpOp, ReduceProductOp,
                ReduceSumSquareOp>([&](auto o) {
            SmallVector<int64_t> reduced = sourceAxes(o.getAxes(), perm);
            named("axes", b.getDenseI64ArrayAttr(reduced));
            if (!o.getKeepDimensions())
              plan.results = {reducedPermutation(perm, reduced)};
            return true;
          })
          .Case<ArgMinOp, ArgMaxOp>([&](auto o) {
            int64_t axis = perm[o.getAxis()];
            named("axis", b.getI64IntegerAttr(axis));
            if (!o.getKeepDimensions())
              plan.results = {reducedPermutation(perm, {axis})};
            return true;
          })
          .Case<PadOp>([&](auto o) {
            named("beginning_padding", perDimension(o.getBeginningPadding()));
            named("ending_padding", perDimension(o.getEndingPadding()));
            return true;
          })
          .Case<SliceOp>([&](auto o) {
            named("starts", perDimension(o.getStarts()));
            named("sizes", perDimension(o.getSizes()));
            if (auto strides = o.getStrides())
              named("strides", perDimension(*strides));
            return true;
          })
          .Case<SplitOp>([&](auto o) {
            named("axis", b.getI64IntegerAttr(perm[o.getAxis()]));
            return true;
          })
          .Case<Resample2dOp>([&](auto o) {
            SmallVector<int64_t> moved = sourceAxes(o.getAxes(), perm);
            if (moved[0] >= moved[1])
              return false; // scales and sizes follow the axes' order
            named("axes", b.getDenseI64ArrayAttr(moved));
            return true;
          })
          .Default([](Operation *) { return false; });
  if (!handled)
    return std::nullopt;
  for (Permutation &result : plan.results)
    if (isIdentity(result))
      result.clear();
  return plan;
}

/// Whether every user of `t` lets it move on: transposes compose, graph
/// results keep it, and the others must be able to take its source.
bool usersAbsorb(TransposeOp t) {
  for (OpOperand &use : t.getOutput().getUses()) {
    Operation *user = use.getOwner();
    if (isa<TransposeOp, func::ReturnOp>(user))
      continue;
    auto plan = planSink(user, t.getPermutation());
    if (!plan || plan->operands[use.getOperandNumber()] != Fix::Untranspose)
      return false;
  }
  return true;
}

struct SinkTranspose : RewritePattern {
  SinkTranspose(MLIRContext *context)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, context) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (isa<TransposeOp, ConstantOp>(op))
      return failure();
    for (Value operand : op->getOperands()) {
      auto t = operand.getDefiningOp<TransposeOp>();
      if (!t)
        continue;
      Permutation perm(t.getPermutation());
      auto plan = planSink(op, perm);
      if (!plan)
        continue;
      // Moving the transpose past `op` must not add one: either the
      // transpose goes away (all its users take its source) or `op`'s
      // result needs none (a reduction over the moved dimensions).
      bool free = true;
      for (auto [result, resultPerm] :
           llvm::zip(op->getResults(), plan->results))
        free &=
            resultPerm.empty() || movesUnitsOnly(shapeOf(result), resultPerm);
      bool absorbed = true;
      for (auto [value, fix] : llvm::zip(op->getOperands(), plan->operands))
        if (fix == Fix::Untranspose)
          absorbed &= usersAbsorb(value.getDefiningOp<TransposeOp>());
      if (!free && !absorbed)
        continue;
      return rewrite(op, perm, *plan, rewriter);
    }
    return failure();
  }

  LogicalResult rewrite(Operation *op, ArrayRef<int64_t> perm,
                        const SinkPlan &plan, PatternRewriter &rewriter) const {
    WebnnBuilder b{rewriter, op->getLoc()};
    int64_t rank = shapeOf(op->getResult(0)).size();
    Permutation back = inverse(perm);
    SmallVector<Value> operands;
    for (auto [value, fix] : llvm::zip(op->getOperands(), plan.operands)) {
      switch (fix) {
      case Fix::Keep:
        operands.push_back(value);
        break;
      case Fix::Untranspose:
        operands.push_back(value.getDefiningOp<TransposeOp>().getInput());
        break;
      case Fix::Reshape:
        operands.push_back(b.reshape(value, sourceShape(value, perm, rank)));
        break;
      case Fix::TransposeConstant: {
        ElementsAttr constant;
        matchPattern(value, m_Constant(&constant));
        auto type = cast<RankedTensorType>(constant.getType());
        Permutation extended = broadcastShape(value, rank);
        ElementsAttr moved = transposeConstant(
            reshapeConstant(constant, type.clone(extended)), back);
        operands.push_back(
            moved ? b.create<ConstantOp>({}, b.named("value", moved))
                  : b.transpose(b.reshape(value, extended), back));
        break;
      }
      }
    }
    Operation *moved = recreate(rewriter, op, operands, plan.attributes);
    if (!moved) {
      // The plan is checked to infer; undo the operands made for it anyway.
      for (auto [value, original] : llvm::zip(operands, op->getOperands()))
        if (value != original && value.use_empty() && value.getDefiningOp())
          rewriter.eraseOp(value.getDefiningOp());
      return failure();
    }
    SmallVector<Value> results;
    for (auto [result, resultPerm] :
         llvm::zip(moved->getResults(), plan.results))
      results.push_back(
          resultPerm.empty()
              ? result
              : layoutTranspose(rewriter, op->getLoc(), result, resultPerm));
    rewriter.replaceOp(op, results);
    return success();
  }
};

/// A transpose that moves only unit dimensions is a reshape.
struct TransposeAsReshape : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    if (!movesUnitsOnly(shapeOf(op.getOutput()), op.getPermutation()))
      return failure();
    WebnnBuilder b{rewriter, op.getLoc()};
    rewriter.replaceOp(op, b.reshape(op.getInput(), shapeOf(op.getOutput())));
    return success();
  }
};

/// Transposes and reshapes of constants are computed at compile time.
struct FoldConstantTranspose : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    ElementsAttr value;
    if (!matchPattern(op.getInput(), m_Constant(&value)))
      return failure();
    ElementsAttr moved = transposeConstant(value, op.getPermutation());
    if (!moved)
      return failure();
    rewriter.replaceOpWithNewOp<ConstantOp>(op, moved.getType(), moved);
    return success();
  }
};

struct FoldConstantReshape : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    ElementsAttr value;
    if (!matchPattern(op.getInput(), m_Constant(&value)))
      return failure();
    auto type = cast<RankedTensorType>(op.getOutput().getType());
    ElementsAttr reshaped = reshapeConstant(value, type);
    if (!reshaped)
      return failure();
    rewriter.replaceOpWithNewOp<ConstantOp>(op, type, reshaped);
    return success();
  }
};

struct AssignLayoutsPass : impl::AssignLayoutsBase<AssignLayoutsPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    patterns.add<ChannelsLast<Conv2dOp>, ChannelsLast<ConvTranspose2dOp>>(
        context, "input_layout");
    patterns.add<ChannelsLast<AveragePool2dOp>, ChannelsLast<MaxPool2dOp>,
                 ChannelsLast<L2Pool2dOp>>(context, "layout");
    patterns.add<SinkTranspose, TransposeAsReshape, FoldConstantTranspose,
                 FoldConstantReshape>(context);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
} // namespace wnn
