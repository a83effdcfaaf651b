// RUN: webnn-opt %s -split-input-file -verify-diagnostics

func.func @gather_elements_index_type(%x: tensor<2x3xf32>, %i: tensor<2x3xi8>) {
  // expected-error @below {{indices: data type int8 is not supported here (expected int32, uint32 or int64)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gatherElements %x, %i : (tensor<2x3xf32>, tensor<2x3xi8>) -> tensor<2x3xf32>
  return
}

// -----

func.func @gather_elements_rank(%x: tensor<2x3xf32>, %i: tensor<3xi32>) {
  // expected-error @below {{indices: rank 1 differs from the input's rank 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gatherElements %x, %i : (tensor<2x3xf32>, tensor<3xi32>) -> tensor<3xf32>
  return
}

// -----

func.func @gather_elements_shape(%x: tensor<2x3xf32>, %i: tensor<4x2xi32>) {
  // expected-error @below {{indices: shape [4, 2] differs from the input's [2, 3] on axis 1}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gatherElements %x, %i : (tensor<2x3xf32>, tensor<4x2xi32>) -> tensor<4x2xf32>
  return
}

// -----

func.func @gather_elements_axis(%x: tensor<2x3xf32>, %i: tensor<2x3xi32>) {
  // expected-error @below {{axis: 2 is out of range for rank 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gatherElements %x, %i {axis = 2 : i64} : (tensor<2x3xf32>, tensor<2x3xi32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @gather_elements_scalar(%x: tensor<f32>, %i: tensor<i32>) {
  // expected-error @below {{input: expected rank 1 or more but got rank 0}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gatherElements %x, %i : (tensor<f32>, tensor<i32>) -> tensor<f32>
  return
}

// -----

func.func @gather_nd_index_type(%x: tensor<2x3xf32>, %i: tensor<1x2xui64>) {
  // expected-error @below {{indices: data type uint64 is not supported here (expected int32, uint32 or int64)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gatherND %x, %i : (tensor<2x3xf32>, tensor<1x2xui64>) -> tensor<1xf32>
  return
}

// -----

func.func @gather_nd_too_many_coordinates(%x: tensor<2x3xf32>, %i: tensor<1x3xi32>) {
  // expected-error @below {{indices: the last dimension (3) is greater than the input's rank 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gatherND %x, %i : (tensor<2x3xf32>, tensor<1x3xi32>) -> tensor<1xf32>
  return
}

// -----

func.func @gather_nd_scalar_input(%x: tensor<f32>, %i: tensor<1x1xi32>) {
  // expected-error @below {{input: expected rank 1 or more but got rank 0}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gatherND %x, %i : (tensor<f32>, tensor<1x1xi32>) -> tensor<1xf32>
  return
}

// -----

func.func @gather_nd_scalar_indices(%x: tensor<2xf32>, %i: tensor<i32>) {
  // expected-error @below {{indices: expected rank 1 or more but got rank 0}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gatherND %x, %i : (tensor<2xf32>, tensor<i32>) -> tensor<f32>
  return
}

// -----

func.func @scatter_elements_updates_type(%x: tensor<2x3xf32>, %i: tensor<1x3xi32>, %u: tensor<1x3xf16>) {
  // expected-error @below {{updates: data type float16 does not match the input's float32}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.scatterElements %x, %i, %u : (tensor<2x3xf32>, tensor<1x3xi32>, tensor<1x3xf16>) -> tensor<2x3xf32>
  return
}

// -----

func.func @scatter_elements_updates_shape(%x: tensor<2x3xf32>, %i: tensor<1x3xi32>, %u: tensor<2x3xf32>) {
  // expected-error @below {{updates: expected shape [1, 3] but got [2, 3]}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.scatterElements %x, %i, %u : (tensor<2x3xf32>, tensor<1x3xi32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @scatter_elements_indices_shape(%x: tensor<2x3xf32>, %i: tensor<1x2xi32>, %u: tensor<1x2xf32>) {
  // expected-error @below {{indices: shape [1, 2] differs from the input's [2, 3] on axis 1}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.scatterElements %x, %i, %u : (tensor<2x3xf32>, tensor<1x2xi32>, tensor<1x2xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @scatter_nd_updates_shape(%x: tensor<2x3xf32>, %i: tensor<4x1xi64>, %u: tensor<4xf32>) {
  // expected-error @below {{updates: expected shape [4, 3] but got [4]}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.scatterND %x, %i, %u : (tensor<2x3xf32>, tensor<4x1xi64>, tensor<4xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @scatter_nd_index_type(%x: tensor<2x3xf32>, %i: tensor<4x1xf32>, %u: tensor<4x3xf32>) {
  // expected-error @below {{indices: data type float32 is not supported here (expected int32, uint32 or int64)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.scatterND %x, %i, %u : (tensor<2x3xf32>, tensor<4x1xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @reverse_axis(%x: tensor<2x3xf32>) {
  // expected-error @below {{axes: axis 2 is out of range for rank 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.reverse %x {axes = array<i64: 2>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @reverse_duplicate_axis(%x: tensor<2x3xf32>) {
  // expected-error @below {{axes: axis 1 is repeated}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.reverse %x {axes = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @tile_count(%x: tensor<2x3xf32>) {
  // expected-error @below {{repetitions: expected 2 values but got 1}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.tile %x {repetitions = array<i64: 2>} : (tensor<2x3xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @tile_zero(%x: tensor<2x3xf32>) {
  // expected-error @below {{repetitions: value 0 is less than 1}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.tile %x {repetitions = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @tile_too_large(%x: tensor<2x3xf32>) {
  // expected-error @below {{repetitions: dimension 0 would be too large}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.tile %x {repetitions = array<i64: 4294967295, 1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @triangular_rank(%x: tensor<3xf32>) {
  // expected-error @below {{input: expected rank 2 or more but got rank 1}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.triangular %x : (tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @cumulative_sum_type(%x: tensor<2x3xi8>) {
  // expected-error @below {{input: data type int8 is not supported here (expected float32, float16, int32, uint32, int64 or uint64)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.cumulativeSum %x {axis = 0 : i64} : (tensor<2x3xi8>) -> tensor<2x3xi8>
  return
}

// -----

func.func @cumulative_sum_axis(%x: tensor<2x3xf32>) {
  // expected-error @below {{axis: 2 is out of range for rank 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.cumulativeSum %x {axis = 2 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}
