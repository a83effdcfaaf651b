//===- runtime/Npy.cpp - NumPy .npy files ---------------------------------===//
//
// Format: the 6-byte magic "\x93NUMPY", a major and minor version, the header
// length (2 bytes little-endian in version 1, 4 bytes in versions 2 and 3),
// then a Python dict literal with exactly the keys 'descr', 'fortran_order'
// and 'shape', padded with spaces and a newline, then the raw data.
//
//===----------------------------------------------------------------------===//

#include "wnn/Npy.h"
#include "Internal.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <new>
#include <optional>

namespace wnn {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;
constexpr size_t kAlignment = 64;

/// The descriptor of a dense tensor, for the runtime's shared helpers.
wnn_tensor_desc describe(DataType type, const std::vector<int64_t> &shape) {
  return {nullptr, static_cast<int32_t>(type),
          static_cast<int32_t>(shape.size()), shape.data()};
}

const char *typeName(DataType type) {
  return rt::typeName(static_cast<int32_t>(type));
}

/// Bytes of a dense tensor, or nullopt when a dimension is negative or the
/// size overflows.
std::optional<size_t> denseBytes(DataType type,
                                 const std::vector<int64_t> &shape) {
  for (int64_t dim : shape)
    if (dim < 0)
      return std::nullopt;
  wnn_tensor_desc desc = describe(type, shape);
  size_t bytes = wnn_tensor_byte_size(&desc);
  if (bytes == std::numeric_limits<size_t>::max())
    return std::nullopt;
  return bytes;
}

Error error(const std::string &name, const std::string &message) {
  return Error{name + ": " + message};
}

/// A cursor over the header's dict literal.
class HeaderParser {
public:
  explicit HeaderParser(const std::string &text) : text(text) {}

  void skipSpace() {
    while (pos < text.size() && std::isspace((unsigned char)text[pos]))
      ++pos;
  }
  bool consume(char c) {
    skipSpace();
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }
  bool consumeWord(const char *word) {
    skipSpace();
    size_t n = std::strlen(word);
    if (text.compare(pos, n, word) != 0)
      return false;
    pos += n;
    return true;
  }
  std::optional<std::string> parseString() {
    skipSpace();
    if (pos >= text.size() || (text[pos] != '\'' && text[pos] != '"'))
      return std::nullopt;
    char quote = text[pos++];
    size_t end = text.find(quote, pos);
    if (end == std::string::npos)
      return std::nullopt;
    std::string value = text.substr(pos, end - pos);
    pos = end + 1;
    return value;
  }
  std::optional<int64_t> parseInt() {
    skipSpace();
    size_t start = pos;
    while (pos < text.size() && std::isdigit((unsigned char)text[pos]))
      ++pos;
    if (pos == start || pos - start > 18)
      return std::nullopt;
    int64_t value = std::strtoll(text.c_str() + start, nullptr, 10);
    if (pos < text.size() && text[pos] == 'L') // Python 2 longs
      ++pos;
    return value;
  }
  /// A tuple of non-negative ints: "()", "(3,)", "(2, 3)".
  std::optional<std::vector<int64_t>> parseShape() {
    if (!consume('('))
      return std::nullopt;
    std::vector<int64_t> shape;
    if (consume(')'))
      return shape;
    while (true) {
      std::optional<int64_t> dim = parseInt();
      if (!dim)
        return std::nullopt;
      shape.push_back(*dim);
      if (consume(')'))
        return shape;
      if (!consume(','))
        return std::nullopt;
      if (consume(')'))
        return shape;
    }
  }
  bool atEnd() {
    skipSpace();
    return pos == text.size();
  }

private:
  const std::string &text;
  size_t pos = 0;
};

/// Maps a dtype string to a type; sets `problem` when there is none.
std::optional<DataType> parseDescr(const std::string &descr,
                                   std::string &problem) {
  if (descr.size() == 3) {
    char order = descr[0];
    std::string kind = descr.substr(1);
    bool oneByte = kind == "i1" || kind == "u1";
    if (order == '>' && !oneByte) {
      problem = "big-endian data ('" + descr + "') is not supported";
      return std::nullopt;
    }
    // One-byte types have no byte order; NumPy writes '|'.
    if (order == '<' || order == '=' ||
        (oneByte && (order == '|' || order == '>'))) {
      if (kind == "f4")
        return DataType::Float32;
      if (kind == "f2")
        return DataType::Float16;
      if (kind == "i4")
        return DataType::Int32;
      if (kind == "u4")
        return DataType::Uint32;
      if (kind == "i8")
        return DataType::Int64;
      if (kind == "u8")
        return DataType::Uint64;
      if (kind == "i1")
        return DataType::Int8;
      if (kind == "u1")
        return DataType::Uint8;
    }
  }
  problem = "unsupported dtype '" + descr +
            "' (supported: <f4 <f2 <i4 <u4 <i8 <u8 |i1 |u1)";
  return std::nullopt;
}

} // namespace

