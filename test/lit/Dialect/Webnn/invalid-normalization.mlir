// RUN: webnn-opt %s -split-input-file -verify-diagnostics

func.func @bn_type(%x: tensor<2x3xi32>, %m: tensor<3xi32>) {
  // expected-error @below {{input: data type int32 is not supported here (expected float32 or float16)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.batchNormalization %x, %m, %m : (tensor<2x3xi32>, tensor<3xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  return
}

// -----

func.func @bn_axis(%x: tensor<2x3xf32>, %m: tensor<3xf32>) {
  // expected-error @below {{axis: 2 is out of range for rank 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.batchNormalization %x, %m, %m {axis = 2 : i64} : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @bn_mean_size(%x: tensor<2x3xf32>, %m: tensor<2xf32>, %v: tensor<3xf32>) {
  // expected-error @below {{mean: expected shape [3] but got [2]}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.batchNormalization %x, %m, %v : (tensor<2x3xf32>, tensor<2xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @bn_variance_rank(%x: tensor<2x3xf32>, %m: tensor<3xf32>, %v: tensor<1x3xf32>) {
  // expected-error @below {{variance: expected shape [3] but got [1, 3]}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.batchNormalization %x, %m, %v : (tensor<2x3xf32>, tensor<3xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @bn_mean_type(%x: tensor<2x3xf32>, %m: tensor<3xf16>, %v: tensor<3xf32>) {
  // expected-error @below {{mean: data type float16 does not match the input's float32}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.batchNormalization %x, %m, %v : (tensor<2x3xf32>, tensor<3xf16>, tensor<3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @bn_scale(%x: tensor<2x3xf32>, %m: tensor<3xf32>, %s: tensor<4xf32>) {
  // expected-error @below {{scale: expected shape [3] but got [4]}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.batchNormalization %x, %m, %m scale %s : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @bn_bias(%x: tensor<2x3xf32>, %m: tensor<2xf32>) {
  // expected-error @below {{bias: expected shape [2] but got [2, 3]}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.batchNormalization %x, %m, %m bias %x {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @in_type(%x: tensor<2x3x4x4xf16>, %s: tensor<3xf32>) {
  // expected-error @below {{scale: data type float32 does not match the input's float16}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.instanceNormalization %x scale %s : (tensor<2x3x4x4xf16>, tensor<3xf32>) -> tensor<2x3x4x4xf16>
  return
}

// -----

func.func @in_rank(%x: tensor<2x3x4xf32>) {
  // expected-error @below {{input: expected a 4-D tensor but got rank 3}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.instanceNormalization %x : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @in_int(%x: tensor<2x3x4x4xi32>) {
  // expected-error @below {{input: data type int32 is not supported here (expected float32 or float16)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.instanceNormalization %x : (tensor<2x3x4x4xi32>) -> tensor<2x3x4x4xi32>
  return
}

// -----

func.func @in_layout(%x: tensor<2x3x4x4xf32>) {
  // expected-error @below {{layout: 'nchwc' is not 'nchw' or 'nhwc'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.instanceNormalization %x {layout = "nchwc"} : (tensor<2x3x4x4xf32>) -> tensor<2x3x4x4xf32>
  return
}

// -----

func.func @in_scale_nhwc(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>) {
  // expected-error @below {{scale: expected shape [4] but got [3]}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.instanceNormalization %x scale %s {layout = "nhwc"} : (tensor<2x3x4x4xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
  return
}

// -----

func.func @in_bias(%x: tensor<2x3x4x4xf32>, %s: tensor<4xf32>) {
  // expected-error @below {{bias: expected shape [3] but got [4]}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.instanceNormalization %x bias %s : (tensor<2x3x4x4xf32>, tensor<4xf32>) -> tensor<2x3x4x4xf32>
  return
}

// -----

func.func @ln_int(%x: tensor<2x3xi32>) {
  // expected-error @below {{input: data type int32 is not supported here (expected float32 or float16)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.layerNormalization %x {axes = array<i64: 1>} : (tensor<2x3xi32>) -> tensor<2x3xi32>
  return
}

// -----

func.func @ln_axis_range(%x: tensor<2x3xf32>) {
  // expected-error @below {{axes: axis 2 is out of range for rank 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.layerNormalization %x {axes = array<i64: 2>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @ln_axis_negative(%x: tensor<2x3xf32>) {
  // expected-error @below {{axes: axis -1 is out of range for rank 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.layerNormalization %x {axes = array<i64: -1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @ln_axis_repeated(%x: tensor<2x3xf32>) {
  // expected-error @below {{axes: axis 1 is repeated}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.layerNormalization %x {axes = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @ln_scale_shape(%x: tensor<2x3x4x4xf32>, %s: tensor<4x3xf32>) {
  // expected-error @below {{scale: expected shape [3, 4] (the input's dims at axes) but got [4, 3]}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.layerNormalization %x scale %s {axes = array<i64: 1, 2>} : (tensor<2x3x4x4xf32>, tensor<4x3xf32>) -> tensor<2x3x4x4xf32>
  return
}

// -----

func.func @ln_bias_type(%x: tensor<2x3x4x4xf32>, %s: tensor<4xf16>) {
  // expected-error @below {{bias: data type float16 does not match the input's float32}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.layerNormalization %x bias %s {axes = array<i64: 3>} : (tensor<2x3x4x4xf32>, tensor<4xf16>) -> tensor<2x3x4x4xf32>
  return
}

