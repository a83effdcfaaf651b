//===- RecurrentLowering.cpp - webnn.recurrence to one loop ---------------===//
//
// The time loop of gru and lstm is one scf.for over the steps. Each step,
// per direction, computes hidden x recurrentWeight as a contraction (the
// linalg.generic every matmul lowers to, tiled and vectorized the same
// way), then one element-wise linalg.generic applies the gate equations.
// The states and the sequence are loop-carried and updated in place; the
// per-step temporaries' buffers are hoisted out of the loop after
// bufferization (buffer-loop-hoisting). Gates are computed in float32.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "Patterns.h"
#include "webnn/IR/WebnnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace wnn::webnn;

namespace wnn::lowering {
namespace {

/// The column block of each gate in the stacked weights, by layout.
struct GateColumns {
  int64_t z = 0, r = 0, n = 0;        // gru
  int64_t i = 0, o = 0, f = 0, g = 0; // lstm
};

GateColumns gateColumns(StringRef layout) {
  GateColumns c;
  if (layout == "zrn")
    c.z = 0, c.r = 1, c.n = 2;
  else if (layout == "rzn")
    c.r = 0, c.z = 1, c.n = 2;
  else if (layout == "iofg")
    c.i = 0, c.o = 1, c.f = 2, c.g = 3;
  else // ifgo
    c.i = 0, c.f = 1, c.g = 2, c.o = 3;
  return c;
}

/// The activation named `name` of a float32 scalar.
Value activate(OpBuilder &b, Location loc, StringRef name, Value x) {
  if (name == "relu")
    return arith::MaximumFOp::create(b, loc, x,
                                     scalarConstant(b, loc, x.getType(), 0));
  if (name == "tanh")
    return math::TanhOp::create(b, loc, x);
  // sigmoid
  Value one = scalarConstant(b, loc, x.getType(), 1);
  Value e = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x));
  return arith::DivFOp::create(b, loc, one,
                               arith::AddFOp::create(b, loc, one, e));
}

/// Builds the loop body of one recurrence.
class RecurrenceBuilder {
public:
  RecurrenceBuilder(RecurrenceOp op, Value projection, Value weight, Value bias,
                    Value peephole)
      : projection(projection), weight(weight), bias(bias), peephole(peephole),
        columns(gateColumns(op.getLayout())) {
    auto pShape = cast<RankedTensorType>(projection.getType()).getShape();
    directions = pShape[0];
    steps = pShape[1];
    batch = pShape[2];
    hiddenSize = cast<RankedTensorType>(weight.getType()).getDimSize(1);
    lstm = op.getKind() == "lstm";
    direction = op.getDirection();
    returnSequence = op.getReturnSequence();
    splitReset = !lstm && !op.getResetAfter();
    for (Attribute name : op.getActivations())
      activations.push_back(cast<StringAttr>(name).getValue());
  }

  /// The loop-carried values: the states, then the sequence.
  struct Carried {
    Value hidden, cell, sequence;
  };

  SmallVector<Value> pack(const Carried &c) const {
    SmallVector<Value> values{c.hidden};
    for (Value v : {c.cell, c.sequence})
      if (v)
        values.push_back(v);
    return values;
  }
  Carried unpack(ValueRange values, const Carried &like) const {
    Carried c;
    size_t next = 0;
    c.hidden = values[next++];
    for (auto [field, model] :
         {std::pair{&c.cell, like.cell}, {&c.sequence, like.sequence}})
      if (model)
        *field = values[next++];
    return c;
  }

  Carried initial(OpBuilder &b, Location loc, Value hidden, Value cell) const {
    auto element = cast<RankedTensorType>(hidden.getType()).getElementType();
    Carried c;
    c.hidden = hidden;
    c.cell = cell;
    if (returnSequence)
      c.sequence = tensor::EmptyOp::create(
          b, loc, ArrayRef<int64_t>{steps, directions, batch, hiddenSize},
          element);
    return c;
  }

