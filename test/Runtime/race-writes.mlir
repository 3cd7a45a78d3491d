// RUN: map-cc %s -o %t --checks=all 2>/dev/null
// RUN: %python %S/Inputs/run_until.py --runs 20 --status 2 --expect "fatal error: concurrent map writes" -- %t | FileCheck %s
// The default (unproven) keeps the checks the analysis could not drop.
// RUN: map-cc %s -o %t.unproven 2>/dev/null
// RUN: %python %S/Inputs/run_until.py --runs 20 --status 2 --expect "fatal error: concurrent map writes" -- %t.unproven | FileCheck %s
// MAPRT_OPTIONS=halt_on_error=0: keep going, exit 66 at the end.
// RUN: env MAPRT_OPTIONS=halt_on_error=0 %python %S/Inputs/run_until.py --runs 20 --status 66 --expect "fatal error: concurrent map writes" -- %t | FileCheck %s
// With checks=none the program has no checks to report with.
// RUN: map-cc %s -o %t.none --checks=none --emit=llvm 2>/dev/null
// RUN: FileCheck %s --check-prefix=NONE < %t.none

// Two tasks hammering one map with writes (Go's TestConcurrentWrites): the
// report names both writing sites.

// NONE-NOT: checkmap
// CHECK: detected in run
// CHECK: fatal error: concurrent map writes

func.func @writer(%m: !map.map<i64, i64>, %base: i64) {
  %c0 = arith.constant 0 : index
  %n = arith.constant 100000 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %k = arith.index_cast %i : index to i64
    %kk = arith.addi %k, %base : i64
    // CHECK-DAG: write at {{.*}}race-writes.mlir:[[@LINE+2]]:5 (task
    // CHECK-DAG: concurrent write at {{.*}}race-writes.mlir:[[@LINE+1]]:5 (task
    map.assign %kk, %m[%kk] : !map.map<i64, i64>
  }
  return
}

// CHECK: map created at {{.*}}race-writes.mlir:[[@LINE+2]]:8
func.func @main() -> i32 {
  %m = map.make : !map.map<i64, i64>
  %g = map.group
  %a = arith.constant 0 : i64
  %b = arith.constant 1000000 : i64
  map.go %g {
    func.call @writer(%m, %a) : (!map.map<i64, i64>, i64) -> ()
  }
  map.go %g {
    func.call @writer(%m, %b) : (!map.map<i64, i64>, i64) -> ()
  }
  map.wait %g
  %z = arith.constant 0 : i32
  return %z : i32
}
