// RUN: webnn-opt %s -split-input-file -one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" | FileCheck %s

// A call reads its inputs and overwrites its output: the empty destination
// becomes an allocation that is not initialized, and the inputs are passed
// as they are.

// CHECK-LABEL: func.func @dense
// CHECK-SAME: (%[[CTX:.*]]: i64, %[[A:.*]]: memref<2x3xf32>, %[[B:.*]]: memref<3x4xf32>)
// CHECK: %[[OUT:.*]] = memref.alloc() {{.*}} : memref<2x4xf32>
// CHECK-NOT: memref.copy
// CHECK: wnn_rt.call @k(%[[CTX]]) params([0]) ins(%[[A]], %[[B]] : memref<2x3xf32>, memref<3x4xf32>) outs(%[[OUT]] : memref<2x4xf32>)
// CHECK: return %[[OUT]]
func.func @dense(%ctx: i64, %a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %init = tensor.empty() : tensor<2x4xf32>
  %r = wnn_rt.call @k(%ctx) params([0]) ins(%a, %b : tensor<2x3xf32>, tensor<3x4xf32>) outs(%init : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

// -----

// A strided slice is copied into a dense buffer first; a result written
// into a slice of a larger tensor goes through a dense buffer and a copy.

// CHECK-LABEL: func.func @strided
// CHECK-SAME: (%[[CTX:.*]]: i64, %[[A:.*]]: memref<4x8xf32>)
// CHECK: %[[BIG:.*]] = memref.alloc() {{.*}} : memref<4x8xf32>
// CHECK: %[[SLICE:.*]] = memref.subview %[[A]][0, 0] [4, 4] [1, 2]
// CHECK: %[[DST:.*]] = memref.subview %[[BIG]][0, 4] [4, 4] [1, 1]
// CHECK: %[[IN:.*]] = memref.alloc() {{.*}} : memref<4x4xf32>
// CHECK: memref.copy %[[SLICE]], %[[IN]]
// CHECK: %[[OUT:.*]] = memref.alloc() {{.*}} : memref<4x4xf32>
// CHECK: wnn_rt.call @k(%[[CTX]]) params([0]) ins(%[[IN]] : memref<4x4xf32>) outs(%[[OUT]] : memref<4x4xf32>)
// CHECK: memref.copy %[[OUT]], %[[DST]]
func.func @strided(%ctx: i64, %a: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %big = tensor.empty() : tensor<4x8xf32>
  %slice = tensor.extract_slice %a[0, 0] [4, 4] [1, 2] : tensor<4x8xf32> to tensor<4x4xf32>
  %dst = tensor.extract_slice %big[0, 4] [4, 4] [1, 1] : tensor<4x8xf32> to tensor<4x4xf32>
  %r = wnn_rt.call @k(%ctx) params([0]) ins(%slice : tensor<4x4xf32>) outs(%dst : tensor<4x4xf32>) -> tensor<4x4xf32>
  %res = tensor.insert_slice %r into %big[0, 4] [4, 4] [1, 1] : tensor<4x4xf32> into tensor<4x8xf32>
  return %res : tensor<4x8xf32>
}

// -----

// %p feeds two calls with an in-place-looking update between them: the
// update works on a copy, not in %p's buffer, because the second call still
// reads %p.

#id = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @fan_out
// CHECK: %[[P:.*]] = memref.alloc() {{.*}} : memref<64xf32>
// CHECK: wnn_rt.call @k(%{{.*}}) params([1]) ins(%[[P]] : memref<64xf32>)
// CHECK: %[[U:.*]] = memref.alloc() {{.*}} : memref<64xf32>
// CHECK: memref.copy %[[P]], %[[U]]
// CHECK: linalg.generic {{.*}} outs(%[[U]] : memref<64xf32>)
// CHECK: wnn_rt.call @k(%{{.*}}) params([2]) ins(%[[P]], %[[U]] : memref<64xf32>, memref<64xf32>)
func.func @fan_out(%ctx: i64, %x: tensor<64xf32>) -> tensor<64xf32> {
  %e0 = tensor.empty() : tensor<64xf32>
  %p = wnn_rt.call @k(%ctx) params([0]) ins(%x : tensor<64xf32>) outs(%e0 : tensor<64xf32>) -> tensor<64xf32>
  %e1 = tensor.empty() : tensor<64xf32>
  %a = wnn_rt.call @k(%ctx) params([1]) ins(%p : tensor<64xf32>) outs(%e1 : tensor<64xf32>) -> tensor<64xf32>
  %u = linalg.generic {indexing_maps = [#id], iterator_types = ["parallel"]} outs(%p : tensor<64xf32>) {
  ^bb0(%v: f32):
    %n = arith.negf %v : f32
    linalg.yield %n : f32
  } -> tensor<64xf32>
  %e2 = tensor.empty() : tensor<64xf32>
  %b = wnn_rt.call @k(%ctx) params([2]) ins(%p, %u : tensor<64xf32>, tensor<64xf32>) outs(%e2 : tensor<64xf32>) -> tensor<64xf32>
  return %b : tensor<64xf32>
}
