//===- WebnnBuilder.h - Building webnn ops in rewrites ----------*- C++ -*-===//
//
// The decompositions in the webnn dialect (convTranspose2d as conv2d, the
// recurrent ops as projections and a recurrence) build webnn ops whose
// result types the ops' own inference gives.
//
//===----------------------------------------------------------------------===//
#ifndef WNN_TRANSFORMS_WEBNNBUILDER_H
#define WNN_TRANSFORMS_WEBNNBUILDER_H

#include "webnn/IR/WebnnOps.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/PatternMatch.h"

namespace wnn {

inline llvm::ArrayRef<int64_t> shapeOf(mlir::Value v) {
  return llvm::cast<mlir::RankedTensorType>(v.getType()).getShape();
}

struct WebnnBuilder {
  mlir::PatternRewriter &rewriter;
  mlir::Location loc;

  /// `attrs` must name every attribute: this builder fills no defaults.
  template <typename OpT>
  mlir::Value create(mlir::ValueRange operands,
                     llvm::ArrayRef<mlir::NamedAttribute> attrs) {
    return OpT::create(rewriter, loc, operands, attrs)->getResult(0);
  }
  mlir::NamedAttribute named(llvm::StringRef name, mlir::Attribute value) {
    return rewriter.getNamedAttr(name, value);
  }
  mlir::Attribute i64s(llvm::ArrayRef<int64_t> values) {
    return rewriter.getDenseI64ArrayAttr(values);
  }
  mlir::Value reshape(mlir::Value x, llvm::ArrayRef<int64_t> shape) {
    if (shapeOf(x) == shape)
      return x;
    return create<webnn::ReshapeOp>(x, named("new_shape", i64s(shape)));
  }
  mlir::Value transpose(mlir::Value x, llvm::ArrayRef<int64_t> permutation) {
    return create<webnn::TransposeOp>(x,
                                      named("permutation", i64s(permutation)));
  }
  mlir::Value slice(mlir::Value x, llvm::ArrayRef<int64_t> starts,
                    llvm::ArrayRef<int64_t> sizes) {
    if (shapeOf(x) == sizes)
      return x;
    return create<webnn::SliceOp>(
        x, {named("starts", i64s(starts)), named("sizes", i64s(sizes))});
  }
  /// A constant of zeros of `elementType` and `shape`.
  mlir::Value zeros(mlir::Type elementType, llvm::ArrayRef<int64_t> shape) {
    auto type = mlir::RankedTensorType::get(shape, elementType);
    mlir::Attribute zero = rewriter.getZeroAttr(elementType);
    return create<webnn::ConstantOp>(
        {}, named("value", mlir::DenseElementsAttr::get(type, zero)));
  }
};

} // namespace wnn

#endif // WNN_TRANSFORMS_WEBNNBUILDER_H
