//===- insert.mlir - insert-heavy map workload ----------------------------===//
//
// One map of the main task, MAPBENCH_N fresh keys assigned, then a sampled
// read-back (every 64th key) for the checksum: len + the sampled values.
// The twin of insert.cpp. Run by bench/run.py under every map-cc variant.
//
//===----------------------------------------------------------------------===//

func.func private @maprt_print_i64(i64)
func.func private @getenv(!llvm.ptr) -> !llvm.ptr
func.func private @atoll(!llvm.ptr) -> i64
llvm.mlir.global internal constant @size_var("MAPBENCH_N\00")

// The workload size: $MAPBENCH_N, or 1000 when it is unset.
func.func @bench_size() -> index {
  %name = llvm.mlir.addressof @size_var : !llvm.ptr
  %env = func.call @getenv(%name) : (!llvm.ptr) -> !llvm.ptr
  %null = llvm.mlir.zero : !llvm.ptr
  %unset = llvm.icmp "eq" %env, %null : !llvm.ptr
  %n = scf.if %unset -> i64 {
    %d = arith.constant 1000 : i64
    scf.yield %d : i64
  } else {
    %v = func.call @atoll(%env) : (!llvm.ptr) -> i64
    scf.yield %v : i64
  }
  %ni = arith.index_cast %n : i64 to index
  return %ni : index
}

// Keys: a bijective 64-bit mixer (MurmurHash3's finaliser, first half), the
// same as mix() in common.h.
func.func @mix(%x: i64) -> i64 {
  %c33 = arith.constant 33 : i64
  %mul = arith.constant -49064778989728563 : i64
  %s1 = arith.shrui %x, %c33 : i64
  %x1 = arith.xori %x, %s1 : i64
  %x2 = arith.muli %x1, %mul : i64
  %s2 = arith.shrui %x2, %c33 : i64
  %x3 = arith.xori %x2, %s2 : i64
  return %x3 : i64
}

func.func @main() -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %z = arith.constant 0 : i64
  %n = func.call @bench_size() : () -> index
  %m = map.make : !map.map<i64, i64>
  scf.for %i = %c0 to %n step %c1 {
    %ii = arith.index_cast %i : index to i64
    %k = func.call @mix(%ii) : (i64) -> i64
    map.assign %ii, %m[%k] : !map.map<i64, i64>
  }
  %sum = scf.for %i = %c0 to %n step %c64 iter_args(%acc = %z) -> i64 {
    %ii = arith.index_cast %i : index to i64
    %k = func.call @mix(%ii) : (i64) -> i64
    %v, %found = map.lookup %m[%k] : !map.map<i64, i64>
    %a = arith.addi %acc, %v : i64
    scf.yield %a : i64
  }
  %len = map.len %m : !map.map<i64, i64>
  %lw = arith.index_cast %len : index to i64
  %check = arith.addi %sum, %lw : i64
  func.call @maprt_print_i64(%check) : (i64) -> ()
  %ret = arith.constant 0 : i32
  return %ret : i32
}
