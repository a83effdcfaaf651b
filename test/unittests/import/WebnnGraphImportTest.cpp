//===- WebnnGraphImportTest.cpp - Tests of the webnn-graph importer -------===//

#include "wnn/Import.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace wnn;

namespace {

bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

#define EXPECT_CONTAINS(text, part)                                            \
  EXPECT_TRUE(contains(text, part)) << "message: " << (text)

using Shape = std::vector<int64_t>;

std::string textError(const std::string &text,
                      const std::optional<WebnnGraphWeightFiles> &w = {}) {
  Expected<Graph> graph = importWebnnGraphText(text, "bad.webnn", w);
  return graph ? std::string() : graph.error().message;
}

std::string jsonError(const std::string &json) {
  Expected<Graph> graph = importWebnnGraphJson(json, "bad.json");
  return graph ? std::string() : graph.error().message;
}

/// A fresh folder under the test's temporary directory.
std::filesystem::path freshDir(const std::string &name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("wnn-webnn-graph-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

void writeFile(const std::filesystem::path &path, const std::string &bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

/// A weights file holding float32 tensor "w" [2, 2] = {1, 2, 3, 4} and its
/// manifest; `entry` overrides the manifest's entry for "w".
WebnnGraphWeightFiles
writeWeights(const std::filesystem::path &dir,
             const std::string &entry = R"({"dataType": "float32",
               "shape": [2, 2], "byteOffset": 8, "byteLength": 16})",
             std::string magic = "WGWT") {
  std::string blob = magic + std::string("\x01\x00\x00\x00", 4);
  for (float value : {1.0f, 2.0f, 3.0f, 4.0f})
    blob.append(reinterpret_cast<const char *>(&value), 4);
  writeFile(dir / "model.weights", blob);
  writeFile(dir / "manifest.json",
            R"({"format": "wg-weights-manifest", "version": 1,
                "endianness": "little", "tensors": {"w": )" +
                entry + "}}");
  return {(dir / "model.weights").string(), (dir / "manifest.json").string()};
}

const char *kMatmulText = R"(webnn_graph "mm" v1 {
  inputs { x: f32[3, 2]; }
  consts { w: f32[2, 2] @weights("w"); }
  nodes { y = matmul(x, w); }
  outputs { y; }
})";

//===----------------------------------------------------------------------===//
// Text form
//===----------------------------------------------------------------------===//

TEST(WebnnGraphText, ImportsEveryConstantKindAndMultiOutputNodes) {
  Expected<Graph> graph = importWebnnGraphText(R"(
# A comment before the header.
webnn_graph "every_kind" v1 {
  inputs {
    x: f32[2, 4];   # trailing comment
  }
  consts {
    one: f32[] @scalar(1);
    bytes: u8[2] @bytes([7, 255]);
  }
  nodes {
    a = add(x, one);
    [p, q] = split(a, axis=1);
    both = concat(p, q, axis=-1);
    alias = both;
    n = cast(bytes, to="Float32");
  }
  outputs { alias, q; n }
})",
                                               "ok.webnn");
  ASSERT_TRUE(graph) << graph.error().message;
  ASSERT_EQ(graph->inputs().size(), 1u);
  EXPECT_EQ(graph->inputs()[0].second.shape, (Shape{2, 4}));
  ASSERT_EQ(graph->outputs().size(), 3u);
  EXPECT_EQ(graph->outputs()[0].first, "alias");
  EXPECT_EQ(graph->outputs()[0].second.shape, (Shape{2, 4}));
  EXPECT_EQ(graph->outputs()[1].second.shape, (Shape{2, 2}));
  EXPECT_EQ(graph->outputs()[2].second.dataType, DataType::Float32);
}

