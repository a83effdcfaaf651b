//===- WptData.cpp - Tensor data in WPT conformance JSON ------------------===//

#include "Import/WptData.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace wnn {
namespace wpt {
namespace {

/// One JSON value as a number, keeping integers exact so that int64 and
/// uint64 data survive beyond 2^53.
struct Scalar {
  enum Kind { Float, Signed, Unsigned } kind = Float;
  double f = 0;
  int64_t s = 0;
  uint64_t u = 0;
};

bool parseDecimal(const std::string &text, Scalar &out) {
  if (text.empty())
    return false;
  char first = text[0];
  if (!(first == '-' || first == '+' || first == '.' ||
        (first >= '0' && first <= '9')))
    return false;
  const char *begin = text.c_str();
  const char *end = begin + text.size();
  char *stop = nullptr;
  errno = 0;
  long long s = std::strtoll(begin, &stop, 10);
  if (stop == end && errno == 0) {
    out.kind = Scalar::Signed;
    out.s = s;
    return true;
  }
  if (first != '-') {
    errno = 0;
    unsigned long long u = std::strtoull(begin, &stop, 10);
    if (stop == end && errno == 0) {
      out.kind = Scalar::Unsigned;
      out.u = u;
      return true;
    }
  }
  errno = 0;
  double d = std::strtod(begin, &stop);
  if (stop != end)
    return false;
  out.kind = Scalar::Float;
  out.f = d;
  return true;
}

bool readScalar(const Json &value, Scalar &out) {
  if (auto *s = value.get_ptr<const Json::number_integer_t *>()) {
    out.kind = Scalar::Signed;
    out.s = *s;
    return true;
  }
  if (auto *u = value.get_ptr<const Json::number_unsigned_t *>()) {
    out.kind = Scalar::Unsigned;
    out.u = *u;
    return true;
  }
  if (auto *f = value.get_ptr<const Json::number_float_t *>()) {
    out.kind = Scalar::Float;
    out.f = *f;
    return true;
  }
  if (auto *text = value.get_ptr<const Json::string_t *>()) {
    out.kind = Scalar::Float;
    if (*text == "NaN") {
      out.f = std::numeric_limits<double>::quiet_NaN();
      return true;
    }
    if (*text == "Infinity") {
      out.f = std::numeric_limits<double>::infinity();
      return true;
    }
    if (*text == "-Infinity") {
      out.f = -std::numeric_limits<double>::infinity();
      return true;
    }
    return parseDecimal(*text, out);
  }
  return false;
}

double toDouble(const Scalar &v) {
  switch (v.kind) {
  case Scalar::Signed:
    return double(v.s);
  case Scalar::Unsigned:
    return double(v.u);
  case Scalar::Float:
    break;
  }
  return v.f;
}

float toFloat(const Scalar &v) {
  // Direct integer-to-float conversion rounds once, not twice via double.
  switch (v.kind) {
  case Scalar::Signed:
    return float(v.s);
  case Scalar::Unsigned:
    return float(v.u);
  case Scalar::Float:
    break;
  }
  return float(v.f);
}

/// The low 64 bits of the value as a JS typed array stores an integer:
/// truncate toward zero, wrap modulo 2^64, NaN and infinities give 0.
uint64_t toBits(const Scalar &v) {
  switch (v.kind) {
  case Scalar::Signed:
    return uint64_t(v.s);
  case Scalar::Unsigned:
    return v.u;
  case Scalar::Float:
    break;
  }
  if (!std::isfinite(v.f))
    return 0;
  // Reduce the magnitude modulo 2^64 (exact for doubles), then negate in
  // unsigned arithmetic so negative values wrap like two's complement.
  const double twoTo64 = 18446744073709551616.0;
  double magnitude = std::fmod(std::fabs(std::trunc(v.f)), twoTo64);
  uint64_t bits = uint64_t(magnitude);
  return v.f < 0 ? uint64_t(0) - bits : bits;
}

template <typename T> void store(uint8_t *out, T value) {
  std::memcpy(out, &value, sizeof(T));
}

void encodeScalar(const Scalar &v, DataType type, uint8_t *out) {
  switch (type) {
  case DataType::Float32:
    store(out, toFloat(v));
    return;
  case DataType::Float16:
    store(out, floatToHalf(toFloat(v)));
    return;
  case DataType::Int32:
  case DataType::Uint32:
    store(out, uint32_t(toBits(v)));
    return;
  case DataType::Int64:
  case DataType::Uint64:
    store(out, toBits(v));
    return;
  case DataType::Int8:
  case DataType::Uint8:
    store(out, uint8_t(toBits(v)));
    return;
  case DataType::Int4: {
    int nibble = int(toBits(v) & 0xF);
    store(out, int8_t(nibble >= 8 ? nibble - 16 : nibble));
    return;
  }
  case DataType::Uint4:
    store(out, uint8_t(toBits(v) & 0xF));
    return;
  }
}

template <typename T> void fillWith(uint8_t *out, int64_t count) {
  T value;
  std::memcpy(&value, out, sizeof(T));
  T *typed = reinterpret_cast<T *>(out);
  for (int64_t i = 1; i < count; ++i)
    typed[i] = value;
}

/// Checks that `data` has the right form for `count` elements.
bool checkForm(const Json &data, int64_t count, std::string &why) {
  if (isFillForm(data))
    return true;
  if (!data.is_array()) {
    why = "data must be an array of numbers or a single number";
    return false;
  }
  if (int64_t(data.size()) != count) {
    why = "data has " + std::to_string(data.size()) +
          " elements but the shape needs " + std::to_string(count);
    return false;
  }
  return true;
}

std::string badElement(size_t index, const Json &value) {
  std::string kind = value.type_name();
  if (value.is_string())
    kind = "string '" + value.get_ref<const std::string &>() + "'";
  return "data element " + std::to_string(index) + " is not a number (" + kind +
         ")";
}

} // namespace

bool elementCount(const std::vector<int64_t> &shape, int64_t &count) {
  count = 1;
  for (int64_t dim : shape) {
    if (dim < 0)
      return false;
    if (dim != 0 && count > std::numeric_limits<int64_t>::max() / dim)
      return false;
    count *= dim;
  }
  return true;
}

std::string shapeString(const std::vector<int64_t> &shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      text += ", ";
    text += std::to_string(shape[i]);
  }
  return text + "]";
}

