//===- RunGraph.h - Building and running graphs in tests --------*- C++ -*-===//
#ifndef WNN_TEST_UNITTESTS_COMPILER_RUNGRAPH_H
#define WNN_TEST_UNITTESTS_COMPILER_RUNGRAPH_H

#include "wnn/Runtime.h"

#include "gtest/gtest.h"

#include <cmath>
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

} // namespace wnn::test

#endif // WNN_TEST_UNITTESTS_COMPILER_RUNGRAPH_H
