//===- ParallelizeKernels.cpp - Kernels split over the runtime's threads --===//
//
// A kernel whose work is one loop over independent iterations gets the
// range of iterations it runs as two leading arguments; the graph function
// calls it with the whole range, and wnn-lower-parallel-kernel-calls turns
// that call into wnn_rt_parallel_for, which splits the range over the
// runtime's OpenMP pool. See Passes.td.
//
//===----------------------------------------------------------------------===//

#include "Codegen/CPU/Passes.h"
#include "Transforms/IndexingMaps.h"
#include "Transforms/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/EquivalenceClasses.h"

namespace wnn {
#define GEN_PASS_DEF_PARALLELIZEKERNELS
#include "Codegen/CPU/Passes.h.inc"
} // namespace wnn

using namespace mlir;

namespace wnn {
namespace {

/// At most this many ranges of a linalg op's parallel dimension: enough to
/// balance any thread count here, few enough that each stays vectorizable.
constexpr int64_t kMaxChunks = 64;

/// The ops that do a kernel's work, in order: everything else at the top
/// level only computes views, constants and addresses.
SmallVector<Operation *> workOps(func::FuncOp kernel) {
  SmallVector<Operation *> work;
  for (Operation &op : kernel.front())
    if (!op.hasTrait<OpTrait::IsTerminator>() && !isPure(&op) &&
        !isa<memref::ViewOp, memref::SubViewOp, memref::GetGlobalOp>(op))
      work.push_back(&op);
  return work;
}

/// The op that does a kernel's work, if there is exactly one.
Operation *soleWorkOp(func::FuncOp kernel) {
  SmallVector<Operation *> work = workOps(kernel);
  return work.size() == 1 ? work.front() : nullptr;
}

/// The top-level ops of `kernel` grouped by data flow: a work op, the pure
/// ops computing from its results and the work ops using those, in one
/// group; ops that depend on no work op (views, constants) in none (-1).
/// `workList` is workOps(kernel). Returns the group of every top-level op and
/// the number of groups.
std::pair<DenseMap<Operation *, int>, int>
groupByDataFlow(func::FuncOp kernel, ArrayRef<Operation *> workList) {
  llvm::EquivalenceClasses<int> classes;
  DenseMap<Operation *, int> group;
  DenseSet<Operation *> work(llvm::from_range, workList);
  int count = 0;
  for (Operation &op : kernel.front()) {
    int id = -1;
    if (work.contains(&op)) {
      id = count++;
      classes.insert(id);
    }
    for (Value operand : op.getOperands()) {
      auto it = group.find(operand.getDefiningOp());
      if (it == group.end() || it->second < 0)
        continue;
      if (id < 0)
        id = it->second;
      else
        classes.unionSets(id, it->second);
    }
    group[&op] = id;
  }
  // Number the classes densely, in order of their first op.
  DenseMap<int, int> dense;
  for (Operation &op : kernel.front()) {
    int &id = group[&op];
    if (id < 0)
      continue;
    id = dense.try_emplace(classes.getLeaderValue(id), dense.size())
             .first->second;
  }
  return {group, int(dense.size())};
}

/// Splits a kernel whose work is several independent pieces that
/// communicate only through its buffers (a padded copy: a fill, then a copy
/// into the interior; a blocked root, then its remainder tile) into one
/// kernel per piece, called in the same order, so that each can be split
/// over threads on its own. Returns the new kernels, or nothing when
/// `kernel` stays whole.
SmallVector<func::FuncOp> splitWorkOps(func::FuncOp kernel,
                                       SymbolTable &symbols) {
  if (kernel.getNumResults() != 0)
    return {};
  SmallVector<Operation *> work = workOps(kernel);
  auto [group, groups] = groupByDataFlow(kernel, work);
  if (groups < 2)
    return {};
  // Pieces must run one after the other as they did: no piece may have ops
  // on both sides of another's.
  int last = -1;
  for (Operation *op : work) {
    int id = group[op];
    if (id < last)
      return {};
    last = id;
  }
  SmallVector<Operation *> ops = llvm::map_to_vector(
      kernel.front().without_terminator(), [](Operation &op) { return &op; });
  SmallVector<func::FuncOp> parts;
  for (int keep = 0; keep < groups; ++keep) {
    IRMapping mapping;
    auto part = cast<func::FuncOp>(kernel->clone(mapping));
    // Other pieces go, users first; then what only they used.
    for (Operation *op : llvm::reverse(ops)) {
      int id = group[op];
      if (id >= 0 && id != keep)
        mapping.lookup(op)->erase();
    }
    for (Operation &op :
         llvm::make_early_inc_range(llvm::reverse(part.front())))
      if (isPure(&op) && op.use_empty() &&
          !op.hasTrait<OpTrait::IsTerminator>())
        op.erase();
    symbols.insert(part, std::next(kernel->getIterator(), keep + 1));
    parts.push_back(part);
  }
  return parts;
}

/// Tiles the first parallel dimension (of two or more iterations) of a
/// linalg op on buffers into at most kMaxChunks equal ranges; returns the
/// loop over them, or null.
scf::ForOp tileParallelDimension(RewriterBase &rewriter, linalg::LinalgOp op) {
  if (!op.hasPureBufferSemantics())
    return {};
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  auto iterators = op.getIteratorTypesArray();
  // Reversed or wrapped reads (reverse, tile) would get wrong slices; such
  // copies stay on one thread.
  if (!tilingSlicesCorrectly(op.getIndexingMapsArray()))
    return {};
  for (size_t dim = 0; dim < ranges.size(); ++dim) {
    int64_t range = ranges[dim];
    if (iterators[dim] != utils::IteratorType::parallel ||
        ShapedType::isDynamic(range) || range < 2)
      continue;
    // The smallest tile that divides the range into at most kMaxChunks.
    int64_t tile = (range + kMaxChunks - 1) / kMaxChunks;
    while (range % tile != 0)
      ++tile;
    if (tile == range)
      return {};
    SmallVector<OpFoldResult> sizes(ranges.size(), rewriter.getIndexAttr(0));
    sizes[dim] = rewriter.getIndexAttr(tile);
    scf::SCFTilingOptions options;
    options.setTileSizes(sizes);
    rewriter.setInsertionPoint(op);
    FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
        rewriter, cast<TilingInterface>(op.getOperation()), options);
    if (failed(tiled) || tiled->loops.size() != 1)
      return {};
    rewriter.eraseOp(op);
    return dyn_cast<scf::ForOp>(tiled->loops.front().getOperation());
  }
  return {};
}

/// Whether `value` (a memref) is only read through `use`: the iterations
/// of a loop may read it in any order.
bool onlyReads(OpOperand &use) {
  Operation *user = use.getOwner();
  if (isa<vector::TransferReadOp, vector::LoadOp, memref::LoadOp>(user))
    return true;
  if (auto copy = dyn_cast<memref::CopyOp>(user))
    return &use == &copy.getSourceMutable();
  if (auto linalgOp = dyn_cast<linalg::LinalgOp>(user))
    return linalgOp.isDpsInput(&use);
  if (isa<memref::SubViewOp, memref::ExpandShapeOp, memref::CollapseShapeOp>(
          user))
    return llvm::all_of(user->getResult(0).getUses(), onlyReads);
  return false;
}

/// Whether `subview` is a slice at the loop's induction variable along some
/// dimension, no wider there than the loop's step: iterations then write
/// disjoint slices.
bool isSliceOfIteration(memref::SubViewOp subview, scf::ForOp loop) {
  std::optional<int64_t> step = getConstantIntValue(loop.getStep());
  if (!step)
    return false;
  for (auto [offset, size] :
       llvm::zip(subview.getMixedOffsets(), subview.getMixedSizes())) {
    auto value = dyn_cast<Value>(offset);
    std::optional<int64_t> staticSize = getConstantIntValue(size);
    if (value && value == loop.getInductionVar() && staticSize &&
        *staticSize <= *step)
      return true;
  }
  return false;
}

/// Whether `op` accesses only elements at the induction variable of `loop`
/// along some dimension, no more of them there than the loop's step.
bool accessesAtIteration(Operation *op, scf::ForOp loop) {
  std::optional<int64_t> step = getConstantIntValue(loop.getStep());
  if (!step)
    return false;
  // The accessed extent along each memref dimension.
  ValueRange indices;
  SmallVector<int64_t> extents;
  auto transferExtents = [&](VectorTransferOpInterface transfer) {
    indices = transfer.getIndices();
    extents.assign(indices.size(), 1);
    for (auto [position, result] :
         llvm::enumerate(transfer.getPermutationMap().getResults()))
      if (auto dim = dyn_cast<AffineDimExpr>(result))
        extents[dim.getPosition()] =
            transfer.getVectorType().getDimSize(position);
  };
  if (auto transfer = dyn_cast<VectorTransferOpInterface>(op)) {
    transferExtents(transfer);
  } else if (auto store = dyn_cast<memref::StoreOp>(op)) {
    indices = store.getIndices();
    extents.assign(indices.size(), 1);
  } else if (auto load = dyn_cast<memref::LoadOp>(op)) {
    indices = load.getIndices();
    extents.assign(indices.size(), 1);
  } else if (auto subview = dyn_cast<memref::SubViewOp>(op)) {
    return isSliceOfIteration(subview, loop);
  } else {
    return false;
  }
  for (auto [index, extent] : llvm::zip(indices, extents))
    if (index == loop.getInductionVar() && extent <= *step)
      return true;
  return false;
}

/// Whether the iterations of `loop` are independent: every buffer defined
/// outside the loop is either only read in it, or only accessed at the
/// induction variable (directly or through slices there), so that no
/// iteration reads or writes what another one writes.
bool hasIndependentIterations(scf::ForOp loop) {
  llvm::MapVector<Value, SmallVector<OpOperand *>> uses;
  loop.getBody()->walk([&](Operation *op) {
    for (OpOperand &use : op->getOpOperands()) {
      Value value = use.get();
      if (isa<MemRefType>(value.getType()) &&
          !loop->isAncestor(value.getParentBlock()->getParentOp()))
        uses[value].push_back(&use);
    }
  });
  for (auto &[buffer, bufferUses] : uses) {
    if (llvm::all_of(bufferUses,
                     [](OpOperand *use) { return onlyReads(*use); }))
      continue;
    for (OpOperand *use : bufferUses)
      if (!accessesAtIteration(use->getOwner(), loop))
        return false;
  }
  return true;
}

/// Static iteration count of `loop`, or nullopt.
std::optional<int64_t> tripCount(scf::ForOp loop) {
  std::optional<int64_t> lower = getConstantIntValue(loop.getLowerBound());
  std::optional<int64_t> upper = getConstantIntValue(loop.getUpperBound());
  std::optional<int64_t> step = getConstantIntValue(loop.getStep());
  if (!lower || !upper || !step || *step <= 0)
    return std::nullopt;
  return (*upper - *lower + *step - 1) / *step;
}

/// A rough count of the operations one iteration of `loop` executes:
/// nested loops multiply, linalg ops count their iterations.
int64_t workPerIteration(scf::ForOp loop) {
  int64_t work = 0;
  loop.getBody()->walk([&](Operation *op) {
    int64_t count = 1;
    if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op))
      for (int64_t range : linalgOp.getStaticLoopRanges())
        count *= ShapedType::isDynamic(range) ? 1 : range;
    for (auto parent = op->getParentOfType<scf::ForOp>(); parent != loop;
         parent = parent->getParentOfType<scf::ForOp>())
      count *= tripCount(parent).value_or(1);
    work += count;
  });
  return work;
}

