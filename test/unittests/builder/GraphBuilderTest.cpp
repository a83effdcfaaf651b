//===- GraphBuilderTest.cpp - wnn::GraphBuilder and wnn::Graph ------------===//

#include "Builder/GraphImpl.h"
#include "wnn/Builder.h"

#include "webnn/IR/WebnnOps.h"

#include "mlir/Parser/Parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

using namespace wnn;
using ::testing::HasSubstr;

namespace {

OperandDescriptor f32(std::vector<int64_t> shape) {
  return {DataType::Float32, std::move(shape)};
}

/// A float32 constant filled with `fill`.
Operand constantF32(GraphBuilder &b, std::vector<int64_t> shape,
                    float fill = 0.5f, std::string label = "") {
  OperandDescriptor desc = f32(std::move(shape));
  std::vector<float> data(desc.elementCount(), fill);
  OperatorOptions options;
  options.label = std::move(label);
  auto operand = b.constant(desc, data.data(), desc.byteSize(), options);
  EXPECT_TRUE(operand) << operand.error().message;
  return *operand;
}

Operand inputF32(GraphBuilder &b, const std::string &name,
                 std::vector<int64_t> shape) {
  auto operand = b.input(name, f32(std::move(shape)));
  EXPECT_TRUE(operand) << operand.error().message;
  return *operand;
}

/// The message of a failed result; fails the test if it succeeded.
template <typename T> std::string errorOf(const Expected<T> &result) {
  EXPECT_FALSE(result) << "expected an error";
  return result ? std::string() : result.error().message;
}

bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

OperatorOptions label(std::string text) {
  OperatorOptions options;
  options.label = std::move(text);
  return options;
}

//===----------------------------------------------------------------------===//
// Graphs that build
//===----------------------------------------------------------------------===//

TEST(GraphBuilder, SmallConvNetBuilds) {
  GraphBuilder b("net.json");
  Operand x = inputF32(b, "input", {1, 3, 8, 8});
  Operand filter = constantF32(b, {4, 3, 3, 3}, 0.1f, "conv1.weight");
  Operand bias = constantF32(b, {4}, 0.0f);

  Conv2dOptions conv;
  conv.label = "conv1";
  conv.padding = {1, 1, 1, 1};
  conv.bias = bias;
  auto y = b.conv2d(x, filter, conv);
  ASSERT_TRUE(y) << y.error().message;
  auto desc = b.descriptor(*y);
  ASSERT_TRUE(desc);
  EXPECT_EQ(desc->shape, (std::vector<int64_t>{1, 4, 8, 8}));

  auto r = b.relu(*y);
  ASSERT_TRUE(r) << r.error().message;
  Pool2dOptions pool;
  pool.windowDimensions = {2, 2};
  pool.strides = {2, 2};
  auto p = b.maxPool2d(*r, pool);
  ASSERT_TRUE(p) << p.error().message;
  auto flat = b.reshape(*p, {1, 64});
  ASSERT_TRUE(flat) << flat.error().message;

  GemmOptions gemm;
  gemm.c = constantF32(b, {10}, 0.25f);
  gemm.alpha = 2.0;
  auto g = b.gemm(*flat, constantF32(b, {64, 10}), gemm);
  ASSERT_TRUE(g) << g.error().message;
  auto s = b.softmax(*g, std::nullopt);
  ASSERT_TRUE(s) << s.error().message;

  auto graph = b.build({{"output", *s}});
  ASSERT_TRUE(graph) << graph.error().message;
  ASSERT_EQ(graph->inputs().size(), 1u);
  EXPECT_EQ(graph->inputs()[0].first, "input");
  EXPECT_EQ(graph->inputs()[0].second, f32({1, 3, 8, 8}));
  ASSERT_EQ(graph->outputs().size(), 1u);
  EXPECT_EQ(graph->outputs()[0].first, "output");
  EXPECT_EQ(graph->outputs()[0].second, f32({1, 10}));

  std::string text = graph->toMLIR();
  for (const char *part :
       {"func.func @main(%arg0: tensor<1x3x8x8xf32> {webnn.name = \"input\"})",
        "-> (tensor<1x10xf32> {webnn.name = \"output\"})",
        "webnn.constant dense_resource<conv1_weight> : tensor<4x3x3x3xf32>",
        "webnn.conv2d", "bias", "padding = array<i64: 1, 1, 1, 1>",
        "webnn.relu", "webnn.maxPool2d", "webnn.reshape", "webnn.gemm",
        "alpha = 2.0", "webnn.softmax", "axis = 1", "return",
        "dialect_resources", "conv1_weight: \"0x"})
    EXPECT_TRUE(contains(text, part)) << "missing '" << part << "' in\n"
                                      << text;

  // Ops carry their label (or kind) and the source name in their location.
  mlir::func::FuncOp main = graph->impl().getMain();
  bool sawConv = false;
  main.walk([&](wnn::webnn::Conv2dOp op) {
    auto loc = llvm::dyn_cast<mlir::NameLoc>(op.getLoc());
    ASSERT_TRUE(loc);
    EXPECT_EQ(loc.getName().getValue(), "conv1");
    auto file = llvm::dyn_cast<mlir::FileLineColLoc>(loc.getChildLoc());
    ASSERT_TRUE(file);
    EXPECT_EQ(file.getFilename().getValue(), "net.json");
    sawConv = true;
  });
  EXPECT_TRUE(sawConv);
  main.walk([&](wnn::webnn::ReluOp op) {
    auto loc = llvm::dyn_cast<mlir::NameLoc>(op.getLoc());
    ASSERT_TRUE(loc);
    EXPECT_EQ(loc.getName().getValue(), "relu");
  });
}

TEST(GraphBuilder, PrintedGraphParsesBack) {
  GraphBuilder b;
  Operand x = inputF32(b, "x", {2, 16});
  auto y = b.add(x, constantF32(b, {2, 16}, 1.5f, "w"));
  ASSERT_TRUE(y) << y.error().message;
  auto graph = b.build({{"y", *y}});
  ASSERT_TRUE(graph) << graph.error().message;

  auto context = createGraphContext();
  auto module =
      mlir::parseSourceString<mlir::ModuleOp>(graph->toMLIR(), context.get());
  ASSERT_TRUE(module);
  auto parsed = makeGraphFromModule(context, std::move(module), "parsed");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->inputs(), graph->inputs());
  EXPECT_EQ(parsed->outputs(), graph->outputs());
  EXPECT_EQ(parsed->toMLIR(), graph->toMLIR());
}

