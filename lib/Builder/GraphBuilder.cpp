//===- GraphBuilder.cpp - wnn::GraphBuilder -------------------------------===//
//
// Every method normalizes its options into the op's attributes and hands them
// to one generic routine, which runs the op's own type inference (the spec's
// validation steps) under a diagnostic handler before creating anything. So
// validation lives in the dialect only, and bad input becomes an Error.
//
//===----------------------------------------------------------------------===//

#include "Builder/GraphImpl.h"

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

namespace {
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
} // namespace

// Ids are unique across builders so that an operand of another builder is
// recognized instead of aliasing one of ours.
static std::atomic<uint32_t> nextOperandId{0};

static uint32_t newOperandId() {
  uint32_t id = nextOperandId.fetch_add(1);
  if (id == UINT32_MAX)
    id = nextOperandId.fetch_add(1);
  return id;
}

static int64_t rankOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getRank();
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

class GraphBuilder::Impl {
public:
  explicit Impl(std::string name)
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

  Expected<ElementsAttr> makeConstantValue(const OperandDescriptor &desc,
                                           const void *data, size_t byteLength,
                                           StringRef label);

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
Expected<SmallVector<Operand>> GraphBuilder::Impl::emit(StringRef label,
                                                        ArrayRef<Arg> args,
                                                        AttrFn makeAttrs) {
  StringRef kind = OpT::getOperationName().drop_front(
      WebnnDialect::getDialectNamespace().size() + 1);
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

Expected<ElementsAttr>
GraphBuilder::Impl::makeConstantValue(const OperandDescriptor &desc,
                                      const void *data, size_t byteLength,
                                      StringRef label) {
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
  // Large weights live once in a blob that passes never copy.
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
  Impl &s = *impl;
  if (Status usable = s.checkUsable("constant", o.label); !usable)
    return usable.error();
  if (std::string message = checkDescriptor(desc); !message.empty())
    return s.error("constant", o.label, message);
  if (byteLength != desc.byteSize())
    return s.error("constant", o.label,
                   "data: byteLength " + Twine(byteLength) +
                       " does not match the descriptor's " +
                       Twine(desc.byteSize()) + " bytes");
  if (!data)
    return s.error("constant", o.label, "data: no buffer");
  auto value = s.makeConstantValue(desc, data, byteLength, o.label);
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

//===----------------------------------------------------------------------===//
// GraphBuilder: operations
//===----------------------------------------------------------------------===//

static const char *layoutName(InputOperandLayout layout) {
  switch (layout) {
  case InputOperandLayout::Nchw:
    return "nchw";
  case InputOperandLayout::Nhwc:
    return "nhwc";
  }
  return "unknown";
}

static const char *filterLayoutName(Conv2dFilterOperandLayout layout) {
  switch (layout) {
  case Conv2dFilterOperandLayout::Oihw:
    return "oihw";
  case Conv2dFilterOperandLayout::Hwio:
    return "hwio";
  case Conv2dFilterOperandLayout::Ohwi:
    return "ohwi";
  case Conv2dFilterOperandLayout::Ihwo:
    return "ihwo";
  }
  return "unknown";
}

static const char *roundingName(RoundingType rounding) {
  switch (rounding) {
  case RoundingType::Floor:
    return "floor";
  case RoundingType::Ceil:
    return "ceil";
  }
  return "unknown";
}

static const char *paddingModeName(PaddingMode mode) {
  switch (mode) {
  case PaddingMode::Constant:
    return "constant";
  case PaddingMode::Edge:
    return "edge";
  case PaddingMode::Reflection:
    return "reflection";
  case PaddingMode::Symmetric:
    return "symmetric";
  }
  return "unknown";
}

/// [first, last) as a list.
static SmallVector<int64_t> range(int64_t first, int64_t last) {
  SmallVector<int64_t> values;
  for (int64_t i = first; i < last; ++i)
    values.push_back(i);
  return values;
}

#define WNN_BINARY(METHOD, OP)                                                 \
  Expected<Operand> GraphBuilder::METHOD(Operand a, Operand b,                 \
                                         const OperatorOptions &o) {           \
    return impl->emitOne<OP>(o.label, {{"a", a}, {"b", b}}, {});               \
  }
WNN_BINARY(add, AddOp)
WNN_BINARY(sub, SubOp)
WNN_BINARY(mul, MulOp)
WNN_BINARY(div, DivOp)
WNN_BINARY(max, MaxOp)
WNN_BINARY(min, MinOp)
WNN_BINARY(pow, PowOp)
WNN_BINARY(matmul, MatmulOp)
WNN_BINARY(equal, EqualOp)
WNN_BINARY(notEqual, NotEqualOp)
WNN_BINARY(greater, GreaterOp)
WNN_BINARY(greaterOrEqual, GreaterOrEqualOp)
WNN_BINARY(lesser, LesserOp)
WNN_BINARY(lesserOrEqual, LesserOrEqualOp)
WNN_BINARY(logicalAnd, LogicalAndOp)
WNN_BINARY(logicalOr, LogicalOrOp)
WNN_BINARY(logicalXor, LogicalXorOp)
#undef WNN_BINARY

#define WNN_UNARY(METHOD, OP)                                                  \
  Expected<Operand> GraphBuilder::METHOD(Operand x,                            \
                                         const OperatorOptions &o) {           \
    return impl->emitOne<OP>(o.label, {{"input", x}}, {});                     \
  }
WNN_UNARY(abs, AbsOp)
WNN_UNARY(ceil, CeilOp)
WNN_UNARY(cos, CosOp)
WNN_UNARY(erf, ErfOp)
WNN_UNARY(exp, ExpOp)
WNN_UNARY(floor, FloorOp)
WNN_UNARY(identity, IdentityOp)
WNN_UNARY(log, LogOp)
WNN_UNARY(neg, NegOp)
WNN_UNARY(reciprocal, ReciprocalOp)
WNN_UNARY(sin, SinOp)
WNN_UNARY(sqrt, SqrtOp)
WNN_UNARY(tan, TanOp)
WNN_UNARY(relu, ReluOp)
WNN_UNARY(sigmoid, SigmoidOp)
WNN_UNARY(tanh, TanhOp)
WNN_UNARY(gelu, GeluOp)
WNN_UNARY(hardSwish, HardSwishOp)
WNN_UNARY(softplus, SoftplusOp)
WNN_UNARY(softsign, SoftsignOp)
WNN_UNARY(sign, SignOp)
WNN_UNARY(roundEven, RoundEvenOp)
WNN_UNARY(logicalNot, LogicalNotOp)
WNN_UNARY(isNaN, IsNaNOp)
WNN_UNARY(isInfinite, IsInfiniteOp)
#undef WNN_UNARY

Expected<Operand> GraphBuilder::where(Operand condition, Operand trueValue,
                                      Operand falseValue,
                                      const OperatorOptions &o) {
  return impl->emitOne<WhereOp>(o.label,
                                {{"condition", condition},
                                 {"trueValue", trueValue},
                                 {"falseValue", falseValue}},
                                {});
}

Expected<Operand> GraphBuilder::cast(Operand x, DataType type,
                                     const OperatorOptions &o) {
  Impl &s = *impl;
  return s.emitOneWith<CastOp>(
      o.label, {{"input", x}},
      [&](ArrayRef<Value>, SmallVectorImpl<NamedAttribute> &attrs) {
        Type element = toElementType(s.context.get(), type);
        if (!element)
          return "type: unknown data type " +
                 std::to_string(static_cast<int32_t>(type));
        attrs.push_back(s.named("data_type", TypeAttr::get(element)));
        return std::string();
      });
}

Expected<Operand> GraphBuilder::clamp(Operand x, const ClampOptions &o) {
  Impl &s = *impl;
  double inf = std::numeric_limits<double>::infinity();
  return s.emitOne<ClampOp>(
      o.label, {{"input", x}},
      {s.named("min_value", s.f64(o.minValue.value_or(-inf))),
       s.named("max_value", s.f64(o.maxValue.value_or(inf)))});
}

Expected<Operand> GraphBuilder::leakyRelu(Operand x,
                                          const LeakyReluOptions &o) {
  return impl->emitOne<LeakyReluOp>(o.label, {{"input", x}},
                                    {impl->named("alpha", impl->f64(o.alpha))});
}

Expected<Operand> GraphBuilder::elu(Operand x, const EluOptions &o) {
  return impl->emitOne<EluOp>(o.label, {{"input", x}},
                              {impl->named("alpha", impl->f64(o.alpha))});
}

Expected<Operand> GraphBuilder::hardSigmoid(Operand x,
                                            const HardSigmoidOptions &o) {
  Impl &s = *impl;
  return s.emitOne<HardSigmoidOp>(
      o.label, {{"input", x}},
      {s.named("alpha", s.f64(o.alpha)), s.named("beta", s.f64(o.beta))});
}

Expected<Operand> GraphBuilder::linear(Operand x, const LinearOptions &o) {
  Impl &s = *impl;
  return s.emitOne<LinearOp>(
      o.label, {{"input", x}},
      {s.named("alpha", s.f64(o.alpha)), s.named("beta", s.f64(o.beta))});
}

Expected<Operand> GraphBuilder::prelu(Operand x, Operand slope,
                                      const OperatorOptions &o) {
  return impl->emitOne<PreluOp>(o.label, {{"input", x}, {"slope", slope}}, {});
}

Expected<Operand> GraphBuilder::softmax(Operand x, std::optional<uint32_t> axis,
                                        const OperatorOptions &o) {
  Impl &s = *impl;
  return s.emitOneWith<SoftmaxOp>(
      o.label, {{"input", x}},
      [&](ArrayRef<Value> operands, SmallVectorImpl<NamedAttribute> &attrs) {
        // Without an axis, softmax is the legacy 2-D form over axis 1.
        int64_t rank = rankOf(operands[0]);
        if (!axis && rank != 2)
          return "input: expected a 2-D tensor when axis is absent but got "
                 "rank " +
                 std::to_string(rank);
        attrs.push_back(s.named("axis", s.i64(axis.value_or(1))));
        return std::string();
      });
}

Expected<Operand> GraphBuilder::conv2d(Operand input, Operand filter,
                                       const Conv2dOptions &o) {
  Impl &s = *impl;
  return s.emitOne<Conv2dOp>(
      o.label, {{"input", input}, {"filter", filter}, {"bias", o.bias}},
      {s.named("padding", s.i64s(o.padding, {0, 0, 0, 0})),
       s.named("strides", s.i64s(o.strides, {1, 1})),
       s.named("dilations", s.i64s(o.dilations, {1, 1})),
       s.named("groups", s.i64(o.groups)),
       s.named("input_layout", s.str(layoutName(o.inputLayout))),
       s.named("filter_layout", s.str(filterLayoutName(o.filterLayout)))});
}

template <typename OpT>
static Expected<Operand> pool2d(GraphBuilder::Impl &s, Operand input,
                                const Pool2dOptions &o) {
  SmallVector<NamedAttribute> attrs{
      s.named("padding", s.i64s(o.padding, {0, 0, 0, 0})),
      s.named("strides", s.i64s(o.strides, {1, 1})),
      s.named("dilations", s.i64s(o.dilations, {1, 1})),
      s.named("layout", s.str(layoutName(o.layout))),
      s.named("rounding_type", s.str(roundingName(o.roundingType)))};
  // Absent window and output sizes have meanings of their own.
  if (!o.windowDimensions.empty())
    attrs.push_back(s.named("window_dimensions", s.i64s(o.windowDimensions)));
  if (!o.outputSizes.empty())
    attrs.push_back(s.named("output_sizes", s.i64s(o.outputSizes)));
  return s.emitOne<OpT>(o.label, {{"input", input}}, attrs);
}

Expected<Operand> GraphBuilder::averagePool2d(Operand input,
                                              const Pool2dOptions &o) {
  return pool2d<AveragePool2dOp>(*impl, input, o);
}

Expected<Operand> GraphBuilder::maxPool2d(Operand input,
                                          const Pool2dOptions &o) {
  return pool2d<MaxPool2dOp>(*impl, input, o);
}

Expected<Operand>
GraphBuilder::batchNormalization(Operand input, Operand mean, Operand variance,
                                 const BatchNormalizationOptions &o) {
  Impl &s = *impl;
  return s.emitOne<BatchNormalizationOp>(
      o.label,
      {{"input", input},
       {"mean", mean},
       {"variance", variance},
       {"scale", o.scale},
       {"bias", o.bias}},
      {s.named("axis", s.i64(o.axis)), s.named("epsilon", s.f64(o.epsilon))});
}

Expected<Operand>
GraphBuilder::instanceNormalization(Operand input,
                                    const InstanceNormalizationOptions &o) {
  Impl &s = *impl;
  return s.emitOne<InstanceNormalizationOp>(
      o.label, {{"input", input}, {"scale", o.scale}, {"bias", o.bias}},
      {s.named("epsilon", s.f64(o.epsilon)),
       s.named("layout", s.str(layoutName(o.layout)))});
}

Expected<Operand>
GraphBuilder::layerNormalization(Operand input,
                                 const LayerNormalizationOptions &o) {
  Impl &s = *impl;
  return s.emitOneWith<LayerNormalizationOp>(
      o.label, {{"input", input}, {"scale", o.scale}, {"bias", o.bias}},
      [&](ArrayRef<Value> operands, SmallVectorImpl<NamedAttribute> &attrs) {
        // Absent axes: every dimension but the first.
        int64_t rank = rankOf(operands[0]);
        attrs.push_back(
            s.named("axes", o.axes ? s.i64s(*o.axes) : s.i64s(range(1, rank))));
        attrs.push_back(s.named("epsilon", s.f64(o.epsilon)));
        return std::string();
      });
}

Expected<Operand> GraphBuilder::gemm(Operand a, Operand b,
                                     const GemmOptions &o) {
  Impl &s = *impl;
  return s.emitOne<GemmOp>(o.label, {{"a", a}, {"b", b}, {"c", o.c}},
                           {s.named("alpha", s.f64(o.alpha)),
                            s.named("beta", s.f64(o.beta)),
                            s.named("a_transpose", s.boolean(o.aTranspose)),
                            s.named("b_transpose", s.boolean(o.bTranspose))});
}

template <typename OpT>
static Expected<Operand> reduce(GraphBuilder::Impl &s, Operand x,
                                const ReduceOptions &o) {
  return s.emitOneWith<OpT>(
      o.label, {{"input", x}},
      [&](ArrayRef<Value> operands, SmallVectorImpl<NamedAttribute> &attrs) {
        // Absent axes: reduce over all of them.
        attrs.push_back(
            s.named("axes", o.axes ? s.i64s(*o.axes)
                                   : s.i64s(range(0, rankOf(operands[0])))));
        attrs.push_back(
            s.named("keep_dimensions", s.boolean(o.keepDimensions)));
        return std::string();
      });
}

#define WNN_REDUCE(METHOD, OP)                                                 \
  Expected<Operand> GraphBuilder::METHOD(Operand x, const ReduceOptions &o) {  \
    return reduce<OP>(*impl, x, o);                                            \
  }
WNN_REDUCE(reduceMax, ReduceMaxOp)
WNN_REDUCE(reduceMean, ReduceMeanOp)
WNN_REDUCE(reduceMin, ReduceMinOp)
WNN_REDUCE(reduceSum, ReduceSumOp)
WNN_REDUCE(reduceL1, ReduceL1Op)
WNN_REDUCE(reduceL2, ReduceL2Op)
WNN_REDUCE(reduceLogSum, ReduceLogSumOp)
WNN_REDUCE(reduceLogSumExp, ReduceLogSumExpOp)
WNN_REDUCE(reduceProduct, ReduceProductOp)
WNN_REDUCE(reduceSumSquare, ReduceSumSquareOp)
#undef WNN_REDUCE

template <typename OpT>
static Expected<Operand> argReduce(GraphBuilder::Impl &s, Operand x,
                                   uint32_t axis, const ArgMinMaxOptions &o) {
  return s.emitOneWith<OpT>(
      o.label, {{"input", x}},
      [&](ArrayRef<Value>, SmallVectorImpl<NamedAttribute> &attrs) {
        Type output = toElementType(s.context.get(), o.outputDataType);
        if (!output)
          return "options: outputDataType: unknown data type " +
                 std::to_string(static_cast<int32_t>(o.outputDataType));
        attrs.push_back(s.named("axis", s.i64(axis)));
        attrs.push_back(
            s.named("keep_dimensions", s.boolean(o.keepDimensions)));
        attrs.push_back(s.named("output_data_type", TypeAttr::get(output)));
        return std::string();
      });
}

Expected<Operand> GraphBuilder::argMin(Operand x, uint32_t axis,
                                       const ArgMinMaxOptions &o) {
  return argReduce<ArgMinOp>(*impl, x, axis, o);
}
Expected<Operand> GraphBuilder::argMax(Operand x, uint32_t axis,
                                       const ArgMinMaxOptions &o) {
  return argReduce<ArgMaxOp>(*impl, x, axis, o);
}

Expected<Operand> GraphBuilder::reshape(Operand x,
                                        const std::vector<uint32_t> &newShape,
                                        const OperatorOptions &o) {
  return impl->emitOne<ReshapeOp>(
      o.label, {{"input", x}},
      {impl->named("new_shape", impl->i64s(newShape))});
}

Expected<Operand> GraphBuilder::transpose(Operand x,
                                          const TransposeOptions &o) {
  Impl &s = *impl;
  return s.emitOneWith<TransposeOp>(
      o.label, {{"input", x}},
      [&](ArrayRef<Value> operands, SmallVectorImpl<NamedAttribute> &attrs) {
        SmallVector<int64_t> reversed = range(0, rankOf(operands[0]));
        std::reverse(reversed.begin(), reversed.end());
        attrs.push_back(s.named("permutation", o.permutation
                                                   ? s.i64s(*o.permutation)
                                                   : s.i64s(reversed)));
        return std::string();
      });
}

Expected<Operand> GraphBuilder::concat(const std::vector<Operand> &inputs,
                                       uint32_t axis,
                                       const OperatorOptions &o) {
  std::vector<std::string> names;
  for (size_t i = 0; i < inputs.size(); ++i)
    names.push_back("inputs[" + std::to_string(i) + "]");
  SmallVector<Arg> args;
  for (size_t i = 0; i < inputs.size(); ++i)
    args.push_back({names[i], inputs[i]});
  return impl->emitOne<ConcatOp>(o.label, args,
                                 {impl->named("axis", impl->i64(axis))});
}

Expected<Operand> GraphBuilder::slice(Operand x,
                                      const std::vector<uint32_t> &starts,
                                      const std::vector<uint32_t> &sizes,
                                      const SliceOptions &o) {
  Impl &s = *impl;
  SmallVector<NamedAttribute> attrs{s.named("starts", s.i64s(starts)),
                                    s.named("sizes", s.i64s(sizes))};
  if (!o.strides.empty())
    attrs.push_back(s.named("strides", s.i64s(o.strides)));
  return s.emitOne<SliceOp>(o.label, {{"input", x}}, attrs);
}

Expected<std::vector<Operand>> GraphBuilder::split(Operand x, uint32_t count,
                                                   const SplitOptions &o) {
  Impl &s = *impl;
  auto results = s.emit<SplitOp>(
      o.label, {{"input", x}},
      [&](ArrayRef<Value> operands, SmallVectorImpl<NamedAttribute> &attrs) {
        if (count == 0)
          return std::string("splits: count must be positive");
        auto type = llvm::cast<RankedTensorType>(operands[0].getType());
        // An out-of-range axis is left to the op's own check.
        SmallVector<int64_t> sizes{1};
        if (o.axis < type.getRank()) {
          int64_t dim = type.getDimSize(o.axis);
          if (dim % count != 0)
            return "splits: dimension " + std::to_string(o.axis) + " (" +
                   std::to_string(dim) + ") is not divisible by " +
                   std::to_string(count);
          sizes.assign(count, dim / count);
        }
        attrs.push_back(s.named("splits", s.i64s(sizes)));
        attrs.push_back(s.named("axis", s.i64(o.axis)));
        return std::string();
      });
  if (!results)
    return results.error();
  return std::vector<Operand>(results->begin(), results->end());
}

Expected<std::vector<Operand>>
GraphBuilder::split(Operand x, const std::vector<uint32_t> &sizes,
                    const SplitOptions &o) {
  Impl &s = *impl;
  auto results = s.emit<SplitOp>(
      o.label, {{"input", x}},
      [&](ArrayRef<Value>, SmallVectorImpl<NamedAttribute> &attrs) {
        attrs.push_back(s.named("splits", s.i64s(sizes)));
        attrs.push_back(s.named("axis", s.i64(o.axis)));
        return std::string();
      });
  if (!results)
    return results.error();
  return std::vector<Operand>(results->begin(), results->end());
}

Expected<Operand> GraphBuilder::pad(Operand x,
                                    const std::vector<uint32_t> &beginning,
                                    const std::vector<uint32_t> &ending,
                                    const PadOptions &o) {
  Impl &s = *impl;
  return s.emitOne<PadOp>(o.label, {{"input", x}},
                          {s.named("beginning_padding", s.i64s(beginning)),
                           s.named("ending_padding", s.i64s(ending)),
                           s.named("mode", s.str(paddingModeName(o.mode))),
                           s.named("value", s.f64(o.value))});
}

Expected<Operand> GraphBuilder::expand(Operand x,
                                       const std::vector<uint32_t> &newShape,
                                       const OperatorOptions &o) {
  return impl->emitOne<ExpandOp>(
      o.label, {{"input", x}},
      {impl->named("new_shape", impl->i64s(newShape))});
}

Expected<Operand> GraphBuilder::gather(Operand input, Operand indices,
                                       const GatherOptions &o) {
  return impl->emitOne<GatherOp>(o.label,
                                 {{"input", input}, {"indices", indices}},
                                 {impl->named("axis", impl->i64(o.axis))});
}

} // namespace wnn
