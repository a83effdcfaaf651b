//===- ShapeOps.cpp - reshape, transpose, concat, slice, split, pad, ... --===//

#include "InferenceUtils.h"

using namespace mlir;
using namespace wnn::webnn;
using namespace wnn::webnn::detail;

static int64_t product(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

LogicalResult ReshapeOp::inferReturnTypes(MLIRContext *, Loc loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  if (failed(checkOperand(loc, "reshape", "input", adaptor.getInput())))
    return failure();
  auto type = tensorType(adaptor.getInput());
  ArrayRef<int64_t> shape = adaptor.getNewShape();
  for (int64_t d : shape)
    if (d < 1)
      return fail(loc, "newShape: dimension " + Twine(d) + " is not positive");
  if (product(shape) != type.getNumElements())
    return fail(loc, "newShape: " + shapeString(shape) + " holds " +
                         Twine(product(shape)) +
                         " elements but the input has " +
                         Twine(type.getNumElements()));
  types.push_back(type.clone(shape));
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType())
    return getInput();
  // A reshape of a reshape reads the first one's input.
  if (auto inner = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  return {};
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *, Loc loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  if (failed(checkOperand(loc, "transpose", "input", adaptor.getInput())))
    return failure();
  auto type = tensorType(adaptor.getInput());
  ArrayRef<int64_t> perm = adaptor.getPermutation();
  if (perm.size() != static_cast<size_t>(type.getRank()))
    return fail(loc, "permutation: expected " + Twine(type.getRank()) +
                         " values but got " + Twine(perm.size()));
  if (failed(checkAxes(loc, perm, type.getRank(), "permutation")))
    return failure();
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(type.getDimSize(p));
  types.push_back(type.clone(shape));
  return success();
}

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  ArrayRef<int64_t> perm = getPermutation();
  auto isIdentity = [](ArrayRef<int64_t> p) {
    for (size_t i = 0; i < p.size(); ++i)
      if (p[i] != int64_t(i))
        return false;
    return true;
  };
  if (isIdentity(perm))
    return getInput();
  // transpose(transpose(x, p), q) is transpose(x, r) with r[j] = p[q[j]].
  auto inner = getInput().getDefiningOp<TransposeOp>();
  if (!inner)
    return {};
  ArrayRef<int64_t> first = inner.getPermutation();
  SmallVector<int64_t> composed;
  for (int64_t q : perm)
    composed.push_back(first[q]);
  if (isIdentity(composed))
    return inner.getInput();
  getInputMutable().assign(inner.getInput());
  setPermutation(composed);
  return getResult();
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *, Loc loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  auto inputs = adaptor.getInputs();
  if (inputs.empty())
    return fail(loc, "inputs: expected at least one operand");
  // The table's row for every input: the others have inputs[0]'s type and
  // rank.
  if (failed(checkOperand(loc, "concat", "inputs", inputs[0])))
    return failure();
  auto first = tensorType(inputs[0]);
  int64_t axis = adaptor.getAxis();
  if (failed(checkAxis(loc, axis, first.getRank())))
    return failure();
  SmallVector<int64_t> shape(first.getShape());
  for (auto [i, value] : llvm::enumerate(inputs.drop_front())) {
    std::string name = "inputs[" + std::to_string(i + 1) + "]";
    if (failed(checkSameType(loc, value, inputs[0], name, "inputs[0]")))
      return failure();
    auto type = tensorType(value);
    bool compatible = type.getRank() == first.getRank();
    for (int64_t d = 0; compatible && d < first.getRank(); ++d)
      compatible = d == axis || type.getDimSize(d) == first.getDimSize(d);
    if (!compatible)
      return fail(loc, name + ": shape " + shapeString(type.getShape()) +
                           " does not match inputs[0]'s " +
                           shapeString(first.getShape()) + " outside axis " +
                           Twine(axis));
    shape[axis] += type.getDimSize(axis);
  }
  types.push_back(first.clone(shape));
  return success();
}

LogicalResult SliceOp::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  if (failed(checkOperand(loc, "slice", "input", adaptor.getInput())))
    return failure();
  auto type = tensorType(adaptor.getInput());
  size_t rank = type.getRank();
  ArrayRef<int64_t> starts = adaptor.getStarts(), sizes = adaptor.getSizes();
  SmallVector<int64_t> strides(rank, 1);
  if (auto s = adaptor.getStrides())
    strides.assign(s->begin(), s->end());
  if (failed(checkArray(loc, starts, rank, 0, "starts")) ||
      failed(checkArray(loc, sizes, rank, 1, "sizes")) ||
      failed(checkArray(loc, strides, rank, 1, "strides")))
    return failure();
  SmallVector<int64_t> shape;
  for (size_t i = 0; i < rank; ++i) {
    if (starts[i] + sizes[i] > type.getDimSize(i))
      return fail(loc, "sizes: start " + Twine(starts[i]) + " plus size " +
                           Twine(sizes[i]) + " exceeds dimension " + Twine(i) +
                           " (" + Twine(type.getDimSize(i)) + ")");
    shape.push_back((sizes[i] + strides[i] - 1) / strides[i]);
  }
  types.push_back(type.clone(shape));
  return success();
}

