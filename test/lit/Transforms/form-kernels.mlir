// RUN: webnn-opt %s -split-input-file -wnn-form-kernels | FileCheck %s

// A contraction, the fill of its destination and its element-wise consumer
// form one kernel; the consumer's empty destination comes from the caller,
// the fill's is the kernel's own. Reshapes stay in the graph function; the
// element-wise op after them is a kernel of its own. Kernels carry the
// labels of the operations they compute.

#mapA = affine_map<(d0, d1, d2) -> (d0, d1)>
#mapB = affine_map<(d0, d1, d2) -> (d1, d2)>
#mapC = affine_map<(d0, d1, d2) -> (d0, d2)>
#id = affine_map<(d0, d1) -> (d0, d1)>

// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[A:.*]]: tensor<4x8xf32> {webnn.name = "a"}, %[[B:.*]]: tensor<8x16xf32> {webnn.name = "b"})
// CHECK-NEXT: %[[DEST:.*]] = bufferization.alloc_tensor() : tensor<4x16xf32>
// CHECK: %[[Y:.*]] = call @[[MM:wnn_kernel[_0-9]*]](%[[A]], %[[B]], %[[DEST]]) : (tensor<4x8xf32>, tensor<8x16xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[Y]]
// CHECK: %[[E:.*]] = tensor.expand_shape %[[C]]
// CHECK: %[[DEST2:.*]] = bufferization.alloc_tensor() : tensor<2x32xf32>
// CHECK: %[[Z:.*]] = call @[[EXP:wnn_kernel[_0-9]*]](%[[E]], %[[DEST2]])
// CHECK: return %[[Y]], %[[Z]]

// CHECK: func.func private @[[MM]](%[[KA:.*]]: tensor<4x8xf32>, %[[KB:.*]]: tensor<8x16xf32>, %[[KD:.*]]: tensor<4x16xf32>) -> tensor<4x16xf32>
// CHECK-SAME: attributes {webnn.kernel, webnn.labels = ["mm", "act"]}
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[ACC:.*]] = tensor.empty() : tensor<4x16xf32>
// CHECK: %[[FILL:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[ACC]] : tensor<4x16xf32>)
// CHECK: %[[MMR:.*]] = linalg.generic {{.*}} ins(%[[KA]], %[[KB]] : {{.*}}) outs(%[[FILL]] : tensor<4x16xf32>)
// CHECK: %[[RELU:.*]] = linalg.generic {{.*}} ins(%[[MMR]] : tensor<4x16xf32>) outs(%[[KD]] : tensor<4x16xf32>)
// CHECK: return %[[RELU]]

// CHECK: func.func private @[[EXP]](%{{.*}}: tensor<2x32xf32>, %{{.*}}: tensor<2x32xf32>) -> tensor<2x32xf32>
// CHECK-SAME: webnn.labels = ["e"]
// CHECK: math.exp
func.func @main(%a: tensor<4x8xf32> {webnn.name = "a"}, %b: tensor<8x16xf32> {webnn.name = "b"}) -> (tensor<4x16xf32> {webnn.name = "y"}, tensor<2x32xf32> {webnn.name = "z"}) {
  %cst = arith.constant 0.000000e+00 : f32
  %0 = tensor.empty() : tensor<4x16xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<4x16xf32>) -> tensor<4x16xf32> loc("mm")
  %2 = linalg.generic {indexing_maps = [#mapA, #mapB, #mapC], iterator_types = ["parallel", "reduction", "parallel"]} ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%1 : tensor<4x16xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %6 = arith.mulf %in, %in_0 : f32
    %7 = arith.addf %out, %6 : f32
    linalg.yield %7 : f32
  } -> tensor<4x16xf32> loc("mm")
  %3 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%2 : tensor<4x16xf32>) outs(%0 : tensor<4x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %6 = arith.maximumf %in, %cst : f32
    linalg.yield %6 : f32
  } -> tensor<4x16xf32> loc("act")
  %collapsed = tensor.collapse_shape %3 [[0, 1]] : tensor<4x16xf32> into tensor<64xf32>
  %expanded = tensor.expand_shape %collapsed [[0, 1]] output_shape [2, 32] : tensor<64xf32> into tensor<2x32xf32>
  %4 = tensor.empty() : tensor<2x32xf32>
  %5 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%expanded : tensor<2x32xf32>) outs(%4 : tensor<2x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %6 = math.exp %in : f32
    linalg.yield %6 : f32
  } -> tensor<2x32xf32> loc("e")
  return %3, %5 : tensor<4x16xf32>, tensor<2x32xf32>
}

