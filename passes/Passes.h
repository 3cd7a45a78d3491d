//===- Passes.h - mapsafe analysis passes ----------------------*- C++ -*-===//
//
// --map-infer-ownership and --map-verify-ownership; the factories and
// registerMapSafePasses() are generated from Passes.td.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFE_PASSES_PASSES_H
#define MAPSAFE_PASSES_PASSES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mapsafe {
#define GEN_PASS_DECL
#include "passes/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Passes.h.inc"
} // namespace mapsafe

#endif // MAPSAFE_PASSES_PASSES_H
