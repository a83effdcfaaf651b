// --mcpu picks the vector ISA: for x86-64-v3 (AVX2) the element-wise loop
// uses 256-bit registers and never AVX-512 ones, whatever the host has.

// RUN: webnn-compile %s --mcpu=x86-64-v3 --emit=obj -o %t.o
// RUN: llvm-objdump -d --no-show-raw-insn %t.o | FileCheck %s --check-prefix=AVX2
// AVX2: {{vaddps|vfmadd|vmulps}}{{.*}}%ymm
// AVX2-NOT: %zmm

// RUN: webnn-compile %s --mcpu=x86-64-v3 -o %t.so
// RUN: webnn-run %t.so --bench 2 | FileCheck %s --check-prefix=BENCH
// BENCH: {"artifact"

func.func @main(%a: tensor<4x256xf32> {webnn.name = "a"}, %b: tensor<4x256xf32> {webnn.name = "b"}) -> (tensor<4x256xf32> {webnn.name = "y"}) {
  %0 = webnn.add %a, %b : (tensor<4x256xf32>, tensor<4x256xf32>) -> tensor<4x256xf32>
  return %0 : tensor<4x256xf32>
}
