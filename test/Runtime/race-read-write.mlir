// RUN: map-cc %s -o %t --checks=all 2>/dev/null
// RUN: %python %S/Inputs/run_until.py --runs 20 --status 2 --expect "fatal error: concurrent map read and map write" -- %t | FileCheck %s
// RUN: env MAPRT_OPTIONS=halt_on_error=0 %python %S/Inputs/run_until.py --runs 20 --status 66 --expect "fatal error: concurrent map read and map write" -- %t | FileCheck %s

// One task writes while another reads (Go's TestConcurrentReadsAfterGrowth
// family): the report names the read and the write.

// CHECK: detected in run
// CHECK: fatal error: concurrent map read and map write
// CHECK-DAG: {{^}}read at {{.*}}race-read-write.mlir:[[# @LINE + 21]]:{{[0-9]+}} (task
// CHECK-DAG: {{^}}concurrent write at {{.*}}race-read-write.mlir:[[# @LINE + 8]]:5 (task

func.func @writer(%m: !map.map<i64, i64>) {
  %c0 = arith.constant 0 : index
  %n = arith.constant 100000 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %k = arith.index_cast %i : index to i64
    map.assign %k, %m[%k] : !map.map<i64, i64>
  }
  return
}

func.func @reader(%m: !map.map<i64, i64>) -> i64 {
  %c0 = arith.constant 0 : index
  %n = arith.constant 100000 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i64
  %sum = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (i64) {
    %k = arith.index_cast %i : index to i64
    %v, %found = map.lookup %m[%k] : !map.map<i64, i64>
    %s = arith.addi %acc, %v : i64
    scf.yield %s : i64
  }
  return %sum : i64
}

func.func @main() -> i32 {
  %m = map.make : !map.map<i64, i64>
  %g = map.group
  map.go %g {
    func.call @writer(%m) : (!map.map<i64, i64>) -> ()
  }
  map.go %g {
    %s = func.call @reader(%m) : (!map.map<i64, i64>) -> i64
  }
  map.wait %g
  %z = arith.constant 0 : i32
  return %z : i32
}