  /// One step over every direction.
  Carried step(OpBuilder &b, Location loc, Value s, Carried c) const {
    for (int64_t d = 0; d < directions; ++d) {
      bool backward =
          direction == "backward" || (direction == "both" && d == 1);
      Value t = s;
      if (backward)
        t = arith::SubIOp::create(
            b, loc, arith::ConstantIndexOp::create(b, loc, steps - 1), s);
      c = directionStep(b, loc, d, t, c);
    }
    return c;
  }

private:
  /// A 2-D (or 1-D) slice of `value` at leading coordinates `lead`,
  /// `rows` x `cols` from column `col`.
  Value slice(OpBuilder &b, Location loc, Value value,
              ArrayRef<OpFoldResult> lead, ArrayRef<int64_t> trailing,
              int64_t col = 0) const {
    auto type = cast<RankedTensorType>(value.getType());
    SmallVector<OpFoldResult> offsets(lead), sizes, strides;
    for (size_t i = 0; i < lead.size(); ++i)
      sizes.push_back(b.getIndexAttr(1));
    for (size_t i = 0; i < trailing.size(); ++i) {
      bool last = i + 1 == trailing.size();
      offsets.push_back(b.getIndexAttr(last ? col : 0));
      sizes.push_back(b.getIndexAttr(trailing[i]));
    }
    strides.assign(type.getRank(), b.getIndexAttr(1));
    auto sliceType = RankedTensorType::get(trailing, type.getElementType());
    return tensor::ExtractSliceOp::create(b, loc, sliceType, value, offsets,
                                          sizes, strides);
  }

  Value insert(OpBuilder &b, Location loc, Value part, Value into,
               ArrayRef<OpFoldResult> lead) const {
    auto type = cast<RankedTensorType>(into.getType());
    auto partShape = cast<RankedTensorType>(part.getType()).getShape();
    SmallVector<OpFoldResult> offsets(lead), sizes, strides;
    for (size_t i = 0; i < lead.size(); ++i)
      sizes.push_back(b.getIndexAttr(1));
    for (int64_t size : partShape) {
      offsets.push_back(b.getIndexAttr(0));
      sizes.push_back(b.getIndexAttr(size));
    }
    strides.assign(type.getRank(), b.getIndexAttr(1));
    return tensor::InsertSliceOp::create(b, loc, part, into, offsets, sizes,
                                         strides);
  }

  /// lhs x rhs, accumulated in float32.
  Value matmul(OpBuilder &b, Location loc, Value lhs, Value rhs) const {
    int64_t rows = cast<RankedTensorType>(lhs.getType()).getDimSize(0);
    int64_t cols = cast<RankedTensorType>(rhs.getType()).getDimSize(1);
    auto type = RankedTensorType::get({rows, cols}, b.getF32Type());
    return contractInto(b, loc, lhs, rhs, filledTensor(b, loc, type, 0.0));
  }

  static Value emptyLike(OpBuilder &b, Location loc, Value like) {
    auto type = cast<RankedTensorType>(like.getType());
    return tensor::EmptyOp::create(b, loc, type.getShape(),
                                   type.getElementType());
  }

  static Value copyInto(OpBuilder &b, Location loc, Value from, Value into) {
    return linalg::CopyOp::create(b, loc, from, into).getResult(0);
  }