TEST(GraphBuilder, OptionDefaultsAndOptionalOperands) {
  GraphBuilder b;
  Operand x = inputF32(b, "x", {2, 3, 4, 5});

  auto t = b.transpose(x);
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(b.descriptor(*t)->shape, (std::vector<int64_t>{5, 4, 3, 2}));

  auto sum = b.reduceSum(x);
  ASSERT_TRUE(sum) << sum.error().message;
  EXPECT_EQ(b.descriptor(*sum)->shape, std::vector<int64_t>{});

  ReduceOptions keep;
  keep.axes = std::vector<uint32_t>{1, 3};
  keep.keepDimensions = true;
  auto mean = b.reduceMean(x, keep);
  ASSERT_TRUE(mean) << mean.error().message;
  EXPECT_EQ(b.descriptor(*mean)->shape, (std::vector<int64_t>{2, 1, 4, 1}));

  // Batch normalization with a bias but no scale: the operand segments must
  // say which optional operand is present.
  BatchNormalizationOptions bn;
  bn.bias = constantF32(b, {3});
  auto n =
      b.batchNormalization(x, constantF32(b, {3}), constantF32(b, {3}), bn);
  ASSERT_TRUE(n) << n.error().message;

  LayerNormalizationOptions ln;
  ln.scale = constantF32(b, {3, 4, 5});
  auto l = b.layerNormalization(x, ln);
  ASSERT_TRUE(l) << l.error().message;

  InstanceNormalizationOptions in;
  in.layout = InputOperandLayout::Nhwc;
  in.bias = constantF32(b, {5});
  auto i = b.instanceNormalization(x, in);
  ASSERT_TRUE(i) << i.error().message;

  auto parts = b.split(x, 2, SplitOptions{{}, 2});
  ASSERT_TRUE(parts) << parts.error().message;
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ(b.descriptor((*parts)[1])->shape,
            (std::vector<int64_t>{2, 3, 2, 5}));
  auto uneven = b.split(x, std::vector<uint32_t>{1, 2}, SplitOptions{{}, 1});
  ASSERT_TRUE(uneven) << uneven.error().message;
  EXPECT_EQ(b.descriptor((*uneven)[1])->shape,
            (std::vector<int64_t>{2, 2, 4, 5}));

  auto joined = b.concat({(*parts)[1], (*parts)[0]}, 2);
  ASSERT_TRUE(joined) << joined.error().message;

  SliceOptions sliceOptions;
  sliceOptions.strides = {1, 2, 1, 2};
  auto sl = b.slice(x, {0, 0, 1, 0}, {2, 3, 3, 5}, sliceOptions);
  ASSERT_TRUE(sl) << sl.error().message;
  EXPECT_EQ(b.descriptor(*sl)->shape, (std::vector<int64_t>{2, 2, 3, 3}));

  auto c = b.cast(x, DataType::Uint4);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(b.descriptor(*c)->dataType, DataType::Uint4);

  ClampOptions clampOptions;
  clampOptions.minValue = 0;
  auto cl = b.clamp(x, clampOptions);
  ASSERT_TRUE(cl) << cl.error().message;

  PadOptions padOptions;
  padOptions.mode = PaddingMode::Reflection;
  auto pd = b.pad(x, {0, 0, 1, 1}, {0, 0, 2, 2}, padOptions);
  ASSERT_TRUE(pd) << pd.error().message;
  EXPECT_EQ(b.descriptor(*pd)->shape, (std::vector<int64_t>{2, 3, 7, 8}));

  auto graph = b.build({{"n", *n},
                        {"l", *l},
                        {"i", *i},
                        {"joined", *joined},
                        {"sum", *sum},
                        {"cl", *cl},
                        {"x_again", *t}});
  ASSERT_TRUE(graph) << graph.error().message;
  std::string text = graph->toMLIR();
  EXPECT_TRUE(contains(text, "webnn.batchNormalization")) << text;
  EXPECT_THAT(text, HasSubstr("min_value = 0.000000e+00 : f64"));
  EXPECT_EQ(graph->outputs().size(), 7u);
  // Descriptors stay available after build.
  EXPECT_TRUE(b.descriptor(*sum));
}

