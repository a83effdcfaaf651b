// RUN: webnn-opt %s -wnn-lower-parallel-kernel-calls | FileCheck %s

// A split kernel gets a body that unpacks its buffers from an array; its
// call becomes wnn_rt_parallel_for(ctx, body, buffers, trips).

// CHECK-LABEL: llvm.func @graph
// CHECK-SAME: (%[[CTX:.*]]: i64, %[[A:.*]]: !llvm.ptr, %[[B:.*]]: !llvm.ptr)
// CHECK: %[[N:.*]] = llvm.mlir.constant(2 : i64) : i64
// CHECK: %[[ARRAY:.*]] = llvm.alloca %[[N]] x !llvm.ptr
// CHECK: %[[SLOT0:.*]] = llvm.getelementptr %[[ARRAY]][0]
// CHECK: llvm.store %[[A]], %[[SLOT0]]
// CHECK: %[[SLOT1:.*]] = llvm.getelementptr %[[ARRAY]][1]
// CHECK: llvm.store %[[B]], %[[SLOT1]]
// CHECK: %[[BODY:.*]] = llvm.mlir.addressof @wnn_kernel_parallel_body
// CHECK: %[[TRIPS:.*]] = llvm.mlir.constant(16 : i64) : i64
// CHECK: llvm.call @wnn_rt_parallel_for(%[[CTX]], %[[BODY]], %[[ARRAY]], %[[TRIPS]])
// CHECK-NOT: llvm.call @wnn_kernel(
// CHECK: llvm.func @wnn_kernel(
// CHECK-LABEL: llvm.func internal @wnn_kernel_parallel_body
// CHECK-SAME: (%[[ARGS:.*]]: !llvm.ptr, %[[FIRST:.*]]: i64, %[[LAST:.*]]: i64)
// CHECK: %[[P0:.*]] = llvm.getelementptr %[[ARGS]][0]
// CHECK: %[[X:.*]] = llvm.load %[[P0]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[P1:.*]] = llvm.getelementptr %[[ARGS]][1]
// CHECK: %[[Y:.*]] = llvm.load %[[P1]] : !llvm.ptr -> !llvm.ptr
// CHECK: llvm.call @wnn_kernel(%[[FIRST]], %[[LAST]], %[[X]], %[[Y]])
// CHECK: llvm.func @wnn_rt_parallel_for(i64, !llvm.ptr, !llvm.ptr, i64)
llvm.func @graph(%ctx: i64, %a: !llvm.ptr, %b: !llvm.ptr) {
  %first = llvm.mlir.constant(0 : i64) : i64
  %last = llvm.mlir.constant(16 : i64) : i64
  llvm.call @wnn_kernel(%first, %last, %a, %b) : (i64, i64, !llvm.ptr, !llvm.ptr) -> ()
  llvm.return
}
llvm.func @wnn_kernel(%first: i64, %last: i64, %x: !llvm.ptr, %y: !llvm.ptr) attributes {webnn.parallel_trips = 16 : i64} {
  llvm.return
}
