//===- QuantizationLowering.cpp - quantizeLinear, dequantizeLinear -------===//
//
// One linalg.generic over the input: scale and zeroPoint are read through
// maps that divide each aligned axis by its block size, so per-tensor,
// per-axis and block-wise parameters are one lowering. int4 and uint4
// tensors are held one value per byte (the type converter widens them to
// i8), sign- or zero-extended.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "Patterns.h"
#include "webnn/IR/WebnnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace wnn::webnn;

namespace wnn::lowering {
namespace {

/// The map from the input's loops to a scale (or zeroPoint) of `shape`:
/// trailing axes aligned, each read at loop / (input dim / scale dim).
AffineMap blockMap(MLIRContext *ctx, ArrayRef<int64_t> inShape,
                   ArrayRef<int64_t> shape) {
  size_t offset = inShape.size() - shape.size();
  SmallVector<AffineExpr> exprs;
  for (size_t i = 0; i < shape.size(); ++i) {
    int64_t block = inShape[offset + i] / shape[i];
    AffineExpr loop = getAffineDimExpr(offset + i, ctx);
    exprs.push_back(shape[i] == 1 ? getAffineConstantExpr(0, ctx)
                    : block == 1  ? loop
                                  : loop.floorDiv(block));
  }
  return AffineMap::get(inShape.size(), 0, exprs, ctx);
}

/// The range of a quantized type (int4 is [-8, 7] though held in i8).
std::pair<double, double> quantizedRange(Type webnnType) {
  auto type = cast<IntegerType>(webnnType);
  unsigned width = type.getWidth();
  if (type.isUnsigned())
    return {0.0, double((uint64_t(1) << width) - 1)};
  return {-double(int64_t(1) << (width - 1)),
          double((int64_t(1) << (width - 1)) - 1)};
}

Value widenInteger(OpBuilder &b, Location loc, Value v, bool isUnsigned) {
  Type i64 = b.getI64Type();
  return isUnsigned ? arith::ExtUIOp::create(b, loc, i64, v).getResult()
                    : arith::ExtSIOp::create(b, loc, i64, v).getResult();
}

Value toF32(OpBuilder &b, Location loc, Value v) {
  Type f32 = b.getF32Type();
  return v.getType() == f32 ? v : arith::ExtFOp::create(b, loc, f32, v);
}

/// A linalg.generic over the input computing `body`(input, scale,
/// zeroPoint) per element.
Value buildQuantization(OpBuilder &b, Location loc, RankedTensorType outType,
                        Value input, Value scale, Value zeroPoint,
                        ScalarFn body) {
  AffineMap params =
      blockMap(b.getContext(), outType.getShape(),
               cast<RankedTensorType>(scale.getType()).getShape());
  return buildGeneric(
      b, loc, outType, {input, scale, zeroPoint},
      {b.getMultiDimIdentityMap(outType.getRank()), params, params}, body);
}

/// clamp(roundEven(x / scale) + zeroPoint, lo, hi): the division and the
/// rounding in float32, the sum and the clamp in float64 (exact for int32).
struct QuantizeLinearPattern : OpConversionPattern<QuantizeLinearOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(QuantizeLinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto outType = convertedType(getTypeConverter(), op.getOutput());
    Type webnnType = op.getOutput().getType().getElementType();
    bool isUnsigned = webnnType.isUnsignedInteger();
    std::pair<double, double> range = quantizedRange(webnnType);
    double lo = range.first, hi = range.second;
    Type element = outType.getElementType();
    Value result = buildQuantization(
        rewriter, op.getLoc(), outType, adaptor.getInput(), adaptor.getScale(),
        adaptor.getZeroPoint(),
        [&](OpBuilder &b, Location l, ValueRange v) -> Value {
          Type f64 = b.getF64Type();
          Value q =
              arith::DivFOp::create(b, l, toF32(b, l, v[0]), toF32(b, l, v[1]));
          q = math::RoundEvenOp::create(b, l, q);
          q = arith::ExtFOp::create(b, l, f64, q);
          Value zero = widenInteger(b, l, v[2], isUnsigned);
          q = arith::AddFOp::create(b, l, q,
                                    arith::SIToFPOp::create(b, l, f64, zero));
          // maxnumf turns NaN into the low bound, so conversion is defined.
          q = arith::MaxNumFOp::create(b, l, q, scalarConstant(b, l, f64, lo));
          q = arith::MinNumFOp::create(b, l, q, scalarConstant(b, l, f64, hi));
          return isUnsigned
                     ? arith::FPToUIOp::create(b, l, element, q).getResult()
                     : arith::FPToSIOp::create(b, l, element, q).getResult();
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// (x - zeroPoint) * scale: the difference exact in int64, the product in
/// float32.
struct DequantizeLinearPattern : OpConversionPattern<DequantizeLinearOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DequantizeLinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto outType = convertedType(getTypeConverter(), op.getOutput());
    bool isUnsigned = isUnsignedTensor(op.getInput());
    Type element = outType.getElementType();
    Value result = buildQuantization(
        rewriter, op.getLoc(), outType, adaptor.getInput(), adaptor.getScale(),
        adaptor.getZeroPoint(),
        [&](OpBuilder &b, Location l, ValueRange v) -> Value {
          Value difference =
              arith::SubIOp::create(b, l, widenInteger(b, l, v[0], isUnsigned),
                                    widenInteger(b, l, v[2], isUnsigned));
          Value x = arith::SIToFPOp::create(b, l, b.getF32Type(), difference);
          Value y = arith::MulFOp::create(b, l, x, toF32(b, l, v[1]));
          return element == y.getType()
                     ? y
                     : arith::TruncFOp::create(b, l, element, y).getResult();
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateQuantizationLoweringPatterns(const TypeConverter &converter,
                                          RewritePatternSet &patterns) {
  patterns.add<QuantizeLinearPattern, DequantizeLinearPattern>(
      converter, patterns.getContext());
}

} // namespace wnn::lowering