TEST(GraphBuilder, ConstantsOfEveryDataType) {
  GraphBuilder b;
  std::vector<uint8_t> bytes(128, 3);
  for (DataType type :
       {DataType::Float32, DataType::Float16, DataType::Int32, DataType::Uint32,
        DataType::Int64, DataType::Uint64, DataType::Int8, DataType::Uint8,
        DataType::Int4, DataType::Uint4}) {
    for (int64_t count : {1, 8}) {
      OperandDescriptor desc{type, {count}};
      auto c = b.constant(desc, bytes.data(), desc.byteSize());
      ASSERT_TRUE(c) << dataTypeName(type) << ": " << c.error().message;
      EXPECT_EQ(*b.descriptor(*c), desc);
    }
  }
  // A tiny constant is inline; large ones are blobs.
  OperandDescriptor small = f32({2});
  float values[2] = {1.0f, -2.0f};
  ASSERT_TRUE(b.constant(small, values, sizeof(values)));
}

TEST(GraphBuilder, SharedBytesAreKeptNotCopied) {
  // A weight of 4 KB in memory the caller shares: the graph holds the owner
  // (not a copy) for as long as it lives, and lets it go with the graph.
  auto storage = std::make_shared<std::vector<float>>(1024, 0.25f);
  std::weak_ptr<std::vector<float>> watch = storage;
  {
    GraphBuilder b;
    auto x = b.input("x", f32({1024}));
    auto w =
        b.constant(f32({1024}), SharedBytes{storage->data(), 4096, storage});
    ASSERT_TRUE(x && w) << (w ? "" : w.error().message);
    auto y = b.add(*x, *w);
    ASSERT_TRUE(y);
    storage.reset();
    EXPECT_FALSE(watch.expired());
    auto graph = b.build({{"y", *y}});
    ASSERT_TRUE(graph) << graph.error().message;
    // The constant's data is the caller's memory itself.
    bool found = false;
    graph->impl().module->walk([&](webnn::ConstantOp op) {
      auto blob =
          llvm::dyn_cast<mlir::DenseResourceElementsAttr>(op.getValue());
      if (blob && blob.getData().data() ==
                      reinterpret_cast<const char *>(watch.lock()->data()))
        found = true;
    });
    EXPECT_TRUE(found);
    EXPECT_FALSE(watch.expired());
  }
  EXPECT_TRUE(watch.expired());

  // Misaligned bytes (not a multiple of the element size) are copied.
  auto bytes = std::make_shared<std::vector<char>>(4097);
  GraphBuilder b;
  auto c = b.constant(f32({1024}), SharedBytes{bytes->data() + 1, 4096, bytes});
  ASSERT_TRUE(c);
}

TEST(GraphBuilder, InputsKeepCallOrder) {
  GraphBuilder b;
  Operand z = inputF32(b, "z", {2});
  Operand a = inputF32(b, "a", {2});
  auto sum = b.add(z, a);
  ASSERT_TRUE(sum);
  auto graph = b.build({{"sum", *sum}, {"again", *sum}});
  ASSERT_TRUE(graph) << graph.error().message;
  ASSERT_EQ(graph->inputs().size(), 2u);
  EXPECT_EQ(graph->inputs()[0].first, "z");
  EXPECT_EQ(graph->inputs()[1].first, "a");
  EXPECT_EQ(graph->outputs()[1].first, "again");
}

//===----------------------------------------------------------------------===//
// Validation errors
//===----------------------------------------------------------------------===//

TEST(GraphBuilderErrors, MessageNamesSourceOpLabelAndOperand) {
  GraphBuilder named("model.json");
  Operand x = inputF32(named, "x", {1, 3, 8, 8});
  Operand badFilter = constantF32(named, {4, 3, 3});
  Conv2dOptions conv;
  conv.label = "conv1";
  EXPECT_EQ(errorOf(named.conv2d(x, badFilter, conv)),
            "model.json: conv2d 'conv1': filter: expected a 4-D tensor but got "
            "rank 3");

  GraphBuilder anonymous;
  Operand y = inputF32(anonymous, "y", {1, 3, 8, 8});
  EXPECT_EQ(errorOf(anonymous.conv2d(y, constantF32(anonymous, {4, 3, 3}))),
            "conv2d: filter: expected a 4-D tensor but got rank 3");
}

