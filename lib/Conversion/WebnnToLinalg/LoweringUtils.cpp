//===- LoweringUtils.cpp - Building blocks for webnn lowering -------------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"

#include <cmath>
#include <limits>

using namespace mlir;

namespace wnn::lowering {

AffineMap broadcastMap(MLIRContext *ctx, ArrayRef<int64_t> operandShape,
                       ArrayRef<int64_t> outShape) {
  size_t lead = outShape.size() - operandShape.size();
  SmallVector<AffineExpr> exprs;
  for (size_t i = 0; i < operandShape.size(); ++i) {
    if (operandShape[i] == 1 && outShape[lead + i] != 1)
      exprs.push_back(getAffineConstantExpr(0, ctx));
    else
      exprs.push_back(getAffineDimExpr(lead + i, ctx));
  }
  return AffineMap::get(outShape.size(), 0, exprs, ctx);
}

RankedTensorType convertedType(const TypeConverter *converter, Value value) {
  return cast<RankedTensorType>(converter->convertType(value.getType()));
}

Value buildGeneric(OpBuilder &b, Location loc, RankedTensorType type,
                   ValueRange inputs, SmallVector<AffineMap> maps,
                   ScalarFn body) {
  maps.push_back(b.getMultiDimIdentityMap(type.getRank()));
  Value init =
      tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, type, inputs, init, maps, iterators,
             [&](OpBuilder &nb, Location nl, ValueRange args) {
               linalg::YieldOp::create(nb, nl, body(nb, nl, args.drop_back()));
             })
      .getResult(0);
}

Value buildElementwise(OpBuilder &b, Location loc, RankedTensorType outType,
                       ValueRange inputs, ScalarFn body) {
  SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(broadcastMap(
        b.getContext(), cast<RankedTensorType>(input.getType()).getShape(),
        outType.getShape()));
  return buildGeneric(b, loc, outType, inputs, maps, body);
}

Value scalarConstant(OpBuilder &b, Location loc, Type type, double value) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(floatType, value));
  auto intType = cast<IntegerType>(type);
  APInt bits(intType.getWidth(), 0);
  if (value < 0)
    bits = APInt(intType.getWidth(), static_cast<int64_t>(value),
                 /*isSigned=*/true, /*implicitTrunc=*/true);
  else
    bits = APInt(intType.getWidth(), static_cast<uint64_t>(value),
                 /*isSigned=*/false, /*implicitTrunc=*/true);
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(intType, bits));
}

Value filledTensor(OpBuilder &b, Location loc, RankedTensorType type,
                   double value) {
  Value empty =
      tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  Value scalar = scalarConstant(b, loc, type.getElementType(), value);
  return linalg::FillOp::create(b, loc, scalar, empty).getResult(0);
}

static ReassociationIndices allDims(int64_t rank) {
  ReassociationIndices dims;
  for (int64_t i = 0; i < rank; ++i)
    dims.push_back(i);
  return dims;
}

Value reshapeTensor(OpBuilder &b, Location loc, Value input,
                    ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(input.getType());
  if (type.getShape() == shape)
    return input;
  auto target = type.clone(shape);
  // A scalar on either side: the empty reassociation maps it to all-1 dims.
  if (shape.empty())
    return tensor::CollapseShapeOp::create(b, loc, target, input,
                                           ArrayRef<ReassociationIndices>{});
  if (type.getRank() == 0)
    return tensor::ExpandShapeOp::create(b, loc, target, input,
                                         ArrayRef<ReassociationIndices>{});
  // Otherwise go through one flat dim: collapse, then expand.
  Value flat = input;
  if (type.getRank() != 1)
    flat = tensor::CollapseShapeOp::create(
        b, loc, type.clone({type.getNumElements()}), input,
        ArrayRef<ReassociationIndices>{allDims(type.getRank())});
  if (shape.size() == 1)
    return flat;
  return tensor::ExpandShapeOp::create(
      b, loc, target, flat,
      ArrayRef<ReassociationIndices>{allDims(shape.size())});
}

Value alongAxis(OpBuilder &b, Location loc, Value vector, int64_t axis,
                int64_t rank) {
  auto type = cast<RankedTensorType>(vector.getType());
  SmallVector<int64_t> shape(rank, 1);
  shape[axis] = type.getDimSize(0);
  return reshapeTensor(b, loc, vector, shape);
}

