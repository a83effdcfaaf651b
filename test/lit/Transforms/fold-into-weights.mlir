// RUN: webnn-opt %s -split-input-file -wnn-fold-into-weights | FileCheck %s

// batchNormalization after an nchw conv2d (oihw): s = scale / sqrt(var + eps)
// = [2, 0.5]; the filter's output channels are scaled by s, the bias
// becomes s * (b - mean) + bias = [2 * (1 - 1) + 0, 0.5 * (2 - 0) + 3].
// CHECK-LABEL: func @batch_norm_into_conv
// CHECK-DAG: %[[W:.*]] = webnn.constant dense<{{.*}}2.000000e+00]]], {{.*}}5.000000e-01]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = webnn.constant dense<[0.000000e+00, 4.000000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.*]] = webnn.conv2d %arg0, %[[W]] bias %[[B]]
// CHECK-NOT: batchNormalization
// CHECK: return %[[Y]]
func.func @batch_norm_into_conv(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = webnn.constant dense<1.0> : tensor<2x1x1x1xf32>
  %b = webnn.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %mean = webnn.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = webnn.constant dense<[0.25, 4.0]> : tensor<2xf32>
  %scale = webnn.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %bias = webnn.constant dense<[0.0, 3.0]> : tensor<2xf32>
  %c = webnn.conv2d %x, %w bias %b : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %y = webnn.batchNormalization %c, %mean, %var scale %scale bias %bias {epsilon = 0.0 : f64} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// nhwc with an hwio filter: channels are the last axis of both. A mul by a
// [C] constant scales the filter's last axis; the bias is created.
// CHECK-LABEL: func @mul_into_nhwc_conv
// CHECK-DAG: %[[W:.*]] = webnn.constant dense<{{.*}}3.000000e+00, -1.000000e+00]]]]> : tensor<1x1x1x2xf32>
// CHECK-DAG: %[[B:.*]] = webnn.constant dense<0.000000e+00> : tensor<2xf32>
// CHECK: webnn.conv2d %arg0, %[[W]] bias %[[B]] {filter_layout = "hwio", input_layout = "nhwc"}
// CHECK-NOT: webnn.mul
func.func @mul_into_nhwc_conv(%x: tensor<1x4x4x1xf32>) -> tensor<1x4x4x2xf32> {
  %w = webnn.constant dense<1.0> : tensor<1x1x1x2xf32>
  %s = webnn.constant dense<[3.0, -1.0]> : tensor<2xf32>
  %c = webnn.conv2d %x, %w {input_layout = "nhwc", filter_layout = "hwio"} : (tensor<1x4x4x1xf32>, tensor<1x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %y = webnn.mul %c, %s : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %y : tensor<1x4x4x2xf32>
}

// -----

// An add of a per-channel [1, C, 1, 1] constant joins the bias and keeps
// the filter.
// CHECK-LABEL: func @add_into_conv_bias
// CHECK-DAG: %[[W:.*]] = webnn.constant dense<1.000000e+00> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = webnn.constant dense<[5.000000e+00, 7.000000e+00]> : tensor<2xf32>
// CHECK: webnn.conv2d %arg0, %[[W]] bias %[[B]]
// CHECK-NOT: webnn.add
func.func @add_into_conv_bias(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = webnn.constant dense<1.0> : tensor<2x1x1x1xf32>
  %b = webnn.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %t = webnn.constant dense<[[[4.0]], [[5.0]]]> : tensor<2x1x1xf32>
  %c = webnn.conv2d %x, %w bias %b : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %y = webnn.add %t, %c : (tensor<2x1x1xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Not folded: a constant that varies along another axis, a conv with two
// users, and an add that broadcasts the conv's result.
// CHECK-LABEL: func @not_folded
// CHECK: webnn.mul
// CHECK: webnn.batchNormalization
// CHECK: webnn.add
func.func @not_folded(%x: tensor<1x1x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<2x2x4x4xf32>) {
  %w = webnn.constant dense<1.0> : tensor<2x1x1x1xf32>
  %m = webnn.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %c1 = webnn.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y1 = webnn.mul %c1, %m : (tensor<1x2x4x4xf32>, tensor<4xf32>) -> tensor<1x2x4x4xf32>
  %mean = webnn.constant dense<0.0> : tensor<2xf32>
  %var = webnn.constant dense<1.0> : tensor<2xf32>
  %c2 = webnn.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y2 = webnn.batchNormalization %c2, %mean, %var : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %t = webnn.constant dense<1.0> : tensor<2x1x1x1xf32>
  %c3 = webnn.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y3 = webnn.add %c3, %t : (tensor<1x2x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<2x2x4x4xf32>
  return %y1, %y2, %c2, %y3 : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<2x2x4x4xf32>
}

// -----

// gemm with a constant b (transposed): BN over the columns scales b's rows
// and becomes c = beta * c * s + t with beta 1.
// CHECK-LABEL: func @batch_norm_into_gemm
// CHECK-DAG: %[[B:.*]] = webnn.constant dense<{{.*}}2.000000e+00, 2.000000e+00], [1.000000e+00, 1.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[C:.*]] = webnn.constant dense<[5.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK: webnn.gemm %arg0, %[[B]] c %[[C]] {b_transpose = true}
func.func @batch_norm_into_gemm(%a: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %b = webnn.constant dense<1.0> : tensor<2x2xf32>
  %c = webnn.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %mean = webnn.constant dense<[0.0, 0.0]> : tensor<2xf32>
  %var = webnn.constant dense<[0.25, 1.0]> : tensor<2xf32>
  %bias = webnn.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %g = webnn.gemm %a, %b c %c {beta = 2.0 : f64, b_transpose = true} : (tensor<3x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  %y = webnn.batchNormalization %g, %mean, %var bias %bias {epsilon = 0.0 : f64} : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}
