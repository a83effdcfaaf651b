//===- MachineCode.cpp - TargetMachine, object emission, lld, JIT ---------===//

#include "Target/Target.h"
#include "wnn/c/artifact.h"

#include "lld/Common/Driver.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"
#include "llvm/Transforms/Utils/SplitModule.h"

#include <dlfcn.h>
#include <link.h>
#include <mutex>

LLD_HAS_DRIVER(elf)

using namespace llvm;

namespace wnn {

static void initializeNativeTarget() {
  static std::once_flag once;
  std::call_once(once, [] {
    InitializeNativeTarget();
    InitializeNativeTargetAsmPrinter();
  });
}

static std::string cpuFeatures(const std::string &cpu) {
  if (!cpu.empty())
    return ""; // the CPU name implies its features
  SubtargetFeatures features;
  for (auto &feature : sys::getHostCPUFeatures())
    features.AddFeature(feature.first(), feature.second);
  return features.getString();
}

static std::string cpuName(const std::string &cpu) {
  return cpu.empty() ? sys::getHostCPUName().str() : cpu;
}

Expected<std::unique_ptr<TargetMachine>>
createTargetMachine(const std::string &cpu, unsigned optLevel) {
  initializeNativeTarget();
  Triple triple(sys::getProcessTriple());
  std::string error;
  const Target *target = TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return Error{"no LLVM target for " + triple.str() + ": " + error};
  std::string name = cpuName(cpu);
  // Reject names LLVM does not know instead of silently generating code for
  // a generic CPU.
  // Asked of a generic subtarget: one made for an unknown CPU would print
  // LLVM's own warning about it before our error.
  std::unique_ptr<MCSubtargetInfo> info(
      target->createMCSubtargetInfo(triple, "", ""));
  if (!info || !info->isCPUStringValid(name))
    return Error{"unknown target CPU '" + name + "'"};
  TargetOptions options;
  auto level = optLevel >= 3   ? CodeGenOptLevel::Aggressive
               : optLevel == 2 ? CodeGenOptLevel::Default
               : optLevel == 1 ? CodeGenOptLevel::Less
                               : CodeGenOptLevel::None;
  std::unique_ptr<TargetMachine> machine(
      target->createTargetMachine(triple, name, cpuFeatures(cpu), options,
                                  Reloc::PIC_, std::nullopt, level));
  if (!machine)
    return Error{"cannot create a target machine for '" + name + "'"};
  return machine;
}

VectorRegisters vectorRegistersOf(const TargetMachine &machine) {
  const MCSubtargetInfo *info = machine.getMCSubtargetInfo();
  if (info->checkFeatures("+avx512f"))
    return {512, 32};
  if (info->checkFeatures("+avx"))
    return {256, 16};
  return {128, 16};
}

/// glibc's vector math library (libmvec), loaded into this process, or null
/// when the system has none. Loops that call exp, log, sin, cos, tan or pow
/// are vectorized into calls of its functions (at most 4 ULP from the
/// correctly rounded result).
static const char *vectorMathLibrary() {
  static const std::string path = [] {
    void *handle = dlopen("libmvec.so.1", RTLD_NOW | RTLD_GLOBAL);
    link_map *map = nullptr;
    if (!handle || dlinfo(handle, RTLD_DI_LINKMAP, &map) != 0 || !map)
      return std::string();
    return std::string(map->l_name);
  }();
  return path.empty() ? nullptr : path.c_str();
}

/// libmvec functions (glibc 2.35 and later) that LLVM's own list of libmvec
/// mappings lacks: tanh (an intrinsic), erf and erfc (libm calls), in the
/// SSE (4 lanes) and AVX2 (8 lanes) variants that list uses.
static ArrayRef<VecDesc> extraVectorMathFunctions() {
  static const VecDesc functions[] = {
      {"llvm.tanh.f32", "_ZGVbN4v_tanhf", ElementCount::getFixed(4), false,
       "_ZGV_LLVM_N4v", std::nullopt},
      {"llvm.tanh.f32", "_ZGVdN8v_tanhf", ElementCount::getFixed(8), false,
       "_ZGV_LLVM_N8v", std::nullopt},
      {"erff", "_ZGVbN4v_erff", ElementCount::getFixed(4), false,
       "_ZGV_LLVM_N4v", std::nullopt},
      {"erff", "_ZGVdN8v_erff", ElementCount::getFixed(8), false,
       "_ZGV_LLVM_N8v", std::nullopt},
      {"erfcf", "_ZGVbN4v_erfcf", ElementCount::getFixed(4), false,
       "_ZGV_LLVM_N4v", std::nullopt},
      {"erfcf", "_ZGVdN8v_erfcf", ElementCount::getFixed(8), false,
       "_ZGV_LLVM_N8v", std::nullopt},
  };
  // Older glibc lacks them: use them only when the library has them.
  static const bool available =
      dlsym(RTLD_DEFAULT, "_ZGVdN8v_erfcf") != nullptr;
  return available ? ArrayRef<VecDesc>(functions) : ArrayRef<VecDesc>();
}

Status optimizeLLVMIR(Module &module, TargetMachine &machine,
                      unsigned optLevel) {
  LoopAnalysisManager loops;
  FunctionAnalysisManager functions;
  CGSCCAnalysisManager cgscc;
  ModuleAnalysisManager modules;
  // Vectorizers and unrolling on from -O2, as clang does.
  PipelineTuningOptions tuning;
  tuning.LoopUnrolling = optLevel >= 2;
  tuning.LoopInterleaving = optLevel >= 2;
  tuning.LoopVectorization = optLevel >= 2;
  tuning.SLPVectorization = optLevel >= 2;
  PassBuilder builder(&machine, tuning);
  TargetLibraryInfoImpl library(machine.getTargetTriple());
  if (vectorMathLibrary()) {
    library.addVectorizableFunctionsFromVecLib(VectorLibrary::LIBMVEC,
                                               machine.getTargetTriple());
    library.addVectorizableFunctions(extraVectorMathFunctions());
  }
  functions.registerPass([&] { return TargetLibraryAnalysis(library); });
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(cgscc);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, cgscc, modules);
  OptimizationLevel level = optLevel >= 3   ? OptimizationLevel::O3
                            : optLevel == 2 ? OptimizationLevel::O2
                            : optLevel == 1 ? OptimizationLevel::O1
                                            : OptimizationLevel::O0;
  ModulePassManager passes = optLevel == 0
                                 ? builder.buildO0DefaultPipeline(level)
                                 : builder.buildPerModuleDefaultPipeline(level);
  passes.run(module, modules);
  return Status::ok();
}

