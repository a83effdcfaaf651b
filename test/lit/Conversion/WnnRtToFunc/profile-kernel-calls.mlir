// RUN: webnn-opt %s -wnn-profile-kernel-calls | FileCheck %s

// Kernel calls and runtime kernel calls of the graph function are bracketed
// by the profiling hooks, named by their labels; other calls are not.

// CHECK-DAG: memref.global "private" constant @[[K:__wnn_profile_name[_0-9]*]] : memref<12xi8> = dense<[112, 114, 111, 106, 44, 114, 101, 108, 117, 95, 49, 0]>
// CHECK-DAG: memref.global "private" constant @[[C:__wnn_profile_name[_0-9]*]] : memref<6xi8> = dense<[99, 111, 110, 118, 49, 0]>
// CHECK-LABEL: func.func @graph
// CHECK-SAME: (%[[CTX:.*]]: i64 {webnn.context}
// CHECK: call @wnn_rt_profile_begin(%[[CTX]])
// CHECK-NEXT: call @wnn_kernel(
// CHECK-NEXT: %[[G:.*]] = memref.get_global @[[K]]
// CHECK-NEXT: %[[I:.*]] = memref.extract_aligned_pointer_as_index %[[G]]
// CHECK-NEXT: %[[P:.*]] = arith.index_cast %[[I]] : index to i64
// CHECK-NEXT: call @wnn_rt_profile_end(%[[CTX]], %[[P]])
// CHECK: call @wnn_rt_profile_begin(%[[CTX]])
// CHECK-NEXT: call @wnn_rt_conv2d(
// CHECK-NEXT: memref.get_global @[[C]]
// CHECK: call @wnn_rt_profile_end(%[[CTX]],
// CHECK-NEXT: call @helper()
// CHECK-NEXT: return
func.func @graph(%ctx: i64 {webnn.context}, %a: memref<4xf32>, %b: memref<4xf32>) {
  call @wnn_kernel(%a, %b) : (memref<4xf32>, memref<4xf32>) -> ()
  %z = arith.constant 0 : i64
  call @wnn_rt_conv2d(%ctx, %z, %z, %z, %z, %z, %z) : (i64, i64, i64, i64, i64, i64, i64) -> () loc("conv1")
  call @helper() : () -> ()
  return
}
func.func private @wnn_kernel(%a: memref<4xf32>, %b: memref<4xf32>) attributes {webnn.kernel, webnn.labels = ["proj", "relu_1"]} {
  return
}
func.func private @wnn_rt_conv2d(i64, i64, i64, i64, i64, i64, i64)
func.func private @helper()
