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

// -----

// A padded copy (a fill of the padded buffer, then a copy into its
// interior) becomes two kernels called in that order, each split over
// threads on its own; the views only one of them uses go with it.

// CHECK-LABEL: func.func @pad
// CHECK: call @[[FILL:wnn_kernel_[0-9]+]](%{{.*}}, %{{.*}}, %[[IN:.*]], %[[PADDED:.*]]) :
// CHECK: call @[[COPY:wnn_kernel_[0-9]+]](%{{.*}}, %{{.*}}, %[[IN]], %[[PADDED]]) :
// CHECK-NEXT: return
// CHECK-NOT: func.func private @wnn_kernel(
// CHECK: func.func private @[[FILL]](
// CHECK-SAME: webnn.labels = ["pad"], webnn.parallel_trips = 33 : i64
// CHECK-NOT: linalg.copy
// CHECK: linalg.fill
// CHECK-NOT: linalg.copy
// CHECK: return
// CHECK: func.func private @[[COPY]](
// CHECK-SAME: webnn.labels = ["pad"], webnn.parallel_trips = 64 : i64
// CHECK-NOT: linalg.fill
// CHECK: linalg.copy
func.func @pad(%ctx: i64, %in: memref<64x64x16xf32>, %padded: memref<66x66x16xf32>) {
  call @wnn_kernel(%in, %padded) : (memref<64x64x16xf32>, memref<66x66x16xf32>) -> ()
  return
}
func.func private @wnn_kernel(%in: memref<64x64x16xf32>, %padded: memref<66x66x16xf32>) attributes {webnn.kernel, webnn.labels = ["pad"]} {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%padded : memref<66x66x16xf32>)
  %interior = memref.subview %padded[1, 1, 0] [64, 64, 16] [1, 1, 1] : memref<66x66x16xf32> to memref<64x64x16xf32, strided<[1056, 16, 1], offset: 1072>>
  linalg.copy ins(%in : memref<64x64x16xf32>) outs(%interior : memref<64x64x16xf32, strided<[1056, 16, 1], offset: 1072>>)
  return
}

// -----

// Work ops joined by data flow (a loop whose result a store writes, through
// a pure op) stay in one kernel; the large element-wise op before them is a
// kernel of its own, split over threads.

#id = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @flow
// CHECK: call @[[EXP:wnn_kernel_[0-9]+]](%{{.*}}, %{{.*}}, %[[IN:.*]], %[[OUT:.*]], %[[SUM:.*]]) :
// CHECK: call @[[ACC:wnn_kernel_[0-9]+]](%[[IN]], %[[OUT]], %[[SUM]]) :
// CHECK-NEXT: return
// CHECK: func.func private @[[EXP]](
// CHECK-SAME: webnn.parallel_trips = 64 : i64
// CHECK: linalg.generic
// CHECK-NOT: memref.store
// CHECK: return
// CHECK: func.func private @[[ACC]](
// CHECK-NOT: webnn.parallel_trips
// CHECK-NOT: linalg.generic
// CHECK: %[[R:.*]] = scf.for
// CHECK: %[[D:.*]] = arith.mulf %[[R]], %[[R]]
// CHECK: memref.store %[[D]]
func.func @flow(%ctx: i64, %in: memref<256x256xf32>, %out: memref<256x256xf32>, %sum: memref<1xf32>) {
  call @wnn_kernel(%in, %out, %sum) : (memref<256x256xf32>, memref<256x256xf32>, memref<1xf32>) -> ()
  return
}
func.func private @wnn_kernel(%in: memref<256x256xf32>, %out: memref<256x256xf32>, %sum: memref<1xf32>) attributes {webnn.kernel} {
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%in : memref<256x256xf32>) outs(%out : memref<256x256xf32>) {
  ^bb0(%a: f32, %b: f32):
    %e = math.exp %a : f32
    linalg.yield %e : f32
  }
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c256 = arith.constant 256 : index
  %zero = arith.constant 0.0 : f32
  %r = scf.for %i = %c0 to %c256 step %c1 iter_args(%acc = %zero) -> f32 {
    %v = memref.load %in[%i, %c0] : memref<256x256xf32>
    %a = arith.addf %acc, %v : f32
    scf.yield %a : f32
  }
  %d = arith.mulf %r, %r : f32
  memref.store %d, %sum[%c0] : memref<1xf32>
  return
}