Expected<std::string> emitObject(Module &module, TargetMachine &machine) {
  SmallVector<char, 0> buffer;
  raw_svector_ostream os(buffer);
  legacy::PassManager pm;
  if (machine.addPassesToEmitFile(pm, os, nullptr, CodeGenFileType::ObjectFile))
    return Error{"the target cannot emit object files"};
  pm.run(module);
  return std::string(buffer.begin(), buffer.end());
}

/// Functions per partition below which splitting a module costs more (a
/// bitcode round trip and a TargetMachine per partition) than it saves.
constexpr size_t kFunctionsPerPartition = 16;

/// Optimizes and compiles one partition, given as bitcode, in a context of
/// its own.
Expected<std::string>
compilePartition(StringRef bitcode, const std::string &cpu, unsigned optLevel) {
  LLVMContext context;
  auto module =
      parseBitcodeFile(MemoryBufferRef(bitcode, "partition"), context);
  if (!module)
    return Error{"internal error: reading a partition: " +
                 toString(module.takeError())};
  auto machine = createTargetMachine(cpu, optLevel);
  if (!machine)
    return machine.error();
  if (Status s = optimizeLLVMIR(**module, **machine, optLevel); !s)
    return s.error();
  return emitObject(**module, **machine);
}

/// Optimizes and compiles the code of `module`, split into partitions.
Expected<std::vector<std::string>> compileCode(std::unique_ptr<Module> module,
                                               const std::string &cpu,
                                               unsigned optLevel) {
  size_t functions = 0;
  for (Function &function : *module)
    functions += !function.isDeclaration();
  ThreadPoolStrategy strategy = hardware_concurrency();
  unsigned threads = strategy.compute_thread_count();
  // Twice as many partitions as threads evens out partitions of unequal
  // cost.
  size_t partitions =
      std::clamp<size_t>(functions / kFunctionsPerPartition, 1, 2 * threads);
  if (partitions == 1) {
    auto machine = createTargetMachine(cpu, optLevel);
    if (!machine)
      return machine.error();
    if (Status s = optimizeLLVMIR(*module, **machine, optLevel); !s)
      return s.error();
    auto object = emitObject(*module, **machine);
    if (!object)
      return object.error();
    return std::vector<std::string>{object.take()};
  }
  std::vector<SmallVector<char, 0>> bitcodes;
  SplitModule(
      *module, partitions,
      [&](std::unique_ptr<Module> part) {
        bitcodes.emplace_back();
        raw_svector_ostream os(bitcodes.back());
        WriteBitcodeToFile(*part, os);
      },
      /*PreserveLocals=*/false, /*RoundRobin=*/true);
  module.reset();
  std::vector<Expected<std::string>> objects(bitcodes.size(), std::string());
  DefaultThreadPool pool(strategy);
  for (size_t i = 0; i < bitcodes.size(); ++i)
    pool.async([&, i] {
      objects[i] = compilePartition(
          StringRef(bitcodes[i].data(), bitcodes[i].size()), cpu, optLevel);
    });
  pool.wait();
  std::vector<std::string> result;
  for (Expected<std::string> &object : objects) {
    if (!object)
      return object.error();
    result.push_back(object.take());
  }
  return result;
}

