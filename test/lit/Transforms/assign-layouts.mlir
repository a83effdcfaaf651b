// RUN: webnn-opt %s --split-input-file --wnn-assign-layouts --canonicalize | FileCheck %s

// A residual block: both convolutions, the per-channel bias, relu, the
// residual add and the pool compute channels-last; only the graph's input
// and output are converted.
// CHECK-LABEL: func.func @residual_block
// CHECK-DAG:   %[[BIAS:.+]] = webnn.constant dense<1.000000e-01> : tensor<1x1x1x8xf32>
// CHECK:       %[[IN:.+]] = webnn.transpose %arg0 {permutation = array<i64: 0, 2, 3, 1>}
// CHECK:       %[[C1:.+]] = webnn.conv2d %[[IN]], %{{.+}} {input_layout = "nhwc"
// CHECK:       %[[A:.+]] = webnn.add %[[C1]], %[[BIAS]] : (tensor<1x16x16x8xf32>, tensor<1x1x1x8xf32>)
// CHECK:       %[[R:.+]] = webnn.relu %[[A]]
// CHECK:       %[[C2:.+]] = webnn.conv2d %[[R]], %{{.+}} {input_layout = "nhwc"
// CHECK:       %[[S:.+]] = webnn.add %[[C2]], %[[R]]
// CHECK:       %[[P:.+]] = webnn.maxPool2d %[[S]] {layout = "nhwc"
// CHECK:       %[[OUT:.+]] = webnn.transpose %[[P]] {permutation = array<i64: 0, 3, 1, 2>}
// CHECK:       return %[[OUT]]
func.func @residual_block(%x: tensor<1x8x16x16xf32>) -> tensor<1x8x8x8xf32> {
  %w = webnn.constant dense<0.5> : tensor<8x8x3x3xf32>
  %b = webnn.constant dense<0.1> : tensor<1x8x1x1xf32>
  %c = webnn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x16x16xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x16x16xf32>
  %a = webnn.add %c, %b : (tensor<1x8x16x16xf32>, tensor<1x8x1x1xf32>) -> tensor<1x8x16x16xf32>
  %r = webnn.relu %a : (tensor<1x8x16x16xf32>) -> tensor<1x8x16x16xf32>
  %c2 = webnn.conv2d %r, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x16x16xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x16x16xf32>
  %s = webnn.add %c2, %r : (tensor<1x8x16x16xf32>, tensor<1x8x16x16xf32>) -> tensor<1x8x16x16xf32>
  %p = webnn.maxPool2d %s {window_dimensions = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x8x16x16xf32>) -> tensor<1x8x8x8xf32>
  return %p : tensor<1x8x8x8xf32>
}

// -----