TEST(GraphBuilderErrors, ConvAndPool) {
  GraphBuilder b;
  Operand x = inputF32(b, "x", {1, 3, 8, 8});
  Operand filter = constantF32(b, {4, 3, 3, 3});

  Conv2dOptions bias;
  bias.label = "c";
  bias.bias = constantF32(b, {3});
  EXPECT_EQ(errorOf(b.conv2d(x, filter, bias)),
            "conv2d 'c': bias: expected shape [4] but got [3]");

  Conv2dOptions strides;
  strides.strides = {1, 1, 1};
  EXPECT_EQ(errorOf(b.conv2d(x, filter, strides)),
            "conv2d: strides: expected 2 values but got 3");

  Conv2dOptions groups;
  groups.groups = 2;
  EXPECT_THAT(errorOf(b.conv2d(x, filter, groups)),
              HasSubstr("conv2d: filter: input channels (3) times groups (2)"));

  Pool2dOptions pool;
  pool.label = "pool";
  pool.windowDimensions = {9, 9};
  EXPECT_THAT(errorOf(b.averagePool2d(x, pool)),
              HasSubstr("averagePool2d 'pool': the dilated window (9)"));

  Pool2dOptions sizes;
  sizes.windowDimensions = {2, 2};
  sizes.strides = {2, 2};
  sizes.outputSizes = {3, 4};
  EXPECT_THAT(errorOf(b.maxPool2d(x, sizes)),
              HasSubstr("maxPool2d: outputSizes: height 3"));

  // Integer inputs are rejected by conv2d's data type check.
  auto ints = b.input("ints", {DataType::Int32, {1, 3, 8, 8}});
  ASSERT_TRUE(ints);
  EXPECT_THAT(errorOf(b.conv2d(*ints, filter)),
              HasSubstr("conv2d: input: data type int32 is not supported"));
}

TEST(GraphBuilderErrors, ElementwiseAndActivations) {
  GraphBuilder b;
  Operand x = inputF32(b, "x", {2, 3});
  Operand y = inputF32(b, "y", {4});
  EXPECT_EQ(
      errorOf(b.add(x, y, label("sum"))),
      "add 'sum': b: shape [4] cannot be broadcast with a's shape [2, 3]");
  auto i = b.input("i", {DataType::Int32, {2, 3}});
  ASSERT_TRUE(i);
  EXPECT_EQ(errorOf(b.mul(x, *i)),
            "mul: b: data type int32 does not match the a's float32");
  EXPECT_THAT(errorOf(b.exp(*i)), HasSubstr("exp: input: data type int32"));

  ClampOptions clamp;
  clamp.minValue = 2;
  clamp.maxValue = 1;
  EXPECT_THAT(errorOf(b.clamp(x, clamp)),
              HasSubstr("clamp: options: minValue 2"));
  EXPECT_THAT(errorOf(b.prelu(x, y)), HasSubstr("prelu: slope: shape [4]"));

  Operand r3 = inputF32(b, "r3", {2, 3, 4});
  EXPECT_EQ(errorOf(b.softmax(r3, std::nullopt)),
            "softmax: input: expected a 2-D tensor when axis is absent but "
            "got rank 3");
  EXPECT_EQ(errorOf(b.softmax(r3, 3u)),
            "softmax: axis: 3 is out of range for rank 3");
  EXPECT_TRUE(b.softmax(r3, 2u));
  EXPECT_THAT(errorOf(b.cast(x, static_cast<DataType>(42))),
              HasSubstr("cast: type: unknown data type 42"));
}

TEST(GraphBuilder, ComparisonsGiveUint8AndWhereBroadcasts) {
  GraphBuilder b;
  Operand x = inputF32(b, "x", {2, 3});
  Operand y = inputF32(b, "y", {3});
  auto greater = b.greater(x, y);
  ASSERT_TRUE(greater) << greater.error().message;
  auto desc = b.descriptor(*greater);
  ASSERT_TRUE(desc);
  EXPECT_EQ(desc->dataType, DataType::Uint8);
  EXPECT_EQ(desc->shape, (std::vector<int64_t>{2, 3}));
  auto both = b.logicalAnd(*greater, *greater);
  ASSERT_TRUE(both) << both.error().message;
  auto chosen = b.where(*both, y, x);
  ASSERT_TRUE(chosen) << chosen.error().message;
  desc = b.descriptor(*chosen);
  ASSERT_TRUE(desc);
  EXPECT_EQ(desc->dataType, DataType::Float32);
  EXPECT_EQ(desc->shape, (std::vector<int64_t>{2, 3}));
  auto nan = b.isNaN(x);
  ASSERT_TRUE(nan);
  EXPECT_EQ(b.descriptor(*nan)->dataType, DataType::Uint8);
}

