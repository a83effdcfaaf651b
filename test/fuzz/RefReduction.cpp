//===- RefReduction.cpp - Reference: reductions ---------------------------===//

#include "ErrorModel.h"
#include "Reference.h"

#include <algorithm>
#include <cmath>

namespace wnn::fuzz {
namespace {

enum class ReduceKind { Sum, Mean, Max, Min };

RefTensor reduce(const OpArgs &args, ReduceKind kind) {
  const RefTensor &x = args.operand(0);
  bool isFloat = isFloatType(x.desc.dataType);
  if (kind == ReduceKind::Mean && !isFloat)
    referenceError("reduceMean needs float32");
  const std::vector<int64_t> &shape = x.desc.shape;
  std::vector<int64_t> axes;
  if (std::optional<std::vector<int64_t>> given = args.integers("axes"))
    axes = *given;
  else
    for (size_t d = 0; d < shape.size(); ++d)
      axes.push_back(int64_t(d));
  checkAxes(axes, shape.size(), "reduction axes");
  bool keep = args.boolean("keepDimensions", false);
  std::vector<bool> reduced(shape.size(), false);
  for (int64_t axis : axes)
    reduced[size_t(axis)] = true;
  std::vector<int64_t> outShape;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (!reduced[d])
      outShape.push_back(shape[d]);
    else if (keep)
      outShape.push_back(1);
  }
  RefTensor y({x.desc.dataType, outShape});
  size_t groups = y.size();
  std::vector<double> sum(groups, 0), magnitude(groups, 0), error(groups, 0);
  std::vector<double> best(groups,
                           kind == ReduceKind::Min ? kInfinity : -kInfinity);
  std::vector<double> worstError(groups, 0);
  std::vector<int64_t> index(shape.size(), 0);
  for (size_t i = 0; i < x.size(); ++i) {
    size_t g = 0;
    for (size_t d = 0; d < shape.size(); ++d)
      if (!reduced[d])
        g = g * size_t(shape[d]) + size_t(index[d]);
    double v = x.value[i];
    sum[g] += v;
    magnitude[g] += std::fabs(v);
    error[g] += x.bound[i];
    best[g] =
        kind == ReduceKind::Min ? std::min(best[g], v) : std::max(best[g], v);
    worstError[g] = std::max(worstError[g], x.bound[i]);
    for (size_t d = shape.size(); d-- > 0;) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  double n = double(x.size()) / double(std::max<size_t>(groups, 1));
  for (size_t g = 0; g < groups; ++g) {
    switch (kind) {
    case ReduceKind::Sum:
      y.value[g] = sum[g];
      y.bound[g] = error[g] + (isFloat ? gammaOf(n + 1) * magnitude[g] : 0);
      break;
    case ReduceKind::Mean:
      y.value[g] = sum[g] / n;
      y.bound[g] = (error[g] + gammaOf(n + 2) * magnitude[g]) / n;
      break;
    case ReduceKind::Max:
    case ReduceKind::Min:
      y.value[g] = best[g];
      y.bound[g] = worstError[g];
      break;
    }
  }
  return y;
}

/// argMin / argMax along one axis: the index of the first extreme element.
/// When another element's interval reaches the extreme one's (a tie, or
/// values closer than their error bounds), a correct implementation may
/// return either index: the result gets a nonzero bound, which the
/// generator's health check rejects, so only unambiguous indices are
/// compared.
RefTensor argExtreme(const OpArgs &args, bool isMax) {
  const RefTensor &x = args.operand(0);
  const std::vector<int64_t> &shape = x.desc.shape;
  int64_t rank = int64_t(shape.size());
  int64_t axis = args.integer(1);
  if (axis < 0 || axis >= rank)
    referenceError(args.name() + ": axis " + std::to_string(axis) +
                   " is out of range");
  bool keep = args.boolean("keepDimensions", false);
  std::optional<DataType> type =
      parseDataType(args.string("outputDataType", "int32"));
  if (!type || (*type != DataType::Int32 && *type != DataType::Int64))
    referenceError(args.name() + ": outputDataType must be int32 or int64");
  std::vector<int64_t> outShape;
  for (int64_t d = 0; d < rank; ++d) {
    if (d != axis)
      outShape.push_back(shape[size_t(d)]);
    else if (keep)
      outShape.push_back(1);
  }
  RefTensor y({*type, outShape});
  int64_t inner = 1;
  for (int64_t d = axis + 1; d < rank; ++d)
    inner *= shape[size_t(d)];
  int64_t length = shape[size_t(axis)];
  int64_t outer = int64_t(x.size()) / std::max<int64_t>(length * inner, 1);
  double sign = isMax ? 1 : -1;
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      auto at = [&](int64_t k) { return size_t((o * length + k) * inner + i); };
      int64_t best = 0;
      for (int64_t k = 1; k < length; ++k)
        if (sign * x.value[at(k)] > sign * x.value[at(best)])
          best = k;
      double low = sign * x.value[at(best)] - x.bound[at(best)];
      bool ambiguous = false;
      for (int64_t k = 0; k < length; ++k)
        if (k != best && sign * x.value[at(k)] + x.bound[at(k)] >= low)
          ambiguous = true;
      size_t out = size_t(o * inner + i);
      y.value[out] = double(best);
      y.bound[out] = ambiguous ? 1 : 0;
    }
  }
  return y;
}

} // namespace

void addReductionHandlers(HandlerTable &table) {
  table["argMax"] = [](const OpArgs &args) {
    return std::vector<RefTensor>{argExtreme(args, true)};
  };
  table["argMin"] = [](const OpArgs &args) {
    return std::vector<RefTensor>{argExtreme(args, false)};
  };
  for (auto [name, kind] : std::vector<std::pair<const char *, ReduceKind>>{
           {"reduceSum", ReduceKind::Sum},
           {"reduceMean", ReduceKind::Mean},
           {"reduceMax", ReduceKind::Max},
           {"reduceMin", ReduceKind::Min}}) {
    ReduceKind k = kind;
    table[name] = [k](const OpArgs &args) {
      return std::vector<RefTensor>{reduce(args, k)};
    };
  }
}

} // namespace wnn::fuzz
