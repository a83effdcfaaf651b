//===- ToolTest.cpp - webnn-run end to end --------------------------------===//

#include "wnn/Npy.h"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

using namespace wnn;

namespace {

struct Result {
  int exitCode;
  std::string output; // stdout and stderr
};

Result runTool(const std::string &args) {
  std::string command =
      std::string("'") + WNN_TEST_WEBNN_RUN + "' " + args + " 2>&1";
  FILE *pipe = popen(command.c_str(), "r");
  if (!pipe)
    return {-1, "popen failed"};
  std::string output;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0)
    output.append(buffer, n);
  int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

class WebnnRun : public ::testing::Test {
protected:
  void SetUp() override {
    dir = std::filesystem::temp_directory_path() /
          ("wnn-run-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    float x[6] = {1, 2, 3, -1, 0.5f, 2};
    ASSERT_TRUE(bool(writeNpy(path("x.npy"), DataType::Float32, {2, 3}, x)));
    ASSERT_TRUE(bool(writeNpy(path("short.npy"), DataType::Float32, {3}, x)));
    ASSERT_TRUE(bool(writeNpy(path("int.npy"), DataType::Int32, {2, 3}, x)));
    FILE *f = std::fopen(path("junk.npy").c_str(), "w");
    std::fputs("not numpy", f);
    std::fclose(f);
  }
  void TearDown() override { std::filesystem::remove_all(dir); }
  std::string path(const std::string &name) { return (dir / name).string(); }
  std::string artifact() {
    return std::string("'") + WNN_TEST_ARTIFACT_SO + "'";
  }

  std::filesystem::path dir;
};

TEST_F(WebnnRun, Help) {
  Result r = runTool("--help");
  EXPECT_EQ(r.exitCode, 0);
  EXPECT_NE(r.output.find("usage: webnn-run ARTIFACT.so"), std::string::npos);
}

TEST_F(WebnnRun, RunsOnceAndWritesOutputs) {
  Result r = runTool(artifact() + " --input x=" + path("x.npy") +
                     " --output-dir " + path("out") + " --top 2 --threads 1");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("latency: "), std::string::npos) << r.output;
  // y = relu(x W + c): row 0 is [0.75, 3, 0, 8], row 1 is [0, 0, 0, 0].
  EXPECT_NE(r.output.find("output 'y' float32 [2,4], top 2:\n  [3] 8\n"
                          "  [1] 3\n"),
            std::string::npos)
      << r.output;
  Expected<NpyArray> y = readNpy(path("out/y.npy"));
  ASSERT_TRUE(bool(y)) << y.error().message;
  EXPECT_EQ(y->shape(), (std::vector<int64_t>{2, 4}));
  const float expected[8] = {0.75f, 3, 0, 8, 0, 0, 0, 0};
  for (int i = 0; i < 8; ++i)
    EXPECT_FLOAT_EQ(y->dataAs<float>()[i], expected[i]) << i;
}

TEST_F(WebnnRun, BenchPrintsOneJsonLine) {
  Result r = runTool(artifact() + " --bench 5 --warmup 1 --threads 1");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  ASSERT_EQ(r.output.back(), '\n');
  EXPECT_EQ(r.output.find('\n'), r.output.size() - 1) << r.output;
  EXPECT_EQ(r.output.front(), '{');
  for (const char *key : {"\"min_ms\":", "\"median_ms\":", "\"mean_ms\":",
                          "\"runs\":5", "\"threads\":1", "\"warmup\":1"})
    EXPECT_NE(r.output.find(key), std::string::npos) << key << r.output;
  // An explicit input overrides the generated one.
  r = runTool(artifact() + " --bench 2 --input x=" + path("x.npy"));
  EXPECT_EQ(r.exitCode, 0) << r.output;
}

void expectError(const Result &r, const std::string &message) {
  EXPECT_EQ(r.exitCode, 1) << r.output;
  EXPECT_EQ(r.output, "webnn-run: error: " + message + "\n");
}

TEST_F(WebnnRun, InputErrors) {
  expectError(runTool(artifact()),
              "missing input 'x' (float32 [2,3]); pass --input x=FILE.npy");
  expectError(runTool(artifact() + " --input z=" + path("x.npy")),
              path("x.npy") + ": the graph has no input 'z' (inputs: 'x')");
  expectError(runTool(artifact() + " --input x=" + path("short.npy")),
              path("short.npy") + ": input 'x' expects float32 [2,3] but the "
                                  "file holds float32 [3]");
  expectError(runTool(artifact() + " --input x=" + path("int.npy")),
              path("int.npy") + ": input 'x' expects float32 [2,3] but the "
                                "file holds int32 [2,3]");
  expectError(runTool(artifact() + " --input x=" + path("junk.npy")),
              path("junk.npy") + ": not a .npy file (no \\x93NUMPY magic)");
  expectError(runTool(artifact() + " --input x=" + path("missing.npy")),
              path("missing.npy") + ": cannot open: No such file or directory");
  expectError(runTool(artifact() + " --input x=" + path("x.npy") +
                      " --input x=" + path("x.npy")),
              "input 'x' is given more than once");
}

TEST_F(WebnnRun, CommandLineErrors) {
  expectError(runTool(""), "no artifact given (see --help)");
  expectError(runTool(artifact() + " --bench abc"),
              "option '--bench' expects an integer from 1 to 100000000, got "
              "'abc'");
  expectError(runTool(artifact() + " --frobnicate"),
              "unknown option '--frobnicate' (see --help)");
  expectError(runTool(artifact() + " --input"),
              "option '--input' needs a value");
  expectError(runTool(artifact() + " --input x"),
              "--input expects NAME=FILE.npy, got 'x'");
  expectError(runTool(artifact() + " --bench 2 --top 3"),
              "--top cannot be combined with --bench");
  expectError(runTool("/nonexistent.so --bench 1"),
              "/nonexistent.so: cannot load: cannot open shared object file: "
              "No such file or directory");
}

} // namespace
