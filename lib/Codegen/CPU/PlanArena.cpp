//===- PlanArena.cpp - Static memory planning of intermediate buffers -----===//

#include "Codegen/CPU/Passes.h"
#include "Transforms/Passes.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringMap.h"

namespace wnn {
#define GEN_PASS_DEF_PLANARENA
#include "Codegen/CPU/Passes.h.inc"
} // namespace wnn

using namespace mlir;

namespace wnn {
namespace {

struct Buffer {
  memref::AllocOp alloc;
  int64_t size;       // bytes, rounded up to the alignment
  int64_t begin, end; // live range as positions in the entry block
  int64_t offset = -1;
};

int64_t alignTo(int64_t value, int64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

/// The position (in `block`) of the last op that uses `root` or any value
/// computed from it. Following every result is conservative: a buffer stays
/// live as long as anything derived from it (a view, a pointer) is used.
int64_t lastUse(Value root, Block &block,
                const DenseMap<Operation *, int64_t> &position) {
  int64_t last = position.lookup(root.getDefiningOp());
  llvm::SetVector<Value> worklist;
  worklist.insert(root);
  for (size_t i = 0; i < worklist.size(); ++i) {
    for (Operation *user : worklist[i].getUsers()) {
      Operation *top = block.findAncestorOpInBlock(*user);
      if (!top)
        continue;
      last = std::max(last, position.lookup(top));
      for (Value result : user->getResults())
        worklist.insert(result);
    }
  }
  return last;
}

/// Plans the arena of `func` and returns its size. A function whose
/// buffers need no bytes gets no arena argument unless `needsArena`.
FailureOr<int64_t> planFunction(func::FuncOp func, bool needsArena) {
  Block &block = func.front();
  // A static allocation inside a loop holds a temporary of one iteration
  // (bufferization never carries a fresh buffer from one iteration to the
  // next): one buffer serves every iteration.
  func.walk([&](memref::AllocOp alloc) {
    if (alloc->getBlock() != &block && alloc->getNumOperands() == 0)
      alloc->moveBefore(&block, block.begin());
  });
  DenseMap<Operation *, int64_t> position;
  int64_t index = 0;
  for (Operation &op : block)
    position[&op] = index++;

  std::vector<Buffer> buffers;
  for (auto alloc : block.getOps<memref::AllocOp>()) {
    MemRefType type = alloc.getType();
    if (!type.hasStaticShape() || !type.getLayout().isIdentity() ||
        !alloc.getDynamicSizes().empty())
      continue;
    int64_t bits = type.getNumElements() *
                   std::max<int64_t>(type.getElementTypeBitWidth(), 8);
    int64_t bytes = alignTo((bits + 7) / 8, kArenaAlignment);
    buffers.push_back(
        {alloc, std::max<int64_t>(bytes, kArenaAlignment), position[alloc], 0});
    buffers.back().end = lastUse(alloc.getResult(), block, position);
  }
  // Dynamically sized allocations nested in loops would need a heap; the
  // pipeline never makes them, so report one as an internal error instead
  // of leaking memory.
  WalkResult nested = func.walk([&](memref::AllocOp alloc) {
    if (alloc->getBlock() != &block) {
      alloc.emitError("internal error: allocation outside the entry block");
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (nested.wasInterrupted())
    return failure();
  if (buffers.empty() && !needsArena)
    return 0;

  // Greedy first fit, largest buffers first.
  std::vector<Buffer *> order;
  for (Buffer &buffer : buffers)
    order.push_back(&buffer);
  // Ties keep program order, so the plan is deterministic.
  std::sort(order.begin(), order.end(), [](Buffer *a, Buffer *b) {
    return a->size != b->size ? a->size > b->size : a->begin < b->begin;
  });
  std::vector<Buffer *> placed;
  int64_t arenaSize = 0;
  for (Buffer *buffer : order) {
    std::vector<std::pair<int64_t, int64_t>> taken;
    for (Buffer *other : placed)
      if (other->begin <= buffer->end && buffer->begin <= other->end)
        taken.push_back({other->offset, other->offset + other->size});
    std::sort(taken.begin(), taken.end());
    int64_t offset = 0;
    for (auto [lo, hi] : taken) {
      if (offset + buffer->size <= lo)
        break;
      offset = std::max(offset, hi);
    }
    buffer->offset = offset;
    arenaSize = std::max(arenaSize, offset + buffer->size);
    placed.push_back(buffer);
  }

  OpBuilder b(func.getContext());
  auto arenaType =
      MemRefType::get({std::max<int64_t>(arenaSize, 1)}, b.getI8Type());
  unsigned argIndex = func.getNumArguments();
  if (failed(func.insertArgument(
          argIndex, arenaType,
          b.getDictionaryAttr(b.getNamedAttr(kArenaArgAttr, b.getUnitAttr())),
          func.getLoc())))
    return failure();
  Value arena = func.getArgument(argIndex);
  func->setAttr(kArenaSizeAttr, b.getI64IntegerAttr(arenaSize));
  for (Buffer &buffer : buffers) {
    b.setInsertionPoint(buffer.alloc);
    Value offset =
        arith::ConstantIndexOp::create(b, buffer.alloc.getLoc(), buffer.offset);
    Value view =
        memref::ViewOp::create(b, buffer.alloc.getLoc(), buffer.alloc.getType(),
                               arena, offset, ValueRange{});
    // Deallocations of arena buffers are meaningless; drop them.
    for (Operation *user : llvm::make_early_inc_range(buffer.alloc->getUsers()))
      if (isa<memref::DeallocOp>(user))
        user->erase();
    buffer.alloc.replaceAllUsesWith(view);
    buffer.alloc.erase();
  }
  return arenaSize;
}

/// Gives each call of a kernel that has an arena a scratch buffer of that
/// size, allocated just before the call: the caller's plan then places the
/// kernel's temporaries where nothing else is live during the call.
void passScratchArenas(func::FuncOp caller,
                       const llvm::StringMap<int64_t> &kernelArenas) {
  caller.walk([&](func::CallOp call) {
    auto size = kernelArenas.find(call.getCallee());
    if (size == kernelArenas.end())
      return;
    OpBuilder b(call);
    auto type = MemRefType::get({size->second}, b.getI8Type());
    Value scratch = memref::AllocOp::create(
        b, call.getLoc(), type, b.getI64IntegerAttr(kArenaAlignment));
    call->insertOperands(call->getNumOperands(), scratch);
  });
}

struct PlanArenaPass : impl::PlanArenaBase<PlanArenaPass> {
  void runOnOperation() override {
    // Kernels first: their arena sizes are needed at their call sites.
    SmallVector<func::FuncOp> kernels, graphs;
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (!func.isExternal() && !func->hasAttr(kArenaSizeAttr))
        (func->hasAttr(kKernelAttr) ? kernels : graphs).push_back(func);
    llvm::StringMap<int64_t> kernelArenas;
    for (func::FuncOp kernel : kernels) {
      FailureOr<int64_t> size = planFunction(kernel, /*needsArena=*/false);
      if (failed(size))
        return signalPassFailure();
      if (*size > 0)
        kernelArenas[kernel.getSymName()] = *size;
    }
    for (func::FuncOp graph : graphs) {
      passScratchArenas(graph, kernelArenas);
      if (failed(planFunction(graph, /*needsArena=*/true)))
        return signalPassFailure();
    }
  }
};

} // namespace
} // namespace wnn
