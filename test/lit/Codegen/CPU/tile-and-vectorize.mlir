// RUN: webnn-opt %s -split-input-file -wnn-tile-and-vectorize | FileCheck %s
// RUN: webnn-opt %s -split-input-file \
// RUN:   -wnn-tile-and-vectorize="vector-bits=256 vector-registers=16" \
// RUN:   | FileCheck %s --check-prefix=AVX2

// A 20x16x70 matmul on AVX-512: 8x32 register blocks, reduction innermost
// with one step per block. The 4-row and 6-column remainders are peeled
// into blocks of their own, so every block is static and vectorized.

// CHECK-LABEL: func.func @matmul
// CHECK-NOT: linalg.generic
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for
// CHECK: vector.contract {{.*}} : vector<8x1xf32>, vector<1x32xf32> into vector<8x32xf32>
// CHECK: vector.contract {{.*}} : vector<8x1xf32>, vector<1x6xf32> into vector<8x6xf32>
// CHECK: vector.contract {{.*}} : vector<4x1xf32>, vector<1x32xf32> into vector<4x32xf32>
// CHECK: vector.contract {{.*}} : vector<4x1xf32>, vector<1x6xf32> into vector<4x6xf32>
// CHECK-NOT: vector.contract

// AVX2 keeps 6x16 blocks (12 accumulators of 16 registers).
// AVX2-LABEL: func.func @matmul
// AVX2: vector.contract {{.*}} : vector<6x1xf32>, vector<1x16xf32> into vector<6x16xf32>
// AVX2: vector.contract {{.*}} : vector<6x1xf32>, vector<1x6xf32> into vector<6x6xf32>
// AVX2: vector.contract {{.*}} : vector<2x1xf32>, vector<1x16xf32> into vector<2x16xf32>
// AVX2: vector.contract {{.*}} : vector<2x1xf32>, vector<1x6xf32> into vector<2x6xf32>
#a = affine_map<(m, k, n) -> (m, k)>
#b = affine_map<(m, k, n) -> (k, n)>
#c = affine_map<(m, k, n) -> (m, n)>
func.func @matmul(%a: tensor<20x16xf32>, %b: tensor<16x70xf32>, %acc: tensor<20x70xf32>) -> tensor<20x70xf32> {
  %0 = linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : tensor<20x16xf32>, tensor<16x70xf32>) outs(%acc : tensor<20x70xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %z, %p : f32
    linalg.yield %s : f32
  } -> tensor<20x70xf32>
  return %0 : tensor<20x70xf32>
}

// -----

// One row (a matrix-vector product): the block widens to 8 vectors so that
// independent accumulators hide the FMA latency.

// CHECK-LABEL: func.func @vecmat
// CHECK: vector.contract {{.*}} : vector<1x1xf32>, vector<1x128xf32> into vector<1x128xf32>
// CHECK: vector.contract {{.*}} : vector<1x1xf32>, vector<1x104xf32> into vector<1x104xf32>
// AVX2-LABEL: func.func @vecmat
// AVX2: vector.contract {{.*}} : vector<1x1xf32>, vector<1x64xf32> into vector<1x64xf32>
#a = affine_map<(m, k, n) -> (m, k)>
#b = affine_map<(m, k, n) -> (k, n)>
#c = affine_map<(m, k, n) -> (m, n)>
func.func @vecmat(%a: tensor<1x64xf32>, %b: tensor<64x1000xf32>, %acc: tensor<1x1000xf32>) -> tensor<1x1000xf32> {
  %0 = linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : tensor<1x64xf32>, tensor<64x1000xf32>) outs(%acc : tensor<1x1000xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %z, %p : f32
    linalg.yield %s : f32
  } -> tensor<1x1000xf32>
  return %0 : tensor<1x1000xf32>
}

// -----

// Large operands are first split into cache blocks (64 rows, 128 columns,
// 256-deep reductions), then into register blocks; batch dims go one by one.

