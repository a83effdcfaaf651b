//===- RecurrentOps.cpp - gru, gruCell, lstm, lstmCell, recurrence -------===//
//
// The spec's validation steps of the recurrent ops are one routine: the
// networks and their cells differ only in the gate count, the leading
// direction dimension of every weight and whether there is a cell state.
//
//===----------------------------------------------------------------------===//

#include "InferenceUtils.h"

using namespace mlir;
using namespace wnn::webnn;
using namespace wnn::webnn::detail;

namespace {

/// The operands and options of one recurrent op, as its verifier sees them.
struct RecurrentCall {
  StringRef op; // the spec's name, for the support table
  Value input, weight, recurrentWeight, bias, recurrentBias, peepholeWeight;
  /// The (initial) hidden and cell states and the names they go by.
  Value hiddenState, cellState;
  StringRef hiddenName, cellName;
  int64_t gates = 0; // 3 (gru) or 4 (lstm)
  int64_t hiddenSize = 0;
  std::optional<int64_t> steps;    // networks only
  StringRef direction = "forward"; // networks only
  StringRef layout;
  ArrayAttr activations;
  int64_t activationCount = 0;
};

/// The output shapes: [numDirections, batch, hiddenSize] (networks) or
/// [batch, hiddenSize] (cells), and the sequence's shape.
struct RecurrentShapes {
  SmallVector<int64_t> state, sequence;
};

FailureOr<RecurrentShapes> validate(Loc loc, const RecurrentCall &c,
                                    ArrayRef<StringRef> layouts) {
  bool network = c.steps.has_value();
  int64_t rank = network ? 3 : 2;
  if (failed(checkOperand(loc, c.op, "input", c.input)))
    return failure();
  if (network && *c.steps <= 0)
    return fail(loc, "steps: must be positive but is " + Twine(*c.steps));
  if (c.hiddenSize <= 0)
    return fail(loc,
                "hiddenSize: must be positive but is " + Twine(c.hiddenSize));
  // The gate dimension must stay a valid (32-bit) dimension.
  if (c.hiddenSize > int64_t(UINT32_MAX) / c.gates)
    return fail(loc, "hiddenSize: " + Twine(c.hiddenSize) + " times " +
                         Twine(c.gates) + " gates is too large");
  if (!llvm::is_contained(layouts, c.layout))
    return fail(loc, "layout: unknown layout '" + c.layout + "'");
  if (network && !llvm::is_contained({StringRef("forward"),
                                      StringRef("backward"), StringRef("both")},
                                     c.direction))
    return fail(loc, "direction: unknown direction '" + c.direction + "'");
  if (int64_t(c.activations.size()) != c.activationCount)
    return fail(loc, "activations: expected " + Twine(c.activationCount) +
                         " activations but got " + Twine(c.activations.size()));
  for (Attribute activation : c.activations) {
    auto name = dyn_cast<StringAttr>(activation);
    if (!name || !llvm::is_contained({StringRef("relu"), StringRef("sigmoid"),
                                      StringRef("tanh")},
                                     name.getValue()))
      return fail(loc, "activations: each must be 'relu', 'sigmoid' or "
                       "'tanh'");
  }

  auto inShape = tensorType(c.input).getShape();
  if (network && inShape[0] != *c.steps)
    return fail(loc, "input: its first dimension (" + Twine(inShape[0]) +
                         ") does not match steps (" + Twine(*c.steps) + ")");
  int64_t batch = inShape[rank - 2], inputSize = inShape[rank - 1];
  int64_t directions = c.direction == "both" ? 2 : 1;
  int64_t gateSize = c.gates * c.hiddenSize;
  // Networks stack one weight per direction in a leading dimension.
  auto shape = [&](std::initializer_list<int64_t> dims) {
    SmallVector<int64_t> result;
    if (network)
      result.push_back(directions);
    result.append(dims.begin(), dims.end());
    return result;
  };
  auto operand = [&](Value value, StringRef name,
                     ArrayRef<int64_t> expected) -> LogicalResult {
    if (!value)
      return success();
    if (failed(checkSameType(loc, value, c.input, name, "input")) ||
        failed(checkOperand(loc, c.op, name, value)))
      return failure();
    return checkShape(loc, value, name, expected);
  };
  RecurrentShapes shapes;
  shapes.state = shape({batch, c.hiddenSize});
  if (failed(operand(c.weight, "weight", shape({gateSize, inputSize}))) ||
      failed(operand(c.recurrentWeight, "recurrentWeight",
                     shape({gateSize, c.hiddenSize}))) ||
      failed(operand(c.bias, "bias", shape({gateSize}))) ||
      failed(operand(c.recurrentBias, "recurrentBias", shape({gateSize}))) ||
      failed(operand(c.peepholeWeight, "peepholeWeight",
                     shape({3 * c.hiddenSize}))) ||
      failed(operand(c.hiddenState, c.hiddenName, shapes.state)) ||
      failed(operand(c.cellState, c.cellName, shapes.state)))
    return failure();
  if (network) {
    shapes.sequence = {*c.steps, directions, batch, c.hiddenSize};
  }
  return shapes;
}

const StringRef kGruLayouts[] = {"zrn", "rzn"};
const StringRef kLstmLayouts[] = {"iofg", "ifgo"};

/// The fields gru, gruCell, lstm and lstmCell share.
template <typename Adaptor>
RecurrentCall commonCall(StringRef op, Adaptor adaptor, int64_t gates) {
  RecurrentCall c;
  c.op = op;
  c.input = adaptor.getInput();
  c.weight = adaptor.getWeight();
  c.recurrentWeight = adaptor.getRecurrentWeight();
  c.bias = adaptor.getBias();
  c.recurrentBias = adaptor.getRecurrentBias();
  c.gates = gates;
  c.hiddenSize = int64_t(adaptor.getHiddenSize());
  c.layout = adaptor.getLayout();
  c.activations = adaptor.getActivations();
  c.activationCount = gates == 4 ? 3 : 2;
  return c;
}

/// The fields of the networks (gru, lstm) over their cells'.
template <typename Adaptor>
RecurrentCall networkCall(StringRef op, Adaptor adaptor, int64_t gates) {
  RecurrentCall c = commonCall(op, adaptor, gates);
  c.steps = int64_t(adaptor.getSteps());
  c.direction = adaptor.getDirection();
  c.hiddenState = adaptor.getInitialHiddenState();
  c.hiddenName = "initialHiddenState";
  return c;
}

/// The results: the hidden state, the cell state (lstm) and the sequence
/// (networks with return_sequence).
LogicalResult pushResults(Loc loc, const RecurrentCall &c,
                          ArrayRef<StringRef> layouts, bool hasCell,
                          bool returnSequence, SmallVectorImpl<Type> &types) {
  auto shapes = validate(loc, c, layouts);
  if (failed(shapes))
    return failure();
  auto type = tensorType(c.input);
  types.push_back(type.clone(shapes->state));
  if (hasCell)
    types.push_back(type.clone(shapes->state));
  if (returnSequence)
    types.push_back(type.clone(shapes->sequence));
  return success();
}

} // namespace

