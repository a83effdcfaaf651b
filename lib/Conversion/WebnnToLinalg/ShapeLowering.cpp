//===- ShapeLowering.cpp - constants and data movement to tensor/linalg ---===//

#include "LoweringUtils.h"
#include "Patterns.h"
#include "webnn/IR/WebnnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;
using namespace wnn::webnn;

namespace wnn::lowering {
namespace {

struct ConstantPattern : OpConversionPattern<ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = convertedType(getTypeConverter(), op.getResult());
    Attribute value = op.getValue();
    // Unsigned data keeps its bits under the signless type; 4-bit data is
    // widened to a byte per value.
    if (type != op.getType()) {
      auto dense = dyn_cast<DenseElementsAttr>(value);
      Type from = op.getType().getElementType();
      if (dense && from.getIntOrFloatBitWidth() == 4) {
        // int4 / uint4 values, one per byte from here on.
        bool isUnsigned = from.isUnsignedInteger();
        value = dense.mapValues(type.getElementType(), [&](const APInt &v) {
          return isUnsigned ? v.zext(8) : v.sext(8);
        });
      } else if (dense) {
        value = dense.bitcast(type.getElementType());
      } else if (auto resource = dyn_cast<DenseResourceElementsAttr>(value)) {
        value = DenseResourceElementsAttr::get(type, resource.getRawHandle());
      } else {
        return op.emitOpError("unsupported constant attribute");
      }
    }
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, type,
                                                   cast<TypedAttr>(value));
    return success();
  }
};

struct ReshapePattern : OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, reshapeTensor(rewriter, op.getLoc(),
                                         adaptor.getInput(), op.getNewShape()));
    return success();
  }
};

struct TransposePattern : OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, transposeTensor(rewriter, op.getLoc(),
                                           adaptor.getInput(),
                                           op.getPermutation()));
    return success();
  }
};

/// Offsets of the part that starts at `offset` along `axis`.
SmallVector<int64_t> offsetsAlong(int64_t rank, int64_t axis, int64_t offset) {
  SmallVector<int64_t> offsets(rank, 0);
  offsets[axis] = offset;
  return offsets;
}

struct ConcatPattern : OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = convertedType(getTypeConverter(), op.getOutput());
    int64_t axis = op.getAxis();
    Value result = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                           type.getElementType());
    int64_t offset = 0;
    for (Value input : adaptor.getInputs()) {
      auto inType = cast<RankedTensorType>(input.getType());
      SmallVector<int64_t> strides(type.getRank(), 1);
      result = tensor::InsertSliceOp::create(
          rewriter, loc, input, result, ValueRange{}, ValueRange{},
          ValueRange{}, offsetsAlong(type.getRank(), axis, offset),
          inType.getShape(), strides);
      offset += inType.getDimSize(axis);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

Value extractSlice(OpBuilder &b, Location loc, Value input,
                   RankedTensorType type, ArrayRef<int64_t> offsets,
                   ArrayRef<int64_t> strides) {
  return tensor::ExtractSliceOp::create(b, loc, type, input, ValueRange{},
                                        ValueRange{}, ValueRange{}, offsets,
                                        type.getShape(), strides);
}

struct SlicePattern : OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = convertedType(getTypeConverter(), op.getOutput());
    SmallVector<int64_t> strides(type.getRank(), 1);
    if (auto s = op.getStrides())
      strides.assign(s->begin(), s->end());
    rewriter.replaceOp(op,
                       extractSlice(rewriter, op.getLoc(), adaptor.getInput(),
                                    type, op.getStarts(), strides));
    return success();
  }
};

struct SplitPattern : OpConversionPattern<SplitOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SplitOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    SmallVector<Value> parts;
    int64_t axis = op.getAxis(), offset = 0;
    for (Value output : op.getOutputs()) {
      auto type = convertedType(getTypeConverter(), output);
      SmallVector<int64_t> strides(type.getRank(), 1);
      parts.push_back(
          extractSlice(rewriter, op.getLoc(), adaptor.getInput(), type,
                       offsetsAlong(type.getRank(), axis, offset), strides));
      offset += type.getDimSize(axis);
    }
    rewriter.replaceOp(op, parts);
    return success();
  }
};

