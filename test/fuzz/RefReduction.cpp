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

} // namespace

void addReductionHandlers(HandlerTable &table) {
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
