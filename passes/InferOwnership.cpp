//===- InferOwnership.cpp - --map-infer-ownership -------------------------===//
//
// Writes the ownership analysis's results onto the IR as attributes.
//
//===----------------------------------------------------------------------===//
#include "passes/OwnershipAnalysis.h"
#include "passes/Passes.h"

#include "dialect/MapOps.h"

namespace mapsafe {
#define GEN_PASS_DEF_MAPINFEROWNERSHIP
#include "passes/Passes.h.inc"
} // namespace mapsafe

using namespace mlir;

namespace {
struct MapInferOwnershipPass
    : mapsafe::impl::MapInferOwnershipBase<MapInferOwnershipPass> {
  void runOnOperation() override {
    getAnalysis<mapsafe::OwnershipAnalysis>().annotate();
  }
};
} // namespace