/// Moves the large constant byte arrays of `module` into a module of their
/// own (same context), leaving external declarations behind: their
/// bytes then skip the optimizer, the bitcode round trip of partitions and
/// per-element emission.
std::unique_ptr<Module> extractConstantData(Module &module) {
  auto data = std::make_unique<Module>("constant_data", module.getContext());
  data->setTargetTriple(module.getTargetTriple());
  data->setDataLayout(module.getDataLayout());
  size_t moved = 0;
  for (GlobalVariable &global : module.globals()) {
    auto *init = global.hasInitializer()
                     ? dyn_cast<ConstantDataArray>(global.getInitializer())
                     : nullptr;
    if (!global.isConstant() || !init || !init->isString() ||
        init->getNumElements() < kConstantDataThreshold)
      continue;
    if (global.hasLocalLinkage())
      global.setName("__wnn_data_" + std::to_string(moved) + "_" +
                     global.getName());
    auto *copy = new GlobalVariable(*data, init->getType(), /*isConstant=*/true,
                                    GlobalValue::ExternalLinkage, init,
                                    global.getName());
    copy->setAlignment(global.getAlign());
    copy->setVisibility(GlobalValue::HiddenVisibility);
    global.setInitializer(nullptr);
    global.setLinkage(GlobalValue::ExternalLinkage);
    // The code reaches the data through the GOT: the JIT may map the data
    // object more than 2 GB away from the code, beyond a 32-bit PC-relative
    // reference. lld relaxes the GOT load back to a direct address in a
    // shared object, where the hidden definition cannot be preempted.
    global.setVisibility(GlobalValue::DefaultVisibility);
    global.setDSOLocal(false);
    ++moved;
  }
  return moved ? std::move(data) : nullptr;
}

Expected<std::vector<std::string>>
compileToObjects(std::unique_ptr<Module> module, const std::string &cpu,
                 unsigned optLevel) {
  std::vector<std::string> dataObjects;
  if (std::unique_ptr<Module> data = extractConstantData(*module)) {
    auto machine = createTargetMachine(cpu, optLevel);
    if (!machine)
      return machine.error();
    auto object = emitObject(*data, **machine);
    if (!object)
      return object.error();
    dataObjects.push_back(object.take());
  }
  auto code = compileCode(std::move(module), cpu, optLevel);
  if (!code)
    return code.error();
  for (std::string &object : dataObjects)
    code->push_back(std::move(object));
  return code;
}

