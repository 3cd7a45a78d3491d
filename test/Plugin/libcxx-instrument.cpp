// The real libc++ headers (Debian's libc++-22-dev, installed by ./dev): its
// containers are std::__1::..., many members carry an ABI tag
// (find[abi:...]), and rehashing calls std::__1::__next_prime in the
// library. The same members are checked as under libstdc++, loop regions
// form, and a local container is elided. Runs in the libc++ pass over
// test/Plugin (lit --param stdlib=libc++, ctest lit-Plugin-libc++), where
// every other test of this directory runs against libc++ as well.
//
// REQUIRES: libcxx
// RUN: %clangxx -fpass-plugin=%plugin -O0 -S -emit-llvm %s -o %t.ll
// RUN: FileCheck %s < %t.ll
// RUN: opt -passes=verify -disable-output %t.ll
// RUN: %clangxx -fpass-plugin=%plugin -O2 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=O2
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

std::unordered_map<int, int> g;
std::map<int, int> gm;
std::set<int> gs;
std::unordered_set<int> gu;

// CHECK-LABEL: define {{.*}} @_Z5writei(
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite(ptr @g,
// CHECK-NEXT: invoke {{.*}} @_ZNSt3__113unordered_mapIiiNS_4hashIiEENS_8equal_toIiEENS_9allocatorINS_4pairIKiiEEEEEixERS7_(ptr {{.*}} @g,
// CHECK-NEXT: to label %[[OK:[0-9]+]] unwind label %[[LP:[0-9]+]]
// CHECK: [[OK]]:
// CHECK-NEXT: call void @maprt_cxx_checkmapconcurrentwrite_end(ptr @g)
// CHECK: [[LP]]:
// CHECK-NEXT: landingpad
// CHECK-NEXT: cleanup
// CHECK-NEXT: call void @maprt_cxx_checkmapconcurrentwrite_end(ptr @g)
// O2-LABEL: define {{.*}} @_Z5writei(
// O2: call void @maprt_cxx_checkmapconcurrentwrite(ptr {{.*}}@g,
// O2: call void @maprt_cxx_checkmapconcurrentwrite_end(ptr {{.*}}@g)
void write(int k) { g[k] = 1; }

// find[abi:...] is a read; end() is not checked.
// CHECK-LABEL: define {{.*}} @_Z6lookupi(
// CHECK: call void @maprt_cxx_checkmapread(ptr @g,
// CHECK-NEXT: invoke {{.*}} @_ZNSt3__113unordered_mapIiiNS_4hashIiEENS_8equal_toIiEENS_9allocatorINS_4pairIKiiEEEEE4findB{{[0-9a-z]+}}ERS7_(ptr {{.*}} @g,
// CHECK: call void @maprt_cxx_checkmapread_end(ptr @g)
// CHECK-NOT: maprt_cxx
// CHECK: call {{.*}} @_ZNSt3__113unordered_mapIiiNS_4hashIiEENS_8equal_toIiEENS_9allocatorINS_4pairIKiiEEEEE3endB{{[0-9a-z]+}}Ev(
// CHECK: ret i1
bool lookup(int k) { return g.find(k) != g.end(); }

// Range-for: an iteration check at begin() and at every ++.
// CHECK-LABEL: define {{.*}} @_Z3sumv(
// CHECK: call void @maprt_cxx_checkmapiterate(ptr @g, ptr @[[SI:__mapsafe_site[.0-9]*]])
// CHECK-NEXT: call {{.*}} @_ZNSt3__113unordered_mapIiiNS_4hashIiEENS_8equal_toIiEENS_9allocatorINS_4pairIKiiEEEEE5beginB{{[0-9a-z]+}}Ev(ptr {{.*}} @g)
// CHECK: call void @maprt_cxx_checkmapiterate(ptr @g, ptr @[[SI]])
// CHECK-NEXT: call {{.*}} @_ZNSt3__119__hash_map_iterator{{.*}}ppB{{[0-9a-z]+}}Ev(
long sum() {
  long s = 0;
  for (auto &kv : g)
    s += kv.second;
  return s;
}

// std::map, std::set and std::unordered_set writes.
// CHECK-LABEL: define {{.*}} @_Z10insertTreei(
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite(ptr @gm,
// CHECK-NEXT: invoke {{.*}} @_ZNSt3__13mapIiiNS_4lessIiEENS_9allocatorINS_4pairIKiiEEEEE6insertB{{[0-9a-z]+}}EOS6_(ptr {{.*}} @gm,
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite_end(ptr @gm)
void insertTree(int k) { gm.insert({k, k}); }
// CHECK-LABEL: define {{.*}} @_Z8eraseSeti(
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite(ptr @gs,
// CHECK-NEXT: invoke {{.*}} @_ZNSt3__13setIiNS_4lessIiEENS_9allocatorIiEEE5eraseB{{[0-9a-z]+}}ERKi(ptr {{.*}} @gs,
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite_end(ptr @gs)
void eraseSet(int k) { gs.erase(k); }
// CHECK-LABEL: define {{.*}} @_Z13insertHashSeti(
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite(ptr @gu,
// CHECK-NEXT: invoke {{.*}} @_ZNSt3__113unordered_setIiNS_4hashIiEENS_8equal_toIiEENS_9allocatorIiEEE6insertB{{[0-9a-z]+}}ERKi(ptr {{.*}} @gu,
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite_end(ptr @gu)
void insertHashSet(int k) { gu.insert(k); }

// A loop of reads is one region: nothing in libc++'s count (nor the
// __next_prime a rehash would call) can synchronise.
// CHECK-LABEL: define {{.*}} @_Z8readLoopi(
// CHECK: %[[R:[0-9]+]] = alloca i1
// CHECK: store i1 false, ptr %[[R]]
// CHECK: load i1, ptr %[[R]]
// CHECK: call void @maprt_cxx_checkmapread(ptr @g,
// CHECK-NEXT: store i1 true, ptr %[[R]]
// CHECK: invoke {{.*}} @_ZNKSt3__113unordered_mapIiiNS_4hashIiEENS_8equal_toIiEENS_9allocatorINS_4pairIKiiEEEEE5countB{{[0-9a-z]+}}ERS7_(ptr {{.*}} @g,
// CHECK-NOT: maprt_cxx
// CHECK: load i1, ptr %[[R]]
// CHECK: call void @maprt_cxx_checkmapread_end(ptr @g)
// O2-LABEL: define {{.*}} @_Z8readLoopi(
// O2-COUNT-1: call void @maprt_cxx_checkmapread(
// O2-NOT: call void @maprt_cxx_checkmapread(
// O2: {{^}}}
long readLoop(int n) {
  long s = 0;
  for (int i = 0; i < n; i++)
    s += g.count(i);
  return s;
}

// Writes in a loop, ditto: operator[] may rehash (__next_prime, in the
// library, trusted) and throw (std::length_error, built by the library's
// constructors, trusted); libc++'s tree code is all inline.
// CHECK-LABEL: define {{.*}} @_Z8fillHashi(
// CHECK: %[[W:[0-9]+]] = alloca i1
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite(ptr @g,
// CHECK-NEXT: store i1 true, ptr %[[W]]
// CHECK-NOT: maprt_cxx_checkmapconcurrentwrite(
// CHECK: {{^}}}
void fillHash(int n) {
  for (int i = 0; i < n; i++)
    g[i] = i;
}
// CHECK-LABEL: define {{.*}} @_Z8fillTreei(
// CHECK: %[[W:[0-9]+]] = alloca i1
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite(ptr @gs,
// CHECK-NEXT: store i1 true, ptr %[[W]]
// CHECK-NOT: maprt_cxx_checkmapconcurrentwrite(
// CHECK: {{^}}}
void fillTree(int n) {
  for (int i = 0; i < n; i++)
    gs.insert(i);
}

// A local used only through its own members: no check at all.
// CHECK-LABEL: define {{.*}} @_Z5locali(
// CHECK-NOT: maprt_cxx
// CHECK: {{^}}}
// O2-LABEL: define {{.*}} @_Z5locali(
// O2-NOT: maprt_cxx
// O2: {{^}}}
int local(int n) {
  std::map<int, int> m;
  for (int i = 0; i < n; i++)
    m[i] = i;
  return m.size();
}
