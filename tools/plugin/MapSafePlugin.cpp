//===- MapSafePlugin.cpp - race checks around std container calls ---------===//
//
// A new-pass-manager plugin (the llvm/examples/Bye shape) for
// `clang++ -fpass-plugin=MapSafePlugin.so`. At pipeline start -- before
// inlining, at every -O level -- it wraps calls to members of
// std::unordered_map / std::map / std::unordered_set / std::set in the
// runtime's C++ checks (runtime/maprt.h):
//
//   write:     maprt_cxx_checkmapconcurrentwrite(this, site) ... _end(this)
//   read:      maprt_cxx_checkmapread(this, site)            ... _end(this)
//   iteration: maprt_cxx_checkmapiterate(this, site) at begin() and before
//              each ++/-- of the iterator begin() returned (Go's
//              mapiternext)
//   destroy:   a write, then maprt_cxx_container_destroyed(this)
//
// The end call runs on the normal path and on the unwind path: a member
// that throws (at(), bad_alloc) must not leave the runtime believing a write
// is still in progress. A `call` that may throw is turned into an `invoke`
// with a cleanup landing pad for that purpose.
//
// Ownership inference in the style of OwnershipBasedBufferDeallocation:
// checks are placed everywhere, then folded away where the container is
// provably private: a local alloca whose address reaches nothing but the
// `this` of its own member calls (through GEPs, casts and local reference
// slots such as range-for's __range), lifetime markers and annotations.
// `annotate("map.nocheck")` on a variable and `annotate("map.norace")` on a
// function opt out. Functions of the standard library itself are not
// instrumented, so member-to-member calls inside libstdc++ are not counted
// twice.
//
// Loop regions: a loop whose checked calls each read or write one of at
// most four containers at fixed addresses, and that contains nothing that
// may synchronise (Synchronisation.h), begins each container's check of
// each kind once, at its first access of that kind, and ends it on each
// way out of the loop, instead of a pair per call (docs/plugin.md, "Loop
// regions").
//
//===----------------------------------------------------------------------===//
#include "tools/plugin/ContainerCalls.h"
#include "tools/plugin/Synchronisation.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Plugins/PassPlugin.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Local.h"

#include <memory>

using namespace llvm;
using namespace mapsafe;

namespace {

constexpr StringLiteral NoCheckAnnotation = "map.nocheck";
constexpr StringLiteral NoRaceAnnotation = "map.norace";
constexpr StringLiteral InstrumentedFlag = "mapsafe.instrumented";

/// The string behind an annotation operand (a private global holding a
/// C string), or "" when it is something else.
StringRef annotationString(const Value *V) {
  auto *GV = dyn_cast<GlobalVariable>(V->stripPointerCasts());
  if (!GV || !GV->hasInitializer())
    return "";
  auto *Data = dyn_cast<ConstantDataSequential>(GV->getInitializer());
  if (!Data || !Data->isCString())
    return "";
  return Data->getAsCString();
}

/// One container operand that keeps its check.
struct CheckedOperand {
  Value *Container;
  Access Kind;
};

/// A call to instrument with its checked operands.
struct CallToWrap {
  CallBase *Call;
  const ContainerCall *What;
  SmallVector<CheckedOperand, 2> Operands;
};

/// An address that is the same every time the function computes it: a
/// global, an argument or an entry-block alloca, plus a constant offset.
struct StableAddress {
  Value *Base;
  int64_t Offset;
  bool operator==(const StableAddress &O) const {
    return Base == O.Base && Offset == O.Offset;
  }
};

/// A loop whose checks become one check region per container and access
/// kind: begun at the first read (write) of that container the loop really
/// makes, ended on every way out of the loop (docs/plugin.md, "Loop
/// regions").
struct LoopRegion {
  /// Containers per loop: each costs a flag per kind and an end per exit.
  static constexpr unsigned MaxContainers = 4;

  struct MergedCall {
    CallBase *Call;
    CheckedOperand Operand;
    unsigned Container; ///< index into Containers
  };

  SmallPtrSet<BasicBlock *, 16> Blocks;
  SmallVector<BasicBlock *, 16> BlockList; ///< Blocks, in the loop's order
  BasicBlock *Preheader = nullptr;
  /// The containers, in the order of their first merged call.
  SmallVector<StableAddress, 2> Containers;
  /// The merged calls, in program order.
  SmallVector<MergedCall, 8> Merged;
  bool contains(const CallBase *CB) const {
    return llvm::any_of(Merged,
                        [&](const MergedCall &M) { return M.Call == CB; });
  }
  bool has(unsigned Container, Access Kind) const {
    return llvm::any_of(Merged, [&](const MergedCall &M) {
      return M.Container == Container && M.Operand.Kind == Kind;
    });
  }
};

class Instrumenter {
public:
  explicit Instrumenter(Module &M);
  bool run();

private:
  void collectGlobalAnnotations();
  bool instrumentFunction(Function &F);

  const ContainerCall *classify(const Function *Callee);
  static unsigned firstParamIndex(const CallBase &CB);

  // Ownership inference.
  const Value *originOf(const Value *V, bool &NoCheck, unsigned Depth = 0);
  bool isPrivateLocal(const AllocaInst *AI);
  bool slotIsLocal(const AllocaInst *Slot,
                   SmallVectorImpl<const Value *> &Aliases);
  bool needsCheck(Value *Container);

