//===- MapOps.h - map dialect operations -----------------------*- C++ -*-===//
//
// The map dialect's operations, types and the side-effect resource that map
// reads and writes act on.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFE_DIALECT_MAPOPS_H
#define MAPSAFE_DIALECT_MAPOPS_H

#include "dialect/MapDialect.h"
#include "dialect/MapTypes.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mapsafe::map {
/// The heap of map entries. Distinct from the default resource so that map
/// accesses and scalar memref accesses do not order each other.
struct MapHeapResource
    : public mlir::SideEffects::Resource::Base<MapHeapResource> {
  llvm::StringRef getName() final { return "MapHeap"; }
};
} // namespace mapsafe::map

#define GET_OP_CLASSES
#include "dialect/MapOps.h.inc"

#endif // MAPSAFE_DIALECT_MAPOPS_H
