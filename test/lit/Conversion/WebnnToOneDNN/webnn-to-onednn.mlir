// RUN: webnn-opt %s -split-input-file -convert-webnn-to-onednn | FileCheck %s

// conv2d followed by relu: one kernel call on tensors, in destination-passing
// style; the params end with one post-op record (count 1, WNN_POST_RELU = 1,
// alpha 0, beta 0).

// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[CTX:.*]]: i64 {webnn.context}, %[[X:.*]]: tensor<1x3x8x8xf32> {webnn.name = "x"}, %[[W:.*]]: tensor<4x3x3x3xf32> {webnn.name = "w"})
// CHECK-NOT: webnn.relu
// CHECK-NOT: webnn.conv2d
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<1x4x6x6xf32>
// CHECK: %[[Y:.*]] = wnn_rt.call @wnn_rt_conv2d(%[[CTX]]) params([1, 3, 8, 8, 4, 3, 3, 6, 6, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0])
// CHECK-SAME: ins(%[[X]], %[[W]] : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%[[INIT]] : tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
// CHECK-NOT: wnn_rt.call
// CHECK-NOT: webnn.relu
// CHECK: return %[[Y]]
func.func @main(%x: tensor<1x3x8x8xf32> {webnn.name = "x"}, %w: tensor<4x3x3x3xf32> {webnn.name = "w"}) -> (tensor<1x4x6x6xf32> {webnn.name = "y"}) {
  %0 = webnn.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  %1 = webnn.relu %0 : (tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return %1 : tensor<1x4x6x6xf32>
}

// -----

// conv2d (NHWC) + add(residual): the residual is the last input and the
// post-op record is WNN_POST_ADD_TENSOR = 10.

// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[CTX:.*]]: i64 {webnn.context}, %[[X:.*]]: tensor<1x8x8x3xf32> {webnn.name = "x"}, %[[W:.*]]: tensor<4x3x3x3xf32> {webnn.name = "w"}, %[[R:.*]]: tensor<1x6x6x4xf32> {webnn.name = "r"})
// CHECK-NOT: webnn.add
// CHECK: wnn_rt.call @wnn_rt_conv2d(%[[CTX]]) params([1, 3, 8, 8, 4, 3, 3, 6, 6, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 1, 10, 0, 0])
// CHECK-SAME: ins(%[[X]], %[[W]], %[[R]] :
// CHECK-NOT: webnn.add
func.func @main(%x: tensor<1x8x8x3xf32> {webnn.name = "x"}, %w: tensor<4x3x3x3xf32> {webnn.name = "w"}, %r: tensor<1x6x6x4xf32> {webnn.name = "r"}) -> (tensor<1x6x6x4xf32> {webnn.name = "y"}) {
  %0 = webnn.conv2d %x, %w {input_layout = "nhwc"} : (tensor<1x8x8x3xf32>, tensor<4x3x3x3xf32>) -> tensor<1x6x6x4xf32>
  %1 = webnn.add %0, %r : (tensor<1x6x6x4xf32>, tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  return %1 : tensor<1x6x6x4xf32>
}

// -----

// An NCHW convolution keeps its residual add out of the call, so that
// oneDNN may compute it in a blocked layout; the activation before the add
// still fuses.

// CHECK-LABEL: func.func @main
// CHECK: %[[Y:.*]] = wnn_rt.call @wnn_rt_conv2d({{.*}}) params([1, 3, 8, 8, 4, 3, 3, 6, 6, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0])
// CHECK: webnn.add %[[Y]],
func.func @main(%x: tensor<1x3x8x8xf32> {webnn.name = "x"}, %w: tensor<4x3x3x3xf32> {webnn.name = "w"}, %r: tensor<1x4x6x6xf32> {webnn.name = "r"}) -> (tensor<1x4x6x6xf32> {webnn.name = "y"}) {
  %0 = webnn.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  %1 = webnn.relu %0 : (tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  %2 = webnn.add %1, %r : (tensor<1x4x6x6xf32>, tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return %2 : tensor<1x4x6x6xf32>
}

// -----

// gemm with beta != 1: beta is folded into c by a webnn.mul computed by
// generated code; alpha (2.0 = 0x4000000000000000) is in the params.

// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[CTX:.*]]: i64 {webnn.context}, %[[A:.*]]: tensor<2x3xf32> {webnn.name = "a"}, %[[B:.*]]: tensor<3x4xf32> {webnn.name = "b"}, %[[C:.*]]: tensor<4xf32> {webnn.name = "c"})
// CHECK: %[[BETA:.*]] = webnn.constant dense<5.000000e-01> : tensor<f32>
// CHECK: %[[SCALED:.*]] = webnn.mul %[[C]], %[[BETA]] : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NOT: webnn.gemm
// CHECK: wnn_rt.call @wnn_rt_matmul(%[[CTX]]) params([2, 2, 3, 3, 4, 2, 4, 0, 0, 4611686018427387904, 1, 1, 4, 0])
// CHECK-SAME: ins(%[[A]], %[[B]], %[[SCALED]] :
func.func @main(%a: tensor<2x3xf32> {webnn.name = "a"}, %b: tensor<3x4xf32> {webnn.name = "b"}, %c: tensor<4xf32> {webnn.name = "c"}) -> (tensor<2x4xf32> {webnn.name = "y"}) {
  %0 = webnn.gemm %a, %b c %c {alpha = 2.0 : f64, beta = 0.5 : f64} : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// gemm with beta == 0 drops c entirely.

// CHECK-LABEL: func.func @main
// CHECK-NOT: webnn.mul
// CHECK-NOT: webnn.constant
// CHECK: wnn_rt.call @wnn_rt_matmul(%{{.*}}) params([2, 2, 3, 3, 4, 2, 4, 0, 0, 4607182418800017408, 0, 0, 0, 0])
// CHECK-SAME: ins(%{{[^,]*}}, %{{[^,]*}} : tensor<2x3xf32>, tensor<3x4xf32>)
func.func @main(%a: tensor<2x3xf32> {webnn.name = "a"}, %b: tensor<3x4xf32> {webnn.name = "b"}, %c: tensor<4xf32> {webnn.name = "c"}) -> (tensor<2x4xf32> {webnn.name = "y"}) {
  %0 = webnn.gemm %a, %b c %c {beta = 0.0 : f64} : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// matmul becomes a kernel call too.

// CHECK-LABEL: func.func @main
// CHECK-SAME: %{{.*}}: i64 {webnn.context}
// CHECK-NOT: webnn.matmul
// CHECK: wnn_rt.call @wnn_rt_matmul

func.func @main(%a: tensor<2x3xf32> {webnn.name = "a"}, %b: tensor<3x4xf32> {webnn.name = "b"}) -> (tensor<2x4xf32> {webnn.name = "y"}) {
  %0 = webnn.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// No kernel op: the graph is left unchanged (no context argument either).

// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[A:.*]]: tensor<4xf32> {webnn.name = "a"}) -> (tensor<4xf32> {webnn.name = "y"})
// CHECK-NOT: webnn.context
// CHECK: %[[R:.*]] = webnn.relu %[[A]] : (tensor<4xf32>) -> tensor<4xf32>
// CHECK: return %[[R]]
// CHECK-NOT: wnn_rt.call
func.func @main(%a: tensor<4xf32> {webnn.name = "a"}) -> (tensor<4xf32> {webnn.name = "y"}) {
  %0 = webnn.relu %a : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// conv2d -> relu -> add(residual) -> relu (the residual-block pattern): one
// call with three post-op records: relu, add tensor, relu.

// CHECK-LABEL: func.func @main
// CHECK-NOT: webnn.relu
// CHECK-NOT: webnn.add
// CHECK: wnn_rt.call @wnn_rt_conv2d(%{{.*}}) params([1, 3, 8, 8, 4, 3, 3, 6, 6, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 3, 1, 0, 0, 10, 0, 0, 1, 0, 0])
// CHECK-NOT: webnn.relu
// CHECK: return
func.func @main(%x: tensor<1x8x8x3xf32> {webnn.name = "x"}, %w: tensor<4x3x3x3xf32> {webnn.name = "w"}, %r: tensor<1x6x6x4xf32> {webnn.name = "r"}) -> (tensor<1x6x6x4xf32> {webnn.name = "y"}) {
  %0 = webnn.conv2d %x, %w {input_layout = "nhwc"} : (tensor<1x8x8x3xf32>, tensor<4x3x3x3xf32>) -> tensor<1x6x6x4xf32>
  %1 = webnn.relu %0 : (tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  %2 = webnn.add %1, %r : (tensor<1x6x6x4xf32>, tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  %3 = webnn.relu %2 : (tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  return %3 : tensor<1x6x6x4xf32>
}

// -----

// A tensor read by two kernels (the fan-out of a residual block's shortcut)
// is an operand of both calls: nothing hides the second read.

// CHECK-LABEL: func.func @main
// CHECK-SAME: %[[X:[^:]*]]: tensor<1x6x6x4xf32> {webnn.name = "x"}
// CHECK: %[[P:.*]] = webnn.relu %[[X]]
// CHECK: %[[A:.*]] = wnn_rt.call @wnn_rt_conv2d({{.*}}) ins(%[[P]], %{{[^ ]*}} :
// CHECK: %[[B:.*]] = webnn.exp %[[A]]
// CHECK: wnn_rt.call @wnn_rt_conv2d({{.*}}) ins(%[[P]], %{{[^ ]*}}, %[[B]] :
func.func @main(%x: tensor<1x6x6x4xf32> {webnn.name = "x"}, %w: tensor<4x4x1x1xf32> {webnn.name = "w"}) -> (tensor<1x6x6x4xf32> {webnn.name = "y"}) {
  %p = webnn.relu %x : (tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  %a = webnn.conv2d %p, %w {input_layout = "nhwc"} : (tensor<1x6x6x4xf32>, tensor<4x4x1x1xf32>) -> tensor<1x6x6x4xf32>
  %b = webnn.exp %a : (tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  %c = webnn.conv2d %p, %w {input_layout = "nhwc"} : (tensor<1x6x6x4xf32>, tensor<4x4x1x1xf32>) -> tensor<1x6x6x4xf32>
  %d = webnn.add %c, %b : (tensor<1x6x6x4xf32>, tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  return %d : tensor<1x6x6x4xf32>
}

// -----

// A convolution whose output has a unit spatial dimension keeps its residual
// add out of the call: oneDNN would take the residual for a broadcast one.

// CHECK-LABEL: func.func @main
// CHECK: %[[Y:.*]] = wnn_rt.call @wnn_rt_conv2d({{.*}}) params([1, 3, 8, 1, 4, 3, 1, 6, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0])
// CHECK: webnn.add %[[Y]],
func.func @main(%x: tensor<1x3x8x1xf32> {webnn.name = "x"}, %w: tensor<4x3x3x1xf32> {webnn.name = "w"}, %r: tensor<1x4x6x1xf32> {webnn.name = "r"}) -> (tensor<1x4x6x1xf32> {webnn.name = "y"}) {
  %0 = webnn.conv2d %x, %w : (tensor<1x3x8x1xf32>, tensor<4x3x3x1xf32>) -> tensor<1x4x6x1xf32>
  %1 = webnn.add %0, %r : (tensor<1x4x6x1xf32>, tensor<1x4x6x1xf32>) -> tensor<1x4x6x1xf32>
  return %1 : tensor<1x4x6x1xf32>
}

// -----

// A grouped convolution that is not depthwise keeps its residual add out of
// the call (oneDNN's gemm-based convolution would add it wrongly); a
// depthwise one takes it.

// CHECK-LABEL: func.func @main
// CHECK: %[[G:.*]] = wnn_rt.call @wnn_rt_conv2d({{.*}}) params([1, 8, 6, 6, 4, 1, 1, 6, 6, 2, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 0])
// CHECK: %[[S:.*]] = webnn.add %[[G]],
// CHECK: wnn_rt.call @wnn_rt_conv2d({{.*}}) params([1, 4, 6, 6, 4, 1, 1, 6, 6, 4, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 1, 10, 0, 0]) ins(%[[S]], %{{[^ ]*}}, %{{[^ ]*}} :
// CHECK-NOT: webnn.add
func.func @main(%x: tensor<1x6x6x8xf32> {webnn.name = "x"}, %w: tensor<4x4x1x1xf32> {webnn.name = "w"}, %d: tensor<4x1x1x1xf32> {webnn.name = "d"}, %r: tensor<1x6x6x4xf32> {webnn.name = "r"}) -> (tensor<1x6x6x4xf32> {webnn.name = "y"}) {
  %0 = webnn.conv2d %x, %w {input_layout = "nhwc", groups = 2 : i64} : (tensor<1x6x6x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x6x6x4xf32>
  %1 = webnn.add %0, %r : (tensor<1x6x6x4xf32>, tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  %2 = webnn.conv2d %1, %d {input_layout = "nhwc", groups = 4 : i64} : (tensor<1x6x6x4xf32>, tensor<4x1x1x1xf32>) -> tensor<1x6x6x4xf32>
  %3 = webnn.add %2, %r : (tensor<1x6x6x4xf32>, tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  return %3 : tensor<1x6x6x4xf32>
}

// -----

// matmul -> relu -> add -> leakyRelu: oneDNN would run the second relu-family
// post-op with the first one's slope, so the leakyRelu stays out of the call.
// Two relus (the same slope) both fold in, as in the residual block above.

// CHECK-LABEL: func.func @main
// CHECK: %[[Y:.*]] = wnn_rt.call @wnn_rt_matmul({{.*}}) params([{{.*}}, 2, 1, 0, 0, 10, 0, 0])
// CHECK: webnn.leakyRelu %[[Y]]
func.func @main(%a: tensor<8x4xf32> {webnn.name = "a"}, %b: tensor<4x6xf32> {webnn.name = "b"}, %r: tensor<8x6xf32> {webnn.name = "r"}) -> (tensor<8x6xf32> {webnn.name = "y"}) {
  %0 = webnn.matmul %a, %b : (tensor<8x4xf32>, tensor<4x6xf32>) -> tensor<8x6xf32>
  %1 = webnn.relu %0 : (tensor<8x6xf32>) -> tensor<8x6xf32>
  %2 = webnn.add %1, %r : (tensor<8x6xf32>, tensor<8x6xf32>) -> tensor<8x6xf32>
  %3 = webnn.leakyRelu %2 {alpha = 0.5 : f64} : (tensor<8x6xf32>) -> tensor<8x6xf32>
  return %3 : tensor<8x6xf32>
}
