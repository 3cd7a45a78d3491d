//===- VerifyOwnership.cpp - --map-verify-ownership -----------------------===//
//
// Turns the ownership analysis's findings into diagnostics (SPEC §5). The
// wording follows Go's runtime messages so a static report and a runtime
// crash of the same race read alike.
//
//===----------------------------------------------------------------------===//
#include "passes/OwnershipAnalysis.h"
#include "passes/Passes.h"

#include "dialect/MapOps.h"

#include <optional>

namespace mapsafe {
#define GEN_PASS_DEF_MAPVERIFYOWNERSHIP
#include "passes/Passes.h.inc"
} // namespace mapsafe

using namespace mlir;
using namespace mapsafe;

namespace {
struct MapVerifyOwnershipPass
    : mapsafe::impl::MapVerifyOwnershipBase<MapVerifyOwnershipPass> {
  using Base::Base;
  void runOnOperation() override;
};

StringRef accessNoun(Operation *origin) {
  if (isa<map::RangeOp>(origin))
    return "iteration";
  if (isa<map::LookupOp, map::LenOp>(origin))
    return "read";
  return "write";
}

/// Go's words for the race, then what the two sites do.
StringRef goMessage(ConflictFinding::Kind kind) {
  switch (kind) {
  case ConflictFinding::Kind::WriteWrite:
    return "concurrent map writes";
  case ConflictFinding::Kind::ReadWrite:
    return "concurrent map read and map write";
  case ConflictFinding::Kind::IterateWrite:
    return "concurrent map iteration and map write";
  }
  llvm_unreachable("unknown conflict kind");
}

StringRef withArticle(StringRef noun, bool same) {
  if (same)
    return "another write";
  return noun == "iteration" ? "an iteration"
         : noun == "read"    ? "a read"
                             : "a write";
}
} // namespace

void MapVerifyOwnershipPass::runOnOperation() {
  // The default budget shares the cached analysis with later passes (the
  // lowering); another one is a test of the cut-short path, analysed apart.
  static_assert(MapVerifyOwnershipOptions{}.summaryVisitBudget ==
                    OwnershipAnalysis::kDefaultSummaryVisitBudget,
                "Passes.td's default budget is the analysis's");
  std::optional<OwnershipAnalysis> ownBudget;
  OwnershipAnalysis &analysis =
      summaryVisitBudget == OwnershipAnalysis::kDefaultSummaryVisitBudget
          ? getAnalysis<OwnershipAnalysis>()
          : ownBudget.emplace(getOperation(), summaryVisitBudget);
  bool anyError = false;
  if (!analysis.converged()) {
    InFlightDiagnostic diag =
        getOperation().emitError()
        << "map ownership analysis did not converge; nothing is proven";
    unsigned budget = summaryVisitBudget;
    if (Operation *func = analysis.getUnsettledFunction())
      diag.attachNote(func->getLoc())
          << "the summary of this function still changed after " << budget
          << (budget == 1 ? " visit" : " visits");
    anyError = true;
  }
  auto emit = [&](Operation *at, bool concurrent) {
    bool error = concurrent || strict;
    anyError |= error;
    return error ? at->emitError() : at->emitWarning();
  };
  auto declaredNote = [](InFlightDiagnostic &diag, Location loc,
                         ConflictFinding::Origin origin, bool concurrent) {
    if (concurrent)
      diag.attachNote(loc) << "map declared 'concurrent' here";
    else if (origin == ConflictFinding::Origin::Argument)
      diag.attachNote(loc) << "map passed in as an argument here";
    else if (origin == ConflictFinding::Origin::Global)
      diag.attachNote(loc) << "map declared here";
    else
      diag.attachNote(loc) << "map made here";
  };

  for (const ConflictFinding &c : analysis.getConflicts()) {
    InFlightDiagnostic diag = emit(c.at, c.concurrent);
    StringRef atNoun = accessNoun(c.atOrigin);
    StringRef otherNoun = accessNoun(c.otherOrigin);
    diag << goMessage(c.kind) << ": this " << atNoun
         << " may run in parallel with "
         << withArticle(otherNoun, atNoun == otherNoun)
         << (otherNoun == "iteration" ? " over" : " of") << " the same map";
    if (c.at != c.atOrigin)
      diag.attachNote(c.atOrigin->getLoc())
          << "the " << accessNoun(c.atOrigin) << " happens in the callee here";
    StringRef other = accessNoun(c.otherOrigin);
    if (c.other == c.at && c.otherOrigin == c.atOrigin) {
      diag.attachNote(c.other->getLoc())
          << "the other " << other
          << " is this same access in another instance of the task";
    } else if (c.other == c.at) {
      diag.attachNote(c.otherOrigin->getLoc())
          << "the other " << other
          << " is here, reached through the same call in another instance "
             "of the task";
    } else {
      diag.attachNote(c.other->getLoc())
          << "the other " << other << " is here";
      if (c.other != c.otherOrigin)
        diag.attachNote(c.otherOrigin->getLoc())
            << "the other " << other << " happens in the callee here";
    }
    if (c.moreOthers)
      diag.attachNote(c.at->getLoc())
          << c.moreOthers << " more "
          << (c.moreOthers == 1 ? "access conflicts" : "accesses conflict")
          << " with this one in the same way";
    if (isa_and_nonnull<map::GoOp>(c.sharedAt))
      diag.attachNote(c.sharedAt->getLoc())
          << "the map is shared with the task started here";
    else if (c.sharedAt)
      diag.attachNote(c.sharedAt->getLoc())
          << "the map is shared with the parallel iterations of this loop";
    declaredNote(diag, c.objectLoc, c.objectOrigin, c.concurrent);
    diag.attachNote(c.at->getLoc())
        << "hint: hold a common 'map.lock' around both accesses, or "
           "'map.wait' for the task's group before the access";
  }

  for (const EscapeFinding &e : analysis.getEscapes()) {
    if (!e.concurrent)
      continue; // not a finding: its accesses keep their runtime checks
    InFlightDiagnostic diag = emit(e.user, /*concurrent=*/true);
    diag << "concurrent map escapes to '" << e.user->getName()
         << "': the analysis cannot see which tasks it reaches there";
    declaredNote(diag, e.objectLoc, ConflictFinding::Origin::Made,
                 /*concurrent=*/true);
  }

  for (const OwnIterationFinding &w : analysis.getOwnIterationWrites()) {
    InFlightDiagnostic diag = w.write->emitWarning();
    diag << "map modified during its own iteration: entries added now may "
            "or may not be visited";
    if (w.origin != w.write)
      diag.attachNote(w.origin->getLoc())
          << "the write happens in the callee here";
    diag.attachNote(w.range->getLoc()) << "the iteration starts here";
  }

  markAllAnalysesPreserved();
  if (anyError)
    signalPassFailure();
}
