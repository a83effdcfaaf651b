//===- Compiler.cpp - Driving the phases for files and the JIT ------------===//

#include "wnn/Compiler.h"
#include "Builder/GraphImpl.h"
#include "Codegen/CPU/Passes.h"
#include "Conversion/ContextArgument.h"
#include "Pipelines/Pipelines.h"
#include "Pipelines/Registration.h"
#include "Target/Target.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace wnn {

CompiledGraph::~CompiledGraph() = default;

namespace {

/// Name of the graph function once lowered (`main` would clash with C).
constexpr llvm::StringLiteral kGraphFunction = "wnn_graph";

/// Collects diagnostics into one message.
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(MLIRContext *ctx)
      : handler(ctx, [this](Diagnostic &diag) {
          if (diag.getSeverity() != DiagnosticSeverity::Error)
            return success();
          std::string text;
          llvm::raw_string_ostream os(text);
          if (auto loc = dyn_cast<FileLineColLoc>(diag.getLocation());
              loc && loc.getLine() != 0)
            os << loc.getFilename() << ":" << loc.getLine() << ":"
               << loc.getColumn() << ": ";
          os << diag;
          if (!message.empty())
            message += "\n";
          message += text;
          return success();
        }) {}
  std::string take(const std::string &fallback) {
    return message.empty() ? fallback : message;
  }

private:
  std::string message;
  ScopedDiagnosticHandler handler;
};

void loadCompilerDialects(MLIRContext &ctx) {
  // Graphs compiled more than once keep their context: register once.
  if (ctx.getLoadedDialect<LLVM::LLVMDialect>())
    return;
  DialectRegistry registry;
  registerAllDialects(registry);
  ctx.appendDialectRegistry(registry);
  ctx.loadAllAvailableDialects();
}

/// A clone of the graph module ready for lowering: the function renamed, the
/// context argument added and the inputs marked read-only for bufferization.
OwningOpRef<ModuleOp> prepareModule(const Graph &graph) {
  Graph::Impl &impl = graph.impl();
  loadCompilerDialects(*impl.context);
  OwningOpRef<ModuleOp> module(cast<ModuleOp>(impl.module->clone()));
  auto main = cast<func::FuncOp>(module->lookupSymbol("main"));
  main.setSymName(kGraphFunction);
  ensureContextArgument(main);
  Builder b(module->getContext());
  for (unsigned i = 1; i < main.getNumArguments(); ++i)
    main.setArgAttr(i, "bufferization.writable", b.getBoolAttr(false));
  return module;
}

enum class Stage { Graph, Linalg, LLVMDialect };

/// `machine` is needed from Stage::LLVMDialect on: code is blocked and
/// vectorized for its registers.
Status runPipeline(ModuleOp module, Stage stage, const CompileOptions &options,
                   const std::string &sourceName, TimingScope &timing,
                   const llvm::TargetMachine *machine = nullptr) {
  PipelineOptions pipeline;
  pipeline.useOneDNN = options.kernels == KernelPath::OneDNN;
  pipeline.profile = options.profile;
  if (machine) {
    VectorRegisters registers = vectorRegistersOf(*machine);
    pipeline.vectorBits = registers.bits;
    pipeline.vectorRegisters = registers.count;
  }
  PassManager pm(module->getContext());
  buildGraphOptimizationPipeline(pm);
  if (stage >= Stage::Linalg)
    buildLowerToLinalgPipeline(pm, pipeline);
  if (stage >= Stage::LLVMDialect) {
    buildTileAndVectorizePipeline(pm, pipeline);
    buildBufferizationPipeline(pm);
    buildLowerToLLVMPipeline(pm, pipeline);
  }
  TimingScope passTiming = timing.nest("MLIR passes");
  pm.enableTiming(passTiming);
  DiagnosticCollector diagnostics(module->getContext());
  if (failed(pm.run(module)))
    return Error{diagnostics.take(sourceName + ": compilation failed")};
  return Status::ok();
}

struct LoweredGraph {
  std::unique_ptr<llvm::LLVMContext> context;
  std::unique_ptr<llvm::Module> module;
  std::unique_ptr<llvm::TargetMachine> machine;
};

