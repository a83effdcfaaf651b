//===- Registration.h - Registering the project's dialects and passes -----===//
#ifndef WNN_PIPELINES_REGISTRATION_H
#define WNN_PIPELINES_REGISTRATION_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace wnn {

/// The webnn dialect and every dialect the pipelines produce, with their
/// interface models (bufferization, LLVM translation).
void registerAllDialects(mlir::DialectRegistry &registry);
/// The project's passes and named pipelines.
void registerAllPasses();

} // namespace wnn

#endif // WNN_PIPELINES_REGISTRATION_H
