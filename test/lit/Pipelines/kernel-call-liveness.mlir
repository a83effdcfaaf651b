// RUN: webnn-opt %s -split-input-file -webnn-to-linalg -webnn-bufferize | FileCheck %s

// A tensor that several kernels read stays alive in the arena until the
// last of them has run: runtime calls and generated kernels take buffers, so
// bufferization and the arena planner see every read. %p (the arena bytes at
// P_OFFSET) is read by two oneDNN calls with a branch of calls and generated
// kernels between them, whose buffers must go elsewhere (they reuse each
// other's bytes, never %p's). The convolutions are NHWC, whose calls also
// take a residual add.

// CHECK-LABEL: func.func @two_calls
// CHECK: %[[OFF:.*]] = arith.constant [[P_OFFSET:[0-9]+]] : index
// CHECK-NEXT: %[[P:.*]] = memref.view %{{.*}}[%[[OFF]]][]
// CHECK-NEXT: wnn_rt.call @wnn_rt_conv2d({{.*}}) outs(%[[P]] :
// CHECK-NOT: arith.constant [[P_OFFSET]] : index
// CHECK: wnn_rt.call @wnn_rt_conv2d({{.*}}) ins(%[[P]],
// CHECK-NOT: arith.constant [[P_OFFSET]] : index
// CHECK: call @wnn_kernel(
// CHECK-NOT: arith.constant [[P_OFFSET]] : index
// CHECK: wnn_rt.call @wnn_rt_conv2d(
// CHECK-NOT: arith.constant [[P_OFFSET]] : index
// CHECK: call @wnn_kernel_0(
// CHECK-NOT: arith.constant [[P_OFFSET]] : index
// CHECK: wnn_rt.call @wnn_rt_conv2d({{.*}}) ins(%[[P]],
func.func @two_calls(%x: tensor<1x16x16x8xf32> {webnn.name = "x"}, %w: tensor<8x8x1x1xf32> {webnn.name = "w"}) -> (tensor<1x16x16x8xf32> {webnn.name = "y"}) {
  %p = webnn.conv2d %x, %w {input_layout = "nhwc"} : (tensor<1x16x16x8xf32>, tensor<8x8x1x1xf32>) -> tensor<1x16x16x8xf32>
  %a = webnn.conv2d %p, %w {input_layout = "nhwc"} : (tensor<1x16x16x8xf32>, tensor<8x8x1x1xf32>) -> tensor<1x16x16x8xf32>
  %b = webnn.exp %a : (tensor<1x16x16x8xf32>) -> tensor<1x16x16x8xf32>
  %c = webnn.conv2d %b, %w {input_layout = "nhwc"} : (tensor<1x16x16x8xf32>, tensor<8x8x1x1xf32>) -> tensor<1x16x16x8xf32>
  %d = webnn.exp %c : (tensor<1x16x16x8xf32>) -> tensor<1x16x16x8xf32>
  %e = webnn.conv2d %p, %w {input_layout = "nhwc"} : (tensor<1x16x16x8xf32>, tensor<8x8x1x1xf32>) -> tensor<1x16x16x8xf32>
  %f = webnn.add %e, %d : (tensor<1x16x16x8xf32>, tensor<1x16x16x8xf32>) -> tensor<1x16x16x8xf32>
  return %f : tensor<1x16x16x8xf32>
}

// -----

// Three calls read %p, the last after two branches.

