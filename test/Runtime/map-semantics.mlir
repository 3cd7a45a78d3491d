// RUN: map-cc %s -o %t --checks=all
// RUN: %python %S/Inputs/run_until.py --never --runs 1 --status 42 --print-stdout -- %t | FileCheck %s
// RUN: map-cc %s -o %t.O0 -O0 --checks=none
// RUN: %python %S/Inputs/run_until.py --never --runs 1 --status 42 --print-stdout -- %t.O0 | FileCheck %s

// Go map semantics on every key and value type: insert, overwrite, lookup
// of present and missing keys (zero value, false), delete (missing key: a
// no-op), len, clear, range. Keys and values narrower than 64 bits travel
// zero-extended and must come back with their sign; floats bit-cast.
// @main's return value is the exit status.

func.func private @maprt_print_i64(i64)

func.func @print_i1(%b: i1) {
  %w = arith.extui %b : i1 to i64
  func.call @maprt_print_i64(%w) : (i64) -> ()
  return
}
func.func @print_index(%n: index) {
  %w = arith.index_cast %n : index to i64
  func.call @maprt_print_i64(%w) : (i64) -> ()
  return
}

// CHECK-LABEL: 1001
// CHECK-NEXT: 20
// CHECK-NEXT: 1
// CHECK-NEXT: 10
// CHECK-NEXT: 2
// CHECK-NEXT: 0
// CHECK-NEXT: 0
// CHECK-NEXT: 1
func.func @i1_keys() {
  %tag = arith.constant 1001 : i64
  func.call @maprt_print_i64(%tag) : (i64) -> ()
  %m = map.make : !map.map<i1, i64>
  %t = arith.constant true
  %f = arith.constant false
  %v10 = arith.constant 10 : i64
  %v20 = arith.constant 20 : i64
  map.assign %v10, %m[%t] : !map.map<i1, i64>
  map.assign %v20, %m[%t] : !map.map<i1, i64>
  map.assign %v10, %m[%f] : !map.map<i1, i64>
  %a, %fa = map.lookup %m[%t] : !map.map<i1, i64>
  func.call @maprt_print_i64(%a) : (i64) -> ()
  func.call @print_i1(%fa) : (i1) -> ()
  %b, %fb = map.lookup %m[%f] : !map.map<i1, i64>
  func.call @maprt_print_i64(%b) : (i64) -> ()
  %n = map.len %m : !map.map<i1, i64>
  func.call @print_index(%n) : (index) -> ()
  map.delete %m[%f] : !map.map<i1, i64>
  %c, %fc = map.lookup %m[%f] : !map.map<i1, i64>
  func.call @maprt_print_i64(%c) : (i64) -> ()
  func.call @print_i1(%fc) : (i1) -> ()
  %n2 = map.len %m : !map.map<i1, i64>
  func.call @print_index(%n2) : (index) -> ()
  return
}

// i8 keys and values: -1 and 255 are the same bits; -1 comes back as -1.
// CHECK-LABEL: 1002
// CHECK-NEXT: -7
// CHECK-NEXT: 5
// CHECK-NEXT: 2
// CHECK-NEXT: 0
// CHECK-NEXT: 0
// CHECK-NEXT: 1
// CHECK-NEXT: 1
// CHECK-NEXT: -128
func.func @i8_keys() {
  %tag = arith.constant 1002 : i64
  func.call @maprt_print_i64(%tag) : (i64) -> ()
  %m = map.make : !map.map<i8, i8>
  %km1 = arith.constant -1 : i8
  %k1 = arith.constant 1 : i8
  %k127 = arith.constant 127 : i8
  %vm7 = arith.constant -7 : i8
  %v5 = arith.constant 5 : i8
  %vmin = arith.constant -128 : i8
  map.assign %vm7, %m[%km1] : !map.map<i8, i8>
  map.assign %v5, %m[%k1] : !map.map<i8, i8>
  %a, %fa = map.lookup %m[%km1] : !map.map<i8, i8>
  %aw = arith.extsi %a : i8 to i64
  func.call @maprt_print_i64(%aw) : (i64) -> ()
  %b, %fb = map.lookup %m[%k1] : !map.map<i8, i8>
  %bw = arith.extsi %b : i8 to i64
  func.call @maprt_print_i64(%bw) : (i64) -> ()
  %n = map.len %m : !map.map<i8, i8>
  func.call @print_index(%n) : (index) -> ()
  %c, %fc = map.lookup %m[%k127] : !map.map<i8, i8>
  %cw = arith.extsi %c : i8 to i64
  func.call @maprt_print_i64(%cw) : (i64) -> ()
  func.call @print_i1(%fc) : (i1) -> ()
  map.delete %m[%km1] : !map.map<i8, i8>
  map.delete %m[%km1] : !map.map<i8, i8>
  map.delete %m[%k127] : !map.map<i8, i8>
  %n2 = map.len %m : !map.map<i8, i8>
  func.call @print_index(%n2) : (index) -> ()
  func.call @print_i1(%fb) : (i1) -> ()
  map.assign %vmin, %m[%k1] : !map.map<i8, i8>
  %d, %fd = map.lookup %m[%k1] : !map.map<i8, i8>
  %dw = arith.extsi %d : i8 to i64
  func.call @maprt_print_i64(%dw) : (i64) -> ()
  return
}

