//===- OwnershipAnalysis.cpp - map ownership inference --------------------===//
//
// Three layers, each feeding the next:
//
//  1. Value refs: for every SSA value of map, mutex or group type, the
//     objects it may be, or parameters of the enclosing function. A sparse
//     forward analysis on MLIR's dataflow framework (ValueRefAnalysis),
//     which follows branches, region branches and dead code itself; calls
//     map the callee summary's returns.
//  2. Frame state: the locks that must be held (intersected at joins) and
//     the tasks that may be live (unioned), each with the group instance it
//     was started into. A dense forward analysis on the same framework and
//     solver (FrameAnalysis); calls apply the callee summary's effect on
//     the frame. Live-task sets are persistent, canonical AVL sets, so
//     passing them along costs nothing and comparing them is a pointer
//     compare.
//  3. Summaries: each function becomes a list of accesses, task starts,
//     creations and escapes in terms of its parameters and of "whoever runs
//     it", plus its effect on the caller's frame. Calls instantiate the
//     callee's summary; summaries are solved bottom-up over the call graph,
//     SCCs (recursion) to a fixpoint by mlir::DataFlowSolver (each
//     summary's version is an AnalysisState its callers depend on). A
//     root's summary is its whole program.
//
// Conflicts are then found per object, comparing only accesses whose locks
// do not protect them from each other (accesses are bucketed by lock set, so
// a thousand tasks under one mutex cost one bucket) and at least one of
// which writes.
//
//===----------------------------------------------------------------------===//
#include "passes/OwnershipAnalysis.h"

#include "dialect/MapOps.h"

#include "mlir/Analysis/DataFlow/DenseAnalysis.h"
#include "mlir/Analysis/DataFlow/SparseAnalysis.h"
#include "mlir/Analysis/DataFlow/Utils.h"
#include "mlir/Analysis/DataFlowFramework.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/ImmutableMap.h"
#include "llvm/ADT/ImmutableSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringSet.h"

#include <deque>
#include <map>
#include <set>

#include <optional>
#include <string>
#include <utility>
#include <unordered_map>

using namespace mlir;
using namespace mapsafe;
namespace mm = mapsafe::map;

namespace {

//===----------------------------------------------------------------------===//
// Refs: what a map, mutex or group value may be
//===----------------------------------------------------------------------===//

/// >= 0: an object id. < 0: parameter -(Ref + 1) of the function being
/// summarised.
using Ref = int32_t;
constexpr Ref kUnknownRef = INT32_MIN;
/// Group of a live task that no map.wait can join (none, or not known).
constexpr Ref kNoGroup = INT32_MAX;

Ref paramRef(unsigned index) { return -static_cast<Ref>(index) - 1; }
bool isParam(Ref ref) { return ref < 0 && ref != kUnknownRef; }
unsigned paramIndex(Ref ref) { return static_cast<unsigned>(-(ref + 1)); }

struct RefSet {
  SmallVector<Ref, 2> refs; // sorted, unique
  bool unknown = false;

  bool add(Ref ref) {
    if (ref == kUnknownRef)
      return setUnknown();
    auto *it = llvm::lower_bound(refs, ref);
    if (it != refs.end() && *it == ref)
      return false;
    refs.insert(it, ref);
    return true;
  }
  bool setUnknown() {
    bool changed = !unknown;
    unknown = true;
    return changed;
  }
  bool merge(const RefSet &other) {
    bool changed = other.unknown && setUnknown();
    for (Ref ref : other.refs)
      changed |= add(ref);
    return changed;
  }
  std::optional<Ref> single() const {
    if (unknown || refs.size() != 1)
      return std::nullopt;
    return refs.front();
  }
};

bool isTracked(Type type) {
  return isa<mm::MapType, mm::MutexType, mm::GroupType>(type);
}

//===----------------------------------------------------------------------===//
// Frame state
//===----------------------------------------------------------------------===//

/// Owner ids index Impl::owners; kRunner stands for "the owner that runs the
/// function being summarised", bound at each call.
constexpr int32_t kRunner = -1;

using TaskSet = llvm::ImmutableSet<int32_t>;
/// Live tasks seen from an access: the live sets of the frames between the
/// access and its owner's frame. A task is live if any layer holds it.
using Layers = SmallVector<TaskSet, 1>;
/// Held locks, sorted by ref; the flag is "exclusive".
using LockList = SmallVector<std::pair<Ref, bool>, 2>;
using RefList = SmallVector<Ref, 2>; // sorted, unique

void insertSorted(RefList &list, Ref ref) {
  auto *it = llvm::lower_bound(list, ref);
  if (it == list.end() || *it != ref)
    list.insert(it, ref);
}

/// The group instance each live task was started into, kNoGroup when no
/// map.wait can be trusted to join it.
using TaskGroups = llvm::ImmutableMap<int32_t, Ref>;

struct State {
  State() : live(nullptr), groups(nullptr) {}
  bool reachable = false;
  LockList held;
  /// Locks possibly released in this frame that it did not take itself:
  /// the caller's, which the caller must forget.
  RefList dropped;
  /// Groups joined by map.wait on every path (for the caller's tasks).
  RefList waited;
  TaskSet live;
  TaskGroups groups; // keyed by the tasks in `live`

  bool operator==(const State &other) const {
    return reachable == other.reachable && held == other.held &&
           dropped == other.dropped && waited == other.waited &&
           live.getRootWithoutRetain() == other.live.getRootWithoutRetain() &&
           groups.getRootWithoutRetain() == other.groups.getRootWithoutRetain();
  }
  bool operator!=(const State &other) const { return !(*this == other); }
};

//===----------------------------------------------------------------------===//
// Summaries
//===----------------------------------------------------------------------===//

enum class AccessKind : uint8_t { Read, Write, Iterate };

struct AccessEntry {
  Operation *origin; // the map op
  Operation *via;    // the op in the summarised function: origin or a call
  AccessKind kind;
  Ref ref;
  int32_t owner; // kRunner or a task
  LockList locks;
  RefList dropped;
  Layers live;
};

/// How many times something happens per run of a frame: once, or more
/// (in a loop, or through more than one call). Must-facts (which mutex is
/// held, which group is joined) need "once".
enum Multiplicity : uint8_t { kOnce = 1, kMany = 2 };
inline uint8_t addMultiplicity(uint8_t a, uint8_t b) {
  return std::min<unsigned>(kMany, a + b);
}

/// How many instances of an object a frame makes.
struct CreationCount {
  uint8_t times;       // per run of the summarised frame
  uint8_t perInstance; // per run of its creator (one instance of a task)
};

struct TaskStart {
  int32_t task;
  int32_t parent; // kRunner or a task
  Layers live;    // tasks live when it starts
  uint8_t times;  // per run of the summarised frame
};

struct Summary {
  // Deques: entries never move once added.
  std::deque<AccessEntry> accesses;
  std::deque<TaskStart> tasks;
  /// (object, owner) -> how many instances are made while that owner runs.
  /// Most functions make one or two objects: the index is inline until
  /// then (a DenseMap's smallest table is 64 buckets, and summaries live
  /// until the end).
  using CreationKey = std::pair<Ref, int32_t>;
  llvm::MapVector<CreationKey, CreationCount,
                  llvm::SmallDenseMap<CreationKey, unsigned, 4>,
                  SmallVector<std::pair<CreationKey, CreationCount>, 2>>
      creations;
  /// (ref, op): the map reaches an op the analysis does not understand.
  llvm::SetVector<std::pair<Ref, Operation *>> escapes;
  /// Accesses whose map is not known at all.
  llvm::SetVector<Operation *> unknownAccesses;
  /// Effect on the caller's frame.
  std::optional<State> exit;
  DenseMap<int32_t, Ref> exitGroups; // group of each task left running
  SmallVector<RefSet> returns;

  /// Cheap fingerprint for the SCC fixpoint: summaries only grow.
  size_t fingerprint() const {
    size_t hash = llvm::hash_combine(accesses.size(), tasks.size(),
                                     creations.size(), escapes.size(),
                                     unknownAccesses.size(), exitGroups.size());
    for (auto &[key, count] : creations)
      hash = llvm::hash_combine(hash, count.times, count.perInstance);
    for (const TaskStart &start : tasks)
      hash = llvm::hash_combine(hash, start.times);
    if (exit)
      hash = llvm::hash_combine(
          hash, exit->reachable, exit->held.size(), exit->dropped.size(),
          exit->waited.size(), exit->live.getRootWithoutRetain());
    for (const RefSet &r : returns)
      hash = llvm::hash_combine(hash, r.refs.size(), r.unknown);
    return hash;
  }
};

/// Beyond this many accesses in one summary, accesses reached through the
/// same call with the same facts are merged (keeping one representative),
/// which bounds summaries of long call chains.
constexpr size_t kExactSummaryLimit = 256;

llvm::hash_code hashLayers(const Layers &layers) {
  llvm::hash_code hash = llvm::hash_value(layers.size());
  for (const TaskSet &set : layers)
    hash = llvm::hash_combine(hash, set.getRootWithoutRetain());
  return hash;
}
bool sameLayers(const Layers &a, const Layers &b) {
  return a.size() == b.size() &&
         llvm::all_of(llvm::zip(a, b), [](auto pair) {
           return std::get<0>(pair).getRootWithoutRetain() ==
                  std::get<1>(pair).getRootWithoutRetain();
         });
}

struct FunctionInfo {
  func::FuncOp func;
  Summary summary;
  SmallVector<unsigned> callees;
  bool reachable = false;
  /// Neither in a cycle of calls nor calling into one: its first summary
  /// (visited callees-first) is final, so callers need not depend on it.
  bool settled = false;
  /// Whether some op chooses its successors (blocks or regions) from its
  /// operands: only then can a constant make code dead.
  bool branches = false;
};

struct ObjectInfo {
  Location loc;
  Operation *op; // make, global, mutex, group; null for root arguments
  bool isMap, concurrent = false, nocheck = false, isMake = false;
  bool escaped = false;
};

struct OwnerInfo {
  Operation *op; // func.func (root) or map.go
  bool isRoot;
};

} // namespace

//===----------------------------------------------------------------------===//
// Impl
//===----------------------------------------------------------------------===//

struct OwnershipAnalysis::Impl {
  Impl(ModuleOp module, unsigned summaryVisitBudget)
      : module(module), summaryVisitBudget(summaryVisitBudget) {}

  ModuleOp module;
  /// How often one function may be summarised before the fixpoint is cut
  /// short (summaries only grow, over finite objects, locks and tasks; the
  /// budget keeps a bug from turning into a hang).
  unsigned summaryVisitBudget;
  /// The first function summarised past that budget.
  Operation *unsettledFunction = nullptr;
  TaskSet::Factory taskSets;
  TaskGroups::Factory groupMaps;
  std::vector<ObjectInfo> objects;
  DenseMap<Operation *, Ref> objectOfOp;
  DenseMap<Value, Ref> objectOfRootArg;
  std::vector<OwnerInfo> owners;
  DenseMap<Operation *, int32_t> ownerOfOp;
  std::vector<FunctionInfo> functions;
  DenseMap<Operation *, unsigned> functionIndex;
  /// Layer 1's result for every map, mutex and group value of the analysed
  /// functions. One map for the module: a map per function would cost its
  /// smallest table (64 buckets) for the three or four values of a typical
  /// function.
  DenseMap<Value, RefSet> valueRefs;
  /// The module's symbols, looked up once: SymbolTable's nearest-symbol
  /// lookup scans the module, which would make the analysis quadratic.
  DenseMap<StringAttr, Operation *> symbols;
  Operation *lookup(FlatSymbolRefAttr name) {
    return symbols.lookup(name.getAttr());
  }
  FunctionInfo *calleeOf(func::CallOp call) {
    auto it = functionIndex.find(lookup(call.getCalleeAttr()));
    return it == functionIndex.end() ? nullptr : &functions[it->second];
  }
  /// Tasks a map.go body leaves running, per task (joined over visits).
  DenseMap<int32_t, TaskSet> taskLeftovers;

