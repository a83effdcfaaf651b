//===- RefRecurrent.cpp - Reference: gru, gruCell, lstm, lstmCell ---------===//
//
// The recurrences of the WebNN specification, scalar by scalar in Approx
// arithmetic, so that every value carries its bound through the steps:
// each gate's pre-activation is one sum of products (gamma(n) of its
// magnitude for any summation order), activations push the interval
// through (relu, sigmoid and tanh are monotone) and add the ULP allowances
// the element-wise models use.
//
// gru (layout "zrn" or "rzn"):
//   z = f(x Wz + bz + h Rz + rbz), r = f(x Wr + br + h Rr + rbr)
//   n = g(x Wn + bn + r (h Rn + rbn))   with resetAfter (the default)
//   n = g(x Wn + bn + (r h) Rn + rbn)   without
//   h' = (1 - z) n + z h
// lstm (layout "iofg" or "ifgo"; peephole weights in the order i, o, f):
//   i = f(x Wi + bi + h Ri + rbi + pi c), f = f(... + pf c)
//   o = f(x Wo + bo + h Ro + rbo + po c), g = g(x Wg + bg + h Rg + rbg)
//   c' = f c + i g, h' = o h(c')
// (every peephole reads the incoming cell state c).
// The sequence functions step through time forward, backward or both
// (direction 0 forward, 1 backward); the sequence output holds at time t
// each direction's hidden state after it read the input of time t.
//
//===----------------------------------------------------------------------===//

#include "ErrorModel.h"
#include "Reference.h"

#include <algorithm>
#include <cmath>

namespace wnn::fuzz {
namespace {

enum class Activation { Relu, Sigmoid, Tanh };

Activation parseActivation(const std::string &name) {
  if (name == "relu")
    return Activation::Relu;
  if (name == "sigmoid")
    return Activation::Sigmoid;
  if (name == "tanh")
    return Activation::Tanh;
  referenceError("unknown recurrent activation '" + name + "'");
}

double activationValue(Activation a, double x) {
  switch (a) {
  case Activation::Relu:
    return std::max(x, 0.0);
  case Activation::Sigmoid:
    return 1 / (1 + std::exp(-x));
  case Activation::Tanh:
    return std::tanh(x);
  }
  return 0;
}

/// The activation of an approximate value: the image of its interval (all
/// three are monotone) plus the local allowance of the element-wise model.
Approx activate(Activation a, Approx x) {
  double y = activationValue(a, x.v);
  double deviation = 0;
  if (x.e > 0)
    deviation = std::isfinite(x.e)
                    ? std::max(std::fabs(activationValue(a, x.v + x.e) - y),
                               std::fabs(activationValue(a, x.v - x.e) - y))
                    : kInfinity;
  double rel = a == Activation::Sigmoid ? 68 : a == Activation::Tanh ? 16 : 0;
  double abs = a == Activation::Relu ? 0 : 16;
  return {y,
          deviation + (rel * (std::fabs(y) + deviation) + abs) * kUnitRoundoff};
}

/// A sum of products and terms in any order.
struct Accumulator {
  double sum = 0, magnitude = 0, propagated = 0;
  int terms = 0;

  void product(Approx a, Approx b) {
    sum += a.v * b.v;
    magnitude += std::fabs(a.v * b.v);
    propagated += std::fabs(a.v) * b.e + std::fabs(b.v) * a.e + a.e * b.e;
    ++terms;
  }
  void add(Approx a) {
    sum += a.v;
    magnitude += std::fabs(a.v);
    propagated += a.e;
    ++terms;
  }
  Approx result() const {
    return {sum,
            propagated + gammaOf(double(terms + 1)) * (magnitude + propagated)};
  }
};

Approx at(const RefTensor &t, size_t i) { return {t.value[i], t.bound[i]}; }

/// The weights of one direction, with the rows of each gate.
struct CellWeights {
  const RefTensor *weight = nullptr, *recurrent = nullptr;
  const RefTensor *bias = nullptr, *recurrentBias = nullptr;
  const RefTensor *peephole = nullptr;
  /// Offsets of this direction's matrices and vectors.
  size_t weightOffset = 0, recurrentOffset = 0, biasOffset = 0,
         peepholeOffset = 0;
  int64_t inputSize = 0, hiddenSize = 0;

