//===- Builder/BuilderImpl.h - The state behind wnn::GraphBuilder -*- C++
//-*-===//
//
// Private to the builder: GraphBuilder::Impl and the generic routine every
// operator method goes through (emit). The methods themselves live in one
// file per op family (Operators*.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef WNN_LIB_BUILDER_BUILDERIMPL_H
#define WNN_LIB_BUILDER_BUILDERIMPL_H

#include "Builder/GraphImpl.h"

#include "webnn/IR/WebnnDialect.h"
#include "webnn/IR/WebnnOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"

#include <string>

namespace wnn {
namespace builder_detail {
using namespace mlir;

/// One operand of a call: its name in messages and its handle, or nullopt
/// for an absent optional operand.
struct Arg {
  StringRef name;
  std::optional<Operand> operand;
};

/// An operand a builder handed out.
struct Entry {
  Value value;
  OperandDescriptor desc;
};

/// Fills the attributes of a call from its resolved operands (null where an
/// optional operand is absent); returns an error message or "".
using AttrFn = llvm::function_ref<std::string(
    ArrayRef<Value>, SmallVectorImpl<NamedAttribute> &)>;

/// A fresh operand id, unique across builders.
uint32_t newOperandId();

inline int64_t rankOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getRank();
}
/// What GraphBuilder::Impl holds, in this namespace so that its code reads
/// MLIR names unqualified.
class BuilderState {
public:
  explicit BuilderState(std::string name)
      : sourceName(std::move(name)), context(createGraphContext()),
        builder(context.get()) {
    Location loc = FileLineColLoc::get(context.get(), sourceName, 0, 0);
    module = ModuleOp::create(loc);
    builder.setInsertionPointToEnd(module->getBody());
    main = func::FuncOp::create(builder, loc, "main",
                                builder.getFunctionType({}, {}));
    builder.setInsertionPointToEnd(main.addEntryBlock());
  }

  /// "<source>: <kind> '<label>': <message>", leaving out empty parts.
  Error error(StringRef kind, StringRef label, const Twine &message) const {
    std::string text = sourceName.empty() ? "" : sourceName + ": ";
    text += kind.str();
    if (!label.empty())
      text += " '" + label.str() + "'";
    return Error{text + ": " + message.str()};
  }

  Location location(StringRef kind, StringRef label) {
    MLIRContext *ctx = context.get();
    return NameLoc::get(StringAttr::get(ctx, label.empty() ? kind : label),
                        FileLineColLoc::get(ctx, sourceName, 0, 0));
  }

  Status checkUsable(StringRef kind, StringRef label) const {
    if (built)
      return error(kind, label,
                   "the graph was already built; this builder is spent");
    return Status::ok();
  }

  Expected<Value> lookup(StringRef kind, StringRef label, StringRef name,
                         Operand operand) const {
    auto it = operand.valid() ? entries.find(operand.id) : entries.end();
    if (it == entries.end())
      return error(kind, label, name + ": not an operand of this builder");
    return it->second.value;
  }

  Operand record(Value value) {
    Operand operand{newOperandId()};
    entries[operand.id] = Entry{
        value, toDescriptor(value.getType()).value_or(OperandDescriptor())};
    return operand;
  }

  template <typename OpT>
  Expected<SmallVector<Operand>> emit(StringRef label, ArrayRef<Arg> args,
                                      AttrFn makeAttrs);

  template <typename OpT>
  Expected<Operand> emitOneWith(StringRef label, ArrayRef<Arg> args,
                                AttrFn makeAttrs) {
    auto results = emit<OpT>(label, args, makeAttrs);
    if (!results)
      return results.error();
    return results->front();
  }

  /// emitOne with attributes that do not depend on the operands.
  template <typename OpT>
  Expected<Operand> emitOne(StringRef label, ArrayRef<Arg> args,
                            ArrayRef<NamedAttribute> attrs) {
    return emitOneWith<OpT>(
        label, args,
        [&](ArrayRef<Value>, SmallVectorImpl<NamedAttribute> &out) {
          out.append(attrs.begin(), attrs.end());
          return std::string();
        });
  }