TEST(GraphBuilderErrors, ComparisonsAndLogicalOps) {
  GraphBuilder b;
  Operand x = inputF32(b, "x", {2, 3});
  EXPECT_EQ(errorOf(b.logicalNot(x, label("not"))),
            "logicalNot 'not': a: data type float32 is not supported here "
            "(expected uint8)");
  auto c = b.input("c", {DataType::Uint8, {4}});
  ASSERT_TRUE(c);
  EXPECT_EQ(errorOf(b.where(*c, x, x)),
            "where: condition: shape [4] cannot be broadcast with the "
            "values' shape [2, 3]");
  auto i = b.input("i", {DataType::Int32, {2, 3}});
  ASSERT_TRUE(i);
  EXPECT_EQ(errorOf(b.where(*c, x, *i)),
            "where: falseValue: data type int32 does not match the "
            "trueValue's float32");
  EXPECT_THAT(errorOf(b.isInfinite(*i)),
              HasSubstr("isInfinite: input: data type int32"));
}

TEST(GraphBuilderErrors, MatmulGemmNormalization) {
  GraphBuilder b;
  Operand a = inputF32(b, "a", {2, 3});
  Operand bT = inputF32(b, "b", {4, 5});
  GemmOptions gemm;
  gemm.label = "fc";
  EXPECT_EQ(errorOf(b.gemm(a, bT, gemm)),
            "gemm 'fc': b: its rows (4) do not match a's columns (3) after the "
            "transposes");
  EXPECT_THAT(errorOf(b.matmul(a, bT)), HasSubstr("matmul: b: its rows (4)"));
  gemm.c = inputF32(b, "c", {3});
  gemm.bTranspose = true;
  Operand b2 = inputF32(b, "b2", {7, 3});
  EXPECT_EQ(errorOf(b.gemm(a, b2, gemm)),
            "gemm 'fc': c: shape [3] cannot be broadcast to the output shape "
            "[2, 7]");

  Operand x = inputF32(b, "x", {1, 3, 4, 4});
  BatchNormalizationOptions bn;
  bn.label = "bn";
  bn.scale = inputF32(b, "scale", {4});
  Operand mean = inputF32(b, "mean", {3});
  EXPECT_EQ(errorOf(b.batchNormalization(x, mean, mean, bn)),
            "batchNormalization 'bn': scale: expected shape [3] but got [4]");
  bn.scale.reset();
  bn.axis = 4;
  EXPECT_EQ(errorOf(b.batchNormalization(x, mean, mean, bn)),
            "batchNormalization 'bn': axis: 4 is out of range for rank 4");

  InstanceNormalizationOptions in;
  in.scale = mean;
  EXPECT_TRUE(b.instanceNormalization(x, in));
  EXPECT_THAT(errorOf(b.instanceNormalization(a, in)),
              HasSubstr("instanceNormalization: input: expected a 4-D tensor"));

  LayerNormalizationOptions ln;
  ln.axes = std::vector<uint32_t>{1, 1};
  EXPECT_EQ(errorOf(b.layerNormalization(x, ln)),
            "layerNormalization: axes: axis 1 is repeated");
  ln.axes.reset();
  ln.bias = mean;
  EXPECT_EQ(errorOf(b.layerNormalization(x, ln)),
            "layerNormalization: bias: expected shape [3, 4, 4] (the input's "
            "dims at axes) but got [3]");
}

TEST(GraphBuilderErrors, ReductionsAndShapes) {
  GraphBuilder b;
  Operand x = inputF32(b, "x", {2, 6});
  ReduceOptions reduce;
  reduce.axes = std::vector<uint32_t>{5};
  EXPECT_EQ(errorOf(b.reduceSum(x, reduce)),
            "reduceSum: axes: axis 5 is out of range for rank 2");
  EXPECT_EQ(errorOf(b.reshape(x, {5, 2}, label("r"))),
            "reshape 'r': newShape: [5, 2] holds 10 elements but the input has "
            "12");
  TransposeOptions perm;
  perm.permutation = std::vector<uint32_t>{0};
  EXPECT_EQ(errorOf(b.transpose(x, perm)),
            "transpose: permutation: expected 2 values but got 1");
  EXPECT_EQ(errorOf(b.split(x, 4, SplitOptions{{}, 1})),
            "split: splits: dimension 1 (6) is not divisible by 4");
  EXPECT_EQ(errorOf(b.split(x, 2, SplitOptions{{}, 2})),
            "split: axis: 2 is out of range for rank 2");
  EXPECT_EQ(errorOf(b.split(x, 0)), "split: splits: count must be positive");
  EXPECT_THAT(
      errorOf(b.split(x, std::vector<uint32_t>{2, 3}, SplitOptions{{}, 1})),
      HasSubstr("split: splits: the parts sum to 5"));
  Operand y = inputF32(b, "y", {3, 6});
  Operand z = inputF32(b, "z", {2, 5});
  EXPECT_TRUE(b.concat({x, y}, 0));
  EXPECT_EQ(errorOf(b.concat({x, y, z}, 0, label("cat"))),
            "concat 'cat': inputs[2]: shape [2, 5] does not match inputs[0]'s "
            "[2, 6] outside axis 0");
  EXPECT_EQ(errorOf(b.concat({}, 0)),
            "concat: inputs: expected at least one operand");
  EXPECT_THAT(
      errorOf(b.slice(x, {1, 0}, {2, 6})),
      HasSubstr("slice: sizes: start 1 plus size 2 exceeds dimension 0"));
  PadOptions pad;
  pad.mode = PaddingMode::Reflection;
  EXPECT_THAT(errorOf(b.pad(x, {2, 0}, {0, 0}, pad)),
              HasSubstr("pad: padding: reflection padding of dimension 0"));
  EXPECT_THAT(errorOf(b.expand(x, {3, 6})),
              HasSubstr("expand: newShape: the input's shape [2, 6]"));
  Operand fIdx = inputF32(b, "findex", {2});
  EXPECT_EQ(errorOf(b.gather(x, fIdx)),
            "gather: indices: data type float32 is not supported here "
            "(expected int32, uint32 or int64)");
  auto idx = b.input("index", {DataType::Int64, {3}});
  ASSERT_TRUE(idx);
  auto g = b.gather(x, *idx, GatherOptions{{}, 1});
  ASSERT_TRUE(g) << g.error().message;
  EXPECT_EQ(b.descriptor(*g)->shape, (std::vector<int64_t>{2, 3}));
}

