// Checks around std::unordered_map members, placed before inlining at every
// -O level: writes, reads, iteration (begin() and every ++ of its iterator),
// end() left alone, and the end-of-access call on the unwind path too.
//
// The IR below spells libstdc++'s names; libcxx-instrument.cpp is libc++'s.
// UNSUPPORTED: libcxx
// RUN: %clangxx -fpass-plugin=%plugin -O0 -S -emit-llvm %s -o %t.ll
// RUN: FileCheck %s < %t.ll
// RUN: FileCheck %s --check-prefix=STD < %t.ll
// RUN: %clangxx -fpass-plugin=%plugin -O2 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=O2
// RUN: %clangxx -fpass-plugin=%plugin -O0 -g -S -emit-llvm %s -o - | FileCheck %s --check-prefix=SITE
// RUN: %clangxx -O0 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=PLAIN
#include <unordered_map>

// PLAIN-NOT: maprt_cxx
// CHECK-DAG: @[[SW:__mapsafe_site[.0-9]*]] = private unnamed_addr constant [{{[0-9]+}} x i8] c"write(int)\00"
// CHECK-DAG: @[[SL:__mapsafe_site[.0-9]*]] = private unnamed_addr constant [{{[0-9]+}} x i8] c"lookup(std::unordered_map<int, int, std::hash<int>, std::equal_to<int>, std::allocator<std::pair<int const, int>>> const&, int)\00"

std::unordered_map<int, int> g;

// CHECK-LABEL: define {{.*}} @_Z5writei(
// CHECK-SAME: personality ptr @__gxx_personality_v0
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite(ptr @g, ptr @[[SW]])
// CHECK-NEXT: invoke {{.*}} @_ZNSt13unordered_mapIiiSt4hashIiESt8equal_toIiESaISt4pairIKiiEEEixERS5_(ptr {{.*}} @g,
// CHECK-NEXT: to label %[[OK:[0-9]+]] unwind label %[[LP:[0-9]+]]
// CHECK: [[OK]]:
// CHECK-NEXT: call void @maprt_cxx_checkmapconcurrentwrite_end(ptr @g)
// CHECK: ret void
// CHECK: [[LP]]:
// CHECK-NEXT: landingpad
// CHECK-NEXT: cleanup
// CHECK-NEXT: call void @maprt_cxx_checkmapconcurrentwrite_end(ptr @g)
// CHECK-NEXT: resume
//
// O2-LABEL: define {{.*}} @_Z5writei(
// O2: call void @maprt_cxx_checkmapconcurrentwrite(ptr {{.*}}@g,
// O2: call void @maprt_cxx_checkmapconcurrentwrite_end(ptr {{.*}}@g)
// O2: landingpad
// O2: call void @maprt_cxx_checkmapconcurrentwrite_end(ptr {{.*}}@g)
// With -g the site is the call's file:line:col.
// SITE: c"{{.*}}instrument-unordered-map.cpp:[[@LINE+1]]:21\00"
void write(int k) { g[k] = 1; }

// A reference parameter is checked; end() reads no container state.
// CHECK-LABEL: define {{.*}} @_Z6lookupRKSt13unordered_map
// CHECK: call void @maprt_cxx_checkmapread(ptr %[[M:[0-9]+]], ptr @[[SL]])
// CHECK-NEXT: invoke {{.*}} @_ZNKSt13unordered_mapIiiSt4hashIiESt8equal_toIiESaISt4pairIKiiEEE4findERS5_(ptr {{.*}} %[[M]],
// CHECK: call void @maprt_cxx_checkmapread_end(ptr %[[M]])
// CHECK-NOT: maprt_cxx
// CHECK: call {{.*}} @_ZNKSt13unordered_mapIiiSt4hashIiESt8equal_toIiESaISt4pairIKiiEEE3endEv(
// CHECK-NOT: maprt_cxx_checkmap{{.*}}(
// CHECK: landingpad
// CHECK-NEXT: cleanup
// CHECK-NEXT: call void @maprt_cxx_checkmapread_end(ptr %[[M]])
//
// O2-LABEL: define {{.*}} @_Z6lookupRKSt13unordered_map
// O2: call void @maprt_cxx_checkmapread(ptr {{.*}}%0,
// O2: call void @maprt_cxx_checkmapread_end(ptr {{.*}}%0)
bool lookup(const std::unordered_map<int, int> &m, int k) {
  return m.find(k) != m.end();
}

// Range-for: a check at begin() and one before each step, like Go's
// mapiternext. begin() does not throw, so no landing pad.
// CHECK-LABEL: define {{.*}} @_Z3sumRSt13unordered_map
// CHECK: call void @maprt_cxx_checkmapiterate(ptr %[[R:[0-9]+]], ptr @[[SI:__mapsafe_site[.0-9]*]])
// CHECK-NEXT: call {{.*}} @_ZNSt13unordered_mapIiiSt4hashIiESt8equal_toIiESaISt4pairIKiiEEE5beginEv(ptr {{.*}} %[[R]])
// CHECK-NOT: maprt_cxx
// CHECK: call {{.*}} @_ZNSt13unordered_mapIiiSt4hashIiESt8equal_toIiESaISt4pairIKiiEEE3endEv(
// CHECK-NOT: maprt_cxx
// CHECK: call void @maprt_cxx_checkmapiterate(ptr %[[R]], ptr @[[SI]])
// CHECK-NEXT: call {{.*}} @_ZNSt8__detail14_Node_iteratorISt4pairIKiiELb0ELb0EEppEv(
// CHECK-NOT: landingpad
// CHECK: ret i32
//
// O2-LABEL: define {{.*}} @_Z3sumRSt13unordered_map
// O2: call void @maprt_cxx_checkmapiterate(ptr {{.*}}%0,
// O2: call void @maprt_cxx_checkmapiterate(ptr {{.*}}%0,
int sum(std::unordered_map<int, int> &m) {
  int s = 0;
  for (auto &kv : m)
    s += kv.second;
  return s;
}

// size() is noexcept: no landing pad for it; count() gets one.
// CHECK-LABEL: define {{.*}} @_Z4sizev(
// CHECK: call void @maprt_cxx_checkmapread(ptr @g,
// CHECK-NEXT: call {{.*}} @_ZNKSt13unordered_mapIiiSt4hashIiESt8equal_toIiESaISt4pairIKiiEEE4sizeEv(ptr {{.*}} @g)
// CHECK-NEXT: call void @maprt_cxx_checkmapread_end(ptr @g)
// CHECK: call void @maprt_cxx_checkmapread(ptr @g,
// CHECK-NEXT: invoke {{.*}} @_ZNKSt13unordered_mapIiiSt4hashIiESt8equal_toIiESaISt4pairIKiiEEE5countERS5_(ptr {{.*}} @g,
unsigned long size() { return g.size() + g.count(3); }

// Members called from inside libstdc++ are not instrumented a second time.
// STD: define linkonce_odr {{.*}} @_ZNSt13unordered_mapIiiSt4hashIiESt8equal_toIiESaISt4pairIKiiEEEixERS5_(
// STD-NOT: maprt_cxx
// STD: ret ptr
