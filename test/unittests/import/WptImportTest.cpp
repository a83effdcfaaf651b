//===- WptImportTest.cpp - Tests of the WPT JSON importer -----------------===//

#include "wnn/Import.h"

#include "Import/WptData.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

using namespace wnn;

namespace {

/// Imports `json` as "bad.json" and returns the error message ("" if the
/// import succeeded).
std::string importError(const std::string &json) {
  Expected<Graph> graph = importWptGraph(json, "bad.json");
  return graph ? std::string() : graph.error().message;
}

/// A graph with one conv2d: input x [1,1,3,3], constant filter w [1,1,2,2].
std::string conv2dGraph(const std::string &filterName,
                        const std::string &options = "{}") {
  return R"({"inputs": {
      "x": {"data": [1, 2, 3, 4, 5, 6, 7, 8, 9],
            "descriptor": {"shape": [1, 1, 3, 3], "dataType": "float32"}},
      "w": {"data": [1, 0, 0, 1], "constant": true,
            "descriptor": {"shape": [1, 1, 2, 2], "dataType": "float32"}}},
    "operators": [{"name": "conv2d", "arguments": [{"input": "x"},
        {"filter": ")" +
         filterName + R"("}, {"options": )" + options + R"(}],
        "outputs": "y"}],
    "expectedOutputs": {"y": {"data": [6, 8, 12, 14],
        "descriptor": {"shape": [1, 1, 2, 2], "dataType": "float32"}}}})";
}

/// A one-operator unary graph on a float32 [2] input.
std::string unaryGraph(const std::string &op, const std::string &extra = "") {
  return R"({"inputs": {"x": {"data": [1, -1],
        "descriptor": {"shape": [2], "dataType": "float32"}}},
    "operators": [{"name": ")" +
         op + R"(", "arguments": [{"input": "x"})" + extra +
         R"(], "outputs": "y"}],
    "expectedOutputs": {"y": {"data": [1, 0],
        "descriptor": {"shape": [2], "dataType": "float32"}}}})";
}

bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

#define EXPECT_CONTAINS(text, part)                                            \
  EXPECT_TRUE(contains(text, part)) << "message: " << (text)

//===----------------------------------------------------------------------===//
// Error paths
//===----------------------------------------------------------------------===//

TEST(WptImport, MalformedJsonNamesByteOffset) {
  std::string message = importError(R"({"inputs": {"x": )");
  EXPECT_CONTAINS(message, "bad.json: malformed JSON at byte offset ");
  message = importError("{\"inputs\": nope}");
  EXPECT_CONTAINS(message, "malformed JSON at byte offset 12");
}

TEST(WptImport, DocumentMustBeAnObject) {
  EXPECT_CONTAINS(importError("[1, 2]"), "must be a JSON object");
  EXPECT_CONTAINS(importError("42"), "must be a JSON object");
}

TEST(WptImport, UnknownOperator) {
  std::string message = importError(unaryGraph("foo"));
  EXPECT_CONTAINS(message, "bad.json: operator #0: ");
  EXPECT_CONTAINS(message, "unknown WebNN operator 'foo'");
}

/// An lstm of one step over x [1, 1, 2] with hidden size 1; `options` is
/// spliced into the call.
std::string lstmGraph(const std::string &options) {
  return R"({"inputs": {
      "x": {"data": [1, 2], "descriptor": {"shape": [1, 1, 2],
            "dataType": "float32"}},
      "w": {"data": [1, 1, 1, 1, 1, 1, 1, 1], "constant": true,
            "descriptor": {"shape": [1, 4, 2], "dataType": "float32"}},
      "r": {"data": [1, 1, 1, 1], "constant": true,
            "descriptor": {"shape": [1, 4, 1], "dataType": "float32"}}},
    "operators": [{"name": "lstm", "arguments": [{"input": "x"},
        {"weight": "w"}, {"recurrentWeight": "r"}, {"steps": 1},
        {"hiddenSize": 1}, {"options": )" +
         options + R"(}], "outputs": ["h", "c"]}],
    "expectedOutputs": {}})";
}