TEST(WebnnGraphText, AcceptsRustnnNodeForms) {
  Expected<Graph> graph = importWebnnGraphText(R"(webnn_graph "forms" v2 {
  inputs { x: f32[1, 2, 4, 4]; v: f32[2, 3]; }
  consts {
    w: f32[3, 2, 1, 1] @scalar(0.5);
    b: f32[3] @scalar(1);
    s: f32[3] @scalar(2);
    w2: f32[3, 3] @scalar(1);
  }
  nodes {
    c = conv2d(x, w, b, strides=[1, 1], padding=[0, 0, 0, 0]);
    r = reshape(c, newShape=[1, 3, 16]);
    t = transpose(r, permutation=[0, 2, 1]);
    l = layerNormalization(t, s, b, axes=[-1], epsilon=1e-5);
    m = reduceMean(l, axes=[-1], keepDimensions=false);
    g = gemm(v, w2, s, b_transpose=true);
    k = clamp(m, min_value=0, max_value=6);
  }
  outputs { k; g; }
})",
                                               "forms.webnn");
  ASSERT_TRUE(graph) << graph.error().message;
  ASSERT_EQ(graph->outputs().size(), 2u);
  EXPECT_EQ(graph->outputs()[0].second.shape, (Shape{1, 16}));
  EXPECT_EQ(graph->outputs()[1].second.shape, (Shape{2, 3}));
}

TEST(WebnnGraphText, ReportsSyntaxErrorsWithPosition) {
  EXPECT_CONTAINS(
      textError("webnn_graph \"g\" v1 {\n inputs { x: f99[2]; }\n}"),
      "bad.webnn: line 2, column 14: unknown data type 'f99'");
  EXPECT_CONTAINS(textError("graph \"g\" v1 {}"),
                  "bad.webnn: line 1, column 1: expected the header");
  EXPECT_CONTAINS(textError("webnn_graph \"g\" v1 {\n  inputs { x: f32[2] }"),
                  "line 2, column 22: expected ';' after the input "
                  "declaration, got '}'");
  EXPECT_CONTAINS(
      textError("webnn_graph \"g\" v1 { nodes { y = relu([1]); } }"),
      "positional arguments name operands");
  EXPECT_CONTAINS(textError("webnn_graph \"g\" v1 { inputs { x: f32[2]; }"),
                  "expected a block");
  EXPECT_CONTAINS(textError("webnn_graph \"g\" v1 { } extra"),
                  "unexpected text after the graph's closing '}'");
  EXPECT_CONTAINS(textError("webnn_graph \"unterminated v1 {}"),
                  "unterminated string");
}

TEST(WebnnGraphText, ReportsGraphErrorsWithNodeAndLine) {
  std::string message = textError(R"(webnn_graph "g" v1 {
  inputs { x: f32[2]; }
  nodes {
    y = relu(x);
    y = sigmoid(x);
  }
  outputs { y; }
})");
  EXPECT_CONTAINS(message, "bad.webnn: node #1 'sigmoid' (id 'y', line 5): "
                           "operand 'y' is defined twice");
  message = textError(R"(webnn_graph "g" v1 {
  inputs { x: f32[2]; }
  nodes { y = relu(x, alpha=1); }
  outputs { y; }
})");
  EXPECT_CONTAINS(message, "node #0 'relu' (id 'y', line 3): unknown option "
                           "'alpha'");
  message = textError(R"(webnn_graph "g" v1 {
  inputs { x: f32[2]; }
  nodes { y = reshape(x); }
  outputs { y; }
})");
  EXPECT_CONTAINS(message, "missing option 'newShape'");
  message = textError(R"(webnn_graph "g" v1 {
  consts { c: f32[3] @bytes([1, 2]); }
  outputs { c; }
})");
  EXPECT_CONTAINS(message,
                  "const 'c' (line 2): has 2 inline bytes but float32 [3] "
                  "needs 12");
}

//===----------------------------------------------------------------------===//
// JSON form
//===----------------------------------------------------------------------===//

