// Loop regions: a loop whose checked calls each touch one container at a
// stable address (up to four containers), and that contains nothing that
// could synchronise (no lock, atomic, fence, volatile access, inline asm or
// call into code we cannot see), checks each container's access kinds
// once: the first read (write) of it the loop makes begins that check,
// behind a flag cleared before the loop, and every way out of the loop
// (normal exits, a cleanup landing pad for calls that may throw) ends it if
// begun. Anything that could synchronise keeps the checks per call; so do
// loops over five containers. At -O0 and -O2.
//
// The IR below spells libstdc++'s names; libcxx-instrument.cpp is libc++'s.
// UNSUPPORTED: libcxx
// RUN: %clangxx -fpass-plugin=%plugin -O0 -S -emit-llvm %s -o %t.ll
// RUN: FileCheck %s < %t.ll
// RUN: opt -passes=verify -disable-output %t.ll
// RUN: %clangxx -fpass-plugin=%plugin -O2 -S -emit-llvm %s -o %t.o2.ll
// RUN: FileCheck %s --check-prefix=O2 < %t.o2.ll
// RUN: opt -passes=verify -disable-output %t.o2.ll
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <unordered_set>
#include <stdexcept>
#include <string>
#include <unordered_map>

std::unordered_map<int, int> g;
std::unordered_map<int, int> h;
std::mutex mu;
std::atomic<int> turn;
void opaque();

// Lookups only: a read region. find() may throw, so it becomes an invoke
// whose cleanup ends the region and resumes.
// CHECK-LABEL: define {{.*}} @_Z8readLoopi(
// CHECK: %[[FLAG:[0-9]+]] = alloca i1
// CHECK: store i1 false, ptr %[[FLAG]]
// CHECK-NEXT: br label %[[HEAD:[0-9]+]]
// CHECK: [[HEAD]]:
// CHECK-NOT: maprt_cxx
// CHECK: %[[B:[0-9]+]] = load i1, ptr %[[FLAG]]
// CHECK-NEXT: %[[NB:[0-9]+]] = xor i1 %[[B]], true
// CHECK-NEXT: br i1 %[[NB]], label %[[BEGIN:[0-9]+]], label %[[CALL:[0-9]+]]
// CHECK: [[BEGIN]]:
// CHECK-NEXT: call void @maprt_cxx_checkmapread(ptr @g, ptr @{{__mapsafe_site[.0-9]*}})
// CHECK-NEXT: store i1 true, ptr %[[FLAG]]
// CHECK-NEXT: br label %[[CALL]]
// CHECK: [[CALL]]:
// CHECK-NEXT: invoke {{.*}} @_ZNSt13unordered_mapIiiSt4hashIiESt8equal_toIiESaISt4pairIKiiEEE4findERS5_(ptr {{.*}} @g,
// CHECK-NEXT: to label %{{[0-9]+}} unwind label %[[LP:[0-9]+]]
// CHECK-NOT: maprt_cxx
// CHECK: %[[E:[0-9]+]] = load i1, ptr %[[FLAG]]
// CHECK-NEXT: br i1 %[[E]], label %[[END:[0-9]+]], label
// CHECK: [[END]]:
// CHECK-NEXT: call void @maprt_cxx_checkmapread_end(ptr @g)
// CHECK-NOT: maprt_cxx
// CHECK: ret i64
// CHECK: [[LP]]:
// CHECK-NEXT: landingpad
// CHECK-NEXT: cleanup
// CHECK-NEXT: %[[E2:[0-9]+]] = load i1, ptr %[[FLAG]]
// CHECK-NEXT: br i1 %[[E2]], label %[[END2:[0-9]+]], label
// CHECK: [[END2]]:
// CHECK-NEXT: call void @maprt_cxx_checkmapread_end(ptr @g)
// CHECK-NOT: maprt_cxx
// CHECK: resume
//
// At -O2 the flag is a phi; one begin behind it in the loop, one end.
// O2-LABEL: define {{.*}} @_Z8readLoopi(
// O2-NOT: call void @maprt_cxx_checkmapread(
// O2: call void @maprt_cxx_checkmapread_end(ptr nonnull @g)
// O2-NOT: maprt_cxx
// O2: phi i1 [ false, %{{[0-9]+}} ], [ true, %{{[0-9]+}} ]
// O2-NEXT: br i1
// O2: call void @maprt_cxx_checkmapread(ptr nonnull @g,
// O2-NOT: maprt_cxx
// O2: {{^}}}
long readLoop(int n) {
  long s = 0;
  for (int i = 0; i < n; i++) {
    auto it = g.find(i);
    if (it != g.end())
      s += it->second;
  }
  return s;
}

