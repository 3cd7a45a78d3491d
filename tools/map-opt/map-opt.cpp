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

#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

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
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, input, output, registry));
}

int main(int argc, char **argv) {
  return mapsafe::runWithBigStack([&] { return mapOptMain(argc, argv); });
}