  // Results.
  std::vector<ConflictFinding> conflicts;
  std::vector<EscapeFinding> escapes;
  std::vector<OwnIterationFinding> ownIterationWrites;
  DenseSet<std::pair<Operation *, Operation *>> ownIterationSeen;
  DenseSet<std::pair<Operation *, Ref>> escapesSeen;
  DenseSet<Operation *> checkedOps;
  DenseSet<Operation *> checkedFunctions;
  /// False when some summary kept growing past its visit budget (a bug, or
  /// a pathological module): nothing is proven then.
  bool converged = true;
  /// map.live_owners per access, filled only by annotate().
  DenseMap<Operation *, SmallVector<int32_t>> liveOwners;
  bool computeLiveOwners = false;

  void run();
  Ref objectFor(Operation *op, Location loc);
  int32_t ownerFor(Operation *op, bool isRoot);
  TaskSet unite(TaskSet a, TaskSet b);
  TaskGroups mergeGroups(TaskGroups a, TaskGroups b);
  /// `task` starts (again) into `group`: an instance started into another
  /// group may still be live, so then no wait can be trusted to join it.
  void startTask(State &state, int32_t task, Ref group);
  State join(const State &a, const State &b);
  /// Fills valueRefs for info's values from layer 1's solved lattices, and
  /// what the function returns into `out`.
  void collectValueRefs(DataFlowSolver &solver, FunctionInfo &info,
                        Summary &out);
  /// Layer 1 alone, for functions no root reaches.
  void computeValueRefs(FunctionInfo &info, Summary &out);
  void summarise(FunctionInfo &info);
  void checkRoot(FunctionInfo &root);
  void markCalleesChecked(Operation *call);
};

Ref OwnershipAnalysis::Impl::objectFor(Operation *op, Location loc) {
  auto [it, inserted] = objectOfOp.try_emplace(op, objects.size());
  if (!inserted)
    return it->second;
  ObjectInfo info{loc, op, false};
  if (auto make = dyn_cast<mm::MakeOp>(op)) {
    info.isMap = info.isMake = true;
    info.concurrent = make.getConcurrent();
    info.nocheck = make.getNocheck();
  } else if (auto global = dyn_cast<mm::GlobalOp>(op)) {
    info.isMap = true;
    info.concurrent = global.getConcurrent();
    info.nocheck = global.getNocheck();
  }
  objects.push_back(info);
  return it->second;
}

int32_t OwnershipAnalysis::Impl::ownerFor(Operation *op, bool isRoot) {
  auto [it, inserted] = ownerOfOp.try_emplace(op, owners.size());
  if (inserted)
    owners.push_back({op, isRoot});
  return it->second;
}

TaskSet OwnershipAnalysis::Impl::unite(TaskSet a, TaskSet b) {
  if (a.getRootWithoutRetain() == b.getRootWithoutRetain() || b.isEmpty())
    return a;
  if (a.isEmpty())
    return b;
  if (a.getHeight() < b.getHeight())
    std::swap(a, b);
  for (int32_t task : b)
    a = taskSets.add(a, task);
  return a;
}

TaskGroups OwnershipAnalysis::Impl::mergeGroups(TaskGroups a, TaskGroups b) {
  if (a.getRootWithoutRetain() == b.getRootWithoutRetain() || b.isEmpty())
    return a;
  if (a.isEmpty())
    return b;
  if (a.getHeight() < b.getHeight())
    std::swap(a, b);
  for (const auto &[task, group] : b) {
    const Ref *known = a.lookup(task);
    if (!known || *known != group)
      a = groupMaps.add(a, task, known ? kNoGroup : group);
  }
  return a;
}

void OwnershipAnalysis::Impl::startTask(State &state, int32_t task,
                                        Ref group) {
  state.live = taskSets.add(state.live, task);
  const Ref *known = state.groups.lookup(task);
  if (!known || *known != group)
    state.groups = groupMaps.add(state.groups, task, known ? kNoGroup : group);
}

State OwnershipAnalysis::Impl::join(const State &a, const State &b) {
  if (!a.reachable)
    return b;
  if (!b.reachable)
    return a;
  State result = a;
  result.held.clear();
  for (const auto &held : a.held) {
    auto *it = llvm::find_if(
        b.held, [&](auto &other) { return other.first == held.first; });
    if (it != b.held.end())
      result.held.push_back({held.first, held.second && it->second});
  }
  for (Ref ref : b.dropped)
    insertSorted(result.dropped, ref);
  result.waited.clear();
  for (Ref ref : a.waited)
    if (llvm::is_contained(b.waited, ref))
      result.waited.push_back(ref);
  result.live = unite(a.live, b.live);
  result.groups = mergeGroups(a.groups, b.groups);
  return result;
}

//===----------------------------------------------------------------------===//
// Layer 1: value refs
//===----------------------------------------------------------------------===//

namespace {
/// What a map, mutex or group value may be, as a sparse lattice.
struct RefValue {
  RefSet refs;
  static RefValue join(const RefValue &a, const RefValue &b) {
    RefValue result = a;
    result.refs.merge(b.refs);
    return result;
  }
  bool operator==(const RefValue &other) const {
    return refs.unknown == other.refs.unknown && refs.refs == other.refs.refs;
  }
  void print(raw_ostream &os) const {
    os << "{";
    llvm::interleaveComma(refs.refs, os);
    os << (refs.unknown ? ", unknown}" : "}");
  }
};
using RefLattice = dataflow::Lattice<RefValue>;

/// Layer 1 on MLIR's sparse dataflow framework, run per function and not
/// interprocedurally: calls are resolved through the callees' summaries in
/// visitExternalCall (the framework's interprocedural mode would give
/// public functions unknown callers and scan the module per call).
/// Branches, region branches (scf.for iter_args, scf.if/while results) and
/// dead code are the framework's; this analysis only says what map ops,
/// selects and calls produce.
class ValueRefAnalysis
    : public dataflow::SparseForwardDataFlowAnalysis<RefLattice> {
public:
  ValueRefAnalysis(DataFlowSolver &solver, OwnershipAnalysis::Impl &impl,
                   func::FuncOp func)
      : SparseForwardDataFlowAnalysis(solver), impl(impl), func(func) {}

  LogicalResult visitOperation(Operation *op,
                               ArrayRef<const RefLattice *> operands,
                               ArrayRef<RefLattice *> results) override {
    if (isa<mm::MakeOp, mm::MutexOp, mm::GroupOp>(op)) {
      RefSet refs;
      refs.add(impl.objectFor(op, op->getLoc()));
      return set(results[0], refs), success();
    }
    if (auto get = dyn_cast<mm::GetGlobalOp>(op)) {
      RefSet refs;
      if (Operation *global = impl.lookup(get.getNameAttr()))
        refs.add(impl.objectFor(global, global->getLoc()));
      else
        refs.setUnknown();
      return set(results[0], refs), success();
    }
    if (isa<arith::SelectOp>(op) && isTracked(op->getResult(0).getType())) {
      join(results[0], *operands[1]);
      join(results[0], *operands[2]);
      return success();
    }
    // Anything else that produces a map, mutex or group: unknown.
    for (auto [result, lattice] : llvm::zip(op->getResults(), results))
      if (isTracked(result.getType()))
        setToEntryState(lattice);
    return success();
  }

  void visitExternalCall(CallOpInterface call,
                         ArrayRef<const RefLattice *> arguments,
                         ArrayRef<RefLattice *> results) override {
    auto callOp = dyn_cast<func::CallOp>(call.getOperation());
    FunctionInfo *callee = callOp ? impl.calleeOf(callOp) : nullptr;
    for (auto [i, lattice] : llvm::enumerate(results)) {
      if (!isTracked(call->getResult(i).getType()))
        continue;
      if (!callee) {
        setToEntryState(lattice); // a declaration: unknown
        continue;
      }
      // Not solved yet (recursion): its returns arrive with the fixpoint.
      if (i >= callee->summary.returns.size())
        continue;
      const RefSet &ret = callee->summary.returns[i];
      RefSet mapped;
      if (ret.unknown)
        mapped.setUnknown();
      for (Ref ref : ret.refs) {
        if (!isParam(ref))
          mapped.add(ref);
        else if (paramIndex(ref) < arguments.size())
          mapped.merge(arguments[paramIndex(ref)]->getValue().refs);
        else
          mapped.setUnknown();
      }
      set(lattice, mapped);
    }
  }

  /// The function's own map, mutex and group arguments are its parameters;
  /// any other value the framework cannot follow is unknown.
  void setToEntryState(RefLattice *lattice) override {
    if (lattice == &untracked)
      return;
    Value value = lattice->getAnchor();
    if (!isTracked(value.getType()))
      return;
    RefSet refs;
    auto arg = dyn_cast<BlockArgument>(value);
    if (arg && arg.getOwner() == &func.getBody().front())
      refs.add(paramRef(arg.getArgNumber()));
    else
      refs.setUnknown();
    set(lattice, refs);
  }

protected:
  /// Values of other types never refer to anything, and nothing reads
  /// their refs: they all share one lattice that stays empty (joins of
  /// empty sets change nothing, and setToEntryState leaves it alone), so
  /// the solver makes no state for them.
  RefLattice *getLatticeElement(Value value) override {
    if (!isTracked(value.getType()))
      return &untracked;
    return SparseForwardDataFlowAnalysis::getLatticeElement(value);
  }

private:
  void set(RefLattice *lattice, const RefSet &refs) {
    propagateIfChanged(lattice, lattice->join(RefValue{refs}));
  }

  OwnershipAnalysis::Impl &impl;
  func::FuncOp func;
  RefLattice untracked{Value()};
};
} // namespace

/// dataflow::loadBaselineAnalyses, less what cannot matter: the dead code
/// analysis reads constants only to choose the successors of a branch, a
/// region branch or a region branch's terminator. In a function without
/// those, every op it reaches is live whatever the constants are, and
/// constant propagation would only make a lattice for every value.
static void loadDeadCodeAnalyses(DataFlowSolver &solver,
                                 const FunctionInfo &info) {
  solver.load<dataflow::DeadCodeAnalysis>();
  if (info.branches)
    solver.load<dataflow::SparseConstantPropagation>();
}

void OwnershipAnalysis::Impl::computeValueRefs(FunctionInfo &info,
                                               Summary &out) {
  DataFlowSolver solver(DataFlowConfig().setInterprocedural(false));
  loadDeadCodeAnalyses(solver, info);
  solver.load<ValueRefAnalysis>(*this, info.func);
  if (failed(solver.initializeAndRun(info.func)))
    converged = false;
  collectValueRefs(solver, info, out);
}

