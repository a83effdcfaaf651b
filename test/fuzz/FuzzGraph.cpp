//===- FuzzGraph.cpp - Graphs of the differential fuzzer ------------------===//

#include "FuzzGraph.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace wnn::fuzz {

const GraphInput *TestGraph::findInput(const std::string &name) const {
  for (const GraphInput &input : inputs)
    if (input.name == name)
      return &input;
  return nullptr;
}

std::vector<std::string> TestGraph::definedNames() const {
  std::vector<std::string> names;
  for (const GraphInput &input : inputs)
    names.push_back(input.name);
  for (const Json &op : operators)
    for (std::string &name : operandsDefinedBy(op))
      names.push_back(std::move(name));
  return names;
}

/// Calls `visit` on every string in the argument list of `op` that may name
/// an operand: argument values, strings in argument arrays (concat's
/// inputs) and option values.
template <typename JsonT, typename Visit>
static void forEachArgumentString(JsonT &op, Visit visit) {
  auto arguments = op.find("arguments");
  if (arguments == op.end() || !arguments->is_array())
    return;
  for (auto &argument : *arguments) {
    if (!argument.is_object())
      continue;
    for (auto &item : argument.items()) {
      auto &value = item.value();
      if (item.key() == "options" && value.is_object()) {
        for (auto &option : value.items())
          if (option.value().is_string())
            visit(option.value());
      } else if (value.is_string()) {
        visit(value);
      } else if (value.is_array()) {
        for (auto &element : value)
          if (element.is_string())
            visit(element);
      }
    }
  }
}

std::vector<std::string> operandsReadBy(const Json &op,
                                        const IsOperand &isOperand) {
  std::vector<std::string> names;
  forEachArgumentString(op, [&](const Json &value) {
    const std::string &text = value.get_ref<const std::string &>();
    if (isOperand(text))
      names.push_back(text);
  });
  return names;
}

std::vector<std::string> operandsDefinedBy(const Json &op) {
  std::vector<std::string> names;
  auto outputs = op.find("outputs");
  if (outputs == op.end())
    return names;
  if (outputs->is_string())
    names.push_back(outputs->get<std::string>());
  else if (outputs->is_array())
    for (const Json &name : *outputs)
      if (name.is_string())
        names.push_back(name.get<std::string>());
  return names;
}

void renameOperandReads(Json &op, const std::string &from,
                        const std::string &to) {
  forEachArgumentString(op, [&](Json &value) {
    if (value.get_ref<const std::string &>() == from)
      value = to;
  });
}

std::string formatFloat32(float value) {
  if (std::isnan(value))
    return "\"NaN\"";
  if (std::isinf(value))
    return value > 0 ? "\"Infinity\"" : "\"-Infinity\"";
  if (value == 0)
    return std::signbit(value) ? "-0.0" : "0";
  char text[32];
  for (int digits = 1; digits <= 9; ++digits) {
    std::snprintf(text, sizeof(text), "%.*g", digits, double(value));
    if (float(std::strtod(text, nullptr)) == value)
      break;
  }
  return text;
}

std::string formatElement(DataType type, double value) {
  if (type == DataType::Float32 || type == DataType::Float16)
    return formatFloat32(float(value));
  char text[32];
  std::snprintf(text, sizeof(text), "%.0f", value);
  return text;
}

static std::string quoted(const std::string &text) { return Json(text).dump(); }

static std::string descriptorText(const OperandDescriptor &desc) {
  std::string text = "{\"shape\": [";
  for (size_t i = 0; i < desc.shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(desc.shape[i]);
  return text + "], \"dataType\": " + quoted(dataTypeName(desc.dataType)) + "}";
}

static std::string dataText(DataType type, const std::vector<double> &data) {
  std::string text = "[";
  for (size_t i = 0; i < data.size(); ++i) {
    if (i)
      text += ',';
    text += formatElement(type, data[i]);
  }
  return text + "]";
}

/// `"inputs": {...}` of the graph; data of runtime inputs only if asked.
static std::string inputsText(const TestGraph &graph, bool withInputData,
                              const char *indent) {
  std::string text = "{";
  for (size_t i = 0; i < graph.inputs.size(); ++i) {
    const GraphInput &input = graph.inputs[i];
    text += std::string(i ? "," : "") + "\n" + indent + "  " +
            quoted(input.name) + ": {";
    if (input.constant || withInputData)
      text += "\"data\": " + dataText(input.desc.dataType, input.data) + ", ";
    text += "\"descriptor\": " + descriptorText(input.desc);
    if (input.constant)
      text += ", \"constant\": true";
    text += "}";
  }
  return text + "\n" + indent + "}";
}

static std::string operatorsText(const TestGraph &graph, const char *indent) {
  std::string text = "[";
  for (size_t i = 0; i < graph.operators.size(); ++i)
    text += std::string(i ? "," : "") + "\n" + indent + "  " +
            graph.operators[i].dump();
  return text + "\n" + indent + "]";
}

std::string graphToImportText(const TestGraph &graph) {
  std::string text =
      "{\"graph\": {\"inputs\": " + inputsText(graph, false, "") +
      ", \"operators\": " + operatorsText(graph, "") + ", \"outputs\": [";
  for (size_t i = 0; i < graph.outputs.size(); ++i)
    text += (i ? ", " : "") + quoted(graph.outputs[i]);
  return text + "]}}\n";
}

std::string graphToTestFile(const TestGraph &graph, const std::string &name,
                            const std::vector<ExpectedOutput> &expected,
                            double absoluteTolerance) {
  const char *indent = "      ";
  std::string text =
      "{\n  \"tests\": [\n    {\n      \"name\": " + quoted(name) +
      ",\n      \"graph\": {\n";
  text += "        \"inputs\": " + inputsText(graph, true, "        ") + ",\n";
  text += "        \"operators\": " + operatorsText(graph, "        ") + ",\n";
  text += "        \"expectedOutputs\": {";
  for (size_t i = 0; i < expected.size(); ++i) {
    const ExpectedOutput &output = expected[i];
    text += std::string(i ? "," : "") + "\n        " + indent +
            quoted(output.name) +
            ": {\"data\": " + dataText(output.desc.dataType, *output.values) +
            ", \"descriptor\": " + descriptorText(output.desc) + "}";
  }
  char tolerance[64];
  // Rounded up so that the printed value is never below the computed one.
  std::snprintf(tolerance, sizeof(tolerance), "%.9g",
                absoluteTolerance * (1 + 1e-6));
  text += "\n        }\n      },\n      \"tolerance\": {\"metricType\": "
          "\"ATOL\", \"value\": " +
          std::string(tolerance) + "}\n    }\n  ]\n}\n";
  return text;
}

} // namespace wnn::fuzz
