//===- webnn-compile.cpp - The ahead-of-time compiler ---------------------===//
//
//   webnn-compile GRAPH -o OUT [--emit=mlir|linalg|llvm|obj|so]
//                 [--kernels=onednn|codegen] [--mcpu=CPU] [-O0..-O3]
//                 [--profile] [--time-phases] [--dim NAME=VALUE ...]
//   webnn-compile --print-op-support[=json]
//
// GRAPH is an ONNX model (.onnx), a WPT-form graph (.json), a webnn-graph
// model (.webnn, or .json with "format": "webnn-graph-json"; its weights
// are found beside it) or a module in the webnn dialect (.mlir).
// --print-op-support lists the data types and ranks every operation accepts.
//
//===----------------------------------------------------------------------===//

#include "wnn/Compiler.h"
#include "wnn/Import.h"
#include "wnn/OpSupport.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

void usage(FILE *out) {
  std::fputs(
      "usage: webnn-compile GRAPH -o OUT [--emit=mlir|linalg|llvm|obj|so]\n"
      "                     [--kernels=onednn|codegen] [--mcpu=CPU] "
      "[-O0|-O1|-O2|-O3]\n"
      "                     [--profile] [--time-phases] [--dim NAME=VALUE]\n"
      "       webnn-compile --print-op-support[=json]\n"
      "GRAPH is an ONNX model (.onnx), a WPT-form graph (.json), a "
      "webnn-graph\n"
      "model (.webnn, or .json with \"format\": \"webnn-graph-json\"; weights\n"
      "beside it as STEM.weights + STEM.manifest.json or model.weights +\n"
      "manifest.json) or a webnn dialect module (.mlir).\n"
      "--dim NAME=VALUE sizes the free input dimension NAME of an ONNX model\n"
      "(repeat for each).\n"
      "--emit defaults to so (a loadable artifact for webnn-run); -O to -O2.\n"
      "--profile times every kernel call (the runtime reports the time per\n"
      "kernel, named by the labels of its operations).\n"
      "--time-phases prints the wall time of every phase and pass.\n"
      "--print-op-support lists every operation with the data types and\n"
      "ranks of its operands (as text, or as JSON).\n",
      out);
}

/// "float32 float16" (text) or "\"float32\", \"float16\"" (JSON).
std::string dataTypeList(wnn::DataTypeSet types, bool json) {
  std::string text;
  for (wnn::DataType type : types.types()) {
    if (!text.empty())
      text += json ? ", " : " ";
    text += json ? "\"" + std::string(wnn::dataTypeName(type)) + "\""
                 : wnn::dataTypeName(type);
  }
  return text;
}

/// "rank 4", "rank 2 to 3", "rank 1 or more" or "any rank".
std::string rankText(const wnn::OperandSupportLimits &operand) {
  std::string min = std::to_string(operand.minRank);
  if (operand.maxRank == wnn::kUnboundedRank)
    return operand.minRank == 0 ? "any rank" : "rank " + min + " or more";
  if (operand.minRank == operand.maxRank)
    return "rank " + min;
  return "rank " + min + " to " + std::to_string(operand.maxRank);
}

/// One line per operation, then one indented line per operand.
void printOpSupportText() {
  for (const wnn::OpSupportLimits &op : wnn::opSupportLimits()) {
    std::printf("%s\n", op.name.c_str());
    for (const wnn::OperandSupportLimits &operand : op.operands) {
      std::string line = "  " + operand.name + ": " +
                         dataTypeList(operand.dataTypes, false) + ", " +
                         rankText(operand);
      if (!operand.sameTypeAs.empty())
        line += ", same type as " + operand.sameTypeAs;
      std::printf("%s\n", line.c_str());
    }
  }
}

/// An object keyed by operation, then by operand, shaped like the spec's
/// MLOpSupportLimits: {"dataTypes": [...], "rankRange": {"min", "max"}}, max
/// null when unbounded, and "sameTypeAs" where the operand has one.
void printOpSupportJson() {
  std::printf("{\n");
  const auto &ops = wnn::opSupportLimits();
  for (size_t i = 0; i < ops.size(); ++i) {
    std::printf("  \"%s\": {\n", ops[i].name.c_str());
    const auto &operands = ops[i].operands;
    for (size_t j = 0; j < operands.size(); ++j) {
      const wnn::OperandSupportLimits &operand = operands[j];
      std::string max = operand.maxRank == wnn::kUnboundedRank
                            ? "null"
                            : std::to_string(operand.maxRank);
      std::string sameType =
          operand.sameTypeAs.empty()
              ? ""
              : ", \"sameTypeAs\": \"" + operand.sameTypeAs + "\"";
      std::printf("    \"%s\": {\"dataTypes\": [%s], \"rankRange\": "
                  "{\"min\": %u, \"max\": %s}%s}%s\n",
                  operand.name.c_str(),
                  dataTypeList(operand.dataTypes, true).c_str(),
                  operand.minRank, max.c_str(), sameType.c_str(),
                  j + 1 < operands.size() ? "," : "");
    }
    std::printf("  }%s\n", i + 1 < ops.size() ? "," : "");
  }
  std::printf("}\n");
}

