//===- runtime/OneDNNKernels.cpp - conv2d and matmul via oneDNN -----------===//
//
// The wnn_rt_* kernels of artifact.h. Each call site owns a constant
// parameter block; its address keys a per-session cache of the oneDNN
// primitive, its memory objects and, for constant weights, the weights
// reordered into the primitive's preferred layout.
//
// Weight cache rule: the reordered copy of a weights buffer is reused only
// when (1) it was made from the same source pointer by the same call site
// and (2) that pointer lies outside every caller input, every caller output
// and the arena of the run in progress, i.e. it points into the artifact's
// constant data, which never changes while the model is loaded. Weights that
// come from an input or from an intermediate tensor are reordered on every
// call.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <unordered_map>

using namespace wnn::rt;
using dnnl::memory;
using Tag = dnnl::memory::format_tag;
using Dims = dnnl::memory::dims;

namespace {

constexpr auto kF32 = memory::data_type::f32;
// oneDNN supports at most 32 post-ops per primitive.
constexpr int64_t kMaxPostOps = 32;

/// A parameter block that cannot describe a valid kernel call.
struct BadParams : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const dnnl::engine &cpuEngine() {
  static const dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

const char *statusName(dnnl_status_t status) {
  switch (status) {
  case dnnl_out_of_memory:
    return "out of memory";
  case dnnl_invalid_arguments:
    return "invalid arguments";
  case dnnl_unimplemented:
    return "unimplemented";
  case dnnl_runtime_error:
    return "runtime error";
  default:
    return "error";
  }
}

std::string dimsText(const Dims &dims) {
  std::string text = "[";
  for (size_t i = 0; i < dims.size(); ++i)
    text += (i ? "," : "") + std::to_string(dims[i]);
  return text + "]";
}

Dims rowMajorStrides(const Dims &dims) {
  Dims strides(dims.size(), 1);
  for (size_t i = dims.size(); i-- > 1;)
    strides[i - 1] = strides[i] * dims[i];
  return strides;
}

int64_t product(const Dims &dims) {
  int64_t n = 1;
  for (int64_t d : dims)
    n *= d;
  return n;
}

/// A 64-byte aligned heap buffer.
struct AlignedBuffer {
  void *data = nullptr;
  size_t bytes = 0;
  AlignedBuffer() = default;
  AlignedBuffer(const AlignedBuffer &) = delete;
  AlignedBuffer &operator=(const AlignedBuffer &) = delete;
  ~AlignedBuffer() { std::free(data); }
  void reserve(size_t size) {
    if (size <= bytes)
      return;
    void *fresh = std::aligned_alloc(64, (size + 63) / 64 * 64);
    if (!fresh)
      throw std::bad_alloc();
    std::free(data);
    data = fresh;
    bytes = size;
  }
};

/// The weights operand of a cached primitive.
struct Weights {
  memory user;   ///< the caller's buffer in its own layout
  memory packed; ///< the primitive's layout; null if it takes `user` as is
  dnnl::reorder pack;
  size_t bytes = 0; ///< size of the caller's buffer
  /// Non-null when `packed` holds the reorder of this constant buffer.
  const void *cachedSource = nullptr;
};

/// One call site's primitive with its argument memories.
struct Kernel {
  std::vector<int64_t> params; ///< copy of the block, to detect a reused key
  dnnl::primitive prim;
  std::unordered_map<int, memory> args;
  /// `args` as the C API takes them, built once: executing through the
  /// C++ wrapper would build this array on every call.
  std::vector<dnnl_exec_arg_t> execArgs;
  memory src, bias, dst, residual, scratch;
  Weights weights;
  int residualArg = 0; ///< DNNL_ARG_* of the residual's binary post-op

  // conv2d on NCHW activations: oneDNN's plain-NCHW convolutions are its
  // slow (gemm-based) ones, so the primitive may run on a layout of its
  // choice, with `src`/`dst` in kernel-owned buffers reordered from and to
  // the caller's (`userSrc`/`userDst`).
  memory userSrc, userDst;
  dnnl::reorder srcReorder, dstReorder;
  AlignedBuffer srcBuffer, dstBuffer;