Value transposeTensor(OpBuilder &b, Location loc, Value input,
                      ArrayRef<int64_t> permutation) {
  auto type = cast<RankedTensorType>(input.getType());
  bool identity = true;
  for (size_t i = 0; i < permutation.size(); ++i)
    identity &= permutation[i] == static_cast<int64_t>(i);
  if (identity)
    return input;
  SmallVector<int64_t> shape;
  for (int64_t p : permutation)
    shape.push_back(type.getDimSize(p));
  Value init = tensor::EmptyOp::create(b, loc, shape, type.getElementType());
  return linalg::TransposeOp::create(b, loc, input, init, permutation)
      .getResult()[0];
}

Value padTensor(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> low,
                ArrayRef<int64_t> high, double value) {
  if (llvm::all_of(low, [](int64_t v) { return v == 0; }) &&
      llvm::all_of(high, [](int64_t v) { return v == 0; }))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < type.getRank(); ++i)
    shape.push_back(type.getDimSize(i) + low[i] + high[i]);
  Value padValue = scalarConstant(b, loc, type.getElementType(), value);
  SmallVector<OpFoldResult> lowSizes, highSizes;
  for (int64_t i = 0; i < type.getRank(); ++i) {
    lowSizes.push_back(b.getIndexAttr(low[i]));
    highSizes.push_back(b.getIndexAttr(high[i]));
  }
  return tensor::PadOp::create(b, loc, type.clone(shape), input, lowSizes,
                               highSizes, padValue);
}

double lowestValue(Type type, bool unsignedInt) {
  if (isa<FloatType>(type))
    return -std::numeric_limits<double>::infinity();
  unsigned width = cast<IntegerType>(type).getWidth();
  if (unsignedInt)
    return 0;
  return -std::ldexp(1.0, width - 1);
}

double highestValue(Type type, bool unsignedInt) {
  if (isa<FloatType>(type))
    return std::numeric_limits<double>::infinity();
  unsigned width = cast<IntegerType>(type).getWidth();
  // Rounded down to a double that still fits (exact for widths <= 32).
  double top = std::ldexp(1.0, unsignedInt ? width : width - 1);
  return width >= 53 ? std::nextafter(top, 0.0) : top - 1;
}

ReductionSpace reductionSpace(OpBuilder &b, RankedTensorType type,
                              ArrayRef<int64_t> axes) {
  ReductionSpace space;
  SmallVector<AffineExpr> reducedExprs;
  for (int64_t i = 0; i < type.getRank(); ++i) {
    bool reduced = llvm::is_contained(axes, i);
    space.iterators.push_back(reduced ? utils::IteratorType::reduction
                                      : utils::IteratorType::parallel);
    if (!reduced) {
      space.reducedShape.push_back(type.getDimSize(i));
      reducedExprs.push_back(b.getAffineDimExpr(i));
    }
  }
  space.reducedMap =
      AffineMap::get(type.getRank(), 0, reducedExprs, b.getContext());
  return space;
}

