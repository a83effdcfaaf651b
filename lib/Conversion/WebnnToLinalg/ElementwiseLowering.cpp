//===- ElementwiseLowering.cpp - Element-wise webnn ops to linalg ---------===//
//
// Every element-wise op becomes one linalg.generic whose body is built by a
// scalar function; operands broadcast numpy-style through the indexing maps.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "Patterns.h"
#include "webnn/IR/WebnnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>

using namespace mlir;
using namespace wnn::webnn;

namespace wnn::lowering {
namespace {

/// Scalar arithmetic that picks the float, signed or unsigned op.
struct Scalar {
  OpBuilder &b;
  Location loc;
  bool isFloat;
  bool isUnsigned;

  Value cst(Value like, double v) const {
    return scalarConstant(b, loc, like.getType(), v);
  }
  Value add(Value x, Value y) const {
    return isFloat ? arith::AddFOp::create(b, loc, x, y).getResult()
                   : arith::AddIOp::create(b, loc, x, y).getResult();
  }
  Value sub(Value x, Value y) const {
    return isFloat ? arith::SubFOp::create(b, loc, x, y).getResult()
                   : arith::SubIOp::create(b, loc, x, y).getResult();
  }
  Value mul(Value x, Value y) const {
    return isFloat ? arith::MulFOp::create(b, loc, x, y).getResult()
                   : arith::MulIOp::create(b, loc, x, y).getResult();
  }
  Value div(Value x, Value y) const {
    if (isFloat)
      return arith::DivFOp::create(b, loc, x, y);
    return isUnsigned ? arith::DivUIOp::create(b, loc, x, y).getResult()
                      : arith::DivSIOp::create(b, loc, x, y).getResult();
  }
  Value max(Value x, Value y) const {
    if (isFloat)
      return arith::MaximumFOp::create(b, loc, x, y);
    return isUnsigned ? arith::MaxUIOp::create(b, loc, x, y).getResult()
                      : arith::MaxSIOp::create(b, loc, x, y).getResult();
  }
  Value min(Value x, Value y) const {
    if (isFloat)
      return arith::MinimumFOp::create(b, loc, x, y);
    return isUnsigned ? arith::MinUIOp::create(b, loc, x, y).getResult()
                      : arith::MinSIOp::create(b, loc, x, y).getResult();
  }
  /// x >= 0 ? x : negative (false for NaN, so NaN takes `negative`).
  Value selectNonNegative(Value x, Value negative) const {
    Value zero = cst(x, 0);
    Value ge =
        isFloat
            ? arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, x, zero)
                  .getResult()
            : arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, x, zero)
                  .getResult();
    return arith::SelectOp::create(b, loc, ge, x, negative);
  }
};

/// The comparisons of WebNN, each with its float (ordered, except notEqual:
/// NaN is unequal to everything), signed and unsigned predicate.
struct Comparison {
  arith::CmpFPredicate onFloat;
  arith::CmpIPredicate onSigned, onUnsigned;
};
constexpr Comparison kEqual{arith::CmpFPredicate::OEQ, arith::CmpIPredicate::eq,
                            arith::CmpIPredicate::eq};
constexpr Comparison kNotEqual{arith::CmpFPredicate::UNE,
                               arith::CmpIPredicate::ne,
                               arith::CmpIPredicate::ne};
constexpr Comparison kGreater{arith::CmpFPredicate::OGT,
                              arith::CmpIPredicate::sgt,
                              arith::CmpIPredicate::ugt};
constexpr Comparison kGreaterOrEqual{arith::CmpFPredicate::OGE,
                                     arith::CmpIPredicate::sge,
                                     arith::CmpIPredicate::uge};
constexpr Comparison kLesser{arith::CmpFPredicate::OLT,
                             arith::CmpIPredicate::slt,
                             arith::CmpIPredicate::ult};
constexpr Comparison kLesserOrEqual{arith::CmpFPredicate::OLE,
                                    arith::CmpIPredicate::sle,
                                    arith::CmpIPredicate::ule};

/// An i1 as WebNN's uint8 truth value (i8 once signless).
Value toUint8(const Scalar &s, Value predicate) {
  return arith::ExtUIOp::create(s.b, s.loc, s.b.getI8Type(), predicate);
}

Value compare(const Scalar &s, const Comparison &c, Value x, Value y) {
  if (s.isFloat)
    return arith::CmpFOp::create(s.b, s.loc, c.onFloat, x, y);
  return arith::CmpIOp::create(s.b, s.loc,
                               s.isUnsigned ? c.onUnsigned : c.onSigned, x, y);
}

