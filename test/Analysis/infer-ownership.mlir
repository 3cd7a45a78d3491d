// The attributes --map-infer-ownership records (docs/ownership.md): object
// ids, owners and their edges, the objects each access may touch and its
// live owners.
// RUN: map-opt %s -map-infer-ownership | FileCheck %s
// RUN: map-opt %s -map-infer-ownership | map-opt -map-infer-ownership | FileCheck %s

// CHECK: map.global @cache {concurrent, map.object = [[CACHE:[0-9]+]] : i64}
map.global @cache {concurrent} : !map.map<i64, i64>

// A callee is analysed in its callers' contexts: its accesses name their
// parameter and are live in the owners that call it.
// CHECK-LABEL: func.func private @bump(
// CHECK: map.assign {{.*}} {map.live_owners = array<i64: [[MAIN:[0-9]+]], [[TASK:[0-9]+]]>, map.objects = ["arg0"]}
func.func private @bump(%m: !map.map<i64, i64>, %k: i64) {
  map.assign %k, %m[%k] : !map.map<i64, i64>
  return
}

// CHECK-LABEL: func.func @main()
// CHECK-SAME: map.objects = ["create:[[SHARED:[0-9]+]]"], map.owner = [[MAIN]] : i64
func.func @main() -> i32 {
  %k = arith.constant 1 : i64
  // CHECK: map.make {map.object = [[SHARED]] : i64}
  %shared = map.make : !map.map<i64, i64>
  // CHECK: map.mutex {map.object = {{[0-9]+}} : i64}
  %mu = map.mutex
  // CHECK: map.group {map.object = {{[0-9]+}} : i64}
  %g = map.group
  // CHECK: map.go %{{.*}} attributes {map.objects = ["create:[[OWN:[0-9]+]]", "argument:[[SHARED]]", "global:[[CACHE]]"], map.owner = [[TASK]] : i64}
  map.go %g {
    // A map made in the task is the task's alone.
    // CHECK: map.make {map.object = [[OWN]] : i64}
    %own = map.make : !map.map<i64, i64>
    // CHECK: map.assign {{.*}} {map.live_owners = array<i64: [[TASK]]>, map.objects = {{\[}}[[OWN]]]}
    map.assign %k, %own[%k] : !map.map<i64, i64>
    map.lock %mu
    func.call @bump(%shared, %k) : (!map.map<i64, i64>, i64) -> ()
    map.unlock %mu
    %c = map.get_global @cache : !map.map<i64, i64>
    // CHECK: map.lookup {{.*}} {map.live_owners = array<i64: [[TASK]]>, map.objects = {{\[}}[[CACHE]]]}
    %v, %ok = map.lookup %c[%k] : !map.map<i64, i64>
    map.yield
  }
  // Before the wait, the task may touch %shared too.
  // CHECK: map.len {{.*}} {map.live_owners = array<i64: [[MAIN]], [[TASK]]>, map.objects = {{\[}}[[SHARED]]]}
  %n = map.len %shared : !map.map<i64, i64>
  map.wait %g
  // After it, main owns %shared alone.
  // CHECK: map.clear {{.*}} {map.live_owners = array<i64: [[MAIN]]>, map.objects = {{\[}}[[SHARED]]]}
  map.clear %shared : !map.map<i64, i64>
  %z = arith.constant 0 : i32
  return %z : i32
}

// Not reached from @main: not analysed.
// CHECK-LABEL: func.func private @unused(
// CHECK: map.clear %{{[^ ]*}} : !map.map<i64, i64>
func.func private @unused(%m: !map.map<i64, i64>) {
  map.clear %m : !map.map<i64, i64>
  return
}
