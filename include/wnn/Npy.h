//===- wnn/Npy.h - NumPy .npy files -----------------------------*- C++ -*-===//
//
// Reads and writes NumPy .npy files (format versions 1, 2 and 3),
// little-endian and C order, for the WebNN data types that NumPy has:
// <f4 <f2 <i4 <u4 <i8 <u8 |i1 |u1. Part of the runtime library; no MLIR.
//
//===----------------------------------------------------------------------===//
#ifndef WNN_NPY_H
#define WNN_NPY_H

#include "wnn/Support.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace wnn {

/// A dense, C-order array with 64-byte aligned storage.
class NpyArray {
public:
  NpyArray() = default;
  /// A zero-filled array. int4/uint4 are not representable in .npy files
  /// but are stored packed, two elements per byte.
  NpyArray(DataType dataType, std::vector<int64_t> shape);
  NpyArray(const NpyArray &other);
  NpyArray &operator=(const NpyArray &other);
  NpyArray(NpyArray &&other) noexcept;
  NpyArray &operator=(NpyArray &&other) noexcept;

  DataType dataType() const { return type; }
  const std::vector<int64_t> &shape() const { return dims; }
  int64_t elementCount() const;
  size_t byteSize() const { return bytes; }

  void *data() { return storage.get(); }
  const void *data() const { return storage.get(); }
  template <typename T> T *dataAs() { return static_cast<T *>(data()); }
  template <typename T> const T *dataAs() const {
    return static_cast<const T *>(data());
  }

private:
  struct Free {
    void operator()(void *ptr) const;
  };
  DataType type = DataType::Float32;
  std::vector<int64_t> dims;
  size_t bytes = 0;
  std::unique_ptr<void, Free> storage;
};

/// "float32 [1,3,224,224]" (a scalar is "float32 []").
std::string formatTensorType(DataType dataType,
                             const std::vector<int64_t> &shape);

/// The .npy dtype string of a type ("<f4"), or null for int4/uint4.
const char *npyDescr(DataType dataType);

/// Parses the contents of a .npy file; `name` (a path) prefixes messages.
Expected<NpyArray> parseNpy(const void *contents, size_t size,
                            const std::string &name);
/// Reads a .npy file.
Expected<NpyArray> readNpy(const std::string &path);

/// The bytes of a .npy file holding `data` (dense, C order). Uses format
/// version 1 unless the header needs version 2.
Expected<std::string> encodeNpy(DataType dataType,
                                const std::vector<int64_t> &shape,
                                const void *data);
/// int4 / uint4 data as .npy files hold it: one value per element, in an
/// int8 / uint8 array of the same shape.
NpyArray unpackFourBit(const NpyArray &packed);
/// The packed int4 / uint4 array (`target`) of an int8 / uint8 array of
/// one value per element; fails naming `name` on a value out of range.
Expected<NpyArray> packFourBit(const NpyArray &values, DataType target,
                               const std::string &name);

/// Writes a .npy file.
Status writeNpy(const std::string &path, DataType dataType,
                const std::vector<int64_t> &shape, const void *data);
Status writeNpy(const std::string &path, const NpyArray &array);

} // namespace wnn

#endif // WNN_NPY_H