bool parseDescriptor(const Json &json, OperandDescriptor &desc,
                     std::string &why) {
  if (!json.is_object()) {
    why = "descriptor must be an object with 'shape' and 'dataType'";
    return false;
  }
  auto typeIt = json.find("dataType");
  if (typeIt == json.end()) {
    why = "descriptor has no 'dataType'";
    return false;
  }
  if (!typeIt->is_string()) {
    why = "descriptor 'dataType' must be a string";
    return false;
  }
  const std::string &typeName = typeIt->get_ref<const std::string &>();
  std::optional<DataType> type = parseDataType(typeName);
  if (!type) {
    why = "unknown data type '" + typeName + "'";
    return false;
  }
  auto shapeIt = json.find("shape");
  if (shapeIt == json.end()) {
    why = "descriptor has no 'shape'";
    return false;
  }
  if (!shapeIt->is_array()) {
    why = "descriptor 'shape' must be an array of non-negative integers";
    return false;
  }
  std::vector<int64_t> shape;
  for (const Json &dim : *shapeIt) {
    uint64_t value;
    if (auto *u = dim.get_ptr<const Json::number_unsigned_t *>()) {
      value = *u;
    } else if (auto *s = dim.get_ptr<const Json::number_integer_t *>();
               s && *s >= 0) {
      value = uint64_t(*s);
    } else {
      why = "descriptor 'shape' must be an array of non-negative integers";
      return false;
    }
    if (value > std::numeric_limits<uint32_t>::max()) {
      why = "descriptor 'shape' dimension " + std::to_string(value) +
            " does not fit in 32 bits";
      return false;
    }
    shape.push_back(int64_t(value));
  }
  int64_t count;
  if (!elementCount(shape, count)) {
    why = "descriptor 'shape' " + shapeString(shape) + " is too large";
    return false;
  }
  desc.dataType = *type;
  desc.shape = std::move(shape);
  return true;
}

bool isFillForm(const Json &data) {
  return data.is_number() || data.is_string();
}

bool readNumber(const Json &value, double &number) {
  Scalar scalar;
  if (!readScalar(value, scalar))
    return false;
  number = toDouble(scalar);
  return true;
}

