//===- Passes.td - Target-independent transformations ------*- tablegen -*-===//
#ifndef WNN_TRANSFORMS_PASSES_TD
#define WNN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def FoldConstantLayouts : Pass<"wnn-fold-constant-layouts",
                               "mlir::func::FuncOp"> {
  let summary = "Computes layout changes of constants at compile time";
  let description = [{
    A `linalg.transpose` of a constant (a filter given in another layout
    than the one its kernel reads) becomes a constant holding the transposed
    elements, and `tensor.expand_shape` / `tensor.collapse_shape` of a
    constant become constants of the new shape. Weights stored as
    `dense_resource` blobs get a new blob (transpose) or share the old one
    (reshape), so nothing is re-laid out on every run.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

#endif // WNN_TRANSFORMS_PASSES_TD
