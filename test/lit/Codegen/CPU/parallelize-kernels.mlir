// RUN: webnn-opt %s -split-input-file -wnn-parallelize-kernels | FileCheck %s

// A large element-wise kernel: its first parallel dimension is cut into 64
// ranges of 4 rows, and the kernel runs the ranges [first, last) it is
// given; the caller passes the whole range.

#id = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @graph
// CHECK-DAG: %[[FIRST:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[LAST:.*]] = arith.constant 64 : index
// CHECK: call @wnn_kernel(%[[FIRST]], %[[LAST]], %{{.*}}, %{{.*}})
// CHECK: func.func private @wnn_kernel(%[[F:.*]]: index, %[[L:.*]]: index, %[[IN:.*]]: memref<256x256xf32>, %[[OUT:.*]]: memref<256x256xf32>)
// CHECK-SAME: webnn.parallel_trips = 64 : i64
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[C256:.*]] = arith.constant 256 : index
// CHECK: %[[LO_OFF:.*]] = arith.muli %[[F]], %[[C4]]
// CHECK: %[[LO:.*]] = arith.addi %{{.*}}, %[[LO_OFF]]
// CHECK: %[[HI_OFF:.*]] = arith.muli %[[L]], %[[C4]]
// CHECK: %[[HI_END:.*]] = arith.addi %{{.*}}, %[[HI_OFF]]
// CHECK: %[[HI:.*]] = arith.minsi %[[HI_END]], %[[C256]]
// CHECK: scf.for %[[I:.*]] = %[[LO]] to %[[HI]] step %[[C4]]
// CHECK: memref.subview %[[IN]][%[[I]], 0] [4, 256]
// CHECK: memref.subview %[[OUT]][%[[I]], 0] [4, 256]
// CHECK: linalg.generic
func.func @graph(%ctx: i64, %in: memref<256x256xf32>, %out: memref<256x256xf32>) {
  call @wnn_kernel(%in, %out) : (memref<256x256xf32>, memref<256x256xf32>) -> ()
  return
}
func.func private @wnn_kernel(%in: memref<256x256xf32>, %out: memref<256x256xf32>) attributes {webnn.kernel} {
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%in : memref<256x256xf32>) outs(%out : memref<256x256xf32>) {
  ^bb0(%a: f32, %b: f32):
    %e = math.exp %a : f32
    linalg.yield %e : f32
  }
  return
}

// -----

// A small kernel stays on one thread.

// CHECK-LABEL: func.func private @wnn_kernel(%{{.*}}: memref<4x8xf32>, %{{.*}}: memref<4x8xf32>)
// CHECK-NOT: webnn.parallel_trips
// CHECK-NOT: scf.for
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func private @wnn_kernel(%in: memref<4x8xf32>, %out: memref<4x8xf32>) attributes {webnn.kernel} {
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%in : memref<4x8xf32>) outs(%out : memref<4x8xf32>) {
  ^bb0(%a: f32, %b: f32):
    %e = math.exp %a : f32
    linalg.yield %e : f32
  }
  return
}

// -----

// A tile loop that writes its output only at the induction variable is
// split; one that also writes a buffer every iteration shares (a scratch
// row), or reads its output where the next iteration writes, is not.

// CHECK-LABEL: func.func private @wnn_kernel(%{{.*}}: index, %{{.*}}: index, %{{.*}}: memref<512x512xf32>, %{{.*}}: memref<512x512xf32>)
// CHECK-SAME: webnn.parallel_trips = 512 : i64
// CHECK-LABEL: func.func private @wnn_kernel_0(%{{.*}}: memref<512x512xf32>, %{{.*}}: memref<512x512xf32>, %{{.*}}: memref<512xf32>)
// CHECK-NOT: webnn.parallel_trips
// CHECK-LABEL: func.func private @wnn_kernel_1(%{{.*}}: memref<513x512xf32>)
// CHECK-NOT: webnn.parallel_trips
func.func private @wnn_kernel(%in: memref<512x512xf32>, %out: memref<512x512xf32>) attributes {webnn.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c512 = arith.constant 512 : index
  %pad = ub.poison : f32
  scf.for %i = %c0 to %c512 step %c1 {
    scf.for %j = %c0 to %c512 step %c1 {
      %v = memref.load %in[%i, %j] : memref<512x512xf32>
      memref.store %v, %out[%i, %j] : memref<512x512xf32>
    }
  }
  return
}
func.func private @wnn_kernel_0(%in: memref<512x512xf32>, %out: memref<512x512xf32>, %row: memref<512xf32>) attributes {webnn.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c512 = arith.constant 512 : index
  scf.for %i = %c0 to %c512 step %c1 {
    scf.for %j = %c0 to %c512 step %c1 {
      %v = memref.load %in[%i, %j] : memref<512x512xf32>
      memref.store %v, %row[%j] : memref<512xf32>
      memref.store %v, %out[%i, %j] : memref<512x512xf32>
    }
  }
  return
}
func.func private @wnn_kernel_1(%buf: memref<513x512xf32>) attributes {webnn.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c512 = arith.constant 512 : index
  scf.for %i = %c0 to %c512 step %c1 {
    %next = arith.addi %i, %c1 : index
    scf.for %j = %c0 to %c512 step %c1 {
      %v = memref.load %buf[%next, %j] : memref<513x512xf32>
      memref.store %v, %buf[%i, %j] : memref<513x512xf32>
    }
  }
  return
}
