// RUN: webnn-opt %s -split-input-file -wnn-decompose-recurrent | FileCheck %s

// Both directions: one gemm per direction (input x weight^T + bias) over
// all steps, the projections stacked, the recurrent weight transposed, and
// absent initial states replaced by zeros.

// CHECK-LABEL: func.func @lstm_both
// CHECK: %[[Z:.*]] = webnn.constant dense<0.000000e+00> : tensor<2x3x4xf32>
// CHECK: %[[ROWS:.*]] = webnn.reshape %{{.*}} {new_shape = array<i64: 15, 2>}
// CHECK: %[[W0:.*]] = webnn.slice %{{.*}} {sizes = array<i64: 1, 16, 2>, starts = array<i64: 0, 0, 0>}
// CHECK: webnn.gemm %[[ROWS]], %{{.*}} c %{{.*}} {b_transpose = true} : (tensor<15x2xf32>, tensor<16x2xf32>, tensor<16xf32>) -> tensor<15x16xf32>
// CHECK: webnn.slice %{{.*}} {sizes = array<i64: 1, 16, 2>, starts = array<i64: 1, 0, 0>}
// CHECK: webnn.gemm
// CHECK: %[[P:.*]] = webnn.concat %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<1x5x3x16xf32>, tensor<1x5x3x16xf32>) -> tensor<2x5x3x16xf32>
// CHECK: %[[RT:.*]] = webnn.transpose %{{.*}} {permutation = array<i64: 0, 2, 1>} : (tensor<2x16x4xf32>) -> tensor<2x4x16xf32>
// CHECK: webnn.recurrence %[[P]], %[[RT]], %[[Z]] initial_cell_state %[[Z]] {activations = ["sigmoid", "tanh", "tanh"], direction = "both", kind = "lstm", layout = "iofg", reset_after = false, return_sequence = true}
// CHECK-SAME: -> (tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<5x2x3x4xf32>)
func.func @lstm_both(%x: tensor<5x3x2xf32>, %w: tensor<2x16x2xf32>, %r: tensor<2x16x4xf32>, %b: tensor<2x16xf32>) -> tensor<5x2x3x4xf32> {
  %0:3 = webnn.lstm %x, %w, %r bias %b {steps = 5 : i64, hidden_size = 4 : i64, direction = "both", return_sequence = true} : (tensor<5x3x2xf32>, tensor<2x16x2xf32>, tensor<2x16x4xf32>, tensor<2x16xf32>) -> (tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<5x2x3x4xf32>)
  return %0#2 : tensor<5x2x3x4xf32>
}

// -----

// A cell is a recurrence of one step and one direction; its states gain
// and lose the direction dimension by reshapes.

// CHECK-LABEL: func.func @gru_cell
// CHECK: %[[B:.*]] = webnn.reshape %{{.*}} {new_shape = array<i64: 1, 12>}
// CHECK: %[[H:.*]] = webnn.reshape %{{.*}} {new_shape = array<i64: 1, 3, 4>}
// CHECK: %[[G:.*]] = webnn.gemm %{{.*}}, %{{.*}} {b_transpose = true} : (tensor<3x2xf32>, tensor<12x2xf32>) -> tensor<3x12xf32>
// CHECK: %[[P:.*]] = webnn.reshape %[[G]] {new_shape = array<i64: 1, 1, 3, 12>}
// CHECK: %[[S:.*]] = webnn.recurrence %[[P]], %{{.*}} recurrent_bias %[[B]], %[[H]] {{{.*}}kind = "gru", layout = "rzn", reset_after = false, return_sequence = false}
// CHECK: webnn.reshape %[[S]] {new_shape = array<i64: 3, 4>} : (tensor<1x3x4xf32>) -> tensor<3x4xf32>
func.func @gru_cell(%x: tensor<3x2xf32>, %w: tensor<12x2xf32>, %r: tensor<12x4xf32>, %b: tensor<12xf32>, %h: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %0 = webnn.gruCell %x, %w, %r, %h recurrent_bias %b {hidden_size = 4 : i64, reset_after = false, layout = "rzn"} : (tensor<3x2xf32>, tensor<12x2xf32>, tensor<12x4xf32>, tensor<3x4xf32>, tensor<12xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}
