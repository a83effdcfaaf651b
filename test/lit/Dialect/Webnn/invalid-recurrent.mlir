// RUN: webnn-opt %s -split-input-file -verify-diagnostics

// One case per validation step of gru, gruCell, lstm and lstmCell.

func.func @input_type(%x: tensor<1x1x2xi32>, %w: tensor<1x8x2xi32>, %r: tensor<1x8x2xi32>) {
  // expected-error @below {{input: data type int32 is not supported here}}
  // expected-error @below {{failed to infer returned types}}
  %0:2 = webnn.lstm %x, %w, %r {steps = 1 : i64, hidden_size = 2 : i64} : (tensor<1x1x2xi32>, tensor<1x8x2xi32>, tensor<1x8x2xi32>) -> (tensor<1x1x2xi32>, tensor<1x1x2xi32>)
  return
}

// -----

func.func @input_rank(%x: tensor<1x2xf32>, %w: tensor<1x8x2xf32>, %r: tensor<1x8x2xf32>) {
  // expected-error @below {{input: expected a 3-D tensor but got rank 2}}
  // expected-error @below {{failed to infer returned types}}
  %0:2 = webnn.lstm %x, %w, %r {steps = 1 : i64, hidden_size = 2 : i64} : (tensor<1x2xf32>, tensor<1x8x2xf32>, tensor<1x8x2xf32>) -> (tensor<1x1x2xf32>, tensor<1x1x2xf32>)
  return
}

// -----

func.func @steps_zero(%x: tensor<1x1x2xf32>, %w: tensor<1x6x2xf32>, %r: tensor<1x6x2xf32>) {
  // expected-error @below {{steps: must be positive but is 0}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gru %x, %w, %r {steps = 0 : i64, hidden_size = 2 : i64} : (tensor<1x1x2xf32>, tensor<1x6x2xf32>, tensor<1x6x2xf32>) -> tensor<1x1x2xf32>
  return
}

// -----

func.func @steps_mismatch(%x: tensor<2x1x2xf32>, %w: tensor<1x6x2xf32>, %r: tensor<1x6x2xf32>) {
  // expected-error @below {{input: its first dimension (2) does not match steps (3)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gru %x, %w, %r {steps = 3 : i64, hidden_size = 2 : i64} : (tensor<2x1x2xf32>, tensor<1x6x2xf32>, tensor<1x6x2xf32>) -> tensor<1x1x2xf32>
  return
}

// -----

func.func @hidden_size_zero(%x: tensor<1x2xf32>, %w: tensor<0x2xf32>, %r: tensor<0x0xf32>, %h: tensor<1x0xf32>) {
  // expected-error @below {{hiddenSize: must be positive but is 0}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gruCell %x, %w, %r, %h {hidden_size = 0 : i64} : (tensor<1x2xf32>, tensor<0x2xf32>, tensor<0x0xf32>, tensor<1x0xf32>) -> tensor<1x0xf32>
  return
}

// -----

func.func @hidden_size_overflow(%x: tensor<1x2xf32>, %w: tensor<8x2xf32>, %r: tensor<8x2xf32>, %h: tensor<1x2xf32>) {
  // expected-error @below {{hiddenSize: 2147483648 times 3 gates is too large}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gruCell %x, %w, %r, %h {hidden_size = 2147483648 : i64} : (tensor<1x2xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return
}

// -----

func.func @layout(%x: tensor<1x2xf32>, %w: tensor<6x2xf32>, %r: tensor<6x2xf32>, %h: tensor<1x2xf32>) {
  // expected-error @below {{layout: unknown layout 'iofg'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gruCell %x, %w, %r, %h {hidden_size = 2 : i64, layout = "iofg"} : (tensor<1x2xf32>, tensor<6x2xf32>, tensor<6x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return
}

// -----

func.func @direction(%x: tensor<1x1x2xf32>, %w: tensor<1x6x2xf32>, %r: tensor<1x6x2xf32>) {
  // expected-error @below {{direction: unknown direction 'sideways'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gru %x, %w, %r {steps = 1 : i64, hidden_size = 2 : i64, direction = "sideways"} : (tensor<1x1x2xf32>, tensor<1x6x2xf32>, tensor<1x6x2xf32>) -> tensor<1x1x2xf32>
  return
}

// -----

func.func @activation_count(%x: tensor<1x1x2xf32>, %w: tensor<1x8x2xf32>, %r: tensor<1x8x2xf32>) {
  // expected-error @below {{activations: expected 3 activations but got 2}}
  // expected-error @below {{failed to infer returned types}}
  %0:2 = webnn.lstm %x, %w, %r {steps = 1 : i64, hidden_size = 2 : i64, activations = ["relu", "tanh"]} : (tensor<1x1x2xf32>, tensor<1x8x2xf32>, tensor<1x8x2xf32>) -> (tensor<1x1x2xf32>, tensor<1x1x2xf32>)
  return
}

