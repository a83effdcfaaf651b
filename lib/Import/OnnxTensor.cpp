//===- OnnxTensor.cpp - ONNX element types and host tensors ---------------===//
//
// Element type mapping, HostTensor access, and reading TensorProtos (inline
// fields, raw_data, or external data files) without copying their bytes
// where the layout allows.
//
//===----------------------------------------------------------------------===//

#include "Import/OnnxImporter.h"

#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wnn {
namespace onnx_import {

std::string onnxTypeName(int32_t type) {
  switch (type) {
  case kFloat:
    return "float";
  case kUint8:
    return "uint8";
  case kInt8:
    return "int8";
  case kUint16:
    return "uint16";
  case kInt16:
    return "int16";
  case kInt32:
    return "int32";
  case kInt64:
    return "int64";
  case kString:
    return "string";
  case kBool:
    return "bool";
  case kFloat16:
    return "float16";
  case kDouble:
    return "double";
  case kUint32:
    return "uint32";
  case kUint64:
    return "uint64";
  case kBfloat16:
    return "bfloat16";
  case kUint4:
    return "uint4";
  case kInt4:
    return "int4";
  default:
    return "type " + std::to_string(type);
  }
}

std::optional<DataType> webnnTypeOf(int32_t type) {
  switch (type) {
  case kFloat:
    return DataType::Float32;
  case kFloat16:
    return DataType::Float16;
  case kInt32:
    return DataType::Int32;
  case kUint32:
    return DataType::Uint32;
  case kInt64:
    return DataType::Int64;
  case kUint64:
    return DataType::Uint64;
  case kInt8:
    return DataType::Int8;
  case kUint8:
  case kBool:
    return DataType::Uint8;
  case kInt4:
    return DataType::Int4;
  case kUint4:
    return DataType::Uint4;
  default:
    return std::nullopt;
  }
}

int32_t onnxTypeOf(DataType type) {
  switch (type) {
  case DataType::Float32:
    return kFloat;
  case DataType::Float16:
    return kFloat16;
  case DataType::Int32:
    return kInt32;
  case DataType::Uint32:
    return kUint32;
  case DataType::Int64:
    return kInt64;
  case DataType::Uint64:
    return kUint64;
  case DataType::Int8:
    return kInt8;
  case DataType::Uint8:
    return kUint8;
  case DataType::Int4:
    return kInt4;
  case DataType::Uint4:
    return kUint4;
  }
  return kUndefined;
}

size_t onnxTypeSize(int32_t type) {
  switch (type) {
  case kUint8:
  case kInt8:
  case kBool:
    return 1;
  case kUint16:
  case kInt16:
  case kFloat16:
  case kBfloat16:
    return 2;
  case kFloat:
  case kInt32:
  case kUint32:
    return 4;
  case kInt64:
  case kUint64:
  case kDouble:
    return 8;
  default:
    return 0;
  }
}

bool isFloatType(int32_t type) {
  return type == kFloat || type == kFloat16 || type == kDouble ||
         type == kBfloat16;
}

//===----------------------------------------------------------------------===//
// HostTensor
//===----------------------------------------------------------------------===//

namespace {

float halfToFloat(uint16_t h) {
  uint32_t sign = uint32_t(h & 0x8000) << 16;
  uint32_t exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
  uint32_t bits;
  if (exponent == 0) {
    if (mantissa == 0) {
      bits = sign;
    } else { // subnormal: renormalize
      exponent = 127 - 15 + 1;
      while (!(mantissa & 0x400)) {
        mantissa <<= 1;
        --exponent;
      }
      bits = sign | (exponent << 23) | ((mantissa & 0x3ff) << 13);
    }
  } else if (exponent == 31) {
    bits = sign | 0x7f800000 | (mantissa << 13);
  } else {
    bits = sign | ((exponent + 127 - 15) << 23) | (mantissa << 13);
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

uint16_t floatToHalf(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  uint16_t sign = (bits >> 16) & 0x8000;
  uint32_t exponent = (bits >> 23) & 0xff, mantissa = bits & 0x7fffff;
  if (exponent == 0xff)
    return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  int e = int(exponent) - 127 + 15;
  if (e >= 31)
    return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10)
      return sign;
    mantissa |= 0x800000;
    uint32_t shift = 14 - e;
    uint32_t half = mantissa >> shift;
    uint32_t rest = mantissa & ((1u << shift) - 1), mid = 1u << (shift - 1);
    if (rest > mid || (rest == mid && (half & 1)))
      ++half;
    return sign | half;
  }
  uint16_t half = sign | (e << 10) | (mantissa >> 13);
  uint32_t rest = mantissa & 0x1fff;
  if (rest > 0x1000 || (rest == 0x1000 && (half & 1)))
    ++half; // may carry into the exponent, which is right
  return half;
}

template <typename T> T load(const char *data, int64_t i) {
  T value;
  std::memcpy(&value, data + i * sizeof(T), sizeof(T));
  return value;
}

template <typename T> void store(char *data, int64_t i, T value) {
  std::memcpy(data + i * sizeof(T), &value, sizeof(T));
}

int64_t nibble(const char *data, int64_t i, bool isSigned) {
  uint8_t byte = uint8_t(data[i / 2]);
  int64_t value = (i % 2) ? byte >> 4 : byte & 0xf;
  return isSigned && value > 7 ? value - 16 : value;
}

} // namespace

int64_t HostTensor::count() const {
  int64_t n = 1;
  for (int64_t dim : dims)
    n *= dim;
  return n;
}

int64_t HostTensor::intAt(int64_t i) const {
  switch (type) {
  case kUint8:
  case kBool:
    return load<uint8_t>(data, i);
  case kInt8:
    return load<int8_t>(data, i);
  case kUint16:
    return load<uint16_t>(data, i);
  case kInt16:
    return load<int16_t>(data, i);
  case kInt32:
    return load<int32_t>(data, i);
  case kUint32:
    return load<uint32_t>(data, i);
  case kInt64:
    return load<int64_t>(data, i);
  case kUint64:
    return int64_t(load<uint64_t>(data, i));
  case kInt4:
    return nibble(data, i, true);
  case kUint4:
    return nibble(data, i, false);
  default: {
    double value = floatAt(i);
    if (!std::isfinite(value))
      return 0;
    return int64_t(value);
  }
  }
}

double HostTensor::floatAt(int64_t i) const {
  switch (type) {
  case kFloat:
    return load<float>(data, i);
  case kDouble:
    return load<double>(data, i);
  case kFloat16:
    return halfToFloat(load<uint16_t>(data, i));
  case kBfloat16: {
    uint32_t bits = uint32_t(load<uint16_t>(data, i)) << 16;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
  }
  case kUint64:
    return double(load<uint64_t>(data, i));
  default:
    return double(intAt(i));
  }
}

std::vector<int64_t> HostTensor::ints() const {
  std::vector<int64_t> values(count());
  for (int64_t i = 0; i < int64_t(values.size()); ++i)
    values[i] = intAt(i);
  return values;
}

std::vector<double> HostTensor::floats() const {
  std::vector<double> values(count());
  for (int64_t i = 0; i < int64_t(values.size()); ++i)
    values[i] = floatAt(i);
  return values;
}

namespace {

/// A host tensor of `count` elements of `type` with its own zeroed storage.
std::pair<std::shared_ptr<HostTensor>, char *>
allocate(int32_t type, std::vector<int64_t> dims, size_t count) {
  size_t bytes = (type == kInt4 || type == kUint4) ? (count + 1) / 2
                                                   : count * onnxTypeSize(type);
  auto storage = std::make_shared<std::vector<char>>(bytes);
  auto tensor = std::make_shared<HostTensor>();
  tensor->type = type;
  tensor->dims = std::move(dims);
  tensor->data = storage->data();
  tensor->size = bytes;
  tensor->owner = storage;
  return {tensor, storage->data()};
}

void storeNibble(char *data, int64_t i, int64_t value) {
  uint8_t bits = uint8_t(value) & 0xf;
  uint8_t &byte = reinterpret_cast<uint8_t &>(data[i / 2]);
  byte = (i % 2) ? uint8_t((byte & 0x0f) | (bits << 4))
                 : uint8_t((byte & 0xf0) | bits);
}

void storeInt(char *data, int32_t type, int64_t i, int64_t value) {
  switch (type) {
  case kUint8:
    return store<uint8_t>(data, i, uint8_t(value));
  case kBool:
    return store<uint8_t>(data, i, value != 0);
  case kInt8:
    return store<int8_t>(data, i, int8_t(value));
  case kUint16:
    return store<uint16_t>(data, i, uint16_t(value));
  case kInt16:
    return store<int16_t>(data, i, int16_t(value));
  case kInt32:
    return store<int32_t>(data, i, int32_t(value));
  case kUint32:
    return store<uint32_t>(data, i, uint32_t(value));
  case kInt64:
    return store<int64_t>(data, i, value);
  case kUint64:
    return store<uint64_t>(data, i, uint64_t(value));
  case kInt4:
  case kUint4:
    return storeNibble(data, i, value);
  case kFloat:
    return store<float>(data, i, float(value));
  case kDouble:
    return store<double>(data, i, double(value));
  case kFloat16:
    return store<uint16_t>(data, i, floatToHalf(float(value)));
  default:
    return;
  }
}

void storeFloat(char *data, int32_t type, int64_t i, double value) {
  switch (type) {
  case kFloat:
    return store<float>(data, i, float(value));
  case kDouble:
    return store<double>(data, i, value);
  case kFloat16:
    return store<uint16_t>(data, i, floatToHalf(float(value)));
  case kBfloat16: {
    float f = float(value);
    uint32_t bits;
    std::memcpy(&bits, &f, 4);
    return store<uint16_t>(data, i, uint16_t(bits >> 16));
  }
  case kBool:
    return store<uint8_t>(data, i, value != 0);
  default:
    // Float to integer conversion truncates toward zero, as Cast does.
    return storeInt(data, type, i,
                    std::isfinite(value) ? int64_t(std::trunc(value)) : 0);
  }
}

} // namespace

std::shared_ptr<HostTensor>
HostTensor::fromInts(int32_t type, std::vector<int64_t> dims,
                     const std::vector<int64_t> &values) {
  auto [tensor, data] = allocate(type, std::move(dims), values.size());
  for (size_t i = 0; i < values.size(); ++i)
    storeInt(data, type, int64_t(i), values[i]);
  return tensor;
}

std::shared_ptr<HostTensor>
HostTensor::fromFloats(int32_t type, std::vector<int64_t> dims,
                       const std::vector<double> &values) {
  auto [tensor, data] = allocate(type, std::move(dims), values.size());
  for (size_t i = 0; i < values.size(); ++i)
    storeFloat(data, type, int64_t(i), values[i]);
  return tensor;
}

//===----------------------------------------------------------------------===//
// Reading TensorProtos
//===----------------------------------------------------------------------===//

namespace {

[[noreturn]] void failTensor(const std::string &what,
                             const std::string &message) {
  throw ImportFailure{what + ": " + message};
}

/// A read-only mapping of a whole file, unmapped with its last owner.
struct MappedFile {
  void *address = MAP_FAILED;
  size_t size = 0;
  ~MappedFile() {
    if (address != MAP_FAILED)
      munmap(address, size);
  }
};

/// External files are mapped once per import and shared by their tensors.
std::shared_ptr<MappedFile> mapFile(const std::string &path,
                                    const std::string &what) {
  static thread_local std::map<std::string, std::weak_ptr<MappedFile>> cache;
  if (auto it = cache.find(path); it != cache.end())
    if (auto mapped = it->second.lock())
      return mapped;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    failTensor(what, "cannot open external data file '" + path +
                         "': " + std::strerror(errno));
  struct stat info;
  if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    failTensor(what, "external data '" + path + "' is not a regular file");
  }
  auto mapped = std::make_shared<MappedFile>();
  mapped->size = size_t(info.st_size);
  if (mapped->size > 0)
    mapped->address =
        mmap(nullptr, mapped->size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (mapped->size > 0 && mapped->address == MAP_FAILED)
    failTensor(what, "cannot map external data file '" + path + "'");
  cache[path] = mapped;
  return mapped;
}

/// The file an external-data location names, inside the model's folder.
std::string externalPath(const std::string &location,
                         const std::string &baseDir, const std::string &what) {
  if (location.empty())
    failTensor(what, "external data has no 'location'");
  if (location[0] == '/')
    failTensor(what, "external data location '" + location +
                         "' is absolute; it must be relative to the model");
  size_t start = 0;
  while (start <= location.size()) {
    size_t end = location.find('/', start);
    if (end == std::string::npos)
      end = location.size();
    if (location.compare(start, end - start, "..") == 0)
      failTensor(what, "external data location '" + location +
                           "' leaves the model's folder");
    start = end + 1;
  }
  return baseDir.empty() ? location : baseDir + "/" + location;
}

int64_t parseNumber(const std::string &text, const std::string &key,
                    const std::string &what) {
  if (text.empty() || text.size() > 18 ||
      text.find_first_not_of("0123456789") != std::string::npos)
    failTensor(what,
               "external data '" + key + "' is not a number: '" + text + "'");
  return std::stoll(text);
}

/// Copies `count` elements read by `get` into owned raw-data storage.
template <typename Get>
void copyConverted(HostTensor &tensor, int64_t count, Get get) {
  auto storage = std::make_shared<std::vector<char>>(
      (tensor.type == kInt4 || tensor.type == kUint4)
          ? size_t(count + 1) / 2
          : size_t(count) * onnxTypeSize(tensor.type));
  for (int64_t i = 0; i < count; ++i)
    storeInt(storage->data(), tensor.type, i, get(i));
  tensor.data = storage->data();
  tensor.size = storage->size();
  tensor.owner = storage;
}

} // namespace

HostTensorRef readTensor(const onnx::TensorProto &proto,
                         const std::shared_ptr<const void> &modelOwner,
                         const std::string &baseDir, const std::string &what) {
  auto tensor = std::make_shared<HostTensor>();
  tensor->type = proto.data_type();
  int64_t count = 1;
  for (int64_t dim : proto.dims()) {
    if (dim < 0)
      failTensor(what, "negative dimension " + std::to_string(dim));
    if (dim > 0 && count > (int64_t(1) << 48) / dim)
      failTensor(what, "too many elements");
    count *= dim;
    tensor->dims.push_back(dim);
  }
  int32_t type = tensor->type;
  bool packed = type == kInt4 || type == kUint4;
  if (!packed && onnxTypeSize(type) == 0)
    failTensor(what,
               "tensors of type " + onnxTypeName(type) + " are not supported");
  size_t expected =
      packed ? size_t(count + 1) / 2 : size_t(count) * onnxTypeSize(type);
  auto checkSize = [&](size_t got, const char *field) {
    if (got != expected)
      failTensor(what, std::string(field) + " holds " + std::to_string(got) +
                           " bytes but the " + onnxTypeName(type) +
                           " shape needs " + std::to_string(expected));
  };
  auto view = [&](const void *data, size_t size,
                  std::shared_ptr<const void> owner) {
    tensor->data = static_cast<const char *>(data);
    tensor->size = size;
    tensor->owner = std::move(owner);
  };

  if (proto.data_location() == onnx::TensorProto::EXTERNAL) {
    std::string location;
    int64_t offset = 0, length = -1;
    for (const auto &entry : proto.external_data()) {
      if (entry.key() == "location")
        location = entry.value();
      else if (entry.key() == "offset")
        offset = parseNumber(entry.value(), "offset", what);
      else if (entry.key() == "length")
        length = parseNumber(entry.value(), "length", what);
    }
    std::string path = externalPath(location, baseDir, what);
    auto mapped = mapFile(path, what);
    if (length < 0)
      length = int64_t(mapped->size) - offset;
    if (offset > int64_t(mapped->size) ||
        length > int64_t(mapped->size) - offset)
      failTensor(what, "external data [" + std::to_string(offset) + ", " +
                           std::to_string(offset + length) +
                           ") lies outside '" + path + "' (" +
                           std::to_string(mapped->size) + " bytes)");
    checkSize(size_t(length), "external data");
    view(static_cast<const char *>(mapped->address) + offset, size_t(length),
         mapped);
    return tensor;
  }
  if (proto.has_raw_data()) {
    checkSize(proto.raw_data().size(), "raw_data");
    view(proto.raw_data().data(), proto.raw_data().size(),
         std::shared_ptr<const void>(modelOwner, &proto.raw_data()));
    return tensor;
  }
  auto typedField = [&](int size, const char *field) {
    if (size != count && !(packed && size == (count + 1) / 2))
      failTensor(what, std::string(field) + " holds " + std::to_string(size) +
                           " values but the shape has " +
                           std::to_string(count));
  };
  std::shared_ptr<const void> owner(modelOwner, &proto);
  switch (type) {
  case kFloat:
    typedField(proto.float_data_size(), "float_data");
    view(proto.float_data().data(), expected, owner);
    break;
  case kInt64:
    typedField(proto.int64_data_size(), "int64_data");
    view(proto.int64_data().data(), expected, owner);
    break;
  case kInt32:
    typedField(proto.int32_data_size(), "int32_data");
    view(proto.int32_data().data(), expected, owner);
    break;
  case kDouble:
    typedField(proto.double_data_size(), "double_data");
    view(proto.double_data().data(), expected, owner);
    break;
  case kUint64:
    typedField(proto.uint64_data_size(), "uint64_data");
    view(proto.uint64_data().data(), expected, owner);
    break;
  case kUint32:
    typedField(proto.uint64_data_size(), "uint64_data");
    copyConverted(*tensor, count,
                  [&](int64_t i) { return int64_t(proto.uint64_data(i)); });
    break;
  case kInt4:
  case kUint4: {
    // int32_data holds one packed byte per value.
    typedField(proto.int32_data_size(), "int32_data");
    auto storage = std::make_shared<std::vector<char>>(expected);
    for (size_t i = 0; i < expected; ++i)
      (*storage)[i] = char(proto.int32_data(int(i)));
    view(storage->data(), storage->size(), storage);
    break;
  }
  default:
    // int32_data holds one element per value for the narrow types.
    typedField(proto.int32_data_size(), "int32_data");
    if (type == kFloat16 || type == kBfloat16) {
      auto storage = std::make_shared<std::vector<char>>(expected);
      for (int64_t i = 0; i < count; ++i)
        store<uint16_t>(storage->data(), i, uint16_t(proto.int32_data(i)));
      view(storage->data(), storage->size(), storage);
    } else {
      copyConverted(*tensor, count,
                    [&](int64_t i) { return int64_t(proto.int32_data(i)); });
    }
    break;
  }
  return tensor;
}

/// For each element of `out`, the flat index of the element of a tensor of
/// shape `in` that numpy broadcasting reads.
std::vector<int64_t> broadcastIndices(const std::vector<int64_t> &in,
                                      const std::vector<int64_t> &out) {
  int64_t count = 1;
  for (int64_t d : out)
    count *= d;
  std::vector<int64_t> result(count);
  size_t rank = out.size(), offset = rank - in.size();
  std::vector<int64_t> index(rank, 0);
  for (int64_t flat = 0; flat < count; ++flat) {
    int64_t source = 0;
    for (size_t i = offset; i < rank; ++i)
      source = source * in[i - offset] + (in[i - offset] == 1 ? 0 : index[i]);
    result[flat] = source;
    for (size_t i = rank; i-- > 0;) {
      if (++index[i] < out[i])
        break;
      index[i] = 0;
    }
  }
  return result;
}

bool foldable(const HostTensorRef &value) {
  return value && value->count() <= kMaxFoldedElements &&
         onnxTypeSize(value->type) > 0;
}

HostTensorRef pick(const HostTensor &source, std::vector<int64_t> dims,
                   const std::vector<int64_t> &indices) {
  size_t size = onnxTypeSize(source.type);
  auto storage = std::make_shared<std::vector<char>>(indices.size() * size);
  for (size_t i = 0; i < indices.size(); ++i)
    std::memcpy(storage->data() + i * size, source.data + indices[i] * size,
                size);
  auto tensor = std::make_shared<HostTensor>();
  tensor->type = source.type;
  tensor->dims = std::move(dims);
  tensor->data = storage->data();
  tensor->size = storage->size();
  tensor->owner = storage;
  return tensor;
}

std::optional<std::vector<int64_t>>
broadcastShapes(const std::vector<int64_t> &a, const std::vector<int64_t> &b) {
  size_t rank = std::max(a.size(), b.size());
  std::vector<int64_t> out(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t x = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t y = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (x != y && x != 1 && y != 1)
      return std::nullopt;
    out[i] = x == 1 ? y : x;
  }
  return out;
}

} // namespace onnx_import
} // namespace wnn
