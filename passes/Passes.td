//===- Passes.td - mapsafe analysis passes -------------------*- tablegen -*-===//
//
// The ownership passes. Both read OwnershipAnalysis; neither computes
// anything itself.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFE_PASSES_PASSES_TD
#define MAPSAFE_PASSES_PASSES_TD

include "mlir/Pass/PassBase.td"

def MapInferOwnership : Pass<"map-infer-ownership", "::mlir::ModuleOp"> {
  let summary = "Record map ownership facts as attributes";
  let description = [{
    Runs the ownership inference and records its results as discardable
    attributes, for tests and for reading what the verifier sees:

    - `map.object = N` on every `map.make`, `map.global`, `map.mutex`,
      `map.group` and on map-typed arguments of root functions: the object id.
    - `map.owner = N` on every owner: a root function or a `map.go`.
    - `map.objects` on every owner: its owner edges, `"KIND:N"` with KIND
      one of `create`, `capture`, `argument`, `global`.
    - `map.objects` on every access: the object ids it may touch (`"argN"`
      for a parameter of a function analysed in its callers' contexts,
      `"unknown"` when the map comes from an op the analysis cannot see).
    - `map.live_owners` on every access reached from a root: the owners that
      may access the same object in parallel with it, itself included, as a
      sorted `array<i64>`. One member means exclusive ownership.

    See `docs/ownership.md`.
  }];
  let dependentDialects = ["::mapsafe::map::MapDialect"];
}

def MapVerifyOwnership : Pass<"map-verify-ownership", "::mlir::ModuleOp"> {
  let summary = "Reject unsynchronised accesses to concurrent maps";
  let description = [{
    Reports every pair of accesses that may touch the same map in parallel,
    at least one of them a write, without a common mutex held exclusively by
    one of them: an error for maps annotated `concurrent`, a warning for the
    others (an error too with `strict=true`); `nocheck` maps are trusted.
    Also reports `concurrent` maps that escape to operations the analysis
    cannot see, and writes to a map inside its own `map.range` (a warning).
    Each finding carries notes: the other access, where the map was shared
    with the task, where it was declared, and a hint naming the fix.
  }];
  let options = [
    Option<"strict", "strict", "bool", /*default=*/"false",
           "Report races on maps not annotated 'concurrent' as errors too">,
    Option<"summaryVisitBudget", "summary-visit-budget", "unsigned",
           /*default=*/"1000",
           "How often one function may be summarised before the analysis "
           "gives up (a safety net against a bug; for tests)">
  ];
}

#endif // MAPSAFE_PASSES_PASSES_TD
