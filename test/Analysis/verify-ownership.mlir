// Every finding of --map-verify-ownership, with each of its notes, over the
// situations SPEC §3 describes: package-level maps under many tasks, loops
// spawning workers, waits on some paths, cf control flow, aliasing through
// select and iter_args, locks held by callers or taken by callees, read
// locks, nested and recursive tasks, fire-and-forget tasks, ownership handed
// to a task, scf.parallel iterations, nocheck, plain maps (warnings), unknown
// ops, mutex and group instances, and writes during a
// map's own iteration. Each unsafe case has a safe twin without diagnostics.
// RUN: map-opt %s -split-input-file -allow-unregistered-dialect -map-verify-ownership -verify-diagnostics

// package-level map, many request tasks, no lock
map.global @cache {concurrent} : !map.map<i64, i64>
// expected-note @-1 {{map declared 'concurrent' here}}
func.func @handle(%k: i64) {
  %m = map.get_global @cache : !map.map<i64, i64>
  %v, %ok = map.lookup %m[%k] : !map.map<i64, i64>
  // expected-note @-1 {{the other read is here, reached through the same call in another instance of the task}}
  %one = arith.constant 1 : i64
  %n = arith.addi %v, %one : i64
  map.assign %n, %m[%k] : !map.map<i64, i64>
  // expected-note @-1 {{the write happens in the callee here}}
  return
}
func.func @main() -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %g = map.group
  scf.for %i = %c0 to %c8 step %c1 {
    %k = arith.index_cast %i : index to i64
    map.go %g {
    // expected-note @-1 {{the map is shared with the task started here}}
      func.call @handle(%k) : (i64) -> ()
      // expected-error @-1 {{concurrent map writes: this write may run in parallel with another write of the same map}}
      // expected-note @-2 {{the other write is this same access in another instance of the task}}
      // expected-note @-3 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
      // expected-error @-4 {{concurrent map read and map write: this write may run in parallel with a read of the same map}}
      map.yield
    }
  }
  map.wait %g
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// same, fixed with a lock in the handler
map.global @cache {concurrent} : !map.map<i64, i64>
func.func @handle(%k: i64, %mu: !map.mutex) {
  %m = map.get_global @cache : !map.map<i64, i64>
  map.lock %mu
  %v, %ok = map.lookup %m[%k] : !map.map<i64, i64>
  map.assign %v, %m[%k] : !map.map<i64, i64>
  map.unlock %mu
  return
}
func.func @main() -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %mu = map.mutex
  %g = map.group
  scf.for %i = %c0 to %c8 step %c1 {
    %k = arith.index_cast %i : index to i64
    map.go %g {
      func.call @handle(%k, %mu) : (i64, !map.mutex) -> ()
      map.yield
    }
  }
  map.wait %g
  %m = map.get_global @cache : !map.map<i64, i64>
  %n = map.len %m : !map.map<i64, i64>
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// workers with private maps; wait inside the loop vs after
func.func @main() -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %k = arith.constant 7 : i64
  %shared = map.make {concurrent} : !map.map<i64, i64>
  %g = map.group
  scf.for %i = %c0 to %c8 step %c1 {
    map.go %g {
      %own = map.make {concurrent} : !map.map<i64, i64>
      map.assign %k, %own[%k] : !map.map<i64, i64>
      map.yield
    }
    map.go %g {
      map.assign %k, %shared[%k] : !map.map<i64, i64>
      map.yield
    }
    map.wait %g
  }
  map.assign %k, %shared[%k] : !map.map<i64, i64>
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// workers on a shared map waited only after the loop
func.func @main() -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %k = arith.constant 7 : i64
  %shared = map.make {concurrent} : !map.map<i64, i64>
  // expected-note @-1 {{map declared 'concurrent' here}}
  %g = map.group
  scf.for %i = %c0 to %c8 step %c1 {
    map.go %g {
    // expected-note @-1 {{the map is shared with the task started here}}
      map.assign %k, %shared[%k] : !map.map<i64, i64>
      // expected-error @-1 {{concurrent map writes: this write may run in parallel with another write of the same map}}
      // expected-note @-2 {{the other write is this same access in another instance of the task}}
      // expected-note @-3 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
      map.yield
    }
  }
  map.wait %g
  map.assign %k, %shared[%k] : !map.map<i64, i64>
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// wait on one branch only
func.func private @flip() -> i1
func.func @main() -> i32 {
  %k = arith.constant 7 : i64
  %cond = func.call @flip() : () -> i1
  %m = map.make {concurrent} : !map.map<i64, i64>
  // expected-note @-1 {{map declared 'concurrent' here}}
  %g = map.group
  map.go %g {
  // expected-note @-1 {{the map is shared with the task started here}}
    map.assign %k, %m[%k] : !map.map<i64, i64>
    // expected-error @-1 {{concurrent map read and map write: this write may run in parallel with a read of the same map}}
    // expected-note @-2 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
    map.yield
  }
  scf.if %cond {
    map.wait %g
  }
  %v, %ok = map.lookup %m[%k] : !map.map<i64, i64>
  // expected-note @-1 {{the other read is here}}
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// a branch on a constant: only the branch taken runs, so the wait under
// `true` always happens and the write under `false` never does
func.func @main() -> i32 {
  %k = arith.constant 7 : i64
  %yes = arith.constant true
  %no = arith.constant false
  %m = map.make {concurrent} : !map.map<i64, i64>
  %g = map.group
  map.go %g {
    map.assign %k, %m[%k] : !map.map<i64, i64>
    map.yield
  }
  scf.if %no {
    map.clear %m : !map.map<i64, i64>
  }
  scf.if %yes {
    map.wait %g
  }
  %v, %ok = map.lookup %m[%k] : !map.map<i64, i64>
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// unstructured control flow: both paths wait
func.func private @flip() -> i1
func.func @main() -> i32 {
  %k = arith.constant 7 : i64
  %cond = func.call @flip() : () -> i1
  %m = map.make {concurrent} : !map.map<i64, i64>
  %g = map.group
  map.go %g {
    map.delete %m[%k] : !map.map<i64, i64>
    map.yield
  }
  cf.cond_br %cond, ^a, ^b
^a:
  map.wait %g
  cf.br ^join
^b:
  map.wait %g
  cf.br ^join
^join:
  map.clear %m : !map.map<i64, i64>
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// unstructured control flow: one path skips the wait
func.func private @flip() -> i1
func.func @main() -> i32 {
  %k = arith.constant 7 : i64
  %cond = func.call @flip() : () -> i1
  %m = map.make {concurrent} : !map.map<i64, i64>
  // expected-note @-1 {{map declared 'concurrent' here}}
  %g = map.group
  map.go %g {
  // expected-note @-1 {{the map is shared with the task started here}}
    map.delete %m[%k] : !map.map<i64, i64>
    // expected-note @-1 {{the other write is here}}
    map.yield
  }
  cf.cond_br %cond, ^a, ^join
^a:
  map.wait %g
  cf.br ^join
^join:
  map.clear %m : !map.map<i64, i64>
  // expected-error @-1 {{concurrent map writes: this write may run in parallel with another write of the same map}}
  // expected-note @-2 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// select and iter_args aliasing
func.func private @flip() -> i1
func.func @main() -> i32 {
  %k = arith.constant 7 : i64
  %cond = func.call @flip() : () -> i1
  %a = map.make {concurrent} : !map.map<i64, i64>
  // expected-note @-1 {{map declared 'concurrent' here}}
  %b = map.make : !map.map<i64, i64>
  %s = arith.select %cond, %b, %a : !map.map<i64, i64>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%it = %b) -> (!map.map<i64, i64>) {
    scf.yield %s : !map.map<i64, i64>
  }
  map.go {
  // expected-note @-1 {{the map is shared with the task started here}}
    map.assign %k, %r[%k] : !map.map<i64, i64>
    // expected-error @-1 {{concurrent map read and map write: this write may run in parallel with a read of the same map}}
    // expected-note @-2 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
    map.yield
  }
  %v, %ok = map.lookup %a[%k] : !map.map<i64, i64>
  // expected-note @-1 {{the other read is here}}
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// lock held by the caller around the call
func.func private @put(%m: !map.map<i64, i64>, %k: i64) {
  map.assign %k, %m[%k] : !map.map<i64, i64>
  return
}
func.func @main() -> i32 {
  %k = arith.constant 7 : i64
  %m = map.make {concurrent} : !map.map<i64, i64>
  %mu = map.mutex
  %g = map.group
  map.go %g {
    map.lock %mu
    func.call @put(%m, %k) : (!map.map<i64, i64>, i64) -> ()
    map.unlock %mu
    map.yield
  }
  map.lock %mu
  func.call @put(%m, %k) : (!map.map<i64, i64>, i64) -> ()
  map.unlock %mu
  map.wait %g
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// lock taken by the callee
func.func private @put(%m: !map.map<i64, i64>, %mu: !map.mutex, %k: i64) {
  map.lock %mu
  map.assign %k, %m[%k] : !map.map<i64, i64>
  map.unlock %mu
  return
}
func.func @main() -> i32 {
  %k = arith.constant 7 : i64
  %m = map.make {concurrent} : !map.map<i64, i64>
  %mu = map.mutex
  %g = map.group
  map.go %g {
    func.call @put(%m, %mu, %k) : (!map.map<i64, i64>, !map.mutex, i64) -> ()
    map.yield
  }
  func.call @put(%m, %mu, %k) : (!map.map<i64, i64>, !map.mutex, i64) -> ()
  map.wait %g
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// different mutexes passed to one callee
func.func private @put(%m: !map.map<i64, i64>, %mu: !map.mutex, %k: i64) {
  map.lock %mu
  map.assign %k, %m[%k] : !map.map<i64, i64>
  // expected-note @-1 {{the write happens in the callee here}}
  // expected-note @-2 {{the other write happens in the callee here}}
  map.unlock %mu
  return
}
func.func @main() -> i32 {
  %k = arith.constant 7 : i64
  %m = map.make {concurrent} : !map.map<i64, i64>
  // expected-note @-1 {{map declared 'concurrent' here}}
  %mu1 = map.mutex
  %mu2 = map.mutex
  %g = map.group
  map.go %g {
  // expected-note @-1 {{the map is shared with the task started here}}
    func.call @put(%m, %mu1, %k) : (!map.map<i64, i64>, !map.mutex, i64) -> ()
    // expected-note @-1 {{the other write is here}}
    map.yield
  }
  func.call @put(%m, %mu2, %k) : (!map.map<i64, i64>, !map.mutex, i64) -> ()
  // expected-error @-1 {{concurrent map writes: this write may run in parallel with another write of the same map}}
  // expected-note @-2 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
  map.wait %g
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// read locks: readers together are fine, writers under rlock race
func.func @main() -> i32 {
  %k = arith.constant 7 : i64
  %m = map.make {concurrent} : !map.map<i64, i64>
  // expected-note @-1 {{map declared 'concurrent' here}}
  %mu = map.mutex
  %g = map.group
  map.go %g {
  // expected-note @-1 {{the map is shared with the task started here}}
    map.rlock %mu
    %v, %ok = map.lookup %m[%k] : !map.map<i64, i64>
    // expected-note @-1 {{the other read is here}}
    map.runlock %mu
    map.yield
  }
  map.go %g {
    map.rlock %mu
    %n = map.len %m : !map.map<i64, i64>
    map.runlock %mu
    map.yield
  }
  map.go %g {
    map.lock %mu
    map.assign %k, %m[%k] : !map.map<i64, i64>
    map.unlock %mu
    map.yield
  }
  map.go %g {
  // expected-note @-1 {{the map is shared with the task started here}}
    map.rlock %mu
    map.delete %m[%k] : !map.map<i64, i64>
    // expected-error @-1 {{concurrent map read and map write: this write may run in parallel with a read of the same map}}
    // expected-note @-2 {{1 more access conflicts with this one in the same way}}
    // expected-note @-3 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
    // expected-note @-4 {{the other write is here}}
    map.runlock %mu
    map.yield
  }
  map.go %g {
    map.rlock %mu
    map.delete %m[%k] : !map.map<i64, i64>
    // expected-error @-1 {{concurrent map writes: this write may run in parallel with another write of the same map}}
    // expected-note @-2 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
    // expected-error @-3 {{concurrent map read and map write: this write may run in parallel with a read of the same map}}
    // expected-note @-4 {{1 more access conflicts with this one in the same way}}
    map.runlock %mu
    map.yield
  }
  map.wait %g
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// nested tasks: inner writes while outer writes; inner waited is fine
func.func @main() -> i32 {
  %k = arith.constant 7 : i64
  %m = map.make {concurrent} : !map.map<i64, i64>
  // expected-note @-1 {{map declared 'concurrent' here}}
  %g = map.group
  map.go %g {
    %inner = map.group
    map.go %inner {
    // expected-note @-1 {{the map is shared with the task started here}}
      map.assign %k, %m[%k] : !map.map<i64, i64>
      // expected-note @-1 {{the other write is here}}
      map.yield
    }
    map.assign %k, %m[%k] : !map.map<i64, i64>
    // expected-error @-1 {{concurrent map writes: this write may run in parallel with another write of the same map}}
    // expected-note @-2 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
    map.wait %inner
    map.go %inner {
      map.delete %m[%k] : !map.map<i64, i64>
      map.yield
    }
    map.wait %inner
    map.clear %m : !map.map<i64, i64>
    map.yield
  }
  map.wait %g
  map.clear %m : !map.map<i64, i64>
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// recursion: a recursive fan-out spawns writers
func.func private @fanout(%m: !map.map<i64, i64>, %g: !map.group, %n: i64) {
  %zero = arith.constant 0 : i64
  %done = arith.cmpi eq, %n, %zero : i64
  scf.if %done {
  } else {
    map.go %g {
    // expected-note @-1 {{the map is shared with the task started here}}
      map.assign %n, %m[%n] : !map.map<i64, i64>
      // expected-note @-1 {{the write happens in the callee here}}
      map.yield
    }
    %one = arith.constant 1 : i64
    %next = arith.subi %n, %one : i64
    func.call @fanout(%m, %g, %next) : (!map.map<i64, i64>, !map.group, i64) -> ()
  }
  return
}
func.func @main() -> i32 {
  %n = arith.constant 8 : i64
  %m = map.make {concurrent} : !map.map<i64, i64>
  // expected-note @-1 {{map declared 'concurrent' here}}
  %g = map.group
  func.call @fanout(%m, %g, %n) : (!map.map<i64, i64>, !map.group, i64) -> ()
  // expected-error @-1 {{concurrent map writes: this write may run in parallel with another write of the same map}}
  // expected-note @-2 {{the other write is this same access in another instance of the task}}
  // expected-note @-3 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
  map.wait %g
  %v, %ok = map.lookup %m[%n] : !map.map<i64, i64>
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// recursion with private maps per level: fine
func.func private @walk(%n: i64) -> i64 {
  %zero = arith.constant 0 : i64
  %done = arith.cmpi eq, %n, %zero : i64
  %r = scf.if %done -> (i64) {
    scf.yield %zero : i64
  } else {
    %m = map.make {concurrent} : !map.map<i64, i64>
    %g = map.group
    map.go %g {
      map.assign %n, %m[%n] : !map.map<i64, i64>
      map.yield
    }
    map.wait %g
    %one = arith.constant 1 : i64
    %next = arith.subi %n, %one : i64
    %sub = func.call @walk(%next) : (i64) -> i64
    %v, %ok = map.lookup %m[%n] : !map.map<i64, i64>
    %sum = arith.addi %v, %sub : i64
    scf.yield %sum : i64
  }
  return %r : i64
}
func.func @main() -> i32 {
  %n = arith.constant 8 : i64
  %r = func.call @walk(%n) : (i64) -> i64
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// fire-and-forget task
func.func @main() -> i32 {
  %k = arith.constant 7 : i64
  %m = map.make {concurrent} : !map.map<i64, i64>
  // expected-note @-1 {{map declared 'concurrent' here}}
  %g = map.group
  map.go {
  // expected-note @-1 {{the map is shared with the task started here}}
    map.assign %k, %m[%k] : !map.map<i64, i64>
    // expected-error @-1 {{concurrent map iteration and map write: this write may run in parallel with an iteration over the same map}}
    // expected-note @-2 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
    map.yield
  }
  map.wait %g
  map.range %m : !map.map<i64, i64> {
  // expected-note @-1 {{the other iteration is here}}
  ^bb0(%key: i64, %val: i64):
    map.yield
  }
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// ownership handed to a task
func.func @main() -> i32 {
  %k = arith.constant 7 : i64
  %m = map.make {concurrent} : !map.map<i64, i64>
  map.assign %k, %m[%k] : !map.map<i64, i64>
  map.go {
    map.delete %m[%k] : !map.map<i64, i64>
    map.assign %k, %m[%k] : !map.map<i64, i64>
    map.yield
  }
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// nocheck is trusted
func.func @main() -> i32 {
  %k = arith.constant 7 : i64
  %m = map.make {nocheck} : !map.map<i64, i64>
  map.go {
    map.assign %k, %m[%k] : !map.map<i64, i64>
    map.yield
  }
  map.assign %k, %m[%k] : !map.map<i64, i64>
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// plain map: a warning
func.func @main() -> i32 {
  %k = arith.constant 7 : i64
  %m = map.make : !map.map<i64, i64>
  // expected-note @-1 {{map made here}}
  map.go {
  // expected-note @-1 {{the map is shared with the task started here}}
    map.assign %k, %m[%k] : !map.map<i64, i64>
    // expected-note @-1 {{the other write is here}}
    map.yield
  }
  map.assign %k, %m[%k] : !map.map<i64, i64>
  // expected-warning @-1 {{concurrent map writes: this write may run in parallel with another write of the same map}}
  // expected-note @-2 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// unknown ops
func.func private @external(!map.map<i64, i64>)
func.func @main() -> i32 {
  %m = map.make {concurrent} : !map.map<i64, i64>
  // expected-note @-1 {{map declared 'concurrent' here}}
  %p = map.make : !map.map<i64, i64>
  func.call @external(%m) : (!map.map<i64, i64>) -> ()
  // expected-error @-1 {{concurrent map escapes to 'func.call': the analysis cannot see which tasks it reaches there}}
  "test.opaque"(%m, %p) : (!map.map<i64, i64>, !map.map<i64, i64>) -> ()
  // expected-error @-1 {{concurrent map escapes to 'test.opaque': the analysis cannot see which tasks it reaches there}}
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// writes during the map's own iteration
func.func @main() -> i32 {
  %k = arith.constant 7 : i64
  %m = map.make : !map.map<i64, i64>
  %t = map.make {nocheck} : !map.map<i64, i64>
  map.range %m : !map.map<i64, i64> {
  // expected-note @-1 {{the iteration starts here}}
  ^bb0(%key: i64, %val: i64):
    map.delete %m[%key] : !map.map<i64, i64>
    // expected-warning @-1 {{map modified during its own iteration: entries added now may or may not be visited}}
    map.assign %val, %t[%key] : !map.map<i64, i64>
    map.yield
  }
  map.range %t : !map.map<i64, i64> {
  ^bb0(%key: i64, %val: i64):
    map.delete %t[%key] : !map.map<i64, i64>
    map.yield
  }
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// ... also when a called function makes the write (it runs in the owner of
// its caller), and not when it writes another map
func.func private @drop(%m: !map.map<i64, i64>, %k: i64) {
  map.delete %m[%k] : !map.map<i64, i64>
  // expected-note @-1 {{the write happens in the callee here}}
  return
}
func.func @main() -> i32 {
  %m = map.make : !map.map<i64, i64>
  %other = map.make : !map.map<i64, i64>
  map.range %m : !map.map<i64, i64> {
  // expected-note @-1 {{the iteration starts here}}
  ^bb0(%key: i64, %val: i64):
    func.call @drop(%m, %key) : (!map.map<i64, i64>, i64) -> ()
    // expected-warning @-1 {{map modified during its own iteration: entries added now may or may not be visited}}
    func.call @drop(%other, %key) : (!map.map<i64, i64>, i64) -> ()
    map.yield
  }
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// a joined task leaves its own task running
func.func @main() -> i32 {
  %k = arith.constant 7 : i64
  %m = map.make {concurrent} : !map.map<i64, i64>
  // expected-note @-1 {{map declared 'concurrent' here}}
  %g = map.group
  map.go %g {
    map.go {
    // expected-note @-1 {{the map is shared with the task started here}}
      map.assign %k, %m[%k] : !map.map<i64, i64>
      // expected-error @-1 {{concurrent map read and map write: this write may run in parallel with a read of the same map}}
      // expected-note @-2 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
      map.yield
    }
    map.yield
  }
  map.wait %g
  %n = map.len %m : !map.map<i64, i64>
  // expected-note @-1 {{the other read is here}}
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// a callee leaves a task running; another callee joins it
func.func private @spawn(%m: !map.map<i64, i64>, %g: !map.group, %k: i64) {
  map.go %g {
  // expected-note @-1 {{the map is shared with the task started here}}
    map.assign %k, %m[%k] : !map.map<i64, i64>
    // expected-note @-1 {{the write happens in the callee here}}
    map.yield
  }
  return
}
func.func private @join(%g: !map.group) {
  map.wait %g
  return
}
func.func @main() -> i32 {
  %k = arith.constant 7 : i64
  %m = map.make {concurrent} : !map.map<i64, i64>
  // expected-note @-1 {{map declared 'concurrent' here}}
  %g = map.group
  func.call @spawn(%m, %g, %k) : (!map.map<i64, i64>, !map.group, i64) -> ()
  // expected-error @-1 {{concurrent map read and map write: this write may run in parallel with a read of the same map}}
  // expected-note @-2 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
  %a, %ok = map.lookup %m[%k] : !map.map<i64, i64>
  // expected-note @-1 {{the other read is here}}
  func.call @join(%g) : (!map.group) -> ()
  %b, %ok2 = map.lookup %m[%k] : !map.map<i64, i64>
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// library module: each public function on its own
map.global @table {concurrent} : !map.map<i64, i64>
func.func @reset() {
  %m = map.get_global @table : !map.map<i64, i64>
  map.go {
    map.clear %m : !map.map<i64, i64>
    map.yield
  }
  return
}
func.func @get(%k: i64) -> i64 {
  %m = map.get_global @table : !map.map<i64, i64>
  %v, %ok = map.lookup %m[%k] : !map.map<i64, i64>
  return %v : i64
}

// -----
// a map argument of a root function
func.func @fill(%m: !map.map<i64, i64>, %k: i64) {
// expected-note @-1 {{map passed in as an argument here}}
  map.go {
  // expected-note @-1 {{the map is shared with the task started here}}
    map.assign %k, %m[%k] : !map.map<i64, i64>
    // expected-note @-1 {{the other write is here}}
    map.yield
  }
  map.assign %k, %m[%k] : !map.map<i64, i64>
  // expected-warning @-1 {{concurrent map writes: this write may run in parallel with another write of the same map}}
  // expected-note @-2 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
  return
}

// -----
// one task of several forgets the lock: one report, at that task
func.func @main() -> i32 {
  %k = arith.constant 7 : i64
  %m = map.make {concurrent} : !map.map<i64, i64>
  // expected-note @-1 {{map declared 'concurrent' here}}
  %mu = map.mutex
  %g = map.group
  map.go %g {
  // expected-note @-1 {{the map is shared with the task started here}}
    map.lock %mu
    map.assign %k, %m[%k] : !map.map<i64, i64>
    // expected-note @-1 {{the other write is here}}
    map.unlock %mu
    map.yield
  }
  map.go %g {
    map.lock %mu
    map.assign %k, %m[%k] : !map.map<i64, i64>
    map.unlock %mu
    map.yield
  }
  map.go %g {
    map.lock %mu
    map.assign %k, %m[%k] : !map.map<i64, i64>
    map.unlock %mu
    map.yield
  }
  map.go %g {
    map.assign %k, %m[%k] : !map.map<i64, i64>
    // expected-error @-1 {{concurrent map writes: this write may run in parallel with another write of the same map}}
    // expected-note @-2 {{2 more accesses conflict with this one in the same way}}
    // expected-note @-3 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
    map.yield
  }
  map.wait %g
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// a map made in a function that two tasks call: one instance per call
func.func private @work(%k: i64) {
  %m = map.make {concurrent} : !map.map<i64, i64>
  map.assign %k, %m[%k] : !map.map<i64, i64>
  %v, %ok = map.lookup %m[%k] : !map.map<i64, i64>
  return
}
func.func @main() -> i32 {
  %k = arith.constant 7 : i64
  %g = map.group
  map.go %g {
    func.call @work(%k) : (i64) -> ()
    map.yield
  }
  map.go %g {
    func.call @work(%k) : (i64) -> ()
    map.yield
  }
  map.wait %g
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// a map made by a task and handed to a task it starts is shared by the two
func.func private @make() -> !map.map<i64, i64> {
  %m = map.make {concurrent} : !map.map<i64, i64>
  // expected-note @-1 {{map declared 'concurrent' here}}
  return %m : !map.map<i64, i64>
}
func.func @main() -> i32 {
  %k = arith.constant 7 : i64
  map.go {
    %m = func.call @make() : () -> !map.map<i64, i64>
    map.go {
    // expected-note @-1 {{the map is shared with the task started here}}
      map.assign %k, %m[%k] : !map.map<i64, i64>
      // expected-note @-1 {{the other write is here}}
      map.yield
    }
    map.delete %m[%k] : !map.map<i64, i64>
    // expected-error @-1 {{concurrent map writes: this write may run in parallel with another write of the same map}}
    // expected-note @-2 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
    map.yield
  }
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// each task instance locks a mutex of its own: no common lock
func.func @main() -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %k = arith.constant 7 : i64
  %m = map.make {concurrent} : !map.map<i64, i64>
  // expected-note @-1 {{map declared 'concurrent' here}}
  %g = map.group
  scf.for %i = %c0 to %c8 step %c1 {
    map.go %g {
    // expected-note @-1 {{the map is shared with the task started here}}
      %mu = map.mutex
      map.lock %mu
      map.assign %k, %m[%k] : !map.map<i64, i64>
      // expected-error @-1 {{concurrent map writes: this write may run in parallel with another write of the same map}}
      // expected-note @-2 {{the other write is this same access in another instance of the task}}
      // expected-note @-3 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
      map.unlock %mu
      map.yield
    }
  }
  map.wait %g
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// a helper that makes a fresh mutex per call protects nothing
func.func private @put(%m: !map.map<i64, i64>, %k: i64) {
  %mu = map.mutex
  map.lock %mu
  map.assign %k, %m[%k] : !map.map<i64, i64>
  // expected-note @-1 {{the write happens in the callee here}}
  // expected-note @-2 {{the other write happens in the callee here}}
  map.unlock %mu
  return
}
func.func @main() -> i32 {
  %k = arith.constant 7 : i64
  %m = map.make {concurrent} : !map.map<i64, i64>
  // expected-note @-1 {{map declared 'concurrent' here}}
  %g = map.group
  map.go %g {
  // expected-note @-1 {{the map is shared with the task started here}}
    func.call @put(%m, %k) : (!map.map<i64, i64>, i64) -> ()
    // expected-note @-1 {{the other write is here}}
    map.yield
  }
  func.call @put(%m, %k) : (!map.map<i64, i64>, i64) -> ()
  // expected-error @-1 {{concurrent map writes: this write may run in parallel with another write of the same map}}
  // expected-note @-2 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
  map.wait %g
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// a mutex made per loop iteration: workers of different iterations race
func.func @main() -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %k = arith.constant 7 : i64
  %m = map.make {concurrent} : !map.map<i64, i64>
  // expected-note @-1 {{map declared 'concurrent' here}}
  %g = map.group
  scf.for %i = %c0 to %c8 step %c1 {
    %mu = map.mutex
    map.go %g {
    // expected-note @-1 {{the map is shared with the task started here}}
      map.lock %mu
      map.assign %k, %m[%k] : !map.map<i64, i64>
      // expected-error @-1 {{concurrent map writes: this write may run in parallel with another write of the same map}}
      // expected-note @-2 {{the other write is this same access in another instance of the task}}
      // expected-note @-3 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
      map.unlock %mu
      map.yield
    }
  }
  map.wait %g
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// safe twin: a task that runs once makes the mutex its workers share
func.func @main() -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %k = arith.constant 7 : i64
  %m = map.make {concurrent} : !map.map<i64, i64>
  %g = map.group
  map.go %g {
    %mu = map.mutex
    %workers = map.group
    scf.for %i = %c0 to %c8 step %c1 {
      map.go %workers {
        map.lock %mu
        map.assign %k, %m[%k] : !map.map<i64, i64>
        map.unlock %mu
        map.yield
      }
    }
    map.wait %workers
    map.yield
  }
  map.wait %g
  map.clear %m : !map.map<i64, i64>
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// safe: a group per iteration, waited in the same iteration
func.func @main() -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %k = arith.constant 7 : i64
  %m = map.make {concurrent} : !map.map<i64, i64>
  scf.for %i = %c0 to %c8 step %c1 {
    %g = map.group
    map.go %g {
      map.assign %k, %m[%k] : !map.map<i64, i64>
      map.yield
    }
    map.wait %g
  }
  map.clear %m : !map.map<i64, i64>
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// waiting the previous iteration's group does not join this iteration's task
func.func @main() -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %k = arith.constant 7 : i64
  %m = map.make {concurrent} : !map.map<i64, i64>
  // expected-note @-1 {{map declared 'concurrent' here}}
  %first = map.group
  %last = scf.for %i = %c0 to %c8 step %c1 iter_args(%prev = %first) -> (!map.group) {
    %g = map.group
    map.go %g {
    // expected-note @-1 {{the map is shared with the task started here}}
      map.assign %k, %m[%k] : !map.map<i64, i64>
      // expected-error @-1 {{concurrent map writes: this write may run in parallel with another write of the same map}}
      // expected-note @-2 {{the other write is this same access in another instance of the task}}
      // expected-note @-3 {{1 more access conflicts with this one in the same way}}
      // expected-note @-4 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
      map.yield
    }
    map.wait %prev
    scf.yield %g : !map.group
  }
  map.wait %last
  map.clear %m : !map.map<i64, i64>
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// scf.parallel iterations run in parallel; a map made per iteration is private
func.func @main() -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %k = arith.constant 7 : i64
  %m = map.make {concurrent} : !map.map<i64, i64>
  // expected-note @-1 {{map declared 'concurrent' here}}
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
  // expected-note @-1 {{the map is shared with the parallel iterations of this loop}}
    %own = map.make {concurrent} : !map.map<i64, i64>
    map.assign %k, %own[%k] : !map.map<i64, i64>
    map.assign %k, %m[%k] : !map.map<i64, i64>
    // expected-error @-1 {{concurrent map writes: this write may run in parallel with another write of the same map}}
    // expected-note @-2 {{the other write is this same access in another instance of the task}}
    // expected-note @-3 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
    scf.reduce
  }
  map.clear %m : !map.map<i64, i64>
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// a lock held around map.range is held in its body: the body is a region
// of the frame, unlike a map.go body
func.func @main() -> i32 {
  %k = arith.constant 7 : i64
  %m = map.make {concurrent} : !map.map<i64, i64>
  %t = map.make {concurrent} : !map.map<i64, i64>
  %mu = map.mutex
  %g = map.group
  map.go %g {
    map.lock %mu
    map.assign %k, %t[%k] : !map.map<i64, i64>
    map.unlock %mu
    map.yield
  }
  map.lock %mu
  map.range %m : !map.map<i64, i64> {
  ^bb0(%key: i64, %val: i64):
    map.assign %val, %t[%key] : !map.map<i64, i64>
    map.yield
  }
  map.unlock %mu
  map.wait %g
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// an op the analysis does not know runs its regions in the frame around it:
// the lock held around it protects the write inside
func.func @main() -> i32 {
  %k = arith.constant 7 : i64
  %m = map.make {concurrent} : !map.map<i64, i64>
  %mu = map.mutex
  %g = map.group
  map.go %g {
    map.lock %mu
    map.assign %k, %m[%k] : !map.map<i64, i64>
    map.unlock %mu
    map.yield
  }
  map.lock %mu
  "test.region"() ({
    map.delete %m[%k] : !map.map<i64, i64>
    "test.terminator"() : () -> ()
  }) : () -> ()
  map.unlock %mu
  map.wait %g
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// ... and a task started inside it is still running after it
func.func @main() -> i32 {
  %k = arith.constant 7 : i64
  %m = map.make {concurrent} : !map.map<i64, i64>
  // expected-note @-1 {{map declared 'concurrent' here}}
  "test.region"() ({
    // It may run its region any number of times: parallel instances.
    map.go {
    // expected-note @-1 {{the map is shared with the task started here}}
      map.delete %m[%k] : !map.map<i64, i64>
      // expected-error @-1 {{concurrent map writes: this write may run in parallel with another write of the same map}}
      // expected-note @-2 {{the other write is this same access in another instance of the task}}
      // expected-note @-3 {{1 more access conflicts with this one in the same way}}
      // expected-note @-4 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
      map.yield
    }
    "test.terminator"() : () -> ()
  }) : () -> ()
  map.clear %m : !map.map<i64, i64>
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// a package-level map that is not 'concurrent': a warning, and the note
// points at its declaration
map.global @plain : !map.map<i64, i64>
// expected-note @-1 {{map declared here}}
func.func @main() -> i32 {
  %k = arith.constant 1 : i64
  %m = map.get_global @plain : !map.map<i64, i64>
  %g = map.group
  map.go %g {
  // expected-note @-1 {{the map is shared with the task started here}}
    map.assign %k, %m[%k] : !map.map<i64, i64>
    // expected-note @-1 {{the other write is here}}
    map.yield
  }
  map.assign %k, %m[%k] : !map.map<i64, i64>
  // expected-warning @-1 {{concurrent map writes: this write may run in parallel with another write of the same map}}
  // expected-note @-2 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
  map.wait %g
  %z = arith.constant 0 : i32
  return %z : i32
}
