//===- FormKernels.cpp - One function per fused group of work -------------===//
//
// The graph function is cut into kernels: each group of ops that the later
// phases compute together (a contraction with the fill of its destination
// and its element-wise consumer, a fused element-wise nest, a copy, ...)
// becomes a private function that the graph function calls. See Passes.td.
//
//===----------------------------------------------------------------------===//

#include "Transforms/Passes.h"
#include "wnn_rt/IR/WnnRtOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"

#include "llvm/ADT/EquivalenceClasses.h"
#include "llvm/ADT/SetVector.h"

namespace wnn {
#define GEN_PASS_DEF_FORMKERNELS
#include "Transforms/Passes.h.inc"
} // namespace wnn

using namespace mlir;

namespace wnn {
namespace {

/// Ops that are copied into every kernel that uses them instead of crossing
/// the kernel boundary: constants (blobs are shared by handle), empty
/// destinations, and pure scalar computations of such values.
bool isCloneable(Operation *op) {
  if (isa<arith::ConstantOp, tensor::EmptyOp>(op))
    return true;
  if (!isPure(op) || op->getNumRegions() != 0 || op->getNumResults() == 0)
    return false;
  for (Type type : op->getResultTypes())
    if (isa<ShapedType>(type))
      return false;
  return llvm::all_of(op->getOperands(), [](Value operand) {
    Operation *def = operand.getDefiningOp();
    return def && isCloneable(def);
  });
}

/// Ops that start or join a kernel: those that compute a tensor. Reshapes
/// (views once bufferized), runtime kernel calls and calls stay in the
/// graph function.
bool isKernelOp(Operation *op) {
  if (isCloneable(op) || isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp,
                             rt::CallOp, func::CallOp>(op))
    return false;
  return llvm::any_of(op->getResultTypes(),
                      [](Type type) { return isa<RankedTensorType>(type); });
}

/// The only user of `value`, or null.
Operation *soleUser(Value value) {
  return value.hasOneUse() ? *value.getUsers().begin() : nullptr;
}

/// Whether `consumer` is an element-wise op that reads all of `producer`'s
/// result, element by element, and writes a tensor of the same shape: the
/// bias, activation or residual add that tiling computes in the producer's
/// tiles.
bool isElementwiseConsumer(linalg::LinalgOp producer, Operation *consumer) {
  auto generic = dyn_cast_or_null<linalg::GenericOp>(consumer);
  if (!generic || producer->getNumResults() != 1 ||
      generic.getNumLoops() != generic.getNumParallelLoops() ||
      generic.getNumDpsInits() != 1)
    return false;
  OpOperand &use = *producer->getResult(0).getUses().begin();
  return generic.isDpsInput(&use) &&
         generic.getMatchingIndexingMap(&use).isIdentity() &&
         generic.getMatchingIndexingMap(generic.getDpsInitOperand(0))
             .isIdentity();
}

/// The groups of kernel ops that are computed together.
llvm::EquivalenceClasses<Operation *> groupKernelOps(Block &block) {
  llvm::EquivalenceClasses<Operation *> groups;
  for (Operation &op : block) {
    if (!isKernelOp(&op))
      continue;
    groups.insert(&op);
    if (auto linalgOp = dyn_cast<linalg::LinalgOp>(&op)) {
      // The fill of a destination that only this op reads.
      for (OpOperand &init : linalgOp.getDpsInitsMutable())
        if (auto fill = init.get().getDefiningOp<linalg::FillOp>())
          if (fill->getBlock() == &block && fill->getResult(0).hasOneUse())
            groups.unionSets(&op, fill);
      // The element-wise op that consumes the whole result.
      if (linalgOp->getNumResults() == 1) {
        Operation *user = soleUser(linalgOp->getResult(0));
        if (user && user->getBlock() == &block &&
            isElementwiseConsumer(linalgOp, user)) {
          groups.insert(user);
          groups.unionSets(&op, user);
        }
      }
    }
    // A chain of insertions into one destination (a concatenation).
    if (auto insert = dyn_cast<tensor::InsertSliceOp>(&op))
      if (auto previous =
              insert.getDest().getDefiningOp<tensor::InsertSliceOp>())
        if (previous->getBlock() == &block && previous.getResult().hasOneUse())
          groups.unionSets(&op, previous);
  }
  return groups;
}

/// Gives every user of a shared fill of an empty tensor (or of a reshaped
/// empty tensor, once layouts are folded) a fill of its own: CSE merges the
/// zero fills of several contractions, but each belongs in the kernel of its
/// contraction, which computes it tile by tile. The empty tensor and its
/// reshape are cloned too, so that no two fills write one tensor.
void splitSharedFills(Block &block) {
  for (auto fill : llvm::make_early_inc_range(block.getOps<linalg::FillOp>())) {
    if (fill->hasOneUse())
      continue;
    Operation *dest = fill.getOutputs()[0].getDefiningOp();
    Operation *reshape = nullptr;
    if (dest && isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(dest)) {
      reshape = dest;
      dest = dest->getOperand(0).getDefiningOp();
    }
    if (!dest || !isa<tensor::EmptyOp>(dest))
      continue;
    for (OpOperand &use : llvm::make_early_inc_range(
             llvm::drop_begin(fill->getResult(0).getUses()))) {
      Operation *user = block.findAncestorOpInBlock(*use.getOwner());
      if (!user)
        continue;
      OpBuilder b(user);
      IRMapping mapping;
      b.clone(*dest, mapping);
      if (reshape)
        b.clone(*reshape, mapping);
      use.set(b.clone(*fill, mapping)->getResult(0));
    }
  }
}

/// Gives every use of an empty tensor an empty tensor of its own, right
/// before the user. CSE merges them, but one may become a kernel's
/// destination (a caller's buffer) while another is a temporary inside a
/// kernel; and the destination's buffer should be live from its user on,
/// not from wherever the merged op was.
void splitEmptyTensors(Block &block) {
  // A reshape of an empty tensor is an empty tensor of the new shape.
  for (Operation &op : llvm::make_early_inc_range(block)) {
    if (!isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(op) ||
        !op.getOperand(0).getDefiningOp<tensor::EmptyOp>())
      continue;
    auto type = cast<RankedTensorType>(op.getResult(0).getType());
    if (!type.hasStaticShape())
      continue;
    OpBuilder b(&op);
    op.getResult(0).replaceAllUsesWith(tensor::EmptyOp::create(
        b, op.getLoc(), type.getShape(), type.getElementType()));
    op.erase();
  }
  for (auto empty :
       llvm::make_early_inc_range(block.getOps<tensor::EmptyOp>())) {
    // Clones have one use each; cloning those again would never end when
    // one op (a loop's initial values) uses the merged tensor twice.
    if (empty->hasOneUse())
      continue;
    for (OpOperand &use : llvm::make_early_inc_range(empty->getUses())) {
      Operation *user = block.findAncestorOpInBlock(*use.getOwner());
      if (!user)
        continue;
      use.set(OpBuilder(user).clone(*empty)->getResult(0));
    }
    if (empty->use_empty())
      empty->erase();
  }
}

class KernelOutliner {
public:
  KernelOutliner(ModuleOp module) : module(module), symbols(module) {}