bool encodeData(const Json &data, DataType type, int64_t count,
                std::vector<uint8_t> &bytes, std::string &why, int64_t limit) {
  if (count < 0) {
    why = "negative element count";
    return false;
  }
  if (!checkForm(data, count, why))
    return false;
  int64_t produced = limit >= 0 && limit < count ? limit : count;
  size_t size = dataTypeSize(type);
  if (uint64_t(produced) > kMaxTensorBytes / size) {
    why = "tensor of " + std::to_string(count) + " elements is too large";
    return false;
  }
  bytes.assign(size_t(produced) * size, 0);
  if (produced == 0)
    return true;
  if (isFillForm(data)) {
    Scalar scalar;
    if (!readScalar(data, scalar)) {
      why = badElement(0, data);
      return false;
    }
    encodeScalar(scalar, type, bytes.data());
    // Replicate the first element with a typed fill, which the 36M-element
    // WPT test needs to be fast.
    switch (size) {
    case 1:
      std::memset(bytes.data() + 1, bytes[0], bytes.size() - 1);
      break;
    case 2:
      fillWith<uint16_t>(bytes.data(), produced);
      break;
    case 4:
      fillWith<uint32_t>(bytes.data(), produced);
      break;
    default:
      fillWith<uint64_t>(bytes.data(), produced);
      break;
    }
    return true;
  }
  for (int64_t i = 0; i < produced; ++i) {
    Scalar scalar;
    const Json &element = data[size_t(i)];
    if (!readScalar(element, scalar)) {
      why = badElement(size_t(i), element);
      return false;
    }
    encodeScalar(scalar, type, bytes.data() + size_t(i) * size);
  }
  return true;
}

bool decodeDoubles(const Json &data, int64_t count, std::vector<double> &values,
                   std::string &why, int64_t limit) {
  if (count < 0) {
    why = "negative element count";
    return false;
  }
  if (!checkForm(data, count, why))
    return false;
  int64_t produced = limit >= 0 && limit < count ? limit : count;
  if (uint64_t(produced) > kMaxTensorBytes / sizeof(double)) {
    why = "tensor of " + std::to_string(count) + " elements is too large";
    return false;
  }
  values.clear();
  if (isFillForm(data)) {
    double number;
    if (!readNumber(data, number)) {
      why = badElement(0, data);
      return false;
    }
    values.assign(size_t(produced), number);
    return true;
  }
  values.resize(size_t(produced));
  for (int64_t i = 0; i < produced; ++i) {
    const Json &element = data[size_t(i)];
    if (!readNumber(element, values[size_t(i)])) {
      why = badElement(size_t(i), element);
      return false;
    }
  }
  return true;
}

uint16_t floatToHalf(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  uint16_t sign = uint16_t((bits >> 16) & 0x8000);
  uint32_t magnitude = bits & 0x7FFFFFFF;
  if (magnitude >= 0x7F800000) { // infinity or NaN (kept quiet)
    if (magnitude == 0x7F800000)
      return sign | 0x7C00;
    return sign | 0x7E00 | uint16_t((magnitude >> 13) & 0x3FF);
  }
  if (magnitude >= 0x477FF000) // >= 65520 rounds to infinity
    return sign | 0x7C00;
  if (magnitude < 0x38800000) {
    // Below the smallest normal half (2^-14): count units of 2^-24. The
    // scaling is exact and nearbyint rounds to nearest even.
    float scaled = std::fabs(value) * 16777216.0f;
    return sign | uint16_t(std::nearbyint(scaled));
  }
  uint32_t exponent = (magnitude >> 23) - 127 + 15;
  uint32_t mantissa = magnitude & 0x7FFFFF;
  uint32_t half = (exponent << 10) | (mantissa >> 13);
  uint32_t rest = mantissa & 0x1FFF;
  // A carry out of the mantissa correctly bumps the exponent.
  if (rest > 0x1000 || (rest == 0x1000 && (half & 1)))
    ++half;
  return sign | uint16_t(half);
}

float halfToFloat(uint16_t bits) {
  uint32_t sign = uint32_t(bits & 0x8000) << 16;
  uint32_t exponent = (bits >> 10) & 0x1F;
  uint32_t mantissa = bits & 0x3FF;
  uint32_t result;
  if (exponent == 0) {
    float magnitude = std::ldexp(float(mantissa), -24);
    std::memcpy(&result, &magnitude, sizeof(result));
    result |= sign;
  } else if (exponent == 31) {
    result = sign | 0x7F800000 | (mantissa << 13);
  } else {
    result = sign | ((exponent - 15 + 127) << 23) | (mantissa << 13);
  }
  float value;
  std::memcpy(&value, &result, sizeof(value));
  return value;
}

} // namespace wpt
} // namespace wnn
