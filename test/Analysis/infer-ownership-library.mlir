// A module without @main: every public function is a root analysed on its
// own, its map arguments objects of their own, reached by "argument" edges
// (and "capture" edges from its tasks); values flow through select,
// iter_args and cf block arguments; an unknown op's result is "unknown".
// RUN: map-opt %s -allow-unregistered-dialect -map-infer-ownership | FileCheck %s

// CHECK-LABEL: func.func @lib(
// CHECK-SAME: %{{[a-z0-9]+}}: !map.map<i64, i64> {map.object = [[A:[0-9]+]] : i64}
// CHECK-SAME: %{{[a-z0-9]+}}: !map.map<i64, i64> {map.object = [[B:[0-9]+]] : i64}
// CHECK-SAME: map.objects = ["argument:[[B]]", "argument:[[A]]"], map.owner = [[LIB:[0-9]+]] : i64
func.func @lib(%a: !map.map<i64, i64>, %b: !map.map<i64, i64>, %c: i1, %k: i64) {
  %s = arith.select %c, %a, %b : !map.map<i64, i64>
  // CHECK: map.assign {{.*}} {map.live_owners = array<i64: [[LIB]]>, map.objects = {{\[}}[[A]], [[B]]]}
  map.assign %k, %s[%k] : !map.map<i64, i64>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %c1 step %c1 iter_args(%it = %a) -> (!map.map<i64, i64>) {
    scf.yield %b : !map.map<i64, i64>
  }
  cf.br ^next(%r : !map.map<i64, i64>)
^next(%m: !map.map<i64, i64>):
  // CHECK: map.delete {{.*}} {map.live_owners = array<i64: [[LIB]]>, map.objects = {{\[}}[[A]], [[B]]]}
  map.delete %m[%k] : !map.map<i64, i64>
  %u = "test.produce"() : () -> !map.map<i64, i64>
  // CHECK: map.len {{.*}} {map.objects = "unknown"}
  %n = map.len %u : !map.map<i64, i64>
  return
}

// CHECK-LABEL: func.func @other(
// CHECK-SAME: map.owner = [[OTHER:[0-9]+]] : i64
func.func @other(%a: !map.map<i64, i64>, %k: i64) {
  // CHECK: map.lookup {{.*}} {map.live_owners = array<i64: [[OTHER]]>
  %v, %ok = map.lookup %a[%k] : !map.map<i64, i64>
  return
}

// CHECK-LABEL: func.func @spawn(
// CHECK-SAME: %{{[a-z0-9]+}}: !map.map<i64, i64> {map.object = [[S:[0-9]+]] : i64}
// CHECK-SAME: map.objects = ["argument:[[S]]"]
func.func @spawn(%a: !map.map<i64, i64>, %k: i64) {
  map.assign %k, %a[%k] : !map.map<i64, i64>
  %g = map.group
  // CHECK: map.go %{{.*}} attributes {map.objects = ["capture:[[S]]"]
  map.go %g {
    %v, %ok = map.lookup %a[%k] : !map.map<i64, i64>
    map.yield
  }
  map.wait %g
  return
}
