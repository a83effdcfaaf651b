// RUN: webnn-opt %s -split-input-file -verify-diagnostics

func.func @reshape_nonpositive(%x: tensor<2x3x4xf32>) {
  // expected-error @below {{newShape: dimension 0 is not positive}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.reshape %x {new_shape = array<i64: 24, 0>} : (tensor<2x3x4xf32>) -> tensor<24x0xf32>
  return
}

// -----

func.func @reshape_count(%x: tensor<2x3x4xf32>) {
  // expected-error @below {{newShape: [5, 5] holds 25 elements but the input has 24}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.reshape %x {new_shape = array<i64: 5, 5>} : (tensor<2x3x4xf32>) -> tensor<5x5xf32>
  return
}

// -----

func.func @transpose_size(%x: tensor<2x3x4xf32>) {
  // expected-error @below {{permutation: expected 3 values but got 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.transpose %x {permutation = array<i64: 1, 0>} : (tensor<2x3x4xf32>) -> tensor<3x2xf32>
  return
}

// -----

func.func @transpose_range(%x: tensor<2x3x4xf32>) {
  // expected-error @below {{permutation: axis 3 is out of range for rank 3}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.transpose %x {permutation = array<i64: 0, 1, 3>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @transpose_repeated(%x: tensor<2x3x4xf32>) {
  // expected-error @below {{permutation: axis 1 is repeated}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.transpose %x {permutation = array<i64: 0, 1, 1>} : (tensor<2x3x4xf32>) -> tensor<2x3x3xf32>
  return
}

// -----

func.func @concat_axis(%x: tensor<2x3x4xf32>) {
  // expected-error @below {{axis: 3 is out of range for rank 3}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.concat %x, %x {axis = 3 : i64} : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @concat_shape(%x: tensor<2x3x4xf32>, %y: tensor<2x3x5xf32>) {
  // expected-error @below {{inputs[1]: shape [2, 3, 5] does not match inputs[0]'s [2, 3, 4] outside axis 1}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.concat %x, %y {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x3x5xf32>) -> tensor<2x6x4xf32>
  return
}

// -----

func.func @concat_rank(%x: tensor<2x3x4xf32>, %y: tensor<2x3xf32>) {
  // expected-error @below {{inputs[1]: shape [2, 3] does not match inputs[0]'s [2, 3, 4] outside axis 0}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.concat %x, %y {axis = 0 : i64} : (tensor<2x3x4xf32>, tensor<2x3xf32>) -> tensor<4x3x4xf32>
  return
}

// -----

func.func @concat_type(%x: tensor<2x3x4xf32>, %y: tensor<2x3x4xf16>) {
  // expected-error @below {{'webnn.concat' op requires the same element type for all operands}}
  %0 = webnn.concat %x, %y {axis = 0 : i64} : (tensor<2x3x4xf32>, tensor<2x3x4xf16>) -> tensor<4x3x4xf32>
  return
}

// -----

func.func @concat_empty() {
  // expected-error @below {{'webnn.concat' op expected 1 or more operands, but found 0}}
  %0 = webnn.concat {axis = 0 : i64} : () -> tensor<1xf32>
  return
}

// -----

func.func @slice_starts_size(%x: tensor<2x3x4xf32>) {
  // expected-error @below {{starts: expected 3 values but got 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.slice %x {starts = array<i64: 0, 0>, sizes = array<i64: 1, 1, 1>} : (tensor<2x3x4xf32>) -> tensor<1x1x1xf32>
  return
}

// -----

func.func @slice_starts_negative(%x: tensor<2x3x4xf32>) {
  // expected-error @below {{starts: value -1 is less than 0}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.slice %x {starts = array<i64: 0, -1, 0>, sizes = array<i64: 1, 1, 1>} : (tensor<2x3x4xf32>) -> tensor<1x1x1xf32>
  return
}

// -----

func.func @slice_sizes_zero(%x: tensor<2x3x4xf32>) {
  // expected-error @below {{sizes: value 0 is less than 1}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.slice %x {starts = array<i64: 0, 0, 0>, sizes = array<i64: 1, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<1x0x1xf32>
  return
}

// -----

func.func @slice_strides(%x: tensor<2x3x4xf32>) {
  // expected-error @below {{strides: value 0 is less than 1}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.slice %x {starts = array<i64: 0, 0, 0>, sizes = array<i64: 1, 1, 1>, strides = array<i64: 1, 1, 0>} : (tensor<2x3x4xf32>) -> tensor<1x1x1xf32>
  return
}

// -----

func.func @slice_out_of_bounds(%x: tensor<2x3x4xf32>) {
  // expected-error @below {{sizes: start 2 plus size 2 exceeds dimension 1 (3)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.slice %x {starts = array<i64: 0, 2, 0>, sizes = array<i64: 1, 2, 1>} : (tensor<2x3x4xf32>) -> tensor<1x2x1xf32>
  return
}

// -----

