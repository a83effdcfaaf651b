// RUN: webnn-opt %s -split-input-file | webnn-opt | FileCheck %s

// Round trip of the recurrent ops with their options; results are inferred.

// CHECK-LABEL: func.func @lstm_all_options
// CHECK: webnn.lstm %{{.*}}, %{{.*}}, %{{.*}} bias %{{.*}} recurrent_bias %{{.*}} peephole_weight %{{.*}} initial_hidden_state %{{.*}} initial_cell_state %{{.*}} {{{.*}}direction = "both"{{.*}}layout = "ifgo"{{.*}}return_sequence = true{{.*}}} : {{.*}} -> (tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<5x2x3x4xf32>)
func.func @lstm_all_options(%x: tensor<5x3x2xf32>, %w: tensor<2x16x2xf32>, %r: tensor<2x16x4xf32>, %b: tensor<2x16xf32>, %p: tensor<2x12xf32>, %h: tensor<2x3x4xf32>) -> tensor<5x2x3x4xf32> {
  %0:3 = webnn.lstm %x, %w, %r bias %b recurrent_bias %b peephole_weight %p initial_hidden_state %h initial_cell_state %h {steps = 5 : i64, hidden_size = 4 : i64, direction = "both", layout = "ifgo", return_sequence = true, activations = ["relu", "tanh", "sigmoid"]} : (tensor<5x3x2xf32>, tensor<2x16x2xf32>, tensor<2x16x4xf32>, tensor<2x16xf32>, tensor<2x16xf32>, tensor<2x12xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<5x2x3x4xf32>)
  return %0#2 : tensor<5x2x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @gru_defaults
// CHECK: webnn.gru %{{.*}}, %{{.*}}, %{{.*}} {hidden_size = 4 : i64, steps = 5 : i64} : (tensor<5x3x2xf16>, tensor<1x12x2xf16>, tensor<1x12x4xf16>) -> tensor<1x3x4xf16>
func.func @gru_defaults(%x: tensor<5x3x2xf16>, %w: tensor<1x12x2xf16>, %r: tensor<1x12x4xf16>) -> tensor<1x3x4xf16> {
  %0 = webnn.gru %x, %w, %r {steps = 5 : i64, hidden_size = 4 : i64} : (tensor<5x3x2xf16>, tensor<1x12x2xf16>, tensor<1x12x4xf16>) -> tensor<1x3x4xf16>
  return %0 : tensor<1x3x4xf16>
}

// -----

// CHECK-LABEL: func.func @cells
// CHECK: webnn.gruCell %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} bias %{{.*}} {{{.*}}reset_after = false{{.*}}} : {{.*}} -> tensor<3x4xf32>
// CHECK: webnn.lstmCell %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} peephole_weight %{{.*}} {hidden_size = 4 : i64} : {{.*}} -> (tensor<3x4xf32>, tensor<3x4xf32>)
func.func @cells(%x: tensor<3x2xf32>, %w3: tensor<12x2xf32>, %r3: tensor<12x4xf32>, %b3: tensor<12xf32>, %w4: tensor<16x2xf32>, %r4: tensor<16x4xf32>, %p: tensor<12xf32>, %h: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %0 = webnn.gruCell %x, %w3, %r3, %h bias %b3 {hidden_size = 4 : i64, reset_after = false} : (tensor<3x2xf32>, tensor<12x2xf32>, tensor<12x4xf32>, tensor<3x4xf32>, tensor<12xf32>) -> tensor<3x4xf32>
  %1:2 = webnn.lstmCell %x, %w4, %r4, %0, %h peephole_weight %p {hidden_size = 4 : i64} : (tensor<3x2xf32>, tensor<16x2xf32>, tensor<16x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>, tensor<12xf32>) -> (tensor<3x4xf32>, tensor<3x4xf32>)
  return %1#0 : tensor<3x4xf32>
}