Status linkSharedObject(const std::vector<std::string> &objects,
                        const std::string &path) {
  // lld reads its inputs from files: stage the objects next to the output.
  std::vector<std::string> objectPaths;
  auto removeObjects = [&] {
    for (const std::string &objectPath : objectPaths)
      sys::fs::remove(objectPath);
  };
  for (size_t i = 0; i < objects.size(); ++i) {
    objectPaths.push_back(path + ".tmp" + std::to_string(i) + ".o");
    std::error_code ec;
    raw_fd_ostream os(objectPaths.back(), ec, sys::fs::OF_None);
    if (ec) {
      removeObjects();
      return Error{path + ": cannot write: " + ec.message()};
    }
    os << objects[i];
  }
  std::string messages;
  raw_string_ostream out(messages), err(messages);
  std::vector<const char *> args{"ld.lld", "-shared", "--eh-frame-hdr", "-z",
                                 "now",    "-o",      path.c_str()};
  for (const std::string &objectPath : objectPaths)
    args.push_back(objectPath.c_str());
  // Vectorized loops call libmvec: record it as needed when they do.
  if (const char *library = vectorMathLibrary()) {
    args.push_back("--as-needed");
    args.push_back(library);
  }
  lld::Result result =
      lld::lldMain(args, out, err, {{lld::Gnu, &lld::elf::link}});
  removeObjects();
  if (result.retCode != 0)
    return Error{path + ": linking failed: " + messages};
  return Status::ok();
}

JITModule::~JITModule() = default;

namespace {
class LLJITModule : public JITModule {
public:
  LLJITModule(std::unique_ptr<orc::LLJIT> jit, const wnn_model_desc *desc)
      : jit(std::move(jit)), desc(desc) {}
  const wnn_model_desc *descriptor() const override { return desc; }

private:
  std::unique_ptr<orc::LLJIT> jit;
  const wnn_model_desc *desc;
};
} // namespace

Expected<std::unique_ptr<JITModule>>
loadInProcess(const std::vector<std::string> &objects,
              const TargetMachine &machine) {
  initializeNativeTarget();
  auto fail = [](llvm::Error err) {
    return wnn::Error{"JIT: " + toString(std::move(err))};
  };
  // The JIT generates code for exactly the target the IR was optimized for.
  orc::JITTargetMachineBuilder machineBuilder{machine.getTargetTriple()};
  machineBuilder.setCPU(machine.getTargetCPU().str());
  machineBuilder.setFeatures(machine.getTargetFeatureString());
  machineBuilder.setCodeGenOptLevel(machine.getOptLevel());
  auto jit = orc::LLJITBuilder()
                 .setJITTargetMachineBuilder(std::move(machineBuilder))
                 .create();
  if (!jit)
    return fail(jit.takeError());
  // Kernels (wnn_rt_*), libm and libmvec (loaded globally by
  // vectorMathLibrary) come from this process.
  auto generator = orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
      (*jit)->getDataLayout().getGlobalPrefix());
  if (!generator)
    return fail(generator.takeError());
  (*jit)->getMainJITDylib().addGenerator(std::move(*generator));
  for (const std::string &object : objects)
    if (auto err = (*jit)->addObjectFile(
            MemoryBuffer::getMemBufferCopy(object, "wnn-partition")))
      return fail(std::move(err));
  auto entry = (*jit)->lookup(WNN_MODEL_ENTRY_SYMBOL);
  if (!entry)
    return fail(entry.takeError());
  auto modelEntry = entry->toPtr<wnn_model_entry_fn>();
  const wnn_model_desc *desc = modelEntry();
  return std::unique_ptr<JITModule>(
      std::make_unique<LLJITModule>(std::move(*jit), desc));
}

} // namespace wnn
