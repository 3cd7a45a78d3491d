//===- OwnershipAnalysis.h - map ownership inference -----------*- C++ -*-===//
//
// The one analysis behind --map-infer-ownership, --map-verify-ownership and
// the check elision of --convert-map-to-llvm (SPEC §3-§5).
//
// For every map access it computes which map objects it may touch (owner
// edges through SSA, scf, cf, arith.select and calls) and which owners
// (root functions, map.go bodies) may touch the same object in parallel with
// it, given happens-before (map.go, map.wait) and the locks held. Functions
// are summarised once, in terms of their parameters, and the summaries are
// solved bottom-up over the call graph (recursion by fixpoint); a root's
// summary, with its parameters bound to objects, is the whole program seen
// from that root. docs/ownership.md describes the model and the attributes.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFE_PASSES_OWNERSHIPANALYSIS_H
#define MAPSAFE_PASSES_OWNERSHIPANALYSIS_H

#include "mlir/IR/Location.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/ArrayRef.h"

#include <memory>

namespace mapsafe {

/// A pair of accesses that may touch the same map object in parallel, with
/// at least one write and no common lock held exclusively by one of them.
struct ConflictFinding {
  enum class Kind { WriteWrite, ReadWrite, IterateWrite };
  Kind kind;
  /// Where the diagnostic stands: an access, or the call through which a
  /// callee's access happens. `origin` is the map op behind it.
  mlir::Operation *at, *atOrigin;
  /// The other access of the pair, likewise.
  mlir::Operation *other, *otherOrigin;
  /// The map.go that shares the map with a task: the one whose task runs
  /// the other access (or, when one task was started inside the other, the
  /// inner one's). Null when both run in the root.
  mlir::Operation *sharedAt;
  /// The map.go of the task each access runs in (null for the root), and
  /// the inner task's map.go when one was started inside the other.
  mlir::Operation *atTask, *otherTask, *innerTask;
  /// Where the map was made or declared.
  mlir::Location objectLoc;
  enum class Origin { Made, Global, Argument } objectOrigin;
  bool concurrent;
  /// How many more accesses conflict with `at` in the same way (reported
  /// once, with the first of them as `other`).
  unsigned moreOthers = 0;
};

/// A map reaching an operation the analysis does not understand.
struct EscapeFinding {
  mlir::Operation *user;
  mlir::Location objectLoc;
  bool concurrent;
};

/// A write to a map inside the body of a map.range over the same map: at
/// `write`, an access or a call whose callee makes the write at `origin`.
struct OwnIterationFinding {
  mlir::Operation *write;
  mlir::Operation *origin;
  mlir::Operation *range;
};

class OwnershipAnalysis {
public:
  /// How often the interprocedural fixpoint may summarise one function.
  static constexpr unsigned kDefaultSummaryVisitBudget = 1000;

  /// Analyses `module` (a builtin.module); usable as getAnalysis<>().
  explicit OwnershipAnalysis(mlir::Operation *module);
  /// The same with another budget (tests exercise the cut-short path).
  OwnershipAnalysis(mlir::Operation *module, unsigned summaryVisitBudget);
  ~OwnershipAnalysis();
  OwnershipAnalysis(OwnershipAnalysis &&);

  /// Whether the access (assign, delete, clear, lookup, len, range) needs a
  /// runtime check: it may touch a map that is not `nocheck` and the
  /// analysis could not prove it free of conflicts (it conflicts, reaches an
  /// escaped map, or was never reached from a root). map.norace is the
  /// lowering's business and is not looked at here.
  bool needsRuntimeCheck(mlir::Operation *access) const;

  /// False if the interprocedural fixpoint was cut short (a summary kept
  /// growing past its budget): then nothing is proven, every access keeps
  /// its runtime check and the verifier reports it.
  bool converged() const;
  /// When not converged because of the budget: the first function whose
  /// summary still changed after that many visits (else null).
  mlir::Operation *getUnsettledFunction() const;

  llvm::ArrayRef<ConflictFinding> getConflicts() const;
  llvm::ArrayRef<EscapeFinding> getEscapes() const;
  llvm::ArrayRef<OwnIterationFinding> getOwnIterationWrites() const;

  /// Records the results as discardable attributes (map.object, map.owner,
  /// map.objects, map.live_owners) for tests and debugging.
  void annotate();

  /// The implementation (OwnershipAnalysis.cpp); opaque to users.
  struct Impl;

private:
  std::unique_ptr<Impl> impl;
};

} // namespace mapsafe

#endif // MAPSAFE_PASSES_OWNERSHIPANALYSIS_H