//===----------------------------------------------------------------------===//
// NpyArray
//===----------------------------------------------------------------------===//

void NpyArray::Free::operator()(void *ptr) const { std::free(ptr); }

NpyArray::NpyArray(DataType dataType, std::vector<int64_t> shape)
    : type(dataType), dims(std::move(shape)) {
  std::optional<size_t> size = denseBytes(type, dims);
  if (!size)
    throw std::bad_alloc();
  bytes = *size;
  size_t allocated = (bytes + kAlignment - 1) / kAlignment * kAlignment;
  storage.reset(
      std::aligned_alloc(kAlignment, allocated ? allocated : kAlignment));
  if (!storage)
    throw std::bad_alloc();
  std::memset(storage.get(), 0, bytes);
}

NpyArray::NpyArray(const NpyArray &other) : NpyArray(other.type, other.dims) {
  if (bytes)
    std::memcpy(storage.get(), other.storage.get(), bytes);
}

NpyArray &NpyArray::operator=(const NpyArray &other) {
  if (this != &other)
    *this = NpyArray(other);
  return *this;
}

NpyArray::NpyArray(NpyArray &&other) noexcept
    : type(other.type), dims(std::move(other.dims)), bytes(other.bytes),
      storage(std::move(other.storage)) {
  other.dims.clear();
  other.bytes = 0;
}

NpyArray &NpyArray::operator=(NpyArray &&other) noexcept {
  type = other.type;
  dims = std::move(other.dims);
  bytes = other.bytes;
  storage = std::move(other.storage);
  other.dims.clear();
  other.bytes = 0;
  return *this;
}

int64_t NpyArray::elementCount() const {
  int64_t count = 1;
  for (int64_t dim : dims)
    count *= dim;
  return count;
}

//===----------------------------------------------------------------------===//
// Reading and writing
//===----------------------------------------------------------------------===//

std::string formatTensorType(DataType dataType,
                             const std::vector<int64_t> &shape) {
  return rt::describeTensor(describe(dataType, shape));
}

const char *npyDescr(DataType dataType) {
  switch (dataType) {
  case DataType::Float32:
    return "<f4";
  case DataType::Float16:
    return "<f2";
  case DataType::Int32:
    return "<i4";
  case DataType::Uint32:
    return "<u4";
  case DataType::Int64:
    return "<i8";
  case DataType::Uint64:
    return "<u8";
  case DataType::Int8:
    return "|i1";
  case DataType::Uint8:
    return "|u1";
  default:
    return nullptr;
  }
}

