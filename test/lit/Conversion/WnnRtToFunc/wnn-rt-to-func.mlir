// RUN: webnn-opt %s -split-input-file -convert-wnn-rt-to-func -verify-diagnostics | FileCheck %s

// Each call site gets its own constant parameter block; the output comes
// first, then the inputs, padded with nulls to WNN_KERNEL_MAX_INPUTS (4).
// Buffers become i64 addresses only here.

// CHECK: memref.global "private" constant @__wnn_kernel_params{{(_[0-9]+)?}} : memref<3xi64> = dense<[1, 2, 3]>
// CHECK: memref.global "private" constant @__wnn_kernel_params{{(_[0-9]+)?}} : memref<3xi64> = dense<[1, 2, 3]>
// CHECK-LABEL: func.func @calls
// CHECK-SAME: (%[[CTX:.*]]: i64, %[[A:.*]]: memref<2x3xf32>, %[[B:.*]]: memref<3x4xf32>, %[[OUT:.*]]: memref<2x4xf32>)
// CHECK: %[[G0:.*]] = memref.get_global @__wnn_kernel_params
// CHECK: %[[G0I:.*]] = memref.extract_aligned_pointer_as_index %[[G0]]
// CHECK: %[[G0P:.*]] = arith.index_cast %[[G0I]] : index to i64
// CHECK: %[[OI:.*]] = memref.extract_aligned_pointer_as_index %[[OUT]]
// CHECK: %[[OP:.*]] = arith.index_cast %[[OI]] : index to i64
// CHECK: %[[AI:.*]] = memref.extract_aligned_pointer_as_index %[[A]]
// CHECK: %[[AP:.*]] = arith.index_cast %[[AI]] : index to i64
// CHECK: %[[BI:.*]] = memref.extract_aligned_pointer_as_index %[[B]]
// CHECK: %[[BP:.*]] = arith.index_cast %[[BI]] : index to i64
// CHECK: %[[NULL:.*]] = arith.constant 0 : i64
// CHECK: call @wnn_rt_matmul(%[[CTX]], %[[G0P]], %[[OP]], %[[AP]], %[[BP]], %[[NULL]], %[[NULL]]) : (i64, i64, i64, i64, i64, i64, i64) -> ()
// CHECK: memref.get_global @__wnn_kernel_params
// CHECK: call @wnn_rt_matmul(%[[CTX]],
// CHECK-NOT: wnn_rt.call
// CHECK: func.func private @wnn_rt_matmul(i64, i64, i64, i64, i64, i64, i64)
func.func @calls(%ctx: i64, %a: memref<2x3xf32>, %b: memref<3x4xf32>, %out: memref<2x4xf32>) {
  wnn_rt.call @wnn_rt_matmul(%ctx) params([1, 2, 3]) ins(%a, %b : memref<2x3xf32>, memref<3x4xf32>) outs(%out : memref<2x4xf32>)
  wnn_rt.call @wnn_rt_matmul(%ctx) params([1, 2, 3]) ins(%a, %b : memref<2x3xf32>, memref<3x4xf32>) outs(%out : memref<2x4xf32>)
  return
}

// -----

func.func @not_bufferized(%ctx: i64, %a: tensor<4xf32>) -> tensor<4xf32> {
  %init = tensor.empty() : tensor<4xf32>
  // expected-error @below {{'wnn_rt.call' op is still on tensors; bufferize it first}}
  %r = wnn_rt.call @k(%ctx) params([0]) ins(%a : tensor<4xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

func.func @too_many_inputs(%ctx: i64, %a: memref<4xf32>) {
  // expected-error @below {{'wnn_rt.call' op has more than 4 inputs}}
  wnn_rt.call @k(%ctx) params([0]) ins(%a, %a, %a, %a, %a : memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>) outs(%a : memref<4xf32>)
  return
}