  // Loop regions.
  std::optional<StableAddress> stableAddress(Value *V, unsigned Depth = 0);
  bool formLoopRegion(Loop &L, ArrayRef<CallToWrap> Calls, LoopRegion &R);
  void collectLoopRegions(Function &F, DominatorTree &DT,
                          ArrayRef<CallToWrap> Calls,
                          SmallVectorImpl<LoopRegion> &Regions);
  Value *materialise(IRBuilder<> &B, const StableAddress &A);
  void endIfBegun(Instruction *Before, AllocaInst *Flag, Access Kind,
                  const StableAddress &Container, DebugLoc DL);
  void applyLoopRegion(LoopRegion &R);

  // Iteration steps.
  void collectIteratorSteps(const CallToWrap &Begin, DominatorTree &DT,
                            SmallVectorImpl<CallToWrap> &Steps);

  // Emission.
  Constant *siteFor(const Instruction &I);
  void emitBefore(IRBuilder<> &B, ArrayRef<CheckedOperand> Ops,
                  Constant *Site);
  void emitAfter(IRBuilder<> &B, ArrayRef<CheckedOperand> Ops);
  void wrap(const CallToWrap &W);
  void ensurePersonality(Function &F);

  FunctionCallee runtime(StringRef Name, bool WithSite);

  Module &M;
  LLVMContext &Ctx;
  PointerType *PtrTy;

