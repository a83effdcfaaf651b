//===- StructuredLowering.cpp - conv, pooling, norms, matmul, reductions --===//

#include "LoweringUtils.h"
#include "Patterns.h"
#include "webnn/IR/WebnnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace wnn::webnn;

namespace wnn::lowering {
namespace {

constexpr int64_t kNhwcToNchw[] = {0, 3, 1, 2};
constexpr int64_t kNchwToNhwc[] = {0, 2, 3, 1};

DenseIntElementsAttr i64Vector(OpBuilder &b, ArrayRef<int64_t> values) {
  return DenseIntElementsAttr::get(
      RankedTensorType::get({static_cast<int64_t>(values.size())},
                            b.getI64Type()),
      values);
}

RankedTensorType tensorTypeOf(Value v) {
  return cast<RankedTensorType>(v.getType());
}

//===----------------------------------------------------------------------===//
// conv2d
//===----------------------------------------------------------------------===//

/// Permutations from each filter layout to HWIO ([kh, kw, in/g, out]).
ArrayRef<int64_t> toHwioPermutation(StringRef layout) {
  static constexpr int64_t kOihw[] = {2, 3, 1, 0}, kOhwi[] = {1, 2, 3, 0},
                           kIhwo[] = {1, 2, 0, 3};
  if (layout == "oihw")
    return kOihw;
  if (layout == "ohwi")
    return kOhwi;
  if (layout == "ihwo")
    return kIhwo;
  return {};
}

DictionaryAttr convAttributes(OpBuilder &b, Conv2dOp op) {
  return b.getDictionaryAttr(
      {b.getNamedAttr("strides", i64Vector(b, op.getStrides())),
       b.getNamedAttr("dilations", i64Vector(b, op.getDilations()))});
}

/// Ungrouped and depthwise (one output channel per input channel)
/// convolutions run in NHWC with an HWIO (or HWC) filter: channels are
/// innermost, so the code generator vectorizes along them.
Value lowerConvNhwc(ConversionPatternRewriter &rewriter, Conv2dOp op,
                    Value input, Value filter, Value bias, bool depthwise) {
  Location loc = op.getLoc();
  bool nhwc = op.getInputLayout() == "nhwc";
  if (!nhwc)
    input = transposeTensor(rewriter, loc, input, kNchwToNhwc);
  if (ArrayRef<int64_t> perm = toHwioPermutation(op.getFilterLayout());
      !perm.empty())
    filter = transposeTensor(rewriter, loc, filter, perm);
  ArrayRef<int64_t> pad = op.getPadding();
  input = padTensor(rewriter, loc, input, {0, pad[0], pad[2], 0},
                    {0, pad[1], pad[3], 0}, 0.0);
  auto outType = tensorTypeOf(op.getOutput());
  SmallVector<int64_t> outShape(outType.getShape());
  if (!nhwc)
    outShape = {outShape[0], outShape[2], outShape[3], outShape[1]};
  auto accType = outType.clone(outShape);
  Value acc = filledTensor(rewriter, loc, accType, 0.0);
  DictionaryAttr attrs = convAttributes(rewriter, op);
  Value result;
  if (depthwise) {
    auto fType = tensorTypeOf(filter);
    filter = reshapeTensor(
        rewriter, loc, filter,
        {fType.getDimSize(0), fType.getDimSize(1), fType.getDimSize(3)});
    result = linalg::DepthwiseConv2DNhwcHwcOp::create(
                 rewriter, loc, TypeRange{accType}, ValueRange{input, filter},
                 ValueRange{acc}, attrs.getValue())
                 .getResult(0);
  } else {
    result = linalg::Conv2DNhwcHwcfOp::create(rewriter, loc, TypeRange{accType},
                                              ValueRange{input, filter},
                                              ValueRange{acc}, attrs.getValue())
                 .getResult(0);
  }
  if (bias) {
    Value b = alongAxis(rewriter, loc, bias, 3, 4);
    result =
        buildElementwise(rewriter, loc, accType, {result, b},
                         [](OpBuilder &nb, Location l, ValueRange v) -> Value {
                           return arith::AddFOp::create(nb, l, v[0], v[1]);
                         });
  }
  if (!nhwc)
    result = transposeTensor(rewriter, loc, result, kNhwcToNchw);
  return result;
}

/// Other grouped convolutions: NCHW input, OIHW filter, grouped linalg op.
Value lowerConvGrouped(ConversionPatternRewriter &rewriter, Conv2dOp op,
                       Value input, Value filter, Value bias) {
  Location loc = op.getLoc();
  bool nhwc = op.getInputLayout() == "nhwc";
  if (nhwc)
    input = transposeTensor(rewriter, loc, input, kNhwcToNchw);
  StringRef layout = op.getFilterLayout();
  if (layout == "hwio")
    filter = transposeTensor(rewriter, loc, filter, {3, 2, 0, 1});
  else if (layout == "ohwi")
    filter = transposeTensor(rewriter, loc, filter, {0, 3, 1, 2});
  else if (layout == "ihwo")
    filter = transposeTensor(rewriter, loc, filter, {3, 0, 1, 2});

  ArrayRef<int64_t> pad = op.getPadding();
  input = padTensor(rewriter, loc, input, {0, 0, pad[0], pad[2]},
                    {0, 0, pad[1], pad[3]}, 0.0);
  auto inType = tensorTypeOf(input);
  auto fType = tensorTypeOf(filter);
  auto outType = tensorTypeOf(op.getOutput());
  int64_t n = inType.getDimSize(0), c = inType.getDimSize(1);
  int64_t g = op.getGroups(), o = fType.getDimSize(0);
  SmallVector<int64_t> outShape(outType.getShape());
  if (nhwc)
    outShape = {outShape[0], outShape[3], outShape[1], outShape[2]};
  Value grouped =
      reshapeTensor(rewriter, loc, input,
                    {n, g, c / g, inType.getDimSize(2), inType.getDimSize(3)});
  Value groupedFilter =
      reshapeTensor(rewriter, loc, filter,
                    {g, o / g, fType.getDimSize(1), fType.getDimSize(2),
                     fType.getDimSize(3)});
  auto accType = inType.clone({n, g, o / g, outShape[2], outShape[3]});
  Value acc = filledTensor(rewriter, loc, accType, 0.0);
  Value conv =
      linalg::Conv2DNgchwGfchwOp::create(
          rewriter, loc, TypeRange{accType}, ValueRange{grouped, groupedFilter},
          ValueRange{acc}, convAttributes(rewriter, op).getValue())
          .getResult(0);
  Value result = reshapeTensor(rewriter, loc, conv, outShape);
  if (bias) {
    Value b = alongAxis(rewriter, loc, bias, 1, 4);
    result =
        buildElementwise(rewriter, loc, tensorTypeOf(result), {result, b},
                         [](OpBuilder &nb, Location l, ValueRange v) -> Value {
                           return arith::AddFOp::create(nb, l, v[0], v[1]);
                         });
  }
  if (nhwc)
    result = transposeTensor(rewriter, loc, result, kNchwToNhwc);
  return result;
}

struct Conv2dPattern : OpConversionPattern<Conv2dOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Conv2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    int64_t groups = op.getGroups();
    auto outType = tensorTypeOf(op.getOutput());
    int64_t outChannels =
        outType.getDimSize(op.getInputLayout() == "nhwc" ? 3 : 1);
    auto inType = tensorTypeOf(op.getInput());
    int64_t inChannels =
        inType.getDimSize(op.getInputLayout() == "nhwc" ? 3 : 1);
    bool depthwise =
        groups > 1 && groups == inChannels && groups == outChannels;
    Value result =
        groups == 1 || depthwise
            ? lowerConvNhwc(rewriter, op, adaptor.getInput(),
                            adaptor.getFilter(), adaptor.getBias(), depthwise)
            : lowerConvGrouped(rewriter, op, adaptor.getInput(),
                               adaptor.getFilter(), adaptor.getBias());
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// `OpT::create` as a function object, to pick a named op at run time.
template <typename OpT>
OpT createOp(OpBuilder &b, Location loc, TypeRange types, ValueRange inputs,
             ValueRange inits, ArrayRef<NamedAttribute> attrs) {
  return OpT::create(b, loc, types, inputs, inits, attrs);
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

struct PoolGeometry {
  int64_t window[2], stride[2], dilation[2];
  int64_t padLow[2], padHigh[2]; // padHigh includes the ceil-mode extension
  int64_t inSize[2], outSize[2];
};

/// Window geometry in NCHW terms; the high padding grows so that every
/// output window (ceil rounding, explicit output sizes) lies in the input.
template <typename OpT> PoolGeometry poolGeometry(OpT op) {
  auto inType = tensorTypeOf(op.getInput());
  auto outType = tensorTypeOf(op.getOutput());
  bool nhwc = op.getLayout() == "nhwc";
  int64_t hDim = nhwc ? 1 : 2, wDim = nhwc ? 2 : 3;
  PoolGeometry geo;
  ArrayRef<int64_t> pad = op.getPadding();
  for (int i = 0; i < 2; ++i) {
    int64_t dim = i ? wDim : hDim;
    geo.inSize[i] = inType.getDimSize(dim);
    geo.outSize[i] = outType.getDimSize(dim);
    geo.window[i] = op.getWindowDimensions() ? (*op.getWindowDimensions())[i]
                                             : geo.inSize[i];
    geo.stride[i] = op.getStrides()[i];
    geo.dilation[i] = op.getDilations()[i];
    geo.padLow[i] = pad[2 * i];
    geo.padHigh[i] = pad[2 * i + 1];
    int64_t needed = (geo.outSize[i] - 1) * geo.stride[i] +
                     (geo.window[i] - 1) * geo.dilation[i] + 1;
    int64_t have = geo.inSize[i] + geo.padLow[i] + geo.padHigh[i];
    if (needed > have)
      geo.padHigh[i] += needed - have;
  }
  return geo;
}

enum class PoolKind { Average, Max, L2 };

template <typename OpT, PoolKind Kind>
struct Pool2dPattern : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpT op, typename OpT::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    // Pools run in the graph's layout: in NHWC the channels are innermost
    // and the code generator vectorizes along them.
    bool nhwc = op.getLayout() == "nhwc";
    int64_t hDim = nhwc ? 1 : 2, wDim = nhwc ? 2 : 3, cDim = nhwc ? 3 : 1;
    PoolGeometry geo = poolGeometry(op);
    constexpr bool IsMax = Kind == PoolKind::Max;
    Value input = adaptor.getInput();
    auto inType = tensorTypeOf(input);
    Type resultElementType = inType.getElementType();
    if constexpr (Kind == PoolKind::L2) {
      // Sums of squares overflow float16 early: they are formed in float32.
      Type f32 = rewriter.getF32Type();
      inType = inType.clone(f32);
      input = buildElementwise(
          rewriter, loc, inType, input,
          [&](OpBuilder &b, Location l, ValueRange v) -> Value {
            Value x = v[0];
            if (x.getType() != f32)
              x = arith::ExtFOp::create(b, l, f32, x);
            return arith::MulFOp::create(b, l, x, x);
          });
    }
    Type elementType = inType.getElementType();
    bool isUnsigned = isUnsignedTensor(op.getInput());
    double padValue = IsMax ? lowestValue(elementType, isUnsigned) : 0.0;
    SmallVector<int64_t> padLow(4, 0), padHigh(4, 0);
    padLow[hDim] = geo.padLow[0];
    padLow[wDim] = geo.padLow[1];
    padHigh[hDim] = geo.padHigh[0];
    padHigh[wDim] = geo.padHigh[1];
    input = padTensor(rewriter, loc, input, padLow, padHigh, padValue);
    SmallVector<int64_t> outShape(4);
    outShape[0] = inType.getDimSize(0);
    outShape[cDim] = inType.getDimSize(cDim);
    outShape[hDim] = geo.outSize[0];
    outShape[wDim] = geo.outSize[1];
    auto outType = inType.clone(outShape);
    Value acc = filledTensor(rewriter, loc, outType, padValue);
    Value window = tensor::EmptyOp::create(
        rewriter, loc, ArrayRef<int64_t>{geo.window[0], geo.window[1]},
        elementType);
    SmallVector<NamedAttribute> attrs{
        rewriter.getNamedAttr(
            "strides", i64Vector(rewriter, {geo.stride[0], geo.stride[1]})),
        rewriter.getNamedAttr(
            "dilations",
            i64Vector(rewriter, {geo.dilation[0], geo.dilation[1]}))};
    auto pool = [&](auto create) {
      return create(rewriter, loc, TypeRange{outType},
                    ValueRange{input, window}, ValueRange{acc}, attrs)
          .getResult(0);
    };
    Value result;
    if constexpr (IsMax) {
      // The named op compares signed; unsigned inputs are not lowered yet.
      if (isUnsigned)
        return op.emitOpError("unsigned integer inputs are not supported");
      result = nhwc ? pool(createOp<linalg::PoolingNhwcMaxOp>)
                    : pool(createOp<linalg::PoolingNchwMaxOp>);
    } else if constexpr (Kind == PoolKind::L2) {
      Value sum = nhwc ? pool(createOp<linalg::PoolingNhwcSumOp>)
                       : pool(createOp<linalg::PoolingNchwSumOp>);
      result = buildElementwise(
          rewriter, loc, outType.clone(resultElementType), sum,
          [&](OpBuilder &b, Location l, ValueRange v) -> Value {
            Value root = math::SqrtOp::create(b, l, v[0]);
            if (root.getType() != resultElementType)
              root = arith::TruncFOp::create(b, l, resultElementType, root);
            return root;
          });
    } else {
      Value sum = nhwc ? pool(createOp<linalg::PoolingNhwcSumOp>)
                       : pool(createOp<linalg::PoolingNchwSumOp>);
      // Divide by the number of input (not padding) elements per window.
      SmallVector<float> counts;
      for (int64_t oh = 0; oh < geo.outSize[0]; ++oh)
        for (int64_t ow = 0; ow < geo.outSize[1]; ++ow) {
          int64_t count = 0;
          for (int64_t kh = 0; kh < geo.window[0]; ++kh) {
            int64_t h =
                oh * geo.stride[0] + kh * geo.dilation[0] - geo.padLow[0];
            if (h < 0 || h >= geo.inSize[0])
              continue;
            for (int64_t kw = 0; kw < geo.window[1]; ++kw) {
              int64_t w =
                  ow * geo.stride[1] + kw * geo.dilation[1] - geo.padLow[1];
              count += w >= 0 && w < geo.inSize[1];
            }
          }
          counts.push_back(static_cast<float>(std::max<int64_t>(count, 1)));
        }
      // [OH, OW] broadcasts over NCHW; NHWC needs a trailing unit dim.
      SmallVector<int64_t> countShape{geo.outSize[0], geo.outSize[1]};
      if (nhwc)
        countShape.push_back(1);
      auto countType = RankedTensorType::get(countShape, rewriter.getF32Type());
      Value countTensor = arith::ConstantOp::create(
          rewriter, loc, DenseElementsAttr::get(countType, ArrayRef(counts)));
      result = buildElementwise(
          rewriter, loc, outType, {sum, countTensor},
          [](OpBuilder &b, Location l, ValueRange v) -> Value {
            Value count = v[1];
            if (v[0].getType() != count.getType())
              count = arith::TruncFOp::create(b, l, v[0].getType(), count);
            return arith::DivFOp::create(b, l, v[0], count);
          });
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Normalizations
//===----------------------------------------------------------------------===//

/// (x - mean) / sqrt(variance + epsilon) * scale + bias with broadcast
/// operands; scale and bias may be null.
Value normalize(OpBuilder &b, Location loc, Value x, Value mean, Value variance,
                Value scale, Value bias, double epsilon) {
  SmallVector<Value> operands{x, mean, variance};
  if (scale)
    operands.push_back(scale);
  if (bias)
    operands.push_back(bias);
  bool hasScale = scale != nullptr, hasBias = bias != nullptr;
  return buildElementwise(
      b, loc, tensorTypeOf(x), operands,
      [&](OpBuilder &nb, Location l, ValueRange v) -> Value {
        Value eps = scalarConstant(nb, l, v[0].getType(), epsilon);
        Value centered = arith::SubFOp::create(nb, l, v[0], v[1]);
        Value stddev = math::SqrtOp::create(
            nb, l, arith::AddFOp::create(nb, l, v[2], eps));
        Value r = arith::DivFOp::create(nb, l, centered, stddev);
        size_t next = 3;
        if (hasScale)
          r = arith::MulFOp::create(nb, l, r, v[next++]);
        if (hasBias)
          r = arith::AddFOp::create(nb, l, r, v[next]);
        return r;
      });
}

/// Mean and variance of `x` over `axes`, shaped with those axes kept as 1.
std::pair<Value, Value> moments(OpBuilder &b, Location loc, Value x,
                                ArrayRef<int64_t> axes) {
  auto type = tensorTypeOf(x);
  SmallVector<int64_t> keptShape(type.getShape());
  int64_t count = 1;
  for (int64_t axis : axes) {
    count *= keptShape[axis];
    keptShape[axis] = 1;
  }
  auto keptType = type.clone(keptShape);
  auto divideByCount = [&](Value sum) {
    return buildElementwise(
        b, loc, keptType, {reshapeTensor(b, loc, sum, keptShape)},
        [&](OpBuilder &nb, Location l, ValueRange v) -> Value {
          Value n = scalarConstant(nb, l, v[0].getType(), count);
          return arith::DivFOp::create(nb, l, v[0], n);
        });
  };
  Value mean = divideByCount(reduceTensor(b, loc, x, axes, ReduceKind::Sum));
  Value squares =
      buildElementwise(b, loc, type, {x, mean},
                       [](OpBuilder &nb, Location l, ValueRange v) -> Value {
                         Value d = arith::SubFOp::create(nb, l, v[0], v[1]);
                         return arith::MulFOp::create(nb, l, d, d);
                       });
  Value variance =
      divideByCount(reduceTensor(b, loc, squares, axes, ReduceKind::Sum));
  return {mean, variance};
}

struct BatchNormalizationPattern : OpConversionPattern<BatchNormalizationOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(BatchNormalizationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    int64_t rank = tensorTypeOf(op.getInput()).getRank();
    int64_t axis = op.getAxis();
    auto shaped = [&](Value v) {
      return v ? alongAxis(rewriter, loc, v, axis, rank) : Value();
    };
    rewriter.replaceOp(
        op, normalize(rewriter, loc, adaptor.getInput(),
                      shaped(adaptor.getMean()), shaped(adaptor.getVariance()),
                      shaped(adaptor.getScale()), shaped(adaptor.getBias()),
                      op.getEpsilon().convertToDouble()));
    return success();
  }
};

struct InstanceNormalizationPattern
    : OpConversionPattern<InstanceNormalizationOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(InstanceNormalizationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    bool nhwc = op.getLayout() == "nhwc";
    int64_t channel = nhwc ? 3 : 1;
    SmallVector<int64_t> axes =
        nhwc ? SmallVector<int64_t>{1, 2} : SmallVector<int64_t>{2, 3};
    auto [mean, variance] = moments(rewriter, loc, adaptor.getInput(), axes);
    auto shaped = [&](Value v) {
      return v ? alongAxis(rewriter, loc, v, channel, 4) : Value();
    };
    rewriter.replaceOp(op, normalize(rewriter, loc, adaptor.getInput(), mean,
                                     variance, shaped(adaptor.getScale()),
                                     shaped(adaptor.getBias()),
                                     op.getEpsilon().convertToDouble()));
    return success();
  }
};

struct LayerNormalizationPattern : OpConversionPattern<LayerNormalizationOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(LayerNormalizationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = tensorTypeOf(adaptor.getInput());
    ArrayRef<int64_t> axes = op.getAxes();
    auto [mean, variance] = moments(rewriter, loc, adaptor.getInput(), axes);
    // scale/bias are laid out in axes order; bring them to increasing axis
    // order, then give them 1s at the other dims.
    SmallVector<int64_t> order(axes.size());
    for (size_t i = 0; i < order.size(); ++i)
      order[i] = i;
    llvm::sort(order, [&](int64_t a, int64_t b) { return axes[a] < axes[b]; });
    SmallVector<int64_t> paramShape(type.getRank(), 1);
    for (int64_t axis : axes)
      paramShape[axis] = type.getDimSize(axis);
    auto shaped = [&](Value v) -> Value {
      if (!v)
        return v;
      return reshapeTensor(
          rewriter, loc, transposeTensor(rewriter, loc, v, order), paramShape);
    };
    rewriter.replaceOp(op, normalize(rewriter, loc, adaptor.getInput(), mean,
                                     variance, shaped(adaptor.getScale()),
                                     shaped(adaptor.getBias()),
                                     op.getEpsilon().convertToDouble()));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// matmul and gemm
//===----------------------------------------------------------------------===//

Value contract(OpBuilder &b, Location loc, Value lhs, Value rhs,
               RankedTensorType outType) {
  return contractInto(b, loc, lhs, rhs, filledTensor(b, loc, outType, 0.0));
}

struct MatmulPattern : OpConversionPattern<MatmulOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MatmulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op,
                       contract(rewriter, op.getLoc(), adaptor.getA(),
                                adaptor.getB(), tensorTypeOf(op.getOutput())));
    return success();
  }
};

