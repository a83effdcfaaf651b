//===- WebnnToLinalg.cpp - The convert-webnn-to-linalg pass ---------------===//

#include "Conversion/Passes.h"
#include "Patterns.h"
#include "webnn/IR/WebnnDialect.h"

#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Transforms/DialectConversion.h"

namespace wnn {
#define GEN_PASS_DEF_CONVERTWEBNNTOLINALG
#include "Conversion/Passes.h.inc"
} // namespace wnn

using namespace mlir;

namespace wnn {
namespace {

/// WebNN's unsigned element types become signless; everything else stays.
class SignlessTypeConverter : public TypeConverter {
public:
  SignlessTypeConverter() {
    addConversion([](Type type) { return type; });
    addConversion([](IntegerType type) -> Type {
      if (type.isSignless())
        return type;
      return IntegerType::get(type.getContext(), type.getWidth());
    });
    addConversion([this](RankedTensorType type) -> Type {
      return type.clone(convertType(type.getElementType()));
    });
  }
};

struct ConvertWebnnToLinalgPass
    : impl::ConvertWebnnToLinalgBase<ConvertWebnnToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    SignlessTypeConverter converter;
    RewritePatternSet patterns(ctx);
    lowering::populateElementwiseLoweringPatterns(converter, patterns);
    lowering::populateStructuredLoweringPatterns(converter, patterns);
    lowering::populateShapeLoweringPatterns(converter, patterns);
    lowering::populateIndexingLoweringPatterns(converter, patterns);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateReturnOpTypeConversionPattern(patterns, converter);
    populateCallOpTypeConversionPattern(patterns, converter);

    ConversionTarget target(*ctx);
    target.addIllegalDialect<webnn::WebnnDialect>();
    target.markUnknownOpDynamicallyLegal(
        [&](Operation *op) { return converter.isLegal(op); });
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp op) {
      return converter.isSignatureLegal(op.getFunctionType());
    });
    if (failed(
            applyFullConversion(getOperation(), target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
} // namespace wnn
