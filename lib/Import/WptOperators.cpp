//===- WptOperators.cpp - The WPT importer's operator table ---------------===//
//
// One handler per MLGraphBuilder method: it reads the call's arguments and
// options in WPT's conventions and calls wnn::GraphBuilder. Operators of one
// shape share a handler maker (unary, binary, reduce, pool, ...).
//
//===----------------------------------------------------------------------===//

#include "Import/WptOpContext.h"

namespace wnn {
namespace wpt {
namespace {

//===----------------------------------------------------------------------===//
// Operator table
//===----------------------------------------------------------------------===//

using UnaryFn = Expected<Operand> (GraphBuilder::*)(Operand,
                                                    const OperatorOptions &);
using BinaryFn = Expected<Operand> (GraphBuilder::*)(Operand, Operand,
                                                     const OperatorOptions &);
using ReduceFn = Expected<Operand> (GraphBuilder::*)(Operand,
                                                     const ReduceOptions &);
using ArgFn = Expected<Operand> (GraphBuilder::*)(Operand, uint32_t,
                                                  const ArgMinMaxOptions &);
using PoolFn = Expected<Operand> (GraphBuilder::*)(Operand,
                                                   const Pool2dOptions &);

const std::vector<std::pair<const char *, InputOperandLayout>> kInputLayouts = {
    {"nchw", InputOperandLayout::Nchw}, {"nhwc", InputOperandLayout::Nhwc}};

Handler unary(UnaryFn fn) {
  return [fn](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(1, 1);
    OperatorOptions o;
    c.label(o);
    Operand x = c.operand(0);
    return {c.check((c.b().*fn)(x, o))};
  };
}

Handler binary(BinaryFn fn) {
  return [fn](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(2, 2);
    OperatorOptions o;
    c.label(o);
    Operand a = c.operand(0);
    Operand b = c.operand(1);
    return {c.check((c.b().*fn)(a, b, o))};
  };
}

/// Three operands and no options of their own.
Handler
ternary(Expected<Operand> (GraphBuilder::*fn)(Operand, Operand, Operand,
                                              const OperatorOptions &)) {
  return [fn](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(3, 3);
    OperatorOptions o;
    c.label(o);
    Operand a = c.operand(0);
    Operand b = c.operand(1);
    Operand d = c.operand(2);
    return {c.check((c.b().*fn)(a, b, d, o))};
  };
}

Handler reduce(ReduceFn fn) {
  return [fn](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(1, 1);
    ReduceOptions o;
    c.label(o);
    c.optionalU32Array("axes", o.axes);
    c.boolean("keepDimensions", o.keepDimensions);
    Operand x = c.operand(0);
    return {c.check((c.b().*fn)(x, o))};
  };
}

Handler pool(PoolFn fn) {
  return [fn](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(1, 1);
    Pool2dOptions o;
    c.label(o);
    c.u32Array("windowDimensions", o.windowDimensions);
    c.u32Array("padding", o.padding);
    c.u32Array("strides", o.strides);
    c.u32Array("dilations", o.dilations);
    c.enumeration("layout", o.layout, kInputLayouts);
    c.enumeration(
        "roundingType", o.roundingType,
        {{"floor", RoundingType::Floor}, {"ceil", RoundingType::Ceil}});
    c.u32Array("outputSizes", o.outputSizes);
    Operand x = c.operand(0);
    return {c.check((c.b().*fn)(x, o))};
  };
}

/// Operators that take one operand and an options dictionary of their own.
template <typename Options>
Handler unaryWith(Expected<Operand> (GraphBuilder::*fn)(Operand,
                                                        const Options &),
                  std::function<void(OpContext &, Options &)> readOptions) {
  return [fn, readOptions](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(1, 1);
    Options o;
    c.label(o);
    readOptions(c, o);
    Operand x = c.operand(0);
    return {c.check((c.b().*fn)(x, o))};
  };
}

/// reshape and expand: an operand and a new shape.
Handler newShape(Expected<Operand> (GraphBuilder::*fn)(
    Operand, const std::vector<uint32_t> &, const OperatorOptions &)) {
  return [fn](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(2, 2);
    OperatorOptions o;
    c.label(o);
    Operand x = c.operand(0);
    std::vector<uint32_t> shape = c.u32Array(1);
    return {c.check((c.b().*fn)(x, shape, o))};
  };
}

/// conv2d and convTranspose2d: input and filter, the window options they
/// share, and `readMore` for the rest.
template <typename Options>
Handler convolution(
    Expected<Operand> (GraphBuilder::*fn)(Operand, Operand, const Options &),
    std::vector<std::pair<const char *, decltype(Options::filterLayout)>>
        filterLayouts,
    void (*readMore)(OpContext &, Options &)) {
  return [=](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(2, 2);
    Options o;
    c.label(o);
    c.u32Array("padding", o.padding);
    c.u32Array("strides", o.strides);
    c.u32Array("dilations", o.dilations);
    c.u32("groups", o.groups);
    c.enumeration("inputLayout", o.inputLayout, kInputLayouts);
    c.enumeration("filterLayout", o.filterLayout, filterLayouts);
    c.operand("bias", o.bias);
    readMore(c, o);
    Operand input = c.operand(0);
    Operand filter = c.operand(1);
    return {c.check((c.b().*fn)(input, filter, o))};
  };
}

const std::vector<std::pair<const char *, RecurrentNetworkActivation>>
    kActivations = {{"relu", RecurrentNetworkActivation::Relu},
                    {"sigmoid", RecurrentNetworkActivation::Sigmoid},
                    {"tanh", RecurrentNetworkActivation::Tanh}};

/// The options gru and gruCell share.
void gruCellOptions(OpContext &c, GruCellOptions &o) {
  c.label(o);
  c.operand("bias", o.bias);
  c.operand("recurrentBias", o.recurrentBias);
  c.boolean("resetAfter", o.resetAfter);
  c.enumeration("layout", o.layout,
                {{"zrn", GruWeightLayout::Zrn}, {"rzn", GruWeightLayout::Rzn}});
  c.enumerationList("activations", o.activations, kActivations);
}

/// The options lstm and lstmCell share.
void lstmCellOptions(OpContext &c, LstmCellOptions &o) {
  c.label(o);
  c.operand("bias", o.bias);
  c.operand("recurrentBias", o.recurrentBias);
  c.operand("peepholeWeight", o.peepholeWeight);
  c.enumeration(
      "layout", o.layout,
      {{"iofg", LstmWeightLayout::Iofg}, {"ifgo", LstmWeightLayout::Ifgo}});
  c.enumerationList("activations", o.activations, kActivations);
}

/// The options gru and lstm add to their cells'.
template <typename Options> void networkOptions(OpContext &c, Options &o) {
  c.operand("initialHiddenState", o.initialHiddenState);
  c.boolean("returnSequence", o.returnSequence);
  c.enumeration("direction", o.direction,
                {{"forward", RecurrentNetworkDirection::Forward},
                 {"backward", RecurrentNetworkDirection::Backward},
                 {"both", RecurrentNetworkDirection::Both}});
}

void addRecurrentHandlers(std::unordered_map<std::string, Handler> &h) {
  h["gru"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(5, 5);
    GruOptions o;
    gruCellOptions(c, o);
    networkOptions(c, o);
    Operand input = c.operand(0), weight = c.operand(1);
    Operand recurrentWeight = c.operand(2);
    return c.check(
        c.b().gru(input, weight, recurrentWeight, c.u32(3), c.u32(4), o));
  };
  h["gruCell"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(5, 5);
    GruCellOptions o;
    gruCellOptions(c, o);
    Operand input = c.operand(0), weight = c.operand(1);
    Operand recurrentWeight = c.operand(2), hiddenState = c.operand(3);
    return {c.check(c.b().gruCell(input, weight, recurrentWeight, hiddenState,
                                  c.u32(4), o))};
  };
  h["lstm"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(5, 5);
    LstmOptions o;
    lstmCellOptions(c, o);
    networkOptions(c, o);
    c.operand("initialCellState", o.initialCellState);
    Operand input = c.operand(0), weight = c.operand(1);
    Operand recurrentWeight = c.operand(2);
    return c.check(
        c.b().lstm(input, weight, recurrentWeight, c.u32(3), c.u32(4), o));
  };
  h["lstmCell"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(6, 6);
    LstmCellOptions o;
    lstmCellOptions(c, o);
    Operand input = c.operand(0), weight = c.operand(1);
    Operand recurrentWeight = c.operand(2), hiddenState = c.operand(3);
    Operand cellState = c.operand(4);
    return c.check(c.b().lstmCell(input, weight, recurrentWeight, hiddenState,
                                  cellState, c.u32(5), o));
  };
}

} // namespace

std::unordered_map<std::string, Handler> makeHandlers() {
  using G = GraphBuilder;
  std::unordered_map<std::string, Handler> h;

  for (auto [name, fn] : std::vector<std::pair<const char *, BinaryFn>>{
           {"add", &G::add},
           {"sub", &G::sub},
           {"mul", &G::mul},
           {"div", &G::div},
           {"max", &G::max},
           {"min", &G::min},
           {"pow", &G::pow},
           {"matmul", &G::matmul},
           {"prelu", &G::prelu},
           {"equal", &G::equal},
           {"notEqual", &G::notEqual},
           {"greater", &G::greater},
           {"greaterOrEqual", &G::greaterOrEqual},
           {"lesser", &G::lesser},
           {"lesserOrEqual", &G::lesserOrEqual},
           {"logicalAnd", &G::logicalAnd},
           {"logicalOr", &G::logicalOr},
           {"logicalXor", &G::logicalXor}})
    h[name] = binary(fn);

  for (auto [name, fn] : std::vector<std::pair<const char *, UnaryFn>>{
           {"abs", &G::abs},
           {"ceil", &G::ceil},
           {"cos", &G::cos},
           {"erf", &G::erf},
           {"exp", &G::exp},
           {"floor", &G::floor},
           {"identity", &G::identity},
           {"log", &G::log},
           {"neg", &G::neg},
           {"reciprocal", &G::reciprocal},
           {"sin", &G::sin},
           {"sqrt", &G::sqrt},
           {"tan", &G::tan},
           {"relu", &G::relu},
           {"sigmoid", &G::sigmoid},
           {"tanh", &G::tanh},
           {"gelu", &G::gelu},
           {"hardSwish", &G::hardSwish},
           {"softplus", &G::softplus},
           {"softsign", &G::softsign},
           {"sign", &G::sign},
           {"roundEven", &G::roundEven},
           {"logicalNot", &G::logicalNot},
           {"isNaN", &G::isNaN},
           {"isInfinite", &G::isInfinite}})
    h[name] = unary(fn);

  h["where"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(3, 3);
    OperatorOptions o;
    c.label(o);
    Operand condition = c.operand(0);
    Operand trueValue = c.operand(1);
    Operand falseValue = c.operand(2);
    return {c.check(c.b().where(condition, trueValue, falseValue, o))};
  };

  for (auto [name, fn] : std::vector<std::pair<const char *, ReduceFn>>{
           {"reduceMax", &G::reduceMax},
           {"reduceMean", &G::reduceMean},
           {"reduceMin", &G::reduceMin},
           {"reduceSum", &G::reduceSum},
           {"reduceL1", &G::reduceL1},
           {"reduceL2", &G::reduceL2},
           {"reduceLogSum", &G::reduceLogSum},
           {"reduceLogSumExp", &G::reduceLogSumExp},
           {"reduceProduct", &G::reduceProduct},
           {"reduceSumSquare", &G::reduceSumSquare}})
    h[name] = reduce(fn);

  h["averagePool2d"] = pool(&G::averagePool2d);
  h["maxPool2d"] = pool(&G::maxPool2d);
  h["l2Pool2d"] = pool(&G::l2Pool2d);
  h["resample2d"] = unaryWith<Resample2dOptions>(
      &G::resample2d, [](OpContext &c, Resample2dOptions &o) {
        c.enumeration("mode", o.mode,
                      {{"nearest-neighbor", InterpolationMode::NearestNeighbor},
                       {"linear", InterpolationMode::Linear}});
        c.floatArray("scales", o.scales);
        c.u32Array("sizes", o.sizes);
        c.u32Array("axes", o.axes);
      });

  for (auto [name, fn] : std::vector<std::pair<const char *, ArgFn>>{
           {"argMin", &G::argMin}, {"argMax", &G::argMax}})
    h[name] = [fn = fn](OpContext &c) -> std::vector<Operand> {
      c.expectArguments(2, 2);
      ArgMinMaxOptions o;
      c.label(o);
      c.boolean("keepDimensions", o.keepDimensions);
      c.enumeration("outputDataType", o.outputDataType,
                    {{"int32", DataType::Int32}, {"int64", DataType::Int64}});
      Operand x = c.operand(0);
      uint32_t axis = c.u32(1);
      return {c.check((c.b().*fn)(x, axis, o))};
    };

  h["cast"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(2, 2);
    OperatorOptions o;
    c.label(o);
    Operand x = c.operand(0);
    const std::string &typeName = c.string(1);
    std::optional<DataType> type = parseDataType(typeName);
    if (!type)
      c.fail("unknown data type " + quote(typeName));
    return {c.check(c.b().cast(x, *type, o))};
  };

  h["clamp"] =
      unaryWith<ClampOptions>(&G::clamp, [](OpContext &c, ClampOptions &o) {
        c.optionalNumber("minValue", o.minValue);
        c.optionalNumber("maxValue", o.maxValue);
      });
  h["leakyRelu"] = unaryWith<LeakyReluOptions>(
      &G::leakyRelu,
      [](OpContext &c, LeakyReluOptions &o) { c.number("alpha", o.alpha); });
  h["elu"] = unaryWith<EluOptions>(
      &G::elu, [](OpContext &c, EluOptions &o) { c.number("alpha", o.alpha); });
  h["hardSigmoid"] = unaryWith<HardSigmoidOptions>(
      &G::hardSigmoid, [](OpContext &c, HardSigmoidOptions &o) {
        c.number("alpha", o.alpha);
        c.number("beta", o.beta);
      });
  h["linear"] =
      unaryWith<LinearOptions>(&G::linear, [](OpContext &c, LinearOptions &o) {
        c.number("alpha", o.alpha);
        c.number("beta", o.beta);
      });
  h["instanceNormalization"] = unaryWith<InstanceNormalizationOptions>(
      &G::instanceNormalization,
      [](OpContext &c, InstanceNormalizationOptions &o) {
        c.operand("scale", o.scale);
        c.operand("bias", o.bias);
        c.number("epsilon", o.epsilon);
        c.enumeration("layout", o.layout, kInputLayouts);
      });
  h["layerNormalization"] = unaryWith<LayerNormalizationOptions>(
      &G::layerNormalization, [](OpContext &c, LayerNormalizationOptions &o) {
        c.operand("scale", o.scale);
        c.operand("bias", o.bias);
        c.optionalU32Array("axes", o.axes);
        c.number("epsilon", o.epsilon);
      });
  h["transpose"] = unaryWith<TransposeOptions>(
      &G::transpose, [](OpContext &c, TransposeOptions &o) {
        c.optionalU32Array("permutation", o.permutation);
      });

  h["softmax"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(1, 2);
    OperatorOptions o;
    c.label(o);
    Operand x = c.operand(0);
    std::optional<uint32_t> axis;
    if (c.argumentCount() == 2)
      axis = c.u32(1);
    return {c.check(c.b().softmax(x, axis, o))};
  };

  h["convTranspose2d"] = convolution<ConvTranspose2dOptions>(
      &G::convTranspose2d,
      {{"iohw", ConvTranspose2dFilterOperandLayout::Iohw},
       {"hwoi", ConvTranspose2dFilterOperandLayout::Hwoi},
       {"ohwi", ConvTranspose2dFilterOperandLayout::Ohwi}},
      [](OpContext &c, ConvTranspose2dOptions &o) {
        c.u32Array("outputPadding", o.outputPadding);
        c.u32Array("outputSizes", o.outputSizes);
      });
  h["conv2d"] =
      convolution<Conv2dOptions>(&G::conv2d,
                                 {{"oihw", Conv2dFilterOperandLayout::Oihw},
                                  {"hwio", Conv2dFilterOperandLayout::Hwio},
                                  {"ohwi", Conv2dFilterOperandLayout::Ohwi},
                                  {"ihwo", Conv2dFilterOperandLayout::Ihwo}},
                                 [](OpContext &, Conv2dOptions &) {});

  h["batchNormalization"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(3, 3);
    BatchNormalizationOptions o;
    c.label(o);
    c.operand("scale", o.scale);
    c.operand("bias", o.bias);
    c.u32("axis", o.axis);
    c.number("epsilon", o.epsilon);
    Operand input = c.operand(0);
    Operand mean = c.operand(1);
    Operand variance = c.operand(2);
    return {c.check(c.b().batchNormalization(input, mean, variance, o))};
  };

  h["gemm"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(2, 2);
    GemmOptions o;
    c.label(o);
    c.operand("c", o.c);
    c.number("alpha", o.alpha);
    c.number("beta", o.beta);
    c.boolean("aTranspose", o.aTranspose);
    c.boolean("bTranspose", o.bTranspose);
    Operand a = c.operand(0);
    Operand b = c.operand(1);
    return {c.check(c.b().gemm(a, b, o))};
  };

  h["reshape"] = newShape(&G::reshape);
  h["expand"] = newShape(&G::expand);

  h["concat"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(2, 2);
    OperatorOptions o;
    c.label(o);
    std::vector<Operand> inputs = c.operandList(0);
    uint32_t axis = c.u32(1);
    return {c.check(c.b().concat(inputs, axis, o))};
  };

  h["slice"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(3, 3);
    SliceOptions o;
    c.label(o);
    c.u32Array("strides", o.strides);
    Operand x = c.operand(0);
    std::vector<uint32_t> starts = c.u32Array(1);
    std::vector<uint32_t> sizes = c.u32Array(2);
    return {c.check(c.b().slice(x, starts, sizes, o))};
  };

  h["split"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(2, 2);
    SplitOptions o;
    c.label(o);
    c.u32("axis", o.axis);
    Operand x = c.operand(0);
    // `splits` is either a part count or the list of part sizes.
    if (c.raw(1).is_array())
      return c.check(c.b().split(x, c.u32Array(1), o));
    if (!c.raw(1).is_number())
      c.badArgument(1, "a number or an array of non-negative integers");
    return c.check(c.b().split(x, c.u32(1), o));
  };

  h["pad"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(3, 3);
    PadOptions o;
    c.label(o);
    c.enumeration("mode", o.mode,
                  {{"constant", PaddingMode::Constant},
                   {"edge", PaddingMode::Edge},
                   {"reflection", PaddingMode::Reflection},
                   {"symmetric", PaddingMode::Symmetric}});
    c.number("value", o.value);
    Operand x = c.operand(0);
    std::vector<uint32_t> beginning = c.u32Array(1);
    std::vector<uint32_t> ending = c.u32Array(2);
    return {c.check(c.b().pad(x, beginning, ending, o))};
  };

  h["gather"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(2, 2);
    GatherOptions o;
    c.label(o);
    c.u32("axis", o.axis);
    Operand input = c.operand(0);
    Operand indices = c.operand(1);
    return {c.check(c.b().gather(input, indices, o))};
  };

  h["gatherElements"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(2, 2);
    GatherOptions o;
    c.label(o);
    c.u32("axis", o.axis);
    Operand input = c.operand(0);
    Operand indices = c.operand(1);
    return {c.check(c.b().gatherElements(input, indices, o))};
  };

  h["gatherND"] = binary(&G::gatherND);

  h["scatterElements"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(3, 3);
    ScatterOptions o;
    c.label(o);
    c.u32("axis", o.axis);
    Operand input = c.operand(0);
    Operand indices = c.operand(1);
    Operand updates = c.operand(2);
    return {c.check(c.b().scatterElements(input, indices, updates, o))};
  };

  h["scatterND"] = ternary(&G::scatterND);
  h["quantizeLinear"] = ternary(&G::quantizeLinear);
  h["dequantizeLinear"] = ternary(&G::dequantizeLinear);

  h["reverse"] = unaryWith<ReverseOptions>(&G::reverse,
                                           [](OpContext &c, ReverseOptions &o) {
                                             c.optionalU32Array("axes", o.axes);
                                           });
  h["triangular"] = unaryWith<TriangularOptions>(
      &G::triangular, [](OpContext &c, TriangularOptions &o) {
        c.boolean("upper", o.upper);
        c.i32("diagonal", o.diagonal);
      });

  h["tile"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(2, 2);
    OperatorOptions o;
    c.label(o);
    Operand x = c.operand(0);
    std::vector<uint32_t> repetitions = c.u32Array(1);
    return {c.check(c.b().tile(x, repetitions, o))};
  };

  h["cumulativeSum"] = [](OpContext &c) -> std::vector<Operand> {
    c.expectArguments(2, 2);
    CumulativeSumOptions o;
    c.label(o);
    c.boolean("exclusive", o.exclusive);
    c.boolean("reversed", o.reversed);
    Operand x = c.operand(0);
    uint32_t axis = c.u32(1);
    return {c.check(c.b().cumulativeSum(x, axis, o))};
  };

  addRecurrentHandlers(h);
  return h;
}

} // namespace wpt
} // namespace wnn
