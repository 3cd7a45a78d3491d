//===- MapTypes.h - map dialect types --------------------------*- C++ -*-===//
//
// !map.map<K, V>, !map.mutex, !map.group.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFE_DIALECT_MAPTYPES_H
#define MAPSAFE_DIALECT_MAPTYPES_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Types.h"

#define GET_TYPEDEF_CLASSES
#include "dialect/MapTypes.h.inc"

#endif // MAPSAFE_DIALECT_MAPTYPES_H
