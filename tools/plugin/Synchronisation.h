//===- Synchronisation.h - may code order other threads? -------*- C++ -*-===//
//
// The question the plugin asks before it merges the checks of a loop into
// one region: can anything in this code create a happens-before edge with
// another thread (a lock, an atomic, a fence, a volatile access, inline asm,
// a call we cannot see into)? If not, a check region stretched over the code
// reports only true races (docs/plugin.md, "Loop regions").
//
// The answer is conservative: "no synchronisation" only for code whose every
// instruction, and every callee's body (transitively, within the module,
// non-interposable definitions only), is plain computation, ordinary memory
// access, or a call to a short list of library functions that do not
// synchronise with user code (the allocator, libstdc++'s hashtable and
// red-black tree helpers, the exception runtime) or to our own runtime.
// The same walk answers the region's other question: may this call run the
// destructor of a std container somewhere below it?
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFE_TOOLS_PLUGIN_SYNCHRONISATION_H
#define MAPSAFE_TOOLS_PLUGIN_SYNCHRONISATION_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace llvm {
class Function;
class Instruction;
} // namespace llvm

namespace mapsafe {

class SynchronisationAnalysis {
public:
  /// True when executing `I` (a call: its callee's whole body) may
  /// synchronise with another thread.
  bool maySynchronise(const llvm::Instruction &I);

  /// True when a call to `F` may synchronise.
  bool maySynchronise(const llvm::Function &F);

  /// True when `F`'s body may (transitively) run the destructor of a std
  /// container -- which then dies without the runtime hearing of it when
  /// the call comes from inside the standard library (a map of sets
  /// erasing a node), so a region must not outlive it. `F` itself being a
  /// destructor does not count.
  bool bodyMayDestroyContainer(const llvm::Function &F);

private:
  bool bodyMaySynchronise(const llvm::Function &F);
  bool mayDestroyContainer(const llvm::Function &F);

  llvm::DenseMap<const llvm::Function *, bool> Known;
  llvm::SmallPtrSet<const llvm::Function *, 16> InProgress;
  llvm::DenseMap<const llvm::Function *, bool> KnownDestroys;
  llvm::SmallPtrSet<const llvm::Function *, 16> DestroysInProgress;
  unsigned Depth = 0;
};

} // namespace mapsafe

#endif // MAPSAFE_TOOLS_PLUGIN_SYNCHRONISATION_H