  // matmul: c as a binary post-op, broadcast by oneDNN or expanded here.
  memory c;
  int cArg = 0;
  Dims cDims, outDims;
  bool expandC = false;
  AlignedBuffer cExpanded;
  /// Non-null when cExpanded holds the broadcast of this constant c.
  const void *cExpandedSource = nullptr;
  AlignedBuffer residualCopy, cCopy;
};

float paramF32(int64_t word) { return float(wnn_param_f64(word)); }

/// Appends the post-op records to `ops`. The residual operand, if any, gets
/// `dstMd` as its descriptor; returns its DNNL_ARG_* (0 if none).
int appendPostOps(dnnl::post_ops &ops, const int64_t *records, int64_t count,
                  const memory::desc &dstMd) {
  using dnnl::algorithm;
  int residualArg = 0;
  for (int64_t i = 0; i < count; ++i) {
    const int64_t *r = records + i * WNN_POST_OP_WORDS;
    float alpha = paramF32(r[1]), beta = paramF32(r[2]);
    switch (r[0]) {
    case WNN_POST_RELU:
      ops.append_eltwise(1.f, algorithm::eltwise_relu, 0.f, 0.f);
      break;
    case WNN_POST_LEAKY_RELU:
      ops.append_eltwise(1.f, algorithm::eltwise_relu, alpha, 0.f);
      break;
    case WNN_POST_CLAMP:
      ops.append_eltwise(1.f, algorithm::eltwise_clip_v2, alpha, beta);
      break;
    case WNN_POST_SIGMOID:
      ops.append_eltwise(1.f, algorithm::eltwise_logistic, 0.f, 0.f);
      break;
    case WNN_POST_TANH:
      ops.append_eltwise(1.f, algorithm::eltwise_tanh, 0.f, 0.f);
      break;
    case WNN_POST_ELU:
      ops.append_eltwise(1.f, algorithm::eltwise_elu, alpha, 0.f);
      break;
    case WNN_POST_GELU:
      ops.append_eltwise(1.f, algorithm::eltwise_gelu_erf, 0.f, 0.f);
      break;
    case WNN_POST_HARD_SWISH:
      // oneDNN 2.x hardswish has no parameters: x * relu6(x + 3) / 6.
      ops.append_eltwise(1.f, algorithm::eltwise_hardswish, 0.f, 0.f);
      break;
    case WNN_POST_LINEAR:
      ops.append_eltwise(1.f, algorithm::eltwise_linear, alpha, beta);
      break;
    case WNN_POST_ADD_TENSOR:
      if (residualArg)
        throw BadParams("more than one residual add post-op");
      residualArg = DNNL_ARG_ATTR_MULTIPLE_POST_OP(ops.len()) | DNNL_ARG_SRC_1;
      ops.append_binary(algorithm::binary_add, dstMd);
      break;
    default:
      throw BadParams("unknown post-op kind " + std::to_string(r[0]));
    }
  }
  return residualArg;
}

int64_t checkPostOpCount(int64_t count) {
  if (count < 0 || count > kMaxPostOps)
    throw BadParams("post-op count " + std::to_string(count) +
                    " (supported: 0 to " + std::to_string(kMaxPostOps) + ")");
  return count;
}

/// Makes `w` feed a primitive that wants `primMd` from a caller buffer laid
/// out as `userMd`.
void initWeights(Weights &w, const memory::desc &userMd,
                 const memory::desc &primMd) {
  const dnnl::engine &engine = cpuEngine();
  w.user = memory(userMd, engine, DNNL_MEMORY_NONE);
  w.bytes = userMd.get_size();
  if (primMd != userMd) {
    w.packed = memory(primMd, engine);
    w.pack = dnnl::reorder(w.user, w.packed);
  }
}

} // namespace

struct wnn::rt::KernelState {
  dnnl::stream stream{cpuEngine()};
  std::unordered_map<const int64_t *, std::unique_ptr<Kernel>> kernels;
  AlignedBuffer scratch; ///< shared by all primitives: runs are sequential
};

namespace wnn::rt {
void KernelStateDeleter::operator()(KernelState *state) const { delete state; }

KernelStatePtr createKernelState() {
  try {
    return KernelStatePtr(new KernelState);
  } catch (const dnnl::error &e) {
    throw std::runtime_error(std::string("oneDNN: ") + e.what());
  }
}
} // namespace wnn::rt

namespace {

/// Finishes a kernel from its primitive descriptor: scratchpad, weights and
/// the argument map.
template <typename PrimitiveDesc>
void finishKernel(KernelState &state, Kernel &k, const PrimitiveDesc &pd,
                  const memory::desc &userWeightsMd) {
  const dnnl::engine &engine = cpuEngine();
  memory::desc scratchMd = pd.scratchpad_desc();
  state.scratch.reserve(scratchMd.get_size());
  k.scratch = memory(scratchMd, engine, state.scratch.data);
  initWeights(k.weights, userWeightsMd, pd.weights_desc());
  k.args[DNNL_ARG_SRC] = k.src;
  k.args[DNNL_ARG_WEIGHTS] =
      k.weights.packed ? k.weights.packed : k.weights.user;
  k.args[DNNL_ARG_DST] = k.dst;
  k.args[DNNL_ARG_SCRATCHPAD] = k.scratch;
  if (k.bias)
    k.args[DNNL_ARG_BIAS] = k.bias;
  if (k.residualArg)
    k.args[k.residualArg] = k.residual;
  if (k.cArg)
    k.args[k.cArg] = k.c;
  for (const auto &[arg, m] : k.args)
    k.execArgs.push_back({arg, m.get()});
}

/// Executes `primitive` on `count` prebuilt arguments, without the C++
/// wrapper's per-call argument vector.
void executeWith(KernelState &state, const dnnl::primitive &primitive,
                 const dnnl_exec_arg_t *args, int count) {
  dnnl_status_t status =
      dnnl_primitive_execute(primitive.get(), state.stream.get(), count, args);
  if (status != dnnl_success)
    throw dnnl::error(status, "could not execute a primitive");
}

void reorderInto(KernelState &state, const dnnl::reorder &reorder,
                 const memory &from, const memory &to) {
  dnnl_exec_arg_t args[2] = {{DNNL_ARG_FROM, from.get()},
                             {DNNL_ARG_TO, to.get()}};
  executeWith(state, reorder, args, 2);
}

void setHandle(memory &m, const void *ptr) {
  if (m)
    m.set_data_handle(const_cast<void *>(ptr));
}

/// Points the weights argument at `source`, reordering when the primitive
/// wants another layout (see the cache rule at the top of the file).
void prepareWeights(RunContext &ctx, KernelState &state, Weights &w,
                    const void *source) {
  setHandle(w.user, source);
  if (!w.packed)
    return;
  bool constant = !ctx.isRunData(source, w.bytes);
  if (constant && w.cachedSource == source) {
    ++ctx.stats.weightCacheHits;
    return;
  }
  w.cachedSource = nullptr; // stays null if the reorder throws
  reorderInto(state, w.pack, w.user, w.packed);
  ++ctx.stats.weightReorders;
  if (constant)
    w.cachedSource = source;
}

/// Binds a binary post-op operand (residual or c) of `bytes` bytes. Some
/// implementations store the raw result in dst before they apply the
/// post-ops, so an operand that shares memory with the output (an in-place
/// add) is copied first.
void setSrc1(memory &m, AlignedBuffer &copy, const float *src, size_t bytes,
             const Kernel &k, const float *output) {
  size_t outBytes = k.dst.get_desc().get_size();
  auto s = reinterpret_cast<uintptr_t>(src);
  auto o = reinterpret_cast<uintptr_t>(output);
  if (s < o + outBytes && o < s + bytes) {
    copy.reserve(bytes);
    std::memcpy(copy.data, src, bytes);
    src = static_cast<const float *>(copy.data);
  }
  setHandle(m, src);
}

void setResidual(Kernel &k, const float *residual, const float *output) {
  if (k.residualArg)
    setSrc1(k.residual, k.residualCopy, residual,
            k.residual.get_desc().get_size(), k, output);
}

void execute(KernelState &state, Kernel &k) {
  // The shared scratch buffer may have grown since this kernel was made.
  k.scratch.set_data_handle(state.scratch.data);
  executeWith(state, k.prim, k.execArgs.data(), int(k.execArgs.size()));
  state.stream.wait();
}

//===----------------------------------------------------------------------===//
// conv2d
//===----------------------------------------------------------------------===//

/// Makes `prim` the primitive's view of an activation laid out as `primMd`.
/// When that is not the caller's layout `userMd`, `prim` lives in `buffer`
/// (owned by the kernel) and `user` views the caller's memory.
void bindActivation(const memory::desc &userMd, const memory::desc &primMd,
                    memory &prim, memory &user, AlignedBuffer &buffer) {
  const dnnl::engine &engine = cpuEngine();
  if (primMd == userMd) {
    prim = memory(userMd, engine, DNNL_MEMORY_NONE);
    return;
  }
  buffer.reserve(primMd.get_size());
  prim = memory(primMd, engine, buffer.data);
  user = memory(userMd, engine, DNNL_MEMORY_NONE);
}

size_t convBlockWords(const int64_t *p) {
  return WNN_CONV2D_POST_OPS + 1 +
         checkPostOpCount(p[WNN_CONV2D_POST_OPS]) * WNN_POST_OP_WORDS;
}

std::unique_ptr<Kernel> createConv(KernelState &state, const int64_t *p,
                                   bool hasResidual) {
  int64_t n = p[0], c = p[1], ih = p[2], iw = p[3], oc = p[4], kh = p[5],
          kw = p[6], oh = p[7], ow = p[8], groups = p[9];
  for (int i = 0; i <= 13; ++i)
    if (p[i] <= 0)
      throw BadParams("parameter word " + std::to_string(i) + " is " +
                      std::to_string(p[i]) + ", expected a positive value");
  for (int i = 14; i <= 17; ++i)
    if (p[i] < 0)
      throw BadParams("negative padding " + std::to_string(p[i]));
  if (c % groups || oc % groups)
    throw BadParams("groups " + std::to_string(groups) +
                    " does not divide input channels " + std::to_string(c) +
                    " and output channels " + std::to_string(oc));
  if (p[18] != 0 && p[18] != 1)
    throw BadParams("unknown layout " + std::to_string(p[18]));
  int64_t numPostOps = checkPostOpCount(p[WNN_CONV2D_POST_OPS]);

  auto k = std::make_unique<Kernel>();
  k->params.assign(p, p + convBlockWords(p));
  const dnnl::engine &engine = cpuEngine();
  Tag layout = p[18] ? Tag::nhwc : Tag::nchw;
  memory::desc srcMd({n, c, ih, iw}, kF32, layout);
  memory::desc dstMd({n, oc, oh, ow}, kF32, layout);
  // OIHW and GOIHW with G = groups share one memory layout.
  Dims weightDims = groups == 1 ? Dims{oc, c, kh, kw}
                                : Dims{groups, oc / groups, c / groups, kh, kw};
  memory::desc userWeightsMd(weightDims, kF32,
                             groups == 1 ? Tag::oihw : Tag::goihw);
  memory::desc anyWeightsMd(weightDims, kF32, Tag::any);
  memory::desc biasMd({oc}, kF32, Tag::x);
  // WebNN counts dilation from 1 (dense), oneDNN from 0.
  Dims strides{p[10], p[11]}, dilation{p[12] - 1, p[13] - 1};
  Dims padL{p[14], p[16]}, padR{p[15], p[17]};

  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  dnnl::post_ops ops;
  k->residualArg =
      appendPostOps(ops, p + WNN_CONV2D_POST_OPS + 1, numPostOps, dstMd);
  if (k->residualArg && !hasResidual)
    throw BadParams("a residual add post-op but no residual tensor");
  attr.set_post_ops(ops);

  bool hasBias = p[19] != 0;
  // NCHW activations (without a residual, whose layout must match dst) let
  // oneDNN choose the layout it computes in.
  bool chooseLayout = layout == Tag::nchw && !k->residualArg;
  memory::desc primSrcMd =
      chooseLayout ? memory::desc({n, c, ih, iw}, kF32, Tag::any) : srcMd;
  memory::desc primDstMd =
      chooseLayout ? memory::desc({n, oc, oh, ow}, kF32, Tag::any) : dstMd;
  auto prop = dnnl::prop_kind::forward_inference;
  auto alg = dnnl::algorithm::convolution_direct;
  auto desc =
      hasBias ? dnnl::convolution_forward::desc(prop, alg, primSrcMd,
                                                anyWeightsMd, biasMd, primDstMd,
                                                strides, dilation, padL, padR)
              : dnnl::convolution_forward::desc(prop, alg, primSrcMd,
                                                anyWeightsMd, primDstMd,
                                                strides, dilation, padL, padR);
  dnnl::convolution_forward::primitive_desc pd(desc, attr, engine);
  // oneDNN 2.6's gemm convolution misreads a binary post-op's operand when
  // the input is padded unevenly (test/fuzz/regressions, seed 401482) and
  // in grouped convolutions (seed 2000768): with a residual, take the next
  // implementation oneDNN offers (its direct or reference one).
  if (k->residualArg)
    while (std::strstr(pd.impl_info_str(), "gemm") && pd.next_impl()) {
    }
  k->prim = dnnl::convolution_forward(pd);
  bindActivation(srcMd, pd.src_desc(), k->src, k->userSrc, k->srcBuffer);
  bindActivation(dstMd, pd.dst_desc(), k->dst, k->userDst, k->dstBuffer);
  if (k->userSrc)
    k->srcReorder = dnnl::reorder(k->userSrc, k->src);
  if (k->userDst)
    k->dstReorder = dnnl::reorder(k->dst, k->userDst);
  if (hasBias)
    k->bias = memory(biasMd, engine, DNNL_MEMORY_NONE);
  if (k->residualArg)
    k->residual = memory(dstMd, engine, DNNL_MEMORY_NONE);
  finishKernel(state, *k, pd, userWeightsMd);
  return k;
}

//===----------------------------------------------------------------------===//
// matmul
//===----------------------------------------------------------------------===//

size_t matmulBlockWords(const int64_t *p) {
  int64_t r = p[0];
  if (r < 2 || r > 6)
    throw BadParams("rank " + std::to_string(r) + " (supported: 2 to 6)");
  return size_t(4 * r + 6) + checkPostOpCount(p[4 * r + 5]) * WNN_POST_OP_WORDS;
}

/// Logical [.., rows, cols] view of an operand stored as `stored`, which
/// holds the last two dims swapped when `transposed`.
memory::desc matrixDesc(const Dims &stored, bool transposed) {
  Dims strides = rowMajorStrides(stored);
  Dims dims = stored;
  size_t r = dims.size();
  if (transposed) {
    std::swap(dims[r - 2], dims[r - 1]);
    std::swap(strides[r - 2], strides[r - 1]);
  }
  return memory::desc(dims, kF32, strides);
}

std::unique_ptr<Kernel> createMatmul(RunContext &ctx, KernelState &state,
                                     const int64_t *p, const float *b,
                                     bool hasResidual) {
  size_t words = matmulBlockWords(p);
  int64_t r = p[0];
  Dims aDims(p + 1, p + 1 + r), bDims(p + 1 + r, p + 1 + 2 * r),
      outDims(p + 1 + 2 * r, p + 1 + 3 * r);
  for (int64_t i = 1; i <= 3 * r; ++i)
    if (p[i] <= 0)
      throw BadParams("dimension " + std::to_string(p[i]) +
                      ", expected a positive value");
  bool aT = p[3 * r + 1] != 0, bT = p[3 * r + 2] != 0;
  float alpha = paramF32(p[3 * r + 3]);
  bool hasC = p[3 * r + 4] != 0;
  Dims cDims(p + 3 * r + 5, p + 4 * r + 5);
  int64_t numPostOps = p[4 * r + 5];

  int64_t m = aT ? aDims[r - 1] : aDims[r - 2];
  int64_t ka = aT ? aDims[r - 2] : aDims[r - 1];
  int64_t kb = bT ? bDims[r - 1] : bDims[r - 2];
  int64_t n = bT ? bDims[r - 2] : bDims[r - 1];
  std::string shapes = "a " + dimsText(aDims) + (aT ? " (transposed)" : "") +
                       ", b " + dimsText(bDims) + (bT ? " (transposed)" : "") +
                       ", output " + dimsText(outDims);
  if (ka != kb || outDims[r - 2] != m || outDims[r - 1] != n)
    throw BadParams("inconsistent shapes: " + shapes);
  for (int64_t d = 0; d < r - 2; ++d)
    if ((aDims[d] != 1 && aDims[d] != outDims[d]) ||
        (bDims[d] != 1 && bDims[d] != outDims[d]) ||
        (outDims[d] != std::max(aDims[d], bDims[d])))
      throw BadParams("batch dimensions do not broadcast: " + shapes);
  if (hasC)
    for (int64_t d = 0; d < r; ++d)
      if (cDims[d] != 1 && cDims[d] != outDims[d])
        throw BadParams("c " + dimsText(cDims) +
                        " does not broadcast to the output " +
                        dimsText(outDims));

  auto k = std::make_unique<Kernel>();
  k->params.assign(p, p + words);
  const dnnl::engine &engine = cpuEngine();
  memory::desc aMd = matrixDesc(aDims, aT);
  memory::desc userBMd = matrixDesc(bDims, bT);
  memory::desc dstMd(outDims, kF32, rowMajorStrides(outDims));
  // Constant weights may take oneDNN's preferred layout: they are reordered
  // once. Weights that change per run stay in the caller's layout.
  Dims logicalB = bDims;
  if (bT)
    std::swap(logicalB[r - 2], logicalB[r - 1]);
  bool constantB = !ctx.isRunData(b, userBMd.get_size());
  k->outDims = outDims;
  k->cDims = cDims;

  // Builds the primitive descriptor for one configuration: weights in the
  // preferred layout or the caller's, c broadcast by oneDNN or expanded to
  // the output's shape here. Null if oneDNN has no implementation.
  auto tryConfig =
      [&](const memory::desc &bMd,
          bool expandC) -> std::unique_ptr<dnnl::matmul::primitive_desc> {
    dnnl::primitive_attr attr;
    attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    if (alpha != 1.f)
      attr.set_output_scales(0, {alpha});
    dnnl::post_ops ops;
    // c is added right after scaling, before the listed post-ops.
    k->cArg = 0;
    if (hasC) {
      Dims src1Dims = expandC ? outDims : cDims;
      k->cArg = DNNL_ARG_ATTR_MULTIPLE_POST_OP(0) | DNNL_ARG_SRC_1;
      ops.append_binary(
          dnnl::algorithm::binary_add,
          memory::desc(src1Dims, kF32, rowMajorStrides(src1Dims)));
    }
    k->residualArg = appendPostOps(ops, p + 4 * r + 6, numPostOps, dstMd);
    attr.set_post_ops(ops);
    try {
      dnnl::matmul::desc desc(aMd, bMd, dstMd);
      return std::make_unique<dnnl::matmul::primitive_desc>(desc, attr, engine);
    } catch (const dnnl::error &e) {
      if (e.status != dnnl_unimplemented)
        throw;
      return nullptr;
    }
  };
  auto isReference = [](const dnnl::matmul::primitive_desc &pd) {
    return std::strncmp(pd.impl_info_str(), "ref", 3) == 0;
  };
  std::unique_ptr<dnnl::matmul::primitive_desc> pd;
  for (bool anyB : {constantB, false}) {
    memory::desc bMd = anyB ? memory::desc(logicalB, kF32, Tag::any) : userBMd;
    k->expandC = false;
    pd = tryConfig(bMd, false);
    // Optimized kernels take only some broadcasts of c; expanding c costs
    // one pass over the output, far less than the reference matmul.
    if (hasC && (!pd || isReference(*pd))) {
      if (auto expanded = tryConfig(bMd, true);
          expanded && (!pd || !isReference(*expanded))) {
        pd = std::move(expanded);
        k->expandC = true;
      }
    }
    if (pd || !anyB)
      break;
  }
  if (!pd)
    throw std::runtime_error("oneDNN has no implementation for " + shapes);
  // Where oneDNN keeps constant weights plain (its AVX2 sgemm), rows a
  // multiple of 512 bytes apart fall into few cache sets, and reading a
  // panel of them evicts itself: [768, 3072] weights ran at half the speed
  // of [768, 3088] ones. Such weights are stored once with their rows a
  // cache line further apart.
  int64_t columns = logicalB[r - 1];
  if (constantB && (columns * int64_t(sizeof(float))) % 512 == 0 &&
      pd->weights_desc() ==
          memory::desc(logicalB, kF32, rowMajorStrides(logicalB))) {
    Dims paddedRows = logicalB;
    paddedRows[r - 1] = columns + 64 / int64_t(sizeof(float));
    memory::desc paddedMd(logicalB, kF32, rowMajorStrides(paddedRows));
    if (auto padded = tryConfig(paddedMd, k->expandC);
        padded && !isReference(*padded))
      pd = std::move(padded);
  }
  if (k->residualArg && !hasResidual)
    throw BadParams("a residual add post-op but no residual tensor");

  k->prim = dnnl::matmul(*pd);
  k->src = memory(aMd, engine, DNNL_MEMORY_NONE);
  k->dst = memory(dstMd, engine, DNNL_MEMORY_NONE);
  if (k->residualArg)
    k->residual = memory(dstMd, engine, DNNL_MEMORY_NONE);
  if (k->cArg) {
    Dims src1Dims = k->expandC ? outDims : cDims;
    k->c = memory(memory::desc(src1Dims, kF32, rowMajorStrides(src1Dims)),
                  engine, DNNL_MEMORY_NONE);
    if (k->expandC)
      k->cExpanded.reserve(product(outDims) * sizeof(float));
  }
  finishKernel(state, *k, *pd, userBMd);
  return k;
}

/// Writes `src` (dims `srcDims`, each 1 or `dstDims`'s) broadcast to the
/// dense `dstDims` tensor `dst`.
void broadcastTo(const float *src, const Dims &srcDims, float *dst,
                 const Dims &dstDims) {
  size_t rank = dstDims.size();
  Dims srcStrides = rowMajorStrides(srcDims);
  for (size_t d = 0; d < rank; ++d)
    if (srcDims[d] == 1)
      srcStrides[d] = 0;
  int64_t total = product(dstDims);
  Dims index(rank, 0);
  int64_t offset = 0;
  for (int64_t i = 0; i < total; ++i) {
    dst[i] = src[offset];
    for (size_t d = rank; d-- > 0;) {
      offset += srcStrides[d];
      if (++index[d] < dstDims[d])
        break;
      offset -= srcStrides[d] * index[d];
      index[d] = 0;
    }
  }
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

/// The context of calls made without a session (ctx == null): kernels still
/// work, nothing counts as constant, and errors go to wnn_last_error.
RunContext &fallbackContext() {
  thread_local RunContext context;
  return context;
}

/// Finds the cached kernel of `params`, creating it on first use.
template <typename Create>
Kernel &lookup(RunContext &ctx, const int64_t *params, size_t words,
               Create &&create) {
  std::unique_ptr<Kernel> &slot = ctx.kernels->kernels[params];
  // A different block at the same address (another model loaded where an
  // unloaded one was) must not reuse the old primitive.
  if (slot && (slot->params.size() != words ||
               !std::equal(slot->params.begin(), slot->params.end(), params)))
    slot.reset();
  if (!slot) {
    std::unique_ptr<Kernel> created = create();
    ++ctx.stats.primitivesCreated;
    slot = std::move(created);
  }
  return *slot;
}

/// Runs `body` on the run context of `ctx`, turning every failure into the
/// run's error message: kernels return nothing to compiled code.
template <typename Body>
void guarded(void *ctx, const int64_t *params, const char *kernel,
             Body &&body) {
  bool fallback = ctx == nullptr;
  RunContext &rc =
      fallback ? fallbackContext() : static_cast<wnn_session *>(ctx)->ctx;
  if (!rc.error.empty())
    return; // an earlier kernel of this run failed; its message stands
  std::string error;
  try {
    if (!params)
      throw BadParams("no parameter block");
    if (!rc.kernels)
      rc.kernels = createKernelState();
    body(rc);
  } catch (const BadParams &e) {
    error = std::string(kernel) + ": bad parameter block: " + e.what();
  } catch (const dnnl::error &e) {
    error = std::string(kernel) + ": oneDNN " + statusName(e.status) + ": " +
            e.what();
  } catch (const std::bad_alloc &) {
    error = std::string(kernel) + ": out of memory";
  } catch (const std::exception &e) {
    error = std::string(kernel) + ": " + e.what();
  }
  if (error.empty())
    return;
  if (fallback)
    fail(WNN_ERROR_KERNEL, error);
  else
    rc.error = std::move(error);
}

} // namespace

extern "C" {

void wnn_rt_conv2d(void *ctx, const int64_t *params, float *output,
                   const float *in0, const float *in1, const float *in2,
                   const float *in3) {
  guarded(ctx, params, "conv2d", [&](RunContext &rc) {
    const float *slots[WNN_KERNEL_MAX_INPUTS] = {in0, in1, in2, in3};
    const float *input = slots[0], *filter = slots[1];
    const float *bias = params[19] ? slots[2] : nullptr;
    const float *residual = slots[params[19] ? 3 : 2];
    if (!input || !filter || !output || (params[19] && !bias))
      throw BadParams("a required buffer is null");
    KernelState &state = *rc.kernels;
    Kernel &k = lookup(rc, params, convBlockWords(params), [&] {
      return createConv(state, params, residual != nullptr);
    });
    if (k.residualArg && !residual)
      throw BadParams("a residual add post-op but no residual tensor");
    setHandle(k.bias, bias);
    setHandle(k.userSrc ? k.userSrc : k.src, input);
    setHandle(k.userDst ? k.userDst : k.dst, output);
    setResidual(k, residual, output);
    prepareWeights(rc, state, k.weights, filter);
    if (k.srcReorder) {
      reorderInto(state, k.srcReorder, k.userSrc, k.src);
      ++rc.stats.activationReorders;
    }
    execute(state, k);
    if (k.dstReorder) {
      reorderInto(state, k.dstReorder, k.dst, k.userDst);
      state.stream.wait();
      ++rc.stats.activationReorders;
    }
  });
}

void wnn_rt_matmul(void *ctx, const int64_t *params, float *output,
                   const float *in0, const float *in1, const float *in2,
                   const float *in3) {
  guarded(ctx, params, "matmul", [&](RunContext &rc) {
    KernelState &state = *rc.kernels;
    size_t words = matmulBlockWords(params);
    bool hasC = params[3 * params[0] + 4] != 0;
    const float *slots[WNN_KERNEL_MAX_INPUTS] = {in0, in1, in2, in3};
    const float *a = slots[0], *b = slots[1];
    const float *c = hasC ? slots[2] : nullptr;
    const float *residual = slots[hasC ? 3 : 2];
    if (!a || !b || !output || (hasC && !c))
      throw BadParams("a required buffer is null");
    Kernel &k = lookup(rc, params, words, [&] {
      return createMatmul(rc, state, params, b, residual != nullptr);
    });
    if (k.residualArg && !residual)
      throw BadParams("a residual add post-op but no residual tensor");
    setHandle(k.src, a);
    setHandle(k.dst, output);
    setResidual(k, residual, output);
    if (k.expandC) {
      // A constant c (a gemm bias) is broadcast once, like packed weights.
      bool constant = !rc.isRunData(c, product(k.cDims) * sizeof(float));
      if (!constant || k.cExpandedSource != c) {
        k.cExpandedSource = nullptr;
        broadcastTo(c, k.cDims, static_cast<float *>(k.cExpanded.data),
                    k.outDims);
        ++rc.stats.biasBroadcasts;
        if (constant)
          k.cExpandedSource = c;
      }
      setHandle(k.c, k.cExpanded.data);
    } else if (k.cArg) {
      setSrc1(k.c, k.cCopy, c, k.c.get_desc().get_size(), k, output);
    }
    prepareWeights(rc, state, k.weights, b);
    execute(state, k);
  });
}

} // extern "C"