struct GemmPattern : OpConversionPattern<GemmOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GemmOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto outType = tensorTypeOf(op.getOutput());
    // Transposed operands are transposed explicitly (at compile time for
    // constant weights, see wnn-fold-constant-layouts), so that the
    // contraction reads rows of b contiguously.
    Value a = adaptor.getA(), b = adaptor.getB();
    if (op.getATranspose())
      a = transposeTensor(rewriter, loc, a, {1, 0});
    if (op.getBTranspose())
      b = transposeTensor(rewriter, loc, b, {1, 0});
    Value product = contract(rewriter, loc, a, b, outType);
    double alpha = op.getAlpha().convertToDouble();
    double beta = op.getBeta().convertToDouble();
    Value c = adaptor.getC();
    if (alpha == 1.0 && (!c || beta == 0.0)) {
      rewriter.replaceOp(op, product);
      return success();
    }
    SmallVector<Value> operands{product};
    if (c && beta != 0.0)
      operands.push_back(c);
    bool hasC = operands.size() == 2;
    Value result = buildElementwise(
        rewriter, loc, outType, operands,
        [&](OpBuilder &b, Location l, ValueRange v) -> Value {
          Value r = v[0];
          if (alpha != 1.0)
            r = arith::MulFOp::create(
                b, l, scalarConstant(b, l, r.getType(), alpha), r);
          if (!hasC)
            return r;
          Value cv = v[1];
          if (beta != 1.0)
            cv = arith::MulFOp::create(
                b, l, scalarConstant(b, l, r.getType(), beta), cv);
          return arith::AddFOp::create(b, l, r, cv);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

/// What a reduction does to each element before combining them, or to each
/// result after.
enum class ElementMap { None, Abs, Square, Sqrt, Log, DivideByCount };

Value mapElements(OpBuilder &b, Location loc, Value tensor, ElementMap map,
                  bool isUnsigned, int64_t count) {
  if (map == ElementMap::None)
    return tensor;
  return buildElementwise(
      b, loc, tensorTypeOf(tensor), {tensor},
      [&](OpBuilder &nb, Location l, ValueRange v) -> Value {
        Value x = v[0];
        bool isFloat = isa<FloatType>(x.getType());
        switch (map) {
        case ElementMap::Abs:
          if (isFloat)
            return math::AbsFOp::create(nb, l, x);
          return isUnsigned ? x : math::AbsIOp::create(nb, l, x).getResult();
        case ElementMap::Square:
          return isFloat ? arith::MulFOp::create(nb, l, x, x).getResult()
                         : arith::MulIOp::create(nb, l, x, x).getResult();
        case ElementMap::Sqrt:
          return math::SqrtOp::create(nb, l, x);
        case ElementMap::Log:
          return math::LogOp::create(nb, l, x);
        case ElementMap::DivideByCount:
          return arith::DivFOp::create(
              nb, l, x, scalarConstant(nb, l, x.getType(), count));
        case ElementMap::None:
          break;
        }
        return x;
      });
}

/// float16 reductions compute in float32 (a float16 sum of squares
/// overflows long before its square root would): `input` widened, or the
/// result narrowed back to `type`'s element type.
Value convertFloatElements(OpBuilder &b, Location loc, Value tensor,
                           Type elementType) {
  auto type = tensorTypeOf(tensor);
  if (type.getElementType() == elementType)
    return tensor;
  return buildElementwise(
      b, loc, type.clone(elementType), {tensor},
      [&](OpBuilder &nb, Location l, ValueRange v) -> Value {
        if (elementType.getIntOrFloatBitWidth() >
            v[0].getType().getIntOrFloatBitWidth())
          return arith::ExtFOp::create(nb, l, elementType, v[0]);
        return arith::TruncFOp::create(nb, l, elementType, v[0]);
      });
}

Type computeTypeOf(Value tensor) {
  Type element = tensorTypeOf(tensor).getElementType();
  return element.isF16() ? Float32Type::get(element.getContext()) : element;
}

/// A reduction: `Pre` on each element, `Kind` over the axes, `Post` on each
/// result (reduceL2 is Square, Sum, Sqrt).
template <typename OpT, ReduceKind Kind, ElementMap Pre = ElementMap::None,
          ElementMap Post = ElementMap::None>
struct ReducePattern : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpT op, typename OpT::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inType = tensorTypeOf(adaptor.getInput());
    ArrayRef<int64_t> axes = op.getAxes();
    bool isUnsigned = isUnsignedTensor(op.getInput());
    int64_t count = 1;
    for (int64_t axis : axes)
      count *= inType.getDimSize(axis);
    Value input = convertFloatElements(rewriter, loc, adaptor.getInput(),
                                       computeTypeOf(adaptor.getInput()));
    input = mapElements(rewriter, loc, input, Pre, isUnsigned, count);
    Value result = reduceTensor(rewriter, loc, input, axes, Kind, isUnsigned);
    result = mapElements(rewriter, loc, result, Post, isUnsigned, count);
    result =
        convertFloatElements(rewriter, loc, result, inType.getElementType());
    auto outType = cast<RankedTensorType>(
        this->getTypeConverter()->convertType(op.getOutput().getType()));
    rewriter.replaceOp(
        op, reshapeTensor(rewriter, loc, result, outType.getShape()));
    return success();
  }
};

