//===- Support.cpp - Data type helpers of the public API ------------------===//

#include "wnn/Support.h"

namespace wnn {

namespace {
struct DataTypeInfo {
  DataType type;
  const char *name;
  size_t size;
};
} // namespace

// int4/uint4 take one byte each: the API passes them unpacked.
static constexpr DataTypeInfo kDataTypes[] = {
    {DataType::Float32, "float32", 4}, {DataType::Float16, "float16", 2},
    {DataType::Int32, "int32", 4},     {DataType::Uint32, "uint32", 4},
    {DataType::Int64, "int64", 8},     {DataType::Uint64, "uint64", 8},
    {DataType::Int8, "int8", 1},       {DataType::Uint8, "uint8", 1},
    {DataType::Int4, "int4", 1},       {DataType::Uint4, "uint4", 1},
};

static const DataTypeInfo *lookup(DataType type) {
  for (const DataTypeInfo &info : kDataTypes)
    if (info.type == type)
      return &info;
  return nullptr;
}

const char *dataTypeName(DataType type) {
  const DataTypeInfo *info = lookup(type);
  return info ? info->name : "unknown";
}

std::optional<DataType> parseDataType(const std::string &name) {
  for (const DataTypeInfo &info : kDataTypes)
    if (name == info.name)
      return info.type;
  return std::nullopt;
}

size_t dataTypeSize(DataType type) {
  const DataTypeInfo *info = lookup(type);
  return info ? info->size : 0;
}

int64_t OperandDescriptor::elementCount() const {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

} // namespace wnn
