//===- map-cc.cpp - the map program compiler driver -----------------------===//
//
// map-cc IN.mlir -o OUT: parse, verify ownership (--map-verify-ownership),
// lower with map-to-llvm-pipeline, translate to LLVM IR and hand it to
// clang-22 together with the runtime (SPEC §6). Every failure is reported
// as one located error line first and a non-zero exit; outputs are written
// to a temporary file next to OUT and renamed, so a failed run never leaves
// a partial OUT behind (SPEC §9).
//
//===----------------------------------------------------------------------===//
#include "tools/BigStack.h"
#include "dialect/MapOps.h"
#include "passes/LoweringPasses.h"
#include "passes/Passes.h"
#include "tools/InputDialects.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <optional>
#include <string>

using namespace mlir;
namespace cl = llvm::cl;

#ifndef MAPSAFE_CLANG
#define MAPSAFE_CLANG "clang"
#endif
#ifndef MAPSAFE_LIB_DIR
#define MAPSAFE_LIB_DIR "."
#endif

static cl::OptionCategory category("map-cc options");

// Counted here rather than by cl::Required, whose complaints go straight to
// stderr in LLVM's words: every usage error is a "map-cc: error:".
static cl::list<std::string>
    inputFiles(cl::Positional, cl::desc("<input.mlir>"), cl::cat(category));
static cl::opt<std::string> outputFile("o", cl::desc("Output file"),
                                       cl::value_desc("file"),
                                       cl::cat(category));
static cl::opt<std::string>
    checks("checks",
           cl::desc("Runtime race checks: none, all or unproven (default: "
                    "only where the verifier could not prove safety)"),
           cl::init("unproven"), cl::cat(category));
static cl::opt<std::string>
    sanitize("sanitize", cl::desc("Build with a sanitizer (thread)"),
             cl::init(""), cl::cat(category));
static cl::opt<char> optLevel("O", cl::desc("Optimisation level (0-3)"),
                              cl::Prefix, cl::init('2'), cl::cat(category));
static cl::opt<std::string>
    emitKind("emit",
             cl::desc("What to write: mlir (lowered LLVM-dialect MLIR), "
                      "llvm (LLVM IR, .ll) or exe (an executable, default)"),
             cl::init("exe"), cl::cat(category));
enum class Emit { MLIR, LLVM, Exe };
static cl::opt<bool>
    debugInfo("g",
              cl::desc("Emit line tables from the MLIR locations (for "
                       "debuggers and sanitizer reports)"),
              cl::init(false), cl::cat(category));
static cl::opt<bool>
    noVerify("no-verify",
             cl::desc("Skip --map-verify-ownership (the lowering still "
                      "inserts checks where the analysis could not prove "
                      "safety)"),
             cl::init(false), cl::cat(category));

static int fail(const llvm::Twine &message) {
  llvm::errs() << "map-cc: error: " << message << "\n";
  return 1;
}

/// LLVM's option parser words its complaints "map-cc: Unknown command line
/// argument ..."; say them as a compiler says errors ("map-cc: error: ...",
/// a suggestion as a note), as every other map-cc failure is said.
static void reportOptionErrors(llvm::StringRef text,
                               llvm::StringRef programName) {
  llvm::SmallVector<llvm::StringRef> lines;
  text.rtrim('\n').split(lines, '\n');
  for (llvm::StringRef line : lines) {
    if (!line.consume_front(programName) || !line.consume_front(": ")) {
      llvm::errs() << line << "\n"; // the continuation of the line above
      continue;
    }
    bool suggestion = line.starts_with("Did you mean");
    llvm::errs() << "map-cc: " << (suggestion ? "note: " : "error: ")
                 << (suggestion
                         ? line.substr(0, 1).lower() + line.substr(1).str()
                         : line.str())
                 << "\n";
  }
}

/// The directory holding libmaprt: bin/../lib next to this executable when
/// it is there (a build or install tree), else the configured one.
static std::string runtimeLibDir(const char *argv0) {
  std::string exe = llvm::sys::fs::getMainExecutable(
      argv0, reinterpret_cast<void *>(&runtimeLibDir));
  if (!exe.empty()) {
    llvm::SmallString<256> dir(llvm::sys::path::parent_path(
        llvm::sys::path::parent_path(exe)));
    llvm::sys::path::append(dir, "lib", "libmaprt.so");
    if (llvm::sys::fs::exists(dir))
      return llvm::sys::path::parent_path(dir).str();
  }
  return MAPSAFE_LIB_DIR;
}

