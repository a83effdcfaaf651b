//===- RefElementwise.cpp - Reference: element-wise ops and activations ---===//

#include "ErrorModel.h"
#include "Reference.h"

#include <algorithm>
#include <cmath>

namespace wnn::fuzz {
namespace {

constexpr double kPi = 3.14159265358979323846;

/// How a float32 implementation of a unary function may err.
struct UnaryModel {
  std::function<double(double)> f;
  /// Local error relative to the result, in units of u.
  double relUnits = 0;
  /// Absolute local error in units of u, times absScale(x) (1 if unset).
  double absUnits = 0;
  std::function<double(double)> absScale;
  /// Points where f changes direction; between them f is monotone.
  std::vector<double> turningPoints;
  /// sin, cos, tan: turning points (and tan's poles) at multiples of pi/2.
  bool quarterPeriods = false;
  /// Whether f is continuous on [lo, hi]; unset means everywhere.
  std::function<bool(double, double)> continuousOn;
};

/// max |f(x') - f(x)| over |x' - x| <= e: f is monotone between the
/// interval's ends and its turning points, so those are the only
/// candidates.
double imageDeviation(const UnaryModel &m, double x, double e, double y) {
  if (e == 0)
    return 0;
  if (!std::isfinite(e))
    return kInfinity;
  double lo = x - e, hi = x + e;
  if (m.continuousOn && !m.continuousOn(lo, hi))
    return kInfinity;
  double deviation = std::max(std::fabs(m.f(lo) - y), std::fabs(m.f(hi) - y));
  for (double point : m.turningPoints)
    if (lo < point && point < hi)
      deviation = std::max(deviation, std::fabs(m.f(point) - y));
  if (m.quarterPeriods) {
    if (hi - lo > 16)
      return kInfinity;
    for (double k = std::ceil(lo / (kPi / 2)); k * (kPi / 2) < hi; ++k)
      deviation = std::max(deviation, std::fabs(m.f(k * (kPi / 2)) - y));
  }
  return std::isnan(deviation) ? kInfinity : deviation;
}

RefTensor mapUnary(const RefTensor &x, const UnaryModel &m) {
  RefTensor y(x.desc);
  bool isFloat = isFloatType(x.desc.dataType);
  for (size_t i = 0; i < x.size(); ++i) {
    double xv = x.value[i];
    double yv = m.f(xv);
    double deviation = imageDeviation(m, xv, x.bound[i], yv);
    double local = 0;
    if (isFloat)
      local = m.relUnits * kUnitRoundoff * (std::fabs(yv) + deviation) +
              m.absUnits * kUnitRoundoff * (m.absScale ? m.absScale(xv) : 1.0);
    y.value[i] = yv;
    y.bound[i] = deviation + local;
  }
  return y;
}

void requireFloat(const RefTensor &x, const OpArgs &args) {
  if (!isFloatType(x.desc.dataType))
    referenceError(args.name() + " needs a float32 input");
}

/// A float32 constant as the implementation holds it.
double asFloat32(double value) { return double(float(value)); }

bool notContaining(double lo, double hi, double point) {
  return !(lo <= point && point <= hi);
}

/// A model with the given local error allowances (units of u).
UnaryModel model(std::function<double(double)> f, double relUnits = 0,
                 double absUnits = 0) {
  UnaryModel m;
  m.f = std::move(f);
  m.relUnits = relUnits;
  m.absUnits = absUnits;
  return m;
}

/// Unary ops without options: name, float-only, model.
struct UnaryEntry {
  const char *name;
  bool floatOnly;
  UnaryModel model;
};

std::vector<UnaryEntry> plainUnaryOps() {
  auto magnitude = [](double x) { return std::fabs(x); };
  auto atLeastOne = [](double x) { return std::max(1.0, std::fabs(x)); };
  std::vector<UnaryEntry> ops;
  auto add = [&](const char *name, bool floatOnly, UnaryModel m) {
    ops.push_back({name, floatOnly, std::move(m)});
    return &ops.back().model;
  };
  add("abs", false, model([](double x) { return std::fabs(x); }))
      ->turningPoints = {0};
  add("neg", false, model([](double x) { return -x; }));
  add("identity", false, model([](double x) { return x; }));
  add("relu", false, model([](double x) { return std::max(x, 0.0); }));
  add("ceil", true, model([](double x) { return std::ceil(x); }));
  add("floor", true, model([](double x) { return std::floor(x); }));
  // Ties to even: the default rounding mode of nearbyint.
  add("roundEven", true, model([](double x) { return std::nearbyint(x); }));
  add("sign", false, model([](double x) { return double((x > 0) - (x < 0)); }));
  add("exp", true, model([](double x) { return std::exp(x); }, 64));
  add("log", true, model([](double x) { return std::log(x); }, 16, 16))
      ->continuousOn = [](double lo, double) { return lo > 0; };
  add("sqrt", true, model([](double x) { return std::sqrt(x); }, 2))
      ->continuousOn = [](double lo, double) { return lo >= 0; };
  add("reciprocal", true, model([](double x) { return 1 / x; }, 4))
      ->continuousOn = [](double lo, double hi) {
    return notContaining(lo, hi, 0);
  };
  for (const char *name : {"sin", "cos", "tan"}) {
    std::string n = name;
    UnaryModel *m;
    if (n == "sin")
      m = add(name, true, model([](double x) { return std::sin(x); }, 16, 16));
    else if (n == "cos")
      m = add(name, true, model([](double x) { return std::cos(x); }, 16, 16));
    else
      m = add(name, true, model([](double x) { return std::tan(x); }, 16, 16));
    m->absScale = atLeastOne;
    m->quarterPeriods = true;
    if (n == "tan")
      m->continuousOn = [](double lo, double hi) {
        return std::floor((lo - kPi / 2) / kPi) ==
               std::floor((hi - kPi / 2) / kPi);
      };
  }
  add("erf", true, model([](double x) { return std::erf(x); }, 16, 16));
  add("tanh", true, model([](double x) { return std::tanh(x); }, 16, 16));
  add("sigmoid", true,
      model([](double x) { return 1 / (1 + std::exp(-x)); }, 68, 16));
  UnaryModel *gelu = add(
      "gelu", true,
      model(
          [](double x) { return 0.5 * x * (1 + std::erf(x / std::sqrt(2.0))); },
          36, 16));
  gelu->absScale = magnitude;
  gelu->turningPoints = {-0.751791524693564457};
  UnaryModel *hardSwish = add(
      "hardSwish", true,
      model(
          [](double x) { return x * std::min(std::max(x + 3, 0.0), 6.0) / 6; },
          8, 8));
  hardSwish->absScale = magnitude;
  hardSwish->turningPoints = {-3, -1.5, 3};
  add("softplus", true,
      model(
          [](double x) {
            return x > 0 ? x + std::log1p(std::exp(-x))
                         : std::log1p(std::exp(x));
          },
          36, 16));
  add("softsign", true,
      model([](double x) { return x / (1 + std::fabs(x)); }, 6));
  return ops;
}

/// Unary ops with an options dictionary; the model depends on it.
UnaryModel optionModel(const OpArgs &args) {
  const std::string &name = args.name();
  UnaryModel m;
  if (name == "elu") {
    double alpha = asFloat32(args.number("alpha", 1.0));
    m.f = [alpha](double x) { return x >= 0 ? x : alpha * std::expm1(x); };
    m.relUnits = 36;
    m.absUnits = 16 * std::max(1.0, std::fabs(alpha));
    m.turningPoints = {0};
  } else if (name == "leakyRelu") {
    double alpha = asFloat32(args.number("alpha", 0.01));
    m.f = [alpha](double x) { return x >= 0 ? x : alpha * x; };
    m.relUnits = 2;
    m.turningPoints = {0};
  } else if (name == "linear" || name == "hardSigmoid") {
    bool hard = name == "hardSigmoid";
    double alpha = asFloat32(args.number("alpha", hard ? 0.2 : 1.0));
    double beta = asFloat32(args.number("beta", hard ? 0.5 : 0.0));
    if (hard)
      m.f = [alpha, beta](double x) {
        return std::max(0.0, std::min(1.0, alpha * x + beta));
      };
    else
      m.f = [alpha, beta](double x) { return alpha * x + beta; };
    m.relUnits = 2;
    m.absUnits = 4;
    m.absScale = [alpha, beta](double x) {
      return std::fabs(alpha * x) + std::fabs(beta);
    };
  } else if (name == "clamp") {
    const RefTensor &x = args.operand(0);
    bool isFloat = isFloatType(x.desc.dataType);
    double lo = args.number("minValue", -kInfinity);
    double hi = args.number("maxValue", kInfinity);
    if (isFloat)
      lo = asFloat32(lo), hi = asFloat32(hi);
    if (std::isnan(lo) || std::isnan(hi) || lo > hi)
      referenceError("clamp: invalid minValue/maxValue");
    m.f = [lo, hi](double x) { return std::min(std::max(x, lo), hi); };
  }
  return m;
}

//===----------------------------------------------------------------------===//
// Binary
//===----------------------------------------------------------------------===//

using BinaryFn = std::function<Approx(Approx, Approx)>;

/// Evaluates f(a, b) with broadcasting.
RefTensor mapBinary(const RefTensor &a, const RefTensor &b, const BinaryFn &f,
                    const OpArgs &args) {
  if (a.desc.dataType != b.desc.dataType)
    referenceError(args.name() + ": operand types differ");
  std::vector<int64_t> shape = broadcastShapes(a.desc.shape, b.desc.shape);
  std::vector<int64_t> mapA = broadcastIndexMap(a.desc.shape, shape);
  std::vector<int64_t> mapB = broadcastIndexMap(b.desc.shape, shape);
  RefTensor y({a.desc.dataType, shape});
  for (size_t i = 0; i < y.size(); ++i) {
    size_t ia = size_t(mapA[i]), ib = size_t(mapB[i]);
    Approx r = f({a.value[ia], a.bound[ia]}, {b.value[ib], b.bound[ib]});
    y.value[i] = r.v;
    y.bound[i] = std::isnan(r.e) ? kInfinity : r.e;
  }
  return y;
}

/// max |f(a', b') - f(a, b)| over the corners of the input box and the
/// turning points of f in a (f monotone in each argument between them).
double boxDeviation(const std::function<double(double, double)> &f, Approx a,
                    Approx b, double y, const std::vector<double> &turnsOfA) {
  if (a.e == 0 && b.e == 0)
    return 0;
  std::vector<double> as{a.v - a.e, a.v, a.v + a.e};
  for (double t : turnsOfA)
    if (a.v - a.e < t && t < a.v + a.e)
      as.push_back(t);
  double deviation = 0;
  for (double ca : as)
    for (double cb : {b.v - b.e, b.v, b.v + b.e})
      deviation = std::max(deviation, std::fabs(f(ca, cb) - y));
  return std::isnan(deviation) ? kInfinity : deviation;
}

Approx floatPow(Approx a, Approx b) {
  double y = std::pow(a.v, b.v);
  double lo = a.v - a.e;
  bool integralExponent = b.e == 0 && std::trunc(b.v) == b.v;
  // Negative bases are defined for exact integral exponents only, and zero
  // is a pole of negative exponents.
  if ((lo <= 0 && !integralExponent && a.e > 0) ||
      (lo <= 0 && a.v + a.e >= 0 && b.v - b.e < 0 && a.e > 0))
    return {y, kInfinity};
  double deviation = boxDeviation(
      [](double x, double e) { return std::pow(x, e); }, a, b, y, {0});
  return rounded(y, deviation, 64);
}

Approx integerPow(Approx a, Approx b) {
  if (b.v < 0)
    referenceError("pow: negative integer exponent");
  double y = 1;
  for (int64_t i = 0; i < int64_t(b.v); ++i)
    y *= a.v;
  return {y, a.e == 0 && b.e == 0 ? 0 : kInfinity};
}

Approx integerDiv(Approx a, Approx b) {
  if (b.v == 0)
    referenceError("div: integer division by zero");
  return {std::trunc(a.v / b.v), a.e == 0 && b.e == 0 ? 0 : kInfinity};
}

Approx preluAt(Approx x, Approx slope, bool isFloat) {
  auto f = [](double v, double s) { return v >= 0 ? v : s * v; };
  double y = f(x.v, slope.v);
  double deviation = boxDeviation(f, x, slope, y, {0});
  return rounded(y, deviation, isFloat ? kBasicUnits : 0);
}

//===----------------------------------------------------------------------===//
// Cast
//===----------------------------------------------------------------------===//

/// Wraps an integer into `type` as two's complement truncation does.
double wrapInteger(double v, DataType type) {
  auto wrap = [&](double modulus, bool isSigned) {
    double r = std::fmod(v, modulus);
    if (r < 0)
      r += modulus;
    if (isSigned && r >= modulus / 2)
      r -= modulus;
    return r;
  };
  switch (type) {
  case DataType::Int32:
    return wrap(0x1p32, true);
  case DataType::Uint32:
    return wrap(0x1p32, false);
  case DataType::Int8:
    return wrap(256, true);
  case DataType::Uint8:
    return wrap(256, false);
  default:
    return v;
  }
}

void integerLimits(DataType type, double &lo, double &hi) {
  switch (type) {
  case DataType::Int32:
    lo = -0x1p31, hi = 0x1p31 - 1;
    return;
  case DataType::Uint32:
    lo = 0, hi = 0x1p32 - 1;
    return;
  case DataType::Int8:
    lo = -128, hi = 127;
    return;
  case DataType::Uint8:
    lo = 0, hi = 255;
    return;
  case DataType::Int64:
    lo = -0x1p63, hi = 0x1p63;
    return;
  default:
    referenceError(std::string("cast to ") + dataTypeName(type) +
                   " is not supported");
  }
}

RefTensor cast(const OpArgs &args) {
  const RefTensor &x = args.operand(0);
  std::optional<DataType> target = parseDataType(args.string(1));
  if (!target)
    referenceError("cast: unknown data type");
  RefTensor y({*target, x.desc.shape});
  bool fromFloat = isFloatType(x.desc.dataType);
  if (isFloatType(*target)) {
    for (size_t i = 0; i < x.size(); ++i) {
      y.value[i] = x.value[i];
      // Integers beyond 2^24 round to float32.
      double local =
          !fromFloat && std::fabs(x.value[i]) > 0x1p24 ? ulp32(x.value[i]) : 0;
      y.bound[i] = x.bound[i] + local;
    }
    return y;
  }
  if (fromFloat) {
    // Truncation toward zero, saturating, NaN to 0: monotone, so the
    // interval's ends bound it.
    double lo, hi;
    integerLimits(*target, lo, hi);
    UnaryModel m;
    m.f = [lo, hi](double v) {
      return std::isnan(v) ? 0.0 : std::min(std::max(std::trunc(v), lo), hi);
    };
    RefTensor t = mapUnary(x, m);
    t.desc.dataType = *target;
    return t;
  }
  for (size_t i = 0; i < x.size(); ++i) {
    y.value[i] = wrapInteger(x.value[i], *target);
    y.bound[i] = x.bound[i] == 0 ? 0 : kInfinity;
  }
  return y;
}

} // namespace

void addElementwiseHandlers(HandlerTable &table) {
  for (UnaryEntry &entry : plainUnaryOps()) {
    bool floatOnly = entry.floatOnly;
    UnaryModel model = std::move(entry.model);
    table[entry.name] = [floatOnly, model](const OpArgs &args) {
      const RefTensor &x = args.operand(0);
      if (floatOnly)
        requireFloat(x, args);
      return std::vector<RefTensor>{mapUnary(x, model)};
    };
  }
  for (const char *name :
       {"elu", "leakyRelu", "linear", "hardSigmoid", "clamp"}) {
    bool anyType = std::string(name) == "clamp";
    table[name] = [anyType](const OpArgs &args) {
      const RefTensor &x = args.operand(0);
      if (!anyType)
        requireFloat(x, args);
      return std::vector<RefTensor>{mapUnary(x, optionModel(args))};
    };
  }

  auto binary = [&](const char *name, BinaryFn floatFn, BinaryFn intFn) {
    table[name] = [floatFn, intFn](const OpArgs &args) {
      const RefTensor &a = args.operand(0);
      const RefTensor &b = args.operand(1);
      bool isFloat = isFloatType(a.desc.dataType);
      return std::vector<RefTensor>{
          mapBinary(a, b, isFloat ? floatFn : intFn, args)};
    };
  };
  auto exact = [](auto fn) {
    return [fn](Approx a, Approx b) { return fn(a, b, 0.0); };
  };
  auto maxFn = [](Approx a, Approx b) {
    return Approx{std::max(a.v, b.v), std::max(a.e, b.e)};
  };
  auto minFn = [](Approx a, Approx b) {
    return Approx{std::min(a.v, b.v), std::max(a.e, b.e)};
  };
  binary(
      "add", [](Approx a, Approx b) { return approxAdd(a, b); },
      exact(approxAdd));
  binary(
      "sub", [](Approx a, Approx b) { return approxSub(a, b); },
      exact(approxSub));
  binary(
      "mul", [](Approx a, Approx b) { return approxMul(a, b); },
      exact(approxMul));
  binary(
      "div", [](Approx a, Approx b) { return approxDiv(a, b); }, integerDiv);
  binary("max", maxFn, maxFn);
  binary("min", minFn, minFn);
  binary("pow", floatPow, integerPow);

  table["prelu"] = [](const OpArgs &args) {
    const RefTensor &x = args.operand(0);
    const RefTensor &slope = args.operand(1);
    if (x.desc.dataType != slope.desc.dataType)
      referenceError("prelu: operand types differ");
    std::vector<int64_t> map =
        broadcastIndexMap(slope.desc.shape, x.desc.shape);
    bool isFloat = isFloatType(x.desc.dataType);
    RefTensor y(x.desc);
    for (size_t i = 0; i < x.size(); ++i) {
      size_t s = size_t(map[i]);
      Approx r = preluAt({x.value[i], x.bound[i]},
                         {slope.value[s], slope.bound[s]}, isFloat);
      y.value[i] = r.v;
      y.bound[i] = r.e;
    }
    return std::vector<RefTensor>{std::move(y)};
  };

  table["cast"] = [](const OpArgs &args) {
    return std::vector<RefTensor>{cast(args)};
  };
}

} // namespace wnn::fuzz