/// log(sum(e^x)) = m + log(sum(e^(x - m))) with m the maximum over the axes
/// (0 where it is infinite), so that no exponential overflows.
struct ReduceLogSumExpPattern : OpConversionPattern<ReduceLogSumExpOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReduceLogSumExpOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type elementType = tensorTypeOf(adaptor.getInput()).getElementType();
    Value input = convertFloatElements(rewriter, loc, adaptor.getInput(),
                                       computeTypeOf(adaptor.getInput()));
    auto type = tensorTypeOf(input);
    ArrayRef<int64_t> axes = op.getAxes();
    SmallVector<int64_t> keptShape(type.getShape());
    for (int64_t axis : axes)
      keptShape[axis] = 1;
    Value max = reduceTensor(rewriter, loc, input, axes, ReduceKind::Max);
    Value shift = buildElementwise(
        rewriter, loc, tensorTypeOf(max), {max},
        [](OpBuilder &b, Location l, ValueRange v) -> Value {
          Value magnitude = math::AbsFOp::create(b, l, v[0]);
          Value infinite = arith::CmpFOp::create(
              b, l, arith::CmpFPredicate::OEQ, magnitude,
              scalarConstant(b, l, v[0].getType(), INFINITY));
          return arith::SelectOp::create(
              b, l, infinite, scalarConstant(b, l, v[0].getType(), 0), v[0]);
        });
    Value keptShift = reshapeTensor(rewriter, loc, shift, keptShape);
    Value exps =
        buildElementwise(rewriter, loc, type, {input, keptShift},
                         [](OpBuilder &b, Location l, ValueRange v) -> Value {
                           return math::ExpOp::create(
                               b, l, arith::SubFOp::create(b, l, v[0], v[1]));
                         });
    Value sum = reduceTensor(rewriter, loc, exps, axes, ReduceKind::Sum);
    Value result =
        buildElementwise(rewriter, loc, tensorTypeOf(sum), {sum, shift},
                         [](OpBuilder &b, Location l, ValueRange v) -> Value {
                           return arith::AddFOp::create(
                               b, l, math::LogOp::create(b, l, v[0]), v[1]);
                         });
    result = convertFloatElements(rewriter, loc, result, elementType);
    auto outType = cast<RankedTensorType>(
        getTypeConverter()->convertType(op.getOutput().getType()));
    rewriter.replaceOp(
        op, reshapeTensor(rewriter, loc, result, outType.getShape()));
    return success();
  }
};