void OwnershipAnalysis::Impl::collectValueRefs(DataFlowSolver &solver,
                                               FunctionInfo &info,
                                               Summary &out) {
  auto refsOf = [&](Value value) -> RefSet & { return valueRefs[value]; };
  auto record = [&](Value value) {
    if (!isTracked(value.getType()))
      return;
    if (auto *lattice = solver.lookupState<RefLattice>(value))
      refsOf(value).merge(lattice->getValue().refs);
  };
  info.func.walk([&](Operation *op) {
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (BlockArgument arg : block.getArguments())
          record(arg);
    for (Value result : op->getResults())
      record(result);
  });

  // What the function returns, in terms of its parameters.
  out.returns.assign(info.func.getNumResults(), RefSet());
  info.func.walk([&](func::ReturnOp ret) {
    for (auto [i, operand] : llvm::enumerate(ret.getOperands()))
      if (isTracked(operand.getType()))
        out.returns[i].merge(refsOf(operand));
  });
}

//===----------------------------------------------------------------------===//
// Layer 2: the frame state, a dense dataflow analysis
//===----------------------------------------------------------------------===//

namespace {
/// The frame state at a program point. The initial value (bottom) is "not
/// reached".
class FrameLattice : public dataflow::AbstractDenseLattice {
public:
  using AbstractDenseLattice::AbstractDenseLattice;

  ChangeResult join(const AbstractDenseLattice &rhs) override {
    const auto &other = static_cast<const FrameLattice &>(rhs);
    if (!other.state.reachable)
      return ChangeResult::NoChange;
    return set(other.impl->join(state, other.state));
  }
  ChangeResult set(State next) {
    if (next == state)
      return ChangeResult::NoChange;
    state = std::move(next);
    return ChangeResult::Change;
  }
  void print(raw_ostream &os) const override {
    if (!state.reachable) {
      os << "unreached";
      return;
    }
    os << "held [";
    llvm::interleaveComma(state.held, os, [&](const auto &held) {
      os << held.first << (held.second ? "" : " shared");
    });
    os << "] live {";
    llvm::interleaveComma(state.live, os);
    os << "}";
  }

  State state;
  /// Set on every lattice the analysis writes: the factory of its sets.
  OwnershipAnalysis::Impl *impl = nullptr;
};

/// Where a block's execution ends, as a program point.
ProgramPoint *endOf(DataFlowSolver &solver, Block &block) {
  return block.empty() ? solver.getProgramPointBefore(&block)
                       : solver.getProgramPointAfter(&block.back());
}

/// The state when `region` has run: joined over its blocks that leave it.
template <typename StateAtEnd>
State regionExit(OwnershipAnalysis::Impl &impl, Region &region,
                 StateAtEnd stateAtEnd) {
  State exit;
  for (Block &block : region) {
    if (!block.empty() && block.back().getNumSuccessors() != 0)
      continue;
    if (const State *end = stateAtEnd(block))
      exit = impl.join(exit, *end);
  }
  return exit;
}

/// `ref` of a callee's summary in terms of the caller's objects.
template <typename RefsOf>
RefSet mapRef(Ref ref, func::CallOp call, RefsOf refsOf) {
  RefSet result;
  if (!isParam(ref))
    result.add(ref);
  else if (paramIndex(ref) < call.getNumOperands())
    result = refsOf(call.getOperand(paramIndex(ref)));
  else
    result.setUnknown();
  return result;
}

/// The object a group value surely names, in its current instance: a
/// map.group result (whose uses it dominates) or a parameter (one instance
/// per frame). A value carried through block arguments, iter_args, select
/// or a call may be an older instance of the same object.
std::optional<Ref> currentInstance(Value value, const RefSet &refs) {
  auto arg = dyn_cast<BlockArgument>(value);
  bool direct = isa_and_nonnull<mm::GroupOp>(value.getDefiningOp()) ||
                (arg && arg.getOwner()->isEntryBlock() &&
                 isa<func::FuncOp>(arg.getOwner()->getParentOp()));
  if (!direct)
    return std::nullopt;
  return refs.single();
}

/// Ops whose body is a frame of its own: it starts with nothing held and
/// nothing live, whatever the state around the op.
bool startsOwnFrame(Operation *op) {
  return isa<func::FuncOp, mm::GoOp, scf::ParallelOp, scf::ForallOp>(op);
}

/// Most ops leave the frame as it is: the state after them is the state
/// before them. (Calls are never treated so, even when the callee changes
/// nothing: skipping their transfer would reorder the solver's worklist,
/// and with it the numbering of owners and objects.)
bool keepsState(Operation *op) {
  return op->getNumRegions() == 0 &&
         !isa<CallOpInterface, mm::GoOp, mm::WaitOp, mm::LockOp, mm::RLockOp,
              mm::UnlockOp, mm::RUnlockOp, mm::GroupOp>(op);
}

/// Layer 2 on MLIR's dense dataflow framework, run per function and not
/// interprocedurally (like layer 1, in the same solver): calls apply the
/// callee's summary in visitCallControlFlowTransfer. Held locks are
/// must-facts (intersected at joins), live tasks may-facts (unioned), each
/// with the group instance it was started into. Branches and region
/// branches (scf.if/for/while, map.range) are the framework's; a map.go
/// body, a parallel loop's iterations and the function start frames of
/// their own. Ops with regions the analysis does not know run their regions
/// in the op's frame, any number of times, in any order.
class FrameAnalysis
    : public dataflow::DenseForwardDataFlowAnalysis<FrameLattice> {
public:
  FrameAnalysis(DataFlowSolver &solver, OwnershipAnalysis::Impl &impl,
                func::FuncOp func)
      : DenseForwardDataFlowAnalysis(solver), impl(impl), func(func) {}

  LogicalResult visitOperation(Operation *op, const FrameLattice &before,
                               FrameLattice *after) override;
  void visitCallControlFlowTransfer(CallOpInterface call,
                                    dataflow::CallControlFlowAction action,
                                    const FrameLattice &before,
                                    FrameLattice *after) override;
  void visitRegionBranchControlFlowTransfer(RegionBranchOpInterface branch,
                                            std::optional<unsigned> regionFrom,
                                            std::optional<unsigned> regionTo,
                                            const FrameLattice &before,
                                            FrameLattice *after) override;
  void setToEntryState(FrameLattice *lattice) override;

protected:
  /// A run of ops that keep the state (between two ops that change it, or a
  /// block's ends) has one state: one lattice serves both ends of the run.
  /// Only the ends are ever read (by the ops that change the state, by
  /// branches and region exits at a block's end, and by SummaryRecorder,
  /// which carries the state along the run), so the program points inside
  /// a run are not even made: most ops cost no anchor at all.
  void initializeEquivalentLatticeAnchor(Operation *top) override {
    top->walk([&](Block *block) {
      ProgramPoint *runStart = getProgramPointBefore(block);
      for (Operation &op : *block) {
        if (keepsState(&op))
          continue;
        ProgramPoint *runEnd = getProgramPointBefore(&op);
        if (runEnd != runStart)
          unionLatticeAnchors<FrameLattice>(runStart, runEnd);
        runStart = getProgramPointAfter(&op);
      }
      ProgramPoint *blockEnd = getProgramPointAfter(block);
      if (blockEnd != runStart)
        unionLatticeAnchors<FrameLattice>(runStart, blockEnd);
    });
  }
  /// Such an op has nothing to transfer: whatever sets the state before it
  /// sets the state after it.
  LogicalResult processOperation(Operation *op) override {
    if (keepsState(op))
      return success();
    return DenseForwardDataFlowAnalysis::processOperation(op);
  }
  FrameLattice *getLattice(LatticeAnchor anchor) override {
    FrameLattice *lattice = DenseForwardDataFlowAnalysis::getLattice(anchor);
    lattice->impl = &impl;
    return lattice;
  }

private:
  void update(FrameLattice *lattice, State state) {
    propagateIfChanged(lattice, lattice->set(std::move(state)));
  }
  /// Reads of other states register `point` to be visited again when they
  /// change.
  const RefSet &refsOf(ProgramPoint *point, Value value) {
    return getOrCreateFor<RefLattice>(point, value)->getValue().refs;
  }
  const State &stateAt(ProgramPoint *point, ProgramPoint *at) {
    return getOrCreateFor<FrameLattice>(point, at)->state;
  }
  State exitOf(ProgramPoint *point, Region &region) {
    return regionExit(impl, region, [&](Block &block) {
      return &stateAt(point, block.empty()
                                 ? getProgramPointBefore(&block)
                                 : getProgramPointAfter(&block.back()));
    });
  }
  /// Whether layer 1 has reached every map, mutex and group operand of `op`
  /// (a value it has reached may be something, or unknown; never nothing).
  bool operandsKnown(ProgramPoint *point, Operation *op) {
    return llvm::all_of(op->getOperands(), [&](Value operand) {
      if (!isTracked(operand.getType()))
        return true;
      const RefSet &refs = refsOf(point, operand);
      return refs.unknown || !refs.refs.empty();
    });
  }
  std::optional<Ref> instanceOf(ProgramPoint *point, Value group) {
    return currentInstance(group, refsOf(point, group));
  }
  void joinGroup(ProgramPoint *point, State &state, Ref group);
  bool mayLeaveTasks(mm::GoOp go);
  void lock(ProgramPoint *point, State &state, Value mutex, bool exclusive);
  void unlock(ProgramPoint *point, State &state, Value mutex);
  void applyCallee(ProgramPoint *point, func::CallOp call,
                   const Summary &callee, State &state);

  OwnershipAnalysis::Impl &impl;
  func::FuncOp func;
  DenseMap<Operation *, bool> leavesTasks; // mayLeaveTasks, per map.go
};
} // namespace

LogicalResult FrameAnalysis::visitOperation(Operation *op,
                                            const FrameLattice &before,
                                            FrameLattice *after) {
  if (!before.state.reachable)
    return success();
  ProgramPoint *point = getProgramPointAfter(op);
  // The transfer must grow with its inputs: a lock, wait or go whose
  // operand's objects are not known yet waits for them (guessing "no
  // object" first would leave a too-weak state behind in the joins).
  if (isa<mm::GoOp, mm::WaitOp, mm::LockOp, mm::RLockOp, mm::UnlockOp,
          mm::RUnlockOp>(op) &&
      !operandsKnown(point, op))
    return success();
  State state = before.state;
  if (auto go = dyn_cast<mm::GoOp>(op)) {
    Ref group = kNoGroup;
    if (Value g = go.getGroup())
      group = instanceOf(point, g).value_or(kNoGroup);
    impl.startTask(state, impl.ownerFor(go, /*isRoot=*/false), group);
  } else if (auto wait = dyn_cast<mm::WaitOp>(op)) {
    if (std::optional<Ref> group = instanceOf(point, wait.getGroup()))
      joinGroup(point, state, *group);
  } else if (auto l = dyn_cast<mm::LockOp>(op)) {
    lock(point, state, l.getMutex(), /*exclusive=*/true);
  } else if (auto l = dyn_cast<mm::RLockOp>(op)) {
    lock(point, state, l.getMutex(), /*exclusive=*/false);
  } else if (auto u = dyn_cast<mm::UnlockOp>(op)) {
    unlock(point, state, u.getMutex());
  } else if (auto u = dyn_cast<mm::RUnlockOp>(op)) {
    unlock(point, state, u.getMutex());
  } else if (isa<mm::GroupOp>(op)) {
    // A new group instance: tasks started into the previous one can no
    // longer be joined through this object.
    Ref object = impl.objectFor(op, op->getLoc());
    SmallVector<int32_t> detached;
    for (const auto &[task, group] : state.groups)
      if (group == object)
        detached.push_back(task);
    for (int32_t task : detached)
      state.groups = impl.groupMaps.add(state.groups, task, kNoGroup);
  } else if (op->getNumRegions() != 0) {
    // An op we do not know: whatever its regions did may have happened.
    for (Region &region : op->getRegions())
      state = impl.join(state, exitOf(point, region));
  }
  update(after, std::move(state));
  return success();
}

