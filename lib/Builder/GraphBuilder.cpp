//===- GraphBuilder.cpp - wnn::GraphBuilder -------------------------------===//
//
// Every method normalizes its options into the op's attributes and hands them
// to one generic routine, which runs the op's own type inference (the spec's
// validation steps) under a diagnostic handler before creating anything. So
// validation lives in the dialect only, and bad input becomes an Error.
//
//===----------------------------------------------------------------------===//

#include "Builder/BuilderImpl.h"

#include "webnn/IR/WebnnDialect.h"
#include "webnn/IR/WebnnOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <limits>

using namespace mlir;
using namespace wnn::webnn;

namespace wnn {

using namespace wnn::builder_detail;

// Ids are unique across builders so that an operand of another builder is
// recognized instead of aliasing one of ours.
static std::atomic<uint32_t> nextOperandId{0};

uint32_t builder_detail::newOperandId() {
  uint32_t id = nextOperandId.fetch_add(1);
  if (id == UINT32_MAX)
    id = nextOperandId.fetch_add(1);
  return id;
}

/// Constants at least this large are stored as dense_resource blobs.
static constexpr size_t kResourceThreshold = 64;

/// Checks an MLOperandDescriptor; returns an error message or "".
static std::string checkDescriptor(const OperandDescriptor &desc) {
  auto raw = static_cast<int32_t>(desc.dataType);
  if (raw < static_cast<int32_t>(DataType::Float32) ||
      raw > static_cast<int32_t>(DataType::Uint4))
    return "descriptor: unknown data type " + std::to_string(raw);
  int64_t count = 1;
  for (size_t i = 0; i < desc.shape.size(); ++i) {
    int64_t dim = desc.shape[i];
    if (dim <= 0 || dim > int64_t(UINT32_MAX))
      return "descriptor: dimension " + std::to_string(i) + " is " +
             std::to_string(dim) + " but must be in [1, 2^32)";
    if (__builtin_mul_overflow(count, dim, &count) ||
        count > std::numeric_limits<int64_t>::max() / 8)
      return "descriptor: the shape has too many elements";
  }
  return "";
}

/// A resource key made of identifier characters, from a label.
static std::string blobName(StringRef label) {
  std::string name;
  for (char c : label)
    name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (name.empty())
    return "cst";
  if (std::isdigit(static_cast<unsigned char>(name[0])))
    name.insert(0, "cst_");
  return name;
}

//===----------------------------------------------------------------------===//
// GraphBuilder::Impl
//===----------------------------------------------------------------------===//

Expected<ElementsAttr>
BuilderState::makeConstantValue(const OperandDescriptor &desc, const void *data,
                                size_t byteLength, StringRef label,
                                std::shared_ptr<const void> owner) {
  RankedTensorType type = toTensorType(context.get(), desc);
  const auto *bytes = static_cast<const char *>(data);
  // Sub-byte types come one element per byte; range-check and repack them.
  if (desc.dataType == DataType::Int4 || desc.dataType == DataType::Uint4) {
    bool isSigned = desc.dataType == DataType::Int4;
    SmallVector<APInt> values;
    values.reserve(byteLength);
    for (size_t i = 0; i < byteLength; ++i) {
      int value = isSigned ? int(static_cast<int8_t>(bytes[i]))
                           : int(static_cast<uint8_t>(bytes[i]));
      if (isSigned ? (value < -8 || value > 7) : value > 15)
        return error("constant", label,
                     "data: element " + Twine(i) + " (" + Twine(value) +
                         ") is out of the " + dataTypeName(desc.dataType) +
                         " range");
      values.push_back(APInt(4, value, isSigned));
    }
    return llvm::cast<ElementsAttr>(DenseElementsAttr::get(type, values));
  }
  ArrayRef<char> raw(bytes, byteLength);
  if (byteLength < kResourceThreshold || desc.elementCount() == 1)
    return llvm::cast<ElementsAttr>(
        DenseElementsAttr::getFromRawBuffer(type, raw));
  // Large weights live once in a blob that passes never copy. Bytes with an
  // owner are kept where they are when their address suits the element type.
  size_t alignment = 64;
  while (alignment > 1 && reinterpret_cast<uintptr_t>(data) % alignment)
    alignment /= 2;
  if (owner && alignment >= dataTypeSize(desc.dataType)) {
    AsmResourceBlob kept(
        raw, alignment,
        [owner = std::move(owner)](void *, size_t, size_t) mutable {
          owner.reset();
        },
        /*dataIsMutable=*/false);
    return llvm::cast<ElementsAttr>(
        DenseResourceElementsAttr::get(type, blobName(label), std::move(kept)));
  }
  AsmResourceBlob blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(
      raw, /*align=*/64, /*dataIsMutable=*/false);
  return llvm::cast<ElementsAttr>(
      DenseResourceElementsAttr::get(type, blobName(label), std::move(blob)));
}

//===----------------------------------------------------------------------===//
// GraphBuilder: inputs, constants, build
//===----------------------------------------------------------------------===//

GraphBuilder::GraphBuilder(std::string sourceName)
    : impl(std::make_unique<Impl>(std::move(sourceName))) {}

GraphBuilder::~GraphBuilder() = default;

Expected<Operand> GraphBuilder::input(const std::string &name,
                                      const OperandDescriptor &desc) {
  Impl &s = *impl;
  if (Status usable = s.checkUsable("input", name); !usable)
    return usable.error();
  if (name.empty())
    return s.error("input", "", "name: must not be empty");
  if (s.inputNames.contains(name))
    return s.error("input", name, "name: already used by another input");
  if (std::string message = checkDescriptor(desc); !message.empty())
    return s.error("input", name, message);

  unsigned index = s.main.getNumArguments();
  DictionaryAttr attrs = s.builder.getDictionaryAttr(
      s.named(WebnnDialect::getNameAttrName(), s.str(name)));
  if (failed(s.main.insertArgument(index, toTensorType(s.context.get(), desc),
                                   attrs, s.location("input", name))))
    return s.error("input", name, "cannot add the graph input");
  s.inputNames.insert(name);
  return s.record(s.main.getArgument(index));
}

Expected<Operand> GraphBuilder::constant(const OperandDescriptor &desc,
                                         const void *data, size_t byteLength,
                                         const OperatorOptions &o) {
  return constant(desc, SharedBytes{data, byteLength, nullptr}, o);
}

Expected<Operand> GraphBuilder::constant(const OperandDescriptor &desc,
                                         SharedBytes bytes,
                                         const OperatorOptions &o) {
  Impl &s = *impl;
  if (Status usable = s.checkUsable("constant", o.label); !usable)
    return usable.error();
  if (std::string message = checkDescriptor(desc); !message.empty())
    return s.error("constant", o.label, message);
  if (bytes.size != desc.byteSize())
    return s.error("constant", o.label,
                   "data: byteLength " + Twine(bytes.size) +
                       " does not match the descriptor's " +
                       Twine(desc.byteSize()) + " bytes");
  if (!bytes.data)
    return s.error("constant", o.label, "data: no buffer");
  auto value = s.makeConstantValue(desc, bytes.data, bytes.size, o.label,
                                   std::move(bytes.owner));
  if (!value)
    return value.error();
  return s.emitOne<ConstantOp>(o.label, {}, {s.named("value", *value)});
}

Expected<OperandDescriptor> GraphBuilder::descriptor(Operand operand) const {
  auto it =
      operand.valid() ? impl->entries.find(operand.id) : impl->entries.end();
  if (it == impl->entries.end())
    return impl->error("descriptor", "",
                       "operand: not an operand of this builder");
  return it->second.desc;
}

Expected<Graph> GraphBuilder::build(
    const std::vector<std::pair<std::string, Operand>> &outputs) {
  Impl &s = *impl;
  if (Status usable = s.checkUsable("build", ""); !usable)
    return usable.error();
  if (outputs.empty())
    return s.error("build", "", "outputs: expected at least one output");

  llvm::StringSet<> names;
  SmallVector<Value> results;
  for (const auto &[name, operand] : outputs) {
    if (name.empty())
      return s.error("build", "", "outputs: an output name is empty");
    std::string what = "output '" + name + "'";
    if (!names.insert(name).second)
      return s.error("build", "", what + ": the name is used twice");
    auto value = s.lookup("build", "", what, operand);
    if (!value)
      return value.error();
    // The spec requires outputs to be computed by operations.
    if (isa<BlockArgument>(*value))
      return s.error("build", "", what + ": is a graph input");
    if (value->getDefiningOp<ConstantOp>())
      return s.error("build", "", what + ": is a constant");
    results.push_back(*value);
  }

  s.built = true;
  MLIRContext *ctx = s.context.get();
  func::ReturnOp::create(s.builder,
                         FileLineColLoc::get(ctx, s.sourceName, 0, 0), results);
  s.main.setFunctionType(FunctionType::get(ctx, s.main.getArgumentTypes(),
                                           ValueRange(results).getTypes()));
  for (auto [index, output] : llvm::enumerate(outputs))
    s.main.setResultAttr(index, WebnnDialect::getNameAttrName(),
                         s.str(output.first));
  return makeGraphFromModule(s.context, std::move(s.module), s.sourceName);
}

} // namespace wnn
