//===- OnnxResize.cpp - Resize and Upsample -------------------------------===//
//
// Resize (opsets 10 to 19) and Upsample. Every coordinate transformation
// and nearest rounding mode is computed the way the ONNX specification
// writes it, into per-axis tables of source indices and weights. When the
// tables equal those of WebNN's resample2d (half-pixel centers), the node
// becomes one resample2d; otherwise it becomes gathers of the tables along
// each resized axis, weighted for linear and cubic modes. Both are exact.
//
//===----------------------------------------------------------------------===//

#include "Import/OnnxImporter.h"

#include <algorithm>
#include <cmath>

namespace wnn {
namespace onnx_import {

namespace {

/// Source taps of each output coordinate along one axis.
struct AxisTables {
  int64_t in = 0, out = 0;
  double scale = 1;
  std::vector<std::vector<int64_t>> index; // [tap][output coordinate]
  std::vector<std::vector<double>> weight; // [tap][output coordinate]
};

struct ResizeMode {
  std::string mode, coordinates, nearest;
  double cubicA = -0.75;
  bool excludeOutside = false;
};

double sourceCoordinate(const ResizeMode &m, double x, int64_t in, int64_t out,
                        double scale) {
  const std::string &t = m.coordinates;
  if (t == "asymmetric")
    return x / scale;
  if (t == "align_corners")
    return out == 1 ? 0 : x * double(in - 1) / double(out - 1);
  if (t == "pytorch_half_pixel")
    return out > 1 ? (x + 0.5) / scale - 0.5 : 0;
  if (t == "half_pixel_symmetric") {
    double adjustment = double(out) / (scale * double(in));
    double offset = double(in) / 2 * (1 - adjustment);
    return offset + (x + 0.5) / scale - 0.5;
  }
  return (x + 0.5) / scale - 0.5; // half_pixel
}

int64_t roundNearest(const ResizeMode &m, double x, double scale) {
  const std::string &n = m.nearest;
  if (n == "floor")
    return int64_t(std::floor(x));
  if (n == "ceil")
    return int64_t(std::ceil(x));
  if (n == "simple") // Resize-10: ceil when downsampling, else truncate.
    return scale < 1 ? int64_t(std::ceil(x)) : int64_t(x);
  double frac = x - std::floor(x);
  if (frac == 0.5)
    return int64_t(n == "round_prefer_ceil" ? std::ceil(x) : std::floor(x));
  return int64_t(std::round(x));
}

AxisTables onnxTables(const ResizeMode &m, int64_t in, int64_t out,
                      double scale) {
  AxisTables t;
  t.in = in;
  t.out = out;
  t.scale = scale;
  auto clampIndex = [&](int64_t i) {
    return std::clamp<int64_t>(i, 0, in - 1);
  };
  size_t taps = m.mode == "nearest" ? 1 : m.mode == "linear" ? 2 : 4;
  t.index.assign(taps, {});
  t.weight.assign(taps, {});
  for (int64_t o = 0; o < out; ++o) {
    double x = sourceCoordinate(m, double(o), in, out, scale);
    if (m.mode == "nearest") {
      t.index[0].push_back(clampIndex(roundNearest(m, x, scale)));
      t.weight[0].push_back(1);
      continue;
    }
    if (m.mode == "linear") {
      x = std::clamp(x, 0.0, double(in - 1));
      int64_t low = std::min<int64_t>(int64_t(x), in - 1);
      int64_t high = std::min<int64_t>(low + 1, in - 1);
      double w = high == low ? 0 : x - double(low);
      t.index[0].push_back(low);
      t.index[1].push_back(high);
      t.weight[0].push_back(1 - w);
      t.weight[1].push_back(w);
      continue;
    }
    // Cubic convolution with coefficient a (Keys).
    double a = m.cubicA;
    int64_t base = int64_t(std::floor(x));
    double s = x - double(base);
    double coefficient[4] = {
        ((a * (s + 1) - 5 * a) * (s + 1) + 8 * a) * (s + 1) - 4 * a,
        ((a + 2) * s - (a + 3)) * s * s + 1,
        ((a + 2) * (1 - s) - (a + 3)) * (1 - s) * (1 - s) + 1,
        ((a * (2 - s) - 5 * a) * (2 - s) + 8 * a) * (2 - s) - 4 * a};
    double total = 0;
    for (int k = 0; k < 4; ++k) {
      int64_t source = base - 1 + k;
      if (m.excludeOutside && (source < 0 || source >= in))
        coefficient[k] = 0;
      total += coefficient[k];
    }
    for (int k = 0; k < 4; ++k) {
      t.index[k].push_back(clampIndex(base - 1 + k));
      t.weight[k].push_back(m.excludeOutside && total != 0
                                ? coefficient[k] / total
                                : coefficient[k]);
    }
  }
  return t;
}

/// The tables WebNN's resample2d uses (half-pixel centers, edges clamped).
AxisTables webnnTables(bool linear, int64_t in, int64_t out, double scale) {
  ResizeMode m;
  m.mode = linear ? "linear" : "nearest";
  m.coordinates = "half_pixel";
  m.nearest = "round_prefer_ceil";
  return onnxTables(m, in, out, scale);
}

bool sameTables(const AxisTables &a, const AxisTables &b) {
  if (a.index.size() != b.index.size())
    return false;
  for (size_t k = 0; k < a.index.size(); ++k)
    for (size_t o = 0; o < a.index[k].size(); ++o)
      if (std::abs(a.weight[k][o]) > 1e-7 || std::abs(b.weight[k][o]) > 1e-7)
        if (a.index[k][o] != b.index[k][o] ||
            std::abs(a.weight[k][o] - b.weight[k][o]) > 1e-6)
          return false;
  return true;
}

/// One resized axis as gathers of its tables, weighted when there are
/// several taps.
Operand resizeAxis(NodeContext &c, Operand x, int32_t type, size_t rank,
                   uint32_t axis, const AxisTables &t) {
  std::string part = "axis" + std::to_string(axis);
  Operand result;
  for (size_t k = 0; k < t.index.size(); ++k) {
    Operand indices =
        c.materialize(HostTensor::fromInts(kInt32, {t.out}, t.index[k]),
                      c.label(part + "/index" + std::to_string(k)).label);
    GatherOptions options;
    static_cast<OperatorOptions &>(options) =
        c.label(part + "/gather" + std::to_string(k));
    options.axis = axis;
    Operand tap = c.check(c.b().gather(x, indices, options));
    if (t.index.size() == 1)
      return tap;
    std::vector<int64_t> weightShape(rank, 1);
    weightShape[axis] = t.out;
    Operand weight =
        c.materialize(HostTensor::fromFloats(type, weightShape, t.weight[k]),
                      c.label(part + "/weight" + std::to_string(k)).label);
    Operand weighted = c.check(
        c.b().mul(tap, weight, c.label(part + "/tap" + std::to_string(k))));
    result =
        k == 0 ? weighted
               : c.check(c.b().add(result, weighted,
                                   c.label(part + "/sum" + std::to_string(k))));
  }
  return result;
}

void resizeWith(NodeContext &c, const ResizeMode &m, std::vector<double> scales,
                std::vector<int64_t> sizes) {
  std::vector<int64_t> dims = c.shape(0);
  size_t rank = dims.size();
  if (m.mode != "nearest" && m.mode != "linear" && m.mode != "cubic")
    c.fail("mode '" + m.mode + "' is not one of nearest, linear, cubic");
  static const char *kCoordinates[] = {"half_pixel", "pytorch_half_pixel",
                                       "align_corners", "asymmetric",
                                       "half_pixel_symmetric"};
  if (std::find(std::begin(kCoordinates), std::end(kCoordinates),
                m.coordinates) == std::end(kCoordinates))
    c.fail("coordinate_transformation_mode '" + m.coordinates +
           "' is not supported");
  if (m.mode != "cubic" && m.mode != "linear" && m.nearest != "floor" &&
      m.nearest != "ceil" && m.nearest != "round_prefer_floor" &&
      m.nearest != "round_prefer_ceil" && m.nearest != "simple")
    c.fail("nearest_mode '" + m.nearest + "' is not supported");
  std::vector<int64_t> out(rank);
  std::vector<double> scale(rank);
  // Index tables hold one entry per output coordinate: bound them.
  constexpr double kMaxResized = double(1 << 24);
  for (size_t i = 0; i < rank; ++i) {
    if (!sizes.empty()) {
      if (sizes[i] > int64_t(kMaxResized))
        c.fail("sizes value " + std::to_string(sizes[i]) + " is too large");
      out[i] = sizes[i];
      scale[i] = double(sizes[i]) / double(dims[i]);
    } else {
      if (!(scales[i] > 0) || !(double(dims[i]) * scales[i] <= kMaxResized))
        c.fail("scales value " + std::to_string(scales[i]) +
               " must be positive and keep the output under 2^24 per axis");
      scale[i] = scales[i];
      out[i] = int64_t(std::floor(double(dims[i]) * scales[i]));
    }
    if (out[i] <= 0)
      c.fail("output dimension " + std::to_string(i) +
             " would be empty (WebNN has no empty tensors)");
  }
  std::vector<uint32_t> resized;
  std::vector<AxisTables> tables(rank);
  for (size_t i = 0; i < rank; ++i) {
    if (out[i] == dims[i] && scale[i] == 1.0)
      continue;
    resized.push_back(uint32_t(i));
    tables[i] = onnxTables(m, dims[i], out[i], scale[i]);
  }
  Operand x = c.operand(0);
  if (resized.empty()) {
    c.setOutput(0, c.check(c.b().identity(x, c.label())));
    return;
  }
  int32_t type = c.type(0);
  // One resample2d when WebNN's tables are the same.
  if (rank == 4 && resized.size() <= 2 && m.mode != "cubic" &&
      isFloatType(type)) {
    std::vector<uint32_t> axes = resized;
    if (axes.size() == 1)
      axes = axes[0] == 3 ? std::vector<uint32_t>{2, 3}
                          : std::vector<uint32_t>{axes[0], axes[0] + 1};
    bool same = true;
    for (uint32_t a : resized)
      same =
          same && sameTables(tables[a], webnnTables(m.mode == "linear", dims[a],
                                                    out[a], scale[a]));
    if (same) {
      Resample2dOptions options;
      static_cast<OperatorOptions &>(options) = c.label();
      options.mode = m.mode == "linear" ? InterpolationMode::Linear
                                        : InterpolationMode::NearestNeighbor;
      options.axes = axes;
      if (!sizes.empty())
        options.sizes = {uint32_t(out[axes[0]]), uint32_t(out[axes[1]])};
      else
        options.scales = {float(scale[axes[0]]), float(scale[axes[1]])};
      c.setOutput(0, c.check(c.b().resample2d(x, options)));
      return;
    }
  }
  if (m.mode != "nearest" && !isFloatType(type))
    c.fail(m.mode + " interpolation needs a floating-point input");
  for (uint32_t a : resized)
    x = resizeAxis(c, x, type, rank, a, tables[a]);
  c.setOutput(0, x);
}

void resize(NodeContext &c) {
  ResizeMode m;
  m.mode = c.stringAttr("mode", "nearest");
  std::vector<int64_t> dims = c.shape(0);
  size_t rank = dims.size();
  std::vector<double> scales;
  std::vector<int64_t> sizes;
  if (c.opsetVersion() < 11) {
    c.expectInputs(2, 2);
    m.coordinates = "asymmetric";
    m.nearest = "simple";
    scales = c.requireHost(1, "scales").floats();
  } else {
    c.expectInputs(1, 4);
    m.coordinates =
        c.stringAttr("coordinate_transformation_mode", "half_pixel");
    m.nearest = c.stringAttr("nearest_mode", "round_prefer_floor");
    m.cubicA = c.floatAttr("cubic_coeff_a", -0.75f);
    m.excludeOutside = c.intAttr("exclude_outside", 0) != 0;
    if (m.coordinates == "tf_crop_and_resize")
      c.fail("coordinate_transformation_mode 'tf_crop_and_resize' is not "
             "supported");
    if (c.hasInput(2) && c.requireHost(2, "scales").count() > 0)
      scales = c.requireHost(2, "scales").floats();
    if (c.hasInput(3) && c.requireHost(3, "sizes").count() > 0)
      sizes = c.hostInts(3, "sizes");
    if (scales.empty() == sizes.empty())
      c.fail("needs exactly one of scales and sizes");
  }
  // Opset 18 names the axes that scales and sizes cover.
  std::vector<uint32_t> axes;
  if (auto attr = c.intsAttr("axes")) {
    axes = c.axes(*attr, rank, "axes");
  } else {
    for (uint32_t i = 0; i < rank; ++i)
      axes.push_back(i);
  }
  size_t given = scales.empty() ? sizes.size() : scales.size();
  if (given != axes.size())
    c.fail(std::string(scales.empty() ? "sizes" : "scales") + " must have " +
           std::to_string(axes.size()) + " values");
  std::string policy = c.stringAttr("keep_aspect_ratio_policy", "stretch");
  if (!sizes.empty() && policy != "stretch") {
    if (policy != "not_larger" && policy != "not_smaller")
      c.fail("keep_aspect_ratio_policy '" + policy + "' is not supported");
    double ratio = policy == "not_larger" ? 1e300 : 0;
    for (size_t i = 0; i < axes.size(); ++i) {
      double r = double(sizes[i]) / double(dims[axes[i]]);
      ratio = policy == "not_larger" ? std::min(ratio, r) : std::max(ratio, r);
    }
    for (size_t i = 0; i < axes.size(); ++i)
      sizes[i] = int64_t(std::round(ratio * double(dims[axes[i]])));
  }
  std::vector<double> fullScales;
  std::vector<int64_t> fullSizes;
  if (!scales.empty()) {
    fullScales.assign(rank, 1.0);
    for (size_t i = 0; i < axes.size(); ++i)
      fullScales[axes[i]] = scales[i];
  } else {
    fullSizes = dims;
    for (size_t i = 0; i < axes.size(); ++i)
      fullSizes[axes[i]] = sizes[i];
  }
  if (c.intAttr("antialias", 0) && m.mode != "nearest")
    for (size_t i = 0; i < rank; ++i)
      if (fullScales.empty() ? fullSizes[i] < dims[i] : fullScales[i] < 1)
        c.fail("antialias when downsampling is not supported");
  resizeWith(c, m, fullScales, fullSizes);
}

/// Upsample (opsets 7 to 9): asymmetric coordinates, nearest rounds down.
void upsample(NodeContext &c) {
  ResizeMode m;
  m.mode = c.stringAttr("mode", "nearest");
  m.coordinates = "asymmetric";
  m.nearest = "floor";
  std::vector<double> scales;
  if (auto attr = c.floatsAttr("scales")) {
    c.expectInputs(1, 1);
    scales.assign(attr->begin(), attr->end());
  } else {
    c.expectInputs(2, 2);
    scales = c.requireHost(1, "scales").floats();
  }
  if (scales.size() != c.shape(0).size())
    c.fail("scales must have one value per dimension");
  resizeWith(c, m, scales, {});
}

} // namespace

void addResizeHandlers(std::unordered_map<std::string, Handler> &t) {
  t["Resize"] = resize;
  t["Upsample"] = upsample;
}

} // namespace onnx_import
} // namespace wnn