Expected<NpyArray> parseNpy(const void *contents, size_t size,
                            const std::string &name) {
  const auto *bytes = static_cast<const unsigned char *>(contents);
  if (size < kMagicSize + 2 || std::memcmp(bytes, kMagic, kMagicSize) != 0)
    return error(name, "not a .npy file (no \\x93NUMPY magic)");
  unsigned major = bytes[6], minor = bytes[7];
  if (major < 1 || major > 3)
    return error(name, "unsupported .npy format version " +
                           std::to_string(major) + "." + std::to_string(minor));
  size_t lengthBytes = major == 1 ? 2 : 4;
  size_t preamble = kMagicSize + 2 + lengthBytes;
  if (size < preamble)
    return error(name, "truncated header");
  size_t headerSize = 0;
  for (size_t i = 0; i < lengthBytes; ++i)
    headerSize |= size_t(bytes[kMagicSize + 2 + i]) << (8 * i);
  if (size - preamble < headerSize)
    return error(name, "truncated header: it claims " +
                           std::to_string(headerSize) + " bytes but " +
                           std::to_string(size - preamble) + " follow");
  std::string header(reinterpret_cast<const char *>(bytes + preamble),
                     headerSize);

  // The dict literal: {'descr': '<f4', 'fortran_order': False, 'shape': (2,)}
  HeaderParser parser(header);
  std::optional<std::string> descr;
  std::optional<bool> fortranOrder;
  std::optional<std::vector<int64_t>> shape;
  auto bad = [&](const std::string &why) {
    return error(name, "bad header: " + why);
  };
  if (!parser.consume('{'))
    return bad("expected a dict");
  while (!parser.consume('}')) {
    std::optional<std::string> key = parser.parseString();
    if (!key)
      return bad("expected a quoted key");
    if (!parser.consume(':'))
      return bad("expected ':' after '" + *key + "'");
    if (*key == "descr") {
      descr = parser.parseString();
      if (!descr)
        return bad("'descr' is not a string (structured dtypes are not "
                   "supported)");
    } else if (*key == "fortran_order") {
      if (parser.consumeWord("True"))
        fortranOrder = true;
      else if (parser.consumeWord("False"))
        fortranOrder = false;
      else
        return bad("'fortran_order' is not True or False");
    } else if (*key == "shape") {
      shape = parser.parseShape();
      if (!shape)
        return bad("'shape' is not a tuple of non-negative integers");
    } else {
      return bad("unexpected key '" + *key + "'");
    }
    if (!parser.consume(',')) {
      if (!parser.consume('}'))
        return bad("expected ',' or '}'");
      break;
    }
  }
  if (!parser.atEnd())
    return bad("unexpected text after the dict");
  if (!descr || !fortranOrder || !shape)
    return bad("missing key '" +
               std::string(!descr          ? "descr"
                           : !fortranOrder ? "fortran_order"
                                           : "shape") +
               "'");
  std::string problem;
  std::optional<DataType> type = parseDescr(*descr, problem);
  if (!type)
    return error(name, problem);
  if (*fortranOrder)
    return error(name, "Fortran-order arrays are not supported; save the "
                       "array in C order");

  std::optional<size_t> dataSize = denseBytes(*type, *shape);
  if (!dataSize)
    return error(name, "shape is too large");
  size_t available = size - preamble - headerSize;
  std::string what = formatTensorType(*type, *shape);
  if (available < *dataSize)
    return error(name, "truncated data: " + what + " needs " +
                           std::to_string(*dataSize) +
                           " bytes but the file "
                           "holds " +
                           std::to_string(available));
  if (available > *dataSize)
    return error(name, std::to_string(available - *dataSize) +
                           " unexpected bytes after the data of " + what);
  NpyArray array(*type, *shape);
  if (*dataSize)
    std::memcpy(array.data(), bytes + preamble + headerSize, *dataSize);
  return array;
}

Expected<NpyArray> readNpy(const std::string &path) {
  std::ifstream file(path, std::ios::binary);
  if (!file)
    return error(path, std::string("cannot open: ") + std::strerror(errno));
  std::string contents((std::istreambuf_iterator<char>(file)),
                       std::istreambuf_iterator<char>());
  if (file.bad())
    return error(path, "read error");
  return parseNpy(contents.data(), contents.size(), path);
}