// CHECK-LABEL: func.func @batch_matmul
// CHECK-DAG: %[[C64:.*]] = arith.constant 64 : index
// CHECK-DAG: %[[C128:.*]] = arith.constant 128 : index
// CHECK-DAG: %[[C256:.*]] = arith.constant 256 : index
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %[[C64]] iter_args
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %[[C128]] iter_args
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %[[C256]] iter_args
// CHECK: vector.contract {{.*}} : vector<1x8x1xf32>, vector<1x1x32xf32> into vector<1x8x32xf32>
// CHECK-NOT: vector.contract
#a = affine_map<(b, m, k, n) -> (b, m, k)>
#b = affine_map<(b, m, k, n) -> (b, k, n)>
#c = affine_map<(b, m, k, n) -> (b, m, n)>
func.func @batch_matmul(%a: tensor<2x128x512xf32>, %b: tensor<2x512x256xf32>, %acc: tensor<2x128x256xf32>) -> tensor<2x128x256xf32> {
  %0 = linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction", "parallel"]}
      ins(%a, %b : tensor<2x128x512xf32>, tensor<2x512x256xf32>) outs(%acc : tensor<2x128x256xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %z, %p : f32
    linalg.yield %s : f32
  } -> tensor<2x128x256xf32>
  return %0 : tensor<2x128x256xf32>
}

// -----

// A convolution block is one output row of 8 pixels by 32 channels; the
// filter taps and input channels are reduction loops of one step, and the
// block becomes a 1-D convolution, vectorized as an outer product.

// CHECK-LABEL: func.func @conv
// CHECK-NOT: linalg.conv
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for
// CHECK: vector.contract {{.*}} : vector<1x8x1xf32>, vector<1x32xf32> into vector<1x8x32xf32>
// CHECK-NOT: linalg.conv
func.func @conv(%x: tensor<1x10x10x4xf32>, %w: tensor<3x3x4x32xf32>, %acc: tensor<1x8x8x32xf32>) -> tensor<1x8x8x32xf32> {
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x10x10x4xf32>, tensor<3x3x4x32xf32>) outs(%acc : tensor<1x8x8x32xf32>) -> tensor<1x8x8x32xf32>
  return %0 : tensor<1x8x8x32xf32>
}

// -----

// A depthwise block keeps the whole filter row: the strided input window is
// read once and each of the 3 taps is an FMA per output pixel.

// CHECK-LABEL: func.func @depthwise
// CHECK-NOT: linalg.depthwise
// CHECK: vector.transfer_read {{.*}} : tensor<1x10x10x32xf32>, vector<1x9x32xf32>
// CHECK: vector.transfer_read {{.*}} : tensor<3x3x32xf32>, vector<3x32xf32>
// CHECK-COUNT-12: vector.fma
// CHECK-NOT: vector.fma
// AVX2's 16 registers hold 3 output pixels of one vector, the 7 pixels of
// their strided window and the 3 taps; the fourth pixel is a peeled block.
// AVX2-LABEL: func.func @depthwise
// AVX2-DAG: vector.transfer_read {{.*}} : tensor<1x10x10x32xf32>, vector<1x7x8xf32>
// AVX2-DAG: vector.transfer_read {{.*}} : tensor<1x4x4x32xf32>, vector<1x3x8xf32>
// AVX2-DAG: vector.transfer_read {{.*}} : tensor<1x4x4x32xf32>, vector<1x1x8xf32>
func.func @depthwise(%x: tensor<1x10x10x32xf32>, %w: tensor<3x3x32xf32>, %acc: tensor<1x4x4x32xf32>) -> tensor<1x4x4x32xf32> {
  %0 = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : tensor<1x10x10x32xf32>, tensor<3x3x32xf32>) outs(%acc : tensor<1x4x4x32xf32>) -> tensor<1x4x4x32xf32>
  return %0 : tensor<1x4x4x32xf32>
}

// -----

// An NHWC pool is blocked like a depthwise convolution: 4 output pixels by
// 32 channels, the whole window row per step, 12 vector maxima.

