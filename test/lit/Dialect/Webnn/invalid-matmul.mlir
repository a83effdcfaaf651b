// RUN: webnn-opt %s -split-input-file -verify-diagnostics

func.func @matmul_int(%a: tensor<2x3xi32>, %b: tensor<3x4xi32>) {
  // expected-error @below {{a: data type int32 is not supported here (expected float32 or float16)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.matmul %a, %b : (tensor<2x3xi32>, tensor<3x4xi32>) -> tensor<2x4xi32>
  return
}

// -----

func.func @matmul_type_mismatch(%a: tensor<2x3xf32>, %b: tensor<3x4xf16>) {
  // expected-error @below {{'webnn.matmul' op requires the same element type for all operands}}
  %0 = webnn.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf16>) -> tensor<2x4xf32>
  return
}

// -----

func.func @matmul_a_rank(%a: tensor<3xf32>, %b: tensor<3x4xf32>) {
  // expected-error @below {{a: expected rank 2 or more but got rank 1}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.matmul %a, %b : (tensor<3xf32>, tensor<3x4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @matmul_b_rank(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  // expected-error @below {{b: expected rank 2 or more but got rank 1}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.matmul %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @matmul_k(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @below {{b: its rows (4) do not match a's columns (3)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.matmul %a, %b : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @matmul_batch(%a: tensor<2x2x3xf32>, %b: tensor<3x3x4xf32>) {
  // expected-error @below {{b: batch dimensions [3] cannot be broadcast with a's [2]}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.matmul %a, %b : (tensor<2x2x3xf32>, tensor<3x3x4xf32>) -> tensor<2x2x4xf32>
  return
}

// -----

func.func @gemm_int(%a: tensor<2x3xi32>, %b: tensor<3x4xi32>) {
  // expected-error @below {{a: data type int32 is not supported here (expected float32 or float16)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gemm %a, %b : (tensor<2x3xi32>, tensor<3x4xi32>) -> tensor<2x4xi32>
  return
}

// -----

func.func @gemm_a_rank(%a: tensor<1x2x3xf32>, %b: tensor<3x4xf32>) {
  // expected-error @below {{a: expected a 2-D tensor but got rank 3}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gemm %a, %b : (tensor<1x2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @gemm_b_rank(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  // expected-error @below {{b: expected a 2-D tensor but got rank 1}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gemm %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @gemm_k(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) {
  // expected-error @below {{b: its rows (4) do not match a's columns (3) after the transposes}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gemm %a, %b : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @gemm_k_transposed(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) {
  // expected-error @below {{b: its rows (3) do not match a's columns (2) after the transposes}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gemm %a, %b {a_transpose = true} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @gemm_c_broadcast(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<3xf32>) {
  // expected-error @below {{c: shape [3] cannot be broadcast to the output shape [2, 4]}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gemm %a, %b c %c : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @gemm_c_rank(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<1x2x4xf32>) {
  // expected-error @below {{c: expected rank 0 to 2 but got rank 3}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gemm %a, %b c %c : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<1x2x4xf32>) -> tensor<2x4xf32>
  return
}

