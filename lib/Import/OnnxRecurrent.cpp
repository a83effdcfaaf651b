//===- OnnxRecurrent.cpp - LSTM and GRU -----------------------------------===//
//
// ONNX's LSTM (gates i, o, f, c) and GRU (gates z, r, h) are WebNN's lstm
// with the iofg layout and gru with the zrn layout: the weights pass as they
// are, the combined bias B = [Wb, Rb] splits into bias and recurrentBias,
// and Y, Y_h, Y_c are the sequence and the last states. What WebNN cannot
// express is an error: sequence_lens shorter than the sequence, clip,
// input_forget, activations other than Sigmoid, Tanh and Relu, and LSTM
// peepholes (ONNX's output gate reads the new cell state, WebNN's the old).
//
//===----------------------------------------------------------------------===//

#include "Import/OnnxImporter.h"

namespace wnn {
namespace onnx_import {

namespace {

/// The options every ONNX recurrent node shares.
struct RecurrentForm {
  RecurrentNetworkDirection direction = RecurrentNetworkDirection::Forward;
  uint32_t directions = 1;
  uint32_t hiddenSize = 0;
  uint32_t steps = 0;
  bool batchMajor = false; // layout = 1: [batch, seq, ...]
  std::vector<RecurrentNetworkActivation> activations;
};

RecurrentForm readForm(NodeContext &c, size_t activationsPerDirection,
                       const std::vector<std::string> &defaults) {
  RecurrentForm form;
  std::string direction = c.stringAttr("direction", "forward");
  if (direction == "reverse") {
    form.direction = RecurrentNetworkDirection::Backward;
  } else if (direction == "bidirectional") {
    form.direction = RecurrentNetworkDirection::Both;
    form.directions = 2;
  } else if (direction != "forward") {
    c.fail("direction '" + direction +
           "' is not forward, reverse or "
           "bidirectional");
  }
  form.hiddenSize =
      uint32_t(c.bounded(c.intAttr("hidden_size", 0), 1, "hidden_size"));
  if (c.hasAttribute("clip"))
    c.fail("attribute 'clip' is not supported");
  form.batchMajor = c.intAttr("layout", 0) != 0;
  std::vector<int64_t> x = c.shape(0);
  if (x.size() != 3)
    c.fail("X must have rank 3");
  form.steps = uint32_t(form.batchMajor ? x[1] : x[0]);

  // ONNX lists activations per direction; WebNN has one list for both.
  std::vector<std::string> names = defaults;
  if (c.hasAttribute("activations")) {
    const onnx::AttributeProto *attr = nullptr;
    for (const auto &a : c.proto().attribute())
      if (a.name() == "activations")
        attr = &a;
    names.assign(attr->strings().begin(), attr->strings().end());
    if (names.size() != activationsPerDirection * form.directions)
      c.fail("attribute 'activations' must name " +
             std::to_string(activationsPerDirection * form.directions) +
             " functions");
    for (size_t i = activationsPerDirection; i < names.size(); ++i)
      if (names[i] != names[i - activationsPerDirection])
        c.fail("different activations per direction are not supported");
    names.resize(activationsPerDirection);
  }
  if (c.hasAttribute("activation_alpha") || c.hasAttribute("activation_beta"))
    c.fail("activation_alpha and activation_beta are not supported");
  for (const std::string &name : names) {
    if (name == "Sigmoid")
      form.activations.push_back(RecurrentNetworkActivation::Sigmoid);
    else if (name == "Tanh")
      form.activations.push_back(RecurrentNetworkActivation::Tanh);
    else if (name == "Relu")
      form.activations.push_back(RecurrentNetworkActivation::Relu);
    else
      c.fail("activation '" + name +
             "' is not supported (Sigmoid, Tanh, "
             "Relu are)");
  }
  return form;
}

/// sequence_lens may be given only when every sequence is whole.
void checkSequenceLengths(NodeContext &c, size_t index,
                          const RecurrentForm &form) {
  if (!c.hasInput(index))
    return;
  HostTensorRef lengths = c.host(index);
  if (!lengths)
    c.fail("sequence_lens must be a constant");
  for (int64_t length : lengths->ints())
    if (length != int64_t(form.steps))
      c.fail("sequence_lens shorter than the sequence (" +
             std::to_string(length) + " of " + std::to_string(form.steps) +
             ") is not supported");
}

/// [batch, seq, ...] <-> [seq, batch, ...] for layout = 1.
Operand swapLeading(NodeContext &c, Operand x, const char *part) {
  size_t rank = c.b().descriptor(x)->shape.size();
  std::vector<uint32_t> perm(rank);
  for (uint32_t i = 0; i < rank; ++i)
    perm[i] = i;
  std::swap(perm[0], perm[1]);
  TransposeOptions options;
  static_cast<OperatorOptions &>(options) = c.label(part);
  options.permutation = perm;
  return c.check(c.b().transpose(x, options));
}

/// The input (seq-major) and the initial states (direction-major).
Operand sequenceInput(NodeContext &c, const RecurrentForm &form) {
  Operand x = c.operand(0);
  return form.batchMajor ? swapLeading(c, x, "input") : x;
}
Operand initialState(NodeContext &c, size_t index, const RecurrentForm &form,
                     const char *part) {
  Operand state = c.operand(index);
  return form.batchMajor ? swapLeading(c, state, part) : state;
}

/// B = [Wb, Rb] along its last axis: the two halves.
std::pair<Operand, Operand> splitBias(NodeContext &c, size_t index,
                                      uint32_t gates,
                                      const RecurrentForm &form) {
  SplitOptions options;
  static_cast<OperatorOptions &>(options) = c.label("bias");
  options.axis = 1;
  std::vector<Operand> halves = c.check(c.b().split(
      c.operand(index),
      std::vector<uint32_t>{gates * form.hiddenSize, gates * form.hiddenSize},
      options));
  return {halves[0], halves[1]};
}

/// Writes Y ([seq, dirs, batch, hidden], or batch-major) and the states.
void setOutputs(NodeContext &c, const RecurrentForm &form,
                const std::vector<Operand> &results, size_t states) {
  for (size_t i = 0; i < states; ++i)
    c.setOutput(i + 1, form.batchMajor ? swapLeading(c, results[i], "state")
                                       : results[i]);
  if (c.outputUsed(0)) {
    Operand y = results[states];
    if (form.batchMajor) {
      // [seq, dirs, batch, h] -> [batch, seq, dirs, h]
      TransposeOptions options;
      static_cast<OperatorOptions &>(options) = c.label("sequence");
      options.permutation = std::vector<uint32_t>{2, 0, 1, 3};
      y = c.check(c.b().transpose(y, options));
    }
    c.setOutput(0, y);
  }
}

void lstm(NodeContext &c) {
  c.expectInputs(3, 8);
  c.expectUsedOutputs(3);
  RecurrentForm form = readForm(c, 3, {"Sigmoid", "Tanh", "Tanh"});
  if (c.intAttr("input_forget", 0))
    c.fail("input_forget is not supported");
  checkSequenceLengths(c, 4, form);
  LstmOptions options;
  static_cast<OperatorOptions &>(options) = c.label();
  options.layout = LstmWeightLayout::Iofg;
  options.direction = form.direction;
  options.activations = form.activations;
  options.returnSequence = c.outputUsed(0);
  if (c.hasInput(3))
    std::tie(options.bias, options.recurrentBias) = splitBias(c, 3, 4, form);
  if (c.hasInput(5))
    options.initialHiddenState = initialState(c, 5, form, "initial_h");
  if (c.hasInput(6))
    options.initialCellState = initialState(c, 6, form, "initial_c");
  if (c.hasInput(7)) {
    HostTensorRef p = c.host(7);
    bool zeros = p && foldable(p);
    if (zeros)
      for (double v : p->floats())
        zeros = zeros && v == 0;
    if (!zeros)
      c.fail("peepholes (P) are not supported: ONNX's output gate reads the "
             "new cell state, WebNN's the previous one");
  }
  std::vector<Operand> results =
      c.check(c.b().lstm(sequenceInput(c, form), c.operand(1), c.operand(2),
                         form.steps, form.hiddenSize, options));
  setOutputs(c, form, results, 2);
}

void gru(NodeContext &c) {
  c.expectInputs(3, 6);
  c.expectUsedOutputs(2);
  RecurrentForm form = readForm(c, 2, {"Sigmoid", "Tanh"});
  checkSequenceLengths(c, 4, form);
  GruOptions options;
  static_cast<OperatorOptions &>(options) = c.label();
  options.layout = GruWeightLayout::Zrn;
  options.resetAfter = c.intAttr("linear_before_reset", 0) != 0;
  options.direction = form.direction;
  options.activations = form.activations;
  options.returnSequence = c.outputUsed(0);
  if (c.hasInput(3))
    std::tie(options.bias, options.recurrentBias) = splitBias(c, 3, 3, form);
  if (c.hasInput(5))
    options.initialHiddenState = initialState(c, 5, form, "initial_h");
  std::vector<Operand> results =
      c.check(c.b().gru(sequenceInput(c, form), c.operand(1), c.operand(2),
                        form.steps, form.hiddenSize, options));
  setOutputs(c, form, results, 1);
}

} // namespace

void addRecurrentHandlers(std::unordered_map<std::string, Handler> &t) {
  t["LSTM"] = lstm;
  t["GRU"] = gru;
}

} // namespace onnx_import
} // namespace wnn