TEST(WptImport, RecurrentOptionsNameTheirErrors) {
  std::string message = importError(lstmGraph(R"({"activations": ["gelu"]})"));
  EXPECT_CONTAINS(message, "operator #0 'lstm'");
  EXPECT_CONTAINS(message, "option 'activations' has unknown value 'gelu'");
  message = importError(lstmGraph(R"({"activations": ["relu", "relu"]})"));
  EXPECT_CONTAINS(message, "activations: expected 3 activations but got 2");
  message = importError(lstmGraph(R"({"direction": "sideways"})"));
  EXPECT_CONTAINS(message, "option 'direction' has unknown value 'sideways'");
  message = importError(lstmGraph(R"({"direction": "both"})"));
  EXPECT_CONTAINS(message,
                  "weight: expected shape [2, 4, 2] but got [1, 4, 2]");
  message = importError(lstmGraph(R"({"activations": "relu"})"));
  EXPECT_CONTAINS(message, "option 'activations' must be an array of strings");
}

TEST(WptImport, UnknownOperandNamesOperatorAndArgument) {
  std::string message = importError(conv2dGraph("w2"));
  EXPECT_CONTAINS(message, "bad.json: operator #0 'conv2d': ");
  EXPECT_CONTAINS(message, "argument 'filter'");
  EXPECT_CONTAINS(message, "unknown operand 'w2'");
}

TEST(WptImport, UnknownOptionOperand) {
  std::string message = importError(conv2dGraph("w", R"({"bias": "nothing"})"));
  EXPECT_CONTAINS(message, "option 'bias'");
  EXPECT_CONTAINS(message, "unknown operand 'nothing'");
}

TEST(WptImport, LabelAppearsInMessages) {
  std::string message =
      importError(conv2dGraph("w", R"({"label": "stem", "strides": 2})"));
  EXPECT_CONTAINS(message, "operator #0 'conv2d' (label 'stem')");
  EXPECT_CONTAINS(message, "option 'strides' must be an array of "
                           "non-negative 32-bit integers, got an integer");
}

TEST(WptImport, WrongOptionKinds) {
  EXPECT_CONTAINS(importError(conv2dGraph("w", R"({"strides": [1, -1]})")),
                  "option 'strides' must be an array of non-negative");
  EXPECT_CONTAINS(importError(conv2dGraph("w", R"({"groups": "two"})")),
                  "option 'groups' must be a non-negative 32-bit integer");
  EXPECT_CONTAINS(importError(conv2dGraph("w", R"({"inputLayout": "nwhc"})")),
                  "option 'inputLayout' has unknown value 'nwhc'");
  EXPECT_CONTAINS(importError(conv2dGraph("w", R"({"stride": [2, 2]})")),
                  "unknown option 'stride'");
  EXPECT_CONTAINS(importError(conv2dGraph("w", "[1]")),
                  "'options' must be an object");
}

TEST(WptImport, WrongArgumentKinds) {
  EXPECT_CONTAINS(importError(unaryGraph("reshape", R"(, {"newShape": 2})")),
                  "argument 'newShape' must be an array of non-negative");
  EXPECT_CONTAINS(importError(unaryGraph("relu", R"(, {"extra": 1})")),
                  "expects 1 positional argument");
  EXPECT_CONTAINS(importError(unaryGraph("cast", R"(, {"type": "float128"})")),
                  "unknown data type 'float128'");
  EXPECT_CONTAINS(importError(unaryGraph("cast", R"(, {"type": 3})")),
                  "argument 'type' must be a string, got an integer");
  EXPECT_CONTAINS(importError(unaryGraph("split", R"(, {"splits": "two"})")),
                  "argument 'splits' must be a number or an array");
  EXPECT_CONTAINS(importError(unaryGraph("pad", R"(, {"b": [1]}, {"e": [1]},
      {"options": {"mode": "wrap"}})")),
                  "option 'mode' has unknown value 'wrap'");
}

TEST(WptImport, BadDataLength) {
  std::string message = importError(R"({"inputs": {
      "w": {"data": [1, 2, 3], "constant": true,
            "descriptor": {"shape": [2, 2], "dataType": "float32"}}},
    "operators": [{"name": "relu", "arguments": [{"input": "w"}],
                   "outputs": "y"}],
    "expectedOutputs": {"y": {"data": 0,
        "descriptor": {"shape": [2, 2], "dataType": "float32"}}}})");
  EXPECT_CONTAINS(message, "bad.json: input 'w': ");
  EXPECT_CONTAINS(message, "data has 3 elements but the shape needs 4");
}

