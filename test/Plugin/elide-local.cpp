// Ownership inference: a local container whose address reaches nothing but
// its own member calls (range-for's __range slot included) gets no checks,
// at -O0 and -O2. Any other use of the address -- an argument, a capture, a
// constructor of an enclosing object -- keeps them.
//
// The IR below spells libstdc++'s names; libcxx-instrument.cpp is libc++'s.
// UNSUPPORTED: libcxx
// RUN: %clangxx -fpass-plugin=%plugin -O0 -S -emit-llvm %s -o %t.ll
// RUN: FileCheck %s < %t.ll
// RUN: FileCheck %s --check-prefix=LAMBDA < %t.ll
// RUN: %clangxx -fpass-plugin=%plugin -O2 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=O2
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

void consume(std::map<int, int> &);

// CHECK-LABEL: define {{.*}} @_Z12privateLocalv(
// CHECK-NOT: maprt_cxx
// CHECK: ret i32
// O2-LABEL: define {{.*}} @_Z12privateLocalv(
// O2-NOT: maprt_cxx
// O2: ret i32
int privateLocal() {
  std::map<int, int> m;
  std::unordered_map<int, int> u;
  for (int i = 0; i < 10; ++i) {
    m[i] = i;
    u.emplace(i, i);
  }
  int s = 0;
  for (auto &kv : m)
    s += kv.second;
  for (auto it = u.begin(); it != u.end(); ++it)
    s += it->second;
  std::map<int, int> &alias = m;
  return s + alias.count(3) + m.size() + u.size();
}

// CHECK-LABEL: define {{.*}} @_Z13escapesToCallv(
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite(ptr %[[M:[0-9]+]],
// CHECK: {{call|invoke}} void @_Z7consumeRSt3mapIiiSt4lessIiESaISt4pairIKiiEEE(ptr {{.*}} %[[M]])
// CHECK: call void @maprt_cxx_checkmapread(ptr %[[M]],
// CHECK: call void @maprt_cxx_container_destroyed(ptr %[[M]])
// O2-LABEL: define {{.*}} @_Z13escapesToCallv(
// O2: call void @maprt_cxx_checkmapconcurrentwrite(
// O2: call void @maprt_cxx_checkmapread(
int escapesToCall() {
  std::map<int, int> m;
  m[1] = 2;
  consume(m);
  return m.size();
}

// Captured by reference: the lambda body (a function of its own) is
// checked, and so is the capturing function.
// CHECK-LABEL: define {{.*}} @_Z15escapesToLambdav(
// CHECK: call void @maprt_cxx_checkmapread(
// LAMBDA-LABEL: define {{.*}} @"_ZZ15escapesToLambdavENK3$_0clEv"(
// LAMBDA: call void @maprt_cxx_checkmapconcurrentwrite(
int escapesToLambda() {
  std::set<int> s;
  std::function<void()> f = [&s] { s.insert(1); };
  f();
  return s.size();
}

// A member of a local object: the object's constructor sees the address.
// CHECK-LABEL: define {{.*}} @_Z12fieldOfLocalv(
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite(
struct Holder {
  int x;
  std::map<int, int> m;
};
int fieldOfLocal() {
  Holder h;
  h.m[1] = 2;
  return h.m.size();
}

// Heap containers are shared as soon as the pointer is.
// CHECK-LABEL: define {{.*}} @_Z6newSetv(
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite(
std::set<int> *newSet() {
  std::set<int> *p = new std::set<int>;
  p->insert(1);
  return p;
}
