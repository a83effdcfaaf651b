// RUN: webnn-opt %s -split-input-file -wnn-decompose-conv-transpose | FileCheck %s

// Stride 2: a unit axis after each spatial axis padded by 1 zero, merged,
// and the trailing zero cut off; the filter's channel axes swapped and its
// window flipped; the convolution pads by the filter's reach (2).

// CHECK-LABEL: func.func @strided
// CHECK: webnn.reshape %{{.*}} {new_shape = array<i64: 1, 3, 4, 1, 4>}
// CHECK: webnn.pad %{{.*}} {beginning_padding = array<i64: 0, 0, 0, 0, 0>, ending_padding = array<i64: 0, 0, 0, 1, 0>
// CHECK: webnn.reshape %{{.*}} {new_shape = array<i64: 1, 3, 8, 4>}
// CHECK: webnn.slice %{{.*}} {sizes = array<i64: 1, 3, 7, 4>, starts = array<i64: 0, 0, 0, 0>}
// CHECK: webnn.slice %{{.*}} {sizes = array<i64: 1, 3, 7, 7>, starts = array<i64: 0, 0, 0, 0>}
// CHECK: webnn.transpose %{{.*}} {permutation = array<i64: 0, 2, 1, 3, 4>}
// CHECK: %[[W:.*]] = webnn.reverse %{{.*}} {axes = array<i64: 2, 3>} : (tensor<2x3x3x3xf32>)
// CHECK: %[[Y:.*]] = webnn.conv2d %{{.*}}, %[[W]] bias %{{.*}} {{{.*}}padding = array<i64: 2, 3, 2, 2>{{.*}}} : (tensor<1x3x7x7xf32>, tensor<2x3x3x3xf32>, tensor<2xf32>) -> tensor<1x2x10x9xf32>
// CHECK: return %[[Y]]
func.func @strided(%x: tensor<1x3x4x4xf32>, %w: tensor<3x2x3x3xf32>, %b: tensor<2xf32>) -> tensor<1x2x10x9xf32> {
  %0 = webnn.convTranspose2d %x, %w bias %b {strides = array<i64: 2, 2>, output_padding = array<i64: 1, 0>} : (tensor<1x3x4x4xf32>, tensor<3x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x10x9xf32>
  return %0 : tensor<1x2x10x9xf32>
}

// -----

// Padding beyond the filter's reach (3 > 1) crops the input instead.

// CHECK-LABEL: func.func @cropped
// CHECK: webnn.slice %{{.*}} {sizes = array<i64: 1, 1, 3, 5>, starts = array<i64: 0, 0, 2, 0>}
// CHECK: webnn.conv2d {{.*}}padding = array<i64: 0, 1, 1, 0>{{.*}} -> tensor<1x1x3x5xf32>
func.func @cropped(%x: tensor<1x1x5x5xf32>, %w: tensor<1x1x2x2xf32>) -> tensor<1x1x3x5xf32> {
  %0 = webnn.convTranspose2d %x, %w {padding = array<i64: 3, 0, 0, 1>} : (tensor<1x1x5x5xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x3x5xf32>
  return %0 : tensor<1x1x3x5xf32>
}