LogicalResult GruOp::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,
                                      SmallVectorImpl<Type> &types) {
  return pushResults(loc, networkCall("gru", adaptor, 3), kGruLayouts,
                     /*hasCell=*/false, adaptor.getReturnSequence(), types);
}

LogicalResult GruCellOp::inferReturnTypes(MLIRContext *, Loc loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  RecurrentCall c = commonCall("gruCell", adaptor, 3);
  c.hiddenState = adaptor.getHiddenState();
  c.hiddenName = "hiddenState";
  return pushResults(loc, c, kGruLayouts, /*hasCell=*/false,
                     /*returnSequence=*/false, types);
}

LogicalResult LstmOp::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  RecurrentCall c = networkCall("lstm", adaptor, 4);
  c.peepholeWeight = adaptor.getPeepholeWeight();
  c.cellState = adaptor.getInitialCellState();
  c.cellName = "initialCellState";
  return pushResults(loc, c, kLstmLayouts, /*hasCell=*/true,
                     adaptor.getReturnSequence(), types);
}

LogicalResult LstmCellOp::inferReturnTypes(MLIRContext *, Loc loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  RecurrentCall c = commonCall("lstmCell", adaptor, 4);
  c.peepholeWeight = adaptor.getPeepholeWeight();
  c.hiddenState = adaptor.getHiddenState();
  c.hiddenName = "hiddenState";
  c.cellState = adaptor.getCellState();
  c.cellName = "cellState";
  return pushResults(loc, c, kLstmLayouts, /*hasCell=*/true,
                     /*returnSequence=*/false, types);
}

/// The internal op trusts its maker (wnn-decompose-recurrent) for the
/// equations but still checks the shapes its lowering indexes by.
LogicalResult RecurrenceOp::inferReturnTypes(MLIRContext *, Loc loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &types) {
  auto projection = tensorType(adaptor.getProjection());
  auto hidden = tensorType(adaptor.getInitialHiddenState());
  StringRef kind = adaptor.getKind();
  int64_t gates = kind == "lstm" ? 4 : kind == "gru" ? 3 : 0;
  if (!gates)
    return fail(loc, "kind: expected 'gru' or 'lstm' but got '" + kind + "'");
  if (projection.getRank() != 4 || hidden.getRank() != 3)
    return fail(loc, "projection: expected rank 4 and initial hidden state "
                     "rank 3");
  int64_t directions = projection.getDimSize(0);
  int64_t steps = projection.getDimSize(1), batch = projection.getDimSize(2);
  int64_t hiddenSize = hidden.getDimSize(2);
  int64_t gateSize = gates * hiddenSize;
  if (failed(checkShape(loc, adaptor.getProjection(), "projection",
                        {directions, steps, batch, gateSize})) ||
      failed(checkShape(loc, adaptor.getInitialHiddenState(),
                        "initial_hidden_state",
                        {directions, batch, hiddenSize})) ||
      failed(checkShape(loc, adaptor.getRecurrentWeight(), "recurrent_weight",
                        {directions, hiddenSize, gateSize})))
    return failure();
  if (Value bias = adaptor.getRecurrentBias())
    if (failed(checkShape(loc, bias, "recurrent_bias", {directions, gateSize})))
      return failure();
  if (Value peephole = adaptor.getPeepholeWeight())
    if (failed(checkShape(loc, peephole, "peephole_weight",
                          {directions, 3 * hiddenSize})))
      return failure();
  Value cell = adaptor.getInitialCellState();
  if ((gates == 4) != bool(cell))
    return fail(loc, "initial_cell_state: required for lstm and only there");
  if (cell && failed(checkShape(loc, cell, "initial_cell_state",
                                {directions, batch, hiddenSize})))
    return failure();
  types.push_back(hidden);
  if (cell)
    types.push_back(hidden);
  if (adaptor.getReturnSequence())
    types.push_back(hidden.clone(
        SmallVector<int64_t>{steps, directions, batch, hiddenSize}));
  return success();
}
