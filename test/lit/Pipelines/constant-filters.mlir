// Constant filters in any layout reach their kernels already re-laid out:
// no transpose of a filter is left for run time, on either kernel path.
// RUN: webnn-opt %s --pass-pipeline='builtin.module(webnn-to-linalg{onednn=false})' | FileCheck %s --check-prefix=CODEGEN
// RUN: webnn-opt %s --pass-pipeline='builtin.module(webnn-to-linalg{onednn=true})' | FileCheck %s --check-prefix=ONEDNN

// The generated convolution reads HWIO: an OIHW filter is transposed once,
// at compile time; the input still needs its NCHW -> NHWC transpose.
// CODEGEN-LABEL: func.func @main
// CODEGEN-NOT: linalg.transpose ins(%{{.*}} : tensor<4x2x3x3xf32>)
// CODEGEN: linalg.transpose ins(%{{.*}} : tensor<1x2x6x6xf32>)
// CODEGEN-NOT: linalg.transpose ins(%{{.*}} : tensor<4x2x3x3xf32>)
// CODEGEN: %[[W:.*]] = arith.constant dense<{{.*}}> : tensor<3x3x2x4xf32>
// CODEGEN-NOT: linalg.transpose ins(%{{.*}} : tensor<4x2x3x3xf32>)
// CODEGEN: linalg.conv_2d_nhwc_hwcf {{.*}} ins(%{{.*}}, %[[W]] :
// CODEGEN-NOT: linalg.transpose ins(%{{.*}} : tensor<4x2x3x3xf32>)

// oneDNN reads OIHW: an HWIO filter is transposed once, at compile time.
// ONEDNN-LABEL: func.func @main
// ONEDNN-NOT: linalg.transpose
// ONEDNN: wnn_rt.call @wnn_rt_conv2d

func.func @main(%x: tensor<1x2x6x6xf32> {webnn.name = "x"}) -> (tensor<1x4x4x4xf32> {webnn.name = "y"}, tensor<1x4x4x4xf32> {webnn.name = "z"}) {
  %w = webnn.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]], [[1.5, 2.5, 3.5], [4.5, 5.5, 6.5], [7.5, 8.5, 9.5]]],
                             [[[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9]], [[1.1, 1.2, 1.3], [1.4, 1.5, 1.6], [1.7, 1.8, 1.9]]],
                             [[[2.1, 2.2, 2.3], [2.4, 2.5, 2.6], [2.7, 2.8, 2.9]], [[3.1, 3.2, 3.3], [3.4, 3.5, 3.6], [3.7, 3.8, 3.9]]],
                             [[[4.1, 4.2, 4.3], [4.4, 4.5, 4.6], [4.7, 4.8, 4.9]], [[5.1, 5.2, 5.3], [5.4, 5.5, 5.6], [5.7, 5.8, 5.9]]]]> : tensor<4x2x3x3xf32>
  %y = webnn.conv2d %x, %w : (tensor<1x2x6x6xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x4x4xf32>
  %v = webnn.constant dense<0.25> : tensor<3x3x2x4xf32>
  %z = webnn.conv2d %x, %v {filter_layout = "hwio"} : (tensor<1x2x6x6xf32>, tensor<3x3x2x4xf32>) -> tensor<1x4x4x4xf32>
  return %y, %z : tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>
}
