//===- WebnnToOneDNN.cpp - conv2d/matmul/gemm as runtime kernel calls -----===//
//
// Each kernel becomes a wnn_rt.call on tensors in destination-passing style:
// its inputs, and an empty tensor for the result. Bufferization then gives
// the call dense buffers, and every later pass sees what the call reads and
// writes; wnn-lower-runtime-calls passes pointers only at the end.
//
//===----------------------------------------------------------------------===//

#include "Conversion/ContextArgument.h"
#include "Conversion/Passes.h"
#include "webnn/IR/WebnnOps.h"
#include "wnn/c/artifact.h"
#include "wnn_rt/IR/WnnRtOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cstring>

namespace wnn {
#define GEN_PASS_DEF_CONVERTWEBNNTOONEDNN
#include "Conversion/Passes.h.inc"
} // namespace wnn

using namespace mlir;
using namespace wnn::webnn;

namespace wnn {
namespace {

int64_t doubleBits(double value) {
  int64_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  return bits;
}

/// The post-op for an activation op, or nullopt if it has none.
std::optional<std::array<int64_t, WNN_POST_OP_WORDS>>
activationPostOp(Operation *op) {
  auto record = [](wnn_post_op_kind kind, double alpha = 0, double beta = 0) {
    return std::array<int64_t, WNN_POST_OP_WORDS>{kind, doubleBits(alpha),
                                                  doubleBits(beta)};
  };
  if (isa<ReluOp>(op))
    return record(WNN_POST_RELU);
  if (auto leaky = dyn_cast<LeakyReluOp>(op))
    return record(WNN_POST_LEAKY_RELU, leaky.getAlpha().convertToDouble());
  if (auto clamp = dyn_cast<ClampOp>(op))
    return record(WNN_POST_CLAMP, clamp.getMinValue().convertToDouble(),
                  clamp.getMaxValue().convertToDouble());
  if (isa<SigmoidOp>(op))
    return record(WNN_POST_SIGMOID);
  if (isa<TanhOp>(op))
    return record(WNN_POST_TANH);
  if (auto elu = dyn_cast<EluOp>(op))
    return record(WNN_POST_ELU, elu.getAlpha().convertToDouble());
  if (isa<GeluOp>(op))
    return record(WNN_POST_GELU);
  if (isa<HardSwishOp>(op))
    return record(WNN_POST_HARD_SWISH);
  if (auto linear = dyn_cast<LinearOp>(op))
    return record(WNN_POST_LINEAR, linear.getAlpha().convertToDouble(),
                  linear.getBeta().convertToDouble());
  return std::nullopt;
}

/// The ops after a kernel that fold into its call: an activation, an add of
/// a same-shaped tensor (the residual), and another activation, each the
/// only user of the previous result.
struct FusedTail {
  SmallVector<Operation *> ops; // in order
  SmallVector<int64_t> postOps; // flattened records
  int64_t count = 0;
  Value residual;
  Value result; // the value the call replaces
};

/// Whether oneDNN can add a residual to `kernel`'s result as a post-op.
/// oneDNN 2.6 infers a binary post-op's broadcast from the operand's unit
/// dimensions, and its gemm-based convolution then adds a residual whose
/// output has a unit spatial dimension besides the batch wrongly; such a
/// convolution leaves the add to generated code.
///
/// An NCHW convolution leaves its residual add to generated code too: a
/// residual binds the destination to the caller's plain NCHW layout, where
/// oneDNN 2.6 has only its gemm-based convolution (ResNet-50's residual
/// convolutions ran 4x slower), while without it the convolution runs in a
/// blocked layout of oneDNN's choice.
///
/// A grouped convolution that is not depthwise runs on oneDNN 2.6's
/// gemm-based convolution too, which adds the residual wrongly there
/// (test/fuzz/regressions, seed 2000768).
bool canFuseResidual(Operation *kernel) {
  auto conv = dyn_cast<Conv2dOp>(kernel);
  if (!conv)
    return true;
  if (conv.getInputLayout() == "nchw")
    return false;
  int64_t groups = int64_t(conv.getGroups());
  int64_t channels =
      cast<RankedTensorType>(conv.getInput().getType()).getShape().back();
  if (groups > 1 && groups != channels)
    return false;
  ArrayRef<int64_t> shape =
      cast<RankedTensorType>(conv.getOutput().getType()).getShape();
  return llvm::all_of(shape.drop_front(), [](int64_t d) { return d > 1; });
}

/// The oneDNN eltwise algorithm a post-op record runs as: relu and leakyRelu
/// are one algorithm with different slopes.
int64_t eltwiseAlgorithm(ArrayRef<int64_t> record) {
  return record[0] == WNN_POST_LEAKY_RELU ? WNN_POST_RELU : record[0];
}

/// Whether `record` can follow the post-ops already in `tail`. oneDNN 2.6's
/// brgemm kernels run every eltwise post-op of one algorithm with the
/// parameters of its first (relu then leakyRelu(0.5) gives relu twice), so
/// an activation that repeats an algorithm with other parameters stays in
/// generated code.
bool canFollow(const FusedTail &tail, ArrayRef<int64_t> record) {
  for (int64_t i = 0; i < tail.count; ++i) {
    ArrayRef<int64_t> earlier =
        ArrayRef(tail.postOps).slice(i * WNN_POST_OP_WORDS, WNN_POST_OP_WORDS);
    if (earlier[0] != WNN_POST_ADD_TENSOR &&
        eltwiseAlgorithm(earlier) == eltwiseAlgorithm(record) &&
        earlier.drop_front() != record.drop_front())
      return false;
  }
  return true;
}

FusedTail collectTail(Operation *kernel) {
  FusedTail tail;
  tail.result = kernel->getResult(0);
  auto soleUser = [](Value v) -> Operation * {
    return v.hasOneUse() ? *v.getUsers().begin() : nullptr;
  };
  auto tryActivation = [&]() {
    Operation *user = soleUser(tail.result);
    if (!user)
      return;
    auto record = activationPostOp(user);
    if (record && canFollow(tail, *record)) {
      tail.postOps.append(record->begin(), record->end());
      ++tail.count;
      tail.ops.push_back(user);
      tail.result = user->getResult(0);
    }
  };
  tryActivation();
  auto add = canFuseResidual(kernel)
                 ? dyn_cast_or_null<AddOp>(soleUser(tail.result))
                 : AddOp();
  if (add) {
    Value other = add.getA() == tail.result ? add.getB() : add.getA();
    if (other != tail.result && other.getType() == tail.result.getType() &&
        add.getOutput().getType() == tail.result.getType()) {
      tail.residual = other;
      tail.postOps.append({WNN_POST_ADD_TENSOR, 0, 0});
      ++tail.count;
      tail.ops.push_back(add);
      tail.result = add.getOutput();
      tryActivation();
    }
  }
  return tail;
}

/// Rewrites a kernel op (and its fused tail) into a wnn_rt.call on tensors.
/// `operands` are the kernel's inputs in the order of its parameter block;
/// absent ones (null) are left out, as the runtime ABI packs them.
void emitKernelCall(func::FuncOp func, Operation *kernel, StringRef callee,
                    SmallVector<int64_t> params, ArrayRef<Value> operands) {
  FusedTail tail = collectTail(kernel);
  params.push_back(tail.count);
  params.append(tail.postOps);
  Operation *last = tail.ops.empty() ? kernel : tail.ops.back();
  OpBuilder b(last);
  Location loc = kernel->getLoc();

  SmallVector<Value> inputs;
  for (Value operand : operands)
    if (operand)
      inputs.push_back(operand);
  if (tail.residual)
    inputs.push_back(tail.residual);
  auto resultType = cast<RankedTensorType>(tail.result.getType());
  Value init = tensor::EmptyOp::create(b, loc, resultType.getShape(),
                                       resultType.getElementType());
  auto call = rt::CallOp::create(b, loc, callee, getOrAddContextArgument(func),
                                 params, inputs, init);
  tail.result.replaceAllUsesWith(call.getResult());
  for (Operation *op : llvm::reverse(tail.ops))
    op->erase();
  kernel->erase();
}

bool isF32(Value v) {
  return cast<RankedTensorType>(v.getType()).getElementType().isF32();
}

/// A webnn.transpose of `value` inserted before `op`.
Value transposeBefore(Operation *op, Value value, ArrayRef<int64_t> perm) {
  OpBuilder b(op);
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(type.getDimSize(p));
  return TransposeOp::create(b, op->getLoc(), type.clone(shape), value,
                             b.getDenseI64ArrayAttr(perm));
}

void lowerConv2d(func::FuncOp func, Conv2dOp op) {
  Value filter = op.getFilter();
  StringRef layout = op.getFilterLayout();
  if (layout == "hwio")
    filter = transposeBefore(op, filter, {3, 2, 0, 1});
  else if (layout == "ohwi")
    filter = transposeBefore(op, filter, {0, 3, 1, 2});
  else if (layout == "ihwo")
    filter = transposeBefore(op, filter, {3, 0, 1, 2});
  bool nhwc = op.getInputLayout() == "nhwc";
  auto in = cast<RankedTensorType>(op.getInput().getType()).getShape();
  auto f = cast<RankedTensorType>(filter.getType()).getShape();
  auto out = cast<RankedTensorType>(op.getOutput().getType()).getShape();
  auto nchw = [&](ArrayRef<int64_t> s) {
    return nhwc ? SmallVector<int64_t>{s[0], s[3], s[1], s[2]}
                : SmallVector<int64_t>(s);
  };
  SmallVector<int64_t> i = nchw(in), o = nchw(out);
  ArrayRef<int64_t> pad = op.getPadding();
  SmallVector<int64_t> params{i[0],
                              i[1],
                              i[2],
                              i[3],
                              f[0],
                              f[2],
                              f[3],
                              o[2],
                              o[3],
                              static_cast<int64_t>(op.getGroups()),
                              op.getStrides()[0],
                              op.getStrides()[1],
                              op.getDilations()[0],
                              op.getDilations()[1],
                              pad[0],
                              pad[1],
                              pad[2],
                              pad[3],
                              nhwc ? 1 : 0,
                              op.getBias() ? 1 : 0};
  emitKernelCall(func, op, "wnn_rt_conv2d", params,
                 {op.getInput(), filter, op.getBias()});
}

/// Appends `shape` left-padded with 1s to `rank` dims.
void appendPadded(SmallVectorImpl<int64_t> &params, ArrayRef<int64_t> shape,
                  int64_t rank) {
  params.append(rank - shape.size(), 1);
  params.append(shape.begin(), shape.end());
}

void lowerMatmul(func::FuncOp func, Operation *op, Value a, Value b, Value c,
                 bool transA, bool transB, double alpha) {
  auto aShape = cast<RankedTensorType>(a.getType()).getShape();
  auto bShape = cast<RankedTensorType>(b.getType()).getShape();
  auto outShape = cast<RankedTensorType>(op->getResult(0).getType()).getShape();
  int64_t rank = outShape.size();
  SmallVector<int64_t> params{rank};
  appendPadded(params, aShape, rank);
  appendPadded(params, bShape, rank);
  appendPadded(params, outShape, rank);
  params.append({transA, transB, doubleBits(alpha), c ? 1 : 0});
  if (c)
    appendPadded(params, cast<RankedTensorType>(c.getType()).getShape(), rank);
  else
    params.append(rank, 0);
  emitKernelCall(func, op, "wnn_rt_matmul", params, {a, b, c});
}

struct ConvertWebnnToOneDNNPass
    : impl::ConvertWebnnToOneDNNBase<ConvertWebnnToOneDNNPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> graphs;
    for (auto func : module.getOps<func::FuncOp>())
      if (!func.isExternal())
        graphs.push_back(func);
    for (func::FuncOp func : graphs) {
      SmallVector<Operation *> kernels;
      func.walk([&](Operation *op) {
        if (isa<Conv2dOp, MatmulOp, GemmOp>(op) && isF32(op->getOperand(0)))
          kernels.push_back(op);
      });
      if (kernels.empty())
        continue;
      ensureContextArgument(func);
      for (Operation *op : kernels) {
        if (auto conv = dyn_cast<Conv2dOp>(op)) {
          lowerConv2d(func, conv);
        } else if (auto matmul = dyn_cast<MatmulOp>(op)) {
          lowerMatmul(func, op, matmul.getA(), matmul.getB(), Value(), false,
                      false, 1.0);
        } else if (auto gemm = dyn_cast<GemmOp>(op)) {
          Value c = gemm.getC();
          double beta = gemm.getBeta().convertToDouble();
          if (c && beta == 0.0)
            c = Value();
          if (c && beta != 1.0) {
            // Fold beta into c: c' = beta * c, computed by generated code.
            OpBuilder b(op);
            auto scalarType = RankedTensorType::get({}, b.getF32Type());
            Value betaValue = ConstantOp::create(
                b, op->getLoc(), scalarType,
                DenseElementsAttr::get(scalarType, static_cast<float>(beta)));
            c = MulOp::create(b, op->getLoc(), c.getType(), c, betaValue);
          }
          lowerMatmul(func, op, gemm.getA(), gemm.getB(), c,
                      gemm.getATranspose(), gemm.getBTranspose(),
                      gemm.getAlpha().convertToDouble());
        }
      }
    }
  }
};

} // namespace
} // namespace wnn