  /// x W[row] + b[row] + h R[row] + rb[row] into `sum`.
  void gate(Accumulator &sum, const std::vector<Approx> &x,
            const std::vector<Approx> &h, int64_t row, bool withHidden = true,
            bool withInput = true) const {
    if (withInput) {
      for (int64_t k = 0; k < inputSize; ++k)
        sum.product(x[size_t(k)],
                    at(*weight, weightOffset + size_t(row * inputSize + k)));
      if (bias)
        sum.add(at(*bias, biasOffset + size_t(row)));
    }
    if (withHidden) {
      for (int64_t k = 0; k < hiddenSize; ++k)
        sum.product(
            h[size_t(k)],
            at(*recurrent, recurrentOffset + size_t(row * hiddenSize + k)));
      if (recurrentBias)
        sum.add(at(*recurrentBias, biasOffset + size_t(row)));
    }
  }
};

struct GruOptions {
  bool resetAfter = true;
  bool rzn = false;
  Activation gate = Activation::Sigmoid, candidate = Activation::Tanh;
};

/// One gruCell step of one batch row.
std::vector<Approx> gruStep(const CellWeights &w, const GruOptions &o,
                            const std::vector<Approx> &x,
                            const std::vector<Approx> &h) {
  int64_t hs = w.hiddenSize;
  int64_t zGate = o.rzn ? 1 : 0, rGate = o.rzn ? 0 : 1, nGate = 2;
  size_t units = static_cast<size_t>(hs);
  std::vector<Approx> z(units), r(units), next(units);
  for (int64_t j = 0; j < hs; ++j) {
    Accumulator zs, rs;
    w.gate(zs, x, h, zGate * hs + j);
    w.gate(rs, x, h, rGate * hs + j);
    z[size_t(j)] = activate(o.gate, zs.result());
    r[size_t(j)] = activate(o.gate, rs.result());
  }
  std::vector<Approx> resetHidden(units);
  if (!o.resetAfter)
    for (int64_t k = 0; k < hs; ++k)
      resetHidden[size_t(k)] = approxMul(r[size_t(k)], h[size_t(k)]);
  for (int64_t j = 0; j < hs; ++j) {
    int64_t row = nGate * hs + j;
    Approx pre;
    if (o.resetAfter) {
      Accumulator input, hidden;
      w.gate(input, x, h, row, false, true);
      w.gate(hidden, x, h, row, true, false);
      pre = approxAdd(input.result(), approxMul(r[size_t(j)], hidden.result()));
    } else {
      Accumulator sum;
      w.gate(sum, x, resetHidden, row);
      pre = sum.result();
    }
    Approx n = activate(o.candidate, pre);
    Approx zj = z[size_t(j)], hj = h[size_t(j)];
    Approx mixed =
        approxAdd(approxMul(approxSub({1, 0}, zj), n), approxMul(zj, hj));
    // Other spellings (n + z (h - n), ...) round terms of the same size.
    mixed.e += 4 * kUnitRoundoff * (std::fabs(n.v) + std::fabs(hj.v));
    next[size_t(j)] = mixed;
  }
  return next;
}

struct LstmOptions {
  bool ifgo = false;
  Activation gate = Activation::Sigmoid, cell = Activation::Tanh,
             hidden = Activation::Tanh;
};

/// One lstmCell step of one batch row: the new hidden and cell states.
void lstmStep(const CellWeights &w, const LstmOptions &o,
              const std::vector<Approx> &x, std::vector<Approx> &h,
              std::vector<Approx> &c) {
  int64_t hs = w.hiddenSize;
  // Gate rows in the weights' layout.
  int64_t iGate = 0, oGate = o.ifgo ? 3 : 1, fGate = o.ifgo ? 1 : 2,
          gGate = o.ifgo ? 2 : 3;
  auto peephole = [&](int index, int64_t j) {
    return at(*w.peephole, w.peepholeOffset + size_t(index * hs + j));
  };
  std::vector<Approx> nextH(static_cast<size_t>(hs)),
      nextC(static_cast<size_t>(hs));
  for (int64_t j = 0; j < hs; ++j) {
    Approx cj = c[size_t(j)];
    Accumulator is, fs, gs, os;
    w.gate(is, x, h, iGate * hs + j);
    w.gate(fs, x, h, fGate * hs + j);
    w.gate(gs, x, h, gGate * hs + j);
    w.gate(os, x, h, oGate * hs + j);
    if (w.peephole) {
      is.product(peephole(0, j), cj);
      os.product(peephole(1, j), cj);
      fs.product(peephole(2, j), cj);
    }
    Approx i = activate(o.gate, is.result());
    Approx f = activate(o.gate, fs.result());
    Approx g = activate(o.cell, gs.result());
    Approx cell = approxAdd(approxMul(f, cj), approxMul(i, g));
    Approx out = activate(o.gate, os.result());
    nextC[size_t(j)] = cell;
    nextH[size_t(j)] = approxMul(out, activate(o.hidden, cell));
  }
  h = std::move(nextH);
  c = std::move(nextC);
}

std::vector<Activation> activationsOption(const OpArgs &args,
                                          std::vector<Activation> fallback) {
  const Json *list = args.option("activations");
  if (!list)
    return fallback;
  if (list->size() != fallback.size())
    referenceError(args.name() + ": wrong number of activations");
  std::vector<Activation> result;
  for (const Json &name : *list)
    result.push_back(parseActivation(name.get<std::string>()));
  return result;
}

void requireShape(const RefTensor *t, const std::vector<int64_t> &shape,
                  const OpArgs &args, const char *what) {
  if (t && (t->desc.shape != shape || !isFloatType(t->desc.dataType)))
    referenceError(args.name() + ": " + what + " has the wrong shape");
}

/// Row `row` of a [rows, size] block of `t` starting at `offset`.
std::vector<Approx> rowOf(const RefTensor &t, size_t offset, int64_t row,
                          int64_t size) {
  std::vector<Approx> result(static_cast<size_t>(size));
  for (int64_t k = 0; k < size; ++k)
    result[size_t(k)] = at(t, offset + size_t(row * size + k));
  return result;
}

void store(RefTensor &t, size_t offset, const std::vector<Approx> &values) {
  for (size_t k = 0; k < values.size(); ++k) {
    t.value[offset + k] = values[k].v;
    t.bound[offset + k] = values[k].e;
  }
}

/// The shared arguments of the four operators.
struct Recurrence {
  bool isLstm = false, isCell = false;
  int64_t batch = 0, inputSize = 0, hiddenSize = 0, steps = 1, directions = 1;
  bool backwardOnly = false, returnSequence = false;
  const RefTensor *input = nullptr;
  CellWeights weights;
  int gates() const { return isLstm ? 4 : 3; }
};

Recurrence readRecurrence(const OpArgs &args, bool isLstm, bool isCell) {
  Recurrence rec;
  rec.isLstm = isLstm;
  rec.isCell = isCell;
  rec.input = &args.operand(0);
  const RefTensor &weight = args.operand(1);
  const RefTensor &recurrent = args.operand(2);
  const std::vector<int64_t> &in = rec.input->desc.shape;
  if (!isFloatType(rec.input->desc.dataType) || in.size() != (isCell ? 2u : 3u))
    referenceError(args.name() + ": bad input");
  size_t hiddenIndex = isCell ? (isLstm ? 5 : 4) : 4;
  rec.hiddenSize = args.integer(hiddenIndex);
  if (!isCell) {
    rec.steps = args.integer(3);
    if (rec.steps != in[0])
      referenceError(args.name() + ": steps differs from the input");
    std::string direction = args.string("direction", "forward");
    if (direction == "both")
      rec.directions = 2;
    else if (direction == "backward")
      rec.backwardOnly = true;
    else if (direction != "forward")
      referenceError(args.name() + ": unknown direction");
    rec.returnSequence = args.boolean("returnSequence", false);
  }
  rec.batch = in[in.size() - 2];
  rec.inputSize = in.back();
  int64_t rows = rec.gates() * rec.hiddenSize;
  std::vector<int64_t> lead =
      isCell ? std::vector<int64_t>{} : std::vector<int64_t>{rec.directions};
  auto with = [&](std::vector<int64_t> tail) {
    std::vector<int64_t> shape = lead;
    shape.insert(shape.end(), tail.begin(), tail.end());
    return shape;
  };
  requireShape(&weight, with({rows, rec.inputSize}), args, "weight");
  requireShape(&recurrent, with({rows, rec.hiddenSize}), args,
               "recurrentWeight");
  CellWeights &w = rec.weights;
  w.weight = &weight;
  w.recurrent = &recurrent;
  w.bias = args.optionOperand("bias");
  w.recurrentBias = args.optionOperand("recurrentBias");
  requireShape(w.bias, with({rows}), args, "bias");
  requireShape(w.recurrentBias, with({rows}), args, "recurrentBias");
  if (isLstm) {
    w.peephole = args.optionOperand("peepholeWeight");
    requireShape(w.peephole, with({3 * rec.hiddenSize}), args,
                 "peepholeWeight");
  }
  w.inputSize = rec.inputSize;
  w.hiddenSize = rec.hiddenSize;
  return rec;
}

/// Points the weights at direction `dir`.
void selectDirection(CellWeights &w, int64_t dir, int gates) {
  size_t rows = size_t(gates * w.hiddenSize);
  w.weightOffset = size_t(dir) * rows * size_t(w.inputSize);
  w.recurrentOffset = size_t(dir) * rows * size_t(w.hiddenSize);
  w.biasOffset = size_t(dir) * rows;
  w.peepholeOffset = size_t(dir) * 3 * size_t(w.hiddenSize);
}

/// gru, gruCell, lstm and lstmCell.
std::vector<RefTensor> recurrent(const OpArgs &args, bool isLstm, bool isCell) {
  Recurrence rec = readRecurrence(args, isLstm, isCell);
  int64_t hs = rec.hiddenSize, batch = rec.batch;
  GruOptions gru;
  LstmOptions lstm;
  if (isLstm) {
    std::string layout = args.string("layout", "iofg");
    if (layout != "iofg" && layout != "ifgo")
      referenceError("lstm: unknown layout");
    lstm.ifgo = layout == "ifgo";
    std::vector<Activation> a = activationsOption(
        args, {Activation::Sigmoid, Activation::Tanh, Activation::Tanh});
    lstm.gate = a[0], lstm.cell = a[1], lstm.hidden = a[2];
  } else {
    std::string layout = args.string("layout", "zrn");
    if (layout != "zrn" && layout != "rzn")
      referenceError("gru: unknown layout");
    gru.rzn = layout == "rzn";
    gru.resetAfter = args.boolean("resetAfter", true);
    std::vector<Activation> a =
        activationsOption(args, {Activation::Sigmoid, Activation::Tanh});
    gru.gate = a[0], gru.candidate = a[1];
  }

  // States [directions, batch, hidden], zero unless given.
  std::vector<int64_t> stateShape{rec.directions, batch, hs};
  RefTensor hidden({DataType::Float32, stateShape});
  RefTensor cell({DataType::Float32, stateShape});
  if (isCell) {
    const RefTensor &h0 = args.operand(3);
    requireShape(&h0, {batch, hs}, args, "hiddenState");
    std::copy(h0.value.begin(), h0.value.end(), hidden.value.begin());
    std::copy(h0.bound.begin(), h0.bound.end(), hidden.bound.begin());
    if (isLstm) {
      const RefTensor &c0 = args.operand(4);
      requireShape(&c0, {batch, hs}, args, "cellState");
      cell.value = c0.value;
      cell.bound = c0.bound;
    }
  } else {
    if (const RefTensor *h0 = args.optionOperand("initialHiddenState")) {
      requireShape(h0, stateShape, args, "initialHiddenState");
      hidden.value = h0->value;
      hidden.bound = h0->bound;
    }
    if (const RefTensor *c0 =
            isLstm ? args.optionOperand("initialCellState") : nullptr) {
      requireShape(c0, stateShape, args, "initialCellState");
      cell.value = c0->value;
      cell.bound = c0->bound;
    }
  }
  RefTensor sequence(
      {DataType::Float32, {rec.steps, rec.directions, batch, hs}});
  const RefTensor &x = *rec.input;
  for (int64_t step = 0; step < rec.steps; ++step) {
    for (int64_t dir = 0; dir < rec.directions; ++dir) {
      selectDirection(rec.weights, isCell ? 0 : dir, rec.gates());
      bool backward = dir == 1 || rec.backwardOnly;
      int64_t time = backward ? rec.steps - 1 - step : step;
      for (int64_t b = 0; b < batch; ++b) {
        std::vector<Approx> xt =
            rowOf(x, size_t(time * batch * rec.inputSize), b, rec.inputSize);
        size_t offset = size_t((dir * batch + b) * hs);
        std::vector<Approx> h = rowOf(hidden, offset, 0, hs);
        if (isLstm) {
          std::vector<Approx> c = rowOf(cell, offset, 0, hs);
          lstmStep(rec.weights, lstm, xt, h, c);
          store(cell, offset, c);
        } else {
          h = gruStep(rec.weights, gru, xt, h);
        }
        store(hidden, offset, h);
        // The sequence holds each direction's state at its time index.
        store(sequence, size_t(time * rec.directions * batch * hs) + offset, h);
      }
    }
  }
  if (isCell) {
    hidden.desc.shape = {batch, hs};
    cell.desc.shape = {batch, hs};
  }
  std::vector<RefTensor> results{std::move(hidden)};
  if (isLstm)
    results.push_back(std::move(cell));
  if (rec.returnSequence)
    results.push_back(std::move(sequence));
  return results;
}

} // namespace

void addRecurrentHandlers(HandlerTable &table) {
  table["gru"] = [](const OpArgs &args) {
    return recurrent(args, false, false);
  };
  table["gruCell"] = [](const OpArgs &args) {
    return recurrent(args, false, true);
  };
  table["lstm"] = [](const OpArgs &args) {
    return recurrent(args, true, false);
  };
  table["lstmCell"] = [](const OpArgs &args) {
    return recurrent(args, true, true);
  };
}

} // namespace wnn::fuzz