TEST(WebnnGraphJson, ImportsNodesWithOptionalFields) {
  Expected<Graph> graph = importWebnnGraphJson(R"({
    "format": "webnn-graph-json", "version": 2,
    "inputs": {"x": {"dataType": "float32", "shape": [2, 3]}},
    "consts": {"b": {"dataType": "float32", "shape": [3],
                     "init": {"kind": "inlineBytes",
                              "bytes": [0,0,128,63, 0,0,0,64, 0,0,64,64]}}},
    "nodes": [
      {"id": "op_0", "op": "add", "inputs": ["x", "b"], "outputs": ["s"]},
      {"id": "t", "op": "softmax", "inputs": ["s"], "options": {"axis": 1}}],
    "outputs": {"probs": "t"}})",
                                               "ok.json");
  ASSERT_TRUE(graph) << graph.error().message;
  ASSERT_EQ(graph->outputs().size(), 1u);
  EXPECT_EQ(graph->outputs()[0].first, "probs");
  EXPECT_EQ(graph->outputs()[0].second.shape, (Shape{2, 3}));
}

TEST(WebnnGraphJson, ReportsStructureErrors) {
  EXPECT_CONTAINS(jsonError("{"), "bad.json: malformed JSON at byte offset");
  EXPECT_CONTAINS(jsonError(R"({"format": "other"})"),
                  "'format' is 'other', not 'webnn-graph-json'");
  EXPECT_CONTAINS(jsonError(R"({"format": "webnn-graph-json", "inputs": {"x":
        {"dataType": "float32", "shape": [{"name": "n", "maxSize": 4}]}},
        "nodes": [], "outputs": {}})"),
                  "input 'x': dynamic dimensions are not supported");
  EXPECT_CONTAINS(jsonError(R"({"format": "webnn-graph-json", "inputs": {},
        "consts": {"c": {"dataType": "float32", "shape": [1],
                         "init": {"kind": "zeros"}}},
        "nodes": [], "outputs": {}})"),
                  "const 'c': unknown init kind 'zeros'");
  EXPECT_CONTAINS(
      jsonError(R"({"format": "webnn-graph-json",
        "inputs": {"x": {"dataType": "float32", "shape": [2]}},
        "nodes": [{"id": "y", "op": "frob", "inputs": ["x"]}],
        "outputs": {"y": "y"}})"),
      "bad.json: node #0 'frob' (id 'y'): unknown WebNN operator 'frob'");
  EXPECT_CONTAINS(jsonError(R"({"format": "webnn-graph-json",
        "inputs": {"x": {"dataType": "float32", "shape": [2, 2]}},
        "nodes": [{"id": "y", "op": "conv2d", "inputs": ["x", "x", "x", "x"]}],
        "outputs": {"y": "y"}})"),
                  "node #0 'conv2d' (id 'y'): takes at most 3 inputs, got 4");
}

TEST(WebnnGraphJson, TellsFormatsApart) {
  EXPECT_TRUE(isWebnnGraphJson(R"({"format": "webnn-graph-json"})"));
  EXPECT_FALSE(isWebnnGraphJson(R"({"inputs": {}, "operators": []})"));
  EXPECT_FALSE(isWebnnGraphJson(R"({"format": 1})"));
  EXPECT_FALSE(isWebnnGraphJson("not json"));
}

//===----------------------------------------------------------------------===//
// Weights
//===----------------------------------------------------------------------===//

TEST(WebnnGraphWeights, ReadsTensorsAndFindsFilesBesideTheGraph) {
  auto dir = freshDir("find");
  WebnnGraphWeightFiles files = writeWeights(dir);
  Expected<Graph> graph = importWebnnGraphText(kMatmulText, "mm.webnn", files);
  ASSERT_TRUE(graph) << graph.error().message;
  EXPECT_EQ(graph->outputs()[0].second.shape, (Shape{3, 2}));

  // model.weights + manifest.json, unless <stem>.* exist.
  writeFile(dir / "mm.webnn", kMatmulText);
  auto found = findWebnnGraphWeights((dir / "mm.webnn").string());
  ASSERT_TRUE(found);
  EXPECT_EQ(found->weights, (dir / "model.weights").string());
  EXPECT_EQ(found->manifest, (dir / "manifest.json").string());
  std::filesystem::copy_file(dir / "model.weights", dir / "mm.weights");
  std::filesystem::copy_file(dir / "manifest.json", dir / "mm.manifest.json");
  found = findWebnnGraphWeights((dir / "mm.webnn").string());
  ASSERT_TRUE(found);
  EXPECT_EQ(found->weights, (dir / "mm.weights").string());
  EXPECT_EQ(found->manifest, (dir / "mm.manifest.json").string());
  graph = importWebnnGraphFile((dir / "mm.webnn").string());
  ASSERT_TRUE(graph) << graph.error().message;
  std::filesystem::remove_all(dir);
}

