// Races on maps not annotated `concurrent` are warnings (exit 0), errors
// under strict=true (exit 1); any error makes map-opt exit 1.
// RUN: map-opt %s -map-verify-ownership -o /dev/null 2>&1 | FileCheck %s --check-prefix=LAX
// RUN: not map-opt %s -map-verify-ownership='strict=true' -o /dev/null 2>&1 | FileCheck %s --check-prefix=STRICT
// RUN: %python %S/../Inputs/expect_exit.py 1 map-opt %s -map-verify-ownership=strict=true -o /dev/null

// LAX: warning: concurrent map writes
// LAX-NOT: error
// STRICT: error: concurrent map writes
func.func @main() -> i32 {
  %k = arith.constant 7 : i64
  %m = map.make : !map.map<i64, i64>
  map.go {
    map.assign %k, %m[%k] : !map.map<i64, i64>
    map.yield
  }
  map.assign %k, %m[%k] : !map.map<i64, i64>
  %z = arith.constant 0 : i32
  return %z : i32
}
