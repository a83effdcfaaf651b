//===- WebnnGraphWeights.cpp - webnn-graph weights files ------------------===//
//
// Validation is strict because the offsets come from a file: every range is
// checked against the mapped size (without overflow) before a byte is read,
// and every entry must agree with the constant that refers to it.
//
//===----------------------------------------------------------------------===//

#include "Import/WebnnGraphWeights.h"

#include "wnn/Import.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wnn {
namespace webnn_graph {
namespace {

constexpr size_t kHeaderSize = 8; // "WGWT" + uint32 version
constexpr uint32_t kVersion = 1;

std::string quote(const std::string &text) { return "'" + text + "'"; }

bool readU64(const wpt::Json &value, uint64_t &out) {
  if (value.is_number_unsigned()) {
    out = value.get<uint64_t>();
    return true;
  }
  if (value.is_number_integer() && value.get<int64_t>() >= 0) {
    out = uint64_t(value.get<int64_t>());
    return true;
  }
  return false;
}

std::string shapeText(const std::vector<int64_t> &shape) {
  return wpt::shapeString(shape);
}

} // namespace

Expected<std::shared_ptr<WeightsFile>>
WeightsFile::open(const std::string &weightsPath,
                  const std::string &manifestPath) {
  std::shared_ptr<WeightsFile> file(new WeightsFile());
  file->weights = weightsPath;
  file->manifest = manifestPath;

  // The manifest first: its errors are the more likely ones.
  Expected<std::string> text = readFile(manifestPath);
  if (!text)
    return text.error();
  wpt::Json root;
  try {
    root = wpt::Json::parse(*text);
  } catch (const nlohmann::json::parse_error &error) {
    size_t offset = error.byte > 0 ? error.byte - 1 : 0;
    return Error{manifestPath + ": malformed JSON at byte offset " +
                 std::to_string(offset)};
  }
  auto bad = [&](const std::string &why) {
    return Error{manifestPath + ": " + why};
  };
  if (!root.is_object())
    return bad("the manifest must be a JSON object");
  auto format = root.find("format");
  if (format == root.end() || !format->is_string() ||
      format->get<std::string>() != "wg-weights-manifest")
    return bad("not a weights manifest: 'format' must be "
               "\"wg-weights-manifest\"");
  auto version = root.find("version");
  if (version != root.end() &&
      !(version->is_number_unsigned() && version->get<uint64_t>() == 1))
    return bad("unsupported manifest version " + version->dump() +
               " (expected 1)");
  auto endianness = root.find("endianness");
  if (endianness != root.end() &&
      !(endianness->is_string() && endianness->get<std::string>() == "little"))
    return bad("unsupported endianness " + endianness->dump() +
               " (only \"little\" is supported)");
  auto tensors = root.find("tensors");
  if (tensors == root.end() || !tensors->is_object())
    return bad("'tensors' must be an object keyed by tensor name");
  file->tensors = std::move(*tensors);

  int fd = ::open(weightsPath.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return Error{weightsPath +
                 ": cannot open weights file: " + std::strerror(errno)};
  struct stat info;
  if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    return Error{weightsPath + ": not a regular file"};
  }
  file->size = size_t(info.st_size);
  if (file->size < kHeaderSize) {
    ::close(fd);
    return Error{weightsPath + ": truncated: " + std::to_string(file->size) +
                 " bytes, too short for the 8-byte header"};
  }
  void *base = mmap(nullptr, file->size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (base == MAP_FAILED)
    return Error{weightsPath +
                 ": cannot map weights file: " + std::strerror(errno)};
  size_t length = file->size;
  file->mapping = std::shared_ptr<const void>(
      base, [length](const void *p) { munmap(const_cast<void *>(p), length); });

  const auto *bytes = static_cast<const unsigned char *>(base);
  if (std::memcmp(bytes, "WGWT", 4) != 0) {
    std::string found;
    for (int i = 0; i < 4; ++i) {
      char hex[5];
      std::snprintf(hex, sizeof(hex), "%02x", bytes[i]);
      found += (i ? " " : "") + std::string(hex);
    }
    return Error{weightsPath + ": bad magic: expected \"WGWT\", found " +
                 "bytes " + found};
  }
  uint32_t fileVersion = uint32_t(bytes[4]) | uint32_t(bytes[5]) << 8 |
                         uint32_t(bytes[6]) << 16 | uint32_t(bytes[7]) << 24;
  if (fileVersion != kVersion)
    return Error{weightsPath + ": unsupported weights version " +
                 std::to_string(fileVersion) + " (expected 1)"};
  return file;
}

const wpt::Json *WeightsFile::findEntry(const std::string &key) const {
  auto it = tensors.find(key);
  if (it != tensors.end())
    return &*it;
  // Models exported from ONNX may spell names with '.' or '::' in the
  // manifest and with '_' in the graph (the form rustnn's loader accepts).
  for (const auto &item : tensors.items()) {
    std::string spelled;
    const std::string &name = item.key();
    for (size_t i = 0; i < name.size(); ++i) {
      if (name.compare(i, 2, "::") == 0) {
        spelled += "__";
        ++i;
      } else {
        spelled += name[i] == '.' ? '_' : name[i];
      }
    }
    if (spelled == key)
      return &item.value();
  }
  return nullptr;
}

Expected<TensorBytes>
WeightsFile::tensor(const std::string &key,
                    const OperandDescriptor &declared) const {
  const wpt::Json *entry = findEntry(key);
  std::string where = manifest + ": tensor " + quote(key) + ": ";
  if (!entry)
    return Error{manifest + ": no tensor " + quote(key) + " in the manifest"};
  if (!entry->is_object())
    return Error{where + "the entry must be an object"};

  auto field = [&](const char *name) -> const wpt::Json * {
    auto it = entry->find(name);
    return it == entry->end() ? nullptr : &*it;
  };
  const wpt::Json *typeJson = field("dataType");
  if (!typeJson || !typeJson->is_string())
    return Error{where + "'dataType' must be a string"};
  std::optional<DataType> type = parseDataType(typeJson->get<std::string>());
  if (!type)
    return Error{where + "unknown dataType " +
                 quote(typeJson->get<std::string>())};
  OperandDescriptor stored;
  stored.dataType = *type;
  const wpt::Json *shapeJson = field("shape");
  if (!shapeJson || !shapeJson->is_array())
    return Error{where + "'shape' must be an array of dimensions"};
  for (const wpt::Json &dim : *shapeJson) {
    uint64_t value;
    if (!readU64(dim, value) || value > 0xffffffffull)
      return Error{where + "'shape' must hold integers in [0, 2^32)"};
    stored.shape.push_back(int64_t(value));
  }
  uint64_t offset, length;
  const wpt::Json *offsetJson = field("byteOffset");
  const wpt::Json *lengthJson = field("byteLength");
  if (!offsetJson || !readU64(*offsetJson, offset))
    return Error{where + "'byteOffset' must be a non-negative integer"};
  if (!lengthJson || !readU64(*lengthJson, length))
    return Error{where + "'byteLength' must be a non-negative integer"};

  if (stored.dataType != declared.dataType)
    return Error{where + "the manifest says " + dataTypeName(stored.dataType) +
                 " but the graph declares " + dataTypeName(declared.dataType)};
  if (stored.shape != declared.shape)
    return Error{where + "the manifest says shape " + shapeText(stored.shape) +
                 " but the graph declares " + shapeText(declared.shape)};
  int64_t count = 0;
  if (!wpt::elementCount(stored.shape, count) ||
      uint64_t(count) > wpt::kMaxTensorBytes)
    return Error{where + "shape " + shapeText(stored.shape) + " is too large"};
  uint64_t expected = uint64_t(count) * dataTypeSize(stored.dataType);
  if (length != expected)
    return Error{where + "byteLength " + std::to_string(length) +
                 " does not match " + dataTypeName(stored.dataType) + " " +
                 shapeText(stored.shape) + " (" + std::to_string(expected) +
                 " bytes)"};
  if (offset < kHeaderSize)
    return Error{where + "byteOffset " + std::to_string(offset) +
                 " lies inside the 8-byte header"};
  if (offset > size || length > size - offset)
    return Error{weights + ": tensor " + quote(key) + ": bytes [" +
                 std::to_string(offset) + ", " +
                 std::to_string(offset + length) + ") lie outside the file (" +
                 std::to_string(size) + " bytes): truncated weights?"};
  TensorBytes bytes;
  bytes.data = static_cast<const char *>(mapping.get()) + offset;
  bytes.size = size_t(length);
  bytes.owner = mapping;
  return bytes;
}

} // namespace webnn_graph
} // namespace wnn
