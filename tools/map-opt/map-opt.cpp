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

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/DialectRegistry.h"
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
  registry.insert<mapsafe::map::MapDialect, mlir::arith::ArithDialect,
                  mlir::cf::ControlFlowDialect, mlir::func::FuncDialect,
                  mlir::LLVM::LLVMDialect, mlir::memref::MemRefDialect,
                  mlir::scf::SCFDialect>();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "mapsafe optimizer driver\n", registry));
}

int main(int argc, char **argv) {
  return mapsafe::runWithBigStack([&] { return mapOptMain(argc, argv); });
}