TEST(WptImport, BadDataElement) {
  std::string message = importError(R"({"inputs": {
      "w": {"data": [1, true], "constant": true,
            "descriptor": {"shape": [2], "dataType": "float32"}}},
    "operators": [], "outputs": ["w"]})");
  EXPECT_CONTAINS(message, "data element 1 is not a number");
}

TEST(WptImport, BadDataType) {
  std::string message = importError(R"({"inputs": {
      "x": {"data": [1], "descriptor": {"shape": [1], "dataType": "float128"}}},
    "operators": [], "outputs": ["x"]})");
  EXPECT_CONTAINS(message, "bad.json: input 'x': unknown data type 'float128'");
}

TEST(WptImport, BadShape) {
  EXPECT_CONTAINS(importError(R"({"inputs": {
      "x": {"descriptor": {"shape": [2, -1], "dataType": "float32"}}},
    "operators": [], "outputs": ["x"]})"),
                  "'shape' must be an array of non-negative integers");
  EXPECT_CONTAINS(importError(R"({"inputs": {
      "x": {"descriptor": {"shape": "2", "dataType": "float32"}}},
    "operators": [], "outputs": ["x"]})"),
                  "'shape' must be an array of non-negative integers");
}

TEST(WptImport, MissingFields) {
  EXPECT_CONTAINS(importError(R"({"inputs": {}})"),
                  "the graph has no 'operators'");
  EXPECT_CONTAINS(importError(R"({"operators": []})"),
                  "the graph has no 'inputs'");
  EXPECT_CONTAINS(importError(R"({"inputs": {"x": {"data": [1]}},
                                  "operators": []})"),
                  "input 'x': missing 'descriptor'");
  EXPECT_CONTAINS(importError(R"({"inputs": {}, "operators": [{"name": "relu",
                                  "arguments": []}]})"),
                  "expects 1 positional argument");
  EXPECT_CONTAINS(importError(R"({"inputs": {"x": {"descriptor":
                                  {"shape": [1], "dataType": "float32"}}},
                                  "operators": [{"name": "relu",
                                  "arguments": [{"x": "x"}]}]})"),
                  "operator #0 'relu': missing 'outputs'");
  EXPECT_CONTAINS(importError(R"({"inputs": {}, "operators": []})"),
                  "neither 'expectedOutputs' nor 'outputs'");
  EXPECT_CONTAINS(importError(R"({"inputs": {}, "operators": [],
                                  "outputs": ["nothing"]})"),
                  "outputs: unknown operand 'nothing'");
}

TEST(WptImport, DuplicateOperandName) {
  std::string message = importError(R"({"inputs": {"x": {"descriptor":
      {"shape": [1], "dataType": "float32"}}},
    "operators": [{"name": "relu", "arguments": [{"x": "x"}],
                   "outputs": "x"}], "outputs": ["x"]})");
  EXPECT_CONTAINS(message, "operand 'x' is defined twice");
}

TEST(WptImport, OutputCountMismatch) {
  std::string message = importError(R"({"inputs": {"x": {"descriptor":
      {"shape": [4], "dataType": "float32"}}},
    "operators": [{"name": "split", "arguments": [{"x": "x"}, {"splits": 2}],
                   "outputs": ["a"]}], "outputs": ["a"]})");
  EXPECT_CONTAINS(message, "produces 2 outputs but 'outputs' names 1");
}

TEST(WptImport, CorpusFileWithManyTestsIsRejected) {
  std::string message =
      importError(R"({"tests": [{"graph": {}}, {"graph": {}}]})");
  EXPECT_CONTAINS(message, "holds 2 tests");
}

TEST(WptImport, MissingFileNamesPath) {
  Expected<Graph> graph = importWptGraphFile("/nonexistent/bad.json");
  ASSERT_FALSE(graph);
  EXPECT_CONTAINS(graph.error().message, "/nonexistent/bad.json");
}

