//===- IndexingOperators.cpp - gather/scatter, reverse, tile, ... --------===//
//
// GraphBuilder methods of the ops that move elements by index: gather and
// scatter by index tensors, reverse, tile, triangular and cumulativeSum.
//
//===----------------------------------------------------------------------===//

#include "Builder/BuilderImpl.h"

#include <numeric>

using namespace mlir;
using namespace wnn::webnn;
using namespace wnn::builder_detail;

namespace wnn {

Expected<Operand> GraphBuilder::gatherElements(Operand input, Operand indices,
                                               const GatherOptions &o) {
  return impl->emitOne<GatherElementsOp>(
      o.label, {{"input", input}, {"indices", indices}},
      {impl->named("axis", impl->i64(o.axis))});
}

Expected<Operand> GraphBuilder::gatherND(Operand input, Operand indices,
                                         const OperatorOptions &o) {
  return impl->emitOne<GatherNDOp>(
      o.label, {{"input", input}, {"indices", indices}}, {});
}

Expected<Operand> GraphBuilder::scatterElements(Operand input, Operand indices,
                                                Operand updates,
                                                const ScatterOptions &o) {
  return impl->emitOne<ScatterElementsOp>(
      o.label, {{"input", input}, {"indices", indices}, {"updates", updates}},
      {impl->named("axis", impl->i64(o.axis))});
}

Expected<Operand> GraphBuilder::scatterND(Operand input, Operand indices,
                                          Operand updates,
                                          const OperatorOptions &o) {
  return impl->emitOne<ScatterNDOp>(
      o.label, {{"input", input}, {"indices", indices}, {"updates", updates}},
      {});
}

Expected<Operand> GraphBuilder::quantizeLinear(Operand input, Operand scale,
                                               Operand zeroPoint,
                                               const OperatorOptions &o) {
  return impl->emitOne<QuantizeLinearOp>(
      o.label, {{"input", input}, {"scale", scale}, {"zeroPoint", zeroPoint}},
      {});
}

Expected<Operand> GraphBuilder::dequantizeLinear(Operand input, Operand scale,
                                                 Operand zeroPoint,
                                                 const OperatorOptions &o) {
  return impl->emitOne<DequantizeLinearOp>(
      o.label, {{"input", input}, {"scale", scale}, {"zeroPoint", zeroPoint}},
      {});
}

Expected<Operand> GraphBuilder::reverse(Operand x, const ReverseOptions &o) {
  Impl &s = *impl;
  return s.emitOneWith<ReverseOp>(
      o.label, {{"input", x}},
      [&](ArrayRef<Value> operands, SmallVectorImpl<NamedAttribute> &attrs) {
        SmallVector<int64_t> all(rankOf(operands[0]));
        std::iota(all.begin(), all.end(), 0);
        attrs.push_back(
            s.named("axes", o.axes ? s.i64s(*o.axes, {}) : s.i64s(all)));
        return std::string();
      });
}

Expected<Operand> GraphBuilder::tile(Operand x,
                                     const std::vector<uint32_t> &repetitions,
                                     const OperatorOptions &o) {
  return impl->emitOne<TileOp>(
      o.label, {{"input", x}},
      {impl->named("repetitions", impl->i64s(repetitions))});
}

Expected<Operand> GraphBuilder::triangular(Operand x,
                                           const TriangularOptions &o) {
  Impl &s = *impl;
  return s.emitOne<TriangularOp>(o.label, {{"input", x}},
                                 {s.named("upper", s.boolean(o.upper)),
                                  s.named("diagonal", s.i64(o.diagonal))});
}

Expected<Operand> GraphBuilder::cumulativeSum(Operand x, uint32_t axis,
                                              const CumulativeSumOptions &o) {
  Impl &s = *impl;
  return s.emitOne<CumulativeSumOp>(
      o.label, {{"input", x}},
      {s.named("axis", s.i64(axis)),
       s.named("exclusive", s.boolean(o.exclusive)),
       s.named("reversed", s.boolean(o.reversed))});
}

} // namespace wnn
