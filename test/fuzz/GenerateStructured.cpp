//===- GenerateStructured.cpp - Random graphs: conv, pool, norm, matmul ---===//

#include "GeneratorImpl.h"

#include <algorithm>
#include <cmath>

namespace wnn::fuzz {
namespace {

bool isFloat(const RefTensor &t) { return isFloatType(t.desc.dataType); }

Accept floatOfRank(size_t rank) {
  return [rank](const RefTensor &t) {
    return isFloat(t) && t.desc.shape.size() == rank;
  };
}

struct ConvGeometry {
  bool nhwc = false;
  int64_t outChannels = 1, groups = 1;
  int64_t kernel[2] = {1, 1}, stride[2] = {1, 1}, dilation[2] = {1, 1};
  int64_t pad[4] = {0, 0, 0, 0};
};

/// Spatial output size, or 0 when the window does not fit.
int64_t outputSize(int64_t input, int64_t kernel, int64_t padBegin,
                   int64_t padEnd, int64_t stride, int64_t dilation) {
  int64_t span = input + padBegin + padEnd - ((kernel - 1) * dilation + 1);
  return span < 0 ? 0 : span / stride + 1;
}

/// Emits conv2d of `x` with `geo`; draws the filter layout, the bias, and
/// which default-valued options are spelled out.
std::optional<Name> emitConv(GraphGenerator &g, const Name &x,
                             const ConvGeometry &geo) {
  Random &rng = g.rng;
  const std::vector<int64_t> s = g.shapeOf(x);
  int64_t channels = geo.nhwc ? s[3] : s[1];
  int64_t height = geo.nhwc ? s[1] : s[2], width = geo.nhwc ? s[2] : s[3];
  int64_t oc = geo.outChannels, groups = geo.groups;
  if (groups < 1 || channels % groups || oc % groups)
    return std::nullopt;
  int64_t oh = outputSize(height, geo.kernel[0], geo.pad[0], geo.pad[1],
                          geo.stride[0], geo.dilation[0]);
  int64_t ow = outputSize(width, geo.kernel[1], geo.pad[2], geo.pad[3],
                          geo.stride[1], geo.dilation[1]);
  int64_t groupChannels = channels / groups;
  int64_t outElements = s[0] * oc * oh * ow;
  if (oh == 0 || ow == 0 || outElements > g.limits.maxElements ||
      outElements * groupChannels * geo.kernel[0] * geo.kernel[1] >
          g.limits.maxMacs)
    return std::nullopt;

  static const std::vector<std::string> layouts = {"oihw", "hwio", "ohwi",
                                                   "ihwo"};
  std::string layout = rng.pick(layouts);
  int64_t kh = geo.kernel[0], kw = geo.kernel[1];
  std::vector<int64_t> filterShape =
      layout == "oihw"   ? std::vector<int64_t>{oc, groupChannels, kh, kw}
      : layout == "hwio" ? std::vector<int64_t>{kh, kw, groupChannels, oc}
      : layout == "ohwi" ? std::vector<int64_t>{oc, kh, kw, groupChannels}
                         : std::vector<int64_t>{groupChannels, kh, kw, oc};
  // Variance-preserving weights keep activations near unit scale.
  double range = std::sqrt(3.0 / double(groupChannels * kh * kw));
  Name filter =
      rng.chance(0.08)
          ? g.input({DataType::Float32, filterShape},
                    g.uniformValues(elementCount(filterShape), -range, range))
          : g.uniformConstant("filter", filterShape, -range, range);

  Json options = Json::object();
  bool spellDefaults = rng.chance(0.2);
  if (spellDefaults || geo.pad[0] || geo.pad[1] || geo.pad[2] || geo.pad[3])
    options["padding"] =
        shapeJson({geo.pad[0], geo.pad[1], geo.pad[2], geo.pad[3]});
  if (spellDefaults || geo.stride[0] != 1 || geo.stride[1] != 1)
    options["strides"] = shapeJson({geo.stride[0], geo.stride[1]});
  if (spellDefaults || geo.dilation[0] != 1 || geo.dilation[1] != 1)
    options["dilations"] = shapeJson({geo.dilation[0], geo.dilation[1]});
  if (spellDefaults || groups != 1)
    options["groups"] = groups;
  if (spellDefaults || geo.nhwc)
    options["inputLayout"] = geo.nhwc ? "nhwc" : "nchw";
  if (spellDefaults || layout != "oihw")
    options["filterLayout"] = layout;
  if (rng.chance(0.5))
    options["bias"] = g.uniformConstant("bias", {oc}, -0.5, 0.5);
  Json arguments =
      Json::array({argument("input", x), argument("filter", filter)});
  if (!options.empty())
    arguments.push_back(argument("options", options));
  return g.emit("conv2d", arguments);
}

} // namespace

std::optional<Name> GraphGenerator::convolve(const Name &x, bool nhwc,
                                             int64_t outChannels,
                                             int64_t kernel, int64_t stride,
                                             int64_t groups, bool samePadding) {
  ConvGeometry geo;
  geo.nhwc = nhwc;
  geo.outChannels = outChannels;
  geo.groups = groups;
  geo.kernel[0] = geo.kernel[1] = kernel;
  geo.stride[0] = geo.stride[1] = stride;
  if (samePadding)
    for (int64_t &p : geo.pad)
      p = (kernel - 1) / 2;
  return emitConv(*this, x, geo);
}

bool GraphGenerator::conv2d() {
  std::optional<Name> x = pick(floatOfRank(4));
  if (!x)
    return false;
  const std::vector<int64_t> s = shapeOf(*x);
  ConvGeometry geo;
  geo.nhwc = rng.chance(0.5);
  int64_t channels = geo.nhwc ? s[3] : s[1];
  int64_t sizes[2] = {geo.nhwc ? s[1] : s[2], geo.nhwc ? s[2] : s[3]};
  double r = rng.unit();
  if (r < 0.6 || channels == 1) {
    geo.groups = 1;
  } else if (r < 0.85) {
    geo.groups = channels;
  } else {
    std::vector<int64_t> divisors;
    for (int64_t d = 2; d < channels; ++d)
      if (channels % d == 0)
        divisors.push_back(d);
    geo.groups = divisors.empty() ? 1 : rng.pick(divisors);
  }
  geo.kernel[0] = rng.pick<int64_t>({1, 1, 3, 3, 3, 5, 2});
  geo.kernel[1] =
      rng.chance(0.75) ? geo.kernel[0] : rng.pick<int64_t>({1, 3, 5, 2});
  geo.stride[0] = rng.pick<int64_t>({1, 1, 1, 2, 2, 3});
  geo.stride[1] = rng.chance(0.8) ? geo.stride[0] : rng.pick<int64_t>({1, 2});
  double padding = rng.unit();
  for (int i = 0; i < 2; ++i) {
    geo.dilation[i] = rng.chance(0.12) ? 2 : 1;
    int64_t span = (geo.kernel[i] - 1) * geo.dilation[i];
    if (padding < 0.45) {
      geo.pad[2 * i] = span / 2;
      geo.pad[2 * i + 1] = span - span / 2;
    } else if (padding >= 0.75) {
      geo.pad[2 * i] = rng.range(0, geo.kernel[i] - 1);
      geo.pad[2 * i + 1] = rng.range(0, geo.kernel[i] - 1);
    }
    // A window larger than the padded input: fall back to 1.
    if (span + 1 > sizes[i] + geo.pad[2 * i] + geo.pad[2 * i + 1]) {
      geo.kernel[i] = 1;
      geo.dilation[i] = 1;
    }
  }
  if (geo.groups == 1)
    geo.outChannels = rng.pick<int64_t>({channels, 2 * channels,
                                         std::max<int64_t>(1, channels / 2), 4,
                                         8, 16, 32, 3});
  else if (geo.groups == channels)
    geo.outChannels = channels * (rng.chance(0.8) ? 1 : 2);
  else
    geo.outChannels =
        geo.groups * rng.pick<int64_t>({1, 2, channels / geo.groups});
  std::optional<Name> y;
  for (int attempt = 0; attempt < 4 && !y; ++attempt) {
    y = emitConv(*this, *x, geo);
    // Too large: fewer output channels.
    if (!y && geo.outChannels / 2 >= geo.groups &&
        (geo.outChannels / 2) % geo.groups == 0)
      geo.outChannels /= 2;
  }
  if (!y)
    return false;
  // The tails oneDNN fuses as post-ops: activation, residual add,
  // activation.
  if (rng.chance(0.35))
    y = activate(*y).value_or(*y);
  if (rng.chance(0.2)) {
    std::vector<int64_t> shape = shapeOf(*y);
    Name conv = *y;
    std::optional<Name> residual = pick([&](const RefTensor &t) {
      return isFloat(t) && t.desc.shape == shape;
    });
    if (residual && *residual != conv) {
      std::optional<Name> sum = emit(
          "add", Json::array({argument("a", conv), argument("b", *residual)}));
      if (sum && rng.chance(0.5))
        activate(*sum);
    }
  }
  return true;
}

bool GraphGenerator::pool2d() {
  bool isMax = rng.chance(0.6);
  std::optional<Name> x;
  if (isMax && rng.chance(0.15))
    x = pick([](const RefTensor &t) {
      return isWideInteger(t) && t.desc.shape.size() == 4;
    });
  if (!x)
    x = pick(floatOfRank(4));
  if (!x)
    return false;
  const std::vector<int64_t> s = shapeOf(*x);
  bool nhwc = rng.chance(0.5);
  int64_t sizes[2] = {nhwc ? s[1] : s[2], nhwc ? s[2] : s[3]};
  Json options = Json::object();
  int64_t window[2] = {sizes[0], sizes[1]};
  bool global = rng.chance(0.15);
  if (!global) {
    window[0] = rng.range(1, std::min<int64_t>(5, sizes[0]));
    window[1] = rng.chance(0.7) ? std::min(window[0], sizes[1])
                                : rng.range(1, std::min<int64_t>(5, sizes[1]));
    options["windowDimensions"] = shapeJson({window[0], window[1]});
    int64_t stride = rng.pick<int64_t>({1, 2, 2, 3});
    if (stride != 1 || rng.chance(0.2))
      options["strides"] = shapeJson({stride, stride});
    if (rng.chance(0.1) && 2 * window[0] - 1 <= sizes[0] &&
        2 * window[1] - 1 <= sizes[1])
      options["dilations"] = shapeJson({2, 2});
    if (rng.chance(0.4))
      options["padding"] =
          shapeJson({rng.range(0, window[0] - 1), rng.range(0, window[0] - 1),
                     rng.range(0, window[1] - 1), rng.range(0, window[1] - 1)});
    double r = rng.unit();
    if (r < 0.3)
      options["roundingType"] = "ceil";
    else if (r < 0.4)
      options["roundingType"] = "floor";
  }
  if (nhwc || rng.chance(0.2))
    options["layout"] = nhwc ? "nhwc" : "nchw";
  if (!global && rng.chance(0.1)) {
    // Explicit output sizes, each the floor or the ceil size.
    std::vector<int64_t> pad(4, 0), stride{1, 1}, dilation{1, 1};
    if (options.contains("padding"))
      pad = options["padding"].get<std::vector<int64_t>>();
    if (options.contains("strides"))
      stride = options["strides"].get<std::vector<int64_t>>();
    if (options.contains("dilations"))
      dilation = options["dilations"].get<std::vector<int64_t>>();
    std::vector<int64_t> out(2);
    for (size_t i = 0; i < 2; ++i) {
      int64_t span = sizes[i] + pad[2 * i] + pad[2 * i + 1] -
                     ((window[i] - 1) * dilation[i] + 1);
      if (span < 0)
        return false;
      out[i] = rng.chance(0.5) ? span / stride[i] + 1
                               : (span + stride[i] - 1) / stride[i] + 1;
    }
    options["outputSizes"] = shapeJson(out);
  }
  return bool(emitUnary(isMax ? "maxPool2d" : "averagePool2d", *x, options));
}

bool GraphGenerator::normalization() {
  double r = rng.unit();
  Json options = Json::object();
  if (rng.chance(0.5))
    options["epsilon"] = rng.pick<double>({1e-3, 1e-5, 0.01});
  auto scaleAndBias = [&](const std::vector<int64_t> &shape) {
    if (rng.chance(0.6))
      options["scale"] = uniformConstant("scale", shape, 0.5, 1.5);
    if (rng.chance(0.6))
      options["bias"] = uniformConstant("bias", shape, -0.5, 0.5);
  };
  if (r < 0.4) {
    std::optional<Name> x = pick(
        [](const RefTensor &t) { return isFloat(t) && !t.desc.shape.empty(); });
    if (!x)
      return false;
    const std::vector<int64_t> s = shapeOf(*x);
    int64_t axis = s.size() == 4 && rng.chance(0.6) ? 1
                   : s.size() == 4 && rng.chance(0.6)
                       ? 3
                       : rng.range(0, int64_t(s.size()) - 1);
    if (s.size() < 2)
      axis = 0;
    std::vector<int64_t> paramShape{s[size_t(axis)]};
    Name mean = uniformConstant("mean", paramShape, -0.5, 0.5);
    Name variance = uniformConstant("variance", paramShape, 0.5, 2);
    scaleAndBias(paramShape);
    if (axis != 1 || rng.chance(0.3))
      options["axis"] = axis;
    return bool(emit("batchNormalization",
                     Json::array({argument("input", *x), argument("mean", mean),
                                  argument("variance", variance),
                                  argument("options", options)})));
  }
  if (r < 0.65) {
    std::optional<Name> x = pick(floatOfRank(4));
    if (!x)
      return false;
    bool nhwc = rng.chance(0.5);
    const std::vector<int64_t> s = shapeOf(*x);
    scaleAndBias({nhwc ? s[3] : s[1]});
    if (nhwc || rng.chance(0.2))
      options["layout"] = nhwc ? "nhwc" : "nchw";
    return bool(emitUnary("instanceNormalization", *x, options));
  }
  std::optional<Name> x = pick([](const RefTensor &t) {
    return isFloat(t) && t.desc.shape.size() >= 2;
  });
  if (!x)
    return false;
  const std::vector<int64_t> s = shapeOf(*x);
  int64_t rank = int64_t(s.size());
  std::vector<int64_t> axes;
  double a = rng.unit();
  if (a < 0.35) {
    for (int64_t d = 1; d < rank; ++d)
      axes.push_back(d);
  } else if (a < 0.75) {
    for (int64_t d = rng.range(0, rank - 1); d < rank; ++d)
      axes.push_back(d);
    options["axes"] = shapeJson(axes);
  } else {
    for (int64_t d = 0; d < rank; ++d)
      if (rng.chance(0.5))
        axes.push_back(d);
    if (axes.empty())
      axes.push_back(rank - 1);
    if (rng.chance(0.3))
      rng.shuffle(axes);
    options["axes"] = shapeJson(axes);
  }
  std::vector<int64_t> paramShape;
  for (int64_t axis : axes)
    paramShape.push_back(s[size_t(axis)]);
  scaleAndBias(paramShape);
  return bool(emitUnary("layerNormalization", *x, options));
}

bool GraphGenerator::softmax() {
  std::optional<Name> x = pick(
      [](const RefTensor &t) { return isFloat(t) && !t.desc.shape.empty(); });
  if (!x)
    return false;
  int64_t rank = int64_t(shapeOf(*x).size());
  Json arguments = Json::array({argument("input", *x)});
  // The legacy 2-D form without an axis is softmax along axis 1.
  if (rank != 2 || rng.chance(0.9))
    arguments.push_back(
        argument("axis", rng.chance(0.5) ? rank - 1 : rng.range(0, rank - 1)));
  return bool(emit("softmax", arguments));
}

bool GraphGenerator::matmul() {
  std::optional<Name> a = pick([](const RefTensor &t) {
    return isFloat(t) && t.desc.shape.size() >= 2 && t.desc.shape.size() <= 4 &&
           t.desc.shape.back() <= 1024;
  });
  if (!a)
    return false;
  const std::vector<int64_t> s = shapeOf(*a);
  int64_t k = s.back(), m = s[s.size() - 2];
  int64_t batch = elementCount(s) / (m * k);
  double range = std::sqrt(3.0 / double(k));
  std::optional<Name> b;
  double r = rng.unit();
  if (r >= 0.8) {
    // b from the graph: rows matching a's columns, batch broadcastable.
    b = pick([&](const RefTensor &t) {
      const std::vector<int64_t> &bs = t.desc.shape;
      if (!isFloat(t) || bs.size() < 2 || bs[bs.size() - 2] != k)
        return false;
      std::vector<int64_t> aBatch(s.begin(), s.end() - 2);
      std::vector<int64_t> bBatch(bs.begin(), bs.end() - 2);
      try {
        int64_t out =
            elementCount(broadcastShapes(aBatch, bBatch)) * m * bs.back();
        return out <= limits.maxElements && out * k <= limits.maxMacs;
      } catch (const ReferenceError &) {
        return false;
      }
    });
    if (!b && s.size() == 2 && m * m <= limits.maxElements)
      b = emitUnary("transpose", *a); // a x a^T
  }
  if (!b) {
    int64_t n = rng.pick<int64_t>({1, 3, 8, 16, 32, 64});
    while (n > 1 && (batch * m * n > limits.maxElements ||
                     batch * m * n * k > limits.maxMacs))
      n /= 2;
    std::vector<int64_t> bShape{k, n};
    if (r >= 0.65) {
      // Batch dimensions of b: a's own with some set to 1, or one more.
      std::vector<int64_t> lead(s.begin(), s.end() - 2);
      for (int64_t &d : lead)
        if (rng.chance(0.5))
          d = 1;
      if (lead.empty() && batch * m * n * 2 <= limits.maxElements)
        lead.push_back(2);
      bShape.insert(bShape.begin(), lead.begin(), lead.end());
    }
    b = uniformConstant("weights", bShape, -range, range);
  }
  std::optional<Name> y =
      emit("matmul", Json::array({argument("a", *a), argument("b", *b)}));
  if (!y)
    return false;
  if (rng.chance(0.3)) {
    Name bias = uniformConstant("bias", {shapeOf(*y).back()}, -0.5, 0.5);
    y = emit("add", Json::array({argument("a", *y), argument("b", bias)}));
    if (y && rng.chance(0.3))
      activate(*y);
  }
  return true;
}

bool GraphGenerator::gemm() {
  std::optional<Name> a = pick(floatOfRank(2));
  if (!a || rng.chance(0.2)) {
    std::optional<Name> wide = pick([](const RefTensor &t) {
      return isFloat(t) && t.desc.shape.size() >= 3;
    });
    if (wide)
      a = as2D(*wide);
  }
  if (!a)
    return false;
  const std::vector<int64_t> s = shapeOf(*a);
  bool aTranspose = rng.chance(0.3), bTranspose = rng.chance(0.4);
  int64_t m = aTranspose ? s[1] : s[0], k = aTranspose ? s[0] : s[1];
  if (k > 2048)
    return false;
  int64_t n = rng.pick<int64_t>({1, 4, 8, 16, 32, 64});
  while (n > 1 && (m * n > limits.maxElements || m * n * k > limits.maxMacs))
    n /= 2;
  double range = std::sqrt(3.0 / double(k));
  Name b = uniformConstant("weights",
                           bTranspose ? std::vector<int64_t>{n, k}
                                      : std::vector<int64_t>{k, n},
                           -range, range);
  Json options = Json::object();
  if (rng.chance(0.6)) {
    std::vector<std::vector<int64_t>> shapes = {
        {}, {n}, {1, n}, {m, 1}, {m, n}};
    options["c"] = uniformConstant("c", rng.pick(shapes), -1, 1);
    if (rng.chance(0.4))
      options["beta"] = rng.pick<double>({0.5, 0, 2, -1});
  }
  if (rng.chance(0.4))
    options["alpha"] = rng.pick<double>({0.5, 2, -1, 1.25});
  if (aTranspose || rng.chance(0.2))
    options["aTranspose"] = aTranspose;
  if (bTranspose || rng.chance(0.2))
    options["bTranspose"] = bTranspose;
  Json arguments = Json::array({argument("a", *a), argument("b", b)});
  if (!options.empty())
    arguments.push_back(argument("options", options));
  return bool(emit("gemm", arguments));
}

bool GraphGenerator::reduction() {
  static const std::vector<std::string> kinds = {"reduceSum", "reduceMean",
                                                 "reduceMax", "reduceMin"};
  std::string kind = rng.pick(kinds);
  std::optional<Name> x;
  if (kind != "reduceMean" && rng.chance(0.2))
    x = pick([](const RefTensor &t) { return isWideInteger(t); });
  if (!x)
    x = pick([](const RefTensor &t) { return isFloat(t); });
  if (!x)
    return false;
  int64_t rank = int64_t(shapeOf(*x).size());
  Json options = Json::object();
  double r = rng.unit();
  if (r >= 0.2) {
    std::vector<int64_t> axes;
    if (r >= 0.23) {
      for (int64_t d = 0; d < rank; ++d)
        if (rng.chance(0.5))
          axes.push_back(d);
      if (axes.empty() && rank > 0)
        axes.push_back(rng.range(0, rank - 1));
      if (rng.chance(0.25))
        rng.shuffle(axes);
    }
    options["axes"] = shapeJson(axes);
  }
  if (rng.chance(0.7))
    options["keepDimensions"] = rng.chance(0.5);
  return bool(emitUnary(kind, *x, options));
}

bool GraphGenerator::argMinMax() {
  std::string kind = rng.chance(0.5) ? "argMax" : "argMin";
  std::optional<Name> x;
  if (rng.chance(0.2))
    x = pick([](const RefTensor &t) { return isWideInteger(t); });
  if (!x)
    x = pick([](const RefTensor &t) { return isFloat(t); });
  if (!x || shapeOf(*x).empty())
    return false;
  int64_t rank = int64_t(shapeOf(*x).size());
  Json options = Json::object();
  if (rng.chance(0.5))
    options["keepDimensions"] = rng.chance(0.5);
  if (rng.chance(0.5))
    options["outputDataType"] = rng.chance(0.5) ? "int64" : "int32";
  Json arguments = Json::array({argument("input", *x),
                                argument("axis", rng.range(0, rank - 1)),
                                argument("options", options)});
  return bool(emit(kind, arguments));
}

} // namespace wnn::fuzz
