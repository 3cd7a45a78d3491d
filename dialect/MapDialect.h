//===- MapDialect.h - map dialect ------------------------------*- C++ -*-===//
//
// The map dialect class. Include dialect/MapOps.h for the ops and types.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFE_DIALECT_MAPDIALECT_H
#define MAPSAFE_DIALECT_MAPDIALECT_H

#include "mlir/IR/Dialect.h"

#include "dialect/MapDialect.h.inc"

#endif // MAPSAFE_DIALECT_MAPDIALECT_H
