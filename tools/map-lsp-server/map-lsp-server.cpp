//===- map-lsp-server.cpp - MLIR language server for map programs ---------===//
//
// Lets editors with the MLIR extension understand .mlir files that use the
// map dialect (point the extension's server path at build/bin/map-lsp-server).
//
//===----------------------------------------------------------------------===//
#include "dialect/MapOps.h"
#include "tools/InputDialects.h"

#include "mlir/Tools/mlir-lsp-server/MlirLspServerMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mapsafe::registerInputDialects(registry);
  return mlir::failed(mlir::MlirLspServerMain(argc, argv, registry));
}