// i16 keys, f32 values.
// CHECK-LABEL: 1003
// CHECK-NEXT: -3
// CHECK-NEXT: 7
// CHECK-NEXT: 0
// CHECK-NEXT: 2
func.func @i16_keys() {
  %tag = arith.constant 1003 : i64
  func.call @maprt_print_i64(%tag) : (i64) -> ()
  %m = map.make : !map.map<i16, f32>
  %k1 = arith.constant -300 : i16
  %k2 = arith.constant 300 : i16
  %k3 = arith.constant 1 : i16
  %v1 = arith.constant -1.5 : f32
  %v2 = arith.constant 3.5 : f32
  map.assign %v1, %m[%k1] : !map.map<i16, f32>
  map.assign %v2, %m[%k2] : !map.map<i16, f32>
  %two = arith.constant 2.0 : f32
  %a, %fa = map.lookup %m[%k1] : !map.map<i16, f32>
  %a2 = arith.mulf %a, %two : f32
  %ai = arith.fptosi %a2 : f32 to i64
  func.call @maprt_print_i64(%ai) : (i64) -> ()
  %b, %fb = map.lookup %m[%k2] : !map.map<i16, f32>
  %b2 = arith.mulf %b, %two : f32
  %bi = arith.fptosi %b2 : f32 to i64
  func.call @maprt_print_i64(%bi) : (i64) -> ()
  %c, %fc = map.lookup %m[%k3] : !map.map<i16, f32>
  %ci = arith.fptosi %c : f32 to i64
  func.call @maprt_print_i64(%ci) : (i64) -> ()
  %n = map.len %m : !map.map<i16, f32>
  func.call @print_index(%n) : (index) -> ()
  return
}

// i32 keys, f64 values, range over them.
// CHECK-LABEL: 1004
// CHECK-NEXT: -2147483648
// CHECK-NEXT: 3
// CHECK-NEXT: 45
// CHECK-NEXT: 0
func.func @i32_keys() {
  %tag = arith.constant 1004 : i64
  func.call @maprt_print_i64(%tag) : (i64) -> ()
  %m = map.make : !map.map<i32, f64>
  %kmin = arith.constant -2147483648 : i32
  %ka = arith.constant 7 : i32
  %kb = arith.constant 1000000 : i32
  %v1 = arith.constant 10.25 : f64
  %v2 = arith.constant 14.5 : f64
  %v3 = arith.constant 20.25 : f64
  map.assign %v1, %m[%kmin] : !map.map<i32, f64>
  map.assign %v2, %m[%ka] : !map.map<i32, f64>
  map.assign %v3, %m[%kb] : !map.map<i32, f64>
  // The smallest key, found by ranging.
  %best = memref.alloca() : memref<i32>
  %max = arith.constant 2147483647 : i32
  memref.store %max, %best[] : memref<i32>
  %sum = memref.alloca() : memref<f64>
  %zero = arith.constant 0.0 : f64
  memref.store %zero, %sum[] : memref<f64>
  map.range %m : !map.map<i32, f64> {
  ^bb0(%k: i32, %v: f64):
    %cur = memref.load %best[] : memref<i32>
    %less = arith.cmpi slt, %k, %cur : i32
    %new = arith.select %less, %k, %cur : i32
    memref.store %new, %best[] : memref<i32>
    %s = memref.load %sum[] : memref<f64>
    %s2 = arith.addf %s, %v : f64
    memref.store %s2, %sum[] : memref<f64>
    map.yield
  }
  %b = memref.load %best[] : memref<i32>
  %bw = arith.extsi %b : i32 to i64
  func.call @maprt_print_i64(%bw) : (i64) -> ()
  %n = map.len %m : !map.map<i32, f64>
  func.call @print_index(%n) : (index) -> ()
  %s = memref.load %sum[] : memref<f64>
  %si = arith.fptosi %s : f64 to i64
  func.call @maprt_print_i64(%si) : (i64) -> ()
  map.clear %m : !map.map<i32, f64>
  %n2 = map.len %m : !map.map<i32, f64>
  func.call @print_index(%n2) : (index) -> ()
  return
}

