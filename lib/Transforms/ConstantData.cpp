//===- ConstantData.cpp - Reading and making constants --------------------===//

#include "Transforms/ConstantData.h"

#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/APFloat.h"

#include <cstring>

using namespace mlir;

namespace wnn {

ArrayRef<char> packedBytes(ElementsAttr value) {
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value))
    return resource.getData();
  if (auto dense = dyn_cast<DenseElementsAttr>(value))
    if (!dense.isSplat() &&
        dense.getElementType().getIntOrFloatBitWidth() % 8 == 0)
      return dense.getRawData();
  return {};
}

ElementsAttr makeConstant(ElementsAttr like, RankedTensorType type,
                          ArrayRef<char> bytes) {
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(like)) {
    AsmResourceBlob blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(
        bytes, /*align=*/64, /*dataIsMutable=*/false);
    std::string name = (resource.getRawHandle().getKey() + "_t").str();
    return DenseResourceElementsAttr::get(type, name, std::move(blob));
  }
  return DenseElementsAttr::getFromRawBuffer(type, bytes);
}

ElementsAttr transposeConstant(ElementsAttr value, ArrayRef<int64_t> perm) {
  auto sourceType = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(sourceType.getDimSize(p));
  auto resultType = sourceType.clone(shape);
  if (auto dense = dyn_cast<DenseElementsAttr>(value); dense && dense.isSplat())
    return dense.resizeSplat(resultType);
  ArrayRef<char> source = packedBytes(value);
  if (source.empty() || !resultType.hasStaticShape())
    return {};
  int64_t elementBytes = resultType.getElementTypeBitWidth() / 8;
  if (int64_t(source.size()) != sourceType.getNumElements() * elementBytes)
    return {};

  // Walk the result in order; `offset` follows the matching source element
  // through the source's strides.
  int64_t rank = shape.size();
  SmallVector<int64_t> sourceStrides(rank, 1);
  for (int64_t d = rank - 2; d >= 0; --d)
    sourceStrides[d] = sourceStrides[d + 1] * sourceType.getDimSize(d + 1);
  SmallVector<int64_t> strides(rank);
  for (int64_t d = 0; d < rank; ++d)
    strides[d] = sourceStrides[perm[d]];
  std::vector<char> result(source.size());
  SmallVector<int64_t> index(rank, 0);
  int64_t offset = 0;
  for (int64_t i = 0, e = resultType.getNumElements(); i < e; ++i) {
    std::memcpy(&result[i * elementBytes], &source[offset * elementBytes],
                elementBytes);
    for (int64_t d = rank - 1; d >= 0; --d) {
      offset += strides[d];
      if (++index[d] < shape[d])
        break;
      offset -= strides[d] * shape[d];
      index[d] = 0;
    }
  }
  return makeConstant(value, resultType, result);
}

ElementsAttr reshapeConstant(ElementsAttr value, RankedTensorType type) {
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value))
    return DenseResourceElementsAttr::get(type, resource.getRawHandle());
  if (auto dense = dyn_cast<DenseElementsAttr>(value))
    return dense.reshape(type);
  return {};
}

std::optional<std::vector<double>> readFloats(ElementsAttr value) {
  Type element = value.getElementType();
  if (!element.isF32() && !element.isF16())
    return std::nullopt;
  int64_t count = value.getNumElements();
  std::vector<double> result(count);
  if (auto dense = dyn_cast<DenseElementsAttr>(value)) {
    int64_t i = 0;
    for (APFloat v : dense.getValues<APFloat>())
      result[i++] = v.convertToDouble();
    return result;
  }
  ArrayRef<char> bytes = packedBytes(value);
  size_t size = element.isF32() ? 4 : 2;
  if (int64_t(bytes.size()) != count * int64_t(size))
    return std::nullopt;
  for (int64_t i = 0; i < count; ++i) {
    if (element.isF32()) {
      float f;
      std::memcpy(&f, bytes.data() + i * 4, 4);
      result[i] = f;
    } else {
      uint16_t bits;
      std::memcpy(&bits, bytes.data() + i * 2, 2);
      result[i] =
          APFloat(APFloat::IEEEhalf(), APInt(16, bits)).convertToDouble();
    }
  }
  return result;
}

ElementsAttr makeFloatConstant(ElementsAttr like, RankedTensorType type,
                               ArrayRef<double> values) {
  bool f32 = type.getElementType().isF32();
  std::vector<char> bytes(values.size() * (f32 ? 4 : 2));
  for (size_t i = 0; i < values.size(); ++i) {
    if (f32) {
      float f = float(values[i]);
      std::memcpy(bytes.data() + i * 4, &f, 4);
    } else {
      bool lost;
      APFloat v(values[i]);
      v.convert(APFloat::IEEEhalf(), APFloat::rmNearestTiesToEven, &lost);
      uint16_t bits = uint16_t(v.bitcastToAPInt().getZExtValue());
      std::memcpy(bytes.data() + i * 2, &bits, 2);
    }
  }
  // Small results stay dense attributes, like the builder's constants.
  if (bytes.size() < 64 || !isa_and_nonnull<DenseResourceElementsAttr>(like))
    return DenseElementsAttr::getFromRawBuffer(type, bytes);
  return makeConstant(like, type, bytes);
}

} // namespace wnn
