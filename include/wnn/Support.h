//===- wnn/Support.h - Errors as values and data types ----------*- C++ -*-===//
//
// Light vocabulary types shared by the public API. No MLIR headers here.
//
//===----------------------------------------------------------------------===//
#ifndef WNN_SUPPORT_H
#define WNN_SUPPORT_H

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace wnn {

/// MLOperandDataType.
enum class DataType : int32_t {
  Float32 = 0,
  Float16 = 1,
  Int32 = 2,
  Uint32 = 3,
  Int64 = 4,
  Uint64 = 5,
  Int8 = 6,
  Uint8 = 7,
  Int4 = 8,
  Uint4 = 9,
};

/// The WebNN spelling ("float32", ...).
const char *dataTypeName(DataType type);
/// Parses a WebNN spelling; nullopt if unknown.
std::optional<DataType> parseDataType(const std::string &name);
/// Bytes per element; int4/uint4 report 1 (one element per byte unpacked).
size_t dataTypeSize(DataType type);

/// MLOperandDescriptor.
struct OperandDescriptor {
  DataType dataType = DataType::Float32;
  std::vector<int64_t> shape;

  int64_t elementCount() const;
  size_t byteSize() const { return elementCount() * dataTypeSize(dataType); }
  bool operator==(const OperandDescriptor &other) const {
    return dataType == other.dataType && shape == other.shape;
  }
};

/// An error reported as a value: one message that names the file, op, label
/// and operand it is about, as far as they are known.
struct Error {
  std::string message;
};

/// A value or an Error.
template <typename T> class Expected {
public:
  Expected(T value) : storage(std::move(value)) {}
  Expected(Error error) : storage(std::move(error)) {}

  explicit operator bool() const { return storage.index() == 0; }
  T &operator*() { return std::get<0>(storage); }
  const T &operator*() const { return std::get<0>(storage); }
  T *operator->() { return &std::get<0>(storage); }
  const T *operator->() const { return &std::get<0>(storage); }
  T take() { return std::move(std::get<0>(storage)); }
  const Error &error() const { return std::get<1>(storage); }

private:
  std::variant<T, Error> storage;
};

/// Success or an Error.
class Status {
public:
  Status() = default;
  Status(Error error) : failure(std::move(error)) {}
  static Status ok() { return Status(); }
  explicit operator bool() const { return !failure; }
  const Error &error() const { return *failure; }

private:
  std::optional<Error> failure;
};

} // namespace wnn

#endif // WNN_SUPPORT_H
