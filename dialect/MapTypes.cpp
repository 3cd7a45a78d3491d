//===- MapTypes.cpp - map dialect types -----------------------------------===//
//
// Key and value types are restricted to what fits the runtime's 64-bit
// key and value words.
//
//===----------------------------------------------------------------------===//
#include "dialect/MapOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mapsafe::map;

#define GET_TYPEDEF_CLASSES
#include "dialect/MapTypes.cpp.inc"

void MapDialect::registerTypes() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "dialect/MapTypes.cpp.inc"
      >();
}

bool MapType::isValidKeyType(Type type) {
  if (type.isIndex())
    return true;
  auto intType = dyn_cast<IntegerType>(type);
  return intType && intType.isSignless() && intType.getWidth() <= 64;
}

bool MapType::isValidValueType(Type type) {
  return isValidKeyType(type) || type.isF32() || type.isF64();
}

LogicalResult MapType::verify(function_ref<InFlightDiagnostic()> emitError,
                              Type keyType, Type valueType) {
  if (!isValidKeyType(keyType))
    return emitError() << "map key type must be a signless integer of 1 to 64 "
                          "bits or 'index', but got "
                       << keyType;
  if (!isValidValueType(valueType))
    return emitError() << "map value type must be a signless integer of 1 to "
                          "64 bits, 'index', 'f32' or 'f64', but got "
                       << valueType;
  return success();
}
