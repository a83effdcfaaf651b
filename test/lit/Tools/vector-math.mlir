// Loops of exp (LLVM's own libmvec mappings) and of tanh and erfc (ours) are
// vectorized into calls of glibc's vector math library (8 lanes for AVX2),
// and the artifact records libmvec as a needed library; an artifact without
// such loops does not need it.

// RUN: webnn-compile %s --kernels=codegen --mcpu=x86-64-v3 -o %t.so
// RUN: llvm-readelf -d %t.so | FileCheck %s --check-prefix=NEEDED
// RUN: llvm-nm -D %t.so | FileCheck %s --check-prefix=SYMBOLS
// RUN: webnn-run %t.so --bench 2 | FileCheck %s --check-prefix=BENCH
// NEEDED: (NEEDED) Shared library: [libmvec.so.1]
// SYMBOLS-DAG: U _ZGVdN8v_erfcf
// SYMBOLS-DAG: U _ZGVdN8v_expf
// SYMBOLS-DAG: U _ZGVdN8v_tanhf
// BENCH: "runs":2

// RUN: webnn-compile %inputs/relu.json -o %t.relu.so
// RUN: llvm-readelf -d %t.relu.so | FileCheck %s --check-prefix=NONE
// NONE-NOT: libmvec

func.func @main(%x: tensor<4x256xf32> {webnn.name = "x"}) -> (tensor<4x256xf32> {webnn.name = "y"}, tensor<4x256xf32> {webnn.name = "t"}, tensor<4x256xf32> {webnn.name = "g"}) {
  %0 = webnn.sigmoid %x : (tensor<4x256xf32>) -> tensor<4x256xf32>
  %1 = webnn.tanh %x : (tensor<4x256xf32>) -> tensor<4x256xf32>
  %2 = webnn.gelu %x : (tensor<4x256xf32>) -> tensor<4x256xf32>
  return %0, %1, %2 : tensor<4x256xf32>, tensor<4x256xf32>, tensor<4x256xf32>
}