void FrameAnalysis::visitCallControlFlowTransfer(
    CallOpInterface call, dataflow::CallControlFlowAction action,
    const FrameLattice &before, FrameLattice *after) {
  ProgramPoint *point = getProgramPointAfter(call);
  if (!before.state.reachable || !operandsKnown(point, call))
    return;
  State state = before.state;
  auto callOp = dyn_cast<func::CallOp>(call.getOperation());
  if (FunctionInfo *callee = callOp ? impl.calleeOf(callOp) : nullptr) {
    const Summary &summary = callee->summary;
    if (!summary.exit || !summary.exit->reachable)
      return; // never returns (or not solved yet)
    applyCallee(point, callOp, summary, state);
  }
  // A declaration, or a call the analysis cannot resolve: no effect on the
  // frame (the recorder reports the maps it is given as escaping).
  update(after, std::move(state));
}

void FrameAnalysis::visitRegionBranchControlFlowTransfer(
    RegionBranchOpInterface branch, std::optional<unsigned> regionFrom,
    std::optional<unsigned> regionTo, const FrameLattice &before,
    FrameLattice *after) {
  if (!isa<scf::ParallelOp, scf::ForallOp>(branch) ||
      regionFrom.has_value() == regionTo.has_value())
    return DenseForwardDataFlowAnalysis::visitRegionBranchControlFlowTransfer(
        branch, regionFrom, regionTo, before, after);
  if (!before.state.reachable)
    return;
  // scf.parallel / scf.forall: the iterations may run in parallel with each
  // other (a task with parallel instances, started with nothing held), and
  // all of them have finished when the op has; the tasks they started and
  // did not join outlive it.
  if (regionTo)
    return setToEntryState(after);
  ProgramPoint *point = getProgramPointAfter(branch);
  State state = stateAt(point, getProgramPointBefore(branch));
  if (!state.reachable)
    return;
  state.live = impl.unite(state.live, before.state.live);
  state.groups = impl.mergeGroups(state.groups, before.state.groups);
  update(after, impl.join(after->state, state));
}

void FrameAnalysis::setToEntryState(FrameLattice *lattice) {
  auto *point = dyn_cast<ProgramPoint *>(lattice->getAnchor());
  Operation *parent =
      point && point->isBlockStart() ? point->getBlock()->getParentOp() : func;
  if (startsOwnFrame(parent)) {
    State entry;
    entry.reachable = true;
    return update(lattice, std::move(entry));
  }
  // The entry of an unknown op's region: the state around the op, or after
  // any of its regions ran.
  State state = stateAt(point, getProgramPointBefore(parent));
  for (Region &region : parent->getRegions())
    state = impl.join(state, exitOf(point, region));
  update(lattice, impl.join(lattice->state, state));
}

void FrameAnalysis::joinGroup(ProgramPoint *point, State &state, Ref group) {
  insertSorted(state.waited, group);
  SmallVector<int32_t> joined;
  for (const auto &[task, taskGroup] : state.groups)
    if (taskGroup == group)
      joined.push_back(task);
  for (int32_t task : joined) {
    state.live = impl.taskSets.remove(state.live, task);
    state.groups = impl.groupMaps.remove(state.groups, task);
  }
  // Joined tasks leave behind the tasks they started and did not join: for
  // this function's own tasks, the state at the end of their bodies (with
  // the groups those were started into); for a callee's, its summary's.
  for (int32_t task : joined) {
    auto go = dyn_cast<mm::GoOp>(impl.owners[task].op);
    if (go && go->getParentOfType<func::FuncOp>() == func) {
      if (!mayLeaveTasks(go))
        continue; // its end state has nothing live: no need to read it
      State end = exitOf(point, go.getBody());
      state.live = impl.unite(state.live, end.live);
      state.groups = impl.mergeGroups(state.groups, end.groups);
      continue;
    }
    auto left = impl.taskLeftovers.find(task);
    if (left != impl.taskLeftovers.end())
      for (int32_t leftover : left->second)
        impl.startTask(state, leftover, kNoGroup);
  }
}

/// Whether the body of `go` may end with tasks live: only map.go and calls
/// whose callee leaves tasks running start them in its frame (a wait joins
/// only what was started there).
bool FrameAnalysis::mayLeaveTasks(mm::GoOp go) {
  auto [it, inserted] = leavesTasks.try_emplace(go, false);
  if (!inserted)
    return it->second;
  bool starts = go.getBody()
                    .walk([&](Operation *op) {
                      if (isa<mm::GoOp>(op))
                        return WalkResult::interrupt();
                      auto call = dyn_cast<func::CallOp>(op);
                      FunctionInfo *callee =
                          call ? impl.calleeOf(call) : nullptr;
                      if (callee && callee->summary.exit &&
                          !callee->summary.exit->live.isEmpty())
                        return WalkResult::interrupt();
                      return WalkResult::advance();
                    })
                    .wasInterrupted();
  return leavesTasks[go] = starts;
}

static void acquire(State &state, Ref ref, bool exclusive) {
  auto *it = llvm::lower_bound(
      state.held, ref, [](auto &held, Ref r) { return held.first < r; });
  if (it != state.held.end() && it->first == ref)
    it->second = exclusive;
  else
    state.held.insert(it, {ref, exclusive});
}

/// Releases whichever of `refs` is held; a lock this frame did not take is
/// the caller's, which the caller must forget.
static void release(State &state, const RefSet &refs) {
  if (refs.unknown) {
    state.held.clear();
    insertSorted(state.dropped, kUnknownRef);
    return;
  }
  for (Ref ref : refs.refs) {
    auto *it =
        llvm::find_if(state.held, [&](auto &held) { return held.first == ref; });
    if (it != state.held.end())
      state.held.erase(it);
    else
      insertSorted(state.dropped, ref);
  }
}

void FrameAnalysis::lock(ProgramPoint *point, State &state, Value mutex,
                         bool exclusive) {
  // Which mutex is held must be known, or nothing is surely held.
  if (std::optional<Ref> ref = refsOf(point, mutex).single())
    acquire(state, *ref, exclusive);
}

void FrameAnalysis::unlock(ProgramPoint *point, State &state, Value mutex) {
  release(state, refsOf(point, mutex));
}

/// The callee's effect on this frame: the locks it releases and takes, the
/// groups it waits for, the tasks it leaves running.
void FrameAnalysis::applyCallee(ProgramPoint *point, func::CallOp call,
                                const Summary &callee, State &state) {
  auto refs = [&](Value value) -> const RefSet & {
    return refsOf(point, value);
  };
  const State &exit = *callee.exit;
  for (Ref d : exit.dropped) {
    RefSet mapped;
    if (d == kUnknownRef)
      mapped.setUnknown();
    else
      mapped = mapRef(d, call, refs);
    release(state, mapped);
  }
  for (auto [ref, exclusive] : exit.held)
    if (std::optional<Ref> mapped = mapRef(ref, call, refs).single())
      acquire(state, *mapped, exclusive);
  auto instanceOfParam = [&](Ref ref) -> std::optional<Ref> {
    if (!isParam(ref) || paramIndex(ref) >= call.getNumOperands())
      return std::nullopt; // the callee's own groups: not the caller's
    return instanceOf(point, call.getOperand(paramIndex(ref)));
  };
  for (Ref group : exit.waited)
    if (std::optional<Ref> mapped = instanceOfParam(group))
      joinGroup(point, state, *mapped);
  for (int32_t task : exit.live) {
    auto it = callee.exitGroups.find(task);
    Ref group = it == callee.exitGroups.end()
                    ? kNoGroup
                    : instanceOfParam(it->second).value_or(kNoGroup);
    impl.startTask(state, task, group);
  }
}

//===----------------------------------------------------------------------===//
// Layer 3: recording a function's summary from the solved states
//===----------------------------------------------------------------------===//

namespace {
/// Walks a function once after layers 1 and 2 are solved and writes its
/// summary: every access, task start, creation and escape, with the frame
/// state before it.
class SummaryRecorder {
public:
  SummaryRecorder(OwnershipAnalysis::Impl &impl, Summary &out,
                  DataFlowSolver &solver)
      : impl(impl), summary(out), solver(solver) {}

  void recordRegion(Region &region, int32_t owner);

private:
  struct RangeScope {
    Operation *range;
    const RefSet *refs;
    int32_t owner;
  };

  const State *stateAt(ProgramPoint *point) {
    const auto *lattice = solver.lookupState<FrameLattice>(point);
    return lattice && lattice->state.reachable ? &lattice->state : nullptr;
  }
  void record(Operation *op, const State &state, int32_t owner);
  void recordAccess(Operation *op, Value map, AccessKind kind,
                    const State &state, int32_t owner);
  void recordCall(func::CallOp call, FunctionInfo &callee, const State &state,
                  int32_t owner);
  void recordUnknown(Operation *op);
  /// A write at `at` (made at `origin`, in a callee when they differ) to
  /// one of `refs`, inside a map.range of this owner over the same map.
  void recordOwnIterationWrite(Operation *at, Operation *origin,
                               ArrayRef<Ref> refs, int32_t owner);
  void addAccess(AccessEntry entry);
  void addTask(TaskStart start);
  /// `sameBody`: the count is the callee's count for one of its tasks,
  /// whose body makes the object: another run of that body is another
  /// instance of the task, which makes as many as each instance does.
  void recordCreation(Ref object, int32_t owner, CreationCount count,
                      bool sameBody = false) {
    auto [it, inserted] = summary.creations.insert({{object, owner}, count});
    if (inserted)
      return;
    it->second.times = addMultiplicity(it->second.times, count.times);
    it->second.perInstance =
        sameBody ? std::max(it->second.perInstance, count.perInstance)
                 : addMultiplicity(it->second.perInstance, count.perInstance);
  }
  const RefSet &refsOf(Value value) {
    static const RefSet none;
    auto it = impl.valueRefs.find(value);
    return it == impl.valueRefs.end() ? none : it->second;
  }
  RefSet mapRef(Ref ref, func::CallOp call) {
    return ::mapRef(ref, call,
                    [&](Value value) -> const RefSet & { return refsOf(value); });
  }
  Layers withLayer(const Layers &layers, TaskSet live);
  const DenseSet<Block *> &blocksInCycles(Region &region);
  uint8_t times() const { return repeatDepth ? kMany : kOnce; }
  /// Whether the code being recorded may run more than once per run of its
  /// owner (per task instance, for code in a task body).
  bool repeatsInOwner() const { return repeatDepth > ownerRepeatDepth; }

  OwnershipAnalysis::Impl &impl;
  Summary &summary;
  DataFlowSolver &solver;
  /// > 0 while recording code that may run more than once per frame run.
  unsigned repeatDepth = 0;
  /// repeatDepth where the body of the owner being recorded starts.
  unsigned ownerRepeatDepth = 0;
  SmallVector<RangeScope> ranges;
  DenseMap<Region *, DenseSet<Block *>> cyclicBlocks;
  /// A hash of each entry's facts -> the entries with that hash (for
  /// accesses, with whether their op counted). They only serve while the
  /// summary is built, so they live and die with the recorder.
  DenseMap<unsigned, SmallVector<std::pair<unsigned, bool>, 1>> accessIndex;
  DenseMap<unsigned, SmallVector<unsigned, 1>> taskIndex;
};
} // namespace

