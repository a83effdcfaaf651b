//===- Operators.cpp - wnn::GraphBuilder's operator methods ---------------===//
//
// Each method normalizes its options into the op's attributes and calls
// Impl::emit, which runs the op's own inference (the spec's validation).
//
//===----------------------------------------------------------------------===//

#include "Builder/BuilderImpl.h"

using namespace mlir;
using namespace wnn::webnn;
using namespace wnn::builder_detail;

namespace wnn {

//===----------------------------------------------------------------------===//
// GraphBuilder: operations
//===----------------------------------------------------------------------===//

static const char *layoutName(InputOperandLayout layout) {
  switch (layout) {
  case InputOperandLayout::Nchw:
    return "nchw";
  case InputOperandLayout::Nhwc:
    return "nhwc";
  }
  return "unknown";
}

static const char *filterLayoutName(Conv2dFilterOperandLayout layout) {
  switch (layout) {
  case Conv2dFilterOperandLayout::Oihw:
    return "oihw";
  case Conv2dFilterOperandLayout::Hwio:
    return "hwio";
  case Conv2dFilterOperandLayout::Ohwi:
    return "ohwi";
  case Conv2dFilterOperandLayout::Ihwo:
    return "ihwo";
  }
  return "unknown";
}

static const char *roundingName(RoundingType rounding) {
  switch (rounding) {
  case RoundingType::Floor:
    return "floor";
  case RoundingType::Ceil:
    return "ceil";
  }
  return "unknown";
}

static const char *paddingModeName(PaddingMode mode) {
  switch (mode) {
  case PaddingMode::Constant:
    return "constant";
  case PaddingMode::Edge:
    return "edge";
  case PaddingMode::Reflection:
    return "reflection";
  case PaddingMode::Symmetric:
    return "symmetric";
  }
  return "unknown";
}

/// [first, last) as a list.
static SmallVector<int64_t> range(int64_t first, int64_t last) {
  SmallVector<int64_t> values;
  for (int64_t i = first; i < last; ++i)
    values.push_back(i);
  return values;
}

#define WNN_BINARY(METHOD, OP)                                                 \
  Expected<Operand> GraphBuilder::METHOD(Operand a, Operand b,                 \
                                         const OperatorOptions &o) {           \
    return impl->emitOne<OP>(o.label, {{"a", a}, {"b", b}}, {});               \
  }
WNN_BINARY(add, AddOp)
WNN_BINARY(sub, SubOp)
WNN_BINARY(mul, MulOp)
WNN_BINARY(div, DivOp)
WNN_BINARY(max, MaxOp)
WNN_BINARY(min, MinOp)
WNN_BINARY(pow, PowOp)
WNN_BINARY(matmul, MatmulOp)
WNN_BINARY(equal, EqualOp)
WNN_BINARY(notEqual, NotEqualOp)
WNN_BINARY(greater, GreaterOp)
WNN_BINARY(greaterOrEqual, GreaterOrEqualOp)
WNN_BINARY(lesser, LesserOp)
WNN_BINARY(lesserOrEqual, LesserOrEqualOp)
WNN_BINARY(logicalAnd, LogicalAndOp)
WNN_BINARY(logicalOr, LogicalOrOp)
WNN_BINARY(logicalXor, LogicalXorOp)
#undef WNN_BINARY

#define WNN_UNARY(METHOD, OP)                                                  \
  Expected<Operand> GraphBuilder::METHOD(Operand x,                            \
                                         const OperatorOptions &o) {           \
    return impl->emitOne<OP>(o.label, {{"input", x}}, {});                     \
  }
WNN_UNARY(abs, AbsOp)
WNN_UNARY(ceil, CeilOp)
WNN_UNARY(cos, CosOp)
WNN_UNARY(erf, ErfOp)
WNN_UNARY(exp, ExpOp)
WNN_UNARY(floor, FloorOp)
WNN_UNARY(identity, IdentityOp)
WNN_UNARY(log, LogOp)
WNN_UNARY(neg, NegOp)
WNN_UNARY(reciprocal, ReciprocalOp)
WNN_UNARY(sin, SinOp)
WNN_UNARY(sqrt, SqrtOp)
WNN_UNARY(tan, TanOp)
WNN_UNARY(relu, ReluOp)
WNN_UNARY(sigmoid, SigmoidOp)
WNN_UNARY(tanh, TanhOp)
WNN_UNARY(gelu, GeluOp)
WNN_UNARY(hardSwish, HardSwishOp)
WNN_UNARY(softplus, SoftplusOp)
WNN_UNARY(softsign, SoftsignOp)
WNN_UNARY(sign, SignOp)
WNN_UNARY(roundEven, RoundEvenOp)
WNN_UNARY(logicalNot, LogicalNotOp)
WNN_UNARY(isNaN, IsNaNOp)
WNN_UNARY(isInfinite, IsInfiniteOp)
#undef WNN_UNARY

Expected<Operand> GraphBuilder::where(Operand condition, Operand trueValue,
                                      Operand falseValue,
                                      const OperatorOptions &o) {
  return impl->emitOne<WhereOp>(o.label,
                                {{"condition", condition},
                                 {"trueValue", trueValue},
                                 {"falseValue", falseValue}},
                                {});
}

Expected<Operand> GraphBuilder::cast(Operand x, DataType type,
                                     const OperatorOptions &o) {
  Impl &s = *impl;
  return s.emitOneWith<CastOp>(
      o.label, {{"input", x}},
      [&](ArrayRef<Value>, SmallVectorImpl<NamedAttribute> &attrs) {
        Type element = toElementType(s.context.get(), type);
        if (!element)
          return "type: unknown data type " +
                 std::to_string(static_cast<int32_t>(type));
        attrs.push_back(s.named("data_type", TypeAttr::get(element)));
        return std::string();
      });
}

Expected<Operand> GraphBuilder::clamp(Operand x, const ClampOptions &o) {
  Impl &s = *impl;
  double inf = std::numeric_limits<double>::infinity();
  return s.emitOne<ClampOp>(
      o.label, {{"input", x}},
      {s.named("min_value", s.f64(o.minValue.value_or(-inf))),
       s.named("max_value", s.f64(o.maxValue.value_or(inf)))});
}

Expected<Operand> GraphBuilder::leakyRelu(Operand x,
                                          const LeakyReluOptions &o) {
  return impl->emitOne<LeakyReluOp>(o.label, {{"input", x}},
                                    {impl->named("alpha", impl->f64(o.alpha))});
}

Expected<Operand> GraphBuilder::elu(Operand x, const EluOptions &o) {
  return impl->emitOne<EluOp>(o.label, {{"input", x}},
                              {impl->named("alpha", impl->f64(o.alpha))});
}

Expected<Operand> GraphBuilder::hardSigmoid(Operand x,
                                            const HardSigmoidOptions &o) {
  Impl &s = *impl;
  return s.emitOne<HardSigmoidOp>(
      o.label, {{"input", x}},
      {s.named("alpha", s.f64(o.alpha)), s.named("beta", s.f64(o.beta))});
}

Expected<Operand> GraphBuilder::linear(Operand x, const LinearOptions &o) {
  Impl &s = *impl;
  return s.emitOne<LinearOp>(
      o.label, {{"input", x}},
      {s.named("alpha", s.f64(o.alpha)), s.named("beta", s.f64(o.beta))});
}

Expected<Operand> GraphBuilder::prelu(Operand x, Operand slope,
                                      const OperatorOptions &o) {
  return impl->emitOne<PreluOp>(o.label, {{"input", x}, {"slope", slope}}, {});
}

Expected<Operand> GraphBuilder::softmax(Operand x, std::optional<uint32_t> axis,
                                        const OperatorOptions &o) {
  Impl &s = *impl;
  return s.emitOneWith<SoftmaxOp>(
      o.label, {{"input", x}},
      [&](ArrayRef<Value> operands, SmallVectorImpl<NamedAttribute> &attrs) {
        // Without an axis, softmax is the legacy 2-D form over axis 1.
        int64_t rank = rankOf(operands[0]);
        if (!axis && rank != 2)
          return "input: expected a 2-D tensor when axis is absent but got "
                 "rank " +
                 std::to_string(rank);
        attrs.push_back(s.named("axis", s.i64(axis.value_or(1))));
        return std::string();
      });
}

Expected<Operand> GraphBuilder::conv2d(Operand input, Operand filter,
                                       const Conv2dOptions &o) {
  Impl &s = *impl;
  return s.emitOne<Conv2dOp>(
      o.label, {{"input", input}, {"filter", filter}, {"bias", o.bias}},
      {s.named("padding", s.i64s(o.padding, {0, 0, 0, 0})),
       s.named("strides", s.i64s(o.strides, {1, 1})),
       s.named("dilations", s.i64s(o.dilations, {1, 1})),
       s.named("groups", s.i64(o.groups)),
       s.named("input_layout", s.str(layoutName(o.inputLayout))),
       s.named("filter_layout", s.str(filterLayoutName(o.filterLayout)))});
}

Expected<Operand>
GraphBuilder::convTranspose2d(Operand input, Operand filter,
                              const ConvTranspose2dOptions &o) {
  Impl &s = *impl;
  static const char *const kFilterLayouts[] = {"iohw", "hwoi", "ohwi"};
  auto layout = static_cast<size_t>(o.filterLayout);
  if (layout >= std::size(kFilterLayouts))
    return s.error("convTranspose2d", o.label,
                   "filterLayout: unknown layout " + Twine(layout));
  SmallVector<NamedAttribute> attrs{
      s.named("padding", s.i64s(o.padding, {0, 0, 0, 0})),
      s.named("strides", s.i64s(o.strides, {1, 1})),
      s.named("dilations", s.i64s(o.dilations, {1, 1})),
      s.named("output_padding", s.i64s(o.outputPadding, {0, 0})),
      s.named("groups", s.i64(o.groups)),
      s.named("input_layout", s.str(layoutName(o.inputLayout))),
      s.named("filter_layout", s.str(kFilterLayouts[layout]))};
  if (!o.outputSizes.empty())
    attrs.push_back(s.named("output_sizes", s.i64s(o.outputSizes)));
  return s.emitOne<ConvTranspose2dOp>(
      o.label, {{"input", input}, {"filter", filter}, {"bias", o.bias}}, attrs);
}

template <typename OpT>
static Expected<Operand> pool2d(GraphBuilder::Impl &s, Operand input,
                                const Pool2dOptions &o) {
  SmallVector<NamedAttribute> attrs{
      s.named("padding", s.i64s(o.padding, {0, 0, 0, 0})),
      s.named("strides", s.i64s(o.strides, {1, 1})),
      s.named("dilations", s.i64s(o.dilations, {1, 1})),
      s.named("layout", s.str(layoutName(o.layout))),
      s.named("rounding_type", s.str(roundingName(o.roundingType)))};
  // Absent window and output sizes have meanings of their own.
  if (!o.windowDimensions.empty())
    attrs.push_back(s.named("window_dimensions", s.i64s(o.windowDimensions)));
  if (!o.outputSizes.empty())
    attrs.push_back(s.named("output_sizes", s.i64s(o.outputSizes)));
  return s.emitOne<OpT>(o.label, {{"input", input}}, attrs);
}

Expected<Operand> GraphBuilder::averagePool2d(Operand input,
                                              const Pool2dOptions &o) {
  return pool2d<AveragePool2dOp>(*impl, input, o);
}

Expected<Operand> GraphBuilder::l2Pool2d(Operand input,
                                         const Pool2dOptions &o) {
  return pool2d<L2Pool2dOp>(*impl, input, o);
}

Expected<Operand> GraphBuilder::resample2d(Operand input,
                                           const Resample2dOptions &o) {
  Impl &s = *impl;
  SmallVector<NamedAttribute> attrs{
      s.named("mode",
              s.str(o.mode == InterpolationMode::Linear ? "linear"
                                                        : "nearest-neighbor")),
      s.named("axes", s.i64s(o.axes, {2, 3}))};
  if (!o.scales.empty()) {
    SmallVector<double> scales(o.scales.begin(), o.scales.end());
    attrs.push_back(s.named("scales", s.builder.getDenseF64ArrayAttr(scales)));
  }
  if (!o.sizes.empty())
    attrs.push_back(s.named("sizes", s.i64s(o.sizes)));
  return s.emitOne<Resample2dOp>(o.label, {{"input", input}}, attrs);
}

Expected<Operand> GraphBuilder::maxPool2d(Operand input,
                                          const Pool2dOptions &o) {
  return pool2d<MaxPool2dOp>(*impl, input, o);
}

Expected<Operand>
GraphBuilder::batchNormalization(Operand input, Operand mean, Operand variance,
                                 const BatchNormalizationOptions &o) {
  Impl &s = *impl;
  return s.emitOne<BatchNormalizationOp>(
      o.label,
      {{"input", input},
       {"mean", mean},
       {"variance", variance},
       {"scale", o.scale},
       {"bias", o.bias}},
      {s.named("axis", s.i64(o.axis)), s.named("epsilon", s.f64(o.epsilon))});
}

Expected<Operand>
GraphBuilder::instanceNormalization(Operand input,
                                    const InstanceNormalizationOptions &o) {
  Impl &s = *impl;
  return s.emitOne<InstanceNormalizationOp>(
      o.label, {{"input", input}, {"scale", o.scale}, {"bias", o.bias}},
      {s.named("epsilon", s.f64(o.epsilon)),
       s.named("layout", s.str(layoutName(o.layout)))});
}

Expected<Operand>
GraphBuilder::layerNormalization(Operand input,
                                 const LayerNormalizationOptions &o) {
  Impl &s = *impl;
  return s.emitOneWith<LayerNormalizationOp>(
      o.label, {{"input", input}, {"scale", o.scale}, {"bias", o.bias}},
      [&](ArrayRef<Value> operands, SmallVectorImpl<NamedAttribute> &attrs) {
        // Absent axes: every dimension but the first.
        int64_t rank = rankOf(operands[0]);
        attrs.push_back(
            s.named("axes", o.axes ? s.i64s(*o.axes) : s.i64s(range(1, rank))));
        attrs.push_back(s.named("epsilon", s.f64(o.epsilon)));
        return std::string();
      });
}

Expected<Operand> GraphBuilder::gemm(Operand a, Operand b,
                                     const GemmOptions &o) {
  Impl &s = *impl;
  return s.emitOne<GemmOp>(o.label, {{"a", a}, {"b", b}, {"c", o.c}},
                           {s.named("alpha", s.f64(o.alpha)),
                            s.named("beta", s.f64(o.beta)),
                            s.named("a_transpose", s.boolean(o.aTranspose)),
                            s.named("b_transpose", s.boolean(o.bTranspose))});
}

template <typename OpT>
static Expected<Operand> reduce(GraphBuilder::Impl &s, Operand x,
                                const ReduceOptions &o) {
  return s.emitOneWith<OpT>(
      o.label, {{"input", x}},
      [&](ArrayRef<Value> operands, SmallVectorImpl<NamedAttribute> &attrs) {
        // Absent axes: reduce over all of them.
        attrs.push_back(
            s.named("axes", o.axes ? s.i64s(*o.axes)
                                   : s.i64s(range(0, rankOf(operands[0])))));
        attrs.push_back(
            s.named("keep_dimensions", s.boolean(o.keepDimensions)));
        return std::string();
      });
}

#define WNN_REDUCE(METHOD, OP)                                                 \
  Expected<Operand> GraphBuilder::METHOD(Operand x, const ReduceOptions &o) {  \
    return reduce<OP>(*impl, x, o);                                            \
  }
WNN_REDUCE(reduceMax, ReduceMaxOp)
WNN_REDUCE(reduceMean, ReduceMeanOp)
WNN_REDUCE(reduceMin, ReduceMinOp)
WNN_REDUCE(reduceSum, ReduceSumOp)
WNN_REDUCE(reduceL1, ReduceL1Op)
WNN_REDUCE(reduceL2, ReduceL2Op)
WNN_REDUCE(reduceLogSum, ReduceLogSumOp)
WNN_REDUCE(reduceLogSumExp, ReduceLogSumExpOp)
WNN_REDUCE(reduceProduct, ReduceProductOp)
WNN_REDUCE(reduceSumSquare, ReduceSumSquareOp)
#undef WNN_REDUCE

template <typename OpT>
static Expected<Operand> argReduce(GraphBuilder::Impl &s, Operand x,
                                   uint32_t axis, const ArgMinMaxOptions &o) {
  return s.emitOneWith<OpT>(
      o.label, {{"input", x}},
      [&](ArrayRef<Value>, SmallVectorImpl<NamedAttribute> &attrs) {
        Type output = toElementType(s.context.get(), o.outputDataType);
        if (!output)
          return "options: outputDataType: unknown data type " +
                 std::to_string(static_cast<int32_t>(o.outputDataType));
        attrs.push_back(s.named("axis", s.i64(axis)));
        attrs.push_back(
            s.named("keep_dimensions", s.boolean(o.keepDimensions)));
        attrs.push_back(s.named("output_data_type", TypeAttr::get(output)));
        return std::string();
      });
}

Expected<Operand> GraphBuilder::argMin(Operand x, uint32_t axis,
                                       const ArgMinMaxOptions &o) {
  return argReduce<ArgMinOp>(*impl, x, axis, o);
}
Expected<Operand> GraphBuilder::argMax(Operand x, uint32_t axis,
                                       const ArgMinMaxOptions &o) {
  return argReduce<ArgMaxOp>(*impl, x, axis, o);
}

Expected<Operand> GraphBuilder::reshape(Operand x,
                                        const std::vector<uint32_t> &newShape,
                                        const OperatorOptions &o) {
  return impl->emitOne<ReshapeOp>(
      o.label, {{"input", x}},
      {impl->named("new_shape", impl->i64s(newShape))});
}

Expected<Operand> GraphBuilder::transpose(Operand x,
                                          const TransposeOptions &o) {
  Impl &s = *impl;
  return s.emitOneWith<TransposeOp>(
      o.label, {{"input", x}},
      [&](ArrayRef<Value> operands, SmallVectorImpl<NamedAttribute> &attrs) {
        SmallVector<int64_t> reversed = range(0, rankOf(operands[0]));
        std::reverse(reversed.begin(), reversed.end());
        attrs.push_back(s.named("permutation", o.permutation
                                                   ? s.i64s(*o.permutation)
                                                   : s.i64s(reversed)));
        return std::string();
      });
}

Expected<Operand> GraphBuilder::concat(const std::vector<Operand> &inputs,
                                       uint32_t axis,
                                       const OperatorOptions &o) {
  std::vector<std::string> names;
  for (size_t i = 0; i < inputs.size(); ++i)
    names.push_back("inputs[" + std::to_string(i) + "]");
  SmallVector<Arg> args;
  for (size_t i = 0; i < inputs.size(); ++i)
    args.push_back({names[i], inputs[i]});
  return impl->emitOne<ConcatOp>(o.label, args,
                                 {impl->named("axis", impl->i64(axis))});
}

Expected<Operand> GraphBuilder::slice(Operand x,
                                      const std::vector<uint32_t> &starts,
                                      const std::vector<uint32_t> &sizes,
                                      const SliceOptions &o) {
  Impl &s = *impl;
  SmallVector<NamedAttribute> attrs{s.named("starts", s.i64s(starts)),
                                    s.named("sizes", s.i64s(sizes))};
  if (!o.strides.empty())
    attrs.push_back(s.named("strides", s.i64s(o.strides)));
  return s.emitOne<SliceOp>(o.label, {{"input", x}}, attrs);
}

Expected<std::vector<Operand>> GraphBuilder::split(Operand x, uint32_t count,
                                                   const SplitOptions &o) {
  Impl &s = *impl;
  auto results = s.emit<SplitOp>(
      o.label, {{"input", x}},
      [&](ArrayRef<Value> operands, SmallVectorImpl<NamedAttribute> &attrs) {
        if (count == 0)
          return std::string("splits: count must be positive");
        auto type = llvm::cast<RankedTensorType>(operands[0].getType());
        // An out-of-range axis is left to the op's own check.
        SmallVector<int64_t> sizes{1};
        if (o.axis < type.getRank()) {
          int64_t dim = type.getDimSize(o.axis);
          if (dim % count != 0)
            return "splits: dimension " + std::to_string(o.axis) + " (" +
                   std::to_string(dim) + ") is not divisible by " +
                   std::to_string(count);
          sizes.assign(count, dim / count);
        }
        attrs.push_back(s.named("splits", s.i64s(sizes)));
        attrs.push_back(s.named("axis", s.i64(o.axis)));
        return std::string();
      });
  if (!results)
    return results.error();
  return std::vector<Operand>(results->begin(), results->end());
}

Expected<std::vector<Operand>>
GraphBuilder::split(Operand x, const std::vector<uint32_t> &sizes,
                    const SplitOptions &o) {
  Impl &s = *impl;
  auto results = s.emit<SplitOp>(
      o.label, {{"input", x}},
      [&](ArrayRef<Value>, SmallVectorImpl<NamedAttribute> &attrs) {
        attrs.push_back(s.named("splits", s.i64s(sizes)));
        attrs.push_back(s.named("axis", s.i64(o.axis)));
        return std::string();
      });
  if (!results)
    return results.error();
  return std::vector<Operand>(results->begin(), results->end());
}

Expected<Operand> GraphBuilder::pad(Operand x,
                                    const std::vector<uint32_t> &beginning,
                                    const std::vector<uint32_t> &ending,
                                    const PadOptions &o) {
  Impl &s = *impl;
  return s.emitOne<PadOp>(o.label, {{"input", x}},
                          {s.named("beginning_padding", s.i64s(beginning)),
                           s.named("ending_padding", s.i64s(ending)),
                           s.named("mode", s.str(paddingModeName(o.mode))),
                           s.named("value", s.f64(o.value))});
}

Expected<Operand> GraphBuilder::expand(Operand x,
                                       const std::vector<uint32_t> &newShape,
                                       const OperatorOptions &o) {
  return impl->emitOne<ExpandOp>(
      o.label, {{"input", x}},
      {impl->named("new_shape", impl->i64s(newShape))});
}

Expected<Operand> GraphBuilder::gather(Operand input, Operand indices,
                                       const GatherOptions &o) {
  return impl->emitOne<GatherOp>(o.label,
                                 {{"input", input}, {"indices", indices}},
                                 {impl->named("axis", impl->i64(o.axis))});
}

} // namespace wnn