/// Every prefix of a valid document and a few corruptions of it must give a
/// graph or an Error, never a crash or an escaping exception.
TEST(WptImport, NeverCrashesOnCorruptedInput) {
  std::string valid = conv2dGraph("w", R"({"padding": [0, 0, 0, 0]})");
  for (size_t length = 0; length < valid.size(); length += 3)
    (void)importWptGraph(valid.substr(0, length), "cut.json");
  const char *replacements[] = {"null", "[]",   "{}",  "\"s\"",
                                "-1",   "1e99", "true"};
  for (size_t i = 0; i < valid.size(); ++i) {
    if (valid[i] != '[' && valid[i] != '{' && valid[i] != '"' &&
        !(valid[i] >= '0' && valid[i] <= '9'))
      continue;
    for (const char *replacement : replacements) {
      std::string corrupted =
          valid.substr(0, i) + replacement + valid.substr(i + 1);
      (void)importWptGraph(corrupted, "corrupt.json");
    }
  }
}

//===----------------------------------------------------------------------===//
// Valid graphs
//===----------------------------------------------------------------------===//

TEST(WptImport, ImportsConv2dGraph) {
  Expected<Graph> graph = importWptGraph(conv2dGraph("w"), "conv.json");
  ASSERT_TRUE(graph) << graph.error().message;
  ASSERT_EQ(graph->inputs().size(), 1u); // the constant is not an input
  EXPECT_EQ(graph->inputs()[0].first, "x");
  EXPECT_EQ(graph->inputs()[0].second.dataType, DataType::Float32);
  EXPECT_EQ(graph->inputs()[0].second.shape,
            (std::vector<int64_t>{1, 1, 3, 3}));
  ASSERT_EQ(graph->outputs().size(), 1u);
  EXPECT_EQ(graph->outputs()[0].first, "y");
  EXPECT_EQ(graph->outputs()[0].second.shape,
            (std::vector<int64_t>{1, 1, 2, 2}));
}

TEST(WptImport, KeepsInputAndOutputOrder) {
  // Key order is significant: inputs and outputs keep the document's order.
  Expected<Graph> graph = importWptGraph(R"({"name": "t", "graph": {
      "inputs": {
        "zeta": {"data": [1, 2, 3, 4],
                 "descriptor": {"shape": [4], "dataType": "float32"}},
        "alpha": {"data": [1],
                  "descriptor": {"shape": [1], "dataType": "float32"}}},
      "operators": [
        {"name": "add", "arguments": [{"a": "zeta"}, {"b": "alpha"}],
         "outputs": "sum"},
        {"name": "split", "arguments": [{"input": "sum"}, {"splits": [1, 3]},
                                        {"options": {"axis": 0}}],
         "outputs": ["head", "tail"]}],
      "expectedOutputs": {
        "tail": {"data": [3, 4, 5],
                 "descriptor": {"shape": [3], "dataType": "float32"}},
        "head": {"data": [2],
                 "descriptor": {"shape": [1], "dataType": "float32"}}}}})",
                                         "order.json");
  ASSERT_TRUE(graph) << graph.error().message;
  ASSERT_EQ(graph->inputs().size(), 2u);
  EXPECT_EQ(graph->inputs()[0].first, "zeta");
  EXPECT_EQ(graph->inputs()[1].first, "alpha");
  ASSERT_EQ(graph->outputs().size(), 2u);
  EXPECT_EQ(graph->outputs()[0].first, "tail");
  EXPECT_EQ(graph->outputs()[0].second.shape, std::vector<int64_t>{3});
  EXPECT_EQ(graph->outputs()[1].first, "head");
  EXPECT_EQ(graph->outputs()[1].second.shape, std::vector<int64_t>{1});
}

TEST(WptImport, SkipsNullArgumentsAndAcceptsSoftmaxAxis) {
  Expected<Graph> graph = importWptGraph(R"({
      "inputs": {"x": {"data": [1, 2, 3, 4],
                       "descriptor": {"shape": [2, 2], "dataType": "float32"}}},
      "operators": [
        {"name": "softmax", "arguments": [{"input": "x"}, null, {"axis": 1}],
         "outputs": "s"},
        {"name": "clamp", "arguments": [{"input": "s"},
            {"options": {"minValue": "-Infinity", "maxValue": 0.5}}],
         "outputs": "c"}],
      "outputs": ["c"]})",
                                         "softmax.json");
  ASSERT_TRUE(graph) << graph.error().message;
  ASSERT_EQ(graph->outputs().size(), 1u);
  EXPECT_EQ(graph->outputs()[0].first, "c");
  EXPECT_EQ(graph->outputs()[0].second.shape, (std::vector<int64_t>{2, 2}));
}