  DenseMap<const Function *, std::unique_ptr<ContainerCall>> Classified;
  DenseSet<const Function *> Unclassified;
  SmallPtrSet<const GlobalValue *, 8> NoCheckGlobals;
  SmallPtrSet<const Function *, 8> NoRaceFunctions;
  SmallPtrSet<const Value *, 8> NoCheckLocals;
  DenseMap<const AllocaInst *, bool> PrivateLocals;
  StringMap<Constant *> Sites;
  SynchronisationAnalysis Sync;
};

Instrumenter::Instrumenter(Module &M)
    : M(M), Ctx(M.getContext()), PtrTy(PointerType::getUnqual(Ctx)) {}

/// Declared on first use, so a module without containers comes out exactly
/// as it went in.
FunctionCallee Instrumenter::runtime(StringRef Name, bool WithSite) {
  Type *Void = Type::getVoidTy(Ctx);
  // The checks never unwind (a report ends the process); they stay opaque
  // to the optimiser otherwise, so the container's own loads and stores are
  // not moved out of the window they guard.
  AttributeList Attrs =
      AttributeList().addFnAttribute(Ctx, Attribute::NoUnwind);
  FunctionType *Ty = WithSite ? FunctionType::get(Void, {PtrTy, PtrTy}, false)
                              : FunctionType::get(Void, {PtrTy}, false);
  return M.getOrInsertFunction(Name, Ty, Attrs);
}

void Instrumenter::collectGlobalAnnotations() {
  GlobalVariable *Annotations = M.getGlobalVariable("llvm.global.annotations");
  if (!Annotations || !Annotations->hasInitializer())
    return;
  auto *Array = dyn_cast<ConstantArray>(Annotations->getInitializer());
  if (!Array)
    return;
  for (const Use &Entry : Array->operands()) {
    auto *S = dyn_cast<ConstantStruct>(Entry.get());
    if (!S || S->getNumOperands() < 2)
      continue;
    auto *Target =
        dyn_cast<GlobalValue>(S->getOperand(0)->stripPointerCasts());
    if (!Target)
      continue;
    StringRef Text = annotationString(S->getOperand(1));
    if (Text == NoCheckAnnotation)
      NoCheckGlobals.insert(Target);
    else if (Text == NoRaceAnnotation)
      if (auto *F = dyn_cast<Function>(Target))
        NoRaceFunctions.insert(F);
  }
}

const ContainerCall *Instrumenter::classify(const Function *Callee) {
  if (!Callee || Callee->isIntrinsic())
    return nullptr;
  if (Unclassified.contains(Callee))
    return nullptr;
  auto It = Classified.find(Callee);
  if (It != Classified.end())
    return It->second.get();
  std::optional<ContainerCall> C = classifyCall(Callee->getName());
  if (!C) {
    Unclassified.insert(Callee);
    return nullptr;
  }
  auto &Slot = Classified[Callee];
  Slot = std::make_unique<ContainerCall>(std::move(*C));
  return Slot.get();
}

/// Itanium passes an sret pointer before `this`.
unsigned Instrumenter::firstParamIndex(const CallBase &CB) {
  return CB.arg_size() > 0 && CB.paramHasAttr(0, Attribute::StructRet) ? 1
                                                                        : 0;
}

//===----------------------------------------------------------------------===//
// Ownership inference
//===----------------------------------------------------------------------===//

/// A local slot holding the container's address (a reference variable,
/// range-for's __range, a -O0 spill) is harmless when it is itself private:
/// only loads, stores into it and lifetime markers. Loaded values are
/// returned in `Aliases` to be followed like the address itself.
bool Instrumenter::slotIsLocal(const AllocaInst *Slot,
                               SmallVectorImpl<const Value *> &Aliases) {
  for (const Use &U : Slot->uses()) {
    const User *Usr = U.getUser();
    if (auto *LI = dyn_cast<LoadInst>(Usr)) {
      Aliases.push_back(LI);
      continue;
    }
    if (auto *SI = dyn_cast<StoreInst>(Usr))
      if (U.getOperandNo() == SI->getPointerOperandIndex())
        continue;
    if (auto *CB = dyn_cast<CallBase>(Usr))
      if (CB->isLifetimeStartOrEnd())
        continue;
    return false;
  }
  return true;
}

/// The object a container pointer designates: through casts, GEPs,
/// llvm.ptr.annotation and loads from private local slots whose every store
/// holds the same object. Sets NoCheck when a `map.nocheck` field annotation
/// is passed on the way.
const Value *Instrumenter::originOf(const Value *V, bool &NoCheck,
                                    unsigned Depth) {
  while (true) {
    V = V->stripPointerCasts();
    if (auto *GEP = dyn_cast<GEPOperator>(V)) {
      V = GEP->getPointerOperand();
      continue;
    }
    if (auto *II = dyn_cast<IntrinsicInst>(V)) {
      if (II->getIntrinsicID() == Intrinsic::ptr_annotation) {
        if (annotationString(II->getArgOperand(1)) == NoCheckAnnotation)
          NoCheck = true;
        V = II->getArgOperand(0);
        continue;
      }
    }
    auto *LI = dyn_cast<LoadInst>(V);
    if (!LI || Depth > 8)
      return V;
    auto *Slot = dyn_cast<AllocaInst>(LI->getPointerOperand());
    SmallVector<const Value *, 4> Ignored;
    if (!Slot || !slotIsLocal(Slot, Ignored))
      return V;
    const Value *Common = nullptr;
    for (const User *Usr : Slot->users()) {
      auto *SI = dyn_cast<StoreInst>(Usr);
      if (!SI)
        continue;
      const Value *O = originOf(SI->getValueOperand(), NoCheck, Depth + 1);
      if (Common && O != Common)
        return V;
      Common = O;
    }
    return Common ? Common : V;
  }
}

/// True when the local's address reaches nothing but its own member calls
/// (as `this`), lifetime markers and annotations -- no store to memory
/// others can see, no other call argument, no return, no integer cast.
bool Instrumenter::isPrivateLocal(const AllocaInst *AI) {
  auto Cached = PrivateLocals.find(AI);
  if (Cached != PrivateLocals.end())
    return Cached->second;

  SmallVector<const Value *, 16> Work{AI};
  SmallPtrSet<const Value *, 16> Seen{AI};
  SmallPtrSet<const AllocaInst *, 4> Slots;
  auto Push = [&](const Value *V) {
    if (Seen.insert(V).second)
      Work.push_back(V);
  };
  auto Escapes = [&]() -> bool {
    while (!Work.empty()) {
      const Value *V = Work.pop_back_val();
      for (const Use &U : V->uses()) {
        const User *Usr = U.getUser();
        if (isa<GetElementPtrInst, BitCastInst, AddrSpaceCastInst, PHINode,
                SelectInst>(Usr)) {
          Push(Usr);
          continue;
        }
        if (isa<LoadInst, ICmpInst>(Usr))
          continue;
        if (auto *SI = dyn_cast<StoreInst>(Usr)) {
          if (U.getOperandNo() == SI->getPointerOperandIndex())
            continue;
          auto *Slot = dyn_cast<AllocaInst>(SI->getPointerOperand());
          if (!Slot)
            return true;
          if (Slots.insert(Slot).second) {
            SmallVector<const Value *, 4> Aliases;
            if (!slotIsLocal(Slot, Aliases))
              return true;
            for (const Value *A : Aliases)
              Push(A);
          }
          continue;
        }
        if (auto *CB = dyn_cast<CallBase>(Usr)) {
          if (CB->isLifetimeStartOrEnd())
            continue;
          if (auto *II = dyn_cast<IntrinsicInst>(CB)) {
            Intrinsic::ID ID = II->getIntrinsicID();
            if (ID == Intrinsic::var_annotation)
              continue;
            if (ID == Intrinsic::ptr_annotation ||
                ID == Intrinsic::launder_invariant_group ||
                ID == Intrinsic::strip_invariant_group) {
              Push(II);
              continue;
            }
          }
          const ContainerCall *What = classify(CB->getCalledFunction());
          if (What && What->IsMember && CB->isArgOperand(&U) &&
              CB->getArgOperandNo(&U) == firstParamIndex(*CB)) {
            if (What->ReturnsThis)
              Push(CB);
            continue;
          }
          return true;
        }
        return true;
      }
    }
    return false;
  };
  bool Private = !Escapes();
  PrivateLocals[AI] = Private;
  return Private;
}

bool Instrumenter::needsCheck(Value *Container) {
  bool NoCheck = false;
  const Value *Origin = originOf(Container, NoCheck);
  if (NoCheck || NoCheckLocals.contains(Origin))
    return false;
  if (auto *GV = dyn_cast<GlobalValue>(Origin))
    return !NoCheckGlobals.contains(GV);
  if (auto *AI = dyn_cast<AllocaInst>(Origin))
    return !isPrivateLocal(AI);
  return true;
}

//===----------------------------------------------------------------------===//
// Iteration steps
//===----------------------------------------------------------------------===//

/// For a begin()-like call, finds the local iterator it initialises and
/// every ++/-- applied to it, and schedules an iteration check (on the
/// container begin() was called on) before each. Gives up when the iterator
/// could be re-seated onto another container: a second store, a memcpy
/// into it, or a call that is not an iterator operation.
void Instrumenter::collectIteratorSteps(const CallToWrap &Begin,
                                        DominatorTree &DT,
                                        SmallVectorImpl<CallToWrap> &Steps) {
  CallBase *CB = Begin.Call;
  Value *Container = nullptr;
  for (const CheckedOperand &Op : Begin.Operands)
    if (Op.Kind == Access::Iterate)
      Container = Op.Container;
  if (!Container)
    return;

  const Value *SlotPtr = nullptr;
  if (firstParamIndex(*CB) == 1)
    SlotPtr = CB->getArgOperand(0);
  else if (CB->hasOneUse())
    if (auto *SI = dyn_cast<StoreInst>(*CB->user_begin()))
      if (SI->getValueOperand() == CB)
        SlotPtr = SI->getPointerOperand();
  if (!SlotPtr)
    return;
  auto *Slot = dyn_cast<AllocaInst>(getUnderlyingObject(SlotPtr));
  if (!Slot)
    return;

  SmallVector<CallBase *, 4> StepCalls;
  // begin() itself initialises the slot: through a store, or through sret.
  unsigned Stores = firstParamIndex(*CB) == 1 ? 1 : 0;
  SmallVector<const Value *, 8> Work{Slot};
  SmallPtrSet<const Value *, 8> Seen{Slot};
  while (!Work.empty()) {
    const Value *V = Work.pop_back_val();
    for (const Use &U : V->uses()) {
      User *Usr = U.getUser();
      if (isa<GetElementPtrInst, BitCastInst>(Usr)) {
        if (Seen.insert(Usr).second)
          Work.push_back(Usr);
        continue;
      }
      if (isa<LoadInst>(Usr))
        continue;
      if (auto *SI = dyn_cast<StoreInst>(Usr)) {
        if (U.getOperandNo() != SI->getPointerOperandIndex())
          return; // the iterator's address is stored somewhere
        if (++Stores > 1)
          return;
        continue;
      }
      auto *Call = dyn_cast<CallBase>(Usr);
      if (!Call)
        return;
      if (Call == CB || Call->isLifetimeStartOrEnd())
        continue;
      if (auto *MTI = dyn_cast<MemTransferInst>(Call)) {
        if (MTI->getRawDest() == V)
          return; // copied over from another iterator
        continue;
      }
      Function *Callee = Call->getCalledFunction();
      if (!Callee || !isIteratorUse(Callee->getName()))
        return;
      if (isIteratorStep(Callee->getName()) && Call->isArgOperand(&U) &&
          Call->getArgOperandNo(&U) == firstParamIndex(*Call))
        StepCalls.push_back(Call);
    }
  }
  for (CallBase *Step : StepCalls) {
    auto *Def = dyn_cast<Instruction>(Container);
    if (Def && !DT.dominates(Def, Step))
      continue;
    Steps.push_back({Step, Begin.What, {{Container, Access::Iterate}}});
  }
}

//===----------------------------------------------------------------------===//
// Loop regions
//===----------------------------------------------------------------------===//
//
// A loop whose containers each have a stable address and that does nothing
// that could order it with another thread (no lock, atomic, fence, volatile
// access, inline asm or opaque call, see Synchronisation.h) gets one check
// region per container and access kind instead of a begin/end pair per
// member call: begun by the loop's first access of that kind to that
// container (behind a flag cleared before the loop, so a write that never
// happens claims nothing), ended on every edge that leaves the loop, normal
// or unwinding. With no synchronisation inside the region, another
// thread's access either happens-before its start, happens-after its end,
// or is ordered with none of the accesses in it -- so whatever the region
// reports is a race with the access that began it, whose site it names,
// and it sees races the per-call windows would miss. Each container's
// region stands alone: two of them may even be one container reached
// through two arguments, which the runtime counts as nested accesses.

/// Through constant GEPs and casts to a global, an argument or an
/// entry-block alloca; through loads of private local slots (`this.addr`,
/// reference variables) whose every store holds the same stable address.
std::optional<StableAddress> Instrumenter::stableAddress(Value *V,
                                                          unsigned Depth) {
  const DataLayout &DL = M.getDataLayout();
  APInt Offset(DL.getIndexTypeSizeInBits(V->getType()), 0);
  V = V->stripAndAccumulateConstantOffsets(DL, Offset,
                                           /*AllowNonInbounds=*/true);
  int64_t Off = Offset.getSExtValue();
  if (isa<GlobalVariable, Argument>(V))
    return StableAddress{V, Off};
  if (auto *AI = dyn_cast<AllocaInst>(V)) {
    if (AI->isStaticAlloca() && AI->getParent()->isEntryBlock())
      return StableAddress{V, Off};
    return std::nullopt;
  }
  auto *LI = dyn_cast<LoadInst>(V);
  if (!LI || !LI->isSimple() || Depth > 8)
    return std::nullopt;
  auto *Slot = dyn_cast<AllocaInst>(LI->getPointerOperand());
  SmallVector<const Value *, 4> Ignored;
  if (!Slot || !slotIsLocal(Slot, Ignored))
    return std::nullopt;
  std::optional<StableAddress> Common;
  for (User *Usr : Slot->users()) {
    auto *SI = dyn_cast<StoreInst>(Usr);
    if (!SI)
      continue;
    std::optional<StableAddress> A =
        stableAddress(SI->getValueOperand(), Depth + 1);
    if (!A || (Common && !(*A == *Common)))
      return std::nullopt;
    Common = A;
  }
  if (!Common)
    return std::nullopt;
  return StableAddress{Common->Base, Common->Offset + Off};
}

bool Instrumenter::formLoopRegion(Loop &L, ArrayRef<CallToWrap> Calls,
                                  LoopRegion &R) {
  BasicBlock *Preheader = L.getLoopPreheader();
  if (!Preheader || !isa<BranchInst>(Preheader->getTerminator()))
    return false;
  for (const CallToWrap &W : Calls) {
    if (!L.contains(W.Call->getParent()))
      continue;
    if (llvm::all_of(W.Operands, [](const CheckedOperand &Op) {
          return Op.Kind == Access::Iterate;
        }))
      continue; // keeps its own check (no end, no CFG change)
    if (W.Operands.size() != 1)
      return false;
    Access Kind = W.Operands[0].Kind;
    if (Kind != Access::Read && Kind != Access::Write)
      return false; // destruction: a new container may follow
    std::optional<StableAddress> A = stableAddress(W.Operands[0].Container);
    if (!A)
      return false;
    auto *It = llvm::find(R.Containers, *A);
    if (It == R.Containers.end()) {
      if (R.Containers.size() == LoopRegion::MaxContainers)
        return false;
      It = R.Containers.insert(It, *A);
    }
    R.Merged.push_back({W.Call, W.Operands[0],
                        unsigned(It - R.Containers.begin())});
  }
  if (R.Merged.empty())
    return false;
  for (BasicBlock *BB : L.blocks())
    for (Instruction &I : *BB) {
      if (Sync.maySynchronise(I))
        return false;
      // A container built or destroyed at one of these addresses inside the
      // loop (checked or not) is another container: no region spans it. Nor
      // does one span a destructor run from inside a callee (the standard
      // library's own do not tell the runtime).
      auto *CB = dyn_cast<CallBase>(&I);
      if (!CB || isa<IntrinsicInst>(CB))
        continue;
      const Function *Callee = CB->getCalledFunction();
      if (!Callee || Sync.bodyMayDestroyContainer(*Callee))
        return false;
      const ContainerCall *What = classify(Callee);
      if (!What || !What->IsMember ||
          (!What->IsCtor && !StringRef(What->Member).starts_with("~")))
        continue;
      unsigned This = firstParamIndex(*CB);
      if (This >= CB->arg_size())
        return false;
      std::optional<StableAddress> A = stableAddress(CB->getArgOperand(This));
      if (!A || llvm::is_contained(R.Containers, *A))
        return false;
    }
  SmallVector<BasicBlock *, 4> Exiting;
  L.getExitingBlocks(Exiting);
  for (BasicBlock *BB : Exiting)
    if (!isa<BranchInst, SwitchInst, InvokeInst>(BB->getTerminator()))
      return false;
  SmallVector<BasicBlock *, 4> Exits;
  L.getExitBlocks(Exits);
  for (BasicBlock *BB : Exits)
    if (BB->isEHPad() && !BB->isLandingPad())
      return false;
  R.Preheader = Preheader;
  R.Blocks.insert(L.block_begin(), L.block_end());
  R.BlockList.assign(L.block_begin(), L.block_end());
  return true;
}

/// The outermost loops that can be regions; inner loops of those that
/// cannot are tried in turn.
void Instrumenter::collectLoopRegions(Function &F, DominatorTree &DT,
                                      ArrayRef<CallToWrap> Calls,
                                      SmallVectorImpl<LoopRegion> &Regions) {
  LoopInfo LI(DT);
  SmallVector<Loop *, 8> Work(LI.begin(), LI.end());
  while (!Work.empty()) {
    Loop *L = Work.pop_back_val();
    LoopRegion R;
    if (formLoopRegion(*L, Calls, R)) {
      Regions.push_back(std::move(R));
      continue;
    }
    Work.append(L->begin(), L->end());
  }
}

Value *Instrumenter::materialise(IRBuilder<> &B, const StableAddress &A) {
  if (A.Offset == 0)
    return A.Base;
  return B.CreatePtrAdd(A.Base, B.getInt64(A.Offset));
}

/// `if (*Flag) <end of Kind>(container)` before `Before`.
void Instrumenter::endIfBegun(Instruction *Before, AllocaInst *Flag,
                              Access Kind, const StableAddress &Container,
                              DebugLoc DL) {
  IRBuilder<> B(Before);
  B.SetCurrentDebugLocation(DL);
  Value *Begun = B.CreateLoad(B.getInt1Ty(), Flag);
  B.SetInsertPoint(SplitBlockAndInsertIfThen(Begun, Before, false));
  B.SetCurrentDebugLocation(DL);
  CheckedOperand End{materialise(B, Container), Kind};
  emitAfter(B, End);
}

void Instrumenter::applyLoopRegion(LoopRegion &R) {
  Function *F = R.Preheader->getParent();
  DebugLoc DL = R.Merged.front().Call->getDebugLoc();

  // One flag per container and kind: has the loop begun that check yet?
  // Cleared before the loop; a claim is only ever made by a read or write
  // that happens.
  struct RegionFlag {
    unsigned Container;
    Access Kind;
    AllocaInst *Flag;
  };
  SmallVector<RegionFlag, 4> Flags;
  IRBuilder<> EB(&F->getEntryBlock(), F->getEntryBlock().begin());
  IRBuilder<> PB(R.Preheader->getTerminator());
  for (unsigned C = 0; C < R.Containers.size(); ++C)
    for (Access Kind : {Access::Write, Access::Read}) {
      if (!R.has(C, Kind))
        continue;
      AllocaInst *Flag = EB.CreateAlloca(EB.getInt1Ty(), nullptr,
                                         Kind == Access::Write
                                             ? "mapsafe.region.writing"
                                             : "mapsafe.region.reading");
      PB.CreateStore(PB.getFalse(), Flag);
      Flags.push_back({C, Kind, Flag});
    }
  auto EndAllBefore = [&](Instruction *Before) {
    for (const RegionFlag &RF : Flags)
      endIfBegun(Before, RF.Flag, RF.Kind, R.Containers[RF.Container], DL);
  };

  // Every edge out of the loop, grouped by target, on the CFG as found
  // (in the loop's block order: the output must not depend on pointers).
  SmallVector<std::pair<BasicBlock *, SmallVector<BasicBlock *, 2>>, 4> Exits;
  for (BasicBlock *BB : R.BlockList)
    for (BasicBlock *Succ : successors(BB)) {
      if (R.Blocks.contains(Succ))
        continue;
      auto It = llvm::find_if(Exits, [&](const auto &E) {
        return E.first == Succ;
      });
      if (It == Exits.end()) {
        Exits.push_back({Succ, {}});
        It = std::prev(Exits.end());
      }
      if (!llvm::is_contained(It->second, BB))
        It->second.push_back(BB);
    }
  SmallVector<CallInst *, 8> MayThrow;
  if (!F->doesNotThrow())
    for (BasicBlock *BB : R.BlockList)
      for (Instruction &I : *BB)
        if (auto *CI = dyn_cast<CallInst>(&I))
          if (!CI->doesNotThrow() && !CI->isMustTailCall() &&
              !isa<IntrinsicInst>(CI))
            MayThrow.push_back(CI);

  for (auto &[Exit, Preds] : Exits) {
    bool Dedicated = llvm::all_of(predecessors(Exit), [&](BasicBlock *P) {
      return R.Blocks.contains(P);
    });
    BasicBlock *At;
    if (Dedicated) {
      At = Exit;
    } else if (Exit->isLandingPad()) {
      SmallVector<BasicBlock *, 2> NewBBs;
      SplitLandingPadPredecessors(Exit, Preds, ".mapsafe.region",
                                  ".mapsafe.other", NewBBs);
      At = NewBBs[0];
    } else {
      At = SplitBlockPredecessors(Exit, Preds, ".mapsafe.region",
                                  static_cast<DomTreeUpdater *>(nullptr));
    }
    EndAllBefore(&*At->getFirstInsertionPt());
  }

  // Each merged call begins its container's check of its kind unless the
  // loop already has, on the call's own container operand. (Splitting
  // moves the call, it does not replace it.)
  for (const LoopRegion::MergedCall &M : R.Merged) {
    CallBase *Call = M.Call;
    const CheckedOperand &Op = M.Operand;
    AllocaInst *Flag = llvm::find_if(Flags, [&](const RegionFlag &RF) {
                         return RF.Container == M.Container &&
                                RF.Kind == Op.Kind;
                       })->Flag;
    IRBuilder<> B(Call);
    B.SetCurrentDebugLocation(Call->getDebugLoc());
    Value *Begun = B.CreateLoad(B.getInt1Ty(), Flag);
    B.SetInsertPoint(SplitBlockAndInsertIfThen(B.CreateNot(Begun), Call,
                                               false));
    B.SetCurrentDebugLocation(Call->getDebugLoc());
    emitBefore(B, Op, siteFor(*Call));
    B.CreateStore(B.getTrue(), Flag);
  }

  // A call that may throw out of the function ends the region on its way.
  if (MayThrow.empty())
    return;
  BasicBlock *Cleanup = BasicBlock::Create(Ctx, "mapsafe.region.cleanup", F);
  IRBuilder<> LB(Cleanup);
  LB.SetCurrentDebugLocation(DL);
  LandingPadInst *LP =
      LB.CreateLandingPad(StructType::get(PtrTy, LB.getInt32Ty()), 0);
  LP->setCleanup(true);
  EndAllBefore(LB.CreateResume(LP));
  ensurePersonality(*F);
  for (CallInst *CI : MayThrow)
    changeToInvokeAndSplitBasicBlock(CI, Cleanup);
}

//===----------------------------------------------------------------------===//
// Emission
//===----------------------------------------------------------------------===//

/// "file:line:col" with -g, otherwise the enclosing function's name.
Constant *Instrumenter::siteFor(const Instruction &I) {
  std::string Text;
  if (const DILocation *Loc = I.getDebugLoc().get())
    Text = (Loc->getFilename() + ":" + Twine(Loc->getLine()) + ":" +
            Twine(Loc->getColumn()))
               .str();
  else
    Text = demangleForSite(I.getFunction()->getName());
  Constant *&Site = Sites[Text];
  if (!Site) {
    Constant *Init = ConstantDataArray::getString(Ctx, Text);
    auto *GV = new GlobalVariable(M, Init->getType(), /*isConstant=*/true,
                                  GlobalValue::PrivateLinkage, Init,
                                  "__mapsafe_site");
    GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
    GV->setAlignment(Align(1));
    Site = GV;
  }
  return Site;
}

void Instrumenter::emitBefore(IRBuilder<> &B, ArrayRef<CheckedOperand> Ops,
                              Constant *Site) {
  for (const CheckedOperand &Op : Ops) {
    StringRef Name;
    switch (Op.Kind) {
    case Access::Read:
      Name = "maprt_cxx_checkmapread";
      break;
    case Access::Write:
    case Access::Destroy:
      Name = "maprt_cxx_checkmapconcurrentwrite";
      break;
    case Access::Iterate:
      Name = "maprt_cxx_checkmapiterate";
      break;
    }
    B.CreateCall(runtime(Name, /*WithSite=*/true), {Op.Container, Site});
  }
}

void Instrumenter::emitAfter(IRBuilder<> &B, ArrayRef<CheckedOperand> Ops) {
  auto End = [&](StringRef Name, Value *Container) {
    B.CreateCall(runtime(Name, /*WithSite=*/false), {Container});
  };
  for (const CheckedOperand &Op : llvm::reverse(Ops)) {
    switch (Op.Kind) {
    case Access::Read:
      End("maprt_cxx_checkmapread_end", Op.Container);
      break;
    case Access::Write:
      End("maprt_cxx_checkmapconcurrentwrite_end", Op.Container);
      break;
    case Access::Destroy:
      End("maprt_cxx_checkmapconcurrentwrite_end", Op.Container);
      End("maprt_cxx_container_destroyed", Op.Container);
      break;
    case Access::Iterate:
      break;
    }
  }
}

void Instrumenter::ensurePersonality(Function &F) {
  if (!F.hasPersonalityFn())
    F.setPersonalityFn(cast<Constant>(
        M.getOrInsertFunction("__gxx_personality_v0",
                              FunctionType::get(Type::getInt32Ty(Ctx), true))
            .getCallee()));
}

void Instrumenter::wrap(const CallToWrap &W) {
  CallBase *CB = W.Call;
  Function *F = CB->getFunction();
  DebugLoc DL = CB->getDebugLoc();
  IRBuilder<> B(CB);
  emitBefore(B, W.Operands, siteFor(*CB));
  if (llvm::all_of(W.Operands, [](const CheckedOperand &Op) {
        return Op.Kind == Access::Iterate;
      }))
    return;

  if (auto *CI = dyn_cast<CallInst>(CB)) {
    B.SetInsertPoint(CI->getNextNode());
    B.SetCurrentDebugLocation(DL);
    emitAfter(B, W.Operands);
    if (CI->doesNotThrow() || F->doesNotThrow())
      return;
    // The member may throw and nothing in this function would catch it:
    // give it a cleanup that ends the check and resumes unwinding.
    BasicBlock *Cleanup = BasicBlock::Create(Ctx, "mapsafe.cleanup", F);
    IRBuilder<> LB(Cleanup);
    LB.SetCurrentDebugLocation(DL);
    LandingPadInst *LP =
        LB.CreateLandingPad(StructType::get(PtrTy, LB.getInt32Ty()), 0);
    LP->setCleanup(true);
    emitAfter(LB, W.Operands);
    LB.CreateResume(LP);
    ensurePersonality(*F);
    changeToInvokeAndSplitBasicBlock(CI, Cleanup);
    return;
  }

  auto *II = cast<InvokeInst>(CB);
  BasicBlock *BB = II->getParent();
  BasicBlock *Normal = II->getNormalDest();
  if (Normal->getSinglePredecessor() != BB)
    Normal = SplitEdge(BB, Normal);
  B.SetInsertPoint(Normal, Normal->getFirstInsertionPt());
  B.SetCurrentDebugLocation(DL);
  emitAfter(B, W.Operands);

  BasicBlock *Unwind = II->getUnwindDest();
  if (!Unwind->isLandingPad())
    return;
  if (Unwind->getSinglePredecessor() != BB) {
    SmallVector<BasicBlock *, 2> NewBBs;
    SplitLandingPadPredecessors(Unwind, {BB}, ".mapsafe", ".mapsafe.other",
                                NewBBs);
    Unwind = NewBBs[0];
  }
  B.SetInsertPoint(Unwind, Unwind->getFirstInsertionPt());
  B.SetCurrentDebugLocation(DL);
  emitAfter(B, W.Operands);
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

bool Instrumenter::instrumentFunction(Function &F) {
  NoCheckLocals.clear();
  PrivateLocals.clear();
  SmallVector<CallToWrap, 16> Calls;
  for (Instruction &I : instructions(F)) {
    auto *CB = dyn_cast<CallBase>(&I);
    if (!CB)
      continue;
    if (auto *II = dyn_cast<IntrinsicInst>(CB)) {
      if (II->getIntrinsicID() == Intrinsic::var_annotation &&
          annotationString(II->getArgOperand(1)) == NoCheckAnnotation) {
        bool Ignored = false;
        NoCheckLocals.insert(originOf(II->getArgOperand(0), Ignored));
      }
      continue;
    }
    if (isa<CallBrInst>(CB))
      continue;
    if (auto *CI = dyn_cast<CallInst>(CB); CI && CI->isMustTailCall())
      continue;
    const ContainerCall *What = classify(CB->getCalledFunction());
    if (!What || What->Operands.empty())
      continue;
    Calls.push_back({CB, What, {}});
  }
  if (Calls.empty())
    return false;

  // Ownership: drop the operands that are provably private or opted out.
  for (CallToWrap &W : Calls) {
    unsigned Shift = firstParamIndex(*W.Call);
    for (const ContainerOperand &Op : W.What->Operands) {
      unsigned Index = Op.ParamIndex + Shift;
      if (Index >= W.Call->arg_size())
        continue;
      Value *Container = W.Call->getArgOperand(Index);
      if (Container->getType()->isPointerTy() && needsCheck(Container))
        W.Operands.push_back({Container, Op.Kind});
    }
  }
  llvm::erase_if(Calls, [](const CallToWrap &W) { return W.Operands.empty(); });
  if (Calls.empty())
    return false;

  // Iterator steps are found on the unmodified CFG.
  SmallVector<CallToWrap, 8> Steps;
  std::unique_ptr<DominatorTree> DT;
  for (const CallToWrap &W : Calls) {
    StringRef Member = W.What->Member;
    if (Member != "begin" && Member != "cbegin" && Member != "rbegin" &&
        Member != "crbegin")
      continue;
    if (!DT)
      DT = std::make_unique<DominatorTree>(F);
    collectIteratorSteps(W, *DT, Steps);
  }
  // Loop regions, also found on the unmodified CFG.
  SmallVector<LoopRegion, 4> Regions;
  if (!DT)
    DT = std::make_unique<DominatorTree>(F);
  collectLoopRegions(F, *DT, Calls, Regions);
  auto InRegion = [&](const CallBase *CB) {
    return llvm::any_of(Regions, [&](const LoopRegion &R) {
      return R.Blocks.contains(CB->getParent());
    });
  };
  auto Merged = [&](const CallBase *CB) {
    return llvm::any_of(Regions,
                        [&](const LoopRegion &R) { return R.contains(CB); });
  };

  // Checks that only insert a call before their call first (iteration
  // steps, and what a region keeps: applying a region may replace its calls
  // by invokes), then the regions, then everything outside them.
  SmallVector<const CallToWrap *, 16> Outside;
  for (const CallToWrap &S : Steps)
    wrap(S);
  for (const CallToWrap &W : Calls) {
    if (!InRegion(W.Call))
      Outside.push_back(&W);
    else if (!Merged(W.Call))
      wrap(W);
  }
  for (LoopRegion &R : Regions)
    applyLoopRegion(R);
  for (const CallToWrap *W : Outside)
    wrap(*W);
  return true;
}

bool Instrumenter::run() {
  // Running twice (clang then opt on its output) would double every check.
  if (M.getNamedMetadata(InstrumentedFlag))
    return false;
  collectGlobalAnnotations();
  bool Changed = false;
  for (Function &F : M) {
    if (F.isDeclaration() || NoRaceFunctions.contains(&F) ||
        F.getName().starts_with("maprt_") || isStdLibraryFunction(F.getName()))
      continue;
    Changed |= instrumentFunction(F);
  }
  if (Changed)
    M.getOrInsertNamedMetadata(InstrumentedFlag);
  return Changed;
}

struct MapSafeInstrumentPass : PassInfoMixin<MapSafeInstrumentPass> {
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    return Instrumenter(M).run() ? PreservedAnalyses::none()
                                 : PreservedAnalyses::all();
  }
  // Runs at -O0 too, and under optnone.
  static bool isRequired() { return true; }
};

} // namespace

// The one exported symbol (everything else is hidden).
extern "C" LLVM_ATTRIBUTE_WEAK LLVM_ALWAYS_EXPORT ::llvm::PassPluginLibraryInfo
llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "MapSafe", "0.1", [](PassBuilder &PB) {
            PB.registerPipelineStartEPCallback(
                [](ModulePassManager &MPM, OptimizationLevel) {
                  MPM.addPass(MapSafeInstrumentPass());
                });
            PB.registerPipelineParsingCallback(
                [](StringRef Name, ModulePassManager &MPM,
                   ArrayRef<PassBuilder::PipelineElement>) {
                  if (Name != "mapsafe-instrument")
                    return false;
                  MPM.addPass(MapSafeInstrumentPass());
                  return true;
                });
          }};
}