/// A temporary file in OUT's directory, renamed over OUT on success.
class AtomicOutput {
public:
  static std::optional<AtomicOutput> create(StringRef out, std::string &err) {
    llvm::SmallString<256> model(out);
    model += ".tmp-%%%%%%";
    llvm::SmallString<256> path;
    int fd;
    if (std::error_code ec =
            llvm::sys::fs::createUniqueFile(model, fd, path)) {
      err = "cannot create '" + out.str() + "': " + ec.message();
      return std::nullopt;
    }
    llvm::sys::Process::SafelyCloseFileDescriptor(fd);
    AtomicOutput result;
    result.temp = path.str().str();
    result.final = out.str();
    return result;
  }
  AtomicOutput() = default;
  AtomicOutput(AtomicOutput &&other) noexcept
      : temp(std::move(other.temp)), final(std::move(other.final)),
        committed(other.committed) {
    other.committed = true;
  }
  ~AtomicOutput() {
    if (!committed)
      llvm::sys::fs::remove(temp);
  }
  /// Writes `text` to the temporary file.
  bool write(llvm::function_ref<void(llvm::raw_ostream &)> writer,
             std::string &err) {
    std::error_code ec;
    llvm::raw_fd_ostream os(temp, ec, llvm::sys::fs::OF_Text);
    if (ec) {
      err = "cannot write '" + final + "': " + ec.message();
      return false;
    }
    writer(os);
    os.close();
    if (os.has_error()) {
      err = "cannot write '" + final + "': " + os.error().message();
      os.clear_error();
      return false;
    }
    return true;
  }
  bool commit(std::string &err) {
    if (std::error_code ec = llvm::sys::fs::rename(temp, final)) {
      err = "cannot write '" + final + "': " + ec.message();
      return false;
    }
    committed = true;
    return true;
  }
  std::string temp, final;

private:
  bool committed = false;
};