TEST(GraphBuilderErrors, IndexingOps) {
  GraphBuilder b;
  Operand x = inputF32(b, "x", {2, 3});
  auto idx = b.input("index", {DataType::Int32, {2, 4}});
  auto rows = b.input("rows", {DataType::Uint32, {5, 1}});
  auto badIdx = b.input("bad", {DataType::Int8, {2, 3}});
  ASSERT_TRUE(idx && rows && badIdx);
  auto ge = b.gatherElements(x, *idx, GatherOptions{{}, 1});
  ASSERT_TRUE(ge) << ge.error().message;
  EXPECT_EQ(b.descriptor(*ge)->shape, (std::vector<int64_t>{2, 4}));
  GatherOptions labeled;
  labeled.label = "g";
  EXPECT_EQ(errorOf(b.gatherElements(x, *idx, labeled)),
            "gatherElements 'g': indices: shape [2, 4] differs from the "
            "input's [2, 3] on axis 1");
  EXPECT_EQ(errorOf(b.gatherElements(x, *badIdx)),
            "gatherElements: indices: data type int8 is not supported here "
            "(expected int32, uint32 or int64)");
  auto gnd = b.gatherND(x, *rows);
  ASSERT_TRUE(gnd) << gnd.error().message;
  EXPECT_EQ(b.descriptor(*gnd)->shape, (std::vector<int64_t>{5, 3}));
  Operand updates = inputF32(b, "updates", {5, 2});
  EXPECT_EQ(errorOf(b.scatterND(x, *rows, updates)),
            "scatterND: updates: expected shape [5, 3] but got [5, 2]");
  EXPECT_EQ(errorOf(b.scatterElements(x, *idx, updates, ScatterOptions{{}, 1})),
            "scatterElements: updates: expected shape [2, 4] but got [5, 2]");
  ReverseOptions reverse;
  reverse.axes = std::vector<uint32_t>{2};
  EXPECT_EQ(errorOf(b.reverse(x, reverse)),
            "reverse: axes: axis 2 is out of range for rank 2");
  auto reversedAll = b.reverse(x);
  ASSERT_TRUE(reversedAll) << reversedAll.error().message;
  EXPECT_EQ(errorOf(b.tile(x, {2})),
            "tile: repetitions: expected 2 values but got 1");
  auto tiled = b.tile(x, {2, 3});
  ASSERT_TRUE(tiled) << tiled.error().message;
  EXPECT_EQ(b.descriptor(*tiled)->shape, (std::vector<int64_t>{4, 9}));
  EXPECT_EQ(errorOf(b.triangular(inputF32(b, "v", {3}))),
            "triangular: input: expected rank 2 or more but got rank 1");
  EXPECT_EQ(errorOf(b.cumulativeSum(x, 2)),
            "cumulativeSum: axis: 2 is out of range for rank 2");
}

TEST(GraphBuilder, RecurrentOpsGiveTheirStates) {
  GraphBuilder b;
  Operand x = inputF32(b, "x", {5, 3, 2});
  Operand w = constantF32(b, {2, 16, 2});
  Operand r = constantF32(b, {2, 16, 4});
  LstmOptions o;
  o.direction = RecurrentNetworkDirection::Both;
  o.returnSequence = true;
  auto outputs = b.lstm(x, w, r, 5, 4, o);
  ASSERT_TRUE(outputs) << outputs.error().message;
  ASSERT_EQ(outputs->size(), 3u);
  EXPECT_EQ(b.descriptor((*outputs)[0])->shape,
            (std::vector<int64_t>{2, 3, 4}));
  EXPECT_EQ(b.descriptor((*outputs)[2])->shape,
            (std::vector<int64_t>{5, 2, 3, 4}));
  Operand h = inputF32(b, "h", {3, 4});
  auto cell = b.gruCell(inputF32(b, "xc", {3, 2}), constantF32(b, {12, 2}),
                        constantF32(b, {12, 4}), h, 4);
  ASSERT_TRUE(cell) << cell.error().message;
  EXPECT_EQ(b.descriptor(*cell)->shape, (std::vector<int64_t>{3, 4}));
}

