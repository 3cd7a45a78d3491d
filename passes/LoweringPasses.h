//===- LoweringPasses.h - map dialect lowering passes ----------*- C++ -*-===//
//
// Declarations generated from LoweringPasses.td (create… factories, option
// structs, registerMapSafeLoweringPasses()) and the hand-registered pipeline
// `map-to-llvm-pipeline`, which runs the map lowering followed by the
// upstream conversions down to the LLVM dialect.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFE_PASSES_LOWERINGPASSES_H
#define MAPSAFE_PASSES_LOWERINGPASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

#include <string>

namespace mapsafe {

#define GEN_PASS_DECL
#include "passes/LoweringPasses.h.inc"

/// Adds the whole lowering to `pm` (a pass manager on builtin.module):
/// convert-map-to-llvm{checks}, convert-scf-to-cf, convert-cf-to-llvm,
/// convert-arith-to-llvm, finalize-memref-to-llvm, convert-func-to-llvm,
/// reconcile-unrealized-casts. The result translates to LLVM IR.
void buildMapToLLVMPipeline(mlir::OpPassManager &pm,
                            llvm::StringRef checks = "unproven");

/// Registers `map-to-llvm-pipeline` (option `checks`).
void registerMapToLLVMPipeline();

#define GEN_PASS_REGISTRATION
#include "passes/LoweringPasses.h.inc"

/// Everything a driver needs for the lowering: the passes and the pipeline.
inline void registerMapSafeLowering() {
  registerMapSafeLoweringPasses();
  registerMapToLLVMPipeline();
}

} // namespace mapsafe

#endif // MAPSAFE_PASSES_LOWERINGPASSES_H