int fail(const std::string &message) {
  std::fprintf(stderr, "webnn-compile: error: %s\n", message.c_str());
  return 1;
}

bool endsWith(const std::string &s, const char *suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

} // namespace

int main(int argc, char **argv) {
  std::string input, output;
  wnn::CompileOptions options;
  wnn::OnnxImportOptions onnxOptions;
  wnn::EmitKind emit = wnn::EmitKind::SharedObject;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](const char *prefix) -> const char * {
      size_t n = std::strlen(prefix);
      return arg.compare(0, n, prefix) == 0 ? argv[i] + n : nullptr;
    };
    if (arg == "-h" || arg == "--help") {
      usage(stdout);
      return 0;
    } else if (arg == "--print-op-support") {
      printOpSupportText();
      return 0;
    } else if (arg == "--print-op-support=json") {
      printOpSupportJson();
      return 0;
    } else if (arg == "-o") {
      if (++i >= argc)
        return fail("-o needs a file name");
      output = argv[i];
    } else if (const char *v = value("--emit=")) {
      std::string kind = v;
      if (kind == "mlir")
        emit = wnn::EmitKind::WebNN;
      else if (kind == "linalg")
        emit = wnn::EmitKind::Linalg;
      else if (kind == "llvm")
        emit = wnn::EmitKind::LLVM;
      else if (kind == "obj")
        emit = wnn::EmitKind::Object;
      else if (kind == "so")
        emit = wnn::EmitKind::SharedObject;
      else
        return fail("unknown --emit kind '" + kind +
                    "' (expected mlir, linalg, llvm, obj or so)");
    } else if (const char *v = value("--kernels=")) {
      std::string kind = v;
      if (kind == "onednn")
        options.kernels = wnn::KernelPath::OneDNN;
      else if (kind == "codegen")
        options.kernels = wnn::KernelPath::Codegen;
      else
        return fail("unknown --kernels '" + kind +
                    "' (expected onednn or codegen)");
    } else if (const char *v = value("--mcpu=")) {
      options.mcpu = v;
    } else if (arg == "--dim" || value("--dim=")) {
      std::string spec = value("--dim=") ? value("--dim=") : "";
      if (spec.empty()) {
        if (++i >= argc)
          return fail("--dim needs NAME=VALUE");
        spec = argv[i];
      }
      size_t eq = spec.find('=');
      std::string size = eq == std::string::npos ? "" : spec.substr(eq + 1);
      if (eq == 0 || size.empty() || size.size() > 9 ||
          size.find_first_not_of("0123456789") != std::string::npos)
        return fail("--dim '" + spec +
                    "' must be NAME=VALUE with a positive "
                    "integer VALUE");
      onnxOptions.dims[spec.substr(0, eq)] = std::stoll(size);
    } else if (arg == "--profile") {
      options.profile = true;
    } else if (arg == "--time-phases") {
      options.timePhases = true;
    } else if (arg.size() == 3 && arg[0] == '-' && arg[1] == 'O' &&
               arg[2] >= '0' && arg[2] <= '3') {
      options.optLevel = arg[2] - '0';
    } else if (!arg.empty() && arg[0] == '-') {
      usage(stderr);
      return fail("unknown option '" + arg + "'");
    } else if (input.empty()) {
      input = arg;
    } else {
      return fail("more than one input graph ('" + input + "', '" + arg + "')");
    }
  }
  if (input.empty()) {
    usage(stderr);
    return fail("no input graph");
  }
  if (output.empty())
    return fail("no output file (-o OUT)");
  if (!onnxOptions.dims.empty() && !endsWith(input, ".onnx"))
    return fail("--dim applies to ONNX models only");

  auto importStart = std::chrono::steady_clock::now();
  wnn::Expected<wnn::Graph> graph = wnn::Error{""};
  if (endsWith(input, ".mlir")) {
    auto text = wnn::readFile(input);
    if (!text)
      return fail(text.error().message);
    graph = wnn::parseWebnnMLIR(*text, input);
  } else if (endsWith(input, ".onnx")) {
    graph = wnn::importOnnxModelFile(input, onnxOptions);
  } else if (endsWith(input, ".webnn")) {
    graph = wnn::importWebnnGraphFile(input);
  } else {
    // A .json graph is webnn-graph JSON when it says so, else WPT form.
    auto text = wnn::readFile(input);
    if (!text)
      return fail(text.error().message);
    if (wnn::isWebnnGraphJson(*text))
      graph = wnn::importWebnnGraphJson(*text, input,
                                        wnn::findWebnnGraphWeights(input));
    else
      graph = wnn::importWptGraph(*text, input);
  }
  if (!graph)
    return fail(graph.error().message);
  if (options.timePhases)
    std::fprintf(stderr, "import: %.4f s\n",
                 std::chrono::duration<double>(
                     std::chrono::steady_clock::now() - importStart)
                     .count());
  if (wnn::Status status = wnn::compileToFile(*graph, options, emit, output);
      !status)
    return fail(status.error().message);
  return 0;
}
