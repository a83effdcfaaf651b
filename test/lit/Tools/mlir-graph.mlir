// A webnn dialect module compiles and runs like a JSON graph.
// RUN: webnn-compile %s -o %t.so
// RUN: webnn-run %t.so --bench 1 | FileCheck %s
// RUN: webnn-compile %s --kernels=codegen -o %t.codegen.so
// RUN: webnn-run %t.codegen.so --bench 1 | FileCheck %s

// CHECK: "runs":1

func.func @main(%a: tensor<2x3xf32> {webnn.name = "a"}, %b: tensor<3x4xf32> {webnn.name = "b"}) -> (tensor<2x4xf32> {webnn.name = "y"}) {
  %0 = webnn.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %1 = webnn.relu %0 : (tensor<2x4xf32>) -> tensor<2x4xf32>
  return %1 : tensor<2x4xf32>
}