const DenseSet<Block *> &SummaryRecorder::blocksInCycles(Region &region) {
  auto [it, inserted] = cyclicBlocks.try_emplace(&region);
  if (!inserted)
    return it->second;
  // A block is in a cycle when it can reach itself.
  DenseSet<Block *> result;
  for (Block &block : region) {
    SmallVector<Block *> worklist(block.getSuccessors().begin(),
                                  block.getSuccessors().end());
    DenseSet<Block *> seen;
    while (!worklist.empty()) {
      Block *next = worklist.pop_back_val();
      if (next == &block) {
        result.insert(&block);
        break;
      }
      if (seen.insert(next).second)
        worklist.append(next->getSuccessors().begin(),
                        next->getSuccessors().end());
    }
  }
  return cyclicBlocks[&region] = std::move(result);
}

Layers SummaryRecorder::withLayer(const Layers &layers, TaskSet live) {
  Layers result = layers;
  if (live.isEmpty())
    return result;
  for (const TaskSet &set : result)
    if (set.getRootWithoutRetain() == live.getRootWithoutRetain())
      return result;
  result.push_back(live);
  // Deep call chains with live tasks at every level would grow the layers
  // without bound: fold them into one set instead.
  if (result.size() > 4) {
    TaskSet all = impl.taskSets.getEmptySet();
    for (const TaskSet &set : result)
      all = impl.unite(all, set);
    result.assign(1, all);
  }
  return result;
}

void SummaryRecorder::addAccess(AccessEntry entry) {
  // Past the limit, an access reached through a call is merged with one
  // reached through the same call with the same facts but another op.
  bool byOrigin = summary.accesses.size() < kExactSummaryLimit ||
                  entry.via == entry.origin;
  llvm::hash_code hash = llvm::hash_combine(
      byOrigin ? entry.origin : nullptr, entry.via,
      static_cast<int>(entry.kind), entry.ref, entry.owner,
      hashLayers(entry.live));
  for (auto [ref, exclusive] : entry.locks)
    hash = llvm::hash_combine(hash, ref, exclusive);
  hash = llvm::hash_combine(hash, llvm::hash_combine_range(entry.dropped));
  auto &bucket = accessIndex[static_cast<unsigned>(static_cast<size_t>(hash))];
  for (auto [index, otherByOrigin] : bucket) {
    const AccessEntry &other = summary.accesses[index];
    if (otherByOrigin == byOrigin &&
        (!byOrigin || other.origin == entry.origin) && other.via == entry.via && other.kind == entry.kind &&
        other.ref == entry.ref && other.owner == entry.owner &&
        other.locks == entry.locks && other.dropped == entry.dropped &&
        sameLayers(other.live, entry.live))
      return;
  }
  bucket.push_back({summary.accesses.size(), byOrigin});
  summary.accesses.push_back(std::move(entry));
}

void SummaryRecorder::addTask(TaskStart start) {
  llvm::hash_code hash =
      llvm::hash_combine(start.task, start.parent, hashLayers(start.live));
  SmallVector<unsigned, 1> &bucket =
      taskIndex[static_cast<unsigned>(static_cast<size_t>(hash))];
  for (unsigned index : bucket) {
    TaskStart &other = summary.tasks[index];
    if (other.task == start.task && other.parent == start.parent &&
        sameLayers(other.live, start.live)) {
      other.times = addMultiplicity(other.times, start.times);
      return;
    }
  }
  bucket.push_back(summary.tasks.size());
  summary.tasks.push_back(std::move(start));
}

void SummaryRecorder::recordRegion(Region &region, int32_t owner) {
  const DenseSet<Block *> *cyclic =
      region.hasOneBlock() ? nullptr : &blocksInCycles(region);
  for (Block &block : region) {
    bool repeats = cyclic && cyclic->contains(&block);
    repeatDepth += repeats;
    // The state before each op, carried along the block: FrameAnalysis
    // anchors states only where they may change.
    const State *state = stateAt(solver.getProgramPointBefore(&block));
    for (Operation &op : block) {
      if (state)
        record(&op, *state, owner);
      if (!keepsState(&op))
        state = stateAt(solver.getProgramPointAfter(&op));
    }
    repeatDepth -= repeats;
  }
}

void SummaryRecorder::record(Operation *op, const State &state,
                             int32_t owner) {
  if (auto assign = dyn_cast<mm::AssignOp>(op))
    return recordAccess(op, assign.getMap(), AccessKind::Write, state, owner);
  if (auto del = dyn_cast<mm::DeleteOp>(op))
    return recordAccess(op, del.getMap(), AccessKind::Write, state, owner);
  if (auto clear = dyn_cast<mm::ClearOp>(op))
    return recordAccess(op, clear.getMap(), AccessKind::Write, state, owner);
  if (auto lookup = dyn_cast<mm::LookupOp>(op))
    return recordAccess(op, lookup.getMap(), AccessKind::Read, state, owner);
  if (auto len = dyn_cast<mm::LenOp>(op))
    return recordAccess(op, len.getMap(), AccessKind::Read, state, owner);
  if (auto range = dyn_cast<mm::RangeOp>(op)) {
    ranges.push_back({range, &refsOf(range.getMap()), owner});
    ++repeatDepth;
    recordRegion(range.getBody(), owner);
    --repeatDepth;
    ranges.pop_back();
    // The iteration lasts for the whole body: it sees the state at the
    // body's entry, joined over the iterations.
    State during = state;
    if (const State *entry =
            stateAt(solver.getProgramPointBefore(&range.getBody().front())))
      during = impl.join(during, *entry);
    return recordAccess(range, range.getMap(), AccessKind::Iterate, during,
                        owner);
  }
  if (auto go = dyn_cast<mm::GoOp>(op)) {
    int32_t task = impl.ownerFor(go, /*isRoot=*/false);
    unsigned outerOwnerDepth = std::exchange(ownerRepeatDepth, repeatDepth);
    recordRegion(go.getBody(), task);
    ownerRepeatDepth = outerOwnerDepth;
    Layers live;
    if (!state.live.isEmpty())
      live.push_back(state.live);
    return addTask({task, owner, live, times()});
  }
  if (isa<scf::ParallelOp, scf::ForallOp>(op)) {
    int32_t task = impl.ownerFor(op, /*isRoot=*/false);
    ++repeatDepth;
    // Each iteration is one instance.
    unsigned outerOwnerDepth = std::exchange(ownerRepeatDepth, repeatDepth);
    for (Region &region : op->getRegions())
      recordRegion(region, task);
    ownerRepeatDepth = outerOwnerDepth;
    --repeatDepth;
    // Started while another instance of itself is live: parallel instances.
    Layers live{impl.taskSets.add(state.live, task)};
    return addTask({task, owner, live, kMany});
  }
  if (isa<mm::MakeOp, mm::MutexOp, mm::GroupOp>(op))
    return recordCreation(impl.objectFor(op, op->getLoc()), owner,
                          {times(), repeatsInOwner() ? kMany : kOnce});
  if (isa<mm::GetGlobalOp, mm::YieldOp, mm::WaitOp, mm::LockOp, mm::RLockOp,
          mm::UnlockOp, mm::RUnlockOp, arith::SelectOp, func::ReturnOp,
          scf::YieldOp, scf::ConditionOp>(op) ||
      isa<BranchOpInterface>(op))
    return;
  if (auto ifOp = dyn_cast<scf::IfOp>(op)) {
    for (Region &region : ifOp->getRegions())
      recordRegion(region, owner);
    return;
  }
  if (auto call = dyn_cast<func::CallOp>(op)) {
    if (FunctionInfo *callee = impl.calleeOf(call))
      return recordCall(call, *callee, state, owner);
    return recordUnknown(op);
  }
  // scf.for, scf.while and any other region op: its regions may run any
  // number of times.
  if (op->getNumRegions() != 0) {
    ++repeatDepth;
    for (Region &region : op->getRegions())
      recordRegion(region, owner);
    --repeatDepth;
  }
  if (!isa<scf::ForOp, scf::WhileOp>(op))
    recordUnknown(op);
}

void SummaryRecorder::recordUnknown(Operation *op) {
  // A map handed to an op we do not understand may be touched by anyone.
  for (Value operand : op->getOperands()) {
    if (!isa<mm::MapType>(operand.getType()))
      continue;
    for (Ref ref : refsOf(operand).refs)
      summary.escapes.insert({ref, op});
  }
}

void SummaryRecorder::recordAccess(Operation *op, Value map, AccessKind kind,
                                   const State &state, int32_t owner) {
  const RefSet &refs = refsOf(map);
  if (refs.unknown)
    summary.unknownAccesses.insert(op);
  Layers live;
  if (!state.live.isEmpty())
    live.push_back(state.live);
  for (Ref ref : refs.refs)
    addAccess({op, op, kind, ref, owner, state.held, state.dropped, live});
  if (kind == AccessKind::Write)
    recordOwnIterationWrite(op, op, refs.refs, owner);
}

void SummaryRecorder::recordOwnIterationWrite(Operation *at, Operation *origin,
                                              ArrayRef<Ref> refs,
                                              int32_t owner) {
  for (const RangeScope &scope : ranges) {
    if (scope.owner != owner)
      continue;
    if (!llvm::any_of(refs, [&](Ref ref) {
          return llvm::is_contained(scope.refs->refs, ref) &&
                 (isParam(ref) || !impl.objects[ref].nocheck);
        }))
      continue;
    if (impl.ownIterationSeen.insert({at, scope.range}).second)
      impl.ownIterationWrites.push_back({at, origin, scope.range});
  }
}

/// Instantiates the callee's summary at this call: its accesses, task
/// starts, creations and escapes in terms of this function's objects, under
/// this frame's locks and live tasks.
void SummaryRecorder::recordCall(func::CallOp call, FunctionInfo &callee,
                                 const State &state, int32_t owner) {
  const Summary &s = callee.summary;
  // Locks and drops of the caller, as seen by the callee's runner.
  auto mapLocks = [&](const LockList &locks, bool inherit,
                      const RefList &dropped) {
    LockList result;
    if (inherit) {
      for (auto held : state.held) {
        bool released = llvm::any_of(dropped, [&](Ref d) {
          if (d == kUnknownRef)
            return true;
          RefSet m = mapRef(d, call);
          return m.unknown || llvm::is_contained(m.refs, held.first);
        });
        if (!released)
          result.push_back(held);
      }
    }
    for (auto [ref, exclusive] : locks) {
      std::optional<Ref> mapped = mapRef(ref, call).single();
      if (!mapped)
        continue;
      auto *it = llvm::find_if(
          result, [&](auto &held) { return held.first == *mapped; });
      if (it == result.end())
        result.push_back({*mapped, exclusive});
      else
        it->second |= exclusive;
    }
    llvm::sort(result);
    return result;
  };
  for (const AccessEntry &entry : s.accesses) {
    bool runner = entry.owner == kRunner;
    RefSet refs = mapRef(entry.ref, call);
    if (refs.unknown)
      summary.unknownAccesses.insert(entry.origin);
    LockList locks = mapLocks(entry.locks, runner, entry.dropped);
    RefList dropped = runner ? state.dropped : RefList();
    for (Ref d : entry.dropped)
      for (Ref m : mapRef(d, call).refs)
        insertSorted(dropped, m);
    Layers live = runner ? withLayer(entry.live, state.live) : entry.live;
    for (Ref ref : refs.refs)
      addAccess({entry.origin, call, entry.kind, ref,
                 runner ? owner : entry.owner, locks, dropped, live});
    // A write the callee makes while our range over the map is running
    // (called functions run in their caller's owner).
    if (runner && entry.kind == AccessKind::Write)
      recordOwnIterationWrite(call, entry.origin, refs.refs, owner);
  }
  // Everything the callee makes or starts per run happens once more per
  // run of this call, and many times when the call repeats.
  for (const TaskStart &start : s.tasks) {
    bool runner = start.parent == kRunner;
    addTask({start.task, runner ? owner : start.parent,
             runner ? withLayer(start.live, state.live) : start.live,
             static_cast<uint8_t>(repeatDepth ? kMany : start.times)});
  }
  for (auto &[key, count] : s.creations) {
    auto [object, creator] = key;
    uint8_t times = repeatDepth ? kMany : count.times;
    if (creator == kRunner)
      recordCreation(object, owner,
                     {times, repeatsInOwner() ? uint8_t(kMany)
                                              : count.perInstance});
    else
      recordCreation(object, creator, {times, count.perInstance},
                     /*sameBody=*/true);
  }
  for (auto [ref, user] : s.escapes)
    for (Ref mapped : mapRef(ref, call).refs)
      summary.escapes.insert({mapped, user});
  for (Operation *op : s.unknownAccesses)
    summary.unknownAccesses.insert(op);
}