// CHECK-LABEL: func.func @max_pool
// CHECK-NOT: linalg.pooling
// CHECK: vector.transfer_read {{.*}} : tensor<1x10x10x32xf32>, vector<1x9x32xf32>
// CHECK-COUNT-12: arith.maximumf {{.*}} : vector<1x1x32xf32>
// CHECK-NOT: linalg.pooling
func.func @max_pool(%x: tensor<1x10x10x32xf32>, %w: tensor<3x3xf32>, %acc: tensor<1x4x4x32xf32>) -> tensor<1x4x4x32xf32> {
  %0 = linalg.pooling_nhwc_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : tensor<1x10x10x32xf32>, tensor<3x3xf32>) outs(%acc : tensor<1x4x4x32xf32>) -> tensor<1x4x4x32xf32>
  return %0 : tensor<1x4x4x32xf32>
}

// -----

// The zero fill and the element-wise consumer (bias + relu) are computed in
// the convolution's register blocks: the accumulators start as a zero
// vector, stay in registers through the kh, kw and c loops, and the consumer
// applies to them before the only store. No intermediate tensor is left.

// CHECK-LABEL: func.func @conv_bias_relu
// CHECK-SAME: (%[[X:.*]]: tensor<1x10x10x4xf32>, %[[W:.*]]: tensor<3x3x4x32xf32>, %[[B:.*]]: tensor<32xf32>)
// CHECK-DAG: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<1x8x32xf32>
// CHECK-DAG: %[[OUT:.*]] = tensor.empty() : tensor<1x8x8x32xf32>
// CHECK-NOT: linalg.
// CHECK: scf.for %[[OH:.*]] = {{.*}} iter_args(%[[ACC:.*]] = %[[OUT]])
// CHECK: %[[SUM:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[ZERO]]) -> (vector<1x8x32xf32>)
// CHECK: scf.for {{.*}} -> (vector<1x8x32xf32>)
// CHECK: scf.for {{.*}} -> (vector<1x8x32xf32>)
// CHECK: vector.contract
// CHECK: %[[BIASED:.*]] = arith.addf
// CHECK: %[[RELU:.*]] = arith.maximumf %[[BIASED]]
// CHECK: vector.transfer_write %[[RELU]], %[[ACC]][%{{.*}}, %[[OH]], %{{.*}}, %{{.*}}]
// CHECK-NOT: linalg.
#bias = affine_map<(n, h, w, c) -> (c)>
#id = affine_map<(n, h, w, c) -> (n, h, w, c)>
func.func @conv_bias_relu(%x: tensor<1x10x10x4xf32>, %w: tensor<3x3x4x32xf32>, %b: tensor<32xf32>) -> tensor<1x8x8x32xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<1x8x8x32xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%empty : tensor<1x8x8x32xf32>) -> tensor<1x8x8x32xf32>
  %conv = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x10x10x4xf32>, tensor<3x3x4x32xf32>) outs(%acc : tensor<1x8x8x32xf32>) -> tensor<1x8x8x32xf32>
  %out = tensor.empty() : tensor<1x8x8x32xf32>
  %y = linalg.generic {indexing_maps = [#id, #bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%conv, %b : tensor<1x8x8x32xf32>, tensor<32xf32>) outs(%out : tensor<1x8x8x32xf32>) {
  ^bb0(%c: f32, %bb: f32, %o: f32):
    %s = arith.addf %c, %bb : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x8x8x32xf32>
  return %y : tensor<1x8x8x32xf32>
}

// -----

// With cache blocks, the fill and the consumer are computed per cache block
// (64x128 here), in rows of 128 columns, right after the block's
// accumulation while it is in cache.

// The accumulation has a buffer of its own (an alloc_tensor, which CSE
// never merges with the result's empty tensor), so bufferization need not
// copy anything inside the loops.
// CHECK-LABEL: func.func @matmul_relu
// CHECK-DAG: %[[ACC:.*]] = bufferization.alloc_tensor() : tensor<128x256xf32>
// CHECK-DAG: %[[OUT:.*]] = tensor.empty() : tensor<128x256xf32>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[OUT]]) -> (tensor<128x256xf32>)
// CHECK: tensor.extract_slice %[[ACC]]
// CHECK: vector.transfer_write %{{.*}} : vector<1x128xf32>, tensor<64x128xf32>
// CHECK: vector.contract {{.*}} : vector<8x1xf32>, vector<1x32xf32> into vector<8x32xf32>
// CHECK: arith.maximumf %{{.*}} : vector<1x128xf32>
#a = affine_map<(m, k, n) -> (m, k)>
#b = affine_map<(m, k, n) -> (k, n)>
#c = affine_map<(m, k, n) -> (m, n)>
#id2 = affine_map<(m, n) -> (m, n)>
func.func @matmul_relu(%a: tensor<128x512xf32>, %b: tensor<512x256xf32>) -> tensor<128x256xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<128x256xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%empty : tensor<128x256xf32>) -> tensor<128x256xf32>
  // The same empty tensor is the consumer's destination, as after CSE.
  %mm = linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : tensor<128x512xf32>, tensor<512x256xf32>) outs(%acc : tensor<128x256xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %z, %p : f32
    linalg.yield %s : f32
  } -> tensor<128x256xf32>
  %r = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%mm : tensor<128x256xf32>) outs(%empty : tensor<128x256xf32>) {
  ^bb0(%v: f32, %o: f32):
    %m = arith.maximumf %v, %zero : f32
    linalg.yield %m : f32
  } -> tensor<128x256xf32>
  return %r : tensor<128x256xf32>
}