  /// Outlines `ops` (in block order) into a kernel, or does nothing if a
  /// value computed by the group is used before the group's last op.
  LogicalResult outline(ArrayRef<Operation *> ops) {
    llvm::SmallPtrSet<Operation *, 8> inGroup(ops.begin(), ops.end());
    Operation *last = ops.back();

    // The values the group computes for others, in order.
    llvm::SetVector<Value> results;
    for (Operation *op : ops)
      for (Value result : op->getResults())
        for (Operation *user : result.getUsers()) {
          if (inGroup.contains(user))
            continue;
          Operation *top = last->getBlock()->findAncestorOpInBlock(*user);
          if (!top || !last->isBeforeInBlock(top))
            return failure();
          results.insert(result);
        }

    // The empty destinations that results are computed into come from the
    // caller, so that bufferization writes results straight into the
    // caller's buffers (the arena, or the graph's outputs).
    llvm::SmallPtrSet<Operation *, 4> destinations;
    for (Value result : results) {
      Value value = result;
      while (auto dps = value.getDefiningOp<DestinationStyleOpInterface>()) {
        if (!inGroup.contains(dps))
          break;
        value = dps.getTiedOpOperand(cast<OpResult>(value))->get();
      }
      if (auto empty = value.getDefiningOp<tensor::EmptyOp>())
        destinations.insert(empty);
    }

    llvm::SetVector<Value> arguments;
    llvm::SetVector<Operation *> clones;
    auto addOperand = [&](Value value) {
      Operation *def = value.getDefiningOp();
      if (def && inGroup.contains(def))
        return;
      if (def && isCloneable(def) && !destinations.contains(def))
        collectClones(def, clones);
      else
        arguments.insert(value);
    };
    for (Operation *op : ops) {
      for (Value operand : op->getOperands())
        addOperand(operand);
      llvm::SetVector<Value> above;
      getUsedValuesDefinedAbove(op->getRegions(), above);
      for (Value value : above)
        addOperand(value);
    }
    if (results.empty())
      return success(); // dead code; canonicalization removes it

    func::FuncOp kernel = createKernel(ops, arguments, results, clones);
    OpBuilder b(last->getContext());
    b.setInsertionPointAfter(last);
    SmallVector<Value> operands;
    for (Value argument : arguments) {
      if (destinations.contains(argument.getDefiningOp()))
        argument = allocateDestination(b, argument);
      operands.push_back(argument);
    }
    auto call = func::CallOp::create(b, last->getLoc(), kernel, operands);
    for (auto [result, replacement] : llvm::zip(results, call.getResults()))
      Value(result).replaceUsesWithIf(replacement, [&](OpOperand &use) {
        return !inGroup.contains(use.getOwner());
      });
    for (Operation *op : llvm::reverse(ops))
      op->erase();
    return success();
  }

