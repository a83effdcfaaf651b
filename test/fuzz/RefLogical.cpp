//===- RefLogical.cpp - Reference: comparisons, logical ops and where -----===//
//
// Comparisons and the NaN/infinity tests produce uint8 0 or 1; logical ops
// read uint8 operands as booleans (non-zero is true); where selects with a
// uint8 condition. A result is exact when every implementation within the
// inputs' bounds decides the same way, and unbounded otherwise.
//
//===----------------------------------------------------------------------===//

#include "ErrorModel.h"
#include "Reference.h"

#include <cmath>

namespace wnn::fuzz {
namespace {

/// A float32 operand's value as the implementation holds it when exact.
double held(const RefTensor &t, size_t i) {
  double v = t.value[i];
  return isFloatType(t.desc.dataType) ? double(float(v)) : v;
}

void requireUint8(const RefTensor &t, const OpArgs &args, const char *role) {
  if (t.desc.dataType != DataType::Uint8)
    referenceError(args.name() + ": " + role + " must be uint8");
}

/// How a comparison decides on the difference d = a - b.
enum class Relation {
  Equal,
  NotEqual,
  Greater,
  GreaterOrEqual,
  Lesser,
  LesserOrEqual
};

bool holds(Relation relation, double a, double b) {
  switch (relation) {
  case Relation::Equal:
    return a == b;
  case Relation::NotEqual:
    return a != b;
  case Relation::Greater:
    return a > b;
  case Relation::GreaterOrEqual:
    return a >= b;
  case Relation::Lesser:
    return a < b;
  case Relation::LesserOrEqual:
    return a <= b;
  }
  return false;
}

/// 0 or 1, and whether every implementation within the bounds agrees:
/// each relation is monotone in a and in b, so the corners of the input
/// box decide, except equality, which only exact operands or disjoint
/// intervals settle.
Approx compareAt(Relation relation, double a, double ea, double b, double eb) {
  double result = holds(relation, a, b) ? 1 : 0;
  if (ea == 0 && eb == 0)
    return {result, 0};
  if (!std::isfinite(ea) || !std::isfinite(eb))
    return {result, kInfinity};
  bool agree = true;
  if (relation == Relation::Equal || relation == Relation::NotEqual)
    agree = a + ea < b - eb || b + eb < a - ea;
  else
    for (double ca : {a - ea, a + ea})
      for (double cb : {b - eb, b + eb})
        agree = agree && holds(relation, ca, cb) == (result == 1);
  return {result, agree ? 0 : kInfinity};
}

RefTensor compare(const OpArgs &args, Relation relation) {
  const RefTensor &a = args.operand(0);
  const RefTensor &b = args.operand(1);
  if (a.desc.dataType != b.desc.dataType)
    referenceError(args.name() + ": operand types differ");
  std::vector<int64_t> shape = broadcastShapes(a.desc.shape, b.desc.shape);
  std::vector<int64_t> mapA = broadcastIndexMap(a.desc.shape, shape);
  std::vector<int64_t> mapB = broadcastIndexMap(b.desc.shape, shape);
  RefTensor y({DataType::Uint8, shape});
  for (size_t i = 0; i < y.size(); ++i) {
    size_t ia = size_t(mapA[i]), ib = size_t(mapB[i]);
    Approx r =
        compareAt(relation, held(a, ia), a.bound[ia], held(b, ib), b.bound[ib]);
    y.value[i] = r.v;
    y.bound[i] = r.e;
  }
  return y;
}

RefTensor logicalNot(const OpArgs &args) {
  const RefTensor &x = args.operand(0);
  requireUint8(x, args, "input");
  RefTensor y(x.desc);
  for (size_t i = 0; i < x.size(); ++i) {
    y.value[i] = x.value[i] == 0 ? 1 : 0;
    y.bound[i] = x.bound[i] == 0 ? 0 : kInfinity;
  }
  return y;
}

RefTensor logicalBinary(const OpArgs &args,
                        const std::function<bool(bool, bool)> &f) {
  const RefTensor &a = args.operand(0);
  const RefTensor &b = args.operand(1);
  requireUint8(a, args, "a");
  requireUint8(b, args, "b");
  std::vector<int64_t> shape = broadcastShapes(a.desc.shape, b.desc.shape);
  std::vector<int64_t> mapA = broadcastIndexMap(a.desc.shape, shape);
  std::vector<int64_t> mapB = broadcastIndexMap(b.desc.shape, shape);
  RefTensor y({DataType::Uint8, shape});
  for (size_t i = 0; i < y.size(); ++i) {
    size_t ia = size_t(mapA[i]), ib = size_t(mapB[i]);
    y.value[i] = f(a.value[ia] != 0, b.value[ib] != 0) ? 1 : 0;
    y.bound[i] = a.bound[ia] == 0 && b.bound[ib] == 0 ? 0 : kInfinity;
  }
  return y;
}

/// isNaN and isInfinite: a finite bound keeps an implementation's value
/// finite, so only the exact special values can answer 1.
RefTensor classify(const OpArgs &args, bool (*test)(double)) {
  const RefTensor &x = args.operand(0);
  if (!isFloatType(x.desc.dataType))
    referenceError(args.name() + " needs a float32 input");
  RefTensor y({DataType::Uint8, x.desc.shape});
  for (size_t i = 0; i < x.size(); ++i) {
    y.value[i] = test(x.value[i]) ? 1 : 0;
    y.bound[i] = std::isfinite(x.bound[i]) ? 0 : kInfinity;
  }
  return y;
}

RefTensor where(const OpArgs &args) {
  const RefTensor &condition = args.operand(0);
  const RefTensor &onTrue = args.operand(1);
  const RefTensor &onFalse = args.operand(2);
  requireUint8(condition, args, "condition");
  if (onTrue.desc.dataType != onFalse.desc.dataType)
    referenceError("where: trueValue and falseValue types differ");
  std::vector<int64_t> shape =
      broadcastShapes(broadcastShapes(condition.desc.shape, onTrue.desc.shape),
                      onFalse.desc.shape);
  std::vector<int64_t> mapC = broadcastIndexMap(condition.desc.shape, shape);
  std::vector<int64_t> mapT = broadcastIndexMap(onTrue.desc.shape, shape);
  std::vector<int64_t> mapF = broadcastIndexMap(onFalse.desc.shape, shape);
  RefTensor y({onTrue.desc.dataType, shape});
  for (size_t i = 0; i < y.size(); ++i) {
    size_t ic = size_t(mapC[i]);
    const RefTensor &chosen = condition.value[ic] != 0 ? onTrue : onFalse;
    size_t source = size_t(condition.value[ic] != 0 ? mapT[i] : mapF[i]);
    y.value[i] = chosen.value[source];
    y.bound[i] = condition.bound[ic] == 0 ? chosen.bound[source] : kInfinity;
  }
  return y;
}

} // namespace

void addLogicalHandlers(HandlerTable &table) {
  for (auto [name, relation] :
       std::initializer_list<std::pair<const char *, Relation>>{
           {"equal", Relation::Equal},
           {"notEqual", Relation::NotEqual},
           {"greater", Relation::Greater},
           {"greaterOrEqual", Relation::GreaterOrEqual},
           {"lesser", Relation::Lesser},
           {"lesserOrEqual", Relation::LesserOrEqual}}) {
    Relation r = relation;
    table[name] = [r](const OpArgs &args) {
      return std::vector<RefTensor>{compare(args, r)};
    };
  }
  table["logicalNot"] = [](const OpArgs &args) {
    return std::vector<RefTensor>{logicalNot(args)};
  };
  table["logicalAnd"] = [](const OpArgs &args) {
    return std::vector<RefTensor>{
        logicalBinary(args, [](bool a, bool b) { return a && b; })};
  };
  table["logicalOr"] = [](const OpArgs &args) {
    return std::vector<RefTensor>{
        logicalBinary(args, [](bool a, bool b) { return a || b; })};
  };
  table["logicalXor"] = [](const OpArgs &args) {
    return std::vector<RefTensor>{
        logicalBinary(args, [](bool a, bool b) { return a != b; })};
  };
  table["isNaN"] = [](const OpArgs &args) {
    return std::vector<RefTensor>{
        classify(args, [](double v) { return std::isnan(v); })};
  };
  table["isInfinite"] = [](const OpArgs &args) {
    return std::vector<RefTensor>{
        classify(args, [](double v) { return std::isinf(v); })};
  };
  table["where"] = [](const OpArgs &args) {
    return std::vector<RefTensor>{where(args)};
  };
}

} // namespace wnn::fuzz
