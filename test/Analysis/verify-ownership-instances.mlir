// Task instances in --map-verify-ownership: what a task that runs more than
// once makes (maps, mutexes) belongs to one instance, and a task that starts
// itself shares what one instance made with another. Each safe program has
// unsafe twins that must stay rejected.
// RUN: map-opt %s -split-input-file -map-verify-ownership -verify-diagnostics

// a task that starts itself (through a call in its body) hands the map it
// made to two new instances of itself, one under a new mutex and one under
// the old: two instances of one task share a map made by a third
func.func private @f(%p: !map.mutex, %q: !map.map<i64, i64>, %n: i64) {
  map.go {
  // expected-note @-1 {{the map is shared with the task started here}}
    map.lock %p
    map.assign %n, %q[%n] : !map.map<i64, i64>
    // expected-note @-1 {{the write happens in the callee here}}
    map.unlock %p
    %zero = arith.constant 0 : i64
    %more = arith.cmpi sgt, %n, %zero : i64
    scf.if %more {
      %one = arith.constant 1 : i64
      %next = arith.subi %n, %one : i64
      %mu = map.mutex
      %m = map.make {concurrent} : !map.map<i64, i64>
      // expected-note @-1 {{map declared 'concurrent' here}}
      func.call @f(%mu, %m, %next) : (!map.mutex, !map.map<i64, i64>, i64) -> ()
      func.call @f(%p, %m, %next) : (!map.mutex, !map.map<i64, i64>, i64) -> ()
    }
    map.yield
  }
  return
}
func.func @main() -> i32 {
  %n = arith.constant 3 : i64
  %mu = map.mutex
  %m = map.make {nocheck} : !map.map<i64, i64>
  func.call @f(%mu, %m, %n) : (!map.mutex, !map.map<i64, i64>, i64) -> ()
  // expected-error @-1 {{concurrent map writes: this write may run in parallel with another write of the same map}}
  // expected-note @-2 {{the other write is this same access in another instance of the task}}
  // expected-note @-3 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// the same with a mutex made once per instance: two instances hold two
// mutexes around the writes to their parent instance's map
func.func private @f(%q: !map.map<i64, i64>, %n: i64) {
  map.go {
  // expected-note @-1 {{the map is shared with the task started here}}
    %mu = map.mutex
    map.lock %mu
    map.assign %n, %q[%n] : !map.map<i64, i64>
    // expected-note @-1 {{the write happens in the callee here}}
    map.unlock %mu
    %zero = arith.constant 0 : i64
    %more = arith.cmpi sgt, %n, %zero : i64
    scf.if %more {
      %one = arith.constant 1 : i64
      %next = arith.subi %n, %one : i64
      %m = map.make {concurrent} : !map.map<i64, i64>
      // expected-note @-1 {{map declared 'concurrent' here}}
      func.call @f(%m, %next) : (!map.map<i64, i64>, i64) -> ()
      func.call @f(%m, %next) : (!map.map<i64, i64>, i64) -> ()
    }
    map.yield
  }
  return
}
func.func @main() -> i32 {
  %n = arith.constant 3 : i64
  %m = map.make {nocheck} : !map.map<i64, i64>
  func.call @f(%m, %n) : (!map.map<i64, i64>, i64) -> ()
  // expected-error @-1 {{concurrent map writes: this write may run in parallel with another write of the same map}}
  // expected-note @-2 {{the other write is this same access in another instance of the task}}
  // expected-note @-3 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// a task started again by a task it starts: the outer instance writes while
// the inner one does
func.func private @f(%q: !map.map<i64, i64>, %n: i64) {
  map.go {
  // expected-note @-1 {{the map is shared with the task started here}}
    %zero = arith.constant 0 : i64
    %more = arith.cmpi sgt, %n, %zero : i64
    scf.if %more {
      %one = arith.constant 1 : i64
      %next = arith.subi %n, %one : i64
      func.call @g(%q, %next) : (!map.map<i64, i64>, i64) -> ()
    }
    map.assign %n, %q[%n] : !map.map<i64, i64>
    // expected-note @-1 {{the write happens in the callee here}}
    map.yield
  }
  return
}
func.func private @g(%q: !map.map<i64, i64>, %n: i64) {
  map.go {
    func.call @f(%q, %n) : (!map.map<i64, i64>, i64) -> ()
    map.yield
  }
  return
}
func.func @main() -> i32 {
  %n = arith.constant 3 : i64
  %m = map.make {concurrent} : !map.map<i64, i64>
  // expected-note @-1 {{map declared 'concurrent' here}}
  func.call @f(%m, %n) : (!map.map<i64, i64>, i64) -> ()
  // expected-error @-1 {{concurrent map writes: this write may run in parallel with another write of the same map}}
  // expected-note @-2 {{the other write is this same access in another instance of the task}}
  // expected-note @-3 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
  %z = arith.constant 0 : i32
  return %z : i32
}