struct PadPattern : OpConversionPattern<PadOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    ArrayRef<int64_t> begin = op.getBeginningPadding();
    StringRef mode = op.getMode();
    if (mode == "constant") {
      rewriter.replaceOp(op, padTensor(rewriter, loc, input, begin,
                                       op.getEndingPadding(),
                                       op.getValue().convertToDouble()));
      return success();
    }
    // edge and reflection: each output element reads one input element
    // whose index is folded back into range.
    auto inType = cast<RankedTensorType>(input.getType());
    auto type = convertedType(getTypeConverter(), op.getOutput());
    bool reflect = mode == "reflection";
    bool symmetric = mode == "symmetric";
    Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                         type.getElementType());
    SmallVector<AffineMap> maps{
        rewriter.getMultiDimIdentityMap(type.getRank())};
    SmallVector<utils::IteratorType> iterators(type.getRank(),
                                               utils::IteratorType::parallel);
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, type, ValueRange{}, init, maps, iterators,
            [&](OpBuilder &b, Location l, ValueRange) {
              SmallVector<Value> indices;
              for (int64_t d = 0; d < type.getRank(); ++d) {
                Value i = linalg::IndexOp::create(b, l, d);
                Value shift = arith::ConstantIndexOp::create(b, l, begin[d]);
                Value last = arith::ConstantIndexOp::create(
                    b, l, inType.getDimSize(d) - 1);
                Value zero = arith::ConstantIndexOp::create(b, l, 0);
                Value j = arith::SubIOp::create(b, l, i, shift);
                if (symmetric) {
                  // j < 0 -> -j - 1; j > last -> 2 * last + 1 - j.
                  Value one = arith::ConstantIndexOp::create(b, l, 1);
                  Value neg = arith::SubIOp::create(
                      b, l, arith::SubIOp::create(b, l, zero, j), one);
                  j = arith::MaxSIOp::create(b, l, j, neg);
                  Value twice = arith::AddIOp::create(
                      b, l, arith::AddIOp::create(b, l, last, last), one);
                  Value mirrored = arith::SubIOp::create(b, l, twice, j);
                  j = arith::MinSIOp::create(b, l, j, mirrored);
                }
                if (reflect) {
                  // j < 0 -> -j; j > last -> 2 * last - j.
                  Value neg = arith::SubIOp::create(b, l, zero, j);
                  j = arith::MaxSIOp::create(b, l, j, neg);
                  Value twice = arith::AddIOp::create(b, l, last, last);
                  Value mirrored = arith::SubIOp::create(b, l, twice, j);
                  j = arith::MinSIOp::create(b, l, j, mirrored);
                }
                j = arith::MinSIOp::create(
                    b, l, arith::MaxSIOp::create(b, l, j, zero), last);
                indices.push_back(j);
              }
              Value v = tensor::ExtractOp::create(b, l, input, indices);
              linalg::YieldOp::create(b, l, v);
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ExpandPattern : OpConversionPattern<ExpandOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ExpandOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = convertedType(getTypeConverter(), op.getOutput());
    rewriter.replaceOp(op, buildElementwise(rewriter, op.getLoc(), type,
                                            adaptor.getInput(),
                                            [](OpBuilder &, Location,
                                               ValueRange v) { return v[0]; }));
    return success();
  }
};

/// out[p.., i.., s..] = input[p.., clamp(indices[i..]), s..]. Negative
/// indices count from the end; the rest are clamped into [0, size).
struct GatherPattern : OpConversionPattern<GatherOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = convertedType(getTypeConverter(), op.getOutput());
    Value input = adaptor.getInput(), indices = adaptor.getIndices();
    auto inType = cast<RankedTensorType>(input.getType());
    auto idxType = cast<RankedTensorType>(indices.getType());
    bool unsignedIdx = isUnsignedTensor(op.getIndices());
    int64_t axis = op.getAxis(), idxRank = idxType.getRank();
    int64_t size = inType.getDimSize(axis);
    SmallVector<AffineExpr> idxExprs;
    for (int64_t i = 0; i < idxRank; ++i)
      idxExprs.push_back(rewriter.getAffineDimExpr(axis + i));
    AffineMap idxMap =
        AffineMap::get(type.getRank(), 0, idxExprs, rewriter.getContext());
    Value result = buildGeneric(
        rewriter, loc, type, indices, {idxMap},
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          SmallVector<Value> coords;
          for (int64_t d = 0; d < axis; ++d)
            coords.push_back(linalg::IndexOp::create(b, l, d));
          coords.push_back(clampIndex(b, l, args[0], size, unsignedIdx));
          for (int64_t d = axis + 1; d < inType.getRank(); ++d)
            coords.push_back(linalg::IndexOp::create(b, l, d - 1 + idxRank));
          return tensor::ExtractOp::create(b, l, input, coords);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateShapeLoweringPatterns(const TypeConverter &converter,
                                   RewritePatternSet &patterns) {
  patterns.add<ConstantPattern, ReshapePattern, TransposePattern, ConcatPattern,
               SlicePattern, SplitPattern, PadPattern, ExpandPattern,
               GatherPattern>(converter, patterns.getContext());
}

} // namespace wnn::lowering
