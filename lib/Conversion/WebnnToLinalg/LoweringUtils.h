//===- LoweringUtils.h - Building blocks for webnn lowering -----*- C++ -*-===//
#ifndef WNN_CONVERSION_WEBNNTOLINALG_LOWERINGUTILS_H
#define WNN_CONVERSION_WEBNNTOLINALG_LOWERINGUTILS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"
#include "mlir/Transforms/DialectConversion.h"

namespace wnn::lowering {

using mlir::Location;
using mlir::OpBuilder;
using mlir::RankedTensorType;
using mlir::Type;
using mlir::Value;
using mlir::ValueRange;

/// Computes one result element from the operands' elements.
using ScalarFn = llvm::function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// The map from the output's loops to an operand broadcast (numpy style,
/// right-aligned) to `outShape`: dims of size 1 that the output widens read
/// index 0.
mlir::AffineMap broadcastMap(mlir::MLIRContext *ctx,
                             llvm::ArrayRef<int64_t> operandShape,
                             llvm::ArrayRef<int64_t> outShape);

/// The lowered (signless, 4-bit widened) tensor type of a webnn value.
RankedTensorType convertedType(const mlir::TypeConverter *converter,
                               Value value);

/// A linalg.generic over `type` whose inputs are read through `maps` (the
/// output's map, the identity, is appended) and whose element is `body` of
/// the inputs' elements.
Value buildGeneric(OpBuilder &b, Location loc, RankedTensorType type,
                   ValueRange inputs, llvm::SmallVector<mlir::AffineMap> maps,
                   ScalarFn body);

/// A linalg.generic over `outType` applying `body` to broadcast operands.
Value buildElementwise(OpBuilder &b, Location loc, RankedTensorType outType,
                       ValueRange inputs, ScalarFn body);

/// acc + a x b over the last two dims (batch dims broadcast), as the
/// linalg.generic that tile-and-vectorize recognizes as a contraction. The
/// operands may be narrower floats than the accumulator.
Value contractInto(OpBuilder &b, Location loc, Value lhs, Value rhs, Value acc);

/// A scalar constant of `type` (float or integer) holding `value`.
Value scalarConstant(OpBuilder &b, Location loc, Type type, double value);

/// tensor.empty filled with `value`.
Value filledTensor(OpBuilder &b, Location loc, RankedTensorType type,
                   double value);

/// Same elements in a new static shape, as views (collapse/expand).
Value reshapeTensor(OpBuilder &b, Location loc, Value input,
                    llvm::ArrayRef<int64_t> shape);

/// A 1-D tensor reshaped so that it broadcasts along `axis` of a rank-`rank`
/// tensor: [C] -> [1, .., C, .., 1].
Value alongAxis(OpBuilder &b, Location loc, Value vector, int64_t axis,
                int64_t rank);

Value transposeTensor(OpBuilder &b, Location loc, Value input,
                      llvm::ArrayRef<int64_t> permutation);

/// tensor.pad with a constant; `low`/`high` per dim.
Value padTensor(OpBuilder &b, Location loc, Value input,
                llvm::ArrayRef<int64_t> low, llvm::ArrayRef<int64_t> high,
                double value);

/// The loops of a reduction of `axes` of a tensor of `type`: its iterator
/// types, the shape that remains, and the map from the loops to it.
struct ReductionSpace {
  llvm::SmallVector<mlir::utils::IteratorType> iterators;
  llvm::SmallVector<int64_t> reducedShape;
  mlir::AffineMap reducedMap;
};
ReductionSpace reductionSpace(OpBuilder &b, RankedTensorType type,
                              llvm::ArrayRef<int64_t> axes);

enum class ReduceKind { Sum, Product, Max, Min };

/// Reduces `axes` of `input` (dropping them). `unsignedInt` picks unsigned
/// comparisons for integer max/min.
Value reduceTensor(OpBuilder &b, Location loc, Value input,
                   llvm::ArrayRef<int64_t> axes, ReduceKind kind,
                   bool unsignedInt = false);

/// Largest or smallest value of an element type (-inf/+inf for floats).
double lowestValue(Type type, bool unsignedInt);
double highestValue(Type type, bool unsignedInt);

/// An index read from a tensor (any integer type), as an `index` clamped
/// into [0, size): negative values count from the end first unless the
/// index type is unsigned.
Value clampIndex(OpBuilder &b, Location loc, Value index, int64_t size,
                 bool isUnsigned);

/// Whether a webnn tensor value has an unsigned integer element type.
bool isUnsignedTensor(Value value);

} // namespace wnn::lowering

#endif // WNN_CONVERSION_WEBNNTOLINALG_LOWERINGUTILS_H