struct ParallelizeKernelsPass
    : impl::ParallelizeKernelsBase<ParallelizeKernelsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    IRRewriter rewriter(module.getContext());
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> kernels;
    for (auto kernel : module.getOps<func::FuncOp>())
      if (!kernel.isExternal() && kernel->hasAttr(kKernelAttr))
        kernels.push_back(kernel);
    // Kernels of several ops become one kernel per op; their calls, one
    // call per op.
    llvm::StringMap<SmallVector<func::FuncOp>> splitKernels;
    SmallVector<func::FuncOp> parts;
    for (func::FuncOp kernel : kernels) {
      SmallVector<func::FuncOp> kernelParts = splitWorkOps(kernel, symbols);
      if (kernelParts.empty()) {
        parts.push_back(kernel);
        continue;
      }
      llvm::append_range(parts, kernelParts);
      splitKernels[kernel.getSymName()] = std::move(kernelParts);
    }
    module.walk([&](func::CallOp call) {
      auto split = splitKernels.find(call.getCallee());
      if (split == splitKernels.end())
        return;
      OpBuilder b(call);
      for (func::FuncOp part : split->second)
        func::CallOp::create(b, call.getLoc(), part, call.getOperands());
      call.erase();
    });
    for (auto &entry : splitKernels)
      symbols.erase(symbols.lookup(entry.getKey()));

    llvm::StringMap<int64_t> parallelKernels;
    for (func::FuncOp kernel : parts)
      if (std::optional<int64_t> trips = parallelize(rewriter, kernel))
        parallelKernels[kernel.getSymName()] = *trips;
    // Callers run the whole range.
    module.walk([&](func::CallOp call) {
      auto trips = parallelKernels.find(call.getCallee());
      if (trips == parallelKernels.end())
        return;
      OpBuilder b(call);
      Value first = arith::ConstantIndexOp::create(b, call.getLoc(), 0);
      Value last =
          arith::ConstantIndexOp::create(b, call.getLoc(), trips->second);
      call->insertOperands(0, {first, last});
    });
  }

  /// Gives `kernel` the range of its parallel loop as arguments and returns
  /// the loop's iteration count, or nullopt if it stays on one thread.
  std::optional<int64_t> parallelize(RewriterBase &rewriter,
                                     func::FuncOp kernel) {
    Operation *work = soleWorkOp(kernel);
    if (!work)
      return std::nullopt;
    auto loop = dyn_cast<scf::ForOp>(work);
    if (auto linalgOp = dyn_cast<linalg::LinalgOp>(work)) {
      // Small ops stay whole: tiling them would only slow them down.
      int64_t iterations = 1;
      for (int64_t range : linalgOp.getStaticLoopRanges())
        iterations *= ShapedType::isDynamic(range) ? 1 : range;
      if (iterations < minParallelWork)
        return std::nullopt;
      loop = tileParallelDimension(rewriter, linalgOp);
    }
    if (!loop)
      return std::nullopt;
    std::optional<int64_t> trips = tripCount(loop);
    if (!trips || *trips < 2 || !hasIndependentIterations(loop) ||
        *trips * workPerIteration(loop) < minParallelWork)
      return std::nullopt;

    // for i = lb + first * step to min(ub, lb + last * step)
    Location loc = loop.getLoc();
    Type index = rewriter.getIndexType();
    if (failed(kernel.insertArgument(0, index, {}, loc)) ||
        failed(kernel.insertArgument(1, index, {}, loc)))
      return std::nullopt;
    rewriter.setInsertionPoint(loop);
    Value first = kernel.getArgument(0), last = kernel.getArgument(1);
    Value lower = arith::AddIOp::create(
        rewriter, loc, loop.getLowerBound(),
        arith::MulIOp::create(rewriter, loc, first, loop.getStep()));
    Value end = arith::AddIOp::create(
        rewriter, loc, loop.getLowerBound(),
        arith::MulIOp::create(rewriter, loc, last, loop.getStep()));
    Value upper =
        arith::MinSIOp::create(rewriter, loc, end, loop.getUpperBound());
    rewriter.modifyOpInPlace(loop, [&] {
      loop.setLowerBound(lower);
      loop.setUpperBound(upper);
    });
    kernel->setAttr(kParallelTripsAttr, rewriter.getI64IntegerAttr(*trips));
    return trips;
  }
};

} // namespace
} // namespace wnn
