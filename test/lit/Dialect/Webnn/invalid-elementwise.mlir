// RUN: webnn-opt %s -split-input-file -verify-diagnostics

func.func @add_type(%a: tensor<2xi1>, %b: tensor<2xi1>) {
  // expected-error @below {{a: data type int1 is not supported here (expected float32, float16, int32, uint32, int64, uint64, int8, uint8, int4 or uint4)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.add %a, %b : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  return
}

// -----

func.func @add_si(%a: tensor<2xsi32>, %b: tensor<2xsi32>) {
  // expected-error @below {{a: data type int32 is not supported here}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.add %a, %b : (tensor<2xsi32>, tensor<2xsi32>) -> tensor<2xsi32>
  return
}

// -----

func.func @binary_type_mismatch(%a: tensor<2xf32>, %b: tensor<2xf16>) {
  // expected-error @below {{'webnn.max' op requires the same element type for all operands}}
  %0 = webnn.max %a, %b : (tensor<2xf32>, tensor<2xf16>) -> tensor<2xf32>
  return
}

// -----

func.func @broadcast(%a: tensor<2x3xf32>, %b: tensor<4xf32>) {
  // expected-error @below {{b: shape [4] cannot be broadcast with a's shape [2, 3]}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.sub %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @broadcast_mul(%a: tensor<2x3xf32>, %b: tensor<3x3xf32>) {
  // expected-error @below {{b: shape [3, 3] cannot be broadcast with a's shape [2, 3]}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.mul %a, %b : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @result_mismatch(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  // expected-error @below {{'webnn.div' op inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.div %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @unary_float_only(%x: tensor<4xi32>) {
  // expected-error @below {{input: data type int32 is not supported here (expected float32 or float16)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.exp %x : (tensor<4xi32>) -> tensor<4xi32>
  return
}

// -----

func.func @relu_unsigned(%x: tensor<4xui8>) {
  // expected-error @below {{input: data type uint8 is not supported here (expected float32, float16, int32, int64, int8 or int4)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.relu %x : (tensor<4xui8>) -> tensor<4xui8>
  return
}

// -----

func.func @abs_unsigned(%x: tensor<4xui32>) {
  // expected-error @below {{input: data type uint32 is not supported here (expected float32, float16, int32, int64, int8 or int4)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.abs %x : (tensor<4xui32>) -> tensor<4xui32>
  return
}

// -----

func.func @f64(%x: tensor<4xf64>) {
  // expected-error @below {{input: data type f64 is not supported here (expected float32 or float16)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.sqrt %x : (tensor<4xf64>) -> tensor<4xf64>
  return
}

// -----

func.func @identity_i16(%x: tensor<4xi16>) {
  // expected-error @below {{input: data type int16 is not supported here}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.identity %x : (tensor<4xi16>) -> tensor<4xi16>
  return
}

// -----

func.func @leaky_int(%x: tensor<4xi32>) {
  // expected-error @below {{input: data type int32 is not supported here (expected float32 or float16)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.leakyRelu %x {alpha = 0.5 : f64} : (tensor<4xi32>) -> tensor<4xi32>
  return
}

// -----

func.func @clamp_min_gt_max(%x: tensor<4xf32>) {
  // expected-error @below {{options: minValue 2.000000 is greater than maxValue 1.000000}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.clamp %x {min_value = 2.0 : f64, max_value = 1.0 : f64} : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @clamp_nan(%x: tensor<4xf32>) {
  // expected-error @below {{options: minValue and maxValue must not be NaN}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.clamp %x {min_value = 0x7FF8000000000000 : f64} : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @softmax_axis(%x: tensor<2x4xf32>) {
  // expected-error @below {{axis: 2 is out of range for rank 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.softmax %x {axis = 2 : i64} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @softmax_negative_axis(%x: tensor<2x4xf32>) {
  // expected-error @below {{axis: -1 is out of range for rank 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.softmax %x {axis = -1 : i64} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @softmax_int(%x: tensor<2x4xi32>) {
  // expected-error @below {{input: data type int32 is not supported here (expected float32 or float16)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.softmax %x {axis = 1 : i64} : (tensor<2x4xi32>) -> tensor<2x4xi32>
  return
}

// -----

func.func @cast_f64(%x: tensor<4xf32>) {
  // expected-error @below {{type: f64 is not a WebNN data type}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.cast %x {data_type = f64} : (tensor<4xf32>) -> tensor<4xf64>
  return
}

// -----

func.func @cast_i16(%x: tensor<4xf32>) {
  // expected-error @below {{type: int16 is not a WebNN data type}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.cast %x {data_type = i16} : (tensor<4xf32>) -> tensor<4xi16>
  return
}

// -----

func.func @cast_signed(%x: tensor<4xf32>) {
  // expected-error @below {{type: int32 is not a WebNN data type}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.cast %x {data_type = si32} : (tensor<4xf32>) -> tensor<4xsi32>
  return
}

// -----

func.func @cast_bad_input(%x: tensor<4xbf16>) {
  // expected-error @below {{input: data type bf16 is not supported here}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.cast %x {data_type = f32} : (tensor<4xbf16>) -> tensor<4xf32>
  return
}

// -----

func.func @prelu_slope_type(%x: tensor<2x4xf32>, %s: tensor<4xf16>) {
  // expected-error @below {{'webnn.prelu' op requires the same element type for all operands}}
  %0 = "webnn.prelu"(%x, %s) : (tensor<2x4xf32>, tensor<4xf16>) -> tensor<2x4xf32>
  return
}

