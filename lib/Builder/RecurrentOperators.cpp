//===- RecurrentOperators.cpp - gru, gruCell, lstm, lstmCell -------------===//
//
// GraphBuilder methods of the recurrent ops: the options become attributes
// with the spec's defaults applied (activations, layout, direction).
//
//===----------------------------------------------------------------------===//

#include "Builder/BuilderImpl.h"

using namespace mlir;
using namespace wnn::webnn;
using namespace wnn::builder_detail;

namespace wnn {
namespace {

/// The activation names of `activations`, or `defaults` when empty.
Attribute
activationNames(GraphBuilder::Impl &s,
                const std::vector<RecurrentNetworkActivation> &activations,
                ArrayRef<StringRef> defaults) {
  static const char *const kNames[] = {"relu", "sigmoid", "tanh"};
  SmallVector<StringRef> names(defaults);
  if (!activations.empty()) {
    names.clear();
    for (RecurrentNetworkActivation activation : activations) {
      auto index = static_cast<size_t>(activation);
      // An out-of-range enumerator reaches the verifier as a bad name.
      names.push_back(index < std::size(kNames) ? kNames[index] : "unknown");
    }
  }
  return s.builder.getStrArrayAttr(names);
}

const char *directionName(RecurrentNetworkDirection direction) {
  switch (direction) {
  case RecurrentNetworkDirection::Forward:
    return "forward";
  case RecurrentNetworkDirection::Backward:
    return "backward";
  case RecurrentNetworkDirection::Both:
    return "both";
  }
  return "unknown";
}

const char *layoutName(GruWeightLayout layout) {
  return layout == GruWeightLayout::Zrn   ? "zrn"
         : layout == GruWeightLayout::Rzn ? "rzn"
                                          : "unknown";
}

const char *layoutName(LstmWeightLayout layout) {
  return layout == LstmWeightLayout::Iofg   ? "iofg"
         : layout == LstmWeightLayout::Ifgo ? "ifgo"
                                            : "unknown";
}

SmallVector<NamedAttribute>
gruAttrs(GraphBuilder::Impl &s, const GruCellOptions &o, uint32_t hiddenSize) {
  return {s.named("hidden_size", s.i64(hiddenSize)),
          s.named("reset_after", s.boolean(o.resetAfter)),
          s.named("layout", s.str(layoutName(o.layout))),
          s.named("activations",
                  activationNames(s, o.activations, {"sigmoid", "tanh"}))};
}

SmallVector<NamedAttribute> lstmAttrs(GraphBuilder::Impl &s,
                                      const LstmCellOptions &o,
                                      uint32_t hiddenSize) {
  return {s.named("hidden_size", s.i64(hiddenSize)),
          s.named("layout", s.str(layoutName(o.layout))),
          s.named("activations", activationNames(s, o.activations,
                                                 {"sigmoid", "tanh", "tanh"}))};
}

/// Adds the options that only the networks have.
template <typename Options>
void addNetworkAttrs(GraphBuilder::Impl &s, const Options &o, uint32_t steps,
                     SmallVectorImpl<NamedAttribute> &attrs) {
  attrs.push_back(s.named("steps", s.i64(steps)));
  attrs.push_back(s.named("return_sequence", s.boolean(o.returnSequence)));
  attrs.push_back(s.named("direction", s.str(directionName(o.direction))));
}

/// Emits an op of several results with attributes fixed beforehand.
template <typename OpT>
Expected<std::vector<Operand>> emitAll(GraphBuilder::Impl &s, StringRef label,
                                       ArrayRef<Arg> args,
                                       ArrayRef<NamedAttribute> attrs) {
  auto results = s.emit<OpT>(
      label, args, [&](ArrayRef<Value>, SmallVectorImpl<NamedAttribute> &out) {
        out.append(attrs.begin(), attrs.end());
        return std::string();
      });
  if (!results)
    return results.error();
  return std::vector<Operand>(results->begin(), results->end());
}

} // namespace

Expected<std::vector<Operand>>
GraphBuilder::gru(Operand input, Operand weight, Operand recurrentWeight,
                  uint32_t steps, uint32_t hiddenSize, const GruOptions &o) {
  Impl &s = *impl;
  SmallVector<NamedAttribute> attrs = gruAttrs(s, o, hiddenSize);
  addNetworkAttrs(s, o, steps, attrs);
  return emitAll<GruOp>(s, o.label,
                        {{"input", input},
                         {"weight", weight},
                         {"recurrentWeight", recurrentWeight},
                         {"bias", o.bias},
                         {"recurrentBias", o.recurrentBias},
                         {"initialHiddenState", o.initialHiddenState}},
                        attrs);
}

Expected<Operand> GraphBuilder::gruCell(Operand input, Operand weight,
                                        Operand recurrentWeight,
                                        Operand hiddenState,
                                        uint32_t hiddenSize,
                                        const GruCellOptions &o) {
  Impl &s = *impl;
  return s.emitOne<GruCellOp>(o.label,
                              {{"input", input},
                               {"weight", weight},
                               {"recurrentWeight", recurrentWeight},
                               {"hiddenState", hiddenState},
                               {"bias", o.bias},
                               {"recurrentBias", o.recurrentBias}},
                              gruAttrs(s, o, hiddenSize));
}

Expected<std::vector<Operand>>
GraphBuilder::lstm(Operand input, Operand weight, Operand recurrentWeight,
                   uint32_t steps, uint32_t hiddenSize, const LstmOptions &o) {
  Impl &s = *impl;
  SmallVector<NamedAttribute> attrs = lstmAttrs(s, o, hiddenSize);
  addNetworkAttrs(s, o, steps, attrs);
  return emitAll<LstmOp>(s, o.label,
                         {{"input", input},
                          {"weight", weight},
                          {"recurrentWeight", recurrentWeight},
                          {"bias", o.bias},
                          {"recurrentBias", o.recurrentBias},
                          {"peepholeWeight", o.peepholeWeight},
                          {"initialHiddenState", o.initialHiddenState},
                          {"initialCellState", o.initialCellState}},
                         attrs);
}

Expected<std::vector<Operand>>
GraphBuilder::lstmCell(Operand input, Operand weight, Operand recurrentWeight,
                       Operand hiddenState, Operand cellState,
                       uint32_t hiddenSize, const LstmCellOptions &o) {
  Impl &s = *impl;
  SmallVector<NamedAttribute> attrs = lstmAttrs(s, o, hiddenSize);
  return emitAll<LstmCellOp>(s, o.label,
                             {{"input", input},
                              {"weight", weight},
                              {"recurrentWeight", recurrentWeight},
                              {"hiddenState", hiddenState},
                              {"cellState", cellState},
                              {"bias", o.bias},
                              {"recurrentBias", o.recurrentBias},
                              {"peepholeWeight", o.peepholeWeight}},
                             attrs);
}

} // namespace wnn
