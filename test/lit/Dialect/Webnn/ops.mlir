// RUN: webnn-opt %s | webnn-opt | FileCheck %s
// RUN: webnn-opt %s --mlir-print-op-generic | webnn-opt | FileCheck %s

// CHECK-LABEL: func.func @constant
// CHECK: webnn.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK: webnn.constant dense<3> : tensor<2x2xi32>
func.func @constant() -> (tensor<2xf32>, tensor<2x2xi32>) {
  %0 = webnn.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %1 = webnn.constant dense<3> : tensor<2x2xi32>
  return %0, %1 : tensor<2xf32>, tensor<2x2xi32>
}

// CHECK-LABEL: func.func @binary
// CHECK: webnn.add %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK: webnn.sub %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK: webnn.mul %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
// CHECK: webnn.div %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
// CHECK: webnn.max %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK: webnn.min %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK: webnn.pow %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
// CHECK: webnn.add %{{.*}}, %{{.*}} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
func.func @binary(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %c: tensor<1x3xf32>,
                  %d: tensor<2x1xf32>, %s: tensor<f32>, %u: tensor<4xui8>)
    -> tensor<2x3xf32> {
  %0 = webnn.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = webnn.sub %0, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = webnn.mul %1, %c : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
  %3 = webnn.div %2, %d : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  %4 = webnn.max %3, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %5 = webnn.min %4, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %6 = webnn.pow %5, %s : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %7 = webnn.add %u, %u : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %6 : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @unary
// CHECK: webnn.abs
// CHECK: webnn.ceil
// CHECK: webnn.cos
// CHECK: webnn.erf
// CHECK: webnn.exp
// CHECK: webnn.floor
// CHECK: webnn.identity
// CHECK: webnn.log
// CHECK: webnn.neg
// CHECK: webnn.reciprocal
// CHECK: webnn.sin
// CHECK: webnn.sqrt
// CHECK: webnn.tan
// CHECK: webnn.relu
// CHECK: webnn.sigmoid
// CHECK: webnn.tanh
// CHECK: webnn.gelu
// CHECK: webnn.hardSwish
// CHECK: webnn.softplus
// CHECK: webnn.softsign %{{.*}} : (tensor<4xf32>) -> tensor<4xf32>
// CHECK: webnn.abs %{{.*}} : (tensor<4xi32>) -> tensor<4xi32>
func.func @unary(%x: tensor<4xf32>, %i: tensor<4xi32>) -> tensor<4xf32> {
  %0 = webnn.abs %x : (tensor<4xf32>) -> tensor<4xf32>
  %1 = webnn.ceil %0 : (tensor<4xf32>) -> tensor<4xf32>
  %2 = webnn.cos %1 : (tensor<4xf32>) -> tensor<4xf32>
  %3 = webnn.erf %2 : (tensor<4xf32>) -> tensor<4xf32>
  %4 = webnn.exp %3 : (tensor<4xf32>) -> tensor<4xf32>
  %5 = webnn.floor %4 : (tensor<4xf32>) -> tensor<4xf32>
  %6 = webnn.identity %5 : (tensor<4xf32>) -> tensor<4xf32>
  %7 = webnn.log %6 : (tensor<4xf32>) -> tensor<4xf32>
  %8 = webnn.neg %7 : (tensor<4xf32>) -> tensor<4xf32>
  %9 = webnn.reciprocal %8 : (tensor<4xf32>) -> tensor<4xf32>
  %10 = webnn.sin %9 : (tensor<4xf32>) -> tensor<4xf32>
  %11 = webnn.sqrt %10 : (tensor<4xf32>) -> tensor<4xf32>
  %12 = webnn.tan %11 : (tensor<4xf32>) -> tensor<4xf32>
  %13 = webnn.relu %12 : (tensor<4xf32>) -> tensor<4xf32>
  %14 = webnn.sigmoid %13 : (tensor<4xf32>) -> tensor<4xf32>
  %15 = webnn.tanh %14 : (tensor<4xf32>) -> tensor<4xf32>
  %16 = webnn.gelu %15 : (tensor<4xf32>) -> tensor<4xf32>
  %17 = webnn.hardSwish %16 : (tensor<4xf32>) -> tensor<4xf32>
  %18 = webnn.softplus %17 : (tensor<4xf32>) -> tensor<4xf32>
  %19 = webnn.softsign %18 : (tensor<4xf32>) -> tensor<4xf32>
  %20 = webnn.abs %i : (tensor<4xi32>) -> tensor<4xi32>
  return %19 : tensor<4xf32>
}

// CHECK-LABEL: func.func @unary_with_attrs
// CHECK: webnn.clamp %{{.*}} : (tensor<4xf32>) -> tensor<4xf32>
// CHECK: webnn.clamp %{{.*}} {max_value = 6.000000e+00 : f64, min_value = 0.000000e+00 : f64}
// CHECK: webnn.leakyRelu %{{.*}} : (tensor<4xf32>)
// CHECK: webnn.leakyRelu %{{.*}} {alpha = 1.000000e-01 : f64}
// CHECK: webnn.elu %{{.*}} {alpha = 2.000000e+00 : f64}
// CHECK: webnn.hardSigmoid %{{.*}} {alpha = 1.000000e+00 : f64, beta = 0.000000e+00 : f64}
// CHECK: webnn.linear %{{.*}} {alpha = 2.000000e+00 : f64, beta = 3.000000e+00 : f64}
// CHECK: webnn.softmax %{{.*}} {axis = 1 : i64} : (tensor<2x4xf32>) -> tensor<2x4xf32>
// CHECK: webnn.cast %{{.*}} {data_type = i32} : (tensor<4xf32>) -> tensor<4xi32>
// CHECK: webnn.cast %{{.*}} {data_type = f16} : (tensor<4xf32>) -> tensor<4xf16>
// CHECK: webnn.cast %{{.*}} {data_type = ui8} : (tensor<4xf32>) -> tensor<4xui8>
// CHECK: webnn.prelu %{{.*}}, %{{.*}} : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
func.func @unary_with_attrs(%x: tensor<4xf32>, %m: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %0 = webnn.clamp %x : (tensor<4xf32>) -> tensor<4xf32>
  %1 = webnn.clamp %x {min_value = 0.0 : f64, max_value = 6.0 : f64} : (tensor<4xf32>) -> tensor<4xf32>
  %2 = webnn.leakyRelu %x : (tensor<4xf32>) -> tensor<4xf32>
  %3 = webnn.leakyRelu %x {alpha = 0.1 : f64} : (tensor<4xf32>) -> tensor<4xf32>
  %4 = webnn.elu %x {alpha = 2.0 : f64} : (tensor<4xf32>) -> tensor<4xf32>
  %5 = webnn.hardSigmoid %x {alpha = 1.0 : f64, beta = 0.0 : f64} : (tensor<4xf32>) -> tensor<4xf32>
  %6 = webnn.linear %x {alpha = 2.0 : f64, beta = 3.0 : f64} : (tensor<4xf32>) -> tensor<4xf32>
  %7 = webnn.softmax %m {axis = 1 : i64} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %8 = webnn.cast %x {data_type = i32} : (tensor<4xf32>) -> tensor<4xi32>
  %9 = webnn.cast %x {data_type = f16} : (tensor<4xf32>) -> tensor<4xf16>
  %10 = webnn.cast %x {data_type = ui8} : (tensor<4xf32>) -> tensor<4xui8>
  %11 = webnn.prelu %m, %x : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %11 : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @conv2d
// CHECK: webnn.conv2d %{{.*}}, %{{.*}} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
// CHECK-NOT: groups = 1
// CHECK: webnn.conv2d %{{.*}}, %{{.*}} bias %{{.*}} {dilations = array<i64: 2, 2>, padding = array<i64: 1, 1, 2, 2>, strides = array<i64: 2, 1>}
// CHECK-SAME: (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x3x8xf32>
// CHECK: webnn.conv2d %{{.*}}, %{{.*}} {filter_layout = "ohwi", groups = 3 : i64, input_layout = "nhwc"} : (tensor<1x8x8x3xf32>, tensor<6x3x3x1xf32>) -> tensor<1x6x6x6xf32>
// CHECK: webnn.conv2d %{{.*}}, %{{.*}} {filter_layout = "hwio", input_layout = "nhwc"} : (tensor<1x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<1x6x6x4xf32>
// CHECK: webnn.conv2d %{{.*}}, %{{.*}} {filter_layout = "ihwo"} : (tensor<1x3x8x8xf32>, tensor<3x3x3x4xf32>) -> tensor<1x4x6x6xf32>
func.func @conv2d(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>,
                  %xh: tensor<1x8x8x3xf32>, %dw: tensor<6x3x3x1xf32>, %hwio: tensor<3x3x3x4xf32>)
    -> tensor<1x4x6x6xf32> {
  %0 = webnn.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  %1 = webnn.conv2d %x, %w bias %b {padding = array<i64: 1, 1, 2, 2>, strides = array<i64: 2, 1>, dilations = array<i64: 2, 2>, groups = 1 : i64}
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x3x8xf32>
  %2 = webnn.conv2d %xh, %dw {input_layout = "nhwc", filter_layout = "ohwi", groups = 3 : i64}
      : (tensor<1x8x8x3xf32>, tensor<6x3x3x1xf32>) -> tensor<1x6x6x6xf32>
  %3 = webnn.conv2d %xh, %hwio {input_layout = "nhwc", filter_layout = "hwio"}
      : (tensor<1x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<1x6x6x4xf32>
  %4 = webnn.conv2d %x, %hwio {filter_layout = "ihwo"}
      : (tensor<1x3x8x8xf32>, tensor<3x3x3x4xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// CHECK-LABEL: func.func @pool2d
// CHECK: webnn.averagePool2d %{{.*}} : (tensor<1x3x8x8xf32>) -> tensor<1x3x1x1xf32>
// CHECK: webnn.averagePool2d %{{.*}} {padding = array<i64: 1, 1, 1, 1>, rounding_type = "ceil", strides = array<i64: 2, 2>, window_dimensions = array<i64: 3, 3>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x5x5xf32>
// CHECK: webnn.maxPool2d %{{.*}} {dilations = array<i64: 2, 2>, layout = "nhwc", window_dimensions = array<i64: 2, 2>} : (tensor<1x8x8x3xf32>) -> tensor<1x6x6x3xf32>
// CHECK: webnn.maxPool2d %{{.*}} {output_sizes = array<i64: 4, 4>, strides = array<i64: 2, 2>, window_dimensions = array<i64: 3, 3>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
func.func @pool2d(%x: tensor<1x3x8x8xf32>, %xh: tensor<1x8x8x3xf32>) -> tensor<1x3x1x1xf32> {
  %0 = webnn.averagePool2d %x : (tensor<1x3x8x8xf32>) -> tensor<1x3x1x1xf32>
  %1 = webnn.averagePool2d %x {window_dimensions = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>, rounding_type = "ceil"}
      : (tensor<1x3x8x8xf32>) -> tensor<1x3x5x5xf32>
  %2 = webnn.maxPool2d %xh {window_dimensions = array<i64: 2, 2>, dilations = array<i64: 2, 2>, layout = "nhwc"}
      : (tensor<1x8x8x3xf32>) -> tensor<1x6x6x3xf32>
  %3 = webnn.maxPool2d %x {window_dimensions = array<i64: 3, 3>, strides = array<i64: 2, 2>, output_sizes = array<i64: 4, 4>}
      : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x1x1xf32>
}

// CHECK-LABEL: func.func @normalization
// CHECK: webnn.batchNormalization %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
// CHECK: webnn.batchNormalization %{{.*}}, %{{.*}}, %{{.*}} scale %{{.*}} bias %{{.*}} {axis = 3 : i64, epsilon = 1.000000e-03 : f64} : (tensor<2x4x4x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x4x4x3xf32>
// CHECK: webnn.batchNormalization %{{.*}}, %{{.*}}, %{{.*}} bias %{{.*}} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
// CHECK: webnn.instanceNormalization %{{.*}} : (tensor<2x3x4x4xf32>) -> tensor<2x3x4x4xf32>
// CHECK: webnn.instanceNormalization %{{.*}} scale %{{.*}} bias %{{.*}} {epsilon = 1.000000e-02 : f64, layout = "nhwc"} : (tensor<2x4x4x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x4x4x3xf32>
// CHECK: webnn.layerNormalization %{{.*}} {axes = array<i64: 3>} : (tensor<2x3x4x4xf32>) -> tensor<2x3x4x4xf32>
// CHECK: webnn.layerNormalization %{{.*}} scale %{{.*}} bias %{{.*}} {axes = array<i64: 2, 3>, epsilon = 5.000000e-01 : f64} : (tensor<2x3x4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<2x3x4x4xf32>
// CHECK: webnn.layerNormalization %{{.*}} scale %{{.*}} {axes = array<i64: 3, 1>} : (tensor<2x3x4x4xf32>, tensor<4x3xf32>) -> tensor<2x3x4x4xf32>
func.func @normalization(%x: tensor<2x3x4x4xf32>, %xh: tensor<2x4x4x3xf32>, %v: tensor<3xf32>,
                         %s: tensor<4x4xf32>, %s2: tensor<4x3xf32>) -> tensor<2x3x4x4xf32> {
  %0 = webnn.batchNormalization %x, %v, %v : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
  %1 = webnn.batchNormalization %xh, %v, %v scale %v bias %v {axis = 3 : i64, epsilon = 1.0e-3 : f64}
      : (tensor<2x4x4x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x4x4x3xf32>
  %2 = webnn.batchNormalization %x, %v, %v bias %v : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
  %3 = webnn.instanceNormalization %x : (tensor<2x3x4x4xf32>) -> tensor<2x3x4x4xf32>
  %4 = webnn.instanceNormalization %xh scale %v bias %v {layout = "nhwc", epsilon = 1.0e-2 : f64}
      : (tensor<2x4x4x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x4x4x3xf32>
  %5 = webnn.layerNormalization %x {axes = array<i64: 3>} : (tensor<2x3x4x4xf32>) -> tensor<2x3x4x4xf32>
  %6 = webnn.layerNormalization %x scale %s bias %s {axes = array<i64: 2, 3>, epsilon = 0.5 : f64}
      : (tensor<2x3x4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<2x3x4x4xf32>
  %7 = webnn.layerNormalization %x scale %s2 {axes = array<i64: 3, 1>}
      : (tensor<2x3x4x4xf32>, tensor<4x3xf32>) -> tensor<2x3x4x4xf32>
  return %0 : tensor<2x3x4x4xf32>
}

// CHECK-LABEL: func.func @matmul_gemm
// CHECK: webnn.matmul %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
// CHECK: webnn.matmul %{{.*}}, %{{.*}} : (tensor<5x1x2x3xf32>, tensor<6x3x4xf32>) -> tensor<5x6x2x4xf32>
// CHECK: webnn.gemm %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
// CHECK: webnn.gemm %{{.*}}, %{{.*}} c %{{.*}} {a_transpose = true, alpha = 5.000000e-01 : f64, b_transpose = true, beta = 2.000000e+00 : f64} : (tensor<3x2xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>
func.func @matmul_gemm(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %ba: tensor<5x1x2x3xf32>,
                       %bb: tensor<6x3x4xf32>, %at: tensor<3x2xf32>, %bt: tensor<4x3xf32>,
                       %c: tensor<4xf32>) -> tensor<2x4xf32> {
  %0 = webnn.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %1 = webnn.matmul %ba, %bb : (tensor<5x1x2x3xf32>, tensor<6x3x4xf32>) -> tensor<5x6x2x4xf32>
  %2 = webnn.gemm %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %3 = webnn.gemm %at, %bt c %c {alpha = 0.5 : f64, beta = 2.0 : f64, a_transpose = true, b_transpose = true}
      : (tensor<3x2xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %3 : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @reduction
// CHECK: webnn.reduceMax %{{.*}} {axes = array<i64: 1>} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
// CHECK: webnn.reduceMean %{{.*}} {axes = array<i64: 0, 2>, keep_dimensions = true} : (tensor<2x3x4xf32>) -> tensor<1x3x1xf32>
// CHECK: webnn.reduceMin %{{.*}} {axes = array<i64>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// CHECK: webnn.reduceSum %{{.*}} {axes = array<i64: 0, 1, 2>} : (tensor<2x3x4xf32>) -> tensor<f32>
// CHECK: webnn.reduceSum %{{.*}} {axes = array<i64: 0>} : (tensor<4xi32>) -> tensor<i32>
func.func @reduction(%x: tensor<2x3x4xf32>, %i: tensor<4xi32>) -> tensor<f32> {
  %0 = webnn.reduceMax %x {axes = array<i64: 1>} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  %1 = webnn.reduceMean %x {axes = array<i64: 0, 2>, keep_dimensions = true} : (tensor<2x3x4xf32>) -> tensor<1x3x1xf32>
  %2 = webnn.reduceMin %x {axes = array<i64>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %3 = webnn.reduceSum %x {axes = array<i64: 0, 1, 2>} : (tensor<2x3x4xf32>) -> tensor<f32>
  %4 = webnn.reduceSum %i {axes = array<i64: 0>} : (tensor<4xi32>) -> tensor<i32>
  return %3 : tensor<f32>
}

// CHECK-LABEL: func.func @shape
// CHECK: webnn.reshape %{{.*}} {new_shape = array<i64: 6, 4>} : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
// CHECK: webnn.transpose %{{.*}} {permutation = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
// CHECK: webnn.concat %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x1x4xf32>) -> tensor<2x4x4xf32>
// CHECK: webnn.slice %{{.*}} {sizes = array<i64: 1, 2, 4>, starts = array<i64: 1, 1, 0>} : (tensor<2x3x4xf32>) -> tensor<1x2x4xf32>
// CHECK: webnn.slice %{{.*}} {sizes = array<i64: 2, 3, 4>, starts = array<i64: 0, 0, 0>, strides = array<i64: 1, 2, 3>} : (tensor<2x3x4xf32>) -> tensor<2x2x2xf32>
// CHECK: webnn.split %{{.*}} {axis = 2 : i64, splits = array<i64: 1, 3>} : (tensor<2x3x4xf32>) -> (tensor<2x3x1xf32>, tensor<2x3x3xf32>)
// CHECK: webnn.split %{{.*}} {splits = array<i64: 2>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// CHECK: webnn.pad %{{.*}} {beginning_padding = array<i64: 0, 1, 2>, ending_padding = array<i64: 1, 0, 0>} : (tensor<2x3x4xf32>) -> tensor<3x4x6xf32>
// CHECK: webnn.pad %{{.*}} {beginning_padding = array<i64: 0, 2, 3>, ending_padding = array<i64: 1, 2, 3>, mode = "reflection"} : (tensor<2x3x4xf32>) -> tensor<3x7x10xf32>
// CHECK: webnn.pad %{{.*}} {beginning_padding = array<i64: 1, 1, 1>, ending_padding = array<i64: 1, 1, 1>, mode = "edge"}
// CHECK: webnn.pad %{{.*}} {beginning_padding = array<i64: 2, 3, 4>, ending_padding = array<i64: 0, 0, 0>, mode = "symmetric"}
// CHECK: webnn.pad %{{.*}} {beginning_padding = array<i64: 1, 0, 0>, ending_padding = array<i64: 0, 0, 0>, value = 2.500000e+00 : f64}
// CHECK: webnn.expand %{{.*}} {new_shape = array<i64: 5, 2, 3, 4>} : (tensor<2x3x4xf32>) -> tensor<5x2x3x4xf32>
// CHECK: webnn.gather %{{.*}}, %{{.*}} : (tensor<2x3x4xf32>, tensor<5xi32>) -> tensor<5x3x4xf32>
// CHECK: webnn.gather %{{.*}}, %{{.*}} {axis = 2 : i64} : (tensor<2x3x4xf32>, tensor<2x2xi64>) -> tensor<2x3x2x2xf32>
// CHECK: webnn.gather %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<ui32>) -> tensor<2x4xf32>
func.func @shape(%x: tensor<2x3x4xf32>, %y: tensor<2x1x4xf32>, %i: tensor<5xi32>,
                 %j: tensor<2x2xi64>, %k: tensor<ui32>) -> tensor<6x4xf32> {
  %0 = webnn.reshape %x {new_shape = array<i64: 6, 4>} : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  %1 = webnn.transpose %x {permutation = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  %2 = webnn.concat %x, %y {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x1x4xf32>) -> tensor<2x4x4xf32>
  %3 = webnn.slice %x {starts = array<i64: 1, 1, 0>, sizes = array<i64: 1, 2, 4>} : (tensor<2x3x4xf32>) -> tensor<1x2x4xf32>
  %4 = webnn.slice %x {starts = array<i64: 0, 0, 0>, sizes = array<i64: 2, 3, 4>, strides = array<i64: 1, 2, 3>} : (tensor<2x3x4xf32>) -> tensor<2x2x2xf32>
  %5:2 = webnn.split %x {splits = array<i64: 1, 3>, axis = 2 : i64} : (tensor<2x3x4xf32>) -> (tensor<2x3x1xf32>, tensor<2x3x3xf32>)
  %6 = webnn.split %x {splits = array<i64: 2>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %7 = webnn.pad %x {beginning_padding = array<i64: 0, 1, 2>, ending_padding = array<i64: 1, 0, 0>} : (tensor<2x3x4xf32>) -> tensor<3x4x6xf32>
  %8 = webnn.pad %x {beginning_padding = array<i64: 0, 2, 3>, ending_padding = array<i64: 1, 2, 3>, mode = "reflection"} : (tensor<2x3x4xf32>) -> tensor<3x7x10xf32>
  %9 = webnn.pad %x {beginning_padding = array<i64: 1, 1, 1>, ending_padding = array<i64: 1, 1, 1>, mode = "edge"} : (tensor<2x3x4xf32>) -> tensor<4x5x6xf32>
  %10 = webnn.pad %x {beginning_padding = array<i64: 2, 3, 4>, ending_padding = array<i64: 0, 0, 0>, mode = "symmetric"} : (tensor<2x3x4xf32>) -> tensor<4x6x8xf32>
  %11 = webnn.pad %x {beginning_padding = array<i64: 1, 0, 0>, ending_padding = array<i64: 0, 0, 0>, value = 2.5 : f64} : (tensor<2x3x4xf32>) -> tensor<3x3x4xf32>
  %12 = webnn.expand %x {new_shape = array<i64: 5, 2, 3, 4>} : (tensor<2x3x4xf32>) -> tensor<5x2x3x4xf32>
  %13 = webnn.gather %x, %i : (tensor<2x3x4xf32>, tensor<5xi32>) -> tensor<5x3x4xf32>
  %14 = webnn.gather %x, %j {axis = 2 : i64} : (tensor<2x3x4xf32>, tensor<2x2xi64>) -> tensor<2x3x2x2xf32>
  %15 = webnn.gather %x, %k {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<ui32>) -> tensor<2x4xf32>
  return %0 : tensor<6x4xf32>
}

// CHECK-LABEL: func.func @graph
// CHECK-SAME: (%{{.*}}: tensor<1x4xf32> {webnn.name = "x"}) -> (tensor<1x4xf32> {webnn.name = "y"})
func.func @graph(%x: tensor<1x4xf32> {webnn.name = "x"}) -> (tensor<1x4xf32> {webnn.name = "y"}) {
  %0 = webnn.relu %x : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

// Comparisons and predicates give uint8; logical ops take uint8; where
// broadcasts all three operands.

// CHECK-LABEL: func.func @comparisons
// CHECK: webnn.equal %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xui8>
// CHECK: webnn.notEqual
// CHECK: webnn.greater
// CHECK: webnn.greaterOrEqual
// CHECK: webnn.lesser
// CHECK: webnn.lesserOrEqual %{{.*}}, %{{.*}} : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui8>
// CHECK: webnn.logicalAnd
// CHECK: webnn.logicalOr
// CHECK: webnn.logicalXor
// CHECK: webnn.logicalNot %{{.*}} : (tensor<2x3xui8>) -> tensor<2x3xui8>
// CHECK: webnn.isNaN %{{.*}} : (tensor<3xf16>) -> tensor<3xui8>
// CHECK: webnn.isInfinite
// CHECK: webnn.where %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x1xui8>, tensor<3xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
// CHECK: webnn.sign %{{.*}} : (tensor<4xi64>) -> tensor<4xi64>
// CHECK: webnn.roundEven %{{.*}} : (tensor<3xf16>) -> tensor<3xf16>
func.func @comparisons(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %u: tensor<4xui32>, %h: tensor<3xf16>, %c: tensor<2x1xui8>, %f: tensor<1x3xf32>, %i: tensor<4xi64>) {
  %0 = webnn.equal %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xui8>
  %1 = webnn.notEqual %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xui8>
  %2 = webnn.greater %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xui8>
  %3 = webnn.greaterOrEqual %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xui8>
  %4 = webnn.lesser %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xui8>
  %5 = webnn.lesserOrEqual %u, %u : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui8>
  %6 = webnn.logicalAnd %0, %1 : (tensor<2x3xui8>, tensor<2x3xui8>) -> tensor<2x3xui8>
  %7 = webnn.logicalOr %0, %1 : (tensor<2x3xui8>, tensor<2x3xui8>) -> tensor<2x3xui8>
  %8 = webnn.logicalXor %0, %1 : (tensor<2x3xui8>, tensor<2x3xui8>) -> tensor<2x3xui8>
  %9 = webnn.logicalNot %8 : (tensor<2x3xui8>) -> tensor<2x3xui8>
  %10 = webnn.isNaN %h : (tensor<3xf16>) -> tensor<3xui8>
  %11 = webnn.isInfinite %h : (tensor<3xf16>) -> tensor<3xui8>
  %12 = webnn.where %c, %b, %f : (tensor<2x1xui8>, tensor<3xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
  %13 = webnn.sign %i : (tensor<4xi64>) -> tensor<4xi64>
  %14 = webnn.roundEven %h : (tensor<3xf16>) -> tensor<3xf16>
  return
}

// CHECK-LABEL: func.func @reductions
// CHECK: webnn.reduceL1 %{{.*}} {axes = array<i64: 1>} : (tensor<2x3xi32>) -> tensor<2xi32>
// CHECK: webnn.reduceL2 %{{.*}} {axes = array<i64: 0, 1>, keep_dimensions = true} : (tensor<2x3xf16>) -> tensor<1x1xf16>
// CHECK: webnn.reduceLogSum
// CHECK: webnn.reduceLogSumExp
// CHECK: webnn.reduceProduct
// CHECK: webnn.reduceSumSquare %{{.*}} {axes = array<i64>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @reductions(%i: tensor<2x3xi32>, %h: tensor<2x3xf16>, %f: tensor<2x3xf32>) {
  %0 = webnn.reduceL1 %i {axes = array<i64: 1>} : (tensor<2x3xi32>) -> tensor<2xi32>
  %1 = webnn.reduceL2 %h {axes = array<i64: 0, 1>, keep_dimensions = true} : (tensor<2x3xf16>) -> tensor<1x1xf16>
  %2 = webnn.reduceLogSum %f {axes = array<i64: 0>} : (tensor<2x3xf32>) -> tensor<3xf32>
  %3 = webnn.reduceLogSumExp %f {axes = array<i64: 0>} : (tensor<2x3xf32>) -> tensor<3xf32>
  %4 = webnn.reduceProduct %i {axes = array<i64: 0>} : (tensor<2x3xi32>) -> tensor<3xi32>
  %5 = webnn.reduceSumSquare %f {axes = array<i64>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// CHECK-LABEL: func.func @arg_reductions
// CHECK: webnn.argMin %{{.*}} {axis = 1 : i64, output_data_type = i32} : (tensor<2x3xf32>) -> tensor<2xi32>
// CHECK: webnn.argMax %{{.*}} {axis = 0 : i64, keep_dimensions = true, output_data_type = i64} : (tensor<2x3xui8>) -> tensor<1x3xi64>
func.func @arg_reductions(%f: tensor<2x3xf32>, %u: tensor<2x3xui8>) {
  %0 = webnn.argMin %f {axis = 1 : i64, output_data_type = i32} : (tensor<2x3xf32>) -> tensor<2xi32>
  %1 = webnn.argMax %u {axis = 0 : i64, keep_dimensions = true, output_data_type = i64} : (tensor<2x3xui8>) -> tensor<1x3xi64>
  return
}

// CHECK-LABEL: func.func @indexing
// CHECK: webnn.gatherElements %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xi32>) -> tensor<2x5xf32>
// CHECK: webnn.gatherND %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<4x1xi64>) -> tensor<4x3xf32>
// CHECK: webnn.scatterElements %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<1x3xui32>, tensor<1x3xf32>) -> tensor<2x3xf32>
// CHECK: webnn.scatterND %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<4x2xi64>, tensor<4xf32>) -> tensor<2x3xf32>
// CHECK: webnn.reverse %{{.*}} {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK: webnn.tile %{{.*}} {repetitions = array<i64: 2, 3>} : (tensor<2x3xf32>) -> tensor<4x9xf32>
// CHECK: webnn.triangular %{{.*}} {diagonal = -1 : i64, upper = false} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK: webnn.cumulativeSum %{{.*}} {axis = 1 : i64, exclusive = true, reversed = true} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @indexing(%x: tensor<2x3xf32>, %i: tensor<2x5xi32>, %j: tensor<4x1xi64>,
                    %k: tensor<1x3xui32>, %u: tensor<1x3xf32>, %m: tensor<4x2xi64>,
                    %v: tensor<4xf32>) {
  %0 = webnn.gatherElements %x, %i {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xi32>) -> tensor<2x5xf32>
  %1 = webnn.gatherND %x, %j : (tensor<2x3xf32>, tensor<4x1xi64>) -> tensor<4x3xf32>
  %2 = webnn.scatterElements %x, %k, %u : (tensor<2x3xf32>, tensor<1x3xui32>, tensor<1x3xf32>) -> tensor<2x3xf32>
  %3 = webnn.scatterND %x, %m, %v : (tensor<2x3xf32>, tensor<4x2xi64>, tensor<4xf32>) -> tensor<2x3xf32>
  %4 = webnn.reverse %x {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %5 = webnn.tile %x {repetitions = array<i64: 2, 3>} : (tensor<2x3xf32>) -> tensor<4x9xf32>
  %6 = webnn.triangular %x {upper = false, diagonal = -1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %7 = webnn.cumulativeSum %x {axis = 1 : i64, exclusive = true, reversed = true} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// CHECK-LABEL: func.func @l2_pool
// CHECK: webnn.l2Pool2d %{{.*}} {padding = array<i64: 1, 0, 0, 1>, strides = array<i64: 2, 2>, window_dimensions = array<i64: 3, 3>} : (tensor<1x2x5x5xf16>) -> tensor<1x2x2x2xf16>
func.func @l2_pool(%x: tensor<1x2x5x5xf16>) {
  %0 = webnn.l2Pool2d %x {window_dimensions = array<i64: 3, 3>, padding = array<i64: 1, 0, 0, 1>, strides = array<i64: 2, 2>} : (tensor<1x2x5x5xf16>) -> tensor<1x2x2x2xf16>
  return
}

// CHECK-LABEL: func.func @resample
// CHECK: webnn.resample2d %{{.*}} {mode = "linear", scales = array<f64: 2.000000e+00, 1.500000e+00>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x8x6xf32>
// CHECK: webnn.resample2d %{{.*}} {axes = array<i64: 1, 2>, sizes = array<i64: 5, 7>} : (tensor<1x4x4x3xf16>) -> tensor<1x5x7x3xf16>
func.func @resample(%x: tensor<1x3x4x4xf32>, %y: tensor<1x4x4x3xf16>) {
  %0 = webnn.resample2d %x {mode = "linear", scales = array<f64: 2.0, 1.5>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x8x6xf32>
  %1 = webnn.resample2d %y {sizes = array<i64: 5, 7>, axes = array<i64: 1, 2>} : (tensor<1x4x4x3xf16>) -> tensor<1x5x7x3xf16>
  return
}

// CHECK-LABEL: func.func @quantization
// CHECK: webnn.quantizeLinear %{{.*}}, %{{.*}}, %{{.*}} : (tensor<4x6xf32>, tensor<2x3xf32>, tensor<2x3xi4>) -> tensor<4x6xi4>
// CHECK: webnn.dequantizeLinear %{{.*}}, %{{.*}}, %{{.*}} : (tensor<4x6xi4>, tensor<6xf16>, tensor<6xi4>) -> tensor<4x6xf16>
func.func @quantization(%x: tensor<4x6xf32>, %s: tensor<2x3xf32>, %z: tensor<2x3xi4>, %t: tensor<6xf16>, %w: tensor<6xi4>) {
  %0 = webnn.quantizeLinear %x, %s, %z : (tensor<4x6xf32>, tensor<2x3xf32>, tensor<2x3xi4>) -> tensor<4x6xi4>
  %1 = webnn.dequantizeLinear %0, %t, %w : (tensor<4x6xi4>, tensor<6xf16>, tensor<6xi4>) -> tensor<4x6xf16>
  return
}

// CHECK-LABEL: func.func @conv_transpose
// CHECK: webnn.convTranspose2d %{{.*}}, %{{.*}} bias %{{.*}} {output_padding = array<i64: 1, 0>, strides = array<i64: 2, 2>} : (tensor<1x3x4x4xf32>, tensor<3x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x10x9xf32>
func.func @conv_transpose(%x: tensor<1x3x4x4xf32>, %w: tensor<3x2x3x3xf32>, %b: tensor<2xf32>) {
  %0 = webnn.convTranspose2d %x, %w bias %b {strides = array<i64: 2, 2>, output_padding = array<i64: 1, 0>} : (tensor<1x3x4x4xf32>, tensor<3x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x10x9xf32>
  return
}