// -----

func.func @prelu_broadcast(%x: tensor<2x4xf32>, %s: tensor<3xf32>) {
  // expected-error @below {{slope: shape [3] cannot be broadcast to the input's shape [2, 4]}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.prelu %x, %s : (tensor<2x4xf32>, tensor<3xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @prelu_slope_rank(%x: tensor<4xf32>, %s: tensor<2x4xf32>) {
  // expected-error @below {{slope: shape [2, 4] cannot be broadcast to the input's shape [4]}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.prelu %x, %s : (tensor<4xf32>, tensor<2x4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @prelu_unsigned(%x: tensor<4xui8>, %s: tensor<4xui8>) {
  // expected-error @below {{input: data type uint8 is not supported here (expected float32, float16, int32, int64, int8 or int4)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.prelu %x, %s : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return
}


// -----

func.func @logical_and_float(%a: tensor<2xf32>, %b: tensor<2xf32>) {
  // expected-error @below {{a: data type float32 is not supported here (expected uint8)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.logicalAnd %a, %b : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xui8>
  return
}

// -----

func.func @logical_not_int8(%a: tensor<2xi8>) {
  // expected-error @below {{a: data type int8 is not supported here (expected uint8)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.logicalNot %a : (tensor<2xi8>) -> tensor<2xi8>
  return
}

// -----

func.func @compare_broadcast(%a: tensor<2x3xf32>, %b: tensor<4xf32>) {
  // expected-error @below {{b: shape [4] cannot be broadcast with a's shape [2, 3]}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.greater %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xui8>
  return
}

// -----

func.func @is_nan_int(%a: tensor<2xi32>) {
  // expected-error @below {{input: data type int32 is not supported here (expected float32 or float16)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.isNaN %a : (tensor<2xi32>) -> tensor<2xui8>
  return
}

// -----

func.func @where_condition_type(%c: tensor<2xf32>, %a: tensor<2xf32>) {
  // expected-error @below {{condition: data type float32 is not supported here (expected uint8)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.where %c, %a, %a : (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @where_value_types(%c: tensor<2xui8>, %a: tensor<2xf32>, %b: tensor<2xi32>) {
  // expected-error @below {{falseValue: data type int32 does not match the trueValue's float32}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.where %c, %a, %b : (tensor<2xui8>, tensor<2xf32>, tensor<2xi32>) -> tensor<2xf32>
  return
}

// -----

func.func @where_broadcast(%c: tensor<3xui8>, %a: tensor<2x2xf32>) {
  // expected-error @below {{condition: shape [3] cannot be broadcast with the values' shape [2, 2]}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.where %c, %a, %a : (tensor<3xui8>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  return
}

// -----

func.func @sign_unsigned(%a: tensor<2xui32>) {
  // expected-error @below {{input: data type uint32 is not supported here}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.sign %a : (tensor<2xui32>) -> tensor<2xui32>
  return
}

// -----

func.func @quantize_zero_point_type(%x: tensor<4xf32>, %s: tensor<4xf32>, %z: tensor<4xui32>) {
  // expected-error @below {{zeroPoint: data type uint32 is not supported here (expected int32, int8, uint8, int4 or uint4)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.quantizeLinear %x, %s, %z : (tensor<4xf32>, tensor<4xf32>, tensor<4xui32>) -> tensor<4xui32>
  return
}

// -----

func.func @quantize_scale_type(%x: tensor<4xf32>, %s: tensor<4xf16>, %z: tensor<4xi8>) {
  // expected-error @below {{scale: data type float16 does not match the input's float32}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.quantizeLinear %x, %s, %z : (tensor<4xf32>, tensor<4xf16>, tensor<4xi8>) -> tensor<4xi8>
  return
}

// -----

func.func @quantize_blocks(%x: tensor<4x6xf32>, %s: tensor<4xf32>, %z: tensor<4xi8>) {
  // expected-error @below {{scale: shape [4] does not divide the input's [4, 6] into blocks}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.quantizeLinear %x, %s, %z : (tensor<4x6xf32>, tensor<4xf32>, tensor<4xi8>) -> tensor<4x6xi8>
  return
}

// -----

func.func @quantize_zero_point_shape(%x: tensor<4x6xf32>, %s: tensor<6xf32>, %z: tensor<3xi8>) {
  // expected-error @below {{zeroPoint: expected shape [6] but got [3]}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.quantizeLinear %x, %s, %z : (tensor<4x6xf32>, tensor<6xf32>, tensor<3xi8>) -> tensor<4x6xi8>
  return
}

// -----

func.func @dequantize_input_type(%x: tensor<4xf32>, %s: tensor<4xf32>, %z: tensor<4xf32>) {
  // expected-error @below {{input: data type float32 is not supported here (expected int32, int8, uint8, int4 or uint4)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.dequantizeLinear %x, %s, %z : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @dequantize_scale_rank(%x: tensor<4xi8>, %s: tensor<1x4xf32>, %z: tensor<1x4xi8>) {
  // expected-error @below {{scale: rank 2 is greater than the input's rank 1}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.dequantizeLinear %x, %s, %z : (tensor<4xi8>, tensor<1x4xf32>, tensor<1x4xi8>) -> tensor<4xf32>
  return
}
