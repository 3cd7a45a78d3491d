// RUN: map-cc %s -o %t --sanitize=thread --checks=all 2>/dev/null
// RUN: %python %S/Inputs/run_until.py --never --runs 2 --status 3 --print-stdout -- %t | FileCheck %s --check-prefix=SAFE
// RUN: map-cc %s -o %t.racy --sanitize=thread --checks=none -O1 -g 2>/dev/null
// The unchecked race is real: left running, it can corrupt the hash table
// and loop forever (seen in CI). halt_on_error=1 ends the program at
// ThreadSanitizer's first report, with ThreadSanitizer's exit status 66.
// RUN: env RACY=1 TSAN_OPTIONS=halt_on_error=1 %python %S/Inputs/run_until.py --runs 5 --status 66 --clean-status 3 --expect "==================" -- %t.racy | FileCheck %s --check-prefix=TSAN

// --sanitize=thread: the program and the runtime under ThreadSanitizer.
// With the lock held the program is clean; without checks, ThreadSanitizer
// itself sees the unsynchronised writes inside the runtime's hash table.

// SAFE: 40000
// TSAN: detected in run
// TSAN: WARNING: ThreadSanitizer: data race
// TSAN: maprt_map_assign
// With -g the report names the map program's lines.
// TSAN: writer {{.*}}tsan.mlir:{{[0-9]+}}:{{[0-9]+}}

func.func private @maprt_print_i64(i64)
func.func private @getenv(!llvm.ptr) -> !llvm.ptr

func.func @writer(%m: !map.map<i64, i64>, %mu: !map.mutex, %locked: i1) {
  %c0 = arith.constant 0 : index
  %n = arith.constant 20000 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    scf.if %locked {
      map.lock %mu
    }
    %k = arith.index_cast %i : index to i64
    %v, %found = map.lookup %m[%k] : !map.map<i64, i64>
    %one = arith.constant 1 : i64
    %v1 = arith.addi %v, %one : i64
    map.assign %v1, %m[%k] : !map.map<i64, i64>
    scf.if %locked {
      map.unlock %mu
    }
  }
  return
}

llvm.mlir.global internal constant @racy_name("RACY\00")

func.func @main() -> i32 {
  %name = llvm.mlir.addressof @racy_name : !llvm.ptr
  %env = func.call @getenv(%name) : (!llvm.ptr) -> !llvm.ptr
  %null = llvm.mlir.zero : !llvm.ptr
  %locked = llvm.icmp "eq" %env, %null : !llvm.ptr
  %m = map.make : !map.map<i64, i64>
  %mu = map.mutex
  %g = map.group
  map.go %g {
    func.call @writer(%m, %mu, %locked) : (!map.map<i64, i64>, !map.mutex, i1) -> ()
  }
  map.go %g {
    func.call @writer(%m, %mu, %locked) : (!map.map<i64, i64>, !map.mutex, i1) -> ()
  }
  map.wait %g
  %sum = memref.alloca() : memref<i64>
  %z = arith.constant 0 : i64
  memref.store %z, %sum[] : memref<i64>
  map.range %m : !map.map<i64, i64> {
  ^bb0(%k: i64, %v: i64):
    %s = memref.load %sum[] : memref<i64>
    %s2 = arith.addi %s, %v : i64
    memref.store %s2, %sum[] : memref<i64>
    map.yield
  }
  %total = memref.load %sum[] : memref<i64>
  func.call @maprt_print_i64(%total) : (i64) -> ()
  %status = arith.constant 3 : i32
  return %status : i32
}