func.func @split_axis(%x: tensor<2x3x4xf32>) {
  // expected-error @below {{axis: 3 is out of range for rank 3}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.split %x {splits = array<i64: 2>, axis = 3 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @split_empty(%x: tensor<2x3x4xf32>) {
  // expected-error @below {{splits: expected at least one part}}
  // expected-error @below {{failed to infer returned types}}
  webnn.split %x {splits = array<i64>} : (tensor<2x3x4xf32>) -> ()
  return
}

// -----

func.func @split_nonpositive(%x: tensor<2x3x4xf32>) {
  // expected-error @below {{splits: part size 0 is not positive}}
  // expected-error @below {{failed to infer returned types}}
  %0:2 = webnn.split %x {splits = array<i64: 0, 2>} : (tensor<2x3x4xf32>) -> (tensor<0x3x4xf32>, tensor<2x3x4xf32>)
  return
}

// -----

func.func @split_sum(%x: tensor<2x3x4xf32>) {
  // expected-error @below {{splits: the parts sum to 3 but dimension 2 has 4}}
  // expected-error @below {{failed to infer returned types}}
  %0:2 = webnn.split %x {splits = array<i64: 1, 2>, axis = 2 : i64} : (tensor<2x3x4xf32>) -> (tensor<2x3x1xf32>, tensor<2x3x2xf32>)
  return
}

// -----

func.func @pad_size(%x: tensor<2x3x4xf32>) {
  // expected-error @below {{beginningPadding: expected 3 values but got 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.pad %x {beginning_padding = array<i64: 0, 0>, ending_padding = array<i64: 0, 0, 0>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @pad_negative(%x: tensor<2x3x4xf32>) {
  // expected-error @below {{endingPadding: value -1 is less than 0}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.pad %x {beginning_padding = array<i64: 0, 0, 0>, ending_padding = array<i64: 0, -1, 0>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @pad_mode(%x: tensor<2x3x4xf32>) {
  // expected-error @below {{mode: 'wrap' is not 'constant', 'edge', 'reflection' or 'symmetric'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.pad %x {beginning_padding = array<i64: 0, 0, 0>, ending_padding = array<i64: 0, 0, 0>, mode = "wrap"} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @pad_reflection(%x: tensor<2x3x4xf32>) {
  // expected-error @below {{padding: reflection padding of dimension 1 must be at most 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.pad %x {beginning_padding = array<i64: 0, 3, 0>, ending_padding = array<i64: 0, 0, 0>, mode = "reflection"} : (tensor<2x3x4xf32>) -> tensor<2x6x4xf32>
  return
}

// -----

func.func @pad_symmetric(%x: tensor<2x3x4xf32>) {
  // expected-error @below {{padding: symmetric padding of dimension 2 must be at most 4}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.pad %x {beginning_padding = array<i64: 0, 0, 0>, ending_padding = array<i64: 0, 0, 5>, mode = "symmetric"} : (tensor<2x3x4xf32>) -> tensor<2x3x9xf32>
  return
}

// -----

func.func @expand_nonpositive(%x: tensor<2x3x4xf32>) {
  // expected-error @below {{newShape: dimension -1 is not positive}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.expand %x {new_shape = array<i64: -1, 3, 4>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @expand_incompatible(%x: tensor<2x3x4xf32>) {
  // expected-error @below {{newShape: the input's shape [2, 3, 4] cannot be broadcast to [2, 6, 4]}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.expand %x {new_shape = array<i64: 2, 6, 4>} : (tensor<2x3x4xf32>) -> tensor<2x6x4xf32>
  return
}

// -----

func.func @expand_lower_rank(%x: tensor<2x3x4xf32>) {
  // expected-error @below {{newShape: the input's shape [2, 3, 4] cannot be broadcast to [3, 4]}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.expand %x {new_shape = array<i64: 3, 4>} : (tensor<2x3x4xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @gather_index_float(%x: tensor<2x3x4xf32>, %i: tensor<2xf32>) {
  // expected-error @below {{indices: data type float32 is not supported here (expected int32, uint32 or int64)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gather %x, %i : (tensor<2x3x4xf32>, tensor<2xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @gather_index_i8(%x: tensor<2x3x4xf32>, %i: tensor<2xi8>) {
  // expected-error @below {{indices: data type int8 is not supported here (expected int32, uint32 or int64)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gather %x, %i : (tensor<2x3x4xf32>, tensor<2xi8>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @gather_index_u64(%x: tensor<2x3x4xf32>, %i: tensor<2xui64>) {
  // expected-error @below {{indices: data type uint64 is not supported here (expected int32, uint32 or int64)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gather %x, %i : (tensor<2x3x4xf32>, tensor<2xui64>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @gather_axis(%x: tensor<2x3x4xf32>, %i: tensor<2xi32>) {
  // expected-error @below {{axis: 3 is out of range for rank 3}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gather %x, %i {axis = 3 : i64} : (tensor<2x3x4xf32>, tensor<2xi32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @gather_axis_negative(%x: tensor<2x3x4xf32>, %i: tensor<2xi32>) {
  // expected-error @below {{axis: -1 is out of range for rank 3}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gather %x, %i {axis = -1 : i64} : (tensor<2x3x4xf32>, tensor<2xi32>) -> tensor<2x3x4xf32>
  return
}