// i64 keys (negative, large), i64 values; 1000 entries, half deleted while
// ranging (Go allows deleting during iteration).
// CHECK-LABEL: 1005
// CHECK-NEXT: -9223372036854775808
// CHECK-NEXT: 1000
// CHECK-NEXT: 500
// CHECK-NEXT: 0
func.func @i64_keys() {
  %tag = arith.constant 1005 : i64
  func.call @maprt_print_i64(%tag) : (i64) -> ()
  %m = map.make : !map.map<i64, i64>
  %kmin = arith.constant -9223372036854775808 : i64
  %kmax = arith.constant 9223372036854775807 : i64
  map.assign %kmin, %m[%kmax] : !map.map<i64, i64>
  %a, %fa = map.lookup %m[%kmax] : !map.map<i64, i64>
  func.call @maprt_print_i64(%a) : (i64) -> ()
  map.delete %m[%kmax] : !map.map<i64, i64>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c1000 = arith.constant 1000 : index
  scf.for %i = %c0 to %c1000 step %c1 {
    %k = arith.index_cast %i : index to i64
    %neg = arith.subi %kmin, %k : i64
    map.assign %k, %m[%neg] : !map.map<i64, i64>
  }
  %n = map.len %m : !map.map<i64, i64>
  func.call @print_index(%n) : (index) -> ()
  %two = arith.constant 2 : i64
  %zero = arith.constant 0 : i64
  map.range %m : !map.map<i64, i64> {
  ^bb0(%k: i64, %v: i64):
    %r = arith.remui %v, %two : i64
    %even = arith.cmpi eq, %r, %zero : i64
    scf.if %even {
      map.delete %m[%k] : !map.map<i64, i64>
    }
    map.yield
  }
  %n2 = map.len %m : !map.map<i64, i64>
  func.call @print_index(%n2) : (index) -> ()
  %x, %fx = map.lookup %m[%kmin] : !map.map<i64, i64>
  func.call @print_i1(%fx) : (i1) -> ()
  return
}

// index keys and values, capacity hint.
// CHECK-LABEL: 1006
// CHECK-NEXT: 99
// CHECK-NEXT: 1
// CHECK-NEXT: 1
func.func @index_keys() {
  %tag = arith.constant 1006 : i64
  func.call @maprt_print_i64(%tag) : (i64) -> ()
  %cap = arith.constant 64 : index
  %m = map.make capacity %cap : !map.map<index, index>
  %k = arith.constant 123456789 : index
  %v = arith.constant 99 : index
  map.assign %v, %m[%k] : !map.map<index, index>
  %a, %fa = map.lookup %m[%k] : !map.map<index, index>
  func.call @print_index(%a) : (index) -> ()
  func.call @print_i1(%fa) : (i1) -> ()
  %n = map.len %m : !map.map<index, index>
  func.call @print_index(%n) : (index) -> ()
  return
}

// A package-level map, and maps passed to and returned from functions.
// CHECK-LABEL: 1007
// CHECK-NEXT: 3
// CHECK-NEXT: 2
map.global @counts : !map.map<i64, i64>
func.func @bump(%m: !map.map<i64, i64>, %k: i64) -> !map.map<i64, i64> {
  %v, %found = map.lookup %m[%k] : !map.map<i64, i64>
  %one = arith.constant 1 : i64
  %v1 = arith.addi %v, %one : i64
  map.assign %v1, %m[%k] : !map.map<i64, i64>
  return %m : !map.map<i64, i64>
}
func.func @globals() {
  %tag = arith.constant 1007 : i64
  func.call @maprt_print_i64(%tag) : (i64) -> ()
  %g = map.get_global @counts : !map.map<i64, i64>
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %a = func.call @bump(%g, %k1) : (!map.map<i64, i64>, i64) -> !map.map<i64, i64>
  %b = func.call @bump(%a, %k1) : (!map.map<i64, i64>, i64) -> !map.map<i64, i64>
  %c = func.call @bump(%b, %k1) : (!map.map<i64, i64>, i64) -> !map.map<i64, i64>
  %d = func.call @bump(%c, %k2) : (!map.map<i64, i64>, i64) -> !map.map<i64, i64>
  %g2 = map.get_global @counts : !map.map<i64, i64>
  %v, %f = map.lookup %g2[%k1] : !map.map<i64, i64>
  func.call @maprt_print_i64(%v) : (i64) -> ()
  %n = map.len %g2 : !map.map<i64, i64>
  func.call @print_index(%n) : (index) -> ()
  return
}

func.func @main() -> i32 {
  func.call @i1_keys() : () -> ()
  func.call @i8_keys() : () -> ()
  func.call @i16_keys() : () -> ()
  func.call @i32_keys() : () -> ()
  func.call @i64_keys() : () -> ()
  func.call @index_keys() : () -> ()
  func.call @globals() : () -> ()
  %status = arith.constant 42 : i32
  return %status : i32
}