  Value emptyState(OpBuilder &b, Location loc) const {
    return tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{batch, hiddenSize},
                                   b.getF32Type());
  }

  /// The element-wise gate equations: `inputs` are [batch, hiddenSize]
  /// tensors and [hiddenSize] vectors (broadcast over the batch), `outputs`
  /// the tensors written; `body` maps float32 input elements to float32
  /// results.
  SmallVector<Value>
  gates(OpBuilder &b, Location loc, ArrayRef<Value> inputs,
        ArrayRef<Value> outputs,
        llvm::function_ref<SmallVector<Value>(OpBuilder &, Location,
                                              ArrayRef<Value>)>
            body) const {
    MLIRContext *ctx = b.getContext();
    SmallVector<AffineMap> maps;
    for (Value input : inputs)
      maps.push_back(cast<RankedTensorType>(input.getType()).getRank() == 1
                         ? AffineMap::get(2, 0, b.getAffineDimExpr(1), ctx)
                         : AffineMap::getMultiDimIdentityMap(2, ctx));
    for (size_t i = 0; i < outputs.size(); ++i)
      maps.push_back(AffineMap::getMultiDimIdentityMap(2, ctx));
    SmallVector<utils::IteratorType> iterators(2,
                                               utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        b, loc, ValueRange(outputs).getTypes(), inputs, outputs, maps,
        iterators, [&](OpBuilder &nb, Location l, ValueRange args) {
          Type f32 = nb.getF32Type();
          SmallVector<Value> wide;
          for (Value v : args.take_front(inputs.size()))
            wide.push_back(
                v.getType() == f32 ? v : arith::ExtFOp::create(nb, l, f32, v));
          SmallVector<Value> results = body(nb, l, wide);
          for (auto [i, result] : llvm::enumerate(results)) {
            Type type = args[inputs.size() + i].getType();
            if (type != f32)
              result = arith::TruncFOp::create(nb, l, type, result);
          }
          linalg::YieldOp::create(nb, l, results);
        });
    return SmallVector<Value>(generic->getResults());
  }

  Value add(OpBuilder &b, Location loc, ArrayRef<Value> terms) const {
    Value sum = terms[0];
    for (Value term : terms.drop_front())
      sum = arith::AddFOp::create(b, loc, sum, term);
    return sum;
  }

  Carried directionStep(OpBuilder &b, Location loc, int64_t d, Value t,
                        Carried c) const {
    int64_t h = hiddenSize;
    OpFoldResult dIndex = b.getIndexAttr(d);
    Value input =
        slice(b, loc, projection, {dIndex, t}, {batch, (lstm ? 4 : 3) * h});
    Value hidden = slice(b, loc, c.hidden, {dIndex}, {batch, h});
    Value cell = lstm ? slice(b, loc, c.cell, {dIndex}, {batch, h}) : Value();
    Value w = slice(b, loc, weight, {dIndex}, {h, (lstm ? 4 : 3) * h});
    Value rBias =
        bias ? slice(b, loc, bias, {dIndex}, {(lstm ? 4 : 3) * h}) : Value();
    Value peep =
        peephole ? slice(b, loc, peephole, {dIndex}, {3 * h}) : Value();

    // Per gate k: the input's [batch, h] block and the bias block.
    auto inputGate = [&](int64_t k) {
      return slice(b, loc, input, {}, {batch, h}, k * h);
    };
    auto biasGate = [&](Value vector, int64_t k) {
      return slice(b, loc, vector, {}, {h}, k * h);
    };

    SmallVector<Value> newStates;
    if (lstm) {
      Value product = matmul(b, loc, hidden, w);
      auto recurrent = [&](int64_t k) {
        return slice(b, loc, product, {}, {batch, h}, k * h);
      };
      // Inputs: per gate i, f, g, o: input, recurrent (and bias), then
      // the cell state and the peepholes i, o, f.
      SmallVector<Value> inputs;
      for (int64_t k : {columns.i, columns.f, columns.g, columns.o}) {
        inputs.push_back(inputGate(k));
        inputs.push_back(recurrent(k));
        if (rBias)
          inputs.push_back(biasGate(rBias, k));
      }
      inputs.push_back(cell);
      if (peep)
        for (int64_t k = 0; k < 3; ++k)
          inputs.push_back(biasGate(peep, k));
      int64_t perGate = rBias ? 3 : 2;
      newStates = gates(
          b, loc, inputs, {emptyLike(b, loc, hidden), emptyLike(b, loc, cell)},
          [&](OpBuilder &nb, Location l, ArrayRef<Value> v) {
            auto pre = [&](int64_t gate) {
              return add(nb, l, v.slice(gate * perGate, perGate));
            };
            Value oldCell = v[4 * perGate];
            auto peephole = [&](Value x, int64_t k) -> Value {
              if (!peep)
                return x;
              Value p =
                  arith::MulFOp::create(nb, l, oldCell, v[4 * perGate + 1 + k]);
              return arith::AddFOp::create(nb, l, x, p);
            };
            // Peepholes are ordered input, output, forget.
            Value i = activate(nb, l, activations[0], peephole(pre(0), 0));
            Value f = activate(nb, l, activations[0], peephole(pre(1), 2));
            Value g = activate(nb, l, activations[1], pre(2));
            Value o = activate(nb, l, activations[0], peephole(pre(3), 1));
            Value newCell = arith::AddFOp::create(
                nb, l, arith::MulFOp::create(nb, l, f, oldCell),
                arith::MulFOp::create(nb, l, i, g));
            Value newHidden = arith::MulFOp::create(
                nb, l, o, activate(nb, l, activations[2], newCell));
            return SmallVector<Value>{newHidden, newCell};
          });
    } else if (!splitReset) {
      Value product = matmul(b, loc, hidden, w);
      auto recurrent = [&](int64_t k) {
        return slice(b, loc, product, {}, {batch, h}, k * h);
      };
      SmallVector<Value> inputs{inputGate(columns.z),
                                recurrent(columns.z),
                                inputGate(columns.r),
                                recurrent(columns.r),
                                inputGate(columns.n),
                                recurrent(columns.n),
                                hidden};
      if (rBias)
        for (int64_t k : {columns.z, columns.r, columns.n})
          inputs.push_back(biasGate(rBias, k));
      newStates = gates(
          b, loc, inputs, {emptyLike(b, loc, hidden)},
          [&](OpBuilder &nb, Location l, ArrayRef<Value> v) {
            auto withBias = [&](Value x, int64_t k) -> Value {
              return rBias
                         ? arith::AddFOp::create(nb, l, x, v[7 + k]).getResult()
                         : x;
            };
            Value z = activate(nb, l, activations[0],
                               add(nb, l, {v[0], withBias(v[1], 0)}));
            Value r = activate(nb, l, activations[0],
                               add(nb, l, {v[2], withBias(v[3], 1)}));
            // resetAfter: the reset gate scales the recurrent product.
            Value n = activate(
                nb, l, activations[1],
                arith::AddFOp::create(
                    nb, l, v[4],
                    arith::MulFOp::create(nb, l, r, withBias(v[5], 2))));
            return SmallVector<Value>{blend(nb, l, z, n, v[6])};
          });
    } else {
      // z and r first; the new gate's product reads r * hidden.
      Value wzr = slice(b, loc, w, {}, {h, 2 * h}, 0);
      Value wn = slice(b, loc, w, {}, {h, h}, 2 * h);
      Value product = matmul(b, loc, hidden, wzr);
      auto recurrent = [&](int64_t k) {
        return slice(b, loc, product, {}, {batch, h}, k * h);
      };
      SmallVector<Value> resetInputs{inputGate(columns.r), recurrent(columns.r),
                                     hidden};
      if (rBias)
        resetInputs.push_back(biasGate(rBias, columns.r));
      Value reset = gates(
          b, loc, resetInputs, {emptyState(b, loc)},
          [&](OpBuilder &nb, Location l, ArrayRef<Value> v) {
            SmallVector<Value> terms{v[0], v[1]};
            if (rBias)
              terms.push_back(v[3]);
            Value r = activate(nb, l, activations[0], add(nb, l, terms));
            return SmallVector<Value>{arith::MulFOp::create(nb, l, r, v[2])};
          })[0];
      Value resetProduct = matmul(b, loc, reset, wn);
      SmallVector<Value> inputs{inputGate(columns.z), recurrent(columns.z),
                                inputGate(columns.n), resetProduct, hidden};
      if (rBias)
        for (int64_t k : {columns.z, columns.n})
          inputs.push_back(biasGate(rBias, k));
      newStates =
          gates(b, loc, inputs, {emptyLike(b, loc, hidden)},
                [&](OpBuilder &nb, Location l, ArrayRef<Value> v) {
                  SmallVector<Value> zTerms{v[0], v[1]}, nTerms{v[2], v[3]};
                  if (rBias) {
                    zTerms.push_back(v[5]);
                    nTerms.push_back(v[6]);
                  }
                  Value z = activate(nb, l, activations[0], add(nb, l, zTerms));
                  Value n = activate(nb, l, activations[1], add(nb, l, nTerms));
                  return SmallVector<Value>{blend(nb, l, z, n, v[4])};
                });
    }

    // The new states are copied into the carried ones explicitly: a
    // generic's destination may be replaced by a fresh tensor when its
    // body does not read it, and the loop must yield its own buffers.
    c.hidden = insert(b, loc, copyInto(b, loc, newStates[0], hidden), c.hidden,
                      {dIndex});
    if (lstm)
      c.cell = insert(b, loc, copyInto(b, loc, newStates[1], cell), c.cell,
                      {dIndex});
    if (c.sequence)
      c.sequence = insert(b, loc, newStates[0], c.sequence, {t, dIndex});
    return c;
  }

  /// z * hidden + (1 - z) * n.
  static Value blend(OpBuilder &b, Location loc, Value z, Value n,
                     Value hidden) {
    Value one = scalarConstant(b, loc, z.getType(), 1);
    Value keep = arith::MulFOp::create(b, loc, z, hidden);
    Value update =
        arith::MulFOp::create(b, loc, arith::SubFOp::create(b, loc, one, z), n);
    return arith::AddFOp::create(b, loc, keep, update);
  }

  Value projection, weight, bias, peephole;
  GateColumns columns;
  int64_t directions = 0, steps = 0, batch = 0, hiddenSize = 0;
  bool lstm = false, splitReset = false, returnSequence = false;
  StringRef direction;
  SmallVector<StringRef> activations;
};

