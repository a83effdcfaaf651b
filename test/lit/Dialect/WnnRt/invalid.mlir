// RUN: webnn-opt %s -split-input-file -verify-diagnostics

func.func @mixed(%ctx: i64, %a: tensor<4xf32>, %out: memref<4xf32>) {
  // expected-error @below {{'wnn_rt.call' op mixes tensor and memref operands}}
  wnn_rt.call @k(%ctx) params([0]) ins(%a : tensor<4xf32>) outs(%out : memref<4xf32>)
  return
}

// -----

func.func @strided(%ctx: i64, %a: memref<4xf32, strided<[2]>>, %out: memref<4xf32>) {
  // expected-error @below {{'wnn_rt.call' op needs dense identity-layout buffers, got 'memref<4xf32, strided<[2]>>'}}
  wnn_rt.call @k(%ctx) params([0]) ins(%a : memref<4xf32, strided<[2]>>) outs(%out : memref<4xf32>)
  return
}

// -----

func.func @result_type(%ctx: i64, %a: tensor<4xf32>) -> tensor<8xf32> {
  %init = tensor.empty() : tensor<4xf32>
  // expected-error @below {{'wnn_rt.call' op}}
  %r = wnn_rt.call @k(%ctx) params([0]) ins(%a : tensor<4xf32>) outs(%init : tensor<4xf32>) -> tensor<8xf32>
  return %r : tensor<8xf32>
}

// -----

func.func @memref_with_result(%ctx: i64, %a: memref<4xf32>, %out: memref<4xf32>) -> tensor<4xf32> {
  // expected-error @below {{'wnn_rt.call' op}}
  %r = wnn_rt.call @k(%ctx) params([0]) ins(%a : memref<4xf32>) outs(%out : memref<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}