TEST(WptImport, ConstantFillFormAndSpecialValues) {
  Expected<Graph> graph = importWptGraph(R"({
      "inputs": {
        "x": {"descriptor": {"shape": [3], "dataType": "float32"}},
        "k": {"data": "NaN", "constant": true,
              "descriptor": {"shape": [3], "dataType": "float32"}},
        "i": {"data": ["1", "-2"], "constant": true,
              "descriptor": {"shape": [2], "dataType": "int64"}}},
      "operators": [
        {"name": "add", "arguments": [{"a": "x"}, {"b": "k"}],
         "outputs": "y"}],
      "outputs": ["y"]})",
                                         "fill.json");
  ASSERT_TRUE(graph) << graph.error().message;
  EXPECT_EQ(graph->inputs().size(), 1u);
}

#ifdef WNN_WPT_DIR
/// Every test of the corpus whose operators Builder.h offers imports; the
/// others fail with "not supported".
TEST(WptImport, ImportsTheConformanceCorpus) {
  namespace fs = std::filesystem;
  int imported = 0;
  for (const auto &entry : fs::directory_iterator(WNN_WPT_DIR)) {
    if (entry.path().extension() != ".json")
      continue;
    Expected<std::string> text = readFile(entry.path().string());
    ASSERT_TRUE(text) << text.error().message;
    wpt::Json document = wpt::Json::parse(*text);
    for (const wpt::Json &test : document["tests"]) {
      std::string name = entry.path().filename().string() + ": " +
                         test["name"].get<std::string>();
      Expected<Graph> graph =
          importWptGraph(test.dump(), entry.path().filename().string());
      if (graph) {
        ++imported;
        EXPECT_EQ(graph->outputs().size(),
                  test["graph"]["expectedOutputs"].size())
            << name;
        continue;
      }
      EXPECT_CONTAINS(graph.error().message, "not supported") << name;
    }
  }
  EXPECT_GT(imported, 900);
}
#endif

//===----------------------------------------------------------------------===//
// Data decoding
//===----------------------------------------------------------------------===//

TEST(WptData, FloatToHalf) {
  EXPECT_EQ(wpt::floatToHalf(1.0f), 0x3C00);
  EXPECT_EQ(wpt::floatToHalf(-2.0f), 0xC000);
  EXPECT_EQ(wpt::floatToHalf(0.0f), 0x0000);
  EXPECT_EQ(wpt::floatToHalf(-0.0f), 0x8000);
  EXPECT_EQ(wpt::floatToHalf(65504.0f), 0x7BFF);
  EXPECT_EQ(wpt::floatToHalf(65519.0f), 0x7BFF);
  EXPECT_EQ(wpt::floatToHalf(65520.0f), 0x7C00);
  EXPECT_EQ(wpt::floatToHalf(std::numeric_limits<float>::infinity()), 0x7C00);
  EXPECT_EQ(wpt::floatToHalf(std::nanf("")) & 0x7E00, 0x7E00);
  EXPECT_EQ(wpt::floatToHalf(std::ldexp(1.0f, -24)), 0x0001); // smallest
  EXPECT_EQ(wpt::floatToHalf(std::ldexp(1.0f, -25)), 0x0000); // tie to even
  EXPECT_EQ(wpt::floatToHalf(std::ldexp(3.0f, -25)), 0x0002); // tie to even
  EXPECT_EQ(wpt::floatToHalf(std::ldexp(1.0f, -14)), 0x0400); // min normal
  // 1 + 2^-11 is halfway between 1 and the next half: ties to even (1.0).
  EXPECT_EQ(wpt::floatToHalf(1.0f + std::ldexp(1.0f, -11)), 0x3C00);
  EXPECT_EQ(wpt::floatToHalf(1.0f + std::ldexp(3.0f, -11)), 0x3C02);
  EXPECT_EQ(wpt::floatToHalf(0.1f), 0x2E66);
}

