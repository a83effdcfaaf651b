// RUN: webnn-opt %s -split-input-file -convert-webnn-to-onednn | FileCheck %s

// conv2d followed by relu: one kernel call; the params global ends with one
// post-op record (count 1, WNN_POST_RELU = 1, alpha 0, beta 0).

// CHECK: memref.global "private" constant @[[PARAMS:__wnn_kernel_params[_0-9]*]] : memref<24xi64> = dense<[1, 3, 8, 8, 4, 3, 3, 6, 6, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0]>
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[CTX:.*]]: i64 {webnn.context}, %[[X:.*]]: tensor<1x3x8x8xf32> {webnn.name = "x"}, %{{.*}}: tensor<4x3x3x3xf32> {webnn.name = "w"})
// CHECK-NOT: webnn.relu
// CHECK-NOT: webnn.conv2d
// CHECK: memref.get_global @[[PARAMS]]
// CHECK: %[[OUT:.*]] = memref.alloc() {alignment = 64 : i64} : memref<1x4x6x6xf32>
// CHECK: call @wnn_rt_conv2d(%[[CTX]], {{.*}}) : (i64, i64, i64, i64, i64, i64, i64) -> ()
// CHECK-NOT: call @wnn_rt_conv2d
// CHECK-NOT: webnn.relu
// CHECK: %[[T:.*]] = bufferization.to_tensor %[[OUT]]
// CHECK: return %[[T]]
// CHECK: func.func private @wnn_rt_conv2d(i64, i64, i64, i64, i64, i64, i64)
func.func @main(%x: tensor<1x3x8x8xf32> {webnn.name = "x"}, %w: tensor<4x3x3x3xf32> {webnn.name = "w"}) -> (tensor<1x4x6x6xf32> {webnn.name = "y"}) {
  %0 = webnn.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  %1 = webnn.relu %0 : (tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return %1 : tensor<1x4x6x6xf32>
}

// -----

// conv2d + add(residual): the residual becomes the last call argument and
// the post-op record is WNN_POST_ADD_TENSOR = 10.

// CHECK: memref.global "private" constant @[[PARAMS:__wnn_kernel_params[_0-9]*]] : memref<24xi64> = dense<[1, 3, 8, 8, 4, 3, 3, 6, 6, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 10, 0, 0]>
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[CTX:.*]]: i64 {webnn.context}, %{{.*}}: tensor<1x3x8x8xf32> {webnn.name = "x"}, %{{.*}}: tensor<4x3x3x3xf32> {webnn.name = "w"}, %[[R:.*]]: tensor<1x4x6x6xf32> {webnn.name = "r"})
// CHECK-NOT: webnn.add
// CHECK: %[[RBUF:.*]] = bufferization.to_buffer %[[R]] read_only
// CHECK: %[[RPTR:.*]] = memref.extract_aligned_pointer_as_index %[[RBUF]]
// CHECK: %[[RI:.*]] = arith.index_cast %[[RPTR]] : index to i64
// CHECK: call @wnn_rt_conv2d(%[[CTX]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[RI]])
// CHECK-NOT: webnn.add
func.func @main(%x: tensor<1x3x8x8xf32> {webnn.name = "x"}, %w: tensor<4x3x3x3xf32> {webnn.name = "w"}, %r: tensor<1x4x6x6xf32> {webnn.name = "r"}) -> (tensor<1x4x6x6xf32> {webnn.name = "y"}) {
  %0 = webnn.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  %1 = webnn.add %0, %r : (tensor<1x4x6x6xf32>, tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return %1 : tensor<1x4x6x6xf32>
}

// -----

// gemm with beta != 1: beta is folded into c by a webnn.mul computed by
// generated code; alpha (2.0 = 0x4000000000000000) is in the params.

// CHECK: memref.global "private" constant @[[PARAMS:__wnn_kernel_params[_0-9]*]] : memref<14xi64> = dense<[2, 2, 3, 3, 4, 2, 4, 0, 0, 4611686018427387904, 1, 1, 4, 0]>
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[CTX:.*]]: i64 {webnn.context}, %{{.*}}: tensor<2x3xf32> {webnn.name = "a"}, %{{.*}}: tensor<3x4xf32> {webnn.name = "b"}, %[[C:.*]]: tensor<4xf32> {webnn.name = "c"})
// CHECK: %[[BETA:.*]] = webnn.constant dense<5.000000e-01> : tensor<f32>
// CHECK: %[[SCALED:.*]] = webnn.mul %[[C]], %[[BETA]] : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NOT: webnn.gemm
// CHECK: bufferization.to_buffer %[[SCALED]] read_only
// CHECK: call @wnn_rt_matmul(%[[CTX]],
// CHECK: func.func private @wnn_rt_matmul(i64, i64, i64, i64, i64, i64, i64)
func.func @main(%a: tensor<2x3xf32> {webnn.name = "a"}, %b: tensor<3x4xf32> {webnn.name = "b"}, %c: tensor<4xf32> {webnn.name = "c"}) -> (tensor<2x4xf32> {webnn.name = "y"}) {
  %0 = webnn.gemm %a, %b c %c {alpha = 2.0 : f64, beta = 0.5 : f64} : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// gemm with beta == 0 drops c entirely.

// CHECK-LABEL: func.func @main
// CHECK-NOT: webnn.mul
// CHECK-NOT: webnn.constant
// CHECK: call @wnn_rt_matmul
func.func @main(%a: tensor<2x3xf32> {webnn.name = "a"}, %b: tensor<3x4xf32> {webnn.name = "b"}, %c: tensor<4xf32> {webnn.name = "c"}) -> (tensor<2x4xf32> {webnn.name = "y"}) {
  %0 = webnn.gemm %a, %b c %c {beta = 0.0 : f64} : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// matmul becomes a kernel call too.

// CHECK-LABEL: func.func @main
// CHECK-SAME: %{{.*}}: i64 {webnn.context}
// CHECK-NOT: webnn.matmul
// CHECK: call @wnn_rt_matmul

func.func @main(%a: tensor<2x3xf32> {webnn.name = "a"}, %b: tensor<3x4xf32> {webnn.name = "b"}) -> (tensor<2x4xf32> {webnn.name = "y"}) {
  %0 = webnn.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// No kernel op: the graph is left unchanged (no context argument either).

// CHECK-NOT: memref.global
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[A:.*]]: tensor<4xf32> {webnn.name = "a"}) -> (tensor<4xf32> {webnn.name = "y"})
// CHECK-NOT: webnn.context
// CHECK: %[[R:.*]] = webnn.relu %[[A]] : (tensor<4xf32>) -> tensor<4xf32>
// CHECK: return %[[R]]
// CHECK-NOT: call
func.func @main(%a: tensor<4xf32> {webnn.name = "a"}) -> (tensor<4xf32> {webnn.name = "y"}) {
  %0 = webnn.relu %a : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// conv2d -> relu -> add(residual) -> relu (the residual-block pattern): one
// call with three post-op records: relu, add tensor, relu.

// CHECK: memref.global "private" constant @[[PARAMS:__wnn_kernel_params[_0-9]*]] : memref<30xi64> = dense<[1, 3, 8, 8, 4, 3, 3, 6, 6, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 3, 1, 0, 0, 10, 0, 0, 1, 0, 0]>
// CHECK-LABEL: func.func @main
// CHECK-NOT: webnn.relu
// CHECK-NOT: webnn.add
// CHECK: call @wnn_rt_conv2d(
// CHECK-NOT: webnn.relu
// CHECK: return
func.func @main(%x: tensor<1x3x8x8xf32> {webnn.name = "x"}, %w: tensor<4x3x3x3xf32> {webnn.name = "w"}, %r: tensor<1x4x6x6xf32> {webnn.name = "r"}) -> (tensor<1x4x6x6xf32> {webnn.name = "y"}) {
  %0 = webnn.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  %1 = webnn.relu %0 : (tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  %2 = webnn.add %1, %r : (tensor<1x4x6x6xf32>, tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  %3 = webnn.relu %2 : (tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return %3 : tensor<1x4x6x6xf32>
}
