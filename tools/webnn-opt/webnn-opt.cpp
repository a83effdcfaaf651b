//===- webnn-opt.cpp - mlir-opt with the webnn dialect and passes ---------===//

#include "Pipelines/Registration.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  wnn::registerAllPasses();
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  wnn::registerAllDialects(registry);
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "webnn-mlir optimizer driver\n", registry));
}
