//===- Import/WptData.h - Tensor data in WPT conformance JSON ---*- C++ -*-===//
//
// Decoding of the `descriptor` and `data` fields of the WPT conformance JSON,
// shared by the importer (constants) and the conformance runner (inputs and
// expected outputs). Nothing here throws: failures return false and describe
// the problem in `why`, without file or operand context (callers add it).
//
//===----------------------------------------------------------------------===//
#ifndef WNN_IMPORT_WPTDATA_H
#define WNN_IMPORT_WPTDATA_H

#include "wnn/Support.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace wnn {
namespace wpt {

/// Key order matters in the WPT format (argument objects, expectedOutputs),
/// so every document is parsed into the insertion-ordered variant.
using Json = nlohmann::ordered_json;

/// Largest tensor the data decoders materialize, in bytes.
constexpr uint64_t kMaxTensorBytes = uint64_t(1) << 32;

/// Parses `{"shape": [...], "dataType": "..."}`. Dimensions must be
/// non-negative integers that fit in uint32.
bool parseDescriptor(const Json &json, OperandDescriptor &desc,
                     std::string &why);

/// Element count of `shape` (1 for a scalar); false on overflow.
bool elementCount(const std::vector<int64_t> &shape, int64_t &count);

/// True if `data` is WPT's fill form: one value repeated for every element.
bool isFillForm(const Json &data);

/// Converts `data` (an array of `count` values or the fill form) to `type`,
/// one element per byte for int4/uint4 (int4 sign-extended). Only the first
/// `limit` elements are produced when limit >= 0. Values convert as JS typed
/// arrays do: integers wrap modulo 2^bits, floats truncate toward zero and
/// NaN/infinity become 0; float16 rounds through float32.
bool encodeData(const Json &data, DataType type, int64_t count,
                std::vector<uint8_t> &bytes, std::string &why,
                int64_t limit = -1);

/// The values of `data` as doubles, for absolute-tolerance comparisons.
bool decodeDoubles(const Json &data, int64_t count, std::vector<double> &values,
                   std::string &why, int64_t limit = -1);

/// Reads one number: a JSON number, "NaN", "Infinity", "-Infinity" or a
/// decimal string (int64 values are sometimes written as strings).
bool readNumber(const Json &value, double &number);

/// IEEE binary16 conversions; float-to-half rounds to nearest even.
uint16_t floatToHalf(float value);
float halfToFloat(uint16_t bits);

/// Short human-readable rendering of a shape, e.g. "[2, 3]".
std::string shapeString(const std::vector<int64_t> &shape);

} // namespace wpt
} // namespace wnn

#endif // WNN_IMPORT_WPTDATA_H
