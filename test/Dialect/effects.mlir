// Declared effects keep upstream cleanups honest: two lookups separated by
// an assign stay two, while two adjacent lookups merge and an unused make
// is dropped. Task and mutex ops are never moved or removed.
// RUN: map-opt %s -canonicalize -cse | FileCheck %s

// CHECK-LABEL: func.func @lookup_assign_lookup
// CHECK: map.lookup
// CHECK-NEXT: map.assign
// CHECK-NEXT: map.lookup
func.func @lookup_assign_lookup(%m: !map.map<i64, i64>, %k: i64, %v: i64) -> (i64, i64) {
  %a, %fa = map.lookup %m[%k] : !map.map<i64, i64>
  map.assign %v, %m[%k] : !map.map<i64, i64>
  %b, %fb = map.lookup %m[%k] : !map.map<i64, i64>
  return %a, %b : i64, i64
}

// CHECK-LABEL: func.func @adjacent_lookups
// CHECK: map.lookup
// CHECK-NOT: map.lookup
// CHECK: return
func.func @adjacent_lookups(%m: !map.map<i64, i64>, %k: i64) -> (i64, i64) {
  %a, %fa = map.lookup %m[%k] : !map.map<i64, i64>
  %b, %fb = map.lookup %m[%k] : !map.map<i64, i64>
  return %a, %b : i64, i64
}

// A lookup in another task may see a different value: no merging across a
// map.go or a lock.
// CHECK-LABEL: func.func @across_sync
// CHECK: map.lookup
// CHECK: map.lock
// CHECK: map.lookup
// CHECK: map.unlock
func.func @across_sync(%m: !map.map<i64, i64>, %k: i64, %mu: !map.mutex) -> (i64, i64) {
  %a, %fa = map.lookup %m[%k] : !map.map<i64, i64>
  map.lock %mu
  %b, %fb = map.lookup %m[%k] : !map.map<i64, i64>
  map.unlock %mu
  return %a, %b : i64, i64
}

// CHECK-LABEL: func.func @dead_make
// CHECK-NOT: map.make
// CHECK: map.go
func.func @dead_make() {
  %unused = map.make : !map.map<i64, i64>
  map.go {
    map.yield
  }
  return
}