// -----

func.func @activation_name(%x: tensor<1x2xf32>, %w: tensor<6x2xf32>, %r: tensor<6x2xf32>, %h: tensor<1x2xf32>) {
  // expected-error @below {{activations: each must be 'relu', 'sigmoid' or 'tanh'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gruCell %x, %w, %r, %h {hidden_size = 2 : i64, activations = ["gelu", "tanh"]} : (tensor<1x2xf32>, tensor<6x2xf32>, tensor<6x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return
}

// -----

func.func @weight_type(%x: tensor<1x1x2xf32>, %w: tensor<1x6x2xf16>, %r: tensor<1x6x2xf32>) {
  // expected-error @below {{weight: data type float16 does not match the input's float32}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gru %x, %w, %r {steps = 1 : i64, hidden_size = 2 : i64} : (tensor<1x1x2xf32>, tensor<1x6x2xf16>, tensor<1x6x2xf32>) -> tensor<1x1x2xf32>
  return
}

// -----

func.func @weight_directions(%x: tensor<1x1x2xf32>, %w: tensor<1x6x2xf32>, %r: tensor<2x6x2xf32>) {
  // expected-error @below {{weight: expected shape [2, 6, 2] but got [1, 6, 2]}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gru %x, %w, %r {steps = 1 : i64, hidden_size = 2 : i64, direction = "both"} : (tensor<1x1x2xf32>, tensor<1x6x2xf32>, tensor<2x6x2xf32>) -> tensor<2x1x2xf32>
  return
}

// -----

func.func @recurrent_weight_shape(%x: tensor<1x2xf32>, %w: tensor<8x2xf32>, %r: tensor<8x3xf32>, %h: tensor<1x2xf32>) {
  // expected-error @below {{recurrentWeight: expected shape [8, 2] but got [8, 3]}}
  // expected-error @below {{failed to infer returned types}}
  %0:2 = webnn.lstmCell %x, %w, %r, %h, %h {hidden_size = 2 : i64} : (tensor<1x2xf32>, tensor<8x2xf32>, tensor<8x3xf32>, tensor<1x2xf32>, tensor<1x2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>)
  return
}

// -----

func.func @bias_shape(%x: tensor<1x2xf32>, %w: tensor<8x2xf32>, %r: tensor<8x2xf32>, %h: tensor<1x2xf32>, %b: tensor<6xf32>) {
  // expected-error @below {{recurrentBias: expected shape [8] but got [6]}}
  // expected-error @below {{failed to infer returned types}}
  %0:2 = webnn.lstmCell %x, %w, %r, %h, %h recurrent_bias %b {hidden_size = 2 : i64} : (tensor<1x2xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>, tensor<6xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>)
  return
}

// -----

func.func @peephole_shape(%x: tensor<1x2xf32>, %w: tensor<8x2xf32>, %r: tensor<8x2xf32>, %h: tensor<1x2xf32>, %p: tensor<8xf32>) {
  // expected-error @below {{peepholeWeight: expected shape [6] but got [8]}}
  // expected-error @below {{failed to infer returned types}}
  %0:2 = webnn.lstmCell %x, %w, %r, %h, %h peephole_weight %p {hidden_size = 2 : i64} : (tensor<1x2xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>, tensor<8xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>)
  return
}

// -----

func.func @hidden_state_shape(%x: tensor<1x2xf32>, %w: tensor<8x2xf32>, %r: tensor<8x2xf32>, %h: tensor<1x2xf32>, %c: tensor<2x2xf32>) {
  // expected-error @below {{cellState: expected shape [1, 2] but got [2, 2]}}
  // expected-error @below {{failed to infer returned types}}
  %0:2 = webnn.lstmCell %x, %w, %r, %h, %c {hidden_size = 2 : i64} : (tensor<1x2xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<1x2xf32>, tensor<2x2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>)
  return
}

// -----

func.func @initial_state_shape(%x: tensor<1x3x2xf32>, %w: tensor<1x6x2xf32>, %r: tensor<1x6x2xf32>, %h: tensor<1x1x2xf32>) {
  // expected-error @below {{initialHiddenState: expected shape [1, 3, 2] but got [1, 1, 2]}}
  // expected-error @below {{failed to infer returned types}}
  %0 = webnn.gru %x, %w, %r initial_hidden_state %h {steps = 1 : i64, hidden_size = 2 : i64} : (tensor<1x3x2xf32>, tensor<1x6x2xf32>, tensor<1x6x2xf32>, tensor<1x1x2xf32>) -> tensor<1x3x2xf32>
  return
}
