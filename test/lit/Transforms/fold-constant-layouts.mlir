// RUN: webnn-opt %s -split-input-file -wnn-fold-constant-layouts | FileCheck %s

// A transposed dense constant is computed at compile time: result element
// [i, j, k, l] is source element [l, i, j, k] (permutation [1, 2, 3, 0]).

// CHECK-LABEL: func.func @transpose_dense
// CHECK-NOT: linalg.transpose
// CHECK: %[[C:.*]] = arith.constant dense<{{\[\[\[\[}}0, 4], [1, 5]]], {{\[\[\[}}2, 6], [3, 7]]]]> : tensor<2x1x2x2xi32>
// CHECK: return %[[C]]
func.func @transpose_dense() -> tensor<2x1x2x2xi32> {
  %filter = arith.constant dense<[[[[0, 1]], [[2, 3]]], [[[4, 5]], [[6, 7]]]]> : tensor<2x2x1x2xi32>
  %init = tensor.empty() : tensor<2x1x2x2xi32>
  %t = linalg.transpose ins(%filter : tensor<2x2x1x2xi32>) outs(%init : tensor<2x1x2x2xi32>) permutation = [1, 2, 3, 0]
  return %t : tensor<2x1x2x2xi32>
}

// -----

// A weight blob gets a transposed blob of its own.

// CHECK-LABEL: func.func @transpose_resource
// CHECK-NOT: linalg.transpose
// CHECK: %[[C:.*]] = arith.constant dense_resource<[[NEW:w_t[_0-9]*]]> : tensor<3x2xf32>
// CHECK: return %[[C]]
// CHECK: [[NEW]]: "0x4000000000000000000040400000803F00008040000000400000A040"
func.func @transpose_resource() -> tensor<3x2xf32> {
  %w = arith.constant dense_resource<w> : tensor<2x3xf32>
  %init = tensor.empty() : tensor<3x2xf32>
  %t = linalg.transpose ins(%w : tensor<2x3xf32>) outs(%init : tensor<3x2xf32>) permutation = [1, 0]
  return %t : tensor<3x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      w: "0x40000000000000000000803f0000004000004040000080400000a040"
    }
  }
#-}

// -----

// Reshapes of a blob share it under the new type.

// CHECK-LABEL: func.func @reshape_resource
// CHECK-NOT: tensor.collapse_shape
// CHECK-NOT: tensor.expand_shape
// CHECK-DAG: arith.constant dense_resource<w> : tensor<6xf32>
// CHECK-DAG: arith.constant dense_resource<w> : tensor<1x2x3xf32>
func.func @reshape_resource() -> (tensor<6xf32>, tensor<1x2x3xf32>) {
  %w = arith.constant dense_resource<w> : tensor<2x3xf32>
  %c = tensor.collapse_shape %w [[0, 1]] : tensor<2x3xf32> into tensor<6xf32>
  %e = tensor.expand_shape %w [[0, 1], [2]] output_shape [1, 2, 3] : tensor<2x3xf32> into tensor<1x2x3xf32>
  return %c, %e : tensor<6xf32>, tensor<1x2x3xf32>
}

{-#
  dialect_resources: {
    builtin: {
      w: "0x40000000000000000000803f0000004000004040000080400000a040"
    }
  }
#-}

// -----

// Transposes of values that are not constants stay.

// CHECK-LABEL: func.func @transpose_input
// CHECK: linalg.transpose
func.func @transpose_input(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %init = tensor.empty() : tensor<3x2xf32>
  %t = linalg.transpose ins(%x : tensor<2x3xf32>) outs(%init : tensor<3x2xf32>) permutation = [1, 0]
  return %t : tensor<3x2xf32>
}