/// argMin / argMax: one reduction over `axis` carrying the best value and
/// its index; a later element replaces them only when strictly better, so
/// ties keep the first index.
template <typename OpT, bool IsMax>
struct ArgReducePattern : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpT op, typename OpT::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto type = tensorTypeOf(input);
    int64_t axis = op.getAxis();
    bool isUnsigned = isUnsignedTensor(op.getInput());
    Type elementType = type.getElementType();
    Type indexType = op.getOutputDataType();
    ReductionSpace space = reductionSpace(rewriter, type, {axis});
    auto valuesType = RankedTensorType::get(space.reducedShape, elementType);
    auto indicesType = RankedTensorType::get(space.reducedShape, indexType);
    Value values = filledTensor(rewriter, loc, valuesType,
                                IsMax ? lowestValue(elementType, isUnsigned)
                                      : highestValue(elementType, isUnsigned));
    Value indices = filledTensor(rewriter, loc, indicesType, 0);
    SmallVector<AffineMap> maps{rewriter.getMultiDimIdentityMap(type.getRank()),
                                space.reducedMap, space.reducedMap};
    bool isFloat = isa<FloatType>(elementType);
    arith::CmpIPredicate intPredicate =
        IsMax ? (isUnsigned ? arith::CmpIPredicate::ugt
                            : arith::CmpIPredicate::sgt)
              : (isUnsigned ? arith::CmpIPredicate::ult
                            : arith::CmpIPredicate::slt);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{valuesType, indicesType}, input,
        ValueRange{values, indices}, maps, space.iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value x = args[0], best = args[1], bestIndex = args[2];
          Value better =
              isFloat ? arith::CmpFOp::create(b, l,
                                              IsMax ? arith::CmpFPredicate::OGT
                                                    : arith::CmpFPredicate::OLT,
                                              x, best)
                            .getResult()
                      : arith::CmpIOp::create(b, l, intPredicate, x, best)
                            .getResult();
          Value index = arith::IndexCastOp::create(
              b, l, indexType, linalg::IndexOp::create(b, l, axis));
          linalg::YieldOp::create(
              b, l,
              ValueRange{
                  arith::SelectOp::create(b, l, better, x, best),
                  arith::SelectOp::create(b, l, better, index, bestIndex)});
        });
    auto outType = cast<RankedTensorType>(
        this->getTypeConverter()->convertType(op.getOutput().getType()));
    rewriter.replaceOp(op, reshapeTensor(rewriter, loc, generic.getResult(1),
                                         outType.getShape()));
    return success();
  }
};

} // namespace

