//===- Patterns.h - webnn to linalg pattern sets ----------------*- C++ -*-===//
#ifndef WNN_CONVERSION_WEBNNTOLINALG_PATTERNS_H
#define WNN_CONVERSION_WEBNNTOLINALG_PATTERNS_H

#include "mlir/Transforms/DialectConversion.h"

namespace wnn::lowering {

/// Element-wise ops, activations, cast, prelu and softmax.
void populateElementwiseLoweringPatterns(const mlir::TypeConverter &converter,
                                         mlir::RewritePatternSet &patterns);
/// conv2d, pooling, normalizations, matmul, gemm and reductions.
void populateStructuredLoweringPatterns(const mlir::TypeConverter &converter,
                                        mlir::RewritePatternSet &patterns);
/// constant, reshape, transpose, concat, slice, split, pad, expand, gather.
void populateShapeLoweringPatterns(const mlir::TypeConverter &converter,
                                   mlir::RewritePatternSet &patterns);

/// gatherElements, gatherND, scatterElements, scatterND, reverse, tile,
/// triangular, cumulativeSum and resample2d.
void populateIndexingLoweringPatterns(const mlir::TypeConverter &converter,
                                      mlir::RewritePatternSet &patterns);

/// quantizeLinear and dequantizeLinear.
void populateQuantizationLoweringPatterns(const mlir::TypeConverter &converter,
                                          mlir::RewritePatternSet &patterns);

/// webnn.recurrence (the time loop of gru and lstm).
void populateRecurrentLoweringPatterns(const mlir::TypeConverter &converter,
                                       mlir::RewritePatternSet &patterns);

} // namespace wnn::lowering

#endif // WNN_CONVERSION_WEBNNTOLINALG_PATTERNS_H
