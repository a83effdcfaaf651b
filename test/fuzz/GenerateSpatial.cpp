//===- GenerateSpatial.cpp - Random graphs: convTranspose2d, resample2d ---===//

#include "GeneratorImpl.h"

#include <algorithm>
#include <cmath>

namespace wnn::fuzz {
namespace {

bool isFloat(const RefTensor &t) { return isFloatType(t.desc.dataType); }

Accept floatImage() {
  return
      [](const RefTensor &t) { return isFloat(t) && t.desc.shape.size() == 4; };
}

std::vector<int64_t> divisors(int64_t n) {
  std::vector<int64_t> result;
  for (int64_t d = 1; d <= n; ++d)
    if (n % d == 0)
      result.push_back(d);
  return result;
}

} // namespace

bool GraphGenerator::convTranspose2d() {
  std::optional<Name> x = pick([](const RefTensor &t) {
    return isFloat(t) && t.desc.shape.size() == 4 && t.size() <= 16384;
  });
  if (!x)
    return false;
  const std::vector<int64_t> &s = shapeOf(*x);
  // The layout is a reading of the shape: any 4-D operand will do.
  bool nhwc = rng.chance(0.3);
  int64_t n = s[0], c = nhwc ? s[3] : s[1];
  int64_t size[2] = {nhwc ? s[1] : s[2], nhwc ? s[2] : s[3]};
  if (c > 64)
    return false;
  std::vector<int64_t> groupChoices = divisors(c);
  int64_t groups = rng.chance(0.7) ? 1 : rng.pick(groupChoices);
  int64_t groupOut = rng.pick<int64_t>({1, 2, 3, 4, 8});
  int64_t outChannels = groupOut * groups;
  int64_t kernel[2], stride[2], dilation[2], pad[4], extra[2], out[2];
  bool useSizes = rng.chance(0.3);
  for (int d = 0; d < 2; ++d) {
    kernel[d] = rng.range(1, 4);
    stride[d] = rng.chance(0.5) ? 1 : rng.range(2, 3);
    dilation[d] = rng.chance(0.8) ? 1 : 2;
    int64_t span = (kernel[d] - 1) * dilation[d];
    pad[2 * d] = rng.chance(0.5) ? 0 : rng.range(0, span);
    pad[2 * d + 1] = rng.chance(0.5) ? 0 : rng.range(0, span);
    int64_t base =
        (size[d] - 1) * stride[d] + span + 1 - pad[2 * d] - pad[2 * d + 1];
    extra[d] =
        stride[d] > 1 && rng.chance(0.5) ? rng.range(0, stride[d] - 1) : 0;
    out[d] = base + extra[d];
    if (out[d] < 1)
      return false;
  }
  if (n * outChannels * out[0] * out[1] > limits.maxElements ||
      n * c * groupOut * kernel[0] * kernel[1] * size[0] * size[1] >
          limits.maxMacs)
    return false;

  std::string filterLayout = rng.pick<std::string>({"iohw", "hwoi", "ohwi"});
  std::vector<int64_t> filterShape;
  if (filterLayout == "iohw")
    filterShape = {c, groupOut, kernel[0], kernel[1]};
  else if (filterLayout == "hwoi")
    filterShape = {kernel[0], kernel[1], groupOut, c};
  else
    filterShape = {groupOut, kernel[0], kernel[1], c};
  // Each output sums about (c / groups) * taps / strides products.
  double fanIn = std::max(1.0, double(c / groups * kernel[0] * kernel[1]) /
                                   double(stride[0] * stride[1]));
  double scale = std::sqrt(3.0 / fanIn);
  Name filter =
      rng.chance(0.1)
          ? input({DataType::Float32, filterShape},
                  uniformValues(elementCount(filterShape), -scale, scale))
          : uniformConstant("filter", filterShape, -scale, scale);

  Json options = Json::object();
  if (nhwc || rng.chance(0.2))
    options["inputLayout"] = nhwc ? "nhwc" : "nchw";
  if (filterLayout != "iohw" || rng.chance(0.2))
    options["filterLayout"] = filterLayout;
  if (pad[0] || pad[1] || pad[2] || pad[3] || rng.chance(0.1))
    options["padding"] = Json::array({pad[0], pad[1], pad[2], pad[3]});
  if (stride[0] > 1 || stride[1] > 1 || rng.chance(0.1))
    options["strides"] = Json::array({stride[0], stride[1]});
  if (dilation[0] > 1 || dilation[1] > 1 || rng.chance(0.1))
    options["dilations"] = Json::array({dilation[0], dilation[1]});
  if (useSizes)
    options["outputSizes"] = Json::array({out[0], out[1]});
  else if (extra[0] || extra[1] || rng.chance(0.1))
    options["outputPadding"] = Json::array({extra[0], extra[1]});
  if (groups > 1 || rng.chance(0.1))
    options["groups"] = groups;
  if (rng.chance(0.5))
    options["bias"] = uniformConstant("bias", {outChannels}, -0.5, 0.5);
  Json arguments =
      Json::array({argument("input", *x), argument("filter", filter)});
  if (!options.empty())
    arguments.push_back(argument("options", options));
  return bool(emit("convTranspose2d", arguments));
}

bool GraphGenerator::resample2d() {
  std::optional<Name> x = pick(floatImage());
  if (!x)
    return false;
  const std::vector<int64_t> s = shapeOf(*x);
  static const std::vector<std::vector<int64_t>> axisPairs = {
      {2, 3}, {2, 3}, {1, 2}, {3, 2}, {0, 1}, {1, 0}, {1, 3}};
  std::vector<int64_t> axes =
      rng.chance(0.5) ? std::vector<int64_t>{2, 3} : rng.pick(axisPairs);
  bool defaultAxes = axes == std::vector<int64_t>{2, 3} && rng.chance(0.6);
  Json options = Json::object();
  std::vector<int64_t> shape = s;
  if (rng.chance(0.5)) {
    std::vector<int64_t> sizes;
    for (int64_t axis : axes) {
      int64_t in = s[size_t(axis)];
      int64_t size = rng.chance(0.3)
                         ? in
                         : rng.range(1, std::min<int64_t>(2 * in + 1, 64));
      sizes.push_back(size);
      shape[size_t(axis)] = size;
    }
    options["sizes"] = shapeJson(sizes);
  } else {
    // Scales that give whole sizes, so that in / out is the inverse scale.
    Json scales = Json::array();
    for (int64_t axis : axes) {
      int64_t in = s[size_t(axis)];
      std::vector<double> fitting;
      for (double scale : {1.0, 2.0, 3.0, 4.0, 0.5, 0.25, 1.5, 0.75})
        if (std::floor(double(in) * scale) == double(in) * scale &&
            double(in) * scale >= 1)
          fitting.push_back(scale);
      double scale = rng.pick(fitting);
      scales.push_back(scale);
      shape[size_t(axis)] = int64_t(double(in) * scale);
    }
    options["scales"] = scales;
  }
  if (elementCount(shape) > limits.maxElements)
    return false;
  if (rng.chance(0.5))
    options["mode"] = "linear";
  else if (rng.chance(0.3))
    options["mode"] = "nearest-neighbor";
  if (!defaultAxes)
    options["axes"] = shapeJson(axes);
  return bool(emitUnary("resample2d", *x, options));
}

} // namespace wnn::fuzz