/// x != 0 for a uint8 (i8) truth value.
Value isTrue(const Scalar &s, Value x) {
  return arith::CmpIOp::create(s.b, s.loc, arith::CmpIPredicate::ne, x,
                               s.cst(x, 0));
}

using BodyFn = Value (*)(const Scalar &, ValueRange, Operation *);

/// Lowers any op whose result is a function of its operands' elements.
class ElementwisePattern : public ConversionPattern {
public:
  ElementwisePattern(StringRef opName, BodyFn body,
                     const TypeConverter &converter, MLIRContext *ctx)
      : ConversionPattern(converter, opName, /*benefit=*/1, ctx), body(body) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    auto outType = dyn_cast_or_null<RankedTensorType>(
        getTypeConverter()->convertType(op->getResult(0).getType()));
    if (!outType)
      return rewriter.notifyMatchFailure(op, "unsupported result type");
    Value first = op->getOperand(0);
    Type elementType = cast<RankedTensorType>(first.getType()).getElementType();
    bool isFloat = isa<FloatType>(elementType);
    bool isUnsigned = elementType.isUnsignedInteger();
    Value result = buildElementwise(
        rewriter, op->getLoc(), outType, operands,
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return body(Scalar{b, loc, isFloat, isUnsigned}, args, op);
        });
    rewriter.replaceOp(op, result);
    return success();
  }

private:
  BodyFn body;
};

template <typename OpT> OpT as(Operation *op) { return cast<OpT>(op); }

//===----------------------------------------------------------------------===//
// Scalar bodies
//===----------------------------------------------------------------------===//

Value powBody(const Scalar &s, ValueRange v, Operation *) {
  if (s.isFloat)
    return math::PowFOp::create(s.b, s.loc, v[0], v[1]);
  return math::IPowIOp::create(s.b, s.loc, v[0], v[1]);
}

Value absBody(const Scalar &s, ValueRange v, Operation *) {
  if (s.isFloat)
    return math::AbsFOp::create(s.b, s.loc, v[0]);
  return math::AbsIOp::create(s.b, s.loc, v[0]);
}

Value negBody(const Scalar &s, ValueRange v, Operation *) {
  if (s.isFloat)
    return arith::NegFOp::create(s.b, s.loc, v[0]);
  return s.sub(s.cst(v[0], 0), v[0]);
}

Value reluBody(const Scalar &s, ValueRange v, Operation *) {
  return s.max(v[0], s.cst(v[0], 0));
}

Value sigmoidBody(const Scalar &s, ValueRange v, Operation *) {
  Value negX = arith::NegFOp::create(s.b, s.loc, v[0]);
  Value e = math::ExpOp::create(s.b, s.loc, negX);
  Value one = s.cst(v[0], 1);
  return arith::DivFOp::create(s.b, s.loc, one, s.add(one, e));
}

Value geluBody(const Scalar &s, ValueRange v, Operation *) {
  // 1 + erf(x / sqrt(2)) == erfc(-x / sqrt(2)), without the cancellation
  // that loses precision for negative x.
  Value x = v[0];
  Value scaled = s.mul(x, s.cst(x, -M_SQRT1_2));
  Value erfc = math::ErfcOp::create(s.b, s.loc, scaled);
  return s.mul(s.mul(s.cst(x, 0.5), x), erfc);
}

Value hardSwishBody(const Scalar &s, ValueRange v, Operation *) {
  Value x = v[0];
  Value clamped = s.min(s.max(s.add(x, s.cst(x, 3)), s.cst(x, 0)), s.cst(x, 6));
  return s.div(s.mul(x, clamped), s.cst(x, 6));
}

Value softplusBody(const Scalar &s, ValueRange v, Operation *) {
  // ln(1 + e^x) = max(x, 0) + ln(1 + e^-|x|), which never overflows.
  Value x = v[0];
  Value absX = math::AbsFOp::create(s.b, s.loc, x);
  Value e =
      math::ExpOp::create(s.b, s.loc, arith::NegFOp::create(s.b, s.loc, absX));
  Value log1p = math::Log1pOp::create(s.b, s.loc, e);
  return s.add(s.max(x, s.cst(x, 0)), log1p);
}

Value softsignBody(const Scalar &s, ValueRange v, Operation *) {
  Value x = v[0];
  Value absX = math::AbsFOp::create(s.b, s.loc, x);
  return s.div(x, s.add(s.cst(x, 1), absX));
}