void OwnershipAnalysis::Impl::summarise(FunctionInfo &info) {
  // Built fresh and swapped in at the end: a recursive call must see the
  // previous round's summary, not this half-built one.
  Summary next;
  DataFlowSolver solver(DataFlowConfig().setInterprocedural(false));
  loadDeadCodeAnalyses(solver, info);
  solver.load<ValueRefAnalysis>(*this, info.func);
  solver.load<FrameAnalysis>(*this, info.func);
  if (failed(solver.initializeAndRun(info.func)))
    converged = false;
  collectValueRefs(solver, info, next);
  SummaryRecorder(*this, next, solver)
      .recordRegion(info.func.getBody(), kRunner);

  auto stateAtEnd = [&](Block &block) -> const State * {
    const auto *lattice =
        solver.lookupState<FrameLattice>(endOf(solver, block));
    return lattice ? &lattice->state : nullptr;
  };
  State exit = regionExit(*this, info.func.getBody(), stateAtEnd);
  // A caller can join a task left running only through a group it passed.
  if (exit.reachable)
    for (const auto &[task, group] : exit.groups)
      next.exitGroups[task] = isParam(group) ? group : kNoGroup;
  next.exit = std::move(exit);
  // What this function's tasks leave running, for callers that join them.
  info.func.walk([&](mm::GoOp go) {
    TaskSet left = regionExit(*this, go.getBody(), stateAtEnd).live;
    auto [it, inserted] = taskLeftovers.try_emplace(
        ownerFor(go, /*isRoot=*/false), taskSets.getEmptySet());
    it->second = unite(it->second, left);
  });
  info.summary = std::move(next);
}

//===----------------------------------------------------------------------===//
// Driver: call graph, SCCs, roots
//===----------------------------------------------------------------------===//

namespace {
/// How far a function's summary has grown: callers depend on it.
class SummaryVersion : public AnalysisState {
public:
  using AnalysisState::AnalysisState;
  ChangeResult update(size_t fingerprint) {
    if (version == fingerprint)
      return ChangeResult::NoChange;
    version = fingerprint;
    return ChangeResult::Change;
  }
  void print(raw_ostream &os) const override {
    os << "summary version " << (version ? *version : 0);
  }

private:
  std::optional<size_t> version;
};

/// Summarises a function at the program point before it, depending on the
/// SummaryVersion (after the callee) of every function it calls that is not
/// settled.
class SummaryAnalysis : public DataFlowAnalysis {
public:
  SummaryAnalysis(DataFlowSolver &solver, OwnershipAnalysis::Impl &impl,
                  ArrayRef<unsigned> order)
      : DataFlowAnalysis(solver), impl(impl), order(order) {}

  LogicalResult initialize(Operation *) override {
    for (unsigned f : order)
      if (failed(visit(getProgramPointBefore(impl.functions[f].func))))
        return failure();
    return success();
  }

  LogicalResult visit(ProgramPoint *point) override {
    auto func = cast<func::FuncOp>(point->getNextOp());
    FunctionInfo &info = impl.functions[impl.functionIndex.lookup(func)];
    if (++visits[func] > impl.summaryVisitBudget) {
      impl.converged = false;
      if (!impl.unsettledFunction)
        impl.unsettledFunction = func;
      return success();
    }
    // A settled callee was visited once, before its first caller, and is
    // never visited again: only the others' versions can change.
    for (unsigned callee : info.callees)
      if (!impl.functions[callee].settled)
        (void)getOrCreateFor<SummaryVersion>(
            point, getProgramPointAfter(impl.functions[callee].func));
    impl.summarise(info);
    if (info.settled)
      return success(); // no caller depends on its version
    auto *version = getOrCreate<SummaryVersion>(getProgramPointAfter(func));
    propagateIfChanged(version, version->update(info.summary.fingerprint()));
    return success();
  }

private:
  OwnershipAnalysis::Impl &impl;
  ArrayRef<unsigned> order;
  DenseMap<Operation *, unsigned> visits;
};
} // namespace

void OwnershipAnalysis::Impl::run() {
  for (Operation &op : module.getBody()->getOperations())
    if (auto name = op.getAttrOfType<StringAttr>(
            SymbolTable::getSymbolAttrName()))
      symbols.try_emplace(name, &op);
  SmallVector<func::FuncOp> funcs;
  // Sized once: FunctionInfo is large, and moving it allocates.
  functions.reserve(llvm::count_if(module.getOps<func::FuncOp>(),
                                   [](func::FuncOp f) {
                                     return !f.isDeclaration();
                                   }));
  for (auto func : module.getOps<func::FuncOp>())
    if (!func.isDeclaration()) {
      functionIndex[func] = functions.size();
      functions.emplace_back().func = func;
      funcs.push_back(func);
    }
  for (FunctionInfo &info : functions) {
    info.func.walk([&](Operation *op) {
      if (op->getNumSuccessors() != 0 || isa<RegionBranchOpInterface>(op))
        info.branches = true;
      if (auto call = dyn_cast<func::CallOp>(op))
        if (FunctionInfo *callee = calleeOf(call))
          info.callees.push_back(callee - functions.data());
    });
  }

  // Roots: @main, or every public function of a library module.
  SmallVector<unsigned> roots;
  auto mainIt = llvm::find_if(
      functions, [](FunctionInfo &f) { return f.func.getSymName() == "main"; });
  if (mainIt != functions.end())
    roots.push_back(mainIt - functions.begin());
  else
    for (auto [i, info] : llvm::enumerate(functions))
      if (info.func.isPublic())
        roots.push_back(i);
  for (unsigned root : roots)
    ownerFor(functions[root].func, /*isRoot=*/true);

  // Reachable functions, and Tarjan's SCCs over them in post-order (callees
  // first), iteratively so deep call chains don't overflow the stack.
  SmallVector<SmallVector<unsigned>> sccs;
  {
    std::vector<int> index(functions.size(), -1), low(functions.size(), 0);
    std::vector<bool> onStack(functions.size(), false);
    SmallVector<unsigned> stack;
    int counter = 0;
    for (unsigned root : roots) {
      if (index[root] != -1)
        continue;
      SmallVector<std::pair<unsigned, unsigned>> dfs; // node, next callee
      auto push = [&](unsigned n) {
        index[n] = low[n] = counter++;
        stack.push_back(n);
        onStack[n] = true;
        functions[n].reachable = true;
        dfs.push_back({n, 0});
      };
      push(root);
      while (!dfs.empty()) {
        auto &[node, next] = dfs.back();
        if (next < functions[node].callees.size()) {
          unsigned callee = functions[node].callees[next++];
          if (index[callee] == -1)
            push(callee);
          else if (onStack[callee])
            low[node] = std::min(low[node], index[callee]);
          continue;
        }
        unsigned done = node;
        dfs.pop_back();
        if (!dfs.empty())
          low[dfs.back().first] = std::min(low[dfs.back().first], low[done]);
        if (low[done] == index[done]) {
          SmallVector<unsigned> scc;
          unsigned member;
          do {
            member = stack.pop_back_val();
            onStack[member] = false;
            scc.push_back(member);
          } while (member != done);
          sccs.push_back(std::move(scc));
        }
      }
    }
  }

  // Summaries are solved by MLIR's dataflow solver: each function's summary
  // is an analysis state its callers depend on, so a caller is summarised
  // again whenever a callee's summary grows (recursion included). Visiting
  // the SCCs callees-first makes a non-recursive program one visit each.
  SmallVector<unsigned> order;
  for (auto &scc : sccs) {
    order.append(scc.begin(), scc.end());
    FunctionInfo &first = functions[scc.front()];
    first.settled = scc.size() == 1 &&
                    llvm::all_of(first.callees, [&](unsigned callee) {
                      return callee != scc.front() &&
                             functions[callee].settled;
                    });
  }
  DataFlowSolver solver;
  solver.load<SummaryAnalysis>(*this, order);
  if (failed(solver.initializeAndRun(module)))
    converged = false;

  // Functions no root reaches never run; their value refs still tell the
  // lowering which accesses touch only nocheck maps.
  for (FunctionInfo &info : functions)
    if (!info.reachable)
      computeValueRefs(info, info.summary);

  for (unsigned root : roots)
    checkRoot(functions[root]);
}

void OwnershipAnalysis::Impl::markCalleesChecked(Operation *call) {
  SmallVector<Operation *> worklist{call};
  while (!worklist.empty()) {
    auto callOp = dyn_cast<func::CallOp>(worklist.pop_back_val());
    if (!callOp)
      continue;
    Operation *callee = lookup(callOp.getCalleeAttr());
    if (!callee || !checkedFunctions.insert(callee).second)
      continue;
    callee->walk([&](func::CallOp inner) { worklist.push_back(inner); });
  }
}

//===----------------------------------------------------------------------===//
// The conflict check of one root's program
//===----------------------------------------------------------------------===//

namespace {
/// Ancestry and parallelism of the owners of one root's program.
class Program {
public:
  Program(OwnershipAnalysis::Impl &impl, int32_t root) : impl(impl), root(root) {}

  void addStart(int32_t task, int32_t parent, Layers live, uint8_t times) {
    parents[task].insert(parent);
    starts[task].push_back(std::move(live));
    startTimes[task] = addMultiplicity(startTimes.lookup(task), times);
  }
  void addCreation(Ref object, int32_t owner, CreationCount count) {
    creators[object].insert(owner);
    creationTimes[object] =
        addMultiplicity(creationTimes.lookup(object), count.times);
    instanceTimes[object] =
        addMultiplicity(instanceTimes.lookup(object), count.perInstance);
  }

  /// The object has one instance in the whole program: a root argument, or
  /// made once by an owner that runs once. Only such a mutex, when held by
  /// two accesses, is surely the same lock.
  bool singleton(Ref object) {
    const ObjectInfo &info = impl.objects[object];
    if (!info.op)
      return true; // a root's argument
    auto it = creators.find(object);
    if (it == creators.end() || it->second.size() != 1 ||
        creationTimes.lookup(object) != kOnce)
      return false;
    int32_t creator = *it->second.begin();
    return creator == root || startTimes.lookup(creator) == kOnce;
  }

