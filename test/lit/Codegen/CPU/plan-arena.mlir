// RUN: webnn-opt %s -split-input-file -wnn-plan-arena | FileCheck %s

// Three 256-byte buffers: %a and %b are live together, %c starts after both
// are dead and reuses offset 0.

// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[IN:[a-z0-9_]+]]: memref<64xf32>, %[[OUT:[a-z0-9_]+]]: memref<64xf32>, %[[ARENA:[a-z0-9_]+]]: memref<512xi8> {webnn.arena})
// CHECK-SAME: attributes {webnn.arena_size = 512 : i64}
// CHECK-NOT: memref.alloc
// CHECK: %[[OFF_A:.*]] = arith.constant 0 : index
// CHECK: %[[A:.*]] = memref.view %[[ARENA]][%[[OFF_A]]][] : memref<512xi8> to memref<64xf32>
// CHECK: %[[OFF_B:.*]] = arith.constant 256 : index
// CHECK: %[[B:.*]] = memref.view %[[ARENA]][%[[OFF_B]]][] : memref<512xi8> to memref<64xf32>
// CHECK: memref.copy %[[IN]], %[[A]]
// CHECK: memref.copy %[[A]], %[[B]]
// CHECK: %[[OFF_C:.*]] = arith.constant 0 : index
// CHECK: %[[C:.*]] = memref.view %[[ARENA]][%[[OFF_C]]][] : memref<512xi8> to memref<64xf32>
// CHECK: memref.copy %[[B]], %[[C]]
// CHECK: memref.copy %[[C]], %[[OUT]]
// CHECK-NOT: memref.dealloc
func.func @main(%in: memref<64xf32>, %out: memref<64xf32>) {
  %a = memref.alloc() {alignment = 64 : i64} : memref<64xf32>
  %b = memref.alloc() {alignment = 64 : i64} : memref<64xf32>
  memref.copy %in, %a : memref<64xf32> to memref<64xf32>
  memref.copy %a, %b : memref<64xf32> to memref<64xf32>
  %c = memref.alloc() {alignment = 64 : i64} : memref<64xf32>
  memref.copy %b, %c : memref<64xf32> to memref<64xf32>
  memref.copy %c, %out : memref<64xf32> to memref<64xf32>
  return
}

// -----

// Sizes are rounded up to 64 bytes; the largest buffer is placed first.
// A view of a buffer keeps it live, and a dealloc is dropped.

// CHECK-LABEL: func.func @sizes
// CHECK-SAME: %[[ARENA:[a-z0-9_]+]]: memref<1088xi8> {webnn.arena}
// CHECK-SAME: webnn.arena_size = 1088 : i64
// CHECK: %[[O1:.*]] = arith.constant 1024 : index
// CHECK: memref.view %[[ARENA]][%[[O1]]][] : memref<1088xi8> to memref<3xi8>
// CHECK: %[[O2:.*]] = arith.constant 0 : index
// CHECK: memref.view %[[ARENA]][%[[O2]]][] : memref<1088xi8> to memref<16x16xf32>
// CHECK-NOT: memref.dealloc
// CHECK-NOT: memref.alloc
func.func @sizes(%out: memref<3xi8>, %out2: memref<4xf32>) {
  %small = memref.alloc() : memref<3xi8>
  %big = memref.alloc() : memref<16x16xf32>
  %sub = memref.subview %big[0, 0] [1, 4] [1, 1] : memref<16x16xf32> to memref<4xf32, strided<[1]>>
  memref.copy %small, %out : memref<3xi8> to memref<3xi8>
  memref.copy %sub, %out2 : memref<4xf32, strided<[1]>> to memref<4xf32>
  memref.dealloc %small : memref<3xi8>
  return
}

// -----

// No allocation: the arena argument is still added, with one byte and an
// arena_size of 0.

// CHECK-LABEL: func.func @empty
// CHECK-SAME: (%{{.*}}: memref<4xf32>, %{{.*}}: memref<1xi8> {webnn.arena})
// CHECK-SAME: webnn.arena_size = 0 : i64
func.func @empty(%x: memref<4xf32>) {
  return
}

// -----

// A temporary allocated inside a loop (one iteration's scratch) is planned
// once, in the arena, before the loop; no allocation is left in it.

// CHECK-LABEL: func.func @loop_temporary
// CHECK-SAME: %{{.*}}: memref<256xi8> {webnn.arena}
// CHECK-NOT: memref.alloc
// CHECK: memref.view
// CHECK: scf.for
// CHECK-NOT: memref.alloc
// CHECK: memref.copy
func.func @loop_temporary(%in: memref<64xf32>, %out: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c4 step %c1 {
    %t = memref.alloc() : memref<64xf32>
    memref.copy %in, %t : memref<64xf32> to memref<64xf32>
    memref.copy %t, %out : memref<64xf32> to memref<64xf32>
  }
  return
}