Value clampBody(const Scalar &s, ValueRange v, Operation *op) {
  auto clamp = as<ClampOp>(op);
  Value x = v[0];
  Type type = x.getType();
  double lo = clamp.getMinValue().convertToDouble();
  double hi = clamp.getMaxValue().convertToDouble();
  if (!s.isFloat) {
    // Saturate the bounds to the integer type's range.
    lo = std::max(lo, lowestValue(type, s.isUnsigned));
    hi = std::min(hi, highestValue(type, s.isUnsigned));
  }
  return s.min(s.max(x, s.cst(x, lo)), s.cst(x, hi));
}

Value leakyReluBody(const Scalar &s, ValueRange v, Operation *op) {
  double alpha = as<LeakyReluOp>(op).getAlpha().convertToDouble();
  return s.selectNonNegative(v[0], s.mul(s.cst(v[0], alpha), v[0]));
}

Value eluBody(const Scalar &s, ValueRange v, Operation *op) {
  double alpha = as<EluOp>(op).getAlpha().convertToDouble();
  Value expm1 = math::ExpM1Op::create(s.b, s.loc, v[0]);
  return s.selectNonNegative(v[0], s.mul(s.cst(v[0], alpha), expm1));
}

Value hardSigmoidBody(const Scalar &s, ValueRange v, Operation *op) {
  auto hs = as<HardSigmoidOp>(op);
  Value x = v[0];
  Value y = s.add(s.mul(s.cst(x, hs.getAlpha().convertToDouble()), x),
                  s.cst(x, hs.getBeta().convertToDouble()));
  return s.max(s.min(y, s.cst(x, 1)), s.cst(x, 0));
}

Value linearBody(const Scalar &s, ValueRange v, Operation *op) {
  auto linear = as<LinearOp>(op);
  Value x = v[0];
  return s.add(s.mul(s.cst(x, linear.getAlpha().convertToDouble()), x),
               s.cst(x, linear.getBeta().convertToDouble()));
}

Value preluBody(const Scalar &s, ValueRange v, Operation *) {
  return s.selectNonNegative(v[0], s.mul(v[1], v[0]));
}

Value castBody(const Scalar &s, ValueRange v, Operation *op) {
  auto castOp = as<CastOp>(op);
  Type target = castOp.getDataType();
  bool targetUnsigned = target.isUnsignedInteger();
  Value x = v[0];
  Type source = x.getType();
  OpBuilder &b = s.b;
  Location loc = s.loc;
  if (auto targetInt = dyn_cast<IntegerType>(target)) {
    // int4 / uint4 values are held in i8 (see the type converter).
    unsigned width = targetInt.getWidth();
    auto signless = b.getIntegerType(width == 4 ? 8 : width);
    auto range = b.getIntegerType(width);
    if (s.isFloat) {
      // Truncate toward zero, saturating to the target's range; NaN -> 0.
      // The largest value may have no float twin (2^31 - 1 rounds up to
      // 2^31, which would overflow the conversion): clamp to the largest
      // float below it, and select the largest value for inputs that reach
      // the rounded bound.
      APInt largest = targetUnsigned ? APInt::getMaxValue(width)
                                     : APInt::getSignedMaxValue(width);
      APFloat bound(cast<FloatType>(source).getFloatSemantics());
      bool inexact =
          bound.convertFromAPInt(largest, !targetUnsigned,
                                 APFloat::rmTowardZero) != APFloat::opOK;
      Value lo = s.cst(x, lowestValue(range, targetUnsigned));
      Value hi = s.cst(x, bound.convertToDouble());
      Value clamped = arith::MinNumFOp::create(
          b, loc, arith::MaxNumFOp::create(b, loc, x, lo), hi);
      Value isNan =
          arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x);
      clamped = arith::SelectOp::create(b, loc, isNan, s.cst(x, 0), clamped);
      Value result =
          targetUnsigned
              ? arith::FPToUIOp::create(b, loc, signless, clamped).getResult()
              : arith::FPToSIOp::create(b, loc, signless, clamped).getResult();
      if (inexact) {
        Value reaches =
            arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, hi);
        unsigned bits = signless.getWidth();
        Value largestValue = arith::ConstantOp::create(
            b, loc,
            b.getIntegerAttr(signless, targetUnsigned ? largest.zext(bits)
                                                      : largest.sext(bits)));
        result = arith::SelectOp::create(b, loc, reaches, largestValue, result);
      }
      return result;
    }
    unsigned from = cast<IntegerType>(source).getWidth();
    unsigned to = signless.getWidth();
    if (width == 4) {
      // Keep the low 4 bits, sign- or zero-extended within the byte.
      Value narrow =
          from == 8  ? x
          : from > 8 ? arith::TruncIOp::create(b, loc, signless, x).getResult()
                     : arith::ExtUIOp::create(b, loc, signless, x).getResult();
      Value four = arith::ConstantIntOp::create(b, loc, signless, 4);
      Value high = arith::ShLIOp::create(b, loc, narrow, four);
      return targetUnsigned
                 ? arith::ShRUIOp::create(b, loc, high, four).getResult()
                 : arith::ShRSIOp::create(b, loc, high, four).getResult();
    }
    if (from == to)
      return x;
    if (from > to)
      return arith::TruncIOp::create(b, loc, signless, x);
    if (s.isUnsigned)
      return arith::ExtUIOp::create(b, loc, signless, x);
    return arith::ExtSIOp::create(b, loc, signless, x);
  }
  auto targetFloat = cast<FloatType>(target);
  if (!s.isFloat)
    return s.isUnsigned
               ? arith::UIToFPOp::create(b, loc, targetFloat, x).getResult()
               : arith::SIToFPOp::create(b, loc, targetFloat, x).getResult();
  unsigned from = cast<FloatType>(source).getWidth();
  if (from == targetFloat.getWidth())
    return x;
  if (from < targetFloat.getWidth())
    return arith::ExtFOp::create(b, loc, targetFloat, x);
  return arith::TruncFOp::create(b, loc, targetFloat, x);
}