// A read and a write: a flag and a check for each kind, the write's ended
// first.
// CHECK-LABEL: define {{.*}} @_Z9writeLoopi(
// CHECK: %[[W:[0-9]+]] = alloca i1
// CHECK-NEXT: %[[R:[0-9]+]] = alloca i1
// CHECK: store i1 false, ptr %[[W]]
// CHECK-NEXT: store i1 false, ptr %[[R]]
// CHECK-NOT: maprt_cxx
// CHECK: load i1, ptr %[[R]]
// CHECK: call void @maprt_cxx_checkmapread(ptr @g,
// CHECK-NEXT: store i1 true, ptr %[[R]]
// CHECK: invoke {{.*}} @_ZNKSt13unordered_mapIiiSt4hashIiESt8equal_toIiESaISt4pairIKiiEEE5countERS5_(ptr {{.*}} @g,
// CHECK-NOT: maprt_cxx
// CHECK: load i1, ptr %[[W]]
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite(ptr @g,
// CHECK-NEXT: store i1 true, ptr %[[W]]
// CHECK: invoke {{.*}} @_ZNSt13unordered_mapIiiSt4hashIiESt8equal_toIiESaISt4pairIKiiEEEixERS5_(ptr {{.*}} @g,
// CHECK-NOT: maprt_cxx
// CHECK: load i1, ptr %[[W]]
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite_end(ptr @g)
// CHECK: load i1, ptr %[[R]]
// CHECK: call void @maprt_cxx_checkmapread_end(ptr @g)
// CHECK-NOT: maprt_cxx
// CHECK: ret void
// CHECK: landingpad
// CHECK-NEXT: cleanup
// CHECK-NEXT: load i1, ptr %[[W]]
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite_end(ptr @g)
// CHECK: load i1, ptr %[[R]]
// CHECK: call void @maprt_cxx_checkmapread_end(ptr @g)
// CHECK-NOT: maprt_cxx
// CHECK: resume
//
// O2-LABEL: define {{.*}} @_Z9writeLoopi(
// O2-DAG: call void @maprt_cxx_checkmapread(ptr nonnull @g,
// O2-DAG: call void @maprt_cxx_checkmapconcurrentwrite(ptr nonnull @g,
// O2-DAG: call void @maprt_cxx_checkmapconcurrentwrite_end(ptr nonnull @g)
// O2-DAG: call void @maprt_cxx_checkmapread_end(ptr nonnull @g)
void writeLoop(int n) {
  for (int i = 0; i < n; i++) {
    if (g.count(i))
      continue;
    g[i] = i;
  }
}

// A member reached through `this` (loaded from its slot at every call):
// the begin takes the call's own operand, the end `this` + the member's
// offset, the same address.
// CHECK-LABEL: define {{.*}} @_ZNK6Holder5totalEi(
// CHECK-SAME: ptr {{.*}}%[[THIS:[0-9]+]],
// CHECK: %[[M:[0-9]+]] = getelementptr inbounds nuw %struct.Holder, ptr %{{[0-9]+}}, i32 0, i32 1
// CHECK: call void @maprt_cxx_checkmapread(ptr %[[M]],
// CHECK: invoke {{.*}} @_ZNKSt13unordered_mapIiiSt4hashIiESt8equal_toIiESaISt4pairIKiiEEE5countERS5_(ptr {{.*}} %[[M]],
// CHECK-NOT: maprt_cxx
// CHECK: %[[M2:[0-9]+]] = getelementptr i8, ptr %[[THIS]], i64 8
// CHECK-NEXT: call void @maprt_cxx_checkmapread_end(ptr %[[M2]])
// CHECK-NOT: maprt_cxx
// CHECK: ret i64
struct Holder {
  int x;
  std::unordered_map<int, int> m;
  long total(int n) const {
    long s = 0;
    for (int i = 0; i < n; i++)
      s += m.count(i);
    return s;
  }
};
long holderTotal(const Holder &h, int n) { return h.total(n); }

// A lock in the loop: a check per call, inside the loop.
// CHECK-LABEL: define {{.*}} @_Z10lockedLoopi(
// CHECK-NOT: maprt_cxx
// CHECK: call void @_ZNSt10lock_guardISt5mutexEC{{[12]}}ERS0_(
// CHECK-NOT: maprt_cxx
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite(ptr @g,
// CHECK-NEXT: invoke {{.*}} @_ZNSt13unordered_mapIiiSt4hashIiESt8equal_toIiESaISt4pairIKiiEEEixERS5_(
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite_end(ptr @g)
// CHECK-NOT: maprt_cxx
// CHECK: call void @_ZNSt10lock_guardISt5mutexED{{[12]}}Ev(
//
// O2-LABEL: define {{.*}} @_Z10lockedLoopi(
// O2: call {{.*}} @pthread_mutex_lock(
// O2: call void @maprt_cxx_checkmapconcurrentwrite(ptr nonnull @g,
// O2: call void @maprt_cxx_checkmapconcurrentwrite_end(ptr nonnull @g)
// O2: call {{.*}} @pthread_mutex_unlock(
void lockedLoop(int n) {
  for (int i = 0; i < n; i++) {
    std::lock_guard<std::mutex> lock(mu);
    g[i] = i;
  }
}

// Accesses handed back and forth through an atomic: per call.
// CHECK-LABEL: define {{.*}} @_Z10atomicLoopi(
// CHECK: load atomic
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite(ptr @g,
// CHECK-NEXT: invoke {{.*}} @_ZNSt13unordered_mapIiiSt4hashIiESt8equal_toIiESaISt4pairIKiiEEEixERS5_(
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite_end(ptr @g)
// CHECK: store atomic
void atomicLoop(int n) {
  for (int i = 0; i < n; i++) {
    while (turn.load(std::memory_order_acquire) != 0) {
    }
    g[i] = i;
    turn.store(1, std::memory_order_release);
  }
}

// A call we cannot see into (it may lock): per call.
// CHECK-LABEL: define {{.*}} @_Z10opaqueLoopi(
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite(ptr @g,
// CHECK-NEXT: invoke {{.*}} @_ZNSt13unordered_mapIiiSt4hashIiESt8equal_toIiESaISt4pairIKiiEEEixERS5_(
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite_end(ptr @g)
// CHECK-NOT: maprt_cxx
// CHECK: call void @_Z6opaquev()
void opaqueLoop(int n) {
  for (int i = 0; i < n; i++) {
    g[i] = i;
    opaque();
  }
}

// A lock in a helper defined here: the helper's body synchronises.
// CHECK-LABEL: define {{.*}} @_Z10helperLoopi(
// CHECK: call void @maprt_cxx_checkmapread(ptr @g,
// CHECK-NEXT: invoke {{.*}} @_ZNKSt13unordered_mapIiiSt4hashIiESt8equal_toIiESaISt4pairIKiiEEE5countERS5_(
// CHECK: call void @maprt_cxx_checkmapread_end(ptr @g)
static void unlockMu() { mu.unlock(); }
long helperLoop(int n) {
  long s = 0;
  for (int i = 0; i < n; i++) {
    mu.lock();
    s += g.count(i);
    unlockMu();
  }
  return s;
}

// Two containers: a region each, with flags of their own; every exit ends
// both, in the order of the containers' first calls.
// CHECK-LABEL: define {{.*}} @_Z7twoMapsi(
// CHECK: %[[GR:[0-9]+]] = alloca i1
// CHECK-NEXT: %[[HW:[0-9]+]] = alloca i1
// CHECK: store i1 false, ptr %[[GR]]
// CHECK-NEXT: store i1 false, ptr %[[HW]]
// CHECK-NOT: maprt_cxx
// CHECK: load i1, ptr %[[GR]]
// CHECK: call void @maprt_cxx_checkmapread(ptr @g,
// CHECK-NEXT: store i1 true, ptr %[[GR]]
// CHECK: invoke {{.*}}5countERS5_(ptr {{.*}} @g,
// CHECK-NOT: maprt_cxx
// CHECK: load i1, ptr %[[HW]]
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite(ptr @h,
// CHECK-NEXT: store i1 true, ptr %[[HW]]
// CHECK: invoke {{.*}}ixERS5_(ptr {{.*}} @h,
// CHECK-NOT: maprt_cxx
// CHECK: load i1, ptr %[[GR]]
// CHECK: call void @maprt_cxx_checkmapread_end(ptr @g)
// CHECK: load i1, ptr %[[HW]]
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite_end(ptr @h)
// CHECK-NOT: maprt_cxx
// CHECK: ret void
// CHECK: landingpad
// CHECK-NEXT: cleanup
// CHECK-NEXT: load i1, ptr %[[GR]]
// CHECK: call void @maprt_cxx_checkmapread_end(ptr @g)
// CHECK: load i1, ptr %[[HW]]
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite_end(ptr @h)
// CHECK-NOT: maprt_cxx
// CHECK: resume
//
// O2-LABEL: define {{.*}} @_Z7twoMapsi(
// O2-DAG: call void @maprt_cxx_checkmapread(ptr nonnull @g,
// O2-DAG: call void @maprt_cxx_checkmapconcurrentwrite(ptr nonnull @h,
// O2-DAG: call void @maprt_cxx_checkmapread_end(ptr nonnull @g)
// O2-DAG: call void @maprt_cxx_checkmapconcurrentwrite_end(ptr nonnull @h)
void twoMaps(int n) {
  for (int i = 0; i < n; i++)
    h[i] = g.count(i);
}

// Five containers: more flags and ends than a region is worth; per call.
// CHECK-LABEL: define {{.*}} @_Z8fiveMapsi(
// CHECK-NOT: alloca i1
// CHECK: call void @maprt_cxx_checkmapread(ptr @g,
// CHECK-NEXT: invoke {{.*}}5countERS5_(ptr {{.*}} @g,
// CHECK: call void @maprt_cxx_checkmapread_end(ptr @g)
std::unordered_map<int, int> m3, m4, m5;
void fiveMaps(int n) {
  for (int i = 0; i < n; i++)
    h[i] = g.count(i) + m3.count(i) + m4.count(i) + m5.count(i);
}

// The outer loop locks, the inner one does not: the inner loop is the
// region, inside the critical section; its unwind edge leads to the lock
// guard's cleanup, which ends the region first.
// CHECK-LABEL: define {{.*}} @_Z9innerOnlyi(
// CHECK: call void @_ZNSt10lock_guardISt5mutexEC{{[12]}}ERS0_(
// CHECK-NOT: maprt_cxx
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite(ptr @g,
// CHECK-NOT: maprt_cxx
// CHECK: invoke {{.*}} @_ZNSt13unordered_mapIiiSt4hashIiESt8equal_toIiESaISt4pairIKiiEEEixERS5_(
// CHECK-NEXT: to label %{{[0-9]+}} unwind label %[[LP:[0-9]+]]
// CHECK: [[LP]]:
// CHECK-NEXT: landingpad
// CHECK-NEXT: cleanup
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite_end(ptr @g)
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite_end(ptr @g)
// CHECK-NOT: maprt_cxx
// CHECK: call void @_ZNSt10lock_guardISt5mutexED{{[12]}}Ev(
void innerOnly(int n) {
  for (int r = 0; r < n; r++) {
    std::lock_guard<std::mutex> lock(mu);
    for (int i = 0; i < n; i++)
      g[i] = r;
  }
}

// A container built and destroyed in the loop: not a region (a new
// container each time round).
// CHECK-LABEL: define {{.*}} @_Z9freshEachi(
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite(ptr %[[F:[0-9a-z]+]],
// CHECK: call void @maprt_cxx_container_destroyed(ptr %[[F]])
void keep(std::unordered_map<int, int> *);
void freshEach(int n) {
  for (int i = 0; i < n; i++) {
    std::unordered_map<int, int> f;
    f[i] = i;
    keep(&f);
  }
}

// Iteration alone keeps its check before every step.
// CHECK-LABEL: define {{.*}} @_Z7iteratev(
// CHECK: call void @maprt_cxx_checkmapiterate(ptr @g,
// CHECK: call void @maprt_cxx_checkmapiterate(ptr @g,
// CHECK-NEXT: call {{.*}} @_ZNSt8__detail14_Node_iteratorISt4pairIKiiELb0ELb0EEppEv(
long iterate() {
  long s = 0;
  for (auto &kv : g)
    s += kv.second;
  return s;
}

// An exception caught inside the loop does not leave the region; one of
// another type leaves it through the handler's resume (the region ends on
// that edge), and __cxa_end_catch, which may throw, gets the cleanup.
// CHECK-LABEL: define {{.*}} @_Z11catchInLoopi(
// CHECK: call void @maprt_cxx_checkmapread(ptr @g,
// CHECK-NOT: maprt_cxx
// CHECK: invoke {{.*}} @_ZNSt13unordered_mapIiiSt4hashIiESt8equal_toIiESaISt4pairIKiiEEE2atERS5_(ptr {{.*}} @g,
// CHECK-NOT: maprt_cxx
// CHECK: landingpad
// CHECK-NEXT: catch ptr @_ZTISt12out_of_range
// CHECK-NOT: maprt_cxx
// CHECK: call ptr @__cxa_begin_catch(
// CHECK-NOT: maprt_cxx
// CHECK: invoke void @__cxa_end_catch()
// CHECK-NEXT: to label %{{[0-9]+}} unwind label %[[LP:[0-9]+]]
// CHECK-NOT: maprt_cxx
// CHECK: call void @maprt_cxx_checkmapread_end(ptr @g)
// CHECK-NOT: maprt_cxx
// CHECK: ret i32
// CHECK: call void @maprt_cxx_checkmapread_end(ptr @g)
// CHECK-NOT: maprt_cxx
// CHECK: resume
// CHECK: [[LP]]:
// CHECK-NEXT: landingpad
// CHECK-NEXT: cleanup
// CHECK: call void @maprt_cxx_checkmapread_end(ptr @g)
// CHECK-NOT: maprt_cxx
// CHECK: resume
int catchInLoop(int n) {
  int missing = 0;
  for (int i = 0; i < n; i++) {
    try {
      missing += g.at(i);
    } catch (const std::out_of_range &) {
      missing++;
    }
  }
  return missing;
}

// A callee that may run a container's destructor (here a private map of
// sets, whose destructor destroys a set; inside the standard library such
// calls are not instrumented, so the runtime would not hear of a death):
// per call.
// CHECK-LABEL: define {{.*}} @_Z9innerDiesRKSt13unordered_setIiSt4hashIiESt8equal_toIiESaIiEE(
// CHECK-NOT: alloca i1
// CHECK: call void @maprt_cxx_checkmapread(ptr %[[C:[0-9]+]],
// CHECK-NEXT: invoke {{.*}} @_ZNKSt13unordered_setIiSt4hashIiESt8equal_toIiESaIiEE5countERKi(ptr {{.*}} %[[C]],
// CHECK: call void @maprt_cxx_checkmapread_end(ptr %[[C]])
static void churn(int i) {
  std::unordered_map<int, std::unordered_set<int>> local;
  local[i];
}
long innerDies(const std::unordered_set<int> &c) {
  long s = 0;
  for (int i = 0; i < 10; i++) {
    churn(i);
    s += c.count(i);
  }
  return s;
}

// std::set's destruction recurses (_Rb_tree::_M_erase calls itself): a
// loop that erases from a set, running no destructor of a container, is
// still a region.
// CHECK-LABEL: define {{.*}} @_Z8eraseSeti(
// CHECK: alloca i1
// CHECK-NOT: maprt_cxx
// CHECK: load i1
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite(ptr @ordered,
// CHECK-NEXT: store i1 true
// CHECK: invoke {{.*}} @_ZNSt3setIiSt4lessIiESaIiEE5eraseERKi(ptr {{.*}} @ordered,
std::set<int> ordered;
void eraseSet(int n) {
  for (int i = 0; i < n; i++)
    ordered.erase(i);
}

// String keys: hashing, copying and comparing a std::string call members
// compiled into libstdc++ (at -O0 even size() and data()); those are
// trusted, so a loop over a string-keyed map is a region too.
// CHECK-LABEL: define {{.*}} @_Z9bumpNamesRKNSt7__cxx1112basic_string
// CHECK: alloca i1
// CHECK-NOT: maprt_cxx
// CHECK: load i1
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite(ptr @[[NAMES:_Z5namesB5cxx11]],
// CHECK-NEXT: store i1 true
// CHECK-NOT: maprt_cxx_checkmapconcurrentwrite(
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite_end(ptr @[[NAMES]])
// O2-LABEL: define {{.*}} @_Z9bumpNamesRKNSt7__cxx1112basic_string
// O2-COUNT-1: call void @maprt_cxx_checkmapconcurrentwrite(
// O2-NOT: call void @maprt_cxx_checkmapconcurrentwrite(
// O2: {{^}}}
std::unordered_map<std::string, int> names;
void bumpNames(const std::string &k, int n) {
  for (int i = 0; i < n; i++)
    names[k]++;
}
