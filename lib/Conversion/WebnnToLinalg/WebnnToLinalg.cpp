//===- WebnnToLinalg.cpp - The convert-webnn-to-linalg pass ---------------===//

#include "Conversion/Passes.h"
#include "LoweringUtils.h"
#include "Patterns.h"
#include "webnn/IR/WebnnDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

namespace wnn {
#define GEN_PASS_DEF_CONVERTWEBNNTOLINALG
#include "Conversion/Passes.h.inc"
} // namespace wnn

using namespace mlir;

namespace wnn {
namespace {

/// WebNN's unsigned element types become signless, and int4 / uint4 become
/// i8 (one value per byte, as the artifact's interface holds them);
/// everything else stays.
class SignlessTypeConverter : public TypeConverter {
public:
  SignlessTypeConverter() {
    addConversion([](Type type) { return type; });
    addConversion([](IntegerType type) -> Type {
      if (type.getWidth() == 4)
        return IntegerType::get(type.getContext(), 8);
      if (type.isSignless())
        return type;
      return IntegerType::get(type.getContext(), type.getWidth());
    });
    addConversion([this](RankedTensorType type) -> Type {
      return type.clone(convertType(type.getElementType()));
    });
  }
};

/// The 4-bit graph inputs and outputs of a function, by position, with
/// their signedness (true for int4).
struct FourBitInterface {
  SmallVector<std::pair<unsigned, bool>> inputs, outputs;
};

FourBitInterface fourBitInterface(func::FuncOp func) {
  FourBitInterface found;
  auto collect = [](TypeRange types,
                    SmallVector<std::pair<unsigned, bool>> &out) {
    for (auto [i, type] : llvm::enumerate(types)) {
      auto tensor = dyn_cast<RankedTensorType>(type);
      if (tensor && tensor.getElementType().isInteger() &&
          tensor.getElementType().getIntOrFloatBitWidth() == 4)
        out.push_back(
            {unsigned(i), !tensor.getElementType().isUnsignedInteger()});
    }
  };
  collect(func.getArgumentTypes(), found.inputs);
  collect(func.getResultTypes(), found.outputs);
  return found;
}

/// The artifact's interface holds 4-bit tensors packed two values per byte,
/// low nibble first; the lowered code holds them one value per byte. The
/// graph function unpacks such inputs on entry and packs such outputs
/// before it returns.
void packFourBitInterface(func::FuncOp func, const FourBitInterface &found) {
  if (found.inputs.empty() && found.outputs.empty())
    return;
  OpBuilder b(func.getContext());
  Location loc = func.getLoc();
  Type i8 = b.getI8Type();
  auto packedType = [&](RankedTensorType type) {
    return RankedTensorType::get({(type.getNumElements() + 1) / 2}, i8);
  };
  auto generic = [&](RankedTensorType type,
                     function_ref<Value(OpBuilder &, Location, Value)> body) {
    Value init = tensor::EmptyOp::create(b, loc, type.getShape(), i8);
    return linalg::GenericOp::create(
               b, loc, type, ValueRange{}, init,
               SmallVector<AffineMap>{b.getMultiDimIdentityMap(1)},
               SmallVector<utils::IteratorType>{utils::IteratorType::parallel},
               [&](OpBuilder &nb, Location nl, ValueRange) {
                 Value index = linalg::IndexOp::create(nb, nl, 0);
                 linalg::YieldOp::create(nb, nl, body(nb, nl, index));
               })
        .getResult(0);
  };
  Block &entry = func.front();
  b.setInsertionPointToStart(&entry);
  for (const std::pair<unsigned, bool> &input : found.inputs) {
    unsigned position = input.first;
    bool isSigned = input.second;
    BlockArgument arg = entry.getArgument(position);
    auto type = cast<RankedTensorType>(arg.getType());
    arg.setType(packedType(type));
    auto flatType = RankedTensorType::get({type.getNumElements()}, i8);
    Value flat = generic(
        flatType, [&](OpBuilder &nb, Location nl, Value index) -> Value {
          Value two = arith::ConstantIndexOp::create(nb, nl, 2);
          Value byte = tensor::ExtractOp::create(
              nb, nl, arg,
              ValueRange{arith::DivUIOp::create(nb, nl, index, two)});
          Value odd = arith::RemUIOp::create(nb, nl, index, two);
          Value four = arith::ConstantIntOp::create(nb, nl, i8, 4);
          // Move the wanted nibble to the high half, then shift it back down
          // with the sign (int4) or zeros (uint4).
          Value high = arith::SelectOp::create(
              nb, nl,
              arith::CmpIOp::create(nb, nl, arith::CmpIPredicate::eq, odd,
                                    arith::ConstantIndexOp::create(nb, nl, 0)),
              arith::ShLIOp::create(nb, nl, byte, four), byte);
          return isSigned
                     ? arith::ShRSIOp::create(nb, nl, high, four).getResult()
                     : arith::ShRUIOp::create(nb, nl, high, four).getResult();
        });
    Value unpacked = lowering::reshapeTensor(b, loc, flat, type.getShape());
    Operation *unpack = flat.getDefiningOp();
    arg.replaceUsesWithIf(unpacked, [&](OpOperand &use) {
      return !unpack->isAncestor(use.getOwner());
    });
  }
  auto ret = cast<func::ReturnOp>(entry.getTerminator());
  b.setInsertionPoint(ret);
  for (const std::pair<unsigned, bool> &output : found.outputs) {
    unsigned position = output.first;
    Value value = ret.getOperand(position);
    auto type = cast<RankedTensorType>(value.getType());
    int64_t count = type.getNumElements();
    Value flat = lowering::reshapeTensor(b, loc, value, {count});
    Value packed = generic(
        packedType(type),
        [&](OpBuilder &nb, Location nl, Value index) -> Value {
          Value two = arith::ConstantIndexOp::create(nb, nl, 2);
          Value one = arith::ConstantIndexOp::create(nb, nl, 1);
          Value first = arith::MulIOp::create(nb, nl, index, two);
          Value second = arith::AddIOp::create(nb, nl, first, one);
          Value last = arith::ConstantIndexOp::create(nb, nl, count - 1);
          // An odd count leaves the last high nibble zero.
          Value hasSecond = arith::CmpIOp::create(
              nb, nl, arith::CmpIPredicate::ule, second, last);
          Value low =
              tensor::ExtractOp::create(nb, nl, flat, ValueRange{first});
          Value highValue = tensor::ExtractOp::create(
              nb, nl, flat,
              ValueRange{arith::MinUIOp::create(nb, nl, second, last)});
          Value zero = arith::ConstantIntOp::create(nb, nl, i8, 0);
          highValue =
              arith::SelectOp::create(nb, nl, hasSecond, highValue, zero);
          Value mask = arith::ConstantIntOp::create(nb, nl, i8, 0xF);
          Value four = arith::ConstantIntOp::create(nb, nl, i8, 4);
          return arith::OrIOp::create(
              nb, nl, arith::AndIOp::create(nb, nl, low, mask),
              arith::ShLIOp::create(nb, nl, highValue, four));
        });
    ret->setOperand(position, packed);
  }
  func.setFunctionType(
      b.getFunctionType(entry.getArgumentTypes(), ret.getOperandTypes()));
}

struct ConvertWebnnToLinalgPass
    : impl::ConvertWebnnToLinalgBase<ConvertWebnnToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    SmallVector<std::pair<func::FuncOp, FourBitInterface>> fourBit;
    getOperation().walk([&](func::FuncOp func) {
      if (!func.isExternal())
        fourBit.push_back({func, fourBitInterface(func)});
    });
    SignlessTypeConverter converter;
    RewritePatternSet patterns(ctx);
    lowering::populateElementwiseLoweringPatterns(converter, patterns);
    lowering::populateStructuredLoweringPatterns(converter, patterns);
    lowering::populateShapeLoweringPatterns(converter, patterns);
    lowering::populateIndexingLoweringPatterns(converter, patterns);
    lowering::populateQuantizationLoweringPatterns(converter, patterns);
    lowering::populateRecurrentLoweringPatterns(converter, patterns);
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
            applyFullConversion(getOperation(), target, std::move(patterns)))) {
      signalPassFailure();
      return;
    }
    for (auto &[func, found] : fourBit)
      packFourBitInterface(func, found);
  }
};

} // namespace
} // namespace wnn