void populateStructuredLoweringPatterns(const TypeConverter &converter,
                                        RewritePatternSet &patterns) {
  patterns.add<
      Conv2dPattern, Pool2dPattern<AveragePool2dOp, PoolKind::Average>,
      Pool2dPattern<MaxPool2dOp, PoolKind::Max>,
      Pool2dPattern<L2Pool2dOp, PoolKind::L2>, BatchNormalizationPattern,
      InstanceNormalizationPattern, LayerNormalizationPattern, MatmulPattern,
      GemmPattern, ReducePattern<ReduceSumOp, ReduceKind::Sum>,
      ReducePattern<ReduceMeanOp, ReduceKind::Sum, ElementMap::None,
                    ElementMap::DivideByCount>,
      ReducePattern<ReduceMaxOp, ReduceKind::Max>,
      ReducePattern<ReduceMinOp, ReduceKind::Min>,
      ReducePattern<ReduceL1Op, ReduceKind::Sum, ElementMap::Abs>,
      ReducePattern<ReduceL2Op, ReduceKind::Sum, ElementMap::Square,
                    ElementMap::Sqrt>,
      ReducePattern<ReduceLogSumOp, ReduceKind::Sum, ElementMap::None,
                    ElementMap::Log>,
      ReducePattern<ReduceProductOp, ReduceKind::Product>,
      ReducePattern<ReduceSumSquareOp, ReduceKind::Sum, ElementMap::Square>,
      ReduceLogSumExpPattern, ArgReducePattern<ArgMinOp, false>,
      ArgReducePattern<ArgMaxOp, true>>(converter, patterns.getContext());
}

} // namespace wnn::lowering