/// Runs every phase up to LLVM IR with the artifact ABI, not yet optimized
/// by LLVM.
Expected<LoweredGraph> lowerToLLVMIR(const Graph &graph,
                                     const CompileOptions &options,
                                     TimingScope &timing) {
  Graph::Impl &impl = graph.impl();
  auto machine = createTargetMachine(options.mcpu, options.optLevel);
  if (!machine)
    return machine.error();
  OwningOpRef<ModuleOp> module = prepareModule(graph);
  if (Status s = runPipeline(*module, Stage::LLVMDialect, options,
                             impl.sourceName, timing, machine->get());
      !s)
    return s.error();
  TimingScope translateTiming = timing.nest("translate to LLVM IR");
  ArtifactInterface interface;
  interface.inputs = impl.inputs;
  interface.outputs = impl.outputs;
  interface.graphFunction = kGraphFunction.str();
  interface.arenaAlignment = kArenaAlignment;
  auto func = module->lookupSymbol(kGraphFunction);
  if (auto size = func ? func->getAttrOfType<IntegerAttr>(kArenaSizeAttr)
                       : IntegerAttr())
    interface.arenaSize = size.getInt();
  LoweredGraph lowered;
  lowered.context = std::make_unique<llvm::LLVMContext>();
  auto llvmModule =
      translateToLLVMIR(*module, *lowered.context, interface, **machine);
  if (!llvmModule)
    return llvmModule.error();
  lowered.module = llvmModule.take();
  lowered.machine = machine.take();
  return lowered;
}

/// The timers of one compile; they print their tree to stderr when
/// destroyed if `CompileOptions::timePhases` is set, and cost nothing
/// otherwise.
class PhaseTimers {
public:
  explicit PhaseTimers(const CompileOptions &options) {
    manager.setEnabled(options.timePhases);
    root = manager.getRootScope();
  }
  TimingScope &rootScope() { return root; }

private:
  DefaultTimingManager manager;
  TimingScope root;
};

Status writeFile(const std::string &path, llvm::StringRef contents) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return Error{path + ": cannot write: " + ec.message()};
  os << contents;
  return Status::ok();
}

class JITCompiledGraph : public CompiledGraph {
public:
  explicit JITCompiledGraph(std::unique_ptr<JITModule> code)
      : code(std::move(code)) {}
  const wnn_model_desc *descriptor() const override {
    return code->descriptor();
  }

private:
  std::unique_ptr<JITModule> code;
};

} // namespace

Expected<Graph> parseWebnnMLIR(const std::string &text,
                               const std::string &sourceName) {
  auto context = createGraphContext();
  loadCompilerDialects(*context);
  DiagnosticCollector diagnostics(context.get());
  ParserConfig config(context.get());
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(text, config, sourceName);
  if (!module)
    return Error{diagnostics.take(sourceName + ": cannot parse")};
  return makeGraphFromModule(context, std::move(module), sourceName);
}

Status compileToFile(const Graph &graph, const CompileOptions &options,
                     EmitKind kind, const std::string &path) {
  PhaseTimers timers(options);
  TimingScope &timing = timers.rootScope();
  if (kind == EmitKind::WebNN || kind == EmitKind::Linalg) {
    OwningOpRef<ModuleOp> module = prepareModule(graph);
    if (Status s = runPipeline(
            *module, kind == EmitKind::WebNN ? Stage::Graph : Stage::Linalg,
            options, graph.impl().sourceName, timing);
        !s)
      return s;
    std::string text;
    llvm::raw_string_ostream os(text);
    module->print(os);
    return writeFile(path, text);
  }
  auto lowered = lowerToLLVMIR(graph, options, timing);
  if (!lowered)
    return lowered.error();
  if (kind == EmitKind::SharedObject) {
    TimingScope codegenTiming = timing.nest("LLVM optimization and codegen");
    auto objects = compileToObjects(std::move(lowered->module), options.mcpu,
                                    options.optLevel);
    codegenTiming.stop();
    if (!objects)
      return objects.error();
    TimingScope linkTiming = timing.nest("link");
    return linkSharedObject(*objects, path);
  }
  TimingScope codegenTiming = timing.nest("LLVM optimization and codegen");
  // One module, one output file.
  if (Status s =
          optimizeLLVMIR(*lowered->module, *lowered->machine, options.optLevel);
      !s)
    return s;
  if (kind == EmitKind::LLVM) {
    std::string text;
    llvm::raw_string_ostream os(text);
    lowered->module->print(os, nullptr);
    return writeFile(path, text);
  }
  auto object = emitObject(*lowered->module, *lowered->machine);
  if (!object)
    return object.error();
  return writeFile(path, *object);
}

Expected<std::unique_ptr<CompiledGraph>>
compileInProcess(const Graph &graph, const CompileOptions &options) {
  PhaseTimers timers(options);
  TimingScope &timing = timers.rootScope();
  auto lowered = lowerToLLVMIR(graph, options, timing);
  if (!lowered)
    return lowered.error();
  TimingScope codegenTiming = timing.nest("LLVM optimization and codegen");
  auto objects = compileToObjects(std::move(lowered->module), options.mcpu,
                                  options.optLevel);
  codegenTiming.stop();
  if (!objects)
    return objects.error();
  TimingScope loadTiming = timing.nest("load");
  auto code = loadInProcess(*objects, *lowered->machine);
  if (!code)
    return code.error();
  return std::unique_ptr<CompiledGraph>(
      std::make_unique<JITCompiledGraph>(code.take()));
}

} // namespace wnn