TEST(WebnnGraphWeights, RejectsMalformedWeights) {
  auto dir = freshDir("bad");
  auto errorWith = [&](const std::string &entry,
                       const std::string &magic = "WGWT") {
    return textError(kMatmulText, writeWeights(dir, entry, magic));
  };
  const std::string good =
      R"({"dataType": "float32", "shape": [2, 2], "byteOffset": 8,)";
  EXPECT_CONTAINS(errorWith(good + R"("byteLength": 16})", "GGUF"),
                  "model.weights: bad magic: expected \"WGWT\", found bytes "
                  "47 47 55 46");
  EXPECT_CONTAINS(errorWith(good + R"("byteLength": 12})"),
                  "bad.webnn: const 'w' (line 3): ");
  EXPECT_CONTAINS(errorWith(good + R"("byteLength": 12})"),
                  "manifest.json: tensor 'w': byteLength 12 does not match "
                  "float32 [2, 2] (16 bytes)");
  EXPECT_CONTAINS(
      errorWith(R"({"dataType": "float32", "shape": [2, 2],
                    "byteOffset": 12, "byteLength": 16})"),
      "model.weights: tensor 'w': bytes [12, 28) lie outside the file (24 "
      "bytes)");
  EXPECT_CONTAINS(errorWith(R"({"dataType": "float32", "shape": [2, 2],
                    "byteOffset": 18446744073709551615, "byteLength": 16})"),
                  "lie outside the file");
  EXPECT_CONTAINS(errorWith(R"({"dataType": "float32", "shape": [2, 2],
                                "byteOffset": 0, "byteLength": 16})"),
                  "byteOffset 0 lies inside the 8-byte header");
  EXPECT_CONTAINS(errorWith(R"({"dataType": "int32", "shape": [2, 2],
                                "byteOffset": 8, "byteLength": 16})"),
                  "the manifest says int32 but the graph declares float32");
  EXPECT_CONTAINS(errorWith(R"({"dataType": "float32", "shape": [4],
                                "byteOffset": 8, "byteLength": 16})"),
                  "the manifest says shape [4] but the graph declares [2, 2]");
  EXPECT_CONTAINS(errorWith(R"({"dataType": "float32", "shape": [2, 2]})"),
                  "'byteOffset' must be a non-negative integer");
  EXPECT_CONTAINS(errorWith("[]"), "tensor 'w': the entry must be an object");

  writeFile(dir / "model.weights", "WGW");
  EXPECT_CONTAINS(
      textError(kMatmulText,
                WebnnGraphWeightFiles{(dir / "model.weights").string(),
                                      (dir / "manifest.json").string()}),
      "truncated: 3 bytes, too short for the 8-byte header");
  writeFile(dir / "manifest.json", R"({"format": "wg-weights-manifest",
                                       "tensors": {}})");
  writeWeights(dir, "{}");
  writeFile(dir / "manifest.json", R"({"format": "wg-weights-manifest",
                                       "tensors": {}})");
  EXPECT_CONTAINS(
      textError(kMatmulText,
                WebnnGraphWeightFiles{(dir / "model.weights").string(),
                                      (dir / "manifest.json").string()}),
      "manifest.json: no tensor 'w' in the manifest");
  EXPECT_CONTAINS(textError(kMatmulText),
                  "references weights 'w' but no weights were found");
  std::filesystem::remove_all(dir);
}

/// Every prefix of a valid text must give a graph or an Error, never a
/// crash or an escaping exception.
TEST(WebnnGraphText, NeverCrashesOnTruncatedInput) {
  auto dir = freshDir("cut");
  WebnnGraphWeightFiles files = writeWeights(dir);
  std::string text = kMatmulText;
  for (size_t length = 0; length < text.size(); ++length)
    (void)importWebnnGraphText(text.substr(0, length), "cut.webnn", files);
  std::filesystem::remove_all(dir);
}

} // namespace
