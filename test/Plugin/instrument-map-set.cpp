// std::map and std::set: copy/move/swap/assign partners, free std functions
// on containers, destructors, and landing pads shared by a try block.
//
// The IR below spells libstdc++'s names; libcxx-instrument.cpp is libc++'s.
// UNSUPPORTED: libcxx
// RUN: %clangxx -fpass-plugin=%plugin -O0 -S -emit-llvm %s -o %t.ll
// RUN: FileCheck %s < %t.ll
// RUN: opt -passes=verify -disable-output %t.ll
// RUN: %clangxx -fpass-plugin=%plugin -O2 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=O2
#include <map>
#include <set>
#include <stdexcept>

std::map<int, int> gm;
std::set<int> gs;

// A copy reads its source.
// CHECK-LABEL: define {{.*}} @_Z6copyOfv(
// CHECK: call void @maprt_cxx_checkmapread(ptr @gm,
// CHECK-NEXT: invoke void @_ZNSt3mapIiiSt4lessIiESaISt4pairIKiiEEEC2ERKS6_(
// CHECK: call void @maprt_cxx_checkmapread_end(ptr @gm)
// O2-LABEL: define {{.*}} @_Z6copyOfv(
// O2: call void @maprt_cxx_checkmapread(ptr {{.*}}@gm,
// O2: call void @maprt_cxx_checkmapread_end(ptr {{.*}}@gm)
std::map<int, int> copyOf() { return gm; }

// swap writes both containers, member or free std::swap.
// CHECK-LABEL: define {{.*}} @_Z8swapWithRSt3map
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite(ptr @gm, ptr @[[S:__mapsafe_site[.0-9]*]])
// CHECK-NEXT: call void @maprt_cxx_checkmapconcurrentwrite(ptr %[[O:[0-9]+]], ptr @[[S]])
// CHECK-NEXT: call void @_ZNSt3mapIiiSt4lessIiESaISt4pairIKiiEEE4swapERS6_(ptr {{.*}} @gm, ptr {{.*}} %[[O]])
// CHECK-NEXT: call void @maprt_cxx_checkmapconcurrentwrite_end(ptr %[[O]])
// CHECK-NEXT: call void @maprt_cxx_checkmapconcurrentwrite_end(ptr @gm)
void swapWith(std::map<int, int> &other) { gm.swap(other); }

// CHECK-LABEL: define {{.*}} @_Z8freeSwapRSt3map
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite(ptr @gm,
// CHECK-NEXT: call void @maprt_cxx_checkmapconcurrentwrite(ptr %[[O:[0-9]+]],
// CHECK-NEXT: call void @_ZSt4swapIiiSt4lessIiESaISt4pairIKiiEEEvRSt3mapIT_T0_T1_T2_ESC_(ptr {{.*}} @gm, ptr {{.*}} %[[O]])
void freeSwap(std::map<int, int> &other) { std::swap(gm, other); }

// Comparing reads both sides.
// CHECK-LABEL: define {{.*}} @_Z4sameRKSt3set
// CHECK: call void @maprt_cxx_checkmapread(ptr %[[A:[0-9]+]],
// CHECK-NEXT: call void @maprt_cxx_checkmapread(ptr @gs,
// CHECK-NEXT: invoke {{.*}} @_ZSteqIiSt4lessIiESaIiEEbRKSt3setIT_T0_T1_ES9_(ptr {{.*}} %[[A]], ptr {{.*}} @gs)
bool same(const std::set<int> &a) { return a == gs; }

// Copy assignment writes the target and reads the source.
// CHECK-LABEL: define {{.*}} @_Z6assignRKSt3map
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite(ptr @gm,
// CHECK-NEXT: call void @maprt_cxx_checkmapread(ptr %[[O:[0-9]+]],
// CHECK-NEXT: invoke {{.*}} @_ZNSt3mapIiiSt4lessIiESaISt4pairIKiiEEEaSERKS6_(
// CHECK: call void @maprt_cxx_checkmapread_end(ptr %[[O]])
// CHECK-NEXT: call void @maprt_cxx_checkmapconcurrentwrite_end(ptr @gm)
void assign(const std::map<int, int> &other) { gm = other; }

// Destruction is a write, then the runtime forgets the address.
// CHECK-LABEL: define {{.*}} @_Z7destroyPSt3set
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite(ptr %[[P:[0-9]+]],
// CHECK-NEXT: call void @_ZNSt3setIiSt4lessIiESaIiEED2Ev(ptr {{.*}} %[[P]])
// CHECK-NEXT: call void @maprt_cxx_checkmapconcurrentwrite_end(ptr %[[P]])
// CHECK-NEXT: call void @maprt_cxx_container_destroyed(ptr %[[P]])
// CHECK: call void @_ZdlPvm(
void destroy(std::set<int> *p) { delete p; }

// Two invokes sharing one landing pad: each gets its own split landing pad
// that ends its own read before the catch.
// CHECK-LABEL: define {{.*}} @_Z5tryAti(
// CHECK: call void @maprt_cxx_checkmapread(ptr @gm,
// CHECK-NEXT: invoke {{.*}} @_ZNSt3mapIiiSt4lessIiESaISt4pairIKiiEEE2atERS3_(
// CHECK-NEXT: to label %[[OK1:[0-9]+]] unwind label %[[LP1:[0-9]+]]
// CHECK: [[OK1]]:
// CHECK-NEXT: call void @maprt_cxx_checkmapread_end(ptr @gm)
// CHECK: call void @maprt_cxx_checkmapread(ptr @gm,
// CHECK-NEXT: invoke {{.*}} @_ZNSt3mapIiiSt4lessIiESaISt4pairIKiiEEE2atERS3_(
// CHECK-NEXT: to label %[[OK2:[0-9]+]] unwind label %[[LP2:[0-9]+]]
// CHECK: [[OK2]]:
// CHECK-NEXT: call void @maprt_cxx_checkmapread_end(ptr @gm)
// CHECK: [[LP1]]:
// CHECK-NEXT: landingpad
// CHECK-NEXT: catch ptr @_ZTISt12out_of_range
// CHECK-NEXT: call void @maprt_cxx_checkmapread_end(ptr @gm)
// CHECK: [[LP2]]:
// CHECK-NEXT: landingpad
// CHECK-NEXT: catch ptr @_ZTISt12out_of_range
// CHECK-NEXT: call void @maprt_cxx_checkmapread_end(ptr @gm)
// CHECK: call ptr @__cxa_begin_catch
int tryAt(int k) {
  try {
    return gm.at(k) + gm.at(k + 1);
  } catch (const std::out_of_range &) {
    return -1;
  }
}
