//===- GenerateRecurrent.cpp - Random graphs: gru, lstm and their cells ---===//
//
// Small recurrent networks (a few steps, batch rows and hidden units) with
// every option drawn: weight layouts, directions, activations, biases,
// peephole weights, initial states, returnSequence and resetAfter.
//
//===----------------------------------------------------------------------===//

#include "GeneratorImpl.h"

#include <cmath>

namespace wnn::fuzz {
namespace {

bool isFloat(const RefTensor &t) { return isFloatType(t.desc.dataType); }

} // namespace

/// A float32 operand of `shape`: an existing one or a new graph input or
/// constant with values in [-range, range].
Name GraphGenerator::floatOperandOf(const std::vector<int64_t> &shape,
                                    const std::string &role, double range) {
  if (rng.chance(0.4)) {
    std::optional<Name> existing = pick([&](const RefTensor &t) {
      return isFloat(t) && t.desc.shape == shape;
    });
    if (existing)
      return *existing;
  }
  if (rng.chance(0.3))
    return input({DataType::Float32, shape},
                 uniformValues(elementCount(shape), -range, range));
  return uniformConstant(role, shape, -range, range);
}

bool GraphGenerator::recurrentNetwork() {
  static const std::vector<std::string> kinds = {"gru", "gruCell", "lstm",
                                                 "lstmCell"};
  std::string kind = rng.pick(kinds);
  bool isLstm = kind == "lstm" || kind == "lstmCell";
  bool isCell = kind == "gruCell" || kind == "lstmCell";
  int64_t gates = isLstm ? 4 : 3;

  // The input: an existing operand of a small fitting shape, or a new one.
  size_t rank = isCell ? 2 : 3;
  std::optional<Name> x;
  if (rng.chance(0.5))
    x = pick([&](const RefTensor &t) {
      if (!isFloat(t) || t.desc.shape.size() != rank)
        return false;
      const std::vector<int64_t> &s = t.desc.shape;
      return s.back() <= 32 && s[rank - 2] <= 4 && (isCell || s[0] <= 5);
    });
  if (!x) {
    std::vector<int64_t> shape{rng.range(1, 3), rng.range(1, 16)};
    if (!isCell)
      shape.insert(shape.begin(), rng.range(1, 4));
    x = input({DataType::Float32, shape},
              uniformValues(elementCount(shape), -1, 1));
  }
  const std::vector<int64_t> s = shapeOf(*x);
  int64_t batch = s[rank - 2], inputSize = s.back();
  int64_t steps = isCell ? 1 : s[0];
  int64_t hidden = rng.range(1, 8);

  std::string direction = "forward";
  if (!isCell)
    direction = rng.pick<std::string>({"forward", "backward", "both"});
  int64_t directions = direction == "both" ? 2 : 1;
  std::vector<int64_t> lead =
      isCell ? std::vector<int64_t>{} : std::vector<int64_t>{directions};
  auto with = [&](std::vector<int64_t> tail) {
    std::vector<int64_t> shape = lead;
    shape.insert(shape.end(), tail.begin(), tail.end());
    return shape;
  };
  double scale = 1 / std::sqrt(double(inputSize + hidden));
  Name weight = uniformConstant("weight", with({gates * hidden, inputSize}),
                                -scale, scale);
  Name recurrentWeight = uniformConstant(
      "recurrentWeight", with({gates * hidden, hidden}), -scale, scale);

  Json arguments =
      Json::array({argument("input", *x), argument("weight", weight),
                   argument("recurrentWeight", recurrentWeight)});
  std::vector<int64_t> stateShape =
      isCell ? std::vector<int64_t>{batch, hidden}
             : std::vector<int64_t>{directions, batch, hidden};
  if (isCell) {
    arguments.push_back(
        argument("hiddenState", floatOperandOf(stateShape, "hiddenState", 1)));
    if (isLstm)
      arguments.push_back(
          argument("cellState", floatOperandOf(stateShape, "cellState", 1)));
  } else {
    arguments.push_back(argument("steps", steps));
  }
  arguments.push_back(argument("hiddenSize", hidden));

  Json options = Json::object();
  if (rng.chance(0.6))
    options["bias"] =
        uniformConstant("bias", with({gates * hidden}), -0.5, 0.5);
  if (rng.chance(0.6))
    options["recurrentBias"] =
        uniformConstant("recurrentBias", with({gates * hidden}), -0.5, 0.5);
  if (isLstm && rng.chance(0.4))
    options["peepholeWeight"] =
        uniformConstant("peephole", with({3 * hidden}), -0.5, 0.5);
  if (!isCell && rng.chance(0.5))
    options["initialHiddenState"] =
        floatOperandOf(stateShape, "initialHiddenState", 1);
  if (!isCell && isLstm && rng.chance(0.5))
    options["initialCellState"] =
        floatOperandOf(stateShape, "initialCellState", 1);
  if (!isLstm && rng.chance(0.7))
    options["resetAfter"] = rng.chance(0.5);
  if (rng.chance(0.6))
    options["layout"] = isLstm ? rng.pick<std::string>({"iofg", "ifgo"})
                               : rng.pick<std::string>({"zrn", "rzn"});
  if (!isCell && (direction != "forward" || rng.chance(0.3)))
    options["direction"] = direction;
  bool returnSequence = !isCell && rng.chance(0.5);
  if (!isCell && (returnSequence || rng.chance(0.3)))
    options["returnSequence"] = returnSequence;
  if (rng.chance(0.4)) {
    // Mostly the usual ones; relu lets states grow, which the health
    // check catches.
    Json activations = Json::array();
    for (int64_t k = isLstm ? 3 : 2; k > 0; --k)
      activations.push_back(
          rng.pick<std::string>({"sigmoid", "tanh", "tanh", "relu"}));
    options["activations"] = activations;
  }
  if (!options.empty())
    arguments.push_back(argument("options", options));
  size_t results = (isLstm ? 2 : 1) + (returnSequence ? 1 : 0);
  return bool(emitMulti(kind, arguments, results));
}

} // namespace wnn::fuzz
