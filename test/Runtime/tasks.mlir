// RUN: map-cc %s -o %t --checks=all
// RUN: %python %S/Inputs/run_until.py --never --runs 5 --status 7 --print-stdout -- %t | FileCheck %s
// RUN: map-cc %s -o %t.unproven
// RUN: %python %S/Inputs/run_until.py --never --runs 3 --status 7 --print-stdout -- %t.unproven | FileCheck %s

// Tasks, wait groups and mutexes: correctly synchronised programs never
// report, whatever the checks, and compute the right result. Returning from
// @main ends the program even with a task still running (as in Go).

func.func private @maprt_print_i64(i64)

// Lock-protected read-modify-write of a shared counter.
func.func @bump(%m: !map.map<i64, i64>, %mu: !map.mutex, %times: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %k = arith.constant 0 : i64
  %one = arith.constant 1 : i64
  scf.for %i = %c0 to %times step %c1 {
    map.lock %mu
    %v, %found = map.lookup %m[%k] : !map.map<i64, i64>
    %v1 = arith.addi %v, %one : i64
    map.assign %v1, %m[%k] : !map.map<i64, i64>
    map.unlock %mu
  }
  return
}

// A task-private map, then its size published under the lock.
func.func @private_work(%shared: !map.map<i64, i64>, %mu: !map.mutex, %id: i64) {
  %own = map.make : !map.map<i64, f64>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant 1000 : index
  %half = arith.constant 0.5 : f64
  scf.for %i = %c0 to %n step %c1 {
    %k = arith.index_cast %i : index to i64
    map.assign %half, %own[%k] : !map.map<i64, f64>
  }
  %len = map.len %own : !map.map<i64, f64>
  %lw = arith.index_cast %len : index to i64
  map.lock %mu
  map.assign %lw, %shared[%id] : !map.map<i64, i64>
  map.unlock %mu
  return
}

func.func @main() -> i32 {
  %m = map.make {concurrent} : !map.map<i64, i64>
  %mu = map.mutex
  %g = map.group
  %times = arith.constant 20000 : index
  // CHECK: 80000
  map.go %g {
    func.call @bump(%m, %mu, %times) : (!map.map<i64, i64>, !map.mutex, index) -> ()
  }
  map.go %g {
    func.call @bump(%m, %mu, %times) : (!map.map<i64, i64>, !map.mutex, index) -> ()
  }
  map.go %g {
    func.call @bump(%m, %mu, %times) : (!map.map<i64, i64>, !map.mutex, index) -> ()
  }
  map.go %g {
    func.call @bump(%m, %mu, %times) : (!map.map<i64, i64>, !map.mutex, index) -> ()
  }
  map.wait %g
  %k0 = arith.constant 0 : i64
  %total, %f = map.lookup %m[%k0] : !map.map<i64, i64>
  func.call @maprt_print_i64(%total) : (i64) -> ()

  // Nested tasks with their own group; captured scalars of several types.
  // CHECK-NEXT: 2000
  // CHECK-NEXT: 3
  %sizes = map.make {concurrent} : !map.map<i64, i64>
  %outer = map.group
  %id1 = arith.constant 1 : i64
  %id2 = arith.constant 2 : i64
  %scale = arith.constant 2.0 : f64
  map.go %outer {
    %inner = map.group
    map.go %inner {
      func.call @private_work(%sizes, %mu, %id1) : (!map.map<i64, i64>, !map.mutex, i64) -> ()
    }
    map.go %inner {
      func.call @private_work(%sizes, %mu, %id2) : (!map.map<i64, i64>, !map.mutex, i64) -> ()
    }
    map.wait %inner
    map.lock %mu
    %a, %fa = map.lookup %sizes[%id1] : !map.map<i64, i64>
    %b, %fb = map.lookup %sizes[%id2] : !map.map<i64, i64>
    %sum = arith.addi %a, %b : i64
    %sf = arith.sitofp %sum : i64 to f64
    %scaled = arith.mulf %sf, %scale : f64
    %si = arith.fptosi %scaled : f64 to i64
    %id3 = arith.constant 3 : i64
    map.assign %si, %sizes[%id3] : !map.map<i64, i64>
    map.unlock %mu
  }
  map.wait %outer
  %k3 = arith.constant 3 : i64
  %r, %fr = map.lookup %sizes[%k3] : !map.map<i64, i64>
  %four = arith.constant 2 : i64
  %rr = arith.divsi %r, %four : i64
  func.call @maprt_print_i64(%rr) : (i64) -> ()
  %n = map.len %sizes : !map.map<i64, i64>
  %nw = arith.index_cast %n : index to i64
  func.call @maprt_print_i64(%nw) : (i64) -> ()

  // Readers under rlock alongside a writer under lock.
  // CHECK-NEXT: 1
  %rw = map.group
  map.go %rw {
    func.call @bump(%m, %mu, %times) : (!map.map<i64, i64>, !map.mutex, index) -> ()
  }
  map.go %rw {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    scf.for %i = %c0 to %times step %c1 {
      map.rlock %mu
      %v, %found = map.lookup %m[%k0] : !map.map<i64, i64>
      map.runlock %mu
    }
  }
  map.wait %rw
  %fin, %ff = map.lookup %m[%k0] : !map.map<i64, i64>
  %expect = arith.constant 100000 : i64
  %ok = arith.cmpi eq, %fin, %expect : i64
  %okw = arith.extui %ok : i1 to i64
  func.call @maprt_print_i64(%okw) : (i64) -> ()

  // A task nobody waits for, spinning forever: returning ends the program.
  map.go {
    %t = arith.constant true
    scf.while : () -> () {
      scf.condition(%t)
    } do {
      scf.yield
    }
  }
  %status = arith.constant 7 : i32
  return %status : i32
}
