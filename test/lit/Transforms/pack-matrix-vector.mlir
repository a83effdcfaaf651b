// RUN: webnn-opt %s -split-input-file -wnn-pack-matrix-vector | FileCheck %s

// One row by a constant [K, N] = [2, 130]: panels [3, 2, 64] (the last one
// zero-padded), a batched matmul, then back to [1, 130].
// CHECK-LABEL: func @matmul_row
// CHECK: %[[P:.*]] = webnn.constant {{.*}} : tensor<3x2x64xf32>
// CHECK: %[[A:.*]] = webnn.reshape %arg0 {new_shape = array<i64: 1, 2>}
// CHECK: %[[M:.*]] = webnn.matmul %[[A]], %[[P]] : (tensor<1x2xf32>, tensor<3x2x64xf32>) -> tensor<3x1x64xf32>
// CHECK: %[[F:.*]] = webnn.reshape %[[M]] {new_shape = array<i64: 1, 192>}
// CHECK: %[[S:.*]] = webnn.slice %[[F]] {sizes = array<i64: 1, 130>, starts = array<i64: 0, 0>}
// CHECK: %[[Y:.*]] = webnn.reshape %[[S]] {new_shape = array<i64: 1, 1, 130>}
// CHECK: return %[[Y]]
func.func @matmul_row(%a: tensor<1x1x2xf32>) -> tensor<1x1x130xf32> {
  %b = webnn.constant dense<1.0> : tensor<2x130xf32>
  %y = webnn.matmul %a, %b : (tensor<1x1x2xf32>, tensor<2x130xf32>) -> tensor<1x1x130xf32>
  return %y : tensor<1x1x130xf32>
}

// -----

// gemm with b transposed ([N, K]), alpha and beta * c; 128 columns fill
// two panels, so nothing is sliced off.
// CHECK-LABEL: func @gemm_row
// CHECK: webnn.matmul {{.*}} -> tensor<2x1x64xf32>
// CHECK: %[[S:.*]] = webnn.reshape {{.*}} {new_shape = array<i64: 1, 128>}
// CHECK: %[[SCALED:.*]] = webnn.mul %[[S]], %{{.*}} : (tensor<1x128xf32>, tensor<f32>)
// CHECK: %[[C:.*]] = webnn.mul %arg1, %{{.*}} : (tensor<128xf32>, tensor<f32>)
// CHECK: webnn.add %[[SCALED]], %[[C]]
func.func @gemm_row(%a: tensor<1x3xf32>, %c: tensor<128xf32>) -> tensor<1x128xf32> {
  %b = webnn.constant dense<2.0> : tensor<128x3xf32>
  %y = webnn.gemm %a, %b c %c {alpha = 0.5 : f64, beta = 3.0 : f64, b_transpose = true} : (tensor<1x3xf32>, tensor<128x3xf32>, tensor<128xf32>) -> tensor<1x128xf32>
  return %y : tensor<1x128xf32>
}

// -----

// Left alone: two rows, a matrix computed at run time, too few columns.
// CHECK-LABEL: func @not_packed
// CHECK-COUNT-3: webnn.matmul %arg
// CHECK-NOT: webnn.slice
func.func @not_packed(%a: tensor<2x2xf32>, %r: tensor<1x2xf32>, %m: tensor<2x128xf32>) -> (tensor<2x128xf32>, tensor<1x128xf32>, tensor<1x64xf32>) {
  %b = webnn.constant dense<1.0> : tensor<2x128xf32>
  %n = webnn.constant dense<1.0> : tensor<2x64xf32>
  %y1 = webnn.matmul %a, %b : (tensor<2x2xf32>, tensor<2x128xf32>) -> tensor<2x128xf32>
  %y2 = webnn.matmul %r, %m : (tensor<1x2xf32>, tensor<2x128xf32>) -> tensor<1x128xf32>
  %y3 = webnn.matmul %r, %n : (tensor<1x2xf32>, tensor<2x64xf32>) -> tensor<1x64xf32>
  return %y1, %y2, %y3 : tensor<2x128xf32>, tensor<1x128xf32>, tensor<1x64xf32>
}
