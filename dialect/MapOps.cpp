//===- MapOps.cpp - map dialect operations --------------------------------===//
//
// Verifiers for what ODS constraints cannot say: region signatures, symbol
// references, and the `concurrent`/`nocheck` annotations.
//
//===----------------------------------------------------------------------===//
#include "dialect/MapOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mapsafe::map;

/// The annotations on map.make and map.global: at most one of them, and no
/// other undotted attribute, which would be a misspelt annotation (dialect
/// attributes such as `map.object` carry a dot and are checked by the
/// dialect).
static LogicalResult verifyAnnotations(Operation *op, bool concurrent,
                                       bool nocheck,
                                       ArrayRef<StringRef> inherent) {
  if (concurrent && nocheck)
    return op->emitOpError()
           << "cannot be both 'concurrent' (verified) and 'nocheck' (trusted)";
  for (NamedAttribute attr : op->getAttrs()) {
    StringRef name = attr.getName().getValue();
    if (name.contains('.') || llvm::is_contained(inherent, name))
      continue;
    return op->emitOpError() << "unknown attribute '" << name
                             << "'; expected 'concurrent' or 'nocheck'";
  }
  return success();
}

LogicalResult GlobalOp::verify() {
  return verifyAnnotations(*this, getConcurrent(), getNocheck(),
                           {getSymNameAttrName(), getTypeAttrName(),
                            getConcurrentAttrName(), getNocheckAttrName()});
}

LogicalResult MakeOp::verify() {
  return verifyAnnotations(*this, getConcurrent(), getNocheck(),
                           {getConcurrentAttrName(), getNocheckAttrName()});
}

LogicalResult
GetGlobalOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  Operation *symbol =
      symbolTable.lookupNearestSymbolFrom(*this, getNameAttr());
  if (!symbol)
    return emitOpError() << "'" << getNameAttr()
                         << "' does not reference a symbol; expected a "
                            "'map.global'";
  auto global = dyn_cast<GlobalOp>(symbol);
  if (!global)
    return emitOpError() << "'" << getNameAttr() << "' references a '"
                         << symbol->getName() << "', not a 'map.global'";
  if (global.getType() != getType())
    return emitOpError() << "result type " << getType()
                         << " does not match the type " << global.getType()
                         << " of map.global '" << getNameAttr() << "'";
  return success();
}

LogicalResult RangeOp::verify() {
  auto mapType = cast<MapType>(getMap().getType());
  Block &body = getBody().front();
  if (body.getNumArguments() != 2)
    return emitOpError() << "body must take two arguments (key: "
                         << mapType.getKeyType()
                         << ", value: " << mapType.getValueType()
                         << "), but takes " << body.getNumArguments();
  if (body.getArgument(0).getType() != mapType.getKeyType())
    return emitOpError() << "body's key argument has type "
                         << body.getArgument(0).getType()
                         << ", but the map's key type is "
                         << mapType.getKeyType();
  if (body.getArgument(1).getType() != mapType.getValueType())
    return emitOpError() << "body's value argument has type "
                         << body.getArgument(1).getType()
                         << ", but the map's value type is "
                         << mapType.getValueType();
  return success();
}

/// Before the first iteration and after every one: another iteration, or
/// the end. The key and value arguments come from the map, not from the
/// op's operands, so no value is forwarded.
void RangeOp::getSuccessorRegions(RegionBranchPoint,
                                  SmallVectorImpl<RegionSuccessor> &regions) {
  regions.push_back(RegionSuccessor(&getBody()));
  regions.push_back(
      RegionSuccessor(getOperation(), getOperation()->getResults()));
}

LogicalResult GoOp::verify() {
  if (getBody().front().getNumArguments() != 0)
    return emitOpError() << "task body must take no arguments; values from "
                            "above are captured by use";
  return success();
}

#define GET_OP_CLASSES
#include "dialect/MapOps.cpp.inc"