template <const Comparison &C>
Value compareBody(const Scalar &s, ValueRange v, Operation *) {
  return toUint8(s, compare(s, C, v[0], v[1]));
}

template <typename LogicalOp>
Value logicalBody(const Scalar &s, ValueRange v, Operation *) {
  Value both = LogicalOp::create(s.b, s.loc, isTrue(s, v[0]), isTrue(s, v[1]));
  return toUint8(s, both);
}

Value logicalNotBody(const Scalar &s, ValueRange v, Operation *) {
  return toUint8(s, arith::CmpIOp::create(s.b, s.loc, arith::CmpIPredicate::eq,
                                          v[0], s.cst(v[0], 0)));
}

Value isNaNBody(const Scalar &s, ValueRange v, Operation *) {
  return toUint8(s, arith::CmpFOp::create(s.b, s.loc, arith::CmpFPredicate::UNO,
                                          v[0], v[0]));
}

Value isInfiniteBody(const Scalar &s, ValueRange v, Operation *) {
  Value magnitude = math::AbsFOp::create(s.b, s.loc, v[0]);
  return toUint8(s, arith::CmpFOp::create(s.b, s.loc, arith::CmpFPredicate::OEQ,
                                          magnitude, s.cst(v[0], INFINITY)));
}

Value whereBody(const Scalar &s, ValueRange v, Operation *) {
  return arith::SelectOp::create(s.b, s.loc, isTrue(s, v[0]), v[1], v[2]);
}

/// 1 for positive, -1 for negative; zeros (of either sign) and NaN are
/// returned as they are.
Value signBody(const Scalar &s, ValueRange v, Operation *) {
  Value x = v[0], zero = s.cst(x, 0);
  Value positive = compare(s, kGreater, x, zero);
  Value negative = compare(s, kLesser, x, zero);
  Value rest = arith::SelectOp::create(s.b, s.loc, negative, s.cst(x, -1), x);
  return arith::SelectOp::create(s.b, s.loc, positive, s.cst(x, 1), rest);
}

template <typename MathOp>
Value mathUnary(const Scalar &s, ValueRange v, Operation *) {
  return MathOp::create(s.b, s.loc, v[0]);
}

/// softmax(x) = e^(x - max) / sum(e^(x - max)) along the axis.
struct SoftmaxPattern : OpConversionPattern<SoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto type = cast<RankedTensorType>(input.getType());
    int64_t axis = op.getAxis();
    SmallVector<int64_t> keptShape(type.getShape());
    keptShape[axis] = 1;
    Value max = reshapeTensor(
        rewriter, loc,
        reduceTensor(rewriter, loc, input, {axis}, ReduceKind::Max), keptShape);
    Value exps =
        buildElementwise(rewriter, loc, type, {input, max},
                         [](OpBuilder &b, Location l, ValueRange v) -> Value {
                           return math::ExpOp::create(
                               b, l, arith::SubFOp::create(b, l, v[0], v[1]));
                         });
    Value sum = reshapeTensor(
        rewriter, loc,
        reduceTensor(rewriter, loc, exps, {axis}, ReduceKind::Sum), keptShape);
    Value result =
        buildElementwise(rewriter, loc, type, {exps, sum},
                         [](OpBuilder &b, Location l, ValueRange v) -> Value {
                           return arith::DivFOp::create(b, l, v[0], v[1]);
                         });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// identity forwards its operand.
