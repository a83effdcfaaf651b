//===- Graph.cpp - wnn::Graph and the module form it wraps ----------------===//

#include "Builder/GraphImpl.h"

#include "webnn/IR/WebnnDialect.h"
#include "webnn/IR/WebnnOps.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace wnn {

std::shared_ptr<MLIRContext> createGraphContext() {
  auto context = std::make_shared<MLIRContext>();
  context->loadDialect<webnn::WebnnDialect, func::FuncDialect>();
  return context;
}

RankedTensorType toTensorType(MLIRContext *context,
                              const OperandDescriptor &desc) {
  return RankedTensorType::get(desc.shape,
                               toElementType(context, desc.dataType));
}

std::optional<OperandDescriptor> toDescriptor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return std::nullopt;
  std::optional<DataType> dataType = toDataType(tensor.getElementType());
  if (!dataType)
    return std::nullopt;
  OperandDescriptor desc;
  desc.dataType = *dataType;
  desc.shape.assign(tensor.getShape().begin(), tensor.getShape().end());
  return desc;
}

func::FuncOp Graph::Impl::getMain() const {
  return cast<func::FuncOp>(module.get().getBody()->front());
}

/// "<source>: <message>", or "<file>:<line>:<col>: <message>" when the
/// diagnostic points into a file.
static std::string describe(StringRef sourceName, Diagnostic &diag) {
  std::string text;
  llvm::raw_string_ostream os(text);
  auto fileLoc = diag.getLocation()->findInstanceOf<FileLineColLoc>();
  if (fileLoc && fileLoc.getLine() != 0) {
    StringRef file = fileLoc.getFilename().getValue();
    os << (file.empty() ? sourceName : file) << ":" << fileLoc.getLine() << ":"
       << fileLoc.getColumn() << ": ";
  } else if (!sourceName.empty()) {
    os << sourceName << ": ";
  }
  os << diag.str();
  return text;
}

/// Checks a graph interface type and name attribute; `what` is, e.g.,
/// "argument 0".
static std::optional<std::string>
checkInterface(Type type, DictionaryAttr attrs, const std::string &what,
               llvm::StringSet<> &names, std::string &name,
               OperandDescriptor &desc) {
  std::optional<OperandDescriptor> described = toDescriptor(type);
  if (!described) {
    std::string typeText;
    llvm::raw_string_ostream os(typeText);
    type.print(os);
    return what + ": type " + typeText +
           " is not a statically shaped tensor of a WebNN data type";
  }
  desc = *described;
  StringRef attrName = webnn::WebnnDialect::getNameAttrName();
  auto nameAttr =
      attrs ? dyn_cast_or_null<StringAttr>(attrs.get(attrName)) : StringAttr();
  if (!nameAttr)
    return what + ": missing the " + attrName.str() + " string attribute";
  name = nameAttr.getValue().str();
  if (name.empty())
    return what + ": " + attrName.str() + " is empty";
  if (!names.insert(name).second)
    return what + ": the name '" + name + "' is used twice";
  return std::nullopt;
}

Expected<Graph> makeGraphFromModule(std::shared_ptr<MLIRContext> context,
                                    OwningOpRef<ModuleOp> module,
                                    StringRef sourceName) {
  auto fail = [&](const Twine &message) {
    std::string text = sourceName.empty() ? "" : sourceName.str() + ": ";
    return Error{text + message.str()};
  };
  if (!context || !module)
    return fail("no module");
  if (module->getContext() != context.get())
    return fail("the module belongs to another MLIRContext");

  // Verify first: the checks below rely on well-formed functions.
  std::string diagnostic;
  {
    ScopedDiagnosticHandler handler(context.get(), [&](Diagnostic &diag) {
      if (diagnostic.empty() && diag.getSeverity() == DiagnosticSeverity::Error)
        diagnostic = describe(sourceName, diag);
      return success();
    });
    if (failed(verify(*module))) {
      if (diagnostic.empty())
        return fail("the module failed to verify");
      return Error{diagnostic};
    }
  }

  func::FuncOp main;
  for (Operation &op : module->getBody()->getOperations()) {
    auto function = dyn_cast<func::FuncOp>(op);
    if (!function)
      return fail("unexpected '" + op.getName().getStringRef() +
                  "' in the module; a graph module holds only func.func @main");
    if (main)
      return fail("a graph module holds exactly one func.func, @main");
    main = function;
  }
  if (!main)
    return fail("the module has no func.func @main");
  if (main.getSymName() != "main")
    return fail("the function is named '" + main.getSymName() +
                "' but must be 'main'");
  if (main.isExternal())
    return fail("func.func @main has no body");

  auto state = std::make_unique<Graph::Impl>();
  llvm::StringSet<> inputNames, outputNames;
  FunctionType type = main.getFunctionType();
  for (unsigned i = 0; i < type.getNumInputs(); ++i) {
    std::string name;
    OperandDescriptor desc;
    if (auto message = checkInterface(type.getInput(i), main.getArgAttrDict(i),
                                      "argument " + std::to_string(i),
                                      inputNames, name, desc))
      return fail("@main " + *message);
    state->inputs.emplace_back(std::move(name), std::move(desc));
  }
  if (type.getNumResults() == 0)
    return fail("@main has no results; a graph needs at least one output");
  for (unsigned i = 0; i < type.getNumResults(); ++i) {
    std::string name;
    OperandDescriptor desc;
    if (auto message = checkInterface(
            type.getResult(i), main.getResultAttrDict(i),
            "result " + std::to_string(i), outputNames, name, desc))
      return fail("@main " + *message);
    state->outputs.emplace_back(std::move(name), std::move(desc));
  }

  state->context = std::move(context);
  state->module = std::move(module);
  state->sourceName = sourceName.str();
  return Graph(std::move(state));
}

Graph::Graph(std::unique_ptr<Impl> state) : state(std::move(state)) {}
Graph::Graph(Graph &&) noexcept = default;
Graph &Graph::operator=(Graph &&) noexcept = default;
Graph::~Graph() = default;

const std::vector<std::pair<std::string, OperandDescriptor>> &
Graph::inputs() const {
  return state->inputs;
}

const std::vector<std::pair<std::string, OperandDescriptor>> &
Graph::outputs() const {
  return state->outputs;
}

std::string Graph::toMLIR() const {
  std::string text;
  llvm::raw_string_ostream os(text);
  state->module->print(os);
  return text;
}

} // namespace wnn
