//===- Pipelines.h - The compilation phases ---------------------*- C++ -*-===//
//
// The pipeline is split into phases so that tools can stop after any of them
// (webnn-compile --emit=...); docs/pipeline.md describes each pass.
//
//===----------------------------------------------------------------------===//
#ifndef WNN_PIPELINES_PIPELINES_H
#define WNN_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace wnn {

struct PipelineOptions : mlir::PassPipelineOptions<PipelineOptions> {
  Option<bool> useOneDNN{*this, "onednn",
                         llvm::cl::desc("Run conv2d, matmul and gemm as "
                                        "oneDNN primitives"),
                         llvm::cl::init(true)};
  Option<unsigned> vectorBits{
      *this, "vector-bits",
      llvm::cl::desc("Vector register width of the target in bits; 0 keeps "
                     "contractions and convolutions as scalar loops"),
      llvm::cl::init(512)};
  Option<unsigned> vectorRegisters{
      *this, "vector-registers",
      llvm::cl::desc("Number of vector registers of the target"),
      llvm::cl::init(32)};
  Option<bool> profile{*this, "profile",
                       llvm::cl::desc("Time every kernel call (see "
                                      "wnn_session_profile)"),
                       llvm::cl::init(false)};
};

/// Graph level: canonicalization and CSE on the webnn dialect.
void buildGraphOptimizationPipeline(mlir::OpPassManager &pm);
/// webnn -> runtime kernel calls (optional) and linalg/tensor/arith/math.
void buildLowerToLinalgPipeline(mlir::OpPassManager &pm,
                                const PipelineOptions &options);
/// Register blocking and vectorization of contractions and convolutions,
/// still on tensors.
void buildTileAndVectorizePipeline(mlir::OpPassManager &pm,
                                   const PipelineOptions &options);
/// Tensors -> buffers: bufferization, outputs as out-parameters, arena.
void buildBufferizationPipeline(mlir::OpPassManager &pm);
/// Buffers -> loops and vectors -> LLVM dialect; with `options.profile`,
/// kernel calls are timed.
void buildLowerToLLVMPipeline(mlir::OpPassManager &pm,
                              const PipelineOptions &options);

/// Every phase, webnn to the LLVM dialect.
void buildWebnnToLLVMPipeline(mlir::OpPassManager &pm,
                              const PipelineOptions &options);

} // namespace wnn

#endif // WNN_PIPELINES_PIPELINES_H
