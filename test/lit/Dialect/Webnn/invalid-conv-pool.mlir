// RUN: webnn-opt %s -split-input-file -verify-diagnostics

func.func @conv_input_type(%x: tensor<1x3x8x8xi32>, %w: tensor<4x3x3x3xi32>) {
  // expected-error @below {{input: data type int32 is not supported here (expected float32 or float16)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.conv2d %x, %w : (tensor<1x3x8x8xi32>, tensor<4x3x3x3xi32>) -> tensor<1x4x6x6xi32>
  return
}

// -----

func.func @conv_input_rank(%x: tensor<3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @below {{input: expected a 4-D tensor but got rank 3}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.conv2d %x, %w : (tensor<3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_filter_type(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf16>) {
  // expected-error @below {{filter: data type float16 does not match the input's float32}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf16>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_filter_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<3x3x3xf32>) {
  // expected-error @below {{filter: expected a 4-D tensor but got rank 3}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_padding_size(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @below {{padding: expected 4 values but got 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.conv2d %x, %w {padding = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_padding_negative(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @below {{padding: value -1 is less than 0}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.conv2d %x, %w {padding = array<i64: 0, -1, 0, 0>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_strides_size(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @below {{strides: expected 2 values but got 3}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.conv2d %x, %w {strides = array<i64: 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_strides_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @below {{strides: value 0 is less than 1}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.conv2d %x, %w {strides = array<i64: 0, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_dilations_size(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @below {{dilations: expected 2 values but got 1}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.conv2d %x, %w {dilations = array<i64: 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_dilations_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @below {{dilations: value 0 is less than 1}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.conv2d %x, %w {dilations = array<i64: 1, 0>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_groups_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @below {{groups: must be at least 1, got 0}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.conv2d %x, %w {groups = 0 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_input_layout(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @below {{inputLayout: 'nwhc' is not 'nchw' or 'nhwc'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.conv2d %x, %w {input_layout = "nwhc"} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_filter_layout(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @below {{filterLayout: 'oihx' is not 'oihw', 'hwio', 'ohwi' or 'ihwo'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.conv2d %x, %w {filter_layout = "oihx"} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_channels(%x: tensor<1x3x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @below {{filter: input channels (2) times groups (1) must equal the input's channels (3)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_groups_channels(%x: tensor<1x3x8x8xf32>, %w: tensor<4x1x3x3xf32>) {
  // expected-error @below {{filter: input channels (1) times groups (2) must equal the input's channels (3)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.conv2d %x, %w {groups = 2 : i64} : (tensor<1x3x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_out_channels_groups(%x: tensor<1x4x8x8xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @below {{filter: output channels (3) are not divisible by groups (2)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.conv2d %x, %w {groups = 2 : i64} : (tensor<1x4x8x8xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x6x6xf32>
  return
}

// -----

func.func @conv_bias_size(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<3xf32>) {
  // expected-error @below {{bias: expected shape [4] but got [3]}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.conv2d %x, %w bias %b : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_bias_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<1x4xf32>) {
  // expected-error @below {{bias: expected shape [4] but got [1, 4]}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.conv2d %x, %w bias %b : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<1x4xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_bias_type(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf16>) {
  // expected-error @below {{bias: data type float16 does not match the input's float32}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.conv2d %x, %w bias %b : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf16>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_window_too_large(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x9x3xf32>) {
  // expected-error @below {{the dilated window (9) is larger than the padded input height (8)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x9x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_dilated_window_too_large(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @below {{the dilated window (9) is larger than the padded input width (8)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.conv2d %x, %w {dilations = array<i64: 1, 4>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_result_shape(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @below {{'webnn.conv2d' op inferred type(s) 'tensor<1x4x6x6xf32>' are incompatible with return type(s) of operation 'tensor<1x4x8x8xf32>'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

func.func @pool_input_rank(%x: tensor<3x8x8xf32>) {
  // expected-error @below {{input: expected a 4-D tensor but got rank 3}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.maxPool2d %x : (tensor<3x8x8xf32>) -> tensor<1x3x1x1xf32>
  return
}

// -----

func.func @avg_pool_int(%x: tensor<1x3x8x8xi32>) {
  // expected-error @below {{input: data type int32 is not supported here (expected float32 or float16)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.averagePool2d %x : (tensor<1x3x8x8xi32>) -> tensor<1x3x1x1xi32>
  return
}

// -----

func.func @max_pool_bad_type(%x: tensor<1x3x8x8xbf16>) {
  // expected-error @below {{input: data type bf16 is not supported here (expected float32, float16, int32, int64, int8 or int4)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.maxPool2d %x : (tensor<1x3x8x8xbf16>) -> tensor<1x3x1x1xbf16>
  return
}

// -----

func.func @pool_layout(%x: tensor<1x3x8x8xf32>) {
  // expected-error @below {{layout: 'hwc' is not 'nchw' or 'nhwc'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.maxPool2d %x {layout = "hwc"} : (tensor<1x3x8x8xf32>) -> tensor<1x3x1x1xf32>
  return
}

// -----

func.func @pool_rounding(%x: tensor<1x3x8x8xf32>) {
  // expected-error @below {{roundingType: 'round' is not 'floor' or 'ceil'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.maxPool2d %x {rounding_type = "round"} : (tensor<1x3x8x8xf32>) -> tensor<1x3x1x1xf32>
  return
}

// -----

func.func @pool_window_size(%x: tensor<1x3x8x8xf32>) {
  // expected-error @below {{windowDimensions: expected 2 values but got 3}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.maxPool2d %x {window_dimensions = array<i64: 2, 2, 2>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x1x1xf32>
  return
}

// -----

func.func @pool_window_zero(%x: tensor<1x3x8x8xf32>) {
  // expected-error @below {{windowDimensions: value 0 is less than 1}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.maxPool2d %x {window_dimensions = array<i64: 0, 2>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x1x1xf32>
  return
}

// -----

func.func @pool_padding(%x: tensor<1x3x8x8xf32>) {
  // expected-error @below {{padding: expected 4 values but got 3}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.maxPool2d %x {padding = array<i64: 1, 1, 1>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x1x1xf32>
  return
}

// -----

func.func @pool_strides(%x: tensor<1x3x8x8xf32>) {
  // expected-error @below {{strides: value -2 is less than 1}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.maxPool2d %x {strides = array<i64: 1, -2>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x1x1xf32>
  return
}

// -----

func.func @pool_dilations(%x: tensor<1x3x8x8xf32>) {
  // expected-error @below {{dilations: expected 2 values but got 4}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.maxPool2d %x {dilations = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x1x1xf32>
  return
}

// -----

func.func @pool_window_too_large(%x: tensor<1x3x8x8xf32>) {
  // expected-error @below {{the dilated window (9) is larger than the padded input height (8)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.maxPool2d %x {window_dimensions = array<i64: 9, 2>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x1x1xf32>
  return
}

// -----

func.func @pool_output_sizes_count(%x: tensor<1x3x8x8xf32>) {
  // expected-error @below {{outputSizes: expected 2 values but got 1}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.maxPool2d %x {window_dimensions = array<i64: 2, 2>, output_sizes = array<i64: 7>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x1x1xf32>
  return
}

// -----

func.func @pool_output_sizes(%x: tensor<1x3x8x8xf32>) {
  // expected-error @below {{outputSizes: width 5 is neither the floor (3) nor the ceil (4) output size}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.maxPool2d %x {window_dimensions = array<i64: 3, 3>, strides = array<i64: 2, 2>, output_sizes = array<i64: 4, 5>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x1x1xf32>
  return
}


// -----

func.func @l2_pool_int(%x: tensor<1x3x4x4xi32>) {
  // expected-error @below {{input: data type int32 is not supported here (expected float32 or float16)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.l2Pool2d %x : (tensor<1x3x4x4xi32>) -> tensor<1x3x1x1xi32>
  return
}

// -----

func.func @resample_mode(%x: tensor<1x3x4x4xf32>) {
  // expected-error @below {{mode: 'cubic' is not 'nearest-neighbor' or 'linear'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.resample2d %x {mode = "cubic"} : (tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @resample_rank(%x: tensor<3x4x4xf32>) {
  // expected-error @below {{input: expected a 4-D tensor but got rank 3}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.resample2d %x : (tensor<3x4x4xf32>) -> tensor<3x4x4xf32>
  return
}

// -----

func.func @resample_axes(%x: tensor<1x3x4x4xf32>) {
  // expected-error @below {{axes: axis 2 is repeated}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.resample2d %x {axes = array<i64: 2, 2>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @resample_scale(%x: tensor<1x3x4x4xf32>) {
  // expected-error @below {{scales: value -1.000000 is not a positive finite number}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.resample2d %x {scales = array<f64: -1.0, 1.0>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @resample_scale_to_nothing(%x: tensor<1x3x4x4xf32>) {
  // expected-error @below {{scales: scale 0.100000 gives axis 2 the size 0.000000}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.resample2d %x {scales = array<f64: 0.1, 1.0>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @resample_sizes(%x: tensor<1x3x4x4xf32>) {
  // expected-error @below {{sizes: value 0 is less than 1}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.resample2d %x {sizes = array<i64: 0, 4>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @conv_transpose_channels(%x: tensor<1x3x4x4xf32>, %w: tensor<2x2x3x3xf32>) {
  // expected-error @below {{filter: input channels (2) differ from the input's channels (3)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.convTranspose2d %x, %w : (tensor<1x3x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x6x6xf32>
  return
}

// -----

func.func @conv_transpose_output_padding(%x: tensor<1x3x4x4xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @below {{outputPadding: 2 is not smaller than the stride (2) or the dilation (1)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.convTranspose2d %x, %w {strides = array<i64: 2, 2>, output_padding = array<i64: 2, 0>} : (tensor<1x3x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x11x9xf32>
  return
}

// -----

func.func @conv_transpose_output_sizes(%x: tensor<1x3x4x4xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @below {{outputSizes: 11 is not in [9, 11)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.convTranspose2d %x, %w {strides = array<i64: 2, 2>, output_sizes = array<i64: 11, 9>} : (tensor<1x3x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x11x9xf32>
  return
}

// -----

func.func @conv_transpose_groups(%x: tensor<1x3x4x4xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @below {{groups: the input's channels (3) are not divisible by groups (2)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.convTranspose2d %x, %w {groups = 2 : i64} : (tensor<1x3x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_transpose_filter_layout(%x: tensor<1x3x4x4xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @below {{filterLayout: 'oihw' is not 'iohw', 'hwoi' or 'ohwi'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.convTranspose2d %x, %w {filter_layout = "oihw"} : (tensor<1x3x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x6x6xf32>
  return
}
