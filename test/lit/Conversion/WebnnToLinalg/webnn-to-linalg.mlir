// RUN: webnn-opt %s -split-input-file -convert-webnn-to-linalg | FileCheck %s

// Ungrouped convolutions run in NHWC with an HWIO filter.
// CHECK-LABEL: func.func @conv2d
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK-NOT: webnn.
// CHECK: %[[XT:.*]] = linalg.transpose ins(%[[X]] : tensor<1x3x8x8xf32>) outs(%{{.*}} : tensor<1x8x8x3xf32>) permutation = [0, 2, 3, 1]
// CHECK: %[[WT:.*]] = linalg.transpose ins(%[[W]] : tensor<4x3x3x3xf32>) outs(%{{.*}} : tensor<3x3x3x4xf32>) permutation = [2, 3, 1, 0]
// CHECK: %[[PAD:.*]] = tensor.pad %[[XT]] low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK: } : tensor<1x8x8x3xf32> to tensor<1x10x10x3xf32>
// CHECK: %[[FILL:.*]] = linalg.fill
// CHECK: %[[CONV:.*]] = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<[2, 1]> : tensor<2xi64>}
// CHECK-SAME: ins(%[[PAD]], %[[WT]] : tensor<1x10x10x3xf32>, tensor<3x3x3x4xf32>) outs(%[[FILL]] : tensor<1x4x8x4xf32>)
// CHECK: tensor.expand_shape %[[B]] {{\[\[}}0, 1, 2, 3]] output_shape [1, 1, 1, 4]
// CHECK: %[[BIASED:.*]] = linalg.generic
// CHECK: arith.addf
// CHECK: linalg.transpose ins(%[[BIASED]] : tensor<1x4x8x4xf32>) outs(%{{.*}} : tensor<1x4x4x8xf32>) permutation = [0, 3, 1, 2]
// CHECK: return %{{.*}} : tensor<1x4x4x8xf32>
func.func @conv2d(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x4x8xf32> {
  %0 = webnn.conv2d %x, %w bias %b {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x8xf32>
  return %0 : tensor<1x4x4x8xf32>
}

// -----

// CHECK-LABEL: func.func @conv2d_dilated_no_pad
// CHECK-NOT: tensor.pad
// CHECK: linalg.conv_2d_nhwc_hwcf {dilations = dense<2> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
func.func @conv2d_dilated_no_pad(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32> {
  %0 = webnn.conv2d %x, %w {dilations = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

// An NHWC input with an HWIO filter needs no transposes.
// CHECK-LABEL: func.func @conv2d_nhwc_hwio
// CHECK-NOT: linalg.transpose
// CHECK: linalg.conv_2d_nhwc_hwcf
// CHECK-SAME: ins(%{{.*}}, %{{.*}} : tensor<1x8x8x3xf32>, tensor<3x3x3x4xf32>)
// CHECK-NOT: linalg.transpose
func.func @conv2d_nhwc_hwio(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x4xf32>) -> tensor<1x6x6x4xf32> {
  %0 = webnn.conv2d %x, %w {input_layout = "nhwc", filter_layout = "hwio"} : (tensor<1x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<1x6x6x4xf32>
  return %0 : tensor<1x6x6x4xf32>
}

// -----

// One output channel per input channel: a depthwise convolution, HWC filter.
// CHECK-LABEL: func.func @conv2d_depthwise
// CHECK: linalg.transpose ins(%{{.*}} : tensor<6x1x3x3xf32>) outs(%{{.*}} : tensor<3x3x1x6xf32>)
// CHECK: linalg.depthwise_conv_2d_nhwc_hwc
// CHECK-SAME: ins(%{{.*}}, %{{.*}} : tensor<1x8x8x6xf32>, tensor<3x3x6xf32>)
func.func @conv2d_depthwise(%x: tensor<1x6x8x8xf32>, %w: tensor<6x1x3x3xf32>) -> tensor<1x6x6x6xf32> {
  %0 = webnn.conv2d %x, %w {groups = 6 : i64} : (tensor<1x6x8x8xf32>, tensor<6x1x3x3xf32>) -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

// Other groupings keep the grouped NCHW form.
// CHECK-LABEL: func.func @conv2d_grouped
// CHECK: linalg.conv_2d_ngchw_gfchw
// CHECK-SAME: ins(%{{.*}}, %{{.*}} : tensor<1x2x2x8x8xf32>, tensor<2x2x2x3x3xf32>)
func.func @conv2d_grouped(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32> {
  %0 = webnn.conv2d %x, %w {groups = 2 : i64} : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

// CHECK-LABEL: func.func @max_pool
// CHECK: %[[INIT:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[FILL:.*]] = linalg.fill ins(%[[INIT]] : f32)
// CHECK: %[[WIN:.*]] = tensor.empty() : tensor<2x2xf32>
// CHECK: linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
// CHECK-SAME: ins(%{{.*}}, %[[WIN]] : tensor<1x3x8x8xf32>, tensor<2x2xf32>) outs(%[[FILL]] : tensor<1x3x4x4xf32>)
func.func @max_pool(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32> {
  %0 = webnn.maxPool2d %x {window_dimensions = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @average_pool
// CHECK: %[[SUM:.*]] = linalg.pooling_nchw_sum
// CHECK: %[[COUNT:.*]] = arith.constant dense<4.000000e+00> : tensor<4x4xf32>
// CHECK: linalg.generic {{.*}} ins(%[[SUM]], %[[COUNT]] :
// CHECK: arith.divf
func.func @average_pool(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32> {
  %0 = webnn.averagePool2d %x {window_dimensions = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}

// -----

// NHWC pools stay in NHWC (no transposes); the counts broadcast over the
// channels through a trailing unit dimension.
// CHECK-LABEL: func.func @average_pool_nhwc
// CHECK-NOT: linalg.transpose
// CHECK: tensor.pad %{{.*}} low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK: %[[SUM:.*]] = linalg.pooling_nhwc_sum
// CHECK-SAME: outs(%{{.*}} : tensor<1x4x4x3xf32>)
// CHECK: %[[COUNT:.*]] = arith.constant dense<{{.*}}> : tensor<4x4x1xf32>
// CHECK: linalg.generic {{.*}} ins(%[[SUM]], %[[COUNT]] :
// CHECK-NOT: linalg.transpose
func.func @average_pool_nhwc(%x: tensor<1x8x8x3xf32>) -> tensor<1x4x4x3xf32> {
  %0 = webnn.averagePool2d %x {window_dimensions = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, layout = "nhwc"} : (tensor<1x8x8x3xf32>) -> tensor<1x4x4x3xf32>
  return %0 : tensor<1x4x4x3xf32>
}

// -----

// CHECK-DAG: #[[A:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[B:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[C:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @matmul
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[FILL:.*]] = linalg.fill ins(%[[ZERO]] : f32)
// CHECK: linalg.generic {indexing_maps = [#[[A]], #[[B]], #[[C]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME: outs(%[[FILL]] : tensor<2x4xf32>)
// CHECK: %[[M:.*]] = arith.mulf
// CHECK: %[[S:.*]] = arith.addf %{{.*}}, %[[M]] : f32
// CHECK: linalg.yield %[[S]] : f32
func.func @matmul(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %0 = webnn.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @gather
// CHECK-SAME: (%[[X:.*]]: tensor<5x3xf32>, %[[I:.*]]: tensor<2xi32>)
// CHECK: linalg.generic {{.*}} ins(%[[I]] : tensor<2xi32>) outs(%{{.*}} : tensor<2x3xf32>)
// CHECK: %[[IDX:.*]] = arith.extsi %{{.*}} : i32 to i64
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK-DAG: %[[DIM:.*]] = arith.constant 5 : i64
// CHECK-DAG: %[[LAST:.*]] = arith.constant 4 : i64
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[IDX]], %[[ZERO]]
// CHECK: %[[WRAP:.*]] = arith.addi %[[IDX]], %[[DIM]]
// CHECK: %[[SEL:.*]] = arith.select %[[NEG]], %[[WRAP]], %[[IDX]]
// CHECK: %[[LO:.*]] = arith.maxsi %[[SEL]], %[[ZERO]]
// CHECK: %[[HI:.*]] = arith.minsi %[[LO]], %[[LAST]]
// CHECK: %[[ROW:.*]] = arith.index_cast %[[HI]] : i64 to index
// CHECK: %[[COL:.*]] = linalg.index 1 : index
// CHECK: %[[E:.*]] = tensor.extract %[[X]][%[[ROW]], %[[COL]]] : tensor<5x3xf32>
// CHECK: linalg.yield %[[E]] : f32
func.func @gather(%x: tensor<5x3xf32>, %i: tensor<2xi32>) -> tensor<2x3xf32> {
  %0 = webnn.gather %x, %i : (tensor<5x3xf32>, tensor<2xi32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @unsigned_add
// CHECK-SAME: (%{{.*}}: tensor<4xi8>, %{{.*}}: tensor<4xi8>) -> tensor<4xi8>
// CHECK-NOT: ui8
// CHECK: arith.addi %{{.*}}, %{{.*}} : i8
func.func @unsigned_add(%a: tensor<4xui8>, %b: tensor<4xui8>) -> tensor<4xui8> {
  %0 = webnn.add %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// CHECK-LABEL: func.func @unsigned_cast
// CHECK-SAME: (%{{.*}}: tensor<4xi8>) -> tensor<4xf32>
// CHECK: arith.uitofp %{{.*}} : i8 to f32
func.func @unsigned_cast(%x: tensor<4xui8>) -> tensor<4xf32> {
  %0 = webnn.cast %x {data_type = f32} : (tensor<4xui8>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @relu
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel"]
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: arith.maximumf %{{.*}}, %[[ZERO]] : f32
func.func @relu(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = webnn.relu %a : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// A transposed gemm operand is transposed explicitly, so that the
// contraction reads rows of b contiguously (for constant weights the
// transpose is folded at compile time by wnn-fold-constant-layouts).
// CHECK-DAG: #[[A:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[B:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-LABEL: func.func @gemm_b_transposed
// CHECK-SAME: (%{{.*}}: tensor<2x3xf32>, %[[BT:.*]]: tensor<4x3xf32>)
// CHECK: %[[B2:.*]] = linalg.transpose ins(%[[BT]] : tensor<4x3xf32>) outs(%{{.*}} : tensor<3x4xf32>) permutation = [1, 0]
// CHECK: linalg.generic {indexing_maps = [#[[A]], #[[B]], {{.*}}]
// CHECK-SAME: ins(%{{.*}}, %[[B2]] : tensor<2x3xf32>, tensor<3x4xf32>)
func.func @gemm_b_transposed(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) -> tensor<2x4xf32> {
  %0 = webnn.gemm %a, %b {b_transpose = true} : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Float sums may be reassociated (partial sums per vector lane).
// CHECK-LABEL: func.func @reduce_sum
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK: arith.addf {{.*}} fastmath<reassoc> : f32
func.func @reduce_sum(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  %0 = webnn.reduceSum %x {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Reducing over no axes leaves every element alone: no combining op that
// reads a filled destination (element-wise fusion would merge it into a
// consumer whose extra loops accumulate into it again). The mean divides by 1.
// CHECK-LABEL: func.func @reduce_no_axes
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NOT: linalg.fill
// CHECK-NOT: arith.addf
// CHECK: %[[M:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<2x3xf32>)
// CHECK: arith.divf
// CHECK: return %[[X]], %[[M]]
func.func @reduce_no_axes(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = webnn.reduceMax %x {axes = array<i64>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = webnn.reduceMean %x {axes = array<i64>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @transpose
// CHECK: linalg.transpose ins(%{{.*}} : tensor<2x3xf32>) outs(%{{.*}} : tensor<3x2xf32>) permutation = [1, 0]
func.func @transpose(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %0 = webnn.transpose %x {permutation = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// Comparisons choose the predicate of the operands' type (ordered for
// floats, unsigned for unsigned integers) and widen the i1 to uint8 (i8).

// CHECK-LABEL: func.func @compare
// CHECK: linalg.generic
// CHECK: %[[GT:.*]] = arith.cmpf ogt, %{{.*}}, %{{.*}} : f32
// CHECK: arith.extui %[[GT]] : i1 to i8
// CHECK: linalg.generic
// CHECK: %[[LT:.*]] = arith.cmpi ult, %{{.*}}, %{{.*}} : i32
// CHECK: arith.extui %[[LT]] : i1 to i8
// CHECK: linalg.generic
// CHECK: arith.cmpf une
func.func @compare(%a: tensor<4xf32>, %b: tensor<4xf32>, %u: tensor<4xui32>) -> (tensor<4xui8>, tensor<4xui8>, tensor<4xui8>) {
  %0 = webnn.greater %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xui8>
  %1 = webnn.lesser %u, %u : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui8>
  %2 = webnn.notEqual %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xui8>
  return %0, %1, %2 : tensor<4xui8>, tensor<4xui8>, tensor<4xui8>
}

// -----

// where selects on condition != 0, broadcasting the condition.

// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @where
// CHECK: linalg.generic {indexing_maps = [#[[ROW]], #[[ID]], #[[ID]], #[[ID]]]
// CHECK: ^bb0(%[[C:.*]]: i8, %[[T:.*]]: f32, %[[F:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i8
// CHECK: %[[NZ:.*]] = arith.cmpi ne, %[[C]], %[[ZERO]] : i8
// CHECK: arith.select %[[NZ]], %[[T]], %[[F]] : f32
func.func @where(%c: tensor<3xui8>, %t: tensor<2x3xf32>, %f: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = webnn.where %c, %t, %f : (tensor<3xui8>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// isNaN is an unordered self-comparison; isInfinite compares |x| with inf.

// CHECK-LABEL: func.func @predicates
// CHECK: arith.cmpf uno, %[[X:.*]], %[[X]] : f16
// CHECK: math.absf
// CHECK: arith.cmpf oeq, %{{.*}}, %{{.*}} : f16
func.func @predicates(%x: tensor<4xf16>) -> (tensor<4xui8>, tensor<4xui8>) {
  %0 = webnn.isNaN %x : (tensor<4xf16>) -> tensor<4xui8>
  %1 = webnn.isInfinite %x : (tensor<4xf16>) -> tensor<4xui8>
  return %0, %1 : tensor<4xui8>, tensor<4xui8>
}

// -----

// reduceL2 squares, sums and takes the square root; a float16 reduction
// computes in float32 and narrows the result.

// CHECK-LABEL: func.func @reduce_l2_f16
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK: arith.mulf %[[X:.*]], %[[X]] : f32
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK: arith.addf {{.*}} : f32
// CHECK: math.sqrt %{{.*}} : f32
// CHECK: arith.truncf %{{.*}} : f32 to f16
func.func @reduce_l2_f16(%x: tensor<2x3xf16>) -> tensor<2xf16> {
  %0 = webnn.reduceL2 %x {axes = array<i64: 1>} : (tensor<2x3xf16>) -> tensor<2xf16>
  return %0 : tensor<2xf16>
}

// -----

// reduceLogSumExp shifts by the maximum (0 where it is infinite) so that
// no exponential overflows: m + log(sum(exp(x - m))).

// CHECK-LABEL: func.func @reduce_log_sum_exp
// CHECK: arith.maximumf
// CHECK: math.absf
// CHECK: arith.cmpf oeq
// CHECK: arith.select
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: math.log
// CHECK: arith.addf
func.func @reduce_log_sum_exp(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  %0 = webnn.reduceLogSumExp %x {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// argMax is one reduction carrying the best value and its index; only a
// strictly greater element replaces them, so ties keep the first index.

// CHECK-LABEL: func.func @arg_max
// CHECK: %[[RESULTS:.*]]:2 = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK: ^bb0(%[[X:.*]]: f32, %[[BEST:.*]]: f32, %[[BEST_INDEX:.*]]: i64):
// CHECK: %[[BETTER:.*]] = arith.cmpf ogt, %[[X]], %[[BEST]] : f32
// CHECK: %[[I:.*]] = linalg.index 1 : index
// CHECK: %[[INDEX:.*]] = arith.index_cast %[[I]] : index to i64
// CHECK: %[[V:.*]] = arith.select %[[BETTER]], %[[X]], %[[BEST]]
// CHECK: %[[J:.*]] = arith.select %[[BETTER]], %[[INDEX]], %[[BEST_INDEX]]
// CHECK: linalg.yield %[[V]], %[[J]]
// CHECK: return %[[RESULTS]]#1
func.func @arg_max(%x: tensor<2x3xf32>) -> tensor<2xi64> {
  %0 = webnn.argMax %x {axis = 1 : i64, output_data_type = i64} : (tensor<2x3xf32>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// reverse reads the input through (size - 1 - d); tile through d mod size.
// CHECK-DAG: #[[REV:.*]] = affine_map<(d0, d1) -> (d0, -d1 + 2)>
// CHECK-DAG: #[[TILE:.*]] = affine_map<(d0, d1) -> (d0 mod 2, d1)>
// CHECK-LABEL: func.func @reverse_tile
// CHECK: linalg.generic {indexing_maps = [#[[REV]], #{{.*}}]
// CHECK: linalg.generic {indexing_maps = [#[[TILE]], #{{.*}}]
func.func @reverse_tile(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<4x3xf32>) {
  %0 = webnn.reverse %x {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = webnn.tile %0 {repetitions = array<i64: 2, 1>} : (tensor<2x3xf32>) -> tensor<4x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<4x3xf32>
}

// -----

// CHECK-LABEL: func.func @triangular
// CHECK: linalg.generic
// CHECK: %[[J:.*]] = arith.index_cast %{{.*}} : index to i64
// CHECK: %[[I:.*]] = arith.index_cast %{{.*}} : index to i64
// CHECK: %[[OFF:.*]] = arith.subi %[[J]], %[[I]] : i64
// CHECK: %[[KEEP:.*]] = arith.cmpi sle, %[[OFF]], %{{.*}} : i64
// CHECK: arith.select %[[KEEP]], %{{.*}}, %{{.*}} : i32
func.func @triangular(%x: tensor<3x4xi32>) -> tensor<3x4xi32> {
  %0 = webnn.triangular %x {upper = false, diagonal = 1 : i64} : (tensor<3x4xi32>) -> tensor<3x4xi32>
  return %0 : tensor<3x4xi32>
}

// -----

// An unsigned coordinate is only clamped from above.
// CHECK-LABEL: func.func @gather_nd
// CHECK: linalg.generic
// CHECK: %[[C:.*]] = tensor.extract %{{.*}}[%{{.*}}, %{{.*}}] : tensor<4x1xi32>
// CHECK: %[[W:.*]] = arith.extui %[[C]] : i32 to i64
// CHECK: %[[M:.*]] = arith.minui %[[W]], %{{.*}} : i64
// CHECK: %[[ROW:.*]] = arith.index_cast %[[M]] : i64 to index
// CHECK: tensor.extract %{{.*}}[%[[ROW]], %{{.*}}] : tensor<2x3xf32>
func.func @gather_nd(%x: tensor<2x3xf32>, %i: tensor<4x1xui32>) -> tensor<4x3xf32> {
  %0 = webnn.gatherND %x, %i : (tensor<2x3xf32>, tensor<4x1xui32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// A scatter is a loop nest over the updates that carries the input.
// CHECK-LABEL: func.func @scatter_elements
// CHECK-SAME: (%[[X:[^:]*]]: tensor<2x3xf32>
// CHECK: scf.for %[[I:.*]] = {{.*}} iter_args(%{{.*}} = %[[X]])
// CHECK: scf.for {{.*}} iter_args(%[[ACC:.*]] = %{{.*}})
// CHECK: arith.maxsi
// CHECK: %[[COL:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK: tensor.insert %{{.*}} into %[[ACC]][%[[I]], %[[COL]]]
func.func @scatter_elements(%x: tensor<2x3xf32>, %i: tensor<2x1xi64>, %u: tensor<2x1xf32>) -> tensor<2x3xf32> {
  %0 = webnn.scatterElements %x, %i, %u {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x1xi64>, tensor<2x1xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A reversed running sum walks the axis from its end.
// CHECK-LABEL: func.func @cumulative_sum
// CHECK: scf.for %[[O:.*]] = {{.*}} iter_args
// CHECK: scf.for %[[S:.*]] = {{.*}} iter_args(%[[ACC:.*]] = %{{.*}})
// CHECK: %[[AT:.*]] = arith.subi %{{.*}}, %[[S]] : index
// CHECK: %[[PREV:.*]] = tensor.extract %[[ACC]][%[[O]], %{{.*}}]
// CHECK: %[[CARRY:.*]] = arith.select %{{.*}}, %{{.*}}, %[[PREV]] : f32
// CHECK: %[[IN:.*]] = tensor.extract %{{.*}}[%[[O]], %[[AT]]]
// CHECK: %[[SUM:.*]] = arith.addf %[[CARRY]], %[[IN]] : f32
// CHECK: tensor.insert %[[SUM]] into %[[ACC]][%[[O]], %[[AT]]]
func.func @cumulative_sum(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = webnn.cumulativeSum %x {axis = 1 : i64, reversed = true} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// l2Pool2d squares in float32, sums the padded windows (padding adds
// zeros) and takes the square root, back in float16.
// CHECK-LABEL: func.func @l2_pool_f16
// CHECK: %[[SQ:.*]] = linalg.generic
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK: arith.mulf
// CHECK: %[[PAD:.*]] = tensor.pad %[[SQ]]
// CHECK: %[[SUM:.*]] = linalg.pooling_nchw_sum {{.*}} ins(%[[PAD]], %{{.*}} : tensor<1x2x6x6xf32>, tensor<3x3xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[SUM]] : tensor<1x2x2x2xf32>)
// CHECK: %[[ROOT:.*]] = math.sqrt
// CHECK: arith.truncf %[[ROOT]] : f32 to f16
func.func @l2_pool_f16(%x: tensor<1x2x5x5xf16>) -> tensor<1x2x2x2xf16> {
  %0 = webnn.l2Pool2d %x {window_dimensions = array<i64: 3, 3>, padding = array<i64: 1, 0, 0, 1>, strides = array<i64: 2, 2>} : (tensor<1x2x5x5xf16>) -> tensor<1x2x2x2xf16>
  return %0 : tensor<1x2x2x2xf16>
}

// -----

// resample2d reads through index tables computed at compile time (half-pixel
// centers): 4 -> 3 nearest-neighbor takes rows 0, 2 and 3.
// CHECK-LABEL: func.func @resample_nearest
// CHECK: %[[ROWS:.*]] = arith.constant dense<[0, 2, 3]> : tensor<3xi32>
// CHECK: %[[COLS:.*]] = arith.constant dense<[0, 0, 1, 1]> : tensor<4xi32>
// CHECK: linalg.generic {{.*}} ins(%[[ROWS]], %[[COLS]] : tensor<3xi32>, tensor<4xi32>)
// CHECK: tensor.extract
func.func @resample_nearest(%x: tensor<1x1x4x2xf32>) -> tensor<1x1x3x4xf32> {
  %0 = webnn.resample2d %x {sizes = array<i64: 3, 4>} : (tensor<1x1x4x2xf32>) -> tensor<1x1x3x4xf32>
  return %0 : tensor<1x1x3x4xf32>
}

// -----

// Linear mode: low and high neighbours and the weight of the high one.
// CHECK-LABEL: func.func @resample_linear
// CHECK-DAG: arith.constant dense<[0, 0, 0, 1]> : tensor<4xi32>
// CHECK-DAG: arith.constant dense<1> : tensor<4xi32>
// CHECK-DAG: arith.constant dense<[0.000000e+00, 2.500000e-01, 7.500000e-01, 0.000000e+00]> : tensor<4xf32>
// CHECK: linalg.generic
// CHECK-COUNT-4: tensor.extract
// CHECK: arith.truncf %{{.*}} : f32 to f16
func.func @resample_linear(%x: tensor<1x1x2x2xf16>) -> tensor<1x1x4x4xf16> {
  %0 = webnn.resample2d %x {mode = "linear", scales = array<f64: 2.0, 2.0>} : (tensor<1x1x2x2xf16>) -> tensor<1x1x4x4xf16>
  return %0 : tensor<1x1x4x4xf16>
}

// -----

// Block-wise parameters are read at loop floordiv block; a 4-bit graph
// input arrives packed two per byte and is unpacked on entry.
// CHECK-DAG: #[[BLOCK:.*]] = affine_map<(d0, d1) -> (d0 floordiv 2, d1 floordiv 3)>
// CHECK-LABEL: func.func @dequantize_int4
// CHECK-SAME: (%[[X:.*]]: tensor<12xi8>
// CHECK: %[[FLAT:.*]] = linalg.generic
// CHECK: tensor.extract %[[X]]
// CHECK: arith.shrsi
// CHECK: %[[Q:.*]] = tensor.expand_shape %[[FLAT]]
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[BLOCK]], #[[BLOCK]], #{{.*}}]{{.*}} ins(%[[Q]]
// CHECK: arith.subi
// CHECK: arith.sitofp
// CHECK: arith.mulf
func.func @dequantize_int4(%x: tensor<4x6xi4>, %s: tensor<2x2xf32>, %z: tensor<2x2xi4>) -> tensor<4x6xf32> {
  %0 = webnn.dequantizeLinear %x, %s, %z : (tensor<4x6xi4>, tensor<2x2xf32>, tensor<2x2xi4>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

// A backward gru without resetAfter: one loop over the steps reading the
// projection at time 4 - s; hidden x [z r] weights, then r * hidden x the
// new gate's weights, both as contractions; the new state is copied into
// the carried one and stored in the sequence at its time step.

// CHECK-LABEL: func.func @gru_recurrence
// CHECK: %[[SEQ:.*]] = tensor.empty() : tensor<5x1x3x4xf32>
// CHECK: scf.for %[[S:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[H:.*]] = %{{.*}}, %[[Q:.*]] = %[[SEQ]])
// CHECK:   %[[T:.*]] = arith.subi %{{.*}}, %[[S]] : index
// CHECK:   tensor.extract_slice %{{.*}}[0, %[[T]], 0, 0] [1, 1, 3, 12]
// CHECK:   linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "parallel"]{{.*}}outs(%{{.*}} : tensor<3x8xf32>)
// CHECK:   %[[RH:.*]] = linalg.generic
// CHECK:     math.exp
// CHECK:   %[[N:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "parallel"]{{.*}}ins(%[[RH]], %{{.*}} : tensor<3x4xf32>, tensor<4x4xf32>)
// CHECK:   %[[NEW:.*]] = linalg.generic
// CHECK:     math.tanh
// CHECK:   %[[COPY:.*]] = linalg.copy ins(%[[NEW]] : tensor<3x4xf32>)
// CHECK:   tensor.insert_slice %[[COPY]] into %[[H]][0, 0, 0] [1, 3, 4]
// CHECK:   tensor.insert_slice %[[NEW]] into %[[Q]][%[[T]], 0, 0, 0] [1, 1, 3, 4]
// CHECK:   scf.yield
func.func @gru_recurrence(%p: tensor<1x5x3x12xf32>, %r: tensor<1x4x12xf32>, %h: tensor<1x3x4xf32>) -> tensor<5x1x3x4xf32> {
  %0:2 = webnn.recurrence %p, %r, %h {activations = ["sigmoid", "tanh"], direction = "backward", kind = "gru", layout = "zrn", reset_after = false, return_sequence = true} : (tensor<1x5x3x12xf32>, tensor<1x4x12xf32>, tensor<1x3x4xf32>) -> (tensor<1x3x4xf32>, tensor<5x1x3x4xf32>)
  return %0#1 : tensor<5x1x3x4xf32>
}

// -----

// An lstm cell state is carried too; gates are one element-wise generic
// with two results (hidden, cell).

// CHECK-LABEL: func.func @lstm_recurrence
// CHECK: scf.for {{.*}} -> (tensor<1x2x4xf32>, tensor<1x2x4xf32>)
// CHECK:   linalg.generic {{.*}}outs(%{{.*}} : tensor<2x16xf32>)
// CHECK:   %[[G:.*]]:2 = linalg.generic
// CHECK:   linalg.copy ins(%[[G]]#0
// CHECK:   linalg.copy ins(%[[G]]#1
func.func @lstm_recurrence(%p: tensor<1x3x2x16xf32>, %r: tensor<1x4x16xf32>, %s: tensor<1x2x4xf32>) -> tensor<1x2x4xf32> {
  %0:2 = webnn.recurrence %p, %r, %s initial_cell_state %s {activations = ["sigmoid", "tanh", "tanh"], direction = "forward", kind = "lstm", layout = "iofg", reset_after = false, return_sequence = false} : (tensor<1x3x2x16xf32>, tensor<1x4x16xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>) -> (tensor<1x2x4xf32>, tensor<1x2x4xf32>)
  return %0#1 : tensor<1x2x4xf32>
}
