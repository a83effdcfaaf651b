// RUN: webnn-opt %s -split-input-file -wnn-fuse-elementwise -mlir-print-debuginfo | FileCheck %s
// RUN: webnn-opt %s -split-input-file -wnn-fuse-elementwise="max-body-ops=2" | FileCheck %s --check-prefix=BOUND

// A chain of three element-wise ops becomes one loop nest whose location
// names all three operations. With at most two body operations, the third
// stays a loop nest of its own.

#id = affine_map<(d0) -> (d0)>

// CHECK-LABEL: func.func @chain
// CHECK: %[[R:.*]] = linalg.generic
// CHECK: math.exp
// CHECK: math.tanh
// CHECK: arith.negf
// CHECK: } -> tensor<8xf32> loc(#[[LOC:.*]])
// CHECK-NOT: linalg.generic
// CHECK: return %[[R]]
// CHECK-DAG: #[[E:.*]] = loc("e")
// CHECK-DAG: #[[T:.*]] = loc("t")
// CHECK-DAG: #[[N:.*]] = loc("n")
// CHECK: #[[LOC]] = loc(fused[#[[E]], #[[T]], #[[N]]])

// BOUND-LABEL: func.func @chain
// BOUND: linalg.generic
// BOUND: math.exp
// BOUND: math.tanh
// BOUND: linalg.generic
// BOUND: arith.negf
// BOUND-NOT: linalg.generic
// BOUND: return
func.func @chain(%x: tensor<8xf32>) -> tensor<8xf32> {
  %e0 = tensor.empty() : tensor<8xf32>
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%x : tensor<8xf32>) outs(%e0 : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = math.exp %in : f32
    linalg.yield %r : f32
  } -> tensor<8xf32> loc("e")
  %1 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%0 : tensor<8xf32>) outs(%e0 : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = math.tanh %in : f32
    linalg.yield %r : f32
  } -> tensor<8xf32> loc("t")
  %2 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%1 : tensor<8xf32>) outs(%e0 : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.negf %in : f32
    linalg.yield %r : f32
  } -> tensor<8xf32> loc("n")
  return %2 : tensor<8xf32>
}

// -----

// A producer read by two ops is not fused into either (it would be
// computed twice).

#id = affine_map<(d0) -> (d0)>

// CHECK-LABEL: func.func @fan_out
// CHECK: %[[E:.*]] = linalg.generic
// CHECK: math.exp
// CHECK: linalg.generic {{.*}} ins(%[[E]] : tensor<8xf32>)
// CHECK: arith.negf
// CHECK: linalg.generic {{.*}} ins(%[[E]] : tensor<8xf32>)
// CHECK: math.tanh
func.func @fan_out(%x: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  %e0 = tensor.empty() : tensor<8xf32>
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%x : tensor<8xf32>) outs(%e0 : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = math.exp %in : f32
    linalg.yield %r : f32
  } -> tensor<8xf32>
  %1 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%0 : tensor<8xf32>) outs(%e0 : tensor<8xf32>) {
  ^bb0(%a: f32, %out: f32):
    %r = arith.negf %a : f32
    linalg.yield %r : f32
  } -> tensor<8xf32>
  %2 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%0 : tensor<8xf32>) outs(%e0 : tensor<8xf32>) {
  ^bb0(%a: f32, %out: f32):
    %r = math.tanh %a : f32
    linalg.yield %r : f32
  } -> tensor<8xf32>
  return %1, %2 : tensor<8xf32>, tensor<8xf32>
}

// -----

// A broadcast feeding an element-wise op is fused as an indexing map.

#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>

// CHECK-LABEL: func.func @broadcast
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}, #{{.*}}]
// CHECK: arith.mulf
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @broadcast(%x: tensor<4x8xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> {
  %e0 = tensor.empty() : tensor<4x8xf32>
  %0 = linalg.generic {indexing_maps = [#row, #id], iterator_types = ["parallel", "parallel"]} ins(%b : tensor<8xf32>) outs(%e0 : tensor<4x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<4x8xf32>
  %1 = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%x, %0 : tensor<4x8xf32>, tensor<4x8xf32>) outs(%e0 : tensor<4x8xf32>) {
  ^bb0(%a: f32, %c: f32, %out: f32):
    %r = arith.mulf %a, %c : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  return %1 : tensor<4x8xf32>
}

// -----

// A reshape of a contraction's result stays a reshape: expanding the
// contraction's loops around unit dims would hide the matmul from
// tile-and-vectorize. An element-wise op after a reshape is expanded.

#mk = affine_map<(m, k, n) -> (m, k)>
#kn = affine_map<(m, k, n) -> (k, n)>
#mn = affine_map<(m, k, n) -> (m, n)>
#id3 = affine_map<(a, b, c) -> (a, b, c)>
// CHECK-LABEL: func.func @contraction_then_reshape
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "parallel"]
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0, 1], [2]] output_shape [1, 4, 8] : tensor<4x8xf32> into tensor<1x4x8xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel"]
func.func @contraction_then_reshape(%a: tensor<4x3xf32>, %b: tensor<3x8xf32>, %acc: tensor<4x8xf32>) -> tensor<1x4x8xf32> {
  %0 = linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]} ins(%a, %b : tensor<4x3xf32>, tensor<3x8xf32>) outs(%acc : tensor<4x8xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %z, %p : f32
    linalg.yield %s : f32
  } -> tensor<4x8xf32>
  %1 = tensor.expand_shape %0 [[0, 1], [2]] output_shape [1, 4, 8] : tensor<4x8xf32> into tensor<1x4x8xf32>
  %init = tensor.empty() : tensor<1x4x8xf32>
  %2 = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%1 : tensor<1x4x8xf32>) outs(%init : tensor<1x4x8xf32>) {
  ^bb0(%x: f32, %y: f32):
    %r = arith.negf %x : f32
    linalg.yield %r : f32
  } -> tensor<1x4x8xf32>
  return %2 : tensor<1x4x8xf32>
}

// -----

// A reverse (a copy through reversed indices) is not fused into the
// contraction it feeds: tiling slices operands read through projected
// permutations only. Into an element-wise consumer it still fuses.

#rev = affine_map<(a, b) -> (3 - a, b)>
#id2 = affine_map<(a, b) -> (a, b)>
#mk2 = affine_map<(m, k, n) -> (m, k)>
#kn2 = affine_map<(m, k, n) -> (k, n)>
#mn2 = affine_map<(m, k, n) -> (m, n)>
// CHECK-LABEL: func.func @reverse_into_contraction
// CHECK: %[[R:.*]] = linalg.generic
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "parallel"]{{.*}}ins(%[[R]],
func.func @reverse_into_contraction(%x: tensor<4x3xf32>, %b: tensor<3x8xf32>, %acc: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %init = tensor.empty() : tensor<4x3xf32>
  %r = linalg.generic {indexing_maps = [#rev, #id2], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<4x3xf32>) outs(%init : tensor<4x3xf32>) {
  ^bb0(%v: f32, %o: f32):
    linalg.yield %v : f32
  } -> tensor<4x3xf32>
  %0 = linalg.generic {indexing_maps = [#mk2, #kn2, #mn2], iterator_types = ["parallel", "reduction", "parallel"]} ins(%r, %b : tensor<4x3xf32>, tensor<3x8xf32>) outs(%acc : tensor<4x8xf32>) {
  ^bb0(%p: f32, %q: f32, %s: f32):
    %m = arith.mulf %p, %q : f32
    %a = arith.addf %s, %m : f32
    linalg.yield %a : f32
  } -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
