//===- IndexingLowering.cpp - gather/scatter, resample, tile, ... --------===//
//
// Ops that move elements by index. Those with one producer per output
// element (gathers, reverse, tile, triangular) are linalg.generic ops over
// the output. Those whose elements depend on each other or land where the
// data says (scatters, cumulativeSum) are scf.for nests that carry the
// result tensor; bufferization turns them into in-place loops.
//
// Every index read from a tensor is clamped into its axis before use
// (negative ones count from the end first), so no index value makes the
// compiled code read or write outside a buffer.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "Patterns.h"
#include "webnn/IR/WebnnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

using namespace mlir;
using namespace wnn::webnn;

namespace wnn::lowering {
namespace {

SmallVector<Value> loopIndices(OpBuilder &b, Location loc, int64_t rank) {
  SmallVector<Value> indices;
  for (int64_t d = 0; d < rank; ++d)
    indices.push_back(linalg::IndexOp::create(b, loc, d));
  return indices;
}

/// scf.for loops over `shape` carrying `init`; `body` returns the new value
/// of the carried tensor.
Value buildLoopNest(
    OpBuilder &b, Location loc, ArrayRef<int64_t> shape, Value init,
    function_ref<Value(OpBuilder &, Location, ValueRange, Value)> body) {
  SmallVector<Value> lbs, ubs, steps;
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  for (int64_t size : shape) {
    lbs.push_back(zero);
    ubs.push_back(arith::ConstantIndexOp::create(b, loc, size));
    steps.push_back(one);
  }
  scf::LoopNest nest = scf::buildLoopNest(
      b, loc, lbs, ubs, steps, ValueRange{init},
      [&](OpBuilder &nb, Location nl, ValueRange ivs, ValueRange args) {
        return scf::ValueVector{body(nb, nl, ivs, args[0])};
      });
  return nest.results[0];
}

} // namespace

Value clampIndex(OpBuilder &b, Location loc, Value index, int64_t size,
                 bool isUnsigned) {
  Type i64 = b.getI64Type();
  if (index.getType() != i64)
    index = isUnsigned ? arith::ExtUIOp::create(b, loc, i64, index).getResult()
                       : arith::ExtSIOp::create(b, loc, i64, index).getResult();
  Value zero = arith::ConstantIntOp::create(b, loc, i64, 0);
  Value last = arith::ConstantIntOp::create(b, loc, i64, size - 1);
  if (isUnsigned) {
    index = arith::MinUIOp::create(b, loc, index, last);
  } else {
    Value dim = arith::ConstantIntOp::create(b, loc, i64, size);
    Value isNegative =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, index, zero);
    index = arith::SelectOp::create(
        b, loc, isNegative, arith::AddIOp::create(b, loc, index, dim), index);
    index = arith::MinSIOp::create(
        b, loc, arith::MaxSIOp::create(b, loc, index, zero), last);
  }
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), index);
}