static int mapCcMain(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  cl::HideUnrelatedOptions(category);
  std::string optionErrors;
  llvm::raw_string_ostream optionErrorStream(optionErrors);
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "map-cc: compile a map dialect program into an executable\n",
          &optionErrorStream)) {
    reportOptionErrors(optionErrors, llvm::sys::path::filename(argv[0]));
    return 1;
  }

  if (inputFiles.empty())
    return fail("no input file (usage: map-cc IN.mlir -o OUT)");
  if (inputFiles.size() > 1)
    return fail("more than one input file ('" + inputFiles[0] + "', '" +
                inputFiles[1] + "'); map-cc compiles one program");
  const std::string &inputFile = inputFiles.front();
  if (outputFile.empty())
    return fail("no output file: name it with -o OUT");
  std::optional<Emit> emit = llvm::StringSwitch<std::optional<Emit>>(emitKind)
                                 .Case("mlir", Emit::MLIR)
                                 .Case("llvm", Emit::LLVM)
                                 .Case("exe", Emit::Exe)
                                 .Default(std::nullopt);
  if (!emit)
    return fail("unknown --emit value '" + emitKind +
                "' (expected mlir, llvm or exe)");
  if (checks != "none" && checks != "all" && checks != "unproven")
    return fail("unknown --checks value '" + checks +
                "' (expected none, all or unproven)");
  if (!sanitize.empty() && sanitize != "thread")
    return fail("unknown --sanitize value '" + sanitize +
                "' (expected thread)");
  if (optLevel < '0' || optLevel > '3')
    return fail(llvm::Twine("unknown optimisation level '-O") +
                llvm::Twine(static_cast<char>(optLevel)) +
                "' (expected -O0 to -O3)");

  DialectRegistry registry;
  mapsafe::registerInputDialects(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  // Diagnostics point at the source line; the generic op dump adds nothing.
  context.printOpOnDiagnostic(false);

  std::string error;
  auto input = openInputFile(inputFile, &error);
  if (!input)
    return fail("cannot open '" + inputFile + "': " +
                (error.empty() ? std::string("no such file") : error));
  auto sourceMgr = std::make_shared<llvm::SourceMgr>();
  sourceMgr->AddNewSourceBuffer(std::move(input), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagnostics(*sourceMgr, &context);

  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(&context));
  if (!module)
    return 1; // The parser reported where.

  if (*emit == Emit::Exe) {
    auto main = module->lookupSymbol<func::FuncOp>("main");
    FunctionType expected = FunctionType::get(
        &context, {}, {IntegerType::get(&context, 32)});
    if (!main || main.isExternal() || main.getFunctionType() != expected) {
      InFlightDiagnostic diag =
          emitError(main ? main.getLoc() : module->getLoc())
          << "no entry point: an executable needs 'func.func @main() -> i32'";
      if (main)
        diag << " (found " << main.getFunctionType() << ")";
      return 1;
    }
  }

  if (!noVerify) {
    // Ownership verification: errors stop the build (exit 1, like any
    // compiler), warnings are printed and compilation goes on.
    PassManager verify(&context);
    verify.addPass(mapsafe::createMapVerifyOwnership());
    if (failed(verify.run(*module)))
      return 1;
  }

  PassManager lower(&context);
  mapsafe::buildMapToLLVMPipeline(lower, checks);
  if (debugInfo)
    lower.addPass(LLVM::createDIScopeForLLVMFuncOpPass());
  if (failed(lower.run(*module)))
    return 1;

  if (*emit == Emit::MLIR) {
    auto out = AtomicOutput::create(outputFile, error);
    if (!out || !out->write([&](llvm::raw_ostream &os) { module->print(os); },
                            error) ||
        !out->commit(error))
      return fail(error);
    return 0;
  }

  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(*module, llvmContext, inputFile);
  if (!llvmModule)
    return 1; // The translation reported where.
  llvmModule->setTargetTriple(llvm::Triple(llvm::sys::getDefaultTargetTriple()));

  if (*emit == Emit::LLVM) {
    auto out = AtomicOutput::create(outputFile, error);
    if (!out ||
        !out->write([&](llvm::raw_ostream &os) { llvmModule->print(os, nullptr); },
                    error) ||
        !out->commit(error))
      return fail(error);
    return 0;
  }

  // An executable: the IR goes to a temporary .ll, clang links it with the
  // runtime into a temporary next to OUT, which is then renamed.
  llvm::SmallString<128> irPath;
  int irFd;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("map-cc", "ll", irFd, irPath))
    return fail("cannot create a temporary file: " + ec.message());
  llvm::FileRemover irRemover(irPath);
  {
    llvm::raw_fd_ostream os(irFd, /*shouldClose=*/true);
    llvmModule->print(os, nullptr);
    os.close();
    if (os.has_error()) {
      os.clear_error();
      return fail("cannot write '" + irPath + "'");
    }
  }

  auto out = AtomicOutput::create(outputFile, error);
  if (!out)
    return fail(error);
  bool tsan = sanitize == "thread";
  std::string libDir = runtimeLibDir(argv[0]);
  std::string clang = MAPSAFE_CLANG;
  std::string opt = std::string("-O") + static_cast<char>(optLevel);
  SmallVector<std::string> args = {clang, opt, "-x", "ir", irPath.str().str()};
  if (tsan)
    args.push_back("-fsanitize=thread");
  args.append({"-o", out->temp, "-L" + libDir,
               tsan ? "-lmaprt_tsan" : "-lmaprt", "-Wl,-rpath," + libDir,
               "-pthread", "-Wno-override-module"});
  SmallVector<StringRef> argRefs(args.begin(), args.end());
  std::string execError;
  int status = llvm::sys::ExecuteAndWait(clang, argRefs, std::nullopt, {}, 0, 0,
                                         &execError);
  if (status != 0) {
    if (status < 0)
      return fail("cannot run '" + clang + "': " + execError);
    return fail("'" + clang + "' failed with exit status " +
                llvm::Twine(status) + " while building '" + outputFile + "'");
  }
  if (!out->commit(error))
    return fail(error);
  return 0;
}

int main(int argc, char **argv) {
  return mapsafe::runWithBigStack([&] { return mapCcMain(argc, argv); });
}