// A fan-out to two convolutions and a graph result; concat along channels.
// CHECK-LABEL: func.func @fan_out_concat
// CHECK:       %[[R:.+]] = webnn.relu %{{.+}} : (tensor<1x8x8x4xf32>)
// CHECK:       %[[RESULT:.+]] = webnn.transpose %[[R]] {permutation = array<i64: 0, 3, 1, 2>}
// CHECK:       %[[L:.+]] = webnn.conv2d %[[R]]
// CHECK:       %[[M:.+]] = webnn.conv2d %[[R]]
// CHECK:       %[[J:.+]] = webnn.concat %[[L]], %[[M]] {axis = 3 : i64}
// CHECK:       %[[OUT:.+]] = webnn.transpose %[[J]] {permutation = array<i64: 0, 3, 1, 2>}
// CHECK:       return %[[RESULT]], %[[OUT]]
func.func @fan_out_concat(%x: tensor<1x4x8x8xf32>) -> (tensor<1x4x8x8xf32>, tensor<1x8x8x8xf32>) {
  %w = webnn.constant dense<0.5> : tensor<4x4x1x1xf32>
  %c = webnn.conv2d %x, %w : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  %r = webnn.relu %c : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %l = webnn.conv2d %r, %w : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  %m = webnn.conv2d %r, %w : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  %j = webnn.concat %l, %m {axis = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x8x8x8xf32>
  return %r, %j : tensor<1x4x8x8xf32>, tensor<1x8x8x8xf32>
}

// -----

// Global pooling: the transpose to NCHW moves only unit dimensions and
// becomes a reshape. A flatten of channels with space keeps it.
// CHECK-LABEL: func.func @classifier_head
// CHECK:       %[[C:.+]] = webnn.conv2d
// CHECK:       %[[T:.+]] = webnn.transpose %[[C]] {permutation = array<i64: 0, 3, 1, 2>}
// CHECK:       %[[G:.+]] = webnn.averagePool2d %[[C]] {layout = "nhwc"}
// CHECK:       %[[F:.+]] = webnn.reshape %[[G]] {new_shape = array<i64: 1, 4>}
// CHECK:       %[[V:.+]] = webnn.reshape %[[T]] {new_shape = array<i64: 1, 256>}
// CHECK:       return %[[F]], %[[V]]
func.func @classifier_head(%x: tensor<1x4x8x8xf32>) -> (tensor<1x4xf32>, tensor<1x256xf32>) {
  %w = webnn.constant dense<0.5> : tensor<4x4x1x1xf32>
  %c = webnn.conv2d %x, %w : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  %g = webnn.averagePool2d %c : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
  %f = webnn.reshape %g {new_shape = array<i64: 1, 4>} : (tensor<1x4x1x1xf32>) -> tensor<1x4xf32>
  %v = webnn.reshape %c {new_shape = array<i64: 1, 256>} : (tensor<1x4x8x8xf32>) -> tensor<1x256xf32>
  return %f, %v : tensor<1x4xf32>, tensor<1x256xf32>
}

// -----

// Reductions and softmax renumber their axes; a full-size constant is
// transposed at compile time. A reduction over the moved dimensions needs
// no transpose after it.
// CHECK-LABEL: func.func @axes_follow
// CHECK-DAG:   %[[K:.+]] = webnn.constant dense<{{\[\[\[\[}}1.000000e+00, 1.700000e+01], [2.000000e+00, 1.800000e+01]{{.*}} : tensor<1x4x4x2xf32>
// CHECK:       %[[C:.+]] = webnn.conv2d
// CHECK:       %[[M:.+]] = webnn.reduceMean %[[C]] {axes = array<i64: 1, 2>}
// CHECK:       %[[S:.+]] = webnn.softmax %[[C]] {axis = 3 : i64}
// CHECK:       %[[A:.+]] = webnn.mul %[[S]], %[[K]]
// CHECK:       %[[OUT:.+]] = webnn.transpose %[[A]] {permutation = array<i64: 0, 3, 1, 2>}
// CHECK:       return %[[M]], %[[OUT]]
func.func @axes_follow(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2xf32>, tensor<1x2x4x4xf32>) {
  %w = webnn.constant dense<0.5> : tensor<2x2x1x1xf32>
  %k = webnn.constant dense<[[[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0], [9.0, 10.0, 11.0, 12.0], [13.0, 14.0, 15.0, 16.0]], [[17.0, 18.0, 19.0, 20.0], [21.0, 22.0, 23.0, 24.0], [25.0, 26.0, 27.0, 28.0], [29.0, 30.0, 31.0, 32.0]]]]> : tensor<1x2x4x4xf32>
  %c = webnn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %m = webnn.reduceMean %c {axes = array<i64: 2, 3>} : (tensor<1x2x4x4xf32>) -> tensor<1x2xf32>
  %s = webnn.softmax %c {axis = 1 : i64} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %a = webnn.mul %s, %k : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %m, %a : tensor<1x2xf32>, tensor<1x2x4x4xf32>
}

// -----

// A runtime operand in the original layout keeps the transpose where it is
// for the add; the reduction still takes the channels-last result.
// CHECK-LABEL: func.func @runtime_operand
// CHECK:       %[[C:.+]] = webnn.conv2d
// CHECK:       %[[T:.+]] = webnn.transpose %[[C]] {permutation = array<i64: 0, 3, 1, 2>}
// CHECK:       %[[D:.+]] = webnn.add %[[T]], %arg1
// CHECK:       %[[M:.+]] = webnn.reduceMax %[[C]] {axes = array<i64: 1, 2>, keep_dimensions = true}
// CHECK:       %[[R:.+]] = webnn.reshape %[[M]] {new_shape = array<i64: 1, 2, 1, 1>}
// CHECK:       return %[[D]], %[[R]]
func.func @runtime_operand(%x: tensor<1x2x4x4xf32>, %y: tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>) {
  %w = webnn.constant dense<0.5> : tensor<2x2x1x1xf32>
  %c = webnn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %d = webnn.add %c, %y : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %m = webnn.reduceMax %c {axes = array<i64: 2, 3>, keep_dimensions = true} : (tensor<1x2x4x4xf32>) -> tensor<1x2x1x1xf32>
  return %d, %m : tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>
}

// -----

