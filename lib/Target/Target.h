//===- Target.h - LLVM IR, machine code and artifacts -----------*- C++ -*-===//
//
// The last phase: the LLVM dialect module becomes LLVM IR with the artifact
// ABI (wnn/c/artifact.h), then machine code through an in-process
// TargetMachine, then either a shared object linked by lld (AOT) or code in
// this process (JIT).
//
//===----------------------------------------------------------------------===//
#ifndef WNN_TARGET_TARGET_H
#define WNN_TARGET_TARGET_H

#include "wnn/Support.h"
#include "wnn/c/artifact.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>

namespace wnn {

/// What the descriptor says about the graph.
struct ArtifactInterface {
  std::vector<std::pair<std::string, OperandDescriptor>> inputs, outputs;
  int64_t arenaSize = 0;
  int64_t arenaAlignment = 64;
  /// The lowered graph function: (i64 ctx, ptr inputs..., ptr outputs...,
  /// ptr arena) -> void.
  std::string graphFunction;
};

/// A TargetMachine for the host, or for `cpu` ("znver4", "x86-64-v3").
Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const std::string &cpu, unsigned optLevel);

/// The vector register file that code generation blocks for.
struct VectorRegisters {
  unsigned bits;  // width of one register
  unsigned count; // registers available to generated code
};

/// AVX-512: 32 x 512 bits; AVX/AVX2: 16 x 256; otherwise SSE, 16 x 128.
VectorRegisters vectorRegistersOf(const llvm::TargetMachine &machine);

/// Constant globals at least this large (weights) are emitted as byte
/// arrays, in an object of their own that skips LLVM's optimizer.
constexpr size_t kConstantDataThreshold = 4096;

/// Translates the LLVM dialect module and adds the descriptor, wnn_run and
/// wnn_model_v1. The module gets the target's triple and data layout.
Expected<std::unique_ptr<llvm::Module>>
translateToLLVMIR(mlir::ModuleOp module, llvm::LLVMContext &context,
                  const ArtifactInterface &interface,
                  llvm::TargetMachine &machine);

/// Runs LLVM's optimization pipeline at `optLevel` for `machine`.
Status optimizeLLVMIR(llvm::Module &module, llvm::TargetMachine &machine,
                      unsigned optLevel);

/// Emits a relocatable object in memory.
Expected<std::string> emitObject(llvm::Module &module,
                                 llvm::TargetMachine &machine);

/// Optimizes `module` (not yet optimized) and emits it as relocatable
/// objects, in parallel: the module is split into partitions of whole
/// functions (kernels are never inlined into each other), and each
/// partition is optimized and compiled in a context of its own on LLVM's
/// thread pool. A small module stays one partition. `cpu` and `optLevel`
/// are those createTargetMachine took. Large constant byte arrays (see
/// kConstantDataThreshold) go into one more object, emitted directly.
Expected<std::vector<std::string>>
compileToObjects(std::unique_ptr<llvm::Module> module, const std::string &cpu,
                 unsigned optLevel);

/// Links `objects` into a shared object at `path` with lld (in process).
Status linkSharedObject(const std::vector<std::string> &objects,
                        const std::string &path);

/// Machine code loaded in this process; owns it.
class JITModule {
public:
  virtual ~JITModule();
  virtual const wnn_model_desc *descriptor() const = 0;
};

/// Loads relocatable `objects` (compiled for `machine`) into this process.
Expected<std::unique_ptr<JITModule>>
loadInProcess(const std::vector<std::string> &objects,
              const llvm::TargetMachine &machine);

} // namespace wnn

#endif // WNN_TARGET_TARGET_H