  // Attribute helpers.
  NamedAttribute named(StringRef name, Attribute value) {
    return builder.getNamedAttr(name, value);
  }
  Attribute i64s(ArrayRef<int64_t> values) {
    return builder.getDenseI64ArrayAttr(values);
  }
  Attribute i64s(const std::vector<uint32_t> &values,
                 ArrayRef<int64_t> fallback = {}) {
    if (values.empty())
      return i64s(fallback);
    SmallVector<int64_t> wide(values.begin(), values.end());
    return i64s(wide);
  }
  Attribute i64(int64_t value) { return builder.getI64IntegerAttr(value); }
  Attribute f64(double value) { return builder.getF64FloatAttr(value); }
  Attribute str(StringRef value) { return builder.getStringAttr(value); }
  Attribute boolean(bool value) { return builder.getBoolAttr(value); }

  Expected<ElementsAttr>
  makeConstantValue(const OperandDescriptor &desc, const void *data,
                    size_t byteLength, StringRef label,
                    std::shared_ptr<const void> owner = nullptr);

  // Declared after the context, the module is destroyed before it.
  std::string sourceName;
  std::shared_ptr<MLIRContext> context;
  OwningOpRef<ModuleOp> module;
  func::FuncOp main;
  OpBuilder builder;
  llvm::DenseMap<uint32_t, Entry> entries;
  llvm::StringSet<> inputNames;
  bool built = false;
};

template <typename OpT>
Expected<SmallVector<Operand>>
BuilderState::emit(StringRef label, ArrayRef<Arg> args, AttrFn makeAttrs) {
  StringRef kind = OpT::getOperationName().drop_front(
      webnn::WebnnDialect::getDialectNamespace().size() + 1);
  if (Status usable = checkUsable(kind, label); !usable)
    return usable.error();

  SmallVector<Value> operands, slots;
  SmallVector<int32_t> segments;
  for (const Arg &arg : args) {
    Value value;
    if (arg.operand) {
      auto found = lookup(kind, label, arg.name, *arg.operand);
      if (!found)
        return found.error();
      value = *found;
      operands.push_back(value);
    }
    slots.push_back(value);
    segments.push_back(value ? 1 : 0);
  }

  SmallVector<NamedAttribute> attrs;
  if (std::string message = makeAttrs(slots, attrs); !message.empty())
    return error(kind, label, message);
  if constexpr (OpT::template hasTrait<OpTrait::AttrSizedOperandSegments>())
    attrs.push_back(
        named("operandSegmentSizes", builder.getDenseI32ArrayAttr(segments)));

  MLIRContext *ctx = context.get();
  Location loc = location(kind, label);
  std::string diagnostic;
  ScopedDiagnosticHandler handler(ctx, [&](Diagnostic &diag) {
    if (diagnostic.empty())
      diagnostic = diag.str();
    return success();
  });
  auto fail = [&] {
    return error(kind, label,
                 diagnostic.empty() ? "invalid operation" : diagnostic);
  };

  // The same steps the generated builders take, minus their aborts.
  DictionaryAttr dict = DictionaryAttr::get(ctx, attrs);
  typename OpT::Properties props;
  if (failed(OpT::setPropertiesFromAttr(props, dict,
                                        [&] { return emitError(loc); })))
    return fail();
  OpT::populateDefaultProperties(OperationName(OpT::getOperationName(), ctx),
                                 props);
  SmallVector<Type> types;
  if (failed(OpT::inferReturnTypes(ctx, loc, operands, dict,
                                   OpaqueProperties(&props), RegionRange(),
                                   types)))
    return fail();
  auto op =
      OpT::create(builder, loc, TypeRange(types), ValueRange(operands), props);
  if (failed(verify(op.getOperation()))) {
    op->erase();
    return fail();
  }
  SmallVector<Operand> results;
  for (Value result : op->getResults())
    results.push_back(record(result));
  return results;
}

} // namespace builder_detail

class GraphBuilder::Impl : public builder_detail::BuilderState {
public:
  using BuilderState::BuilderState;
};

} // namespace wnn

#endif // WNN_LIB_BUILDER_BUILDERIMPL_H
