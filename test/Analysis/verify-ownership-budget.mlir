// The interprocedural fixpoint has a budget of visits per function, a safety
// net against a bug that would keep a summary growing. A recursive function
// is summarised at least twice (its own summary changes under it), so a
// budget of one cuts the fixpoint short: the verifier then proves nothing,
// says so, and names the function that did not settle.
// RUN: map-opt %s -split-input-file -map-verify-ownership='summary-visit-budget=1' -verify-diagnostics
// RUN: not map-opt %s -split-input-file -map-verify-ownership='summary-visit-budget=1' -o /dev/null
// The default budget settles the same program without a word (the
// expectations above renamed, so that nothing checks them).
// RUN: sed 's/expected-/expectation-/' %s | map-opt - -split-input-file -map-verify-ownership -o /dev/null 2>&1 | FileCheck %s --allow-empty --check-prefix=DEFAULT
// DEFAULT-NOT: error
// DEFAULT-NOT: warning

module {
// expected-error @-1 {{map ownership analysis did not converge; nothing is proven}}
func.func private @countdown(%m: !map.map<i64, i64>, %n: i64) {
// expected-note @-1 {{the summary of this function still changed after 1 visit}}
  %zero = arith.constant 0 : i64
  %done = arith.cmpi eq, %n, %zero : i64
  scf.if %done {
  } else {
    map.assign %n, %m[%n] : !map.map<i64, i64>
    %one = arith.constant 1 : i64
    %next = arith.subi %n, %one : i64
    func.call @countdown(%m, %next) : (!map.map<i64, i64>, i64) -> ()
  }
  return
}
func.func @main() -> i32 {
  %n = arith.constant 8 : i64
  %m = map.make {concurrent} : !map.map<i64, i64>
  func.call @countdown(%m, %n) : (!map.map<i64, i64>, i64) -> ()
  %z = arith.constant 0 : i32
  return %z : i32
}
}

// -----

// Without recursion every function is summarised once, callees first: a
// budget of one is enough.
func.func private @fill(%m: !map.map<i64, i64>, %k: i64) {
  map.assign %k, %m[%k] : !map.map<i64, i64>
  return
}
func.func @main() -> i32 {
  %k = arith.constant 8 : i64
  %m = map.make {concurrent} : !map.map<i64, i64>
  func.call @fill(%m, %k) : (!map.map<i64, i64>, i64) -> ()
  %z = arith.constant 0 : i32
  return %z : i32
}
