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
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "mapsafe optimizer driver\n", registry));
}

int main(int argc, char **argv) {
  return mapsafe::runWithBigStack([&] { return mapOptMain(argc, argv); });
}
