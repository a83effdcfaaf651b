// RUN: webnn-opt %s -split-input-file -wnn-expand-strided-copies | FileCheck %s

// A copy from a strided subview becomes linalg.copy.

// CHECK-LABEL: func.func @strided_source
// CHECK-SAME: (%[[SRC:[a-z0-9_]+]]: memref<4x8xf32>, %[[DST:[a-z0-9_]+]]: memref<4x4xf32>)
// CHECK: %[[SV:.*]] = memref.subview %[[SRC]][0, 2] [4, 4] [1, 1]
// CHECK-NOT: memref.copy
// CHECK: linalg.copy ins(%[[SV]] : memref<4x4xf32, strided<[8, 1], offset: 2>>) outs(%[[DST]] : memref<4x4xf32>)
// CHECK-NOT: memref.copy
func.func @strided_source(%src: memref<4x8xf32>, %dst: memref<4x4xf32>) {
  %sv = memref.subview %src[0, 2] [4, 4] [1, 1] : memref<4x8xf32> to memref<4x4xf32, strided<[8, 1], offset: 2>>
  memref.copy %sv, %dst : memref<4x4xf32, strided<[8, 1], offset: 2>> to memref<4x4xf32>
  return
}

// -----

// A copy into a strided destination becomes linalg.copy.

// CHECK-LABEL: func.func @strided_destination
// CHECK-SAME: (%[[SRC:[a-z0-9_]+]]: memref<4xf32>, %{{.*}}: memref<8xf32>)
// CHECK: %[[SV:.*]] = memref.subview
// CHECK: linalg.copy ins(%[[SRC]] : memref<4xf32>) outs(%[[SV]] : memref<4xf32, strided<[2]>>)
// CHECK-NOT: memref.copy
func.func @strided_destination(%src: memref<4xf32>, %dst: memref<8xf32>) {
  %sv = memref.subview %dst[0] [4] [2] : memref<8xf32> to memref<4xf32, strided<[2]>>
  memref.copy %src, %sv : memref<4xf32> to memref<4xf32, strided<[2]>>
  return
}

// -----

// Copies between identity-layout memrefs stay memref.copy (memcpy).

// CHECK-LABEL: func.func @contiguous
// CHECK: memref.copy %{{.*}}, %{{.*}} : memref<4x4xf32> to memref<4x4xf32>
// CHECK-NOT: linalg.copy
func.func @contiguous(%src: memref<4x4xf32>, %dst: memref<4x4xf32>) {
  memref.copy %src, %dst : memref<4x4xf32> to memref<4x4xf32>
  return
}

// -----

// A contiguous view with only an offset is still a plain memcpy.

// CHECK-LABEL: func.func @contiguous_offset
// CHECK: memref.copy %{{.*}}, %{{.*}} : memref<4xf32, strided<[1], offset: 4>> to memref<4xf32>
// CHECK-NOT: linalg.copy
func.func @contiguous_offset(%src: memref<8xf32>, %dst: memref<4xf32>) {
  %sv = memref.subview %src[4] [4] [1] : memref<8xf32> to memref<4xf32, strided<[1], offset: 4>>
  memref.copy %sv, %dst : memref<4xf32, strided<[1], offset: 4>> to memref<4xf32>
  return
}