TEST(GraphBuilderErrors, RecurrentOps) {
  GraphBuilder b("net.json");
  Operand x = inputF32(b, "x", {5, 3, 2});
  Operand w = constantF32(b, {1, 12, 2});
  Operand r = constantF32(b, {1, 12, 4});
  GruOptions o;
  o.label = "encoder";
  o.bias = constantF32(b, {1, 8});
  EXPECT_EQ(errorOf(b.gru(x, w, r, 5, 4, o)),
            "net.json: gru 'encoder': bias: expected shape [1, 12] but got "
            "[1, 8]");
  EXPECT_EQ(errorOf(b.gru(x, w, r, 4, 4)),
            "net.json: gru: input: its first dimension (5) does not match "
            "steps (4)");
  GruOptions activations;
  activations.activations = {RecurrentNetworkActivation::Relu};
  EXPECT_EQ(errorOf(b.gru(x, w, r, 5, 4, activations)),
            "net.json: gru: activations: expected 2 activations but got 1");
  LstmCellOptions peephole;
  peephole.peepholeWeight = constantF32(b, {16});
  Operand state = inputF32(b, "state", {3, 4});
  EXPECT_EQ(
      errorOf(b.lstmCell(inputF32(b, "xc", {3, 2}), constantF32(b, {16, 2}),
                         constantF32(b, {16, 4}), state, state, 4, peephole)),
      "net.json: lstmCell: peepholeWeight: expected shape [12] but got "
      "[16]");
}

TEST(GraphBuilderErrors, OperandsMustBelongToTheBuilder) {
  GraphBuilder b, other;
  Operand x = inputF32(b, "x", {1, 3, 8, 8});
  Operand foreign = constantF32(other, {4, 3, 3, 3});
  Conv2dOptions conv;
  conv.label = "c";
  EXPECT_EQ(errorOf(b.conv2d(x, foreign, conv)),
            "conv2d 'c': filter: not an operand of this builder");
  conv.bias = Operand{};
  EXPECT_EQ(errorOf(b.conv2d(x, constantF32(b, {4, 3, 3, 3}), conv)),
            "conv2d 'c': bias: not an operand of this builder");
  EXPECT_EQ(errorOf(b.relu(Operand{})),
            "relu: input: not an operand of this builder");
  EXPECT_EQ(errorOf(b.concat({x, Operand{12345678}}, 0)),
            "concat: inputs[1]: not an operand of this builder");
  EXPECT_FALSE(b.descriptor(foreign));
  auto relu = b.relu(x);
  ASSERT_TRUE(relu);
  EXPECT_EQ(errorOf(b.build({{"y", foreign}})),
            "build: output 'y': not an operand of this builder");
}

TEST(GraphBuilderErrors, Inputs) {
  GraphBuilder b("g");
  inputF32(b, "x", {2});
  EXPECT_EQ(errorOf(b.input("x", f32({3}))),
            "g: input 'x': name: already used by another input");
  EXPECT_EQ(errorOf(b.input("", f32({3}))),
            "g: input: name: must not be empty");
  EXPECT_EQ(errorOf(b.input("zero", f32({2, 0}))),
            "g: input 'zero': descriptor: dimension 1 is 0 but must be in "
            "[1, 2^32)");
  EXPECT_THAT(errorOf(b.input("bad", {static_cast<DataType>(99), {1}})),
              HasSubstr("g: input 'bad': descriptor: unknown data type 99"));
  EXPECT_THAT(errorOf(b.input("huge", f32({1ll << 31, 1ll << 31, 1ll << 31}))),
              HasSubstr("too many elements"));
}

TEST(GraphBuilderErrors, Constants) {
  GraphBuilder b;
  float data[4] = {};
  EXPECT_EQ(errorOf(b.constant(f32({4}), data, 12, label("w"))),
            "constant 'w': data: byteLength 12 does not match the "
            "descriptor's 16 bytes");
  EXPECT_EQ(errorOf(b.constant(f32({4}), nullptr, 16)),
            "constant: data: no buffer");
  int8_t int4s[3] = {-8, 7, 8};
  EXPECT_EQ(errorOf(b.constant({DataType::Int4, {3}}, int4s, 3)),
            "constant: data: element 2 (8) is out of the int4 range");
  uint8_t uint4s[2] = {15, 16};
  EXPECT_EQ(errorOf(b.constant({DataType::Uint4, {2}}, uint4s, 2)),
            "constant: data: element 1 (16) is out of the uint4 range");
  EXPECT_TRUE(b.constant({DataType::Int4, {2}}, int4s, 2));
}