TEST(WptData, HalfRoundTrip) {
  for (uint32_t bits = 0; bits < 0x10000; ++bits) {
    if ((bits & 0x7C00) == 0x7C00 && (bits & 0x3FF))
      continue; // NaN payloads
    float value = wpt::halfToFloat(uint16_t(bits));
    ASSERT_EQ(wpt::floatToHalf(value), bits) << bits;
  }
}

template <typename T>
std::vector<T> encode(const std::string &json, DataType type, int64_t count,
                      int64_t limit = -1) {
  std::vector<uint8_t> bytes;
  std::string why;
  EXPECT_TRUE(
      wpt::encodeData(wpt::Json::parse(json), type, count, bytes, why, limit))
      << why;
  std::vector<T> values(bytes.size() / sizeof(T));
  std::memcpy(values.data(), bytes.data(), values.size() * sizeof(T));
  return values;
}

TEST(WptData, EncodesLikeTypedArrays) {
  EXPECT_EQ(encode<int8_t>("[300, -129, 1.9, -1.9]", DataType::Int8, 4),
            (std::vector<int8_t>{44, 127, 1, -1}));
  EXPECT_EQ(encode<uint32_t>("[-1, 4294967296]", DataType::Uint32, 2),
            (std::vector<uint32_t>{4294967295u, 0}));
  EXPECT_EQ(encode<int32_t>(R"(["NaN", "Infinity"])", DataType::Int32, 2),
            (std::vector<int32_t>{0, 0}));
  EXPECT_EQ(encode<int64_t>(R"(["9007199254740993", -5])", DataType::Int64, 2),
            (std::vector<int64_t>{9007199254740993LL, -5}));
  EXPECT_EQ(encode<uint64_t>("[18446744073709551615]", DataType::Uint64, 1),
            (std::vector<uint64_t>{18446744073709551615ULL}));
  EXPECT_EQ(encode<int8_t>("[7, 8, -8, -1]", DataType::Int4, 4),
            (std::vector<int8_t>{7, -8, -8, -1}));
  EXPECT_EQ(encode<uint8_t>("[15, 16, -1]", DataType::Uint4, 3),
            (std::vector<uint8_t>{15, 0, 15}));
  EXPECT_EQ(encode<uint16_t>("[1, -0.0]", DataType::Float16, 2),
            (std::vector<uint16_t>{0x3C00, 0x8000}));
  std::vector<float> special =
      encode<float>(R"(["-Infinity", "NaN", -0.0])", DataType::Float32, 3);
  EXPECT_TRUE(std::isinf(special[0]) && special[0] < 0);
  EXPECT_TRUE(std::isnan(special[1]));
  EXPECT_TRUE(std::signbit(special[2]));
}

TEST(WptData, FillForm) {
  EXPECT_EQ(encode<float>("2.5", DataType::Float32, 5),
            std::vector<float>(5, 2.5f));
  EXPECT_EQ(encode<int64_t>("-3", DataType::Int64, 3),
            std::vector<int64_t>(3, -3));
  EXPECT_EQ(encode<float>("1", DataType::Float32, 100000, 1000).size(), 1000u);
}

TEST(WptData, RejectsBadData) {
  std::vector<uint8_t> bytes;
  std::string why;
  EXPECT_FALSE(wpt::encodeData(wpt::Json::parse("[1, 2]"), DataType::Float32, 3,
                               bytes, why));
  EXPECT_CONTAINS(why, "data has 2 elements but the shape needs 3");
  EXPECT_FALSE(wpt::encodeData(wpt::Json::parse(R"(["x"])"), DataType::Float32,
                               1, bytes, why));
  EXPECT_CONTAINS(why, "data element 0 is not a number");
  EXPECT_FALSE(wpt::encodeData(wpt::Json::parse("{}"), DataType::Float32, 1,
                               bytes, why));
  EXPECT_FALSE(wpt::encodeData(wpt::Json::parse("1"), DataType::Float32,
                               int64_t(1) << 40, bytes, why));
  EXPECT_CONTAINS(why, "too large");
}

} // namespace