LogicalResult SplitOp::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  if (failed(checkOperand(loc, "split", "input", adaptor.getInput())))
    return failure();
  auto type = tensorType(adaptor.getInput());
  int64_t axis = adaptor.getAxis();
  if (failed(checkAxis(loc, axis, type.getRank())))
    return failure();
  ArrayRef<int64_t> splits = adaptor.getSplits();
  if (splits.empty())
    return fail(loc, "splits: expected at least one part");
  int64_t total = 0;
  for (int64_t s : splits) {
    if (s < 1)
      return fail(loc, "splits: part size " + Twine(s) + " is not positive");
    total += s;
  }
  if (total != type.getDimSize(axis))
    return fail(loc, "splits: the parts sum to " + Twine(total) +
                         " but dimension " + Twine(axis) + " has " +
                         Twine(type.getDimSize(axis)));
  for (int64_t s : splits) {
    SmallVector<int64_t> shape(type.getShape());
    shape[axis] = s;
    types.push_back(type.clone(shape));
  }
  return success();
}

LogicalResult PadOp::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,
                                      SmallVectorImpl<Type> &types) {
  if (failed(checkOperand(loc, "pad", "input", adaptor.getInput())))
    return failure();
  auto type = tensorType(adaptor.getInput());
  size_t rank = type.getRank();
  ArrayRef<int64_t> begin = adaptor.getBeginningPadding();
  ArrayRef<int64_t> end = adaptor.getEndingPadding();
  if (failed(checkArray(loc, begin, rank, 0, "beginningPadding")) ||
      failed(checkArray(loc, end, rank, 0, "endingPadding")))
    return failure();
  StringRef mode = adaptor.getMode();
  if (mode != "constant" && mode != "edge" && mode != "reflection" &&
      mode != "symmetric")
    return fail(loc, "mode: '" + mode +
                         "' is not 'constant', 'edge', 'reflection' or "
                         "'symmetric'");
  SmallVector<int64_t> shape;
  for (size_t i = 0; i < rank; ++i) {
    int64_t dim = type.getDimSize(i);
    // Reflection mirrors around the edge element, symmetric includes it.
    int64_t limit = mode == "reflection" ? dim - 1 : dim;
    if ((mode == "reflection" || mode == "symmetric") &&
        (begin[i] > limit || end[i] > limit))
      return fail(loc, "padding: " + mode + " padding of dimension " +
                           Twine(i) + " must be at most " + Twine(limit));
    shape.push_back(dim + begin[i] + end[i]);
  }
  types.push_back(type.clone(shape));
  return success();
}

LogicalResult ExpandOp::inferReturnTypes(MLIRContext *, Loc loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  if (failed(checkOperand(loc, "expand", "input", adaptor.getInput())))
    return failure();
  auto type = tensorType(adaptor.getInput());
  ArrayRef<int64_t> shape = adaptor.getNewShape();
  for (int64_t d : shape)
    if (d < 1)
      return fail(loc, "newShape: dimension " + Twine(d) + " is not positive");
  if (!broadcastsTo(type.getShape(), shape))
    return fail(loc, "newShape: the input's shape " +
                         shapeString(type.getShape()) +
                         " cannot be broadcast to " + shapeString(shape));
  types.push_back(type.clone(shape));
  return success();
}

LogicalResult GatherOp::inferReturnTypes(MLIRContext *, Loc loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  if (failed(checkOperand(loc, "gather", "input", adaptor.getInput())) ||
      failed(checkOperand(loc, "gather", "indices", adaptor.getIndices())))
    return failure();
  auto type = tensorType(adaptor.getInput());
  auto indices = tensorType(adaptor.getIndices());
  int64_t axis = adaptor.getAxis();
  if (failed(checkAxis(loc, axis, type.getRank())))
    return failure();
  SmallVector<int64_t> shape(type.getShape().take_front(axis));
  llvm::append_range(shape, indices.getShape());
  llvm::append_range(shape, type.getShape().drop_front(axis + 1));
  types.push_back(type.clone(shape));
  return success();
}

LogicalResult ReverseOp::inferReturnTypes(MLIRContext *, Loc loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  if (failed(checkOperand(loc, "reverse", "input", adaptor.getInput())))
    return failure();
  auto type = tensorType(adaptor.getInput());
  if (failed(checkAxes(loc, adaptor.getAxes(), type.getRank(), "axes")))
    return failure();
  types.push_back(type);
  return success();
}

LogicalResult TileOp::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  if (failed(checkOperand(loc, "tile", "input", adaptor.getInput())))
    return failure();
  auto type = tensorType(adaptor.getInput());
  ArrayRef<int64_t> repetitions = adaptor.getRepetitions();
  if (failed(checkArray(loc, repetitions, type.getRank(), 1, "repetitions")))
    return failure();
  SmallVector<int64_t> shape;
  for (auto [dim, times] : llvm::zip(type.getShape(), repetitions)) {
    int64_t size;
    if (__builtin_mul_overflow(dim, times, &size) || size > UINT32_MAX)
      return fail(loc, "repetitions: dimension " + Twine(shape.size()) +
                           " would be too large");
    shape.push_back(size);
  }
  types.push_back(type.clone(shape));
  return success();
}

LogicalResult TriangularOp::inferReturnTypes(MLIRContext *, Loc loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &types) {
  if (failed(checkOperand(loc, "triangular", "input", adaptor.getInput())))
    return failure();
  types.push_back(adaptor.getInput().getType());
  return success();
}