// Data movement: pad, slice, resample2d and split renumber their
// per-dimension attributes.
// CHECK-LABEL: func.func @data_movement
// CHECK:       %[[C:.+]] = webnn.conv2d
// CHECK:       %[[U:.+]] = webnn.resample2d %[[C]] {axes = array<i64: 1, 2>
// CHECK:       %[[S:.+]] = webnn.slice %[[U]] {sizes = array<i64: 1, 8, 8, 4>, starts = array<i64: 0, 3, 3, 0>}
// CHECK:       %[[P:.+]] = webnn.pad %[[S]] {beginning_padding = array<i64: 0, 1, 1, 0>, ending_padding = array<i64: 0, 1, 1, 0>}
// CHECK:       %[[H:.+]]:2 = webnn.split %[[P]] {axis = 3 : i64
// CHECK:       %[[A:.+]] = webnn.transpose %[[H]]#0 {permutation = array<i64: 0, 3, 1, 2>}
// CHECK:       %[[B:.+]] = webnn.transpose %[[H]]#1 {permutation = array<i64: 0, 3, 1, 2>}
// CHECK:       return %[[A]], %[[B]]
func.func @data_movement(%x: tensor<1x4x8x8xf32>) -> (tensor<1x2x10x10xf32>, tensor<1x2x10x10xf32>) {
  %w = webnn.constant dense<0.5> : tensor<4x4x1x1xf32>
  %c = webnn.conv2d %x, %w : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  %u = webnn.resample2d %c {scales = array<f64: 2.0, 2.0>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x16x16xf32>
  %s = webnn.slice %u {starts = array<i64: 0, 0, 3, 3>, sizes = array<i64: 1, 4, 8, 8>} : (tensor<1x4x16x16xf32>) -> tensor<1x4x8x8xf32>
  %p = webnn.pad %s {beginning_padding = array<i64: 0, 0, 1, 1>, ending_padding = array<i64: 0, 0, 1, 1>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x10x10xf32>
  %a, %b = webnn.split %p {splits = array<i64: 2, 2>, axis = 1 : i64} : (tensor<1x4x10x10xf32>) -> (tensor<1x2x10x10xf32>, tensor<1x2x10x10xf32>)
  return %a, %b : tensor<1x2x10x10xf32>, tensor<1x2x10x10xf32>
}

// -----

// Transposed convolutions, instanceNormalization and the user's own
// transposes.
// CHECK-LABEL: func.func @others
// CHECK:       %[[IN:.+]] = webnn.transpose %arg0 {permutation = array<i64: 0, 2, 3, 1>}
// CHECK:       %[[T:.+]] = webnn.convTranspose2d %[[IN]], %{{.+}} {input_layout = "nhwc"
// CHECK:       %[[N:.+]] = webnn.instanceNormalization %[[T]] {layout = "nhwc"}
// CHECK-NOT:   webnn.transpose
// CHECK:       return %[[N]]
func.func @others(%x: tensor<1x2x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %w = webnn.constant dense<0.5> : tensor<2x2x3x3xf32>
  %t = webnn.convTranspose2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  %n = webnn.instanceNormalization %t : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %o = webnn.transpose %n {permutation = array<i64: 0, 2, 3, 1>} : (tensor<1x2x4x4xf32>) -> tensor<1x4x4x2xf32>
  return %o : tensor<1x4x4x2xf32>
}

// -----

// A transposed operand broadcast to a higher rank keeps its transpose (here
// one of unit dimensions only, so a reshape).
// CHECK-LABEL: func.func @broadcast_to_higher_rank
// CHECK:       %[[G:.+]] = webnn.maxPool2d %{{.+}} {layout = "nhwc"}
// CHECK:       %[[R:.+]] = webnn.reshape %[[G]] {new_shape = array<i64: 1, 4, 1, 1>}
// CHECK:       webnn.where %arg1, %{{.+}}, %[[R]] : (tensor<3x4x4x1x2xui8>, tensor<3x1x1x1x1xf32>, tensor<1x4x1x1xf32>)
func.func @broadcast_to_higher_rank(%x: tensor<1x4x6x6xf32>, %c: tensor<3x4x4x1x2xui8>) -> tensor<3x4x4x1x2xf32> {
  %k = webnn.constant dense<0.5> : tensor<3x1x1x1x1xf32>
  %g = webnn.maxPool2d %x : (tensor<1x4x6x6xf32>) -> tensor<1x4x1x1xf32>
  %w = webnn.where %c, %k, %g : (tensor<3x4x4x1x2xui8>, tensor<3x1x1x1x1xf32>, tensor<1x4x1x1xf32>) -> tensor<3x4x4x1x2xf32>
  return %w : tensor<3x4x4x1x2xf32>
}
