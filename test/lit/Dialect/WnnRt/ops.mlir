// RUN: webnn-opt %s -split-input-file | webnn-opt -split-input-file | FileCheck %s
// RUN: webnn-opt %s -split-input-file -canonicalize | FileCheck %s --check-prefix=CANON

// The tensor form returns the new value of its destination.

// CHECK-LABEL: func.func @tensors
// CHECK: %[[R:.*]] = wnn_rt.call @wnn_rt_matmul(%{{.*}}) params([2, 2, 3, 3, 4, 2, 4, 0, 0, 4607182418800017408, 0, 0, 0, 0]) ins(%{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<3x4xf32>) outs(%{{.*}} : tensor<2x4xf32>) -> tensor<2x4xf32>
// CHECK: return %[[R]]
func.func @tensors(%ctx: i64, %a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %init = tensor.empty() : tensor<2x4xf32>
  %r = wnn_rt.call @wnn_rt_matmul(%ctx) params([2, 2, 3, 3, 4, 2, 4, 0, 0, 4607182418800017408, 0, 0, 0, 0]) ins(%a, %b : tensor<2x3xf32>, tensor<3x4xf32>) outs(%init : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

// -----

// The memref form has no result.

// CHECK-LABEL: func.func @buffers
// CHECK: wnn_rt.call @wnn_rt_matmul(%{{.*}}) params([1]) ins(%{{.*}}, %{{.*}} : memref<2x3xf32>, memref<3x4xf32>) outs(%{{.*}} : memref<2x4xf32>){{$}}
func.func @buffers(%ctx: i64, %a: memref<2x3xf32>, %b: memref<3x4xf32>, %out: memref<2x4xf32>) {
  wnn_rt.call @wnn_rt_matmul(%ctx) params([1]) ins(%a, %b : memref<2x3xf32>, memref<3x4xf32>) outs(%out : memref<2x4xf32>)
  return
}

// -----

// A call whose result is unused has no effect on tensors and disappears;
// on memrefs it writes its output and stays.

// CANON-LABEL: func.func @dead
// CANON-NOT: wnn_rt.call
// CANON: return
// CANON-LABEL: func.func @live
// CANON: wnn_rt.call @k
func.func @dead(%ctx: i64, %a: tensor<4xf32>) {
  %init = tensor.empty() : tensor<4xf32>
  %r = wnn_rt.call @k(%ctx) params([0]) ins(%a : tensor<4xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  return
}

func.func @live(%ctx: i64, %a: memref<4xf32>, %out: memref<4xf32>) {
  wnn_rt.call @k(%ctx) params([0]) ins(%a : memref<4xf32>) outs(%out : memref<4xf32>)
  return
}