Value reduceTensor(OpBuilder &b, Location loc, Value input,
                   ArrayRef<int64_t> axes, ReduceKind kind, bool unsignedInt) {
  // Over no axes each element is reduced alone: the result is the input.
  // (A combining op that reads its zero-filled destination would do the
  // same, but element-wise fusion may then merge it into a consumer whose
  // extra loops would accumulate into that destination again.)
  if (axes.empty())
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  Type elementType = type.getElementType();
  ReductionSpace space = reductionSpace(b, type, axes);
  double init = kind == ReduceKind::Sum       ? 0.0
                : kind == ReduceKind::Product ? 1.0
                : kind == ReduceKind::Max
                    ? lowestValue(elementType, unsignedInt)
                    : highestValue(elementType, unsignedInt);
  auto outType = type.clone(space.reducedShape);
  Value acc = filledTensor(b, loc, outType, init);
  SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(type.getRank()),
                              space.reducedMap};
  bool isFloat = isa<FloatType>(elementType);
  auto generic = linalg::GenericOp::create(
      b, loc, outType, input, acc, maps, space.iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value x = args[0], a = args[1], r;
        switch (kind) {
        case ReduceKind::Sum:
          // Reassociable, so that LLVM may keep several partial sums (one
          // per vector lane) instead of one sequential chain; the rounding
          // error is no worse than a sequential sum's.
          r = isFloat ? arith::AddFOp::create(nb, nloc, a, x,
                                              arith::FastMathFlags::reassoc)
                            .getResult()
                      : arith::AddIOp::create(nb, nloc, a, x).getResult();
          break;
        case ReduceKind::Product:
          r = isFloat ? arith::MulFOp::create(nb, nloc, a, x,
                                              arith::FastMathFlags::reassoc)
                            .getResult()
                      : arith::MulIOp::create(nb, nloc, a, x).getResult();
          break;
        case ReduceKind::Max:
          r = isFloat ? arith::MaximumFOp::create(nb, nloc, a, x).getResult()
              : unsignedInt
                  ? arith::MaxUIOp::create(nb, nloc, a, x).getResult()
                  : arith::MaxSIOp::create(nb, nloc, a, x).getResult();
          break;
        case ReduceKind::Min:
          r = isFloat ? arith::MinimumFOp::create(nb, nloc, a, x).getResult()
              : unsignedInt
                  ? arith::MinUIOp::create(nb, nloc, a, x).getResult()
                  : arith::MinSIOp::create(nb, nloc, a, x).getResult();
          break;
        }
        linalg::YieldOp::create(nb, nloc, r);
      });
  return generic.getResult(0);
}

bool isUnsignedTensor(Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  return type.getElementType().isUnsignedInteger();
}

/// acc + sum_k a[.., m, k] * b[.., k, n] as a linalg.generic whose loops are
/// (batch.., m, k, n): the innermost loop walks b and the result
/// contiguously, which vectorizes. Batch dims broadcast numpy-style.
Value contractInto(OpBuilder &b, Location loc, Value lhs, Value rhs,
                   Value acc) {
  auto outType = cast<RankedTensorType>(acc.getType());
  MLIRContext *ctx = b.getContext();
  int64_t rank = outType.getRank();
  int64_t batch = rank - 2;
  // Loop dims: [0, batch) batch, batch = m, batch + 1 = k, batch + 2 = n.
  AffineExpr m = b.getAffineDimExpr(batch), k = b.getAffineDimExpr(batch + 1),
             n = b.getAffineDimExpr(batch + 2);
  auto operandMap = [&](Value v, AffineExpr row, AffineExpr col) {
    auto shape = cast<RankedTensorType>(v.getType()).getShape();
    int64_t vBatch = shape.size() - 2;
    SmallVector<AffineExpr> exprs;
    for (int64_t i = 0; i < vBatch; ++i) {
      int64_t outDim = batch - vBatch + i;
      exprs.push_back(shape[i] == 1 && outType.getDimSize(outDim) != 1
                          ? b.getAffineConstantExpr(0)
                          : b.getAffineDimExpr(outDim));
    }
    exprs.push_back(row);
    exprs.push_back(col);
    return AffineMap::get(rank + 1, 0, exprs, ctx);
  };
  SmallVector<AffineExpr> outExprs;
  for (int64_t i = 0; i < batch; ++i)
    outExprs.push_back(b.getAffineDimExpr(i));
  outExprs.push_back(m);
  outExprs.push_back(n);
  SmallVector<AffineMap> maps{operandMap(lhs, m, k), operandMap(rhs, k, n),
                              AffineMap::get(rank + 1, 0, outExprs, ctx)};
  SmallVector<utils::IteratorType> iterators(rank + 1,
                                             utils::IteratorType::parallel);
  iterators[batch + 1] = utils::IteratorType::reduction;
  return linalg::GenericOp::create(
             b, loc, outType, ValueRange{lhs, rhs}, acc, maps, iterators,
             [&](OpBuilder &nb, Location l, ValueRange v) {
               // Narrower operands (float16) are widened to the
               // accumulator's type.
               auto widen = [&](Value x) -> Value {
                 Type accType = outType.getElementType();
                 return x.getType() == accType
                            ? x
                            : arith::ExtFOp::create(nb, l, accType, x);
               };
               Value product =
                   arith::MulFOp::create(nb, l, widen(v[0]), widen(v[1]));
               linalg::YieldOp::create(
                   nb, l,
                   arith::AddFOp::create(nb, l, v[2], product).getResult());
             })
      .getResult(0);
}

} // namespace wnn::lowering
