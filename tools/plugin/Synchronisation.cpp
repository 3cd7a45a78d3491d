//===- Synchronisation.cpp - may code order other threads? ----------------===//
//
// See Synchronisation.h. The library functions trusted not to synchronise
// are those a std container member reaches on its own: operator new/delete
// (the allocator's internal ordering is not counted as synchronisation
// between the program's accesses -- a single member call already allocates
// inside its own check window), libstdc++'s out-of-line
// hashtable and tree helpers, std::_Hash_bytes (std::hash of strings),
// libc++'s __next_prime and __hash_memory, the standard exceptions'
// constructors and destructors, std::string's members compiled into the
// library,
// libc's memory and string functions, and the exception runtime (throwing
// is not synchronisation; terminate ends the process).
//
//===----------------------------------------------------------------------===//
#include "tools/plugin/Synchronisation.h"
#include "tools/plugin/ContainerCalls.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"

using namespace llvm;

namespace mapsafe {
namespace {

constexpr unsigned MaxDepth = 32;

/// Constructors and destructors of the exceptions a container member
/// throws: libc++ builds them inline (then __cxa_throw), from the library.
bool isStdExceptionStructor(StringRef Name) {
  unsigned Length;
  if (!Name.consume_front("_ZNSt") || Name.consumeInteger(10, Length) ||
      Name.size() < Length)
    return false;
  StringRef Class = Name.take_front(Length);
  StringRef Structor = Name.drop_front(Length).take_front(2);
  return is_contained({"logic_error", "length_error", "out_of_range",
                       "invalid_argument", "bad_alloc", "bad_array_new_length"},
                      Class) &&
         is_contained({"C1", "C2", "D0", "D1", "D2"}, Structor);
}

/// A member of std::string compiled into the C++ library (the extern
/// template instance both libraries ship): copying or comparing a key.
/// Only its declarations are trusted: a member template defined in the
/// translation unit (resize_and_overwrite's operation, say) may run user
/// code, and its body is looked at like any other.
bool isLibraryStringMember(const Function &F) {
  StringRef Name = F.getName();
  Name.consume_front("_ZNK") || Name.consume_front("_ZN");
  return F.isDeclaration() &&
         (Name.starts_with(
              "St7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE") ||
          Name.starts_with(
              "St3__112basic_stringIcNS_11char_traitsIcEENS_9allocatorIcEEE"));
}

bool isTrustedLibraryName(StringRef Name) {
  if (Name.starts_with("maprt_")) // our own checks: instrumentation
    return true;
  if (isStdExceptionStructor(Name))
    return true;
  // operator new / delete, every variant (sized, aligned, nothrow, []).
  if (Name.starts_with("_Znw") || Name.starts_with("_Zna") ||
      Name.starts_with("_Zdl") || Name.starts_with("_Zda"))
    return true;
  // std::__throw_out_of_range(char const*) and friends (libc++'s are
  // std::__1::__throw_*).
  if ((Name.starts_with("_ZSt") || Name.starts_with("_ZNSt3__1")) &&
      Name.contains("__throw_"))
    return true;
  return StringSwitch<bool>(Name)
      .Cases(
          {"_ZNKSt8__detail20_Prime_rehash_policy14_M_need_rehashEmmm",
           "_ZNKSt8__detail20_Prime_rehash_policy11_M_next_bktEm",
           "_ZSt18_Rb_tree_incrementPSt18_Rb_tree_node_base",
           "_ZSt18_Rb_tree_incrementPKSt18_Rb_tree_node_base",
           "_ZSt18_Rb_tree_decrementPSt18_Rb_tree_node_base",
           "_ZSt18_Rb_tree_decrementPKSt18_Rb_tree_node_base",
           "_ZSt29_Rb_tree_insert_and_rebalancebPSt18_Rb_tree_node_baseS0_RS_",
           "_ZSt28_Rb_tree_rebalance_for_erasePSt18_Rb_tree_node_baseRS_",
           "_ZSt11_Hash_bytesPKvmm",
           // libc++: std::__1::__next_prime(unsigned long) (rehash) and
           // std::__1::__hash_memory(void const*, unsigned long).
           "_ZNSt3__112__next_primeEm", "_ZNSt3__113__hash_memoryEPKvm"},
          true)
      .Cases({"memcpy", "memmove", "memset", "memcmp", "bcmp", "strlen",
              "strcmp", "malloc", "calloc", "realloc", "free"},
             true)
      .Cases({"__cxa_allocate_exception", "__cxa_free_exception", "__cxa_throw",
              "__cxa_begin_catch", "__cxa_end_catch", "__cxa_rethrow",
              "__cxa_call_unexpected", "_Unwind_Resume", "_ZSt9terminatev"},
             true)
      .Default(false);
}

bool isTrustedLibraryFunction(const Function &F) {
  return isTrustedLibraryName(F.getName()) || isLibraryStringMember(F);
}

/// Intrinsics that neither synchronise nor run user code.
bool isHarmlessIntrinsic(const IntrinsicInst &II) {
  if (auto *MI = dyn_cast<MemIntrinsic>(&II))
    return !MI->isVolatile();
  // A coroutine may be resumed on another thread after a suspend point.
  if (II.getCalledFunction()->getName().starts_with("llvm.coro."))
    return false;
  if (II.isAssumeLikeIntrinsic() || II.isLifetimeStartOrEnd())
    return true;
  switch (II.getIntrinsicID()) {
  case Intrinsic::var_annotation:
  case Intrinsic::ptr_annotation:
  case Intrinsic::launder_invariant_group:
  case Intrinsic::strip_invariant_group:
  case Intrinsic::objectsize:
  case Intrinsic::is_constant:
  case Intrinsic::expect:
  case Intrinsic::eh_typeid_for:
  case Intrinsic::trap:
    return true;
  default:
    break;
  }
  // Pure arithmetic (umax, ctpop, fshl, *.with.overflow, ...).
  return !II.mayReadOrWriteMemory() && !II.mayThrow() &&
         II.willReturn();
}

} // namespace

bool SynchronisationAnalysis::maySynchronise(const Instruction &I) {
  if (isa<FenceInst, AtomicRMWInst, AtomicCmpXchgInst>(I))
    return true;
  if (auto *LI = dyn_cast<LoadInst>(&I))
    return LI->isAtomic() || LI->isVolatile();
  if (auto *SI = dyn_cast<StoreInst>(&I))
    return SI->isAtomic() || SI->isVolatile();
  auto *CB = dyn_cast<CallBase>(&I);
  if (!CB)
    return false;
  if (isa<CallBrInst>(CB) || CB->isInlineAsm())
    return true;
  if (auto *II = dyn_cast<IntrinsicInst>(CB))
    return !isHarmlessIntrinsic(*II);
  const Function *Callee = CB->getCalledFunction();
  if (!Callee)
    return true; // indirect or virtual: anything
  return maySynchronise(*Callee);
}

bool SynchronisationAnalysis::maySynchronise(const Function &F) {
  if (isTrustedLibraryFunction(F))
    return false;
  if (F.isDeclaration() || F.isInterposable())
    return true;
  auto It = Known.find(&F);
  if (It != Known.end())
    return It->second;
  // Recursion, or a call chain too deep to follow: assume the worst. A
  // result computed under that assumption is only ever more conservative.
  if (InProgress.contains(&F) || Depth >= MaxDepth)
    return true;
  InProgress.insert(&F);
  ++Depth;
  bool Result = bodyMaySynchronise(F);
  --Depth;
  InProgress.erase(&F);
  Known[&F] = Result;
  return Result;
}

bool SynchronisationAnalysis::mayDestroyContainer(const Function &F) {
  if (std::optional<ContainerCall> C = classifyCall(F.getName()))
    if (C->IsMember && StringRef(C->Member).starts_with("~"))
      return true;
  if (F.isDeclaration() || F.isInterposable())
    return !isTrustedLibraryFunction(F);
  auto It = KnownDestroys.find(&F);
  if (It != KnownDestroys.end())
    return It->second;
  if (DestroysInProgress.contains(&F) || Depth >= MaxDepth)
    return true;
  DestroysInProgress.insert(&F);
  ++Depth;
  bool Result = bodyMayDestroyContainer(F);
  --Depth;
  DestroysInProgress.erase(&F);
  KnownDestroys[&F] = Result;
  return Result;
}

bool SynchronisationAnalysis::bodyMayDestroyContainer(const Function &F) {
  if (F.isDeclaration())
    return !isTrustedLibraryFunction(F);
  for (const Instruction &I : instructions(F)) {
    auto *CB = dyn_cast<CallBase>(&I);
    if (!CB || isa<IntrinsicInst>(CB))
      continue;
    const Function *Callee = CB->getCalledFunction();
    if (Callee == &F)
      continue; // recursion adds nothing
    if (!Callee || mayDestroyContainer(*Callee))
      return true;
  }
  return false;
}

bool SynchronisationAnalysis::bodyMaySynchronise(const Function &F) {
  for (const Instruction &I : instructions(F)) {
    // A call of F itself adds nothing F's body does not already do
    // (std::_Rb_tree::_M_erase walks subtrees that way).
    if (auto *CB = dyn_cast<CallBase>(&I))
      if (CB->getCalledFunction() == &F)
        continue;
    if (maySynchronise(I))
      return true;
  }
  return false;
}

} // namespace mapsafe
