// annotate("map.nocheck") on a global, a local or a field, and
// annotate("map.norace") on a function turn the checks off there.
//
// RUN: %clangxx -fpass-plugin=%plugin -O0 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clangxx -fpass-plugin=%plugin -O2 -S -emit-llvm %s -o - | FileCheck %s
#include <map>
#include <unordered_map>

__attribute__((annotate("map.nocheck"))) std::unordered_map<int, int> trusted;
std::unordered_map<int, int> checked;
struct Cache {
  int hits;
  __attribute__((annotate("map.nocheck"))) std::map<int, int> entries;
};
Cache cache;

void consume(std::map<int, int> &);

// CHECK-LABEL: define {{.*}} @_Z12writeTrustedi(
// CHECK-NOT: maprt_cxx
// CHECK: ret void
void writeTrusted(int k) { trusted[k] = k; }

// CHECK-LABEL: define {{.*}} @_Z12writeCheckedi(
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite(ptr {{.*}}@checked,
void writeChecked(int k) { checked[k] = k; }

// CHECK-LABEL: define {{.*}} @_Z10writeFieldi(
// CHECK-NOT: maprt_cxx
// CHECK: ret void
void writeField(int k) { cache.entries[k] = k; }

// CHECK-LABEL: define {{.*}} @_Z6noRacei(
// CHECK-NOT: maprt_cxx
// CHECK: ret void
__attribute__((annotate("map.norace"))) void noRace(int k) { checked[k] = k; }

// Escapes, but the programmer vouches for it.
// CHECK-LABEL: define {{.*}} @_Z14annotatedLocalv(
// CHECK-NOT: maprt_cxx
// CHECK: ret i32
int annotatedLocal() {
  __attribute__((annotate("map.nocheck"))) std::map<int, int> m;
  m[1] = 2;
  consume(m);
  return m.size();
}