  /// A lock on `mutex` orders the accesses to `object` that hold it, although
  /// the mutex has several instances: it is made once per instance of one
  /// task, and nowhere else, and `object` is private to that task's
  /// instances. A mutex reaches only the instance that made it and the tasks
  /// that instance starts (values flow only down), so two accesses holding
  /// it run in one instance and hold the same lock, or in two instances
  /// (neither inside the other: privateTo excludes a task that starts
  /// itself) and touch two different maps.
  bool locksInstance(Ref mutex, Ref object) {
    auto it = creators.find(mutex);
    if (!impl.objects[mutex].op || it == creators.end() ||
        it->second.size() != 1 || instanceTimes.lookup(mutex) != kOnce)
      return false;
    int32_t creator = *it->second.begin();
    return creator != root && privateTo(object, creator);
  }

  /// Tasks (not the root) that are ancestors of `owner`, plus itself.
  /// (References stay valid: chains is node-based.)
  const DenseSet<int32_t> &chain(int32_t owner) {
    auto cached = chains.find(owner);
    if (cached != chains.end())
      return cached->second;
    DenseSet<int32_t> result;
    SmallVector<int32_t> worklist{owner};
    while (!worklist.empty()) {
      int32_t o = worklist.pop_back_val();
      if (o == root || !result.insert(o).second)
        continue;
      auto it = parents.find(o);
      if (it != parents.end())
        for (int32_t p : it->second)
          worklist.push_back(p);
    }
    return chains.emplace(owner, std::move(result)).first->second;
  }

  static bool liveIn(const Layers &layers, int32_t task) {
    return llvm::any_of(layers,
                        [&](const TaskSet &set) { return set.contains(task); });
  }

  /// An instance of `task` starts another instance of it, directly or
  /// through the tasks it starts (recursion through a function that starts
  /// it): the outer instance may still run, and may share what it made.
  bool startsItself(int32_t task) {
    auto it = parents.find(task);
    return it != parents.end() && llvm::any_of(it->second, [&](int32_t p) {
             return p != root && chain(p).contains(task);
           });
  }

  /// Two instances of `task` may run at the same time.
  bool selfParallel(int32_t task) {
    auto [it, inserted] = selfParallelCache.try_emplace(task, false);
    if (!inserted)
      return it->second;
    bool result = startsItself(task) ||
                  llvm::any_of(starts[task], [&](const Layers &live) {
                    return liveIn(live, task);
                  });
    return selfParallelCache[task] = result;
  }

  /// `object` is only ever made inside instances of `task` (or of tasks
  /// they start), so two instances of `task` never share it: each instance
  /// reaches only the objects made in it and in the instances above it,
  /// none of which is an instance of `task`, unless `task` starts itself.
  bool privateTo(Ref object, int32_t task) {
    const ObjectInfo &info = impl.objects[object];
    if (!info.isMake || info.escaped || startsItself(task))
      return false;
    auto it = creators.find(object);
    if (it == creators.end() || it->second.empty())
      return false;
    return llvm::all_of(it->second, [&](int32_t creator) {
      return creator != root && chain(creator).contains(task);
    });
  }

  /// A map made while owner X runs is only reachable from X and the tasks
  /// X starts (maps flow only through SSA values), so two owners can share
  /// an instance only if one of its creators is an ancestor of both.
  bool mayShareInstance(Ref object, int32_t ownerA, int32_t ownerB) {
    const ObjectInfo &info = impl.objects[object];
    auto it = creators.find(object);
    if (!info.isMake || info.escaped || it == creators.end())
      return true;
    return llvm::any_of(it->second, [&](int32_t creator) {
      return creator == root || (chain(ownerA).contains(creator) &&
                                 chain(ownerB).contains(creator));
    });
  }

  /// Accesses `a` and `b` to `object` may run at the same time (locks aside).
  bool parallel(const AccessEntry &a, const AccessEntry &b, Ref object) {
    int32_t ownerA = a.owner, ownerB = b.owner;
    if (ownerA != ownerB && !mayShareInstance(object, ownerA, ownerB))
      return false;
    const DenseSet<int32_t> &chainA = chain(ownerA);
    const DenseSet<int32_t> &chainB = chain(ownerB);
    // Two instances of a common ancestor task may each run one of them.
    for (int32_t p : chainA)
      if (chainB.contains(p) && selfParallel(p) && !privateTo(object, p))
        return true;
    if (ownerA == ownerB)
      return false; // program order
    // One runs inside a task started (directly or not) by the other's owner:
    // parallel while that task, or one between, is live at the access.
    bool aAncestor = ownerA == root || chainB.contains(ownerA);
    bool bAncestor = ownerB == root || chainA.contains(ownerB);
    if (aAncestor)
      return llvm::any_of(chainB, [&](int32_t t) {
        return t != ownerA && liveIn(a.live, t);
      });
    if (bAncestor)
      return llvm::any_of(chainA, [&](int32_t t) {
        return t != ownerB && liveIn(b.live, t);
      });
    // Unrelated tasks: some task on one chain started while one on the
    // other chain was live.
    for (int32_t x : chainA)
      for (int32_t y : chainB) {
        if (x == y)
          continue;
        if (llvm::any_of(starts[x], [&](auto &l) { return liveIn(l, y); }) ||
            llvm::any_of(starts[y], [&](auto &l) { return liveIn(l, x); }))
          return true;
      }
    return false;
  }

  /// The map.go that started `owner`, null for the root.
  Operation *taskOp(int32_t owner) {
    return impl.owners[owner].isRoot ? nullptr : impl.owners[owner].op;
  }

  /// When one of the two owners was started (directly or not) inside the
  /// other, the inner one's map.go.
  Operation *innerTask(int32_t a, int32_t b) {
    if (a == b)
      return nullptr;
    if (chain(a).contains(b) || impl.owners[b].isRoot)
      return taskOp(a);
    if (chain(b).contains(a) || impl.owners[a].isRoot)
      return taskOp(b);
    return nullptr;
  }

private:
  OwnershipAnalysis::Impl &impl;
  int32_t root;
  DenseMap<int32_t, DenseSet<int32_t>> parents;
  DenseMap<int32_t, SmallVector<Layers, 1>> starts;
  DenseMap<Ref, DenseSet<int32_t>> creators;
  DenseMap<Ref, uint8_t> creationTimes;
  /// Per run of its creator, over all creators.
  DenseMap<Ref, uint8_t> instanceTimes;
  DenseMap<int32_t, uint8_t> startTimes;
  std::unordered_map<int32_t, DenseSet<int32_t>> chains;
  DenseMap<int32_t, bool> selfParallelCache;
};

bool protectedFrom(const LockList &a, const LockList &b) {
  for (auto [ref, exclusive] : a)
    for (auto [otherRef, otherExclusive] : b)
      if (ref == otherRef && (exclusive || otherExclusive))
        return true;
  return false;
}
} // namespace

void OwnershipAnalysis::Impl::checkRoot(FunctionInfo &rootInfo) {
  int32_t rootOwner = ownerOfOp.lookup(rootInfo.func);
  Summary &s = rootInfo.summary;

  // Bind the root's parameters to objects of their own.
  auto bindRef = [&](Ref ref) -> Ref {
    if (!isParam(ref))
      return ref;
    BlockArgument arg = rootInfo.func.getArgument(paramIndex(ref));
    auto [it, inserted] = objectOfRootArg.try_emplace(arg, objects.size());
    if (inserted) {
      ObjectInfo info{arg.getLoc(), nullptr, isa<mm::MapType>(arg.getType())};
      objects.push_back(info);
    }
    return it->second;
  };
  auto bindOwner = [&](int32_t owner) {
    return owner == kRunner ? rootOwner : owner;
  };
  for (BlockArgument arg : rootInfo.func.getArguments())
    if (isTracked(arg.getType()))
      bindRef(paramRef(arg.getArgNumber()));

  Program program(*this, rootOwner);
  for (const TaskStart &start : s.tasks)
    program.addStart(start.task, bindOwner(start.parent), start.live,
                     start.times);
  for (auto &[key, count] : s.creations)
    program.addCreation(key.first, bindOwner(key.second), count);

  for (auto [ref, user] : s.escapes) {
    Ref object = bindRef(ref);
    ObjectInfo &info = objects[object];
    if (!info.isMap || info.nocheck)
      continue;
    info.escaped = true;
    if (escapesSeen.insert({user, object}).second)
      escapes.push_back({user, info.loc, info.concurrent});
  }
  for (Operation *op : s.unknownAccesses)
    checkedOps.insert(op);

  // Accesses per object, bound to this program.
  DenseMap<Ref, std::vector<AccessEntry>> byObject;
  for (const AccessEntry &entry : s.accesses) {
    AccessEntry bound = entry;
    bound.ref = bindRef(entry.ref);
    bound.owner = bindOwner(entry.owner);
    for (auto &lock : bound.locks)
      lock.first = bindRef(lock.first);
    // A mutex with several instances (made in a loop, in a task that runs
    // more than once, in a helper called twice) may be a different lock in
    // each access: it protects nothing, unless each instance of a task makes
    // it once for the maps private to that instance.
    llvm::erase_if(bound.locks, [&](auto &lock) {
      return !program.singleton(lock.first) &&
             !program.locksInstance(lock.first, bound.ref);
    });
    llvm::sort(bound.locks);
    byObject[bound.ref].push_back(std::move(bound));
  }

  using Site = std::pair<Operation *, Operation *>; // via, origin
  std::set<std::pair<Site, Site>> reported;
  for (auto &[object, entries] : byObject) {
    const ObjectInfo &info = objects[object];
    if (info.nocheck)
      continue;
    if (info.escaped)
      for (const AccessEntry &e : entries) {
        checkedOps.insert(e.origin);
        if (e.via != e.origin)
          markCalleesChecked(e.via);
      }

    if (computeLiveOwners) {
      for (const AccessEntry &a : entries) {
        SmallVector<int32_t> &set = liveOwners[a.origin];
        auto add = [&](int32_t o) {
          if (!llvm::is_contained(set, o))
            set.push_back(o);
        };
        add(a.owner);
        for (const AccessEntry &b : entries)
          if (&a != &b && program.parallel(a, b, object))
            add(b.owner);
        llvm::sort(set);
      }
    }

    // Bucket by lock set: within a bucket that holds a lock exclusively, no
    // pair can conflict, whatever the number of tasks in it.
    std::map<LockList, SmallVector<const AccessEntry *>> buckets;
    for (const AccessEntry &e : entries)
      buckets[e.locks].push_back(&e);
    for (auto i = buckets.begin(); i != buckets.end(); ++i) {
      for (auto j = i; j != buckets.end(); ++j) {
        if (protectedFrom(i->first, j->first))
          continue;
        for (const AccessEntry *a : i->second) {
          for (const AccessEntry *b : j->second) {
            if (i == j && a > b)
              continue;
            if (a->kind != AccessKind::Write && b->kind != AccessKind::Write)
              continue;
            if (a == b && !program.selfParallel(a->owner))
              continue;
            if (!program.parallel(*a, *b, object))
              continue;
            checkedOps.insert(a->origin);
            checkedOps.insert(b->origin);
            for (const AccessEntry *e : {a, b})
              if (e->via != e->origin)
                markCalleesChecked(e->via);
            // The report stands at the write (the later one for two
            // writes); each pair of sites once.
            const AccessEntry *at = a, *other = b;
            if (at->kind != AccessKind::Write)
              std::swap(at, other);
            auto siteA = std::make_pair(at->via, at->origin);
            auto siteB = std::make_pair(other->via, other->origin);
            if (!reported.insert({std::min(siteA, siteB), std::max(siteA, siteB)})
                     .second)
              continue;
            ConflictFinding::Kind kind =
                other->kind == AccessKind::Write ? ConflictFinding::Kind::WriteWrite
                : other->kind == AccessKind::Read
                    ? ConflictFinding::Kind::ReadWrite
                    : ConflictFinding::Kind::IterateWrite;
            auto origin = !info.op ? ConflictFinding::Origin::Argument
                          : info.isMake ? ConflictFinding::Origin::Made
                                        : ConflictFinding::Origin::Global;
            conflicts.push_back(
                {kind, at->via, at->origin, other->via, other->origin,
                 /*sharedAt=*/nullptr, program.taskOp(at->owner),
                 program.taskOp(other->owner),
                 program.innerTask(at->owner, other->owner), info.loc, origin,
                 info.concurrent});
          }
        }
      }
    }
  }
}

