//===- Pipelines.cpp - The compilation phases -----------------------------===//

#include "Pipelines/Pipelines.h"
#include "Codegen/CPU/Passes.h"
#include "Conversion/Passes.h"
#include "Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace wnn {

void buildGraphOptimizationPipeline(OpPassManager &pm) {
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addNestedPass<func::FuncOp>(createFoldIntoWeights());
  pm.addNestedPass<func::FuncOp>(createAssignLayouts());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void buildLowerToLinalgPipeline(OpPassManager &pm,
                                const PipelineOptions &options) {
  pm.addNestedPass<func::FuncOp>(createDecomposeConvTranspose());
  pm.addNestedPass<func::FuncOp>(createDecomposeRecurrent());
  if (options.useOneDNN)
    pm.addPass(createConvertWebnnToOneDNN());
  else
    pm.addNestedPass<func::FuncOp>(createPackMatrixVector());
  pm.addPass(createConvertWebnnToLinalg());
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createFoldConstantLayouts());
  pm.addPass(createFuseElementwise());
  pm.addPass(createCSEPass());
  pm.addPass(createFormKernels());
}

void buildTileAndVectorizePipeline(OpPassManager &pm,
                                   const PipelineOptions &options) {
  if (options.vectorBits == 0)
    return;
  OpPassManager &func = pm.nest<func::FuncOp>();
  TileAndVectorizeOptions tiling;
  tiling.vectorBits = options.vectorBits;
  tiling.vectorRegisters = options.vectorRegisters;
  func.addPass(createTileAndVectorize(tiling));
  func.addPass(createCSEPass());
  func.addPass(createCanonicalizerPass());
}

void buildBufferizationPipeline(OpPassManager &pm) {
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  bufferize.unknownTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  // A kernel returns the destination it was given; the caller already has
  // that buffer. Canonicalization first folds the loops that carry it, so
  // that the returned value is the argument itself.
  pm.addPass(createCanonicalizerPass());
  pm.addPass(bufferization::createDropEquivalentBufferResultsPass());
  bufferization::BufferResultsToOutParamsPassOptions outParams;
  outParams.hoistStaticAllocs = true;
  outParams.modifyPublicFunctions = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createPlanArena());
  pm.addNestedPass<func::FuncOp>(createExpandStridedCopies());
  pm.addPass(createParallelizeKernels());
}

void buildLowerToLLVMPipeline(OpPassManager &pm,
                              const PipelineOptions &options) {
  pm.addPass(createConvertWnnRtToFunc());
  if (options.profile)
    pm.addPass(createProfileKernelCalls());
  // Passes that only rewrite inside a function run per function, on all
  // threads; those that declare functions (math to libm or to functions,
  // memref to malloc, cf.assert to abort, func to llvm) see the module.
  OpPassManager &perFunction = pm.nest<func::FuncOp>();
  perFunction.addPass(createConvertLinalgToLoopsPass());
  VectorTransferToSCFOptions transfers;
  transfers.enableFullUnroll();
  perFunction.addPass(createConvertVectorToSCFPass(transfers));
  perFunction.addPass(createLowerAffinePass());
  perFunction.addPass(createSCFToControlFlowPass());
  perFunction.addPass(memref::createExpandStridedMetadataPass());
  perFunction.addPass(createLowerAffinePass());
  pm.addPass(createConvertMathToFuncs());
  // Functions LLVM has intrinsics for (exp, log, sin, cos, pow, ...) stay
  // intrinsics: LLVM's loop vectorizer turns them into calls of the vector
  // math library, where scalar libm calls would keep the loop scalar. The
  // rest (tanh, erf, erfc, ...) become libm calls.
  pm.addNestedPass<func::FuncOp>(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  ConvertVectorToLLVMPassOptions vectorOptions;
  // Register blocks become broadcast + FMA sequences, not dot products.
  vectorOptions.vectorContractLowering =
      vector::VectorContractLowering::OuterProduct;
  pm.addNestedPass<func::FuncOp>(createConvertVectorToLLVMPass(vectorOptions));
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  OpPassManager &scalars = pm.nest<func::FuncOp>();
  scalars.addPass(createArithToLLVMConversionPass());
  scalars.addPass(createConvertIndexToLLVMPass());
  ConvertFuncToLLVMPassOptions funcOptions;
  funcOptions.useBarePtrCallConv = true;
  pm.addPass(createConvertFuncToLLVMPass(funcOptions));
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addNestedPass<LLVM::LLVMFuncOp>(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createLowerParallelKernelCalls());
  pm.addNestedPass<LLVM::LLVMFuncOp>(createCanonicalizerPass());
}

void buildWebnnToLLVMPipeline(OpPassManager &pm,
                              const PipelineOptions &options) {
  buildGraphOptimizationPipeline(pm);
  buildLowerToLinalgPipeline(pm, options);
  buildTileAndVectorizePipeline(pm, options);
  buildBufferizationPipeline(pm);
  buildLowerToLLVMPipeline(pm, options);
}

} // namespace wnn