TEST(GraphBuilderErrors, BuildOutputs) {
  GraphBuilder b;
  Operand x = inputF32(b, "x", {2});
  Operand c = constantF32(b, {2});
  auto y = b.add(x, c);
  ASSERT_TRUE(y);
  EXPECT_EQ(errorOf(b.build({})),
            "build: outputs: expected at least one output");
  EXPECT_EQ(errorOf(b.build({{"x", x}})),
            "build: output 'x': is a graph input");
  EXPECT_EQ(errorOf(b.build({{"c", c}})), "build: output 'c': is a constant");
  EXPECT_EQ(errorOf(b.build({{"y", *y}, {"y", *y}})),
            "build: output 'y': the name is used twice");
  EXPECT_EQ(errorOf(b.build({{"", *y}})),
            "build: outputs: an output name is empty");
  // Failed builds leave the builder usable.
  auto graph = b.build({{"y", *y}});
  ASSERT_TRUE(graph) << graph.error().message;
}

TEST(GraphBuilderErrors, BuilderIsSpentAfterBuild) {
  GraphBuilder b("spent.json");
  Operand x = inputF32(b, "x", {2});
  auto y = b.relu(x);
  ASSERT_TRUE(y);
  auto graph = b.build({{"y", *y}});
  ASSERT_TRUE(graph);
  EXPECT_EQ(errorOf(b.relu(*y, label("again"))),
            "spent.json: relu 'again': the graph was already built; this "
            "builder is spent");
  EXPECT_THAT(errorOf(b.input("z", f32({1}))), HasSubstr("already built"));
  EXPECT_THAT(errorOf(b.constant(f32({1}), "\0\0\0\0", 4)),
              HasSubstr("already built"));
  EXPECT_THAT(errorOf(b.build({{"y", *y}})), HasSubstr("already built"));
  // The graph outlives its builder's use.
  EXPECT_TRUE(contains(graph->toMLIR(), "webnn.relu"));
}

//===----------------------------------------------------------------------===//
// makeGraphFromModule
//===----------------------------------------------------------------------===//

std::string moduleError(const std::string &text) {
  auto context = createGraphContext();
  context->getDiagEngine().registerHandler(
      [](mlir::Diagnostic &) { return mlir::success(); });
  // Parse without verifying so that makeGraphFromModule's verify runs.
  mlir::ParserConfig config(context.get(), /*verifyAfterParse=*/false);
  auto module = mlir::parseSourceString<mlir::ModuleOp>(text, config, "m.mlir");
  if (!module)
    return "parse error";
  return errorOf(makeGraphFromModule(context, std::move(module), "m.mlir"));
}

TEST(MakeGraphFromModule, ChecksTheGraphForm) {
  const char *good = R"(
    func.func @main(%a: tensor<2xf32> {webnn.name = "a"})
        -> (tensor<2xf32> {webnn.name = "r"}) {
      %0 = webnn.relu %a : (tensor<2xf32>) -> tensor<2xf32>
      return %0 : tensor<2xf32>
    })";
  auto context = createGraphContext();
  auto module = mlir::parseSourceString<mlir::ModuleOp>(good, context.get());
  ASSERT_TRUE(module);
  auto graph = makeGraphFromModule(context, std::move(module), "m.mlir");
  ASSERT_TRUE(graph) << graph.error().message;
  EXPECT_EQ(graph->inputs()[0].first, "a");
  EXPECT_EQ(graph->outputs()[0].second, f32({2}));
  EXPECT_EQ(graph->impl().sourceName, "m.mlir");

  EXPECT_EQ(moduleError(R"(
    func.func @main(%a: tensor<2xf32>) -> (tensor<2xf32> {webnn.name = "r"}) {
      return %a : tensor<2xf32>
    })"),
            "m.mlir: @main argument 0: missing the webnn.name string "
            "attribute");
  EXPECT_EQ(moduleError(R"(
    func.func @f(%a: tensor<2xf32> {webnn.name = "a"})
        -> (tensor<2xf32> {webnn.name = "r"}) {
      return %a : tensor<2xf32>
    })"),
            "m.mlir: the function is named 'f' but must be 'main'");
  EXPECT_THAT(moduleError(R"(
    func.func @main(%a: tensor<?xf32> {webnn.name = "a"})
        -> (tensor<?xf32> {webnn.name = "r"}) {
      return %a : tensor<?xf32>
    })"),
              HasSubstr("@main argument 0: type tensor<?xf32> is not"));
  EXPECT_EQ(moduleError(R"(
    func.func @main(%a: tensor<2xf32> {webnn.name = "a"},
                    %b: tensor<2xf32> {webnn.name = "a"})
        -> (tensor<2xf32> {webnn.name = "r"}) {
      return %a : tensor<2xf32>
    })"),
            "m.mlir: @main argument 1: the name 'a' is used twice");
  EXPECT_EQ(moduleError(R"(
    func.func @main(%a: tensor<2xf32> {webnn.name = "a"})
        -> (tensor<2xf32> {webnn.name = "r"}) {
      return %a : tensor<2xf32>
    }
    func.func @other() { return })"),
            "m.mlir: a graph module holds exactly one func.func, @main");
  EXPECT_THAT(moduleError(R"(
    func.func @main(%a: tensor<2xf32> {webnn.name = "a"})
        -> (tensor<3xf32> {webnn.name = "r"}) {
      return %a : tensor<2xf32>
    })"),
              HasSubstr("m.mlir:4:7: type of return operand 0"));
}

} // namespace