struct RecurrencePattern : OpConversionPattern<RecurrenceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RecurrenceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RecurrenceBuilder builder(
        op, adaptor.getProjection(), adaptor.getRecurrentWeight(),
        adaptor.getRecurrentBias(), adaptor.getPeepholeWeight());
    auto initial =
        builder.initial(rewriter, loc, adaptor.getInitialHiddenState(),
                        adaptor.getInitialCellState());
    int64_t steps =
        cast<RankedTensorType>(op.getProjection().getType()).getDimSize(1);
    Value lower = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value upper = arith::ConstantIndexOp::create(rewriter, loc, steps);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    auto loop = scf::ForOp::create(
        rewriter, loc, lower, upper, one, builder.pack(initial),
        [&](OpBuilder &b, Location l, Value s, ValueRange carried) {
          auto next = builder.step(b, l, s, builder.unpack(carried, initial));
          scf::YieldOp::create(b, l, builder.pack(next));
        });
    auto done = builder.unpack(loop.getResults(), initial);
    SmallVector<Value> results{done.hidden};
    if (done.cell)
      results.push_back(done.cell);
    if (done.sequence)
      results.push_back(done.sequence);
    rewriter.replaceOp(op, results);
    return success();
  }
};

} // namespace

void populateRecurrentLoweringPatterns(const TypeConverter &converter,
                                       RewritePatternSet &patterns) {
  patterns.add<RecurrencePattern>(converter, patterns.getContext());
}

} // namespace wnn::lowering
