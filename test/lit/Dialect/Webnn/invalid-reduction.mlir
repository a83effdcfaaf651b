// RUN: webnn-opt %s -split-input-file -verify-diagnostics

func.func @reduce_axis_range(%x: tensor<2x3xf32>) {
  // expected-error @below {{axes: axis 2 is out of range for rank 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.reduceSum %x {axes = array<i64: 2>} : (tensor<2x3xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @reduce_axis_negative(%x: tensor<2x3xf32>) {
  // expected-error @below {{axes: axis -1 is out of range for rank 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.reduceMax %x {axes = array<i64: -1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @reduce_axis_repeated(%x: tensor<2x3xf32>) {
  // expected-error @below {{axes: axis 0 is repeated}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.reduceMin %x {axes = array<i64: 0, 0>} : (tensor<2x3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @reduce_mean_int(%x: tensor<2x3xi32>) {
  // expected-error @below {{input: data type int32 is not supported here (expected float32 or float16)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.reduceMean %x {axes = array<i64: 0>} : (tensor<2x3xi32>) -> tensor<3xi32>
  return
}

// -----

func.func @reduce_sum_bad_type(%x: tensor<2x3xi1>) {
  // expected-error @below {{input: data type int1 is not supported here}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.reduceSum %x {axes = array<i64: 0>} : (tensor<2x3xi1>) -> tensor<3xi1>
  return
}

// -----

func.func @reduce_result(%x: tensor<2x3xf32>) {
  // expected-error @below {{'webnn.reduceSum' op inferred type(s) 'tensor<1x3xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.reduceSum %x {axes = array<i64: 0>, keep_dimensions = true} : (tensor<2x3xf32>) -> tensor<3xf32>
  return
}


// -----

func.func @reduce_l2_int(%x: tensor<2x3xi32>) {
  // expected-error @below {{input: data type int32 is not supported here (expected float32 or float16)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.reduceL2 %x {axes = array<i64: 1>} : (tensor<2x3xi32>) -> tensor<2xi32>
  return
}

// -----

func.func @arg_max_axis(%x: tensor<2x3xf32>) {
  // expected-error @below {{axis: 2 is out of range for rank 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.argMax %x {axis = 2 : i64, output_data_type = i32} : (tensor<2x3xf32>) -> tensor<2xi32>
  return
}

// -----

func.func @arg_min_output_type(%x: tensor<2x3xf32>) {
  // expected-error @below {{options: outputDataType uint32 is not int32 or int64}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.argMin %x {axis = 1 : i64, output_data_type = ui32} : (tensor<2x3xf32>) -> tensor<2xui32>
  return
}