namespace {

/// out[p] = input[p with p[axis] = clamp(indices[p])].
struct GatherElementsPattern : OpConversionPattern<GatherElementsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherElementsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = convertedType(getTypeConverter(), op.getOutput());
    Value input = adaptor.getInput();
    int64_t axis = op.getAxis();
    int64_t size = cast<RankedTensorType>(input.getType()).getDimSize(axis);
    bool isUnsigned = isUnsignedTensor(op.getIndices());
    Value result = buildGeneric(
        rewriter, op.getLoc(), type, adaptor.getIndices(),
        {rewriter.getMultiDimIdentityMap(type.getRank())},
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          SmallVector<Value> coords = loopIndices(b, l, type.getRank());
          coords[axis] = clampIndex(b, l, args[0], size, isUnsigned);
          return tensor::ExtractOp::create(b, l, input, coords);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// The input coordinates of one gatherND/scatterND slice: the k clamped
/// values at indices[batch..., 0..k).
SmallVector<Value> sliceCoordinates(OpBuilder &b, Location loc, Value indices,
                                    ValueRange batch, ArrayRef<int64_t> sizes,
                                    bool isUnsigned) {
  SmallVector<Value> coords;
  for (int64_t j = 0; j < static_cast<int64_t>(sizes.size()); ++j) {
    SmallVector<Value> at(batch.begin(), batch.end());
    at.push_back(arith::ConstantIndexOp::create(b, loc, j));
    Value index = tensor::ExtractOp::create(b, loc, indices, at);
    coords.push_back(clampIndex(b, loc, index, sizes[j], isUnsigned));
  }
  return coords;
}

/// out[b..., s...] = input[clamp(indices[b..., :]), s...].
struct GatherNDPattern : OpConversionPattern<GatherNDOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherNDOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = convertedType(getTypeConverter(), op.getOutput());
    Value input = adaptor.getInput(), indices = adaptor.getIndices();
    auto indexType = cast<RankedTensorType>(indices.getType());
    int64_t batchRank = indexType.getRank() - 1;
    ArrayRef<int64_t> sizes = cast<RankedTensorType>(input.getType())
                                  .getShape()
                                  .take_front(indexType.getShape().back());
    bool isUnsigned = isUnsignedTensor(op.getIndices());
    Value result = buildGeneric(
        rewriter, op.getLoc(), type, {}, {},
        [&](OpBuilder &b, Location l, ValueRange) -> Value {
          SmallVector<Value> loops = loopIndices(b, l, type.getRank());
          SmallVector<Value> coords = sliceCoordinates(
              b, l, indices, ArrayRef(loops).take_front(batchRank), sizes,
              isUnsigned);
          llvm::append_range(coords, ArrayRef(loops).drop_front(batchRank));
          return tensor::ExtractOp::create(b, l, input, coords);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// for p in updates: out[p with p[axis] = clamp(indices[p])] = updates[p].
struct ScatterElementsPattern : OpConversionPattern<ScatterElementsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ScatterElementsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value indices = adaptor.getIndices(), updates = adaptor.getUpdates();
    int64_t axis = op.getAxis();
    int64_t size =
        cast<RankedTensorType>(adaptor.getInput().getType()).getDimSize(axis);
    bool isUnsigned = isUnsignedTensor(op.getIndices());
    Value result = buildLoopNest(
        rewriter, op.getLoc(),
        cast<RankedTensorType>(updates.getType()).getShape(),
        adaptor.getInput(),
        [&](OpBuilder &b, Location l, ValueRange ivs, Value acc) -> Value {
          Value index = tensor::ExtractOp::create(b, l, indices, ivs);
          Value value = tensor::ExtractOp::create(b, l, updates, ivs);
          SmallVector<Value> coords(ivs.begin(), ivs.end());
          coords[axis] = clampIndex(b, l, index, size, isUnsigned);
          return tensor::InsertOp::create(b, l, value, acc, coords);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// for b...: the slice at clamp(indices[b..., :]) = updates[b..., :].
struct ScatterNDPattern : OpConversionPattern<ScatterNDOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ScatterNDOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value indices = adaptor.getIndices(), updates = adaptor.getUpdates();
    auto indexType = cast<RankedTensorType>(indices.getType());
    ArrayRef<int64_t> batchShape = indexType.getShape().drop_back();
    ArrayRef<int64_t> inShape =
        cast<RankedTensorType>(adaptor.getInput().getType()).getShape();
    int64_t k = indexType.getShape().back();
    bool isUnsigned = isUnsignedTensor(op.getIndices());
    Value result = buildLoopNest(
        rewriter, op.getLoc(), batchShape, adaptor.getInput(),
        [&](OpBuilder &b, Location l, ValueRange batch, Value acc) -> Value {
          SmallVector<Value> start = sliceCoordinates(
              b, l, indices, batch, inShape.take_front(k), isUnsigned);
          return buildLoopNest(
              b, l, inShape.drop_front(k), acc,
              [&](OpBuilder &ib, Location il, ValueRange inner,
                  Value slice) -> Value {
                SmallVector<Value> from(batch.begin(), batch.end());
                llvm::append_range(from, inner);
                Value value = tensor::ExtractOp::create(ib, il, updates, from);
                SmallVector<Value> to(start);
                llvm::append_range(to, inner);
                return tensor::InsertOp::create(ib, il, value, slice, to);
              });
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// A tensor of `type` whose element at the loops d reads the input at
/// `exprs`(d).
Value copyThroughMap(OpBuilder &b, Location loc, RankedTensorType type,
                     Value input, ArrayRef<AffineExpr> exprs) {
  AffineMap map = AffineMap::get(type.getRank(), 0, exprs, b.getContext());
  return buildGeneric(b, loc, type, input, {map},
                      [](OpBuilder &, Location, ValueRange v) { return v[0]; });
}

/// Reads the input through (size - 1 - d) on each reversed axis.
struct ReversePattern : OpConversionPattern<ReverseOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReverseOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = convertedType(getTypeConverter(), op.getOutput());
    SmallVector<AffineExpr> exprs;
    for (int64_t d = 0; d < type.getRank(); ++d)
      exprs.push_back(rewriter.getAffineDimExpr(d));
    for (int64_t axis : op.getAxes())
      exprs[axis] = type.getDimSize(axis) - 1 - exprs[axis];
    rewriter.replaceOp(op, copyThroughMap(rewriter, op.getLoc(), type,
                                          adaptor.getInput(), exprs));
    return success();
  }
};

/// Reads the input through d mod size on each repeated axis.
struct TilePattern : OpConversionPattern<TileOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TileOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = convertedType(getTypeConverter(), op.getOutput());
    auto inType = cast<RankedTensorType>(adaptor.getInput().getType());
    SmallVector<AffineExpr> exprs;
    for (int64_t d = 0; d < type.getRank(); ++d) {
      AffineExpr dim = rewriter.getAffineDimExpr(d);
      int64_t size = inType.getDimSize(d);
      exprs.push_back(size == type.getDimSize(d) ? dim
                      : size == 1 ? rewriter.getAffineConstantExpr(0)
                                  : dim % size);
    }
    rewriter.replaceOp(op, copyThroughMap(rewriter, op.getLoc(), type,
                                          adaptor.getInput(), exprs));
    return success();
  }
};

/// Keeps x where (j - i) >= diagonal (upper) or <= diagonal (lower) on the
/// last two axes; zero elsewhere.
struct TriangularPattern : OpConversionPattern<TriangularOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TriangularOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = convertedType(getTypeConverter(), op.getOutput());
    int64_t rank = type.getRank();
    bool upper = op.getUpper();
    int64_t diagonal = op.getDiagonal();
    Value result = buildElementwise(
        rewriter, op.getLoc(), type, adaptor.getInput(),
        [&](OpBuilder &b, Location l, ValueRange v) -> Value {
          Type i64 = b.getI64Type();
          auto at = [&](int64_t d) {
            return arith::IndexCastOp::create(b, l, i64,
                                              linalg::IndexOp::create(b, l, d));
          };
          Value offset =
              arith::SubIOp::create(b, l, at(rank - 1), at(rank - 2));
          Value keep = arith::CmpIOp::create(
              b, l,
              upper ? arith::CmpIPredicate::sge : arith::CmpIPredicate::sle,
              offset, arith::ConstantIntOp::create(b, l, i64, diagonal));
          Value zero = scalarConstant(b, l, v[0].getType(), 0);
          return arith::SelectOp::create(b, l, keep, v[0], zero);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// out[.., i, ..] = input[.., i, ..] + out[.., i - 1, ..], with the axis
/// loop running from the end when reversed; exclusive sums shift by one
/// (out[first] = 0, out[i] = out[i - 1] + input[i - 1]).
struct CumulativeSumPattern : OpConversionPattern<CumulativeSumOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CumulativeSumOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = convertedType(getTypeConverter(), op.getOutput());
    Value input = adaptor.getInput();
    int64_t axis = op.getAxis(), size = type.getDimSize(axis);
    bool exclusive = op.getExclusive(), reversed = op.getReversed();
    Type element = type.getElementType();
    bool isFloat = isa<FloatType>(element);
    Value init =
        tensor::EmptyOp::create(rewriter, loc, type.getShape(), element);
    Value result = buildLoopNest(
        rewriter, loc, type.getShape(), init,
        [&](OpBuilder &b, Location l, ValueRange ivs, Value acc) -> Value {
          // The position along the axis, and the one summed before it.
          Value step = ivs[axis];
          Value last = arith::ConstantIndexOp::create(b, l, size - 1);
          Value zero = arith::ConstantIndexOp::create(b, l, 0);
          Value one = arith::ConstantIndexOp::create(b, l, 1);
          Value at = reversed
                         ? arith::SubIOp::create(b, l, last, step).getResult()
                         : step;
          Value before =
              reversed ? arith::MinSIOp::create(
                             b, l, arith::AddIOp::create(b, l, at, one), last)
                             .getResult()
                       : arith::MaxSIOp::create(
                             b, l, arith::SubIOp::create(b, l, at, one), zero)
                             .getResult();
          Value isFirst =
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, step, zero);
          SmallVector<Value> here(ivs.begin(), ivs.end()), prev(here);
          here[axis] = at;
          prev[axis] = before;
          auto add = [&](Value x, Value y) -> Value {
            return isFloat ? arith::AddFOp::create(b, l, x, y).getResult()
                           : arith::AddIOp::create(b, l, x, y).getResult();
          };
          Value zeroValue = scalarConstant(b, l, element, 0);
          // The element carried from the previous position (zero at the
          // first), read at a clamped position so that it stays in bounds.
          Value carried = tensor::ExtractOp::create(b, l, acc, prev);
          if (exclusive)
            carried =
                add(carried, tensor::ExtractOp::create(b, l, input, prev));
          carried = arith::SelectOp::create(b, l, isFirst, zeroValue, carried);
          Value sum =
              exclusive
                  ? carried
                  : add(carried, tensor::ExtractOp::create(b, l, input, here));
          return tensor::InsertOp::create(b, l, sum, acc, here);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Per output coordinate of one resized axis: the input indices to read
/// (one for nearest-neighbor, two for linear) and the linear weight of the
/// second, computed at compile time.
struct ResampleTables {
  SmallVector<int32_t> low, high;
  SmallVector<float> weight;
};

ResampleTables resampleTables(int64_t inSize, int64_t outSize, double scale,
                              bool linear) {
  ResampleTables tables;
  for (int64_t o = 0; o < outSize; ++o) {
    double center = (double(o) + 0.5) / scale;
    if (!linear) {
      int64_t index =
          std::min<int64_t>(int64_t(std::floor(center)), inSize - 1);
      tables.low.push_back(int32_t(std::max<int64_t>(index, 0)));
      continue;
    }
    double x = std::max(center - 0.5, 0.0);
    int64_t low = std::min<int64_t>(int64_t(std::floor(x)), inSize - 1);
    int64_t high = std::min<int64_t>(low + 1, inSize - 1);
    tables.low.push_back(int32_t(low));
    tables.high.push_back(int32_t(high));
    tables.weight.push_back(high == low ? 0.0f : float(x - double(low)));
  }
  return tables;
}

/// Each output element reads its input neighbours through index tables
/// (constants, one entry per output coordinate of a resized axis), so the
/// kernel does no coordinate arithmetic; linear mode interpolates in
/// float32.
struct Resample2dPattern : OpConversionPattern<Resample2dOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Resample2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = convertedType(getTypeConverter(), op.getOutput());
    Value input = adaptor.getInput();
    auto inType = cast<RankedTensorType>(input.getType());
    bool linear = op.getMode() == "linear";
    ArrayRef<int64_t> axes = op.getAxes();
    SmallVector<Value> tables;
    SmallVector<AffineMap> maps;
    auto table = [&](auto values, Type element, int64_t axis) {
      auto tableType = RankedTensorType::get({int64_t(values.size())}, element);
      tables.push_back(arith::ConstantOp::create(
          rewriter, loc, DenseElementsAttr::get(tableType, ArrayRef(values))));
      maps.push_back(AffineMap::get(
          type.getRank(), 0, rewriter.getAffineDimExpr(axis), getContext()));
    };
    for (int i = 0; i < 2; ++i) {
      int64_t axis = axes[i];
      int64_t inSize = inType.getDimSize(axis), outSize = type.getDimSize(axis);
      double scale =
          op.getSizes() ? double(outSize) / double(inSize) : op.getScales()[i];
      ResampleTables t = resampleTables(inSize, outSize, scale, linear);
      table(t.low, rewriter.getI32Type(), axis);
      if (linear) {
        table(t.high, rewriter.getI32Type(), axis);
        table(t.weight, rewriter.getF32Type(), axis);
      }
    }
    Type element = type.getElementType();
    Value result = buildGeneric(
        rewriter, loc, type, tables, maps,
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          SmallVector<Value> loops = loopIndices(b, l, type.getRank());
          auto index = [&](Value v) {
            return arith::IndexCastOp::create(b, l, b.getIndexType(), v);
          };
          // args: per axis, low (and high, weight when linear).
          int64_t stride = linear ? 3 : 1;
          auto read = [&](int which0, int which1) -> Value {
            SmallVector<Value> coords(loops);
            coords[axes[0]] = index(args[which0]);
            coords[axes[1]] = index(args[stride + which1]);
            return tensor::ExtractOp::create(b, l, input, coords);
          };
          if (!linear)
            return read(0, 0);
          Type f32 = b.getF32Type();
          auto widen = [&](Value v) -> Value {
            return v.getType() == f32 ? v : arith::ExtFOp::create(b, l, f32, v);
          };
          auto lerp = [&](Value a, Value c, Value weight) -> Value {
            Value delta = arith::SubFOp::create(b, l, c, a);
            return arith::AddFOp::create(
                b, l, a, arith::MulFOp::create(b, l, delta, weight));
          };
          Value top = lerp(widen(read(0, 0)), widen(read(0, 1)), args[5]);
          Value bottom = lerp(widen(read(1, 0)), widen(read(1, 1)), args[5]);
          Value value = lerp(top, bottom, args[2]);
          return element == f32 ? value
                                : arith::TruncFOp::create(b, l, element, value)
                                      .getResult();
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateIndexingLoweringPatterns(const TypeConverter &converter,
                                      RewritePatternSet &patterns) {
  patterns.add<GatherElementsPattern, GatherNDPattern, ScatterElementsPattern,
               ScatterNDPattern, ReversePattern, TilePattern, TriangularPattern,
               CumulativeSumPattern, Resample2dPattern>(converter,
                                                        patterns.getContext());
}

} // namespace wnn::lowering