Expected<std::string> encodeNpy(DataType dataType,
                                const std::vector<int64_t> &shape,
                                const void *data) {
  const char *descr = npyDescr(dataType);
  if (!descr)
    return Error{std::string(".npy files cannot hold ") + typeName(dataType) +
                 " data"};
  std::optional<size_t> dataSize = denseBytes(dataType, shape);
  if (!dataSize)
    return Error{"cannot write a .npy file: shape has a negative or too "
                 "large dimension"};
  std::string dict = "{'descr': '" + std::string(descr) +
                     "', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < shape.size(); ++i)
    dict += std::to_string(shape[i]) + (shape.size() == 1 ? "," : "") +
            (i + 1 < shape.size() ? ", " : "");
  dict += "), }";
  // Pad with spaces so that the data starts at a multiple of 64 bytes, as
  // NumPy does; the header ends with a newline.
  unsigned major =
      dict.size() + 1 + kMagicSize + 4 + kAlignment > 65535 ? 2 : 1;
  size_t preamble = kMagicSize + 2 + (major == 1 ? 2 : 4);
  size_t total =
      (preamble + dict.size() + 1 + kAlignment - 1) / kAlignment * kAlignment;
  size_t headerSize = total - preamble;
  dict.append(headerSize - dict.size() - 1, ' ');
  dict += '\n';

  std::string out(kMagic, kMagicSize);
  out += char(major);
  out += char(0);
  for (size_t i = 0; i < preamble - kMagicSize - 2; ++i)
    out += char((headerSize >> (8 * i)) & 0xff);
  out += dict;
  if (*dataSize)
    out.append(static_cast<const char *>(data), *dataSize);
  return out;
}

Status writeNpy(const std::string &path, DataType dataType,
                const std::vector<int64_t> &shape, const void *data) {
  Expected<std::string> contents = encodeNpy(dataType, shape, data);
  if (!contents)
    return error(path, contents.error().message);
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file)
    return error(path, std::string("cannot create: ") + std::strerror(errno));
  file.write(contents->data(), std::streamsize(contents->size()));
  file.close();
  if (!file)
    return error(path, "write error");
  return Status::ok();
}

Status writeNpy(const std::string &path, const NpyArray &array) {
  return writeNpy(path, array.dataType(), array.shape(), array.data());
}

NpyArray unpackFourBit(const NpyArray &packed) {
  bool isSigned = packed.dataType() == DataType::Int4;
  NpyArray values(isSigned ? DataType::Int8 : DataType::Uint8, packed.shape());
  const auto *in = packed.dataAs<uint8_t>();
  auto *out = values.dataAs<uint8_t>();
  for (int64_t i = 0, n = values.elementCount(); i < n; ++i) {
    int nibble = (in[i / 2] >> (i % 2 ? 4 : 0)) & 0xF;
    if (isSigned && nibble >= 8)
      nibble -= 16;
    out[i] = uint8_t(nibble);
  }
  return values;
}

Expected<NpyArray> packFourBit(const NpyArray &values, DataType target,
                               const std::string &name) {
  bool isSigned = target == DataType::Int4;
  DataType expected = isSigned ? DataType::Int8 : DataType::Uint8;
  if (values.dataType() != expected)
    return Error{name + ": " + rt::typeName(int32_t(target)) +
                 " data must come as " + rt::typeName(int32_t(expected)) +
                 " (one value per element), got " +
                 rt::typeName(int32_t(values.dataType()))};
  NpyArray packed(target, values.shape());
  const auto *in = values.dataAs<uint8_t>();
  auto *out = packed.dataAs<uint8_t>();
  for (int64_t i = 0, n = values.elementCount(); i < n; ++i) {
    int value = isSigned ? int(int8_t(in[i])) : int(in[i]);
    if (isSigned ? (value < -8 || value > 7) : value > 15)
      return Error{name + ": element " + std::to_string(i) + " (" +
                   std::to_string(value) + ") is out of the " +
                   rt::typeName(int32_t(target)) + " range"};
    out[i / 2] |= uint8_t((value & 0xF) << (i % 2 ? 4 : 0));
  }
  return packed;
}

} // namespace wnn
