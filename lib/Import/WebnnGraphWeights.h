//===- Import/WebnnGraphWeights.h - webnn-graph weights files ---*- C++ -*-===//
//
// The weights of a webnn-graph model live in two files: a binary file that
// starts with the magic "WGWT" and a little-endian uint32 version (1), then
// the tensors' bytes; and a JSON manifest ("format": "wg-weights-manifest")
// that gives each tensor's dataType, shape, byteOffset (from the start of
// the file, header included) and byteLength.
//
// The binary file is mapped read-only and read in place; the builder copies
// each tensor once into its constant.
//
//===----------------------------------------------------------------------===//
#ifndef WNN_IMPORT_WEBNNGRAPHWEIGHTS_H
#define WNN_IMPORT_WEBNNGRAPHWEIGHTS_H

#include "wnn/Builder.h"

#include "Import/WptData.h"

#include <memory>
#include <string>

namespace wnn {
namespace webnn_graph {

/// A tensor's bytes inside the mapping, which `owner` keeps mapped.
struct TensorBytes {
  const void *data = nullptr;
  size_t size = 0;
  std::shared_ptr<const void> owner;
};

class WeightsFile {
public:
  /// Maps `weightsPath`, reads `manifestPath` and checks the header and the
  /// manifest's structure. Errors name the file at fault.
  static Expected<std::shared_ptr<WeightsFile>>
  open(const std::string &weightsPath, const std::string &manifestPath);

  /// The bytes of the manifest's tensor `key` after checking its entry
  /// against `declared` and the file's bounds. Errors name the file and
  /// the tensor.
  Expected<TensorBytes> tensor(const std::string &key,
                               const OperandDescriptor &declared) const;

  const std::string &weightsPath() const { return weights; }
  const std::string &manifestPath() const { return manifest; }

private:
  WeightsFile() = default;
  const wpt::Json *findEntry(const std::string &key) const;

  std::string weights, manifest;
  std::shared_ptr<const void> mapping; // unmapped with the last owner
  size_t size = 0;
  wpt::Json tensors; // the manifest's "tensors" object
};

} // namespace webnn_graph
} // namespace wnn

#endif // WNN_IMPORT_WEBNNGRAPHWEIGHTS_H
