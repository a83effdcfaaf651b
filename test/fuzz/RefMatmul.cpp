//===- RefMatmul.cpp - Reference: matmul and gemm -------------------------===//

#include "ErrorModel.h"
#include "Reference.h"

#include <cmath>

namespace wnn::fuzz {
namespace {

/// One dot product with its magnitude and propagated error.
struct Dot {
  double sum = 0, magnitude = 0, propagated = 0;

  void add(double a, double ae, double b, double be) {
    sum += a * b;
    magnitude += std::fabs(a * b);
    propagated += std::fabs(a) * be + std::fabs(b) * ae + ae * be;
  }
  double bound(int64_t terms) const {
    return propagated + gammaOf(double(terms + 1)) * magnitude;
  }
};

RefTensor matmul(const OpArgs &args) {
  const RefTensor &a = args.operand(0);
  const RefTensor &b = args.operand(1);
  if (!isFloatType(a.desc.dataType) || b.desc.dataType != a.desc.dataType)
    referenceError("matmul needs float32 operands");
  const std::vector<int64_t> &as = a.desc.shape, &bs = b.desc.shape;
  if (as.size() < 2 || bs.size() < 2)
    referenceError("matmul needs rank 2 or more");
  int64_t m = as[as.size() - 2], k = as.back();
  int64_t n = bs.back();
  if (bs[bs.size() - 2] != k)
    referenceError("matmul: inner dimensions differ");
  std::vector<int64_t> aBatch(as.begin(), as.end() - 2);
  std::vector<int64_t> bBatch(bs.begin(), bs.end() - 2);
  std::vector<int64_t> batch = broadcastShapes(aBatch, bBatch);
  std::vector<int64_t> aMap = broadcastIndexMap(aBatch, batch);
  std::vector<int64_t> bMap = broadcastIndexMap(bBatch, batch);
  std::vector<int64_t> shape = batch;
  shape.push_back(m);
  shape.push_back(n);
  RefTensor y({a.desc.dataType, shape});
  for (size_t p = 0; p < aMap.size(); ++p) {
    int64_t aBase = aMap[p] * m * k, bBase = bMap[p] * k * n;
    int64_t yBase = int64_t(p) * m * n;
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        Dot dot;
        for (int64_t t = 0; t < k; ++t) {
          size_t ai = size_t(aBase + i * k + t), bi = size_t(bBase + t * n + j);
          dot.add(a.value[ai], a.bound[ai], b.value[bi], b.bound[bi]);
        }
        size_t yi = size_t(yBase + i * n + j);
        y.value[yi] = dot.sum;
        y.bound[yi] = dot.bound(k);
      }
  }
  return y;
}

RefTensor gemm(const OpArgs &args) {
  const RefTensor &a = args.operand(0);
  const RefTensor &b = args.operand(1);
  if (!isFloatType(a.desc.dataType) || b.desc.dataType != a.desc.dataType ||
      a.desc.shape.size() != 2 || b.desc.shape.size() != 2)
    referenceError("gemm needs 2-D float32 operands");
  bool ta = args.boolean("aTranspose", false);
  bool tb = args.boolean("bTranspose", false);
  double alpha = double(float(args.number("alpha", 1.0)));
  double beta = double(float(args.number("beta", 1.0)));
  int64_t m = a.desc.shape[ta ? 1 : 0], k = a.desc.shape[ta ? 0 : 1];
  int64_t n = b.desc.shape[tb ? 0 : 1];
  if (b.desc.shape[tb ? 1 : 0] != k)
    referenceError("gemm: inner dimensions differ");
  const RefTensor *c = args.optionOperand("c");
  std::vector<int64_t> cMap;
  if (c) {
    if (c->desc.dataType != a.desc.dataType)
      referenceError("gemm: c has another type");
    cMap = broadcastIndexMap(c->desc.shape, {m, n});
  }
  RefTensor y({a.desc.dataType, {m, n}});
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      Dot dot;
      for (int64_t t = 0; t < k; ++t) {
        size_t ai = size_t(ta ? t * m + i : i * k + t);
        size_t bi = size_t(tb ? j * k + t : t * n + j);
        dot.add(a.value[ai], a.bound[ai], b.value[bi], b.bound[bi]);
      }
      // alpha * (a x b), scaled once, then beta * c added.
      Approx result = rounded(alpha * dot.sum, std::fabs(alpha) * dot.bound(k),
                              2 * kBasicUnits);
      if (c) {
        size_t ci = size_t(cMap[size_t(i * n + j)]);
        Approx scaledC =
            rounded(beta * c->value[ci], std::fabs(beta) * c->bound[ci],
                    2 * kBasicUnits);
        result = approxAdd(result, scaledC);
      }
      y.value[size_t(i * n + j)] = result.v;
      y.bound[size_t(i * n + j)] = result.e;
    }
  return y;
}

} // namespace

void addMatmulHandlers(HandlerTable &table) {
  table["matmul"] = [](const OpArgs &args) {
    return std::vector<RefTensor>{matmul(args)};
  };
  table["gemm"] = [](const OpArgs &args) {
    return std::vector<RefTensor>{gemm(args)};
  };
}

} // namespace wnn::fuzz