// CHECK-LABEL: func.func @three_calls
// CHECK: %[[OFF:.*]] = arith.constant [[P_OFFSET:[0-9]+]] : index
// CHECK-NEXT: %[[P:.*]] = memref.view %{{.*}}[%[[OFF]]][]
// CHECK-NEXT: wnn_rt.call @wnn_rt_conv2d({{.*}}) outs(%[[P]] :
// CHECK-NOT: arith.constant [[P_OFFSET]] : index
// CHECK: wnn_rt.call @wnn_rt_conv2d({{.*}}) ins(%[[P]],
// CHECK-NOT: arith.constant [[P_OFFSET]] : index
// CHECK: wnn_rt.call @wnn_rt_conv2d({{.*}}) ins(%[[P]],
// CHECK-NOT: arith.constant [[P_OFFSET]] : index
// CHECK: call @wnn_kernel(
// CHECK-NOT: arith.constant [[P_OFFSET]] : index
// CHECK: wnn_rt.call @wnn_rt_conv2d({{.*}}) ins(%[[P]],
func.func @three_calls(%x: tensor<1x16x16x8xf32> {webnn.name = "x"}, %w: tensor<8x8x1x1xf32> {webnn.name = "w"}, %v: tensor<8x8x1x1xf32> {webnn.name = "v"}, %u: tensor<8x8x1x1xf32> {webnn.name = "u"}) -> (tensor<1x16x16x8xf32> {webnn.name = "y"}) {
  %p = webnn.conv2d %x, %w {input_layout = "nhwc"} : (tensor<1x16x16x8xf32>, tensor<8x8x1x1xf32>) -> tensor<1x16x16x8xf32>
  %a = webnn.conv2d %p, %w {input_layout = "nhwc"} : (tensor<1x16x16x8xf32>, tensor<8x8x1x1xf32>) -> tensor<1x16x16x8xf32>
  %b = webnn.exp %a : (tensor<1x16x16x8xf32>) -> tensor<1x16x16x8xf32>
  %c = webnn.conv2d %p, %v {input_layout = "nhwc"} : (tensor<1x16x16x8xf32>, tensor<8x8x1x1xf32>) -> tensor<1x16x16x8xf32>
  %d = webnn.exp %c : (tensor<1x16x16x8xf32>) -> tensor<1x16x16x8xf32>
  %e = webnn.mul %b, %d : (tensor<1x16x16x8xf32>, tensor<1x16x16x8xf32>) -> tensor<1x16x16x8xf32>
  %g = webnn.exp %e : (tensor<1x16x16x8xf32>) -> tensor<1x16x16x8xf32>
  %h = webnn.conv2d %p, %u {input_layout = "nhwc"} : (tensor<1x16x16x8xf32>, tensor<8x8x1x1xf32>) -> tensor<1x16x16x8xf32>
  %i = webnn.add %h, %g : (tensor<1x16x16x8xf32>, tensor<1x16x16x8xf32>) -> tensor<1x16x16x8xf32>
  return %i : tensor<1x16x16x8xf32>
}

// -----

// %p is read by a call and, after it, by a generated kernel.

// CHECK-LABEL: func.func @call_and_kernel
// CHECK: %[[OFF:.*]] = arith.constant [[P_OFFSET:[0-9]+]] : index
// CHECK-NEXT: %[[P:.*]] = memref.view %{{.*}}[%[[OFF]]][]
// CHECK-NEXT: wnn_rt.call @wnn_rt_conv2d({{.*}}) outs(%[[P]] :
// CHECK-NOT: arith.constant [[P_OFFSET]] : index
// CHECK: wnn_rt.call @wnn_rt_conv2d({{.*}}) ins(%[[P]],
// CHECK-NOT: arith.constant [[P_OFFSET]] : index
// CHECK: call @wnn_kernel(
// CHECK-NOT: arith.constant [[P_OFFSET]] : index
// CHECK: wnn_rt.call @wnn_rt_conv2d(
// CHECK-NOT: arith.constant [[P_OFFSET]] : index
// CHECK: call @wnn_kernel_0(%[[P]],
func.func @call_and_kernel(%x: tensor<1x16x16x8xf32> {webnn.name = "x"}, %w: tensor<8x8x1x1xf32> {webnn.name = "w"}) -> (tensor<1x16x16x8xf32> {webnn.name = "y"}) {
  %p = webnn.conv2d %x, %w {input_layout = "nhwc"} : (tensor<1x16x16x8xf32>, tensor<8x8x1x1xf32>) -> tensor<1x16x16x8xf32>
  %a = webnn.conv2d %p, %w {input_layout = "nhwc"} : (tensor<1x16x16x8xf32>, tensor<8x8x1x1xf32>) -> tensor<1x16x16x8xf32>
  %b = webnn.exp %a : (tensor<1x16x16x8xf32>) -> tensor<1x16x16x8xf32>
  %c = webnn.conv2d %b, %w {input_layout = "nhwc"} : (tensor<1x16x16x8xf32>, tensor<8x8x1x1xf32>) -> tensor<1x16x16x8xf32>
  %d = webnn.exp %c : (tensor<1x16x16x8xf32>) -> tensor<1x16x16x8xf32>
  %f = webnn.sub %p, %d : (tensor<1x16x16x8xf32>, tensor<1x16x16x8xf32>) -> tensor<1x16x16x8xf32>
  return %f : tensor<1x16x16x8xf32>
}