// -----

// A concatenation (insertions into one destination) is one copy kernel;
// runtime kernel calls stay in the graph function, with an allocation as
// their destination.

// CHECK-LABEL: func.func @concat
// CHECK: %[[RDEST:.*]] = bufferization.alloc_tensor() : tensor<4x4xf32>
// CHECK: %[[R:.*]] = wnn_rt.call @wnn_rt_matmul({{.*}}) outs(%[[RDEST]] :
// CHECK: %[[DEST:.*]] = bufferization.alloc_tensor() : tensor<4x8xf32>
// CHECK: %[[CAT:.*]] = call @[[K:wnn_kernel[_0-9]*]](%[[R]], %[[DEST]], %{{.*}})
// CHECK: return %[[CAT]]
// CHECK: func.func private @[[K]](
// CHECK: tensor.insert_slice
// CHECK: tensor.insert_slice
// CHECK-NOT: tensor.insert_slice
// CHECK: return
func.func @concat(%ctx: i64, %a: tensor<4x4xf32>, %b: tensor<4x4xf32>) -> tensor<4x8xf32> {
  %e = tensor.empty() : tensor<4x4xf32>
  %r = wnn_rt.call @wnn_rt_matmul(%ctx) params([0]) ins(%a, %b : tensor<4x4xf32>, tensor<4x4xf32>) outs(%e : tensor<4x4xf32>) -> tensor<4x4xf32>
  %d = tensor.empty() : tensor<4x8xf32>
  %0 = tensor.insert_slice %r into %d[0, 0] [4, 4] [1, 1] : tensor<4x4xf32> into tensor<4x8xf32>
  %1 = tensor.insert_slice %b into %0[0, 4] [4, 4] [1, 1] : tensor<4x4xf32> into tensor<4x8xf32>
  return %1 : tensor<4x8xf32>
}

// -----

// A graph that returns a constant keeps it, and its terminator.

// CHECK-LABEL: func.func @constant
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<1.000000e+00> : tensor<4xf32>
// CHECK-NEXT: return %[[C]]
func.func @constant() -> tensor<4xf32> {
  %c = arith.constant dense<1.0> : tensor<4xf32>
  return %c : tensor<4xf32>
}

// -----

// Two contractions that CSE left sharing one zero fill of a reshaped empty
// tensor: each gets its own empty tensor, reshape and fill, in its own
// kernel, so no two kernels write one destination.

// CHECK-LABEL: func.func @shared_reshaped_fill
// CHECK-COUNT-2: call @wnn_kernel
// CHECK-LABEL: func.func private @wnn_kernel
// CHECK: linalg.fill
// CHECK: linalg.matmul
// CHECK-LABEL: func.func private @wnn_kernel
// CHECK: linalg.fill
// CHECK: linalg.matmul
func.func @shared_reshaped_fill(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<8x16xf32>) -> (tensor<4x16xf32>, tensor<4x16xf32>) {
  %cst = arith.constant 0.000000e+00 : f32
  %0 = tensor.empty() : tensor<64xf32>
  %1 = tensor.expand_shape %0 [[0, 1]] output_shape [4, 16] : tensor<64xf32> into tensor<4x16xf32>
  %2 = linalg.fill ins(%cst : f32) outs(%1 : tensor<4x16xf32>) -> tensor<4x16xf32>
  %3 = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%2 : tensor<4x16xf32>) -> tensor<4x16xf32>
  %4 = linalg.matmul ins(%a, %c : tensor<4x8xf32>, tensor<8x16xf32>) outs(%2 : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %3, %4 : tensor<4x16xf32>, tensor<4x16xf32>
}
