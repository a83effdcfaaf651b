// The generated matmul kernel is register-blocked for the target's vector
// registers: each reduction step broadcasts one scalar per row and issues
// one FMA per accumulator vector, with the accumulators kept in registers.

// AVX-512 (znver4): 512-bit FMAs, whatever the host has.
// RUN: webnn-compile %s --kernels=codegen --mcpu=znver4 --emit=obj -o %t.avx512.o
// RUN: llvm-objdump -d --no-show-raw-insn %t.avx512.o | FileCheck %s --check-prefix=AVX512
// AVX512: vbroadcastss
// AVX512: vfmadd231ps {{.*}}%zmm{{[0-9]+}}, %zmm{{[0-9]+}}

// AVX2 (x86-64-v3): 256-bit FMAs and no AVX-512 register.
// RUN: webnn-compile %s --kernels=codegen --mcpu=x86-64-v3 --emit=obj -o %t.avx2.o
// RUN: llvm-objdump -d --no-show-raw-insn %t.avx2.o | FileCheck %s --check-prefix=AVX2
// AVX2: vbroadcastss
// AVX2: vfmadd231ps {{.*}}%ymm{{[0-9]+}}, %ymm{{[0-9]+}}
// AVX2-NOT: %zmm

// The blocks themselves, at the LLVM dialect level: an 8x32 AVX-512 block
// is one 32-lane FMA per row (two zmm FMAs each) per reduction step.
// RUN: webnn-opt %s --pass-pipeline='builtin.module(webnn-to-llvm{onednn=false vector-bits=512 vector-registers=32})' \
// RUN:   | FileCheck %s --check-prefix=BLOCKS
// BLOCKS-COUNT-8: llvm.intr.fmuladd({{.*}}) : (vector<32xf32>, vector<32xf32>, vector<32xf32>) -> vector<32xf32>

func.func @main(%a: tensor<64x96xf32> {webnn.name = "a"}, %b: tensor<96x64xf32> {webnn.name = "b"}) -> (tensor<64x64xf32> {webnn.name = "y"}) {
  %0 = webnn.matmul %a, %b : (tensor<64x96xf32>, tensor<96x64xf32>) -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}