// -----

// Integer contractions and grouped convolutions keep their scalar loops.

// CHECK-LABEL: func.func @untouched
// CHECK-NOT: scf.for
// CHECK-NOT: vector.
// CHECK: linalg.generic
// CHECK: linalg.conv_2d_ngchw_gfchw
#a = affine_map<(m, k, n) -> (m, k)>
#b = affine_map<(m, k, n) -> (k, n)>
#c = affine_map<(m, k, n) -> (m, n)>
func.func @untouched(%a: tensor<16x16xi32>, %b: tensor<16x64xi32>, %acc: tensor<16x64xi32>,
                     %x: tensor<1x2x2x8x8xf32>, %w: tensor<2x2x2x3x3xf32>, %out: tensor<1x2x2x6x6xf32>)
    -> (tensor<16x64xi32>, tensor<1x2x2x6x6xf32>) {
  %0 = linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : tensor<16x16xi32>, tensor<16x64xi32>) outs(%acc : tensor<16x64xi32>) {
  ^bb0(%p: i32, %q: i32, %r: i32):
    %m = arith.muli %p, %q : i32
    %s = arith.addi %r, %m : i32
    linalg.yield %s : i32
  } -> tensor<16x64xi32>
  %1 = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x2x2x8x8xf32>, tensor<2x2x2x3x3xf32>) outs(%out : tensor<1x2x2x6x6xf32>) -> tensor<1x2x2x6x6xf32>
  return %0, %1 : tensor<16x64xi32>, tensor<1x2x2x6x6xf32>
}

// -----

// Only the register blocks of roots are decomposed into 1-D convolutions:
// an untiled NCHW pool with a one-row window and one output row, next to a
// blocked convolution, stays as it is (decomposing it would drop its input's
// row dimension, which holds two rows).

// AVX2-LABEL: func.func @pool_next_to_root
// AVX2: vector.contract
// AVX2: linalg.pooling_nchw_sum {{.*}} ins(%{{.*}}, %{{.*}} : tensor<5x12x2x8xf32>, tensor<1x2xf32>) outs(%{{.*}} : tensor<5x12x1x3xf32>)
func.func @pool_next_to_root(%x: tensor<1x8x8x16xf32>, %w: tensor<1x1x16x16xf32>, %p: tensor<5x12x2x8xf32>) -> (tensor<1x8x8x16xf32>, tensor<5x12x1x3xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x8x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x8x8x16xf32>, tensor<1x1x16x16xf32>) outs(%f : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  %win = tensor.empty() : tensor<1x2xf32>
  %pe = tensor.empty() : tensor<5x12x1x3xf32>
  %pz = linalg.fill ins(%zero : f32) outs(%pe : tensor<5x12x1x3xf32>) -> tensor<5x12x1x3xf32>
  %pool = linalg.pooling_nchw_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<3> : tensor<2xi64>} ins(%p, %win : tensor<5x12x2x8xf32>, tensor<1x2xf32>) outs(%pz : tensor<5x12x1x3xf32>) -> tensor<5x12x1x3xf32>
  return %c, %pool : tensor<1x8x8x16xf32>, tensor<5x12x1x3xf32>
}
