//===- RunGraph.h - Building and running graphs in tests --------*- C++ -*-===//
#ifndef WNN_TEST_UNITTESTS_COMPILER_RUNGRAPH_H
#define WNN_TEST_UNITTESTS_COMPILER_RUNGRAPH_H

#include "wnn/Compiler.h"
#include "wnn/Runtime.h"

#include "gtest/gtest.h"

#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace wnn::test {

inline OperandDescriptor f32(std::vector<int64_t> shape) {
  return {DataType::Float32, std::move(shape)};
}

/// Runs compiled code with float inputs and one float output of
/// `outputSize` elements (NaN-filled first, so unwritten elements show).
inline std::vector<float> runOnce(const wnn_model_desc *desc,
                                  const std::vector<std::vector<float>> &inputs,
                                  size_t outputSize) {
  auto model = Model::fromDescriptor(desc);
  EXPECT_TRUE(bool(model)) << model.error().message;
  if (!model)
    return {};
  auto session = Session::create(*model);
  EXPECT_TRUE(bool(session)) << session.error().message;
  if (!session)
    return {};
  std::vector<float> output(outputSize, NAN);
  std::vector<const void *> in;
  for (const auto &input : inputs)
    in.push_back(input.data());
  Status status = session->run(in, {output.data()});
  EXPECT_TRUE(bool(status)) << status.error().message;
  return output;
}

/// Compiles `graph` in process and opens a session on it; null (with a
/// gtest failure) if either fails. The compiled code lives in `compiled`.
inline std::optional<Session>
openSession(const Graph &graph, const CompileOptions &options,
            std::unique_ptr<CompiledGraph> &compiled) {
  auto code = compileInProcess(graph, options);
  EXPECT_TRUE(bool(code)) << code.error().message;
  if (!code)
    return std::nullopt;
  compiled = code.take();
  auto model = Model::fromDescriptor(compiled->descriptor());
  EXPECT_TRUE(bool(model)) << model.error().message;
  if (!model)
    return std::nullopt;
  auto session = Session::create(*model);
  EXPECT_TRUE(bool(session)) << session.error().message;
  if (!session)
    return std::nullopt;
  return session.take();
}

/// Test-name suffix of a kernel path, for value-parameterized tests.
struct KernelPathName {
  std::string
  operator()(const ::testing::TestParamInfo<KernelPath> &info) const {
    return info.param == KernelPath::OneDNN ? "onednn" : "codegen";
  }
};

/// Both kernel paths, for INSTANTIATE_TEST_SUITE_P.
inline auto bothKernelPaths() {
  return ::testing::Values(KernelPath::OneDNN, KernelPath::Codegen);
}

} // namespace wnn::test

#endif // WNN_TEST_UNITTESTS_COMPILER_RUNGRAPH_H