  /// A fresh destination of `empty`'s type. Unlike empty tensors,
  /// allocations are never merged by CSE, so each kernel result keeps a
  /// buffer of its own and bufferization needs no copies.
  static Value allocateDestination(OpBuilder &b, Value empty) {
    return bufferization::AllocTensorOp::create(
        b, empty.getLoc(), cast<RankedTensorType>(empty.getType()),
        ValueRange{});
  }

  /// Gives each destination-passing op left in the graph function (a
  /// runtime kernel call) an allocation of its own instead of an empty
  /// tensor.
  static void allocateDestinations(Block &block) {
    for (auto op : block.getOps<DestinationStyleOpInterface>())
      for (OpOperand &init : op.getDpsInitsMutable())
        if (init.get().getDefiningOp<tensor::EmptyOp>()) {
          OpBuilder b(op);
          init.set(allocateDestination(b, init.get()));
        }
  }

private:
  static void collectClones(Operation *op,
                            llvm::SetVector<Operation *> &clones) {
    for (Value operand : op->getOperands())
      collectClones(operand.getDefiningOp(), clones);
    clones.insert(op);
  }

  func::FuncOp createKernel(ArrayRef<Operation *> ops,
                            const llvm::SetVector<Value> &arguments,
                            const llvm::SetVector<Value> &results,
                            const llvm::SetVector<Operation *> &clones) {
    MLIRContext *context = module.getContext();
    SmallVector<Location> locations;
    llvm::SetVector<StringAttr> labels;
    for (Operation *op : ops) {
      locations.push_back(op->getLoc());
      collectLabels(op->getLoc(), labels);
    }
    OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
    auto type = FunctionType::get(context, TypeRange(arguments.getArrayRef()),
                                  TypeRange(results.getArrayRef()));
    auto kernel = func::FuncOp::create(b, FusedLoc::get(context, locations),
                                       "wnn_kernel", type);
    kernel.setPrivate();
    symbols.insert(kernel); // uniques the name: wnn_kernel_0, ...
    kernel->setAttr(kKernelAttr, b.getUnitAttr());
    SmallVector<Attribute> labelAttrs(labels.begin(), labels.end());
    kernel->setAttr(kKernelLabelsAttr, b.getArrayAttr(labelAttrs));

    Block *body = kernel.addEntryBlock();
    b.setInsertionPointToStart(body);
    IRMapping mapping;
    for (auto [value, argument] : llvm::zip(arguments, body->getArguments()))
      mapping.map(value, argument);
    for (Operation *op : clones)
      b.clone(*op, mapping);
    for (Operation *op : ops)
      b.clone(*op, mapping);
    SmallVector<Value> returned;
    for (Value result : results)
      returned.push_back(mapping.lookup(result));
    func::ReturnOp::create(b, kernel.getLoc(), returned);
    return kernel;
  }

  ModuleOp module;
  SymbolTable symbols;
};

struct FormKernelsPass : impl::FormKernelsBase<FormKernelsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> graphs;
    for (auto func : module.getOps<func::FuncOp>())
      if (!func.isExternal() && !func->hasAttr(kKernelAttr))
        graphs.push_back(func);
    KernelOutliner outliner(module);
    for (func::FuncOp graph : graphs) {
      Block &block = graph.front();
      splitSharedFills(block);
      splitEmptyTensors(block);
      llvm::EquivalenceClasses<Operation *> groups = groupKernelOps(block);
      // Groups in the order of their last op, each op in block order.
      llvm::MapVector<Operation *, SmallVector<Operation *>> members;
      for (Operation &op : block)
        if (groups.contains(&op))
          members[groups.getLeaderValue(&op)].push_back(&op);
      SmallVector<SmallVector<Operation *>> ordered;
      for (auto &entry : members)
        ordered.push_back(std::move(entry.second));
      llvm::sort(ordered, [](const auto &a, const auto &b) {
        return a.back()->isBeforeInBlock(b.back());
      });
      for (ArrayRef<Operation *> ops : ordered) {
        if (succeeded(outliner.outline(ops)))
          continue;
        // A result is used before the group ends: one kernel per op.
        for (Operation *op : ops)
          if (failed(outliner.outline(op))) {
            op->emitOpError("internal error: cannot outline into a kernel");
            return signalPassFailure();
          }
      }
      KernelOutliner::allocateDestinations(block);
      // Constants and empty tensors that only the kernels used.
      for (Operation &op : llvm::make_early_inc_range(llvm::reverse(block)))
        if (isCloneable(&op) && op.use_empty())
          op.erase();
    }
  }
};

} // namespace

void collectLabels(Location loc, llvm::SetVector<StringAttr> &labels) {
  loc->walk([&](Location inner) {
    if (auto name = dyn_cast<NameLoc>(inner))
      labels.insert(name.getName());
    return WalkResult::advance();
  });
}

} // namespace wnn
