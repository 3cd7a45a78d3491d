// RUN: map-cc %s -o %t --checks=all 2>/dev/null
// RUN: %python %S/Inputs/run_until.py --runs 20 --status 2 --expect "fatal error: concurrent map iteration and map write" -- %t | FileCheck %s

// One task writes while another ranges over the map (Go's
// TestConcurrentIterationAndWrite shape): the report names the iteration
// and the write.

// CHECK: detected in run
// CHECK: fatal error: concurrent map iteration and map write
// CHECK-DAG: {{^}}iteration at {{.*}}race-iterate-write.mlir:[[# @LINE + 22]]:5 (task
// CHECK-DAG: {{^}}concurrent write at {{.*}}race-iterate-write.mlir:[[# @LINE + 8]]:5 (task

func.func @writer(%m: !map.map<i64, i64>) {
  %c0 = arith.constant 0 : index
  %n = arith.constant 200000 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %k = arith.index_cast %i : index to i64
    map.assign %k, %m[%k] : !map.map<i64, i64>
  }
  return
}

func.func @ranger(%m: !map.map<i64, i64>) {
  %acc = memref.alloca() : memref<i64>
  %zero = arith.constant 0 : i64
  memref.store %zero, %acc[] : memref<i64>
  %c0 = arith.constant 0 : index
  %n = arith.constant 50 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    map.range %m : !map.map<i64, i64> {
    ^bb0(%k: i64, %v: i64):
      %a = memref.load %acc[] : memref<i64>
      %s = arith.addi %a, %v : i64
      memref.store %s, %acc[] : memref<i64>
      map.yield
    }
  }
  return
}

func.func @main() -> i32 {
  %m = map.make : !map.map<i64, i64>
  // A few entries first so that every iteration has something to step.
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  scf.for %i = %c0 to %c64 step %c1 {
    %k = arith.index_cast %i : index to i64
    %zero = arith.constant 0 : i64
    %neg = arith.subi %zero, %k : i64
    map.assign %k, %m[%neg] : !map.map<i64, i64>
  }
  %g = map.group
  map.go %g {
    func.call @writer(%m) : (!map.map<i64, i64>) -> ()
  }
  map.go %g {
    func.call @ranger(%m) : (!map.map<i64, i64>) -> ()
  }
  map.wait %g
  %z = arith.constant 0 : i32
  return %z : i32
}
