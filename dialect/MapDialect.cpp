//===- MapDialect.cpp - map dialect ---------------------------------------===//
//
// Dialect registration and the check of the dialect's discardable
// attributes: only the names the dialect documents are accepted, so a typo
// such as `map.nrace` is an error rather than a silently ignored request.
//
//===----------------------------------------------------------------------===//
#include "dialect/MapOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace mapsafe::map;

#include "dialect/MapDialect.cpp.inc"

void MapDialect::initialize() {
  registerTypes();
  addOperations<
#define GET_OP_LIST
#include "dialect/MapOps.cpp.inc"
      >();
}

LogicalResult MapDialect::verifyOperationAttribute(Operation *op,
                                                   NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  if (name == kNoRaceAttrName) {
    if (!isa<UnitAttr>(attr.getValue()))
      return op->emitError() << "'" << name << "' must be a unit attribute";
    if (!isa<func::FuncOp>(op))
      return op->emitError()
             << "'" << name << "' is only valid on 'func.func', not on '"
             << op->getName() << "'";
    return success();
  }
  // Results of --map-infer-ownership (docs/ownership.md).
  if (name == kObjectAttrName || name == kOwnerAttrName) {
    if (!isa<IntegerAttr, StringAttr>(attr.getValue()))
      return op->emitError() << "'" << name
                             << "' must be an integer or string attribute";
    return success();
  }
  if (name == kObjectsAttrName || name == kLiveOwnersAttrName) {
    if (!isa<ArrayAttr, DenseI64ArrayAttr, StringAttr>(attr.getValue()))
      return op->emitError() << "'" << name << "' must be an array attribute";
    return success();
  }
  return op->emitError() << "unknown attribute '" << name
                         << "'; the map dialect defines 'map.norace', "
                            "'map.object', 'map.owner', 'map.objects' and "
                            "'map.live_owners'";
}
