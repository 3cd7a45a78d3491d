//===- InputDialects.h - the dialects mapsafe's tools read -----*- C++ -*-===//
//
// map-opt, map-cc, map-lsp-server and map-fuzz all accept the same input:
// the map dialect with func, arith, scf, cf, scalar memref and llvm (SPEC
// §1). The upstream ones are MAPSAFE_INPUT_DIALECT_LIBS in CMake.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFE_TOOLS_INPUTDIALECTS_H
#define MAPSAFE_TOOLS_INPUTDIALECTS_H

#include "dialect/MapDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/DialectRegistry.h"

namespace mapsafe {
inline void registerInputDialects(mlir::DialectRegistry &registry) {
  registry.insert<map::MapDialect, mlir::arith::ArithDialect,
                  mlir::cf::ControlFlowDialect, mlir::func::FuncDialect,
                  mlir::LLVM::LLVMDialect, mlir::memref::MemRefDialect,
                  mlir::scf::SCFDialect>();
}
} // namespace mapsafe

#endif // MAPSAFE_TOOLS_INPUTDIALECTS_H
