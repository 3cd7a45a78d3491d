//===- map-opt.cpp - the map dialect's opt driver -------------------------===//
//
// MlirOptMain with exactly the dialects a map program composes with and the
// passes mapsafe provides (plus the generic cleanups users chain with them).
//
//===----------------------------------------------------------------------===//
#include "dialect/MapOps.h"
#include "passes/LoweringPasses.h"
#include "passes/Passes.h"
#include "tools/BigStack.h"
#include "tools/InputDialects.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"

/// Builds the pass pipeline of the command line once, on a scratch context,
/// so that a bad pass option is "map-opt: error: ..." like every other
/// error: MlirOptMain reports it at an unknown location ("<unknown>:0:").
/// (With --no-implicit-module the top-level op, and so the pipeline's
/// anchor, is known only from the input: MlirOptMain's report stands.)
static mlir::LogicalResult
checkPassPipeline(const mlir::DialectRegistry &registry) {
  auto config = mlir::MlirOptMainConfig::createFromCLOptions();
  if (config.shouldUseExplicitModule())
    return mlir::success();
  mlir::MLIRContext scratch(registry, mlir::MLIRContext::Threading::DISABLED);
  mlir::ScopedDiagnosticHandler handler(&scratch, [](mlir::Diagnostic &diag) {
    std::string message = diag.str();
    llvm::StringRef text = llvm::StringRef(message).trim();
    text.consume_front("<Pass-Options-Parser>: ");
    // An option value LLVM's parser rejected has been explained on the
    // line above, by that parser; the diagnostic itself is then empty.
    llvm::errs() << "map-opt: error: "
                 << (text.empty() ? "invalid pass option" : text) << "\n";
    return mlir::success();
  });
  mlir::PassManager pm(&scratch, mlir::ModuleOp::getOperationName(),
                       mlir::OpPassManager::Nesting::Implicit);
  return config.setupPassPipeline(pm);
}

static int mapOptMain(int argc, char **argv) {
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  mlir::registerInlinerPass();
  mlir::registerSymbolDCEPass();
  mapsafe::registerMapSafeLowering(); // convert-map-to-llvm & pipeline
  mapsafe::registerMapSafePasses();   // infer & verify ownership

  mlir::DialectRegistry registry;
  mapsafe::registerInputDialects(registry);
  // Our diagnostics point at the source line and carry their own notes;
  // MLIR's "see current operation" note would repeat the line in generic
  // form, so it is off unless asked for (as in map-cc).
  mlir::registerMLIRContextCLOptions();
  auto &options = llvm::cl::getRegisteredOptions();
  if (auto *printOp = options.lookup("mlir-print-op-on-diagnostic"))
    static_cast<llvm::cl::opt<bool> *>(printOp)->setInitialValue(false);
  auto [input, output] = mlir::registerAndParseCLIOptions(
      argc, argv, "mapsafe optimizer driver\n", registry);
  // MlirOptMain would print a bare "cannot open input file"; say who and
  // what, as for every other error (SPEC §9). (Standard input can be read
  // only once: MlirOptMain's own error is all there is for it.)
  std::string error;
  if (input != "-" && !mlir::openInputFile(input, &error)) {
    llvm::errs() << "map-opt: error: " << error << "\n";
    return EXIT_FAILURE;
  }
  if (failed(checkPassPipeline(registry)))
    return EXIT_FAILURE;
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, input, output, registry));
}

int main(int argc, char **argv) {
  return mapsafe::runWithBigStack([&] { return mapOptMain(argc, argv); });
}
