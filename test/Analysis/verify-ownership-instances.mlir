// Task instances in --map-verify-ownership: what a task that runs more than
// once makes (maps, mutexes) belongs to one instance, and a task that starts
// itself shares what one instance made with another. Each safe program has
// unsafe twins that must stay rejected.
// RUN: map-opt %s -split-input-file -map-verify-ownership -verify-diagnostics

// the finding (docs/reliability.md, finding 4): a task started twice makes a
// mutex and a map; its two nested tasks lock the mutex around their writes.
// Within one instance they hold the same mutex; two instances touch two maps.
func.func @main() -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %k = arith.constant 1 : i64
  %g = map.group
  scf.for %i = %c0 to %c2 step %c1 {
    map.go %g {
      %inner = map.group
      %mu = map.mutex
      %pm = map.make {concurrent} : !map.map<i64, i64>
      map.go %inner {
        map.lock %mu
        map.assign %k, %pm[%k] : !map.map<i64, i64>
        map.unlock %mu
        map.yield
      }
      map.go %inner {
        map.lock %mu
        map.assign %k, %pm[%k] : !map.map<i64, i64>
        map.unlock %mu
        map.yield
      }
      map.wait %inner
      map.yield
    }
  }
  map.wait %g
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// the same through functions: the mutex comes from a helper called once per
// instance, the nested tasks are started by a helper called twice
func.func private @newMutex() -> !map.mutex {
  %mu = map.mutex
  return %mu : !map.mutex
}
func.func private @spawn(%g: !map.group, %mu: !map.mutex,
                         %m: !map.map<i64, i64>, %k: i64) {
  map.go %g {
    map.lock %mu
    map.assign %k, %m[%k] : !map.map<i64, i64>
    map.unlock %mu
    map.yield
  }
  return
}
func.func @main() -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %k = arith.constant 1 : i64
  %g = map.group
  scf.for %i = %c0 to %c8 step %c1 {
    map.go %g {
      %inner = map.group
      %mu = func.call @newMutex() : () -> !map.mutex
      %pm = map.make {concurrent} : !map.map<i64, i64>
      func.call @spawn(%inner, %mu, %pm, %k) : (!map.group, !map.mutex, !map.map<i64, i64>, i64) -> ()
      func.call @spawn(%inner, %mu, %pm, %k) : (!map.group, !map.mutex, !map.map<i64, i64>, i64) -> ()
      map.wait %inner
      %n = map.len %pm : !map.map<i64, i64>
      map.yield
    }
  }
  map.wait %g
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// scf.parallel: each iteration is an instance with its own mutex and map
func.func @main() -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %k = arith.constant 1 : i64
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    %mu = map.mutex
    %pm = map.make {concurrent} : !map.map<i64, i64>
    %g = map.group
    map.go %g {
      map.lock %mu
      map.assign %k, %pm[%k] : !map.map<i64, i64>
      map.unlock %mu
      map.yield
    }
    map.lock %mu
    map.delete %pm[%k] : !map.map<i64, i64>
    map.unlock %mu
    map.wait %g
    scf.reduce
  }
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// the mutex per instance, the map shared by the instances: each instance
// locks its own mutex, so two instances' writes are not ordered
func.func @main() -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %k = arith.constant 1 : i64
  %m = map.make {concurrent} : !map.map<i64, i64>
  // expected-note @-1 {{map declared 'concurrent' here}}
  %g = map.group
  scf.for %i = %c0 to %c2 step %c1 {
    map.go %g {
      %inner = map.group
      %mu = map.mutex
      map.go %inner {
      // expected-note @-1 {{the map is shared with the task started here}}
        map.lock %mu
        map.assign %k, %m[%k] : !map.map<i64, i64>
        // expected-note @-1 {{the other write is here}}
        map.unlock %mu
        map.yield
      }
      map.go %inner {
        map.lock %mu
        map.assign %k, %m[%k] : !map.map<i64, i64>
        // expected-error @-1 {{concurrent map writes: this write may run in parallel with another write of the same map}}
        // expected-note @-2 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
        map.unlock %mu
        map.yield
      }
      map.wait %inner
      map.yield
    }
  }
  map.wait %g
  map.clear %m : !map.map<i64, i64>
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// the instance's map escapes: whoever the callee hands it to may touch it
// under another instance's mutex, or none
func.func private @keep(!map.map<i64, i64>)
func.func @main() -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %k = arith.constant 1 : i64
  %g = map.group
  scf.for %i = %c0 to %c2 step %c1 {
    map.go %g {
      %inner = map.group
      %mu = map.mutex
      %pm = map.make {concurrent} : !map.map<i64, i64>
      // expected-note @-1 {{map declared 'concurrent' here}}
      func.call @keep(%pm) : (!map.map<i64, i64>) -> ()
      // expected-error @-1 {{concurrent map escapes to 'func.call': the analysis cannot see which tasks it reaches there}}
      map.go %inner {
      // expected-note @-1 {{the map is shared with the task started here}}
        map.lock %mu
        map.assign %k, %pm[%k] : !map.map<i64, i64>
        // expected-note @-1 {{the other write is here}}
        map.unlock %mu
        map.yield
      }
      map.go %inner {
        map.lock %mu
        map.assign %k, %pm[%k] : !map.map<i64, i64>
        // expected-error @-1 {{concurrent map writes: this write may run in parallel with another write of the same map}}
        // expected-note @-2 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
        map.unlock %mu
        map.yield
      }
      map.wait %inner
      map.yield
    }
  }
  map.wait %g
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// a mutex made per iteration of a loop inside the instance: its nested
// tasks hold different mutexes
func.func @main() -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %k = arith.constant 1 : i64
  %g = map.group
  scf.for %i = %c0 to %c2 step %c1 {
    map.go %g {
      %inner = map.group
      %pm = map.make {concurrent} : !map.map<i64, i64>
      // expected-note @-1 {{map declared 'concurrent' here}}
      scf.for %j = %c0 to %c2 step %c1 {
        %mu = map.mutex
        map.go %inner {
        // expected-note @-1 {{the map is shared with the task started here}}
          map.lock %mu
          map.assign %k, %pm[%k] : !map.map<i64, i64>
          // expected-error @-1 {{concurrent map writes: this write may run in parallel with another write of the same map}}
          // expected-note @-2 {{the other write is this same access in another instance of the task}}
          // expected-note @-3 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
          map.unlock %mu
          map.yield
        }
      }
      map.wait %inner
      map.yield
    }
  }
  map.wait %g
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// a helper that makes a fresh mutex, called twice per instance: one mutex
// per nested task
func.func private @newMutex() -> !map.mutex {
  %mu = map.mutex
  return %mu : !map.mutex
}
func.func private @spawn(%g: !map.group, %mu: !map.mutex,
                         %m: !map.map<i64, i64>, %k: i64) {
  map.go %g {
  // expected-note @-1 {{the map is shared with the task started here}}
    map.lock %mu
    map.assign %k, %m[%k] : !map.map<i64, i64>
    // expected-note @-1 {{the write happens in the callee here}}
    // expected-note @-2 {{the other write happens in the callee here}}
    map.unlock %mu
    map.yield
  }
  return
}
func.func @main() -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %k = arith.constant 1 : i64
  %g = map.group
  scf.for %i = %c0 to %c2 step %c1 {
    map.go %g {
      %inner = map.group
      %mu1 = func.call @newMutex() : () -> !map.mutex
      %mu2 = func.call @newMutex() : () -> !map.mutex
      %pm = map.make {concurrent} : !map.map<i64, i64>
      // expected-note @-1 {{map declared 'concurrent' here}}
      func.call @spawn(%inner, %mu1, %pm, %k) : (!map.group, !map.mutex, !map.map<i64, i64>, i64) -> ()
      // expected-error @-1 {{concurrent map writes: this write may run in parallel with another write of the same map}}
      // expected-note @-2 {{the other write is this same access in another instance of the task}}
      // expected-note @-3 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
      // expected-note @-4 {{the other write is here}}
      func.call @spawn(%inner, %mu2, %pm, %k) : (!map.group, !map.mutex, !map.map<i64, i64>, i64) -> ()
      // expected-error @-1 {{concurrent map writes: this write may run in parallel with another write of the same map}}
      // expected-note @-2 {{1 more access conflicts with this one in the same way}}
      // expected-note @-3 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
      map.wait %inner
      map.yield
    }
  }
  map.wait %g
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// the mutex made by a nested task, the map by the instance above it: the
// nested tasks of one instance share the map but not the mutex
func.func @main() -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %k = arith.constant 1 : i64
  %g = map.group
  scf.for %i = %c0 to %c2 step %c1 {
    map.go %g {
      %inner = map.group
      %pm = map.make {concurrent} : !map.map<i64, i64>
      // expected-note @-1 {{map declared 'concurrent' here}}
      scf.for %j = %c0 to %c2 step %c1 {
        map.go %inner {
          %mu = map.mutex
          %leaf = map.group
          map.go %leaf {
          // expected-note @-1 {{the map is shared with the task started here}}
            map.lock %mu
            map.assign %k, %pm[%k] : !map.map<i64, i64>
            // expected-note @-1 {{the other write is here}}
            map.unlock %mu
            map.yield
          }
          map.lock %mu
          map.delete %pm[%k] : !map.map<i64, i64>
          // expected-error @-1 {{concurrent map writes: this write may run in parallel with another write of the same map}}
          // expected-note @-2 {{1 more access conflicts with this one in the same way}}
          // expected-note @-3 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
          map.unlock %mu
          map.wait %leaf
          map.yield
        }
      }
      map.wait %inner
      map.yield
    }
  }
  map.wait %g
  %z = arith.constant 0 : i32
  return %z : i32
}

// -----
// one nested task of the instance forgets the lock
func.func @main() -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %k = arith.constant 1 : i64
  %g = map.group
  scf.for %i = %c0 to %c2 step %c1 {
    map.go %g {
      %inner = map.group
      %mu = map.mutex
      %pm = map.make {concurrent} : !map.map<i64, i64>
      // expected-note @-1 {{map declared 'concurrent' here}}
      map.go %inner {
      // expected-note @-1 {{the map is shared with the task started here}}
        map.lock %mu
        map.assign %k, %pm[%k] : !map.map<i64, i64>
        // expected-note @-1 {{the other write is here}}
        map.unlock %mu
        map.yield
      }
      map.go %inner {
        map.assign %k, %pm[%k] : !map.map<i64, i64>
        // expected-error @-1 {{concurrent map writes: this write may run in parallel with another write of the same map}}
        // expected-note @-2 {{hint: hold a common 'map.lock' around both accesses, or 'map.wait' for the task's group before the access}}
        map.yield
      }
      map.wait %inner
      map.yield
    }
  }
  map.wait %g
  %z = arith.constant 0 : i32
  return %z : i32
}
// -----
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