//===----------------------------------------------------------------------===//
// Public interface
//===----------------------------------------------------------------------===//

OwnershipAnalysis::OwnershipAnalysis(Operation *module)
    : OwnershipAnalysis(module, kDefaultSummaryVisitBudget) {}

OwnershipAnalysis::OwnershipAnalysis(Operation *module,
                                     unsigned summaryVisitBudget)
    : impl(std::make_unique<Impl>(cast<ModuleOp>(module), summaryVisitBudget)) {
  impl->run();
  // Report in program order, so diagnostics come out in a stable order.
  DenseMap<Operation *, unsigned> position;
  if (!impl->conflicts.empty() || !impl->escapes.empty()) {
    unsigned counter = 0;
    module->walk<WalkOrder::PreOrder>(
        [&](Operation *op) { position[op] = counter++; });
    // The report stands at the site in the most conflicts (the one access
    // that forgot the lock, not each of the thousand that took it); among
    // equals, at the write, or the later of two writes.
    DenseMap<std::pair<Operation *, Operation *>, unsigned> pairsOfSite;
    for (ConflictFinding &c : impl->conflicts) {
      ++pairsOfSite[{c.at, c.atOrigin}];
      ++pairsOfSite[{c.other, c.otherOrigin}];
    }
    for (ConflictFinding &c : impl->conflicts) {
      unsigned atCount = pairsOfSite.lookup({c.at, c.atOrigin});
      unsigned otherCount = pairsOfSite.lookup({c.other, c.otherOrigin});
      bool swap = otherCount != atCount
                      ? otherCount > atCount
                      : c.kind == ConflictFinding::Kind::WriteWrite &&
                            position.lookup(c.at) < position.lookup(c.other);
      if (swap) {
        std::swap(c.at, c.other);
        std::swap(c.atOrigin, c.otherOrigin);
        std::swap(c.atTask, c.otherTask);
      }
      c.sharedAt = c.innerTask  ? c.innerTask
                   : c.otherTask ? c.otherTask
                                 : c.atTask;
    }
    auto order = [&](const ConflictFinding &c) {
      return std::make_tuple(position.lookup(c.at), static_cast<int>(c.kind),
                             position.lookup(c.atOrigin),
                             position.lookup(c.other),
                             position.lookup(c.otherOrigin));
    };
    llvm::sort(impl->conflicts, [&](auto &a, auto &b) {
      return order(a) < order(b);
    });
    // One report per site and kind: a write racing with a thousand locked
    // tasks is one mistake, not a thousand.
    std::vector<ConflictFinding> grouped;
    for (ConflictFinding &c : impl->conflicts) {
      if (!grouped.empty() && grouped.back().at == c.at &&
          grouped.back().kind == c.kind) {
        ++grouped.back().moreOthers;
        continue;
      }
      grouped.push_back(c);
    }
    impl->conflicts = std::move(grouped);
    llvm::sort(impl->escapes, [&](auto &a, auto &b) {
      return position.lookup(a.user) < position.lookup(b.user);
    });
  }
}

OwnershipAnalysis::~OwnershipAnalysis() = default;
OwnershipAnalysis::OwnershipAnalysis(OwnershipAnalysis &&) = default;

bool OwnershipAnalysis::converged() const { return impl->converged; }

Operation *OwnershipAnalysis::getUnsettledFunction() const {
  return impl->unsettledFunction;
}

ArrayRef<ConflictFinding> OwnershipAnalysis::getConflicts() const {
  return impl->conflicts;
}
ArrayRef<EscapeFinding> OwnershipAnalysis::getEscapes() const {
  return impl->escapes;
}
ArrayRef<OwnIterationFinding> OwnershipAnalysis::getOwnIterationWrites() const {
  return impl->ownIterationWrites;
}

bool OwnershipAnalysis::needsRuntimeCheck(Operation *access) const {
  if (!isa<mm::AssignOp, mm::DeleteOp, mm::ClearOp, mm::LookupOp, mm::LenOp,
           mm::RangeOp>(access))
    return false; // not a map access: nothing to check
  auto func = access->getParentOfType<func::FuncOp>();
  auto it = func ? impl->functionIndex.find(func) : impl->functionIndex.end();
  if (it == impl->functionIndex.end())
    return true;
  FunctionInfo &info = impl->functions[it->second];
  Value map = access->getOperand(isa<mm::AssignOp>(access) ? 1 : 0);
  auto refsIt = impl->valueRefs.find(map);
  if (refsIt == impl->valueRefs.end())
    return true;
  const RefSet &refs = refsIt->second;
  // Only nocheck maps: trusted.
  if (!refs.unknown && !refs.refs.empty() &&
      llvm::all_of(refs.refs, [&](Ref ref) {
        return !isParam(ref) && impl->objects[ref].nocheck;
      }))
    return false;
  if (!info.reachable || !impl->converged)
    return true;
  return impl->checkedOps.contains(access) ||
         impl->checkedFunctions.contains(func);
}

void OwnershipAnalysis::annotate() {
  // Recompute with live-owner sets (quadratic in accesses per object, which
  // the verifier itself never needs).
  Impl fresh(impl->module, impl->summaryVisitBudget);
  fresh.computeLiveOwners = true;
  fresh.run();
  Impl &a = fresh;
  MLIRContext *ctx = a.module.getContext();
  Builder b(ctx);
  auto objectAttr = mm::MapDialect::kObjectAttrName;
  for (auto [op, id] : a.objectOfOp)
    if (op)
      op->setAttr(objectAttr, b.getI64IntegerAttr(id));
  for (auto [arg, id] : a.objectOfRootArg) {
    auto blockArg = cast<BlockArgument>(arg);
    auto func = cast<func::FuncOp>(blockArg.getOwner()->getParentOp());
    func.setArgAttr(blockArg.getArgNumber(), objectAttr,
                    b.getI64IntegerAttr(id));
  }
  for (auto [i, owner] : llvm::enumerate(a.owners))
    owner.op->setAttr(mm::MapDialect::kOwnerAttrName,
                      b.getI64IntegerAttr(i));

  // Owner edges, on each owner: "create:N", "capture:N", "argument:N",
  // "global:N" for every object it may access.
  DenseMap<Operation *, llvm::SetVector<StringRef>> edges;
  llvm::StringSet<> strings;
  auto addEdge = [&](Operation *owner, StringRef kind, Ref id) {
    std::string text = (kind + ":" + Twine(id)).str();
    edges[owner].insert(strings.insert(text).first->getKey());
  };
  for (FunctionInfo &info : a.functions) {
    if (!info.reachable)
      continue;
    // A root's parameters are objects of their own (SPEC §4); a callee's
    // belong to the owners that run it.
    bool isRoot = a.ownerOfOp.count(info.func);
    auto bound = [&](Ref ref) -> std::optional<Ref> {
      if (!isParam(ref))
        return ref;
      if (!isRoot)
        return std::nullopt;
      auto it =
          a.objectOfRootArg.find(info.func.getArgument(paramIndex(ref)));
      if (it == a.objectOfRootArg.end())
        return std::nullopt;
      return it->second;
    };
    info.func.walk([&](Operation *op) {
      Operation *ownerOp = op->getParentOfType<mm::GoOp>();
      bool inTask = ownerOp != nullptr;
      if (!inTask)
        ownerOp = info.func;
      if (auto make = dyn_cast<mm::MakeOp>(op))
        addEdge(ownerOp, "create", a.objectFor(op, op->getLoc()));
      if (auto call = dyn_cast<func::CallOp>(op))
        for (Value operand : call.getOperands())
          if (isa<mm::MapType>(operand.getType()))
            for (Ref ref : a.valueRefs[operand].refs)
              if (std::optional<Ref> object = bound(ref))
                addEdge(ownerOp, "argument", *object);
      if (!isa<mm::AssignOp, mm::DeleteOp, mm::ClearOp, mm::LookupOp,
               mm::LenOp, mm::RangeOp>(op))
        return;
      Value map = op->getOperand(isa<mm::AssignOp>(op) ? 1 : 0);
      for (Ref ref : a.valueRefs[map].refs) {
        std::optional<Ref> object = bound(ref);
        if (!object)
          continue;
        // A root's argument: "argument" in the root, "capture" in a task
        // the root starts.
        Operation *defOp = a.objects[*object].op;
        StringRef kind = !defOp ? (inTask ? "capture" : "argument")
                         : isa<mm::GlobalOp>(defOp) ? "global"
                         : inTask && !ownerOp->isAncestor(defOp) ? "capture"
                                                                 : "create";
        addEdge(ownerOp, kind, *object);
      }
    });
  }
  for (auto &[owner, list] : edges) {
    if (!a.ownerOfOp.count(owner))
      continue; // a callee: its edges belong to the owners that run it
    SmallVector<Attribute> attrs;
    for (StringRef edge : list)
      attrs.push_back(b.getStringAttr(edge));
    owner->setAttr(mm::MapDialect::kObjectsAttrName, b.getArrayAttr(attrs));
  }

  // On each access: the objects it may touch and the live owners. A
  // function no root reaches is never analysed and gets nothing.
  for (FunctionInfo &info : a.functions) {
    if (!info.reachable)
      continue;
    info.func.walk([&](Operation *op) {
      if (!isa<mm::AssignOp, mm::DeleteOp, mm::ClearOp, mm::LookupOp,
               mm::LenOp, mm::RangeOp>(op))
        return;
      Value map = op->getOperand(isa<mm::AssignOp>(op) ? 1 : 0);
      const RefSet &refs = a.valueRefs[map];
      if (refs.unknown) {
        op->setAttr(mm::MapDialect::kObjectsAttrName,
                    b.getStringAttr("unknown"));
      } else {
        // A root's parameters are objects of their own; a callee's stay
        // parameters, bound differently by each call.
        bool isRoot = a.ownerOfOp.count(info.func);
        SmallVector<Ref> bound;
        for (Ref ref : refs.refs)
          bound.push_back(isParam(ref) && isRoot
                              ? a.objectOfRootArg.lookup(
                                    info.func.getArgument(paramIndex(ref)))
                              : ref);
        // Objects in id order, then parameters in argument order.
        llvm::sort(bound, [](Ref x, Ref y) {
          return isParam(x) != isParam(y) ? !isParam(x)
                 : isParam(x)             ? x > y
                                          : x < y;
        });
        SmallVector<Attribute> ids;
        for (Ref ref : bound)
          ids.push_back(isParam(ref) ? Attribute(b.getStringAttr(
                                           "arg" + Twine(paramIndex(ref))))
                                     : Attribute(b.getI64IntegerAttr(ref)));
        op->setAttr(mm::MapDialect::kObjectsAttrName, b.getArrayAttr(ids));
      }
      auto it = a.liveOwners.find(op);
      if (it != a.liveOwners.end())
        op->setAttr(mm::MapDialect::kLiveOwnersAttrName,
                    b.getDenseI64ArrayAttr(SmallVector<int64_t>(
                        it->second.begin(), it->second.end())));
    });
  }
}