struct IdentityPattern : OpConversionPattern<IdentityOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(IdentityOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};

} // namespace

void populateElementwiseLoweringPatterns(const TypeConverter &converter,
                                         RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  auto add = [&](StringRef name, BodyFn body) {
    patterns.add<ElementwisePattern>(name, body, converter, ctx);
  };
  add(AddOp::getOperationName(), [](const Scalar &s, ValueRange v,
                                    Operation *) { return s.add(v[0], v[1]); });
  add(SubOp::getOperationName(), [](const Scalar &s, ValueRange v,
                                    Operation *) { return s.sub(v[0], v[1]); });
  add(MulOp::getOperationName(), [](const Scalar &s, ValueRange v,
                                    Operation *) { return s.mul(v[0], v[1]); });
  add(DivOp::getOperationName(), [](const Scalar &s, ValueRange v,
                                    Operation *) { return s.div(v[0], v[1]); });
  add(MaxOp::getOperationName(), [](const Scalar &s, ValueRange v,
                                    Operation *) { return s.max(v[0], v[1]); });
  add(MinOp::getOperationName(), [](const Scalar &s, ValueRange v,
                                    Operation *) { return s.min(v[0], v[1]); });
  add(PowOp::getOperationName(), powBody);
  add(AbsOp::getOperationName(), absBody);
  add(CeilOp::getOperationName(), mathUnary<math::CeilOp>);
  add(CosOp::getOperationName(), mathUnary<math::CosOp>);
  add(ErfOp::getOperationName(), mathUnary<math::ErfOp>);
  add(ExpOp::getOperationName(), mathUnary<math::ExpOp>);
  add(FloorOp::getOperationName(), mathUnary<math::FloorOp>);
  add(LogOp::getOperationName(), mathUnary<math::LogOp>);
  add(NegOp::getOperationName(), negBody);
  add(ReciprocalOp::getOperationName(),
      [](const Scalar &s, ValueRange v, Operation *) {
        return s.div(s.cst(v[0], 1), v[0]);
      });
  add(SinOp::getOperationName(), mathUnary<math::SinOp>);
  add(SqrtOp::getOperationName(), mathUnary<math::SqrtOp>);
  add(TanOp::getOperationName(), mathUnary<math::TanOp>);
  add(ReluOp::getOperationName(), reluBody);
  add(SigmoidOp::getOperationName(), sigmoidBody);
  add(TanhOp::getOperationName(), mathUnary<math::TanhOp>);
  add(GeluOp::getOperationName(), geluBody);
  add(HardSwishOp::getOperationName(), hardSwishBody);
  add(SoftplusOp::getOperationName(), softplusBody);
  add(SoftsignOp::getOperationName(), softsignBody);
  add(ClampOp::getOperationName(), clampBody);
  add(LeakyReluOp::getOperationName(), leakyReluBody);
  add(EluOp::getOperationName(), eluBody);
  add(HardSigmoidOp::getOperationName(), hardSigmoidBody);
  add(LinearOp::getOperationName(), linearBody);
  add(PreluOp::getOperationName(), preluBody);
  add(CastOp::getOperationName(), castBody);
  add(EqualOp::getOperationName(), compareBody<kEqual>);
  add(NotEqualOp::getOperationName(), compareBody<kNotEqual>);
  add(GreaterOp::getOperationName(), compareBody<kGreater>);
  add(GreaterOrEqualOp::getOperationName(), compareBody<kGreaterOrEqual>);
  add(LesserOp::getOperationName(), compareBody<kLesser>);
  add(LesserOrEqualOp::getOperationName(), compareBody<kLesserOrEqual>);
  add(LogicalAndOp::getOperationName(), logicalBody<arith::AndIOp>);
  add(LogicalOrOp::getOperationName(), logicalBody<arith::OrIOp>);
  add(LogicalXorOp::getOperationName(), logicalBody<arith::XOrIOp>);
  add(LogicalNotOp::getOperationName(), logicalNotBody);
  add(IsNaNOp::getOperationName(), isNaNBody);
  add(IsInfiniteOp::getOperationName(), isInfiniteBody);
  add(WhereOp::getOperationName(), whereBody);
  add(SignOp::getOperationName(), signBody);
  add(RoundEvenOp::getOperationName(), mathUnary<math::RoundEvenOp>);
  patterns.add<SoftmaxPattern, IdentityPattern>(converter, ctx);
}

} // namespace wnn::lowering
