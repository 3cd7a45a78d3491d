// RUN: map-cc %s -o %t --checks=all
// RUN: %t | FileCheck %s
// RUN: map-cc %s -o %t.O0 -O0 --checks=none
// RUN: %t.O0 | FileCheck %s
// RUN: map-cc %s -o %t.tsan --sanitize=thread 2>/dev/null
// RUN: %t.tsan | FileCheck %s

// Extreme keys and values (SPEC §9): the smallest and largest i64, -1 and 0
// as keys and values, narrow key types whose all-ones pattern must not alias
// a wider key, index keys, and f64 values (infinities, -0.0, NaN payloads
// travel as bits). Every one is stored, found, counted and deleted exactly.

func.func private @maprt_print_i64(i64)

func.func @main() -> i32 {
  %min = arith.constant -9223372036854775808 : i64
  %max = arith.constant 9223372036854775807 : i64
  %m1 = arith.constant -1 : i64
  %zero = arith.constant 0 : i64
  %m = map.make : !map.map<i64, i64>
  map.assign %max, %m[%min] : !map.map<i64, i64>
  map.assign %min, %m[%max] : !map.map<i64, i64>
  map.assign %zero, %m[%m1] : !map.map<i64, i64>
  map.assign %m1, %m[%zero] : !map.map<i64, i64>
  %n = map.len %m : !map.map<i64, i64>
  %n64 = arith.index_cast %n : index to i64
  // CHECK: 4
  func.call @maprt_print_i64(%n64) : (i64) -> ()
  %a, %fa = map.lookup %m[%min] : !map.map<i64, i64>
  %b, %fb = map.lookup %m[%max] : !map.map<i64, i64>
  %c, %fc = map.lookup %m[%m1] : !map.map<i64, i64>
  %d, %fd = map.lookup %m[%zero] : !map.map<i64, i64>
  // CHECK-NEXT: 9223372036854775807
  // CHECK-NEXT: -9223372036854775808
  // CHECK-NEXT: 0
  // CHECK-NEXT: -1
  func.call @maprt_print_i64(%a) : (i64) -> ()
  func.call @maprt_print_i64(%b) : (i64) -> ()
  func.call @maprt_print_i64(%c) : (i64) -> ()
  func.call @maprt_print_i64(%d) : (i64) -> ()
  map.delete %m[%min] : !map.map<i64, i64>
  %e, %fe = map.lookup %m[%min] : !map.map<i64, i64>
  %fe64 = arith.extui %fe : i1 to i64
  // CHECK-NEXT: 0
  // CHECK-NEXT: 0
  func.call @maprt_print_i64(%e) : (i64) -> ()
  func.call @maprt_print_i64(%fe64) : (i64) -> ()

  // i8 keys: -1 (0xff) and 127; i1 keys; index keys and values.
  %s = map.make : !map.map<i8, i64>
  %k8a = arith.constant -1 : i8
  %k8b = arith.constant 127 : i8
  %k8c = arith.constant -128 : i8
  map.assign %m1, %s[%k8a] : !map.map<i8, i64>
  map.assign %max, %s[%k8b] : !map.map<i8, i64>
  map.assign %min, %s[%k8c] : !map.map<i8, i64>
  %sn = map.len %s : !map.map<i8, i64>
  %sn64 = arith.index_cast %sn : index to i64
  %sv, %sf = map.lookup %s[%k8a] : !map.map<i8, i64>
  %sw, %sg = map.lookup %s[%k8c] : !map.map<i8, i64>
  // CHECK-NEXT: 3
  // CHECK-NEXT: -1
  // CHECK-NEXT: -9223372036854775808
  func.call @maprt_print_i64(%sn64) : (i64) -> ()
  func.call @maprt_print_i64(%sv) : (i64) -> ()
  func.call @maprt_print_i64(%sw) : (i64) -> ()
  %bits = map.make : !map.map<i1, i8>
  %t = arith.constant true
  %f = arith.constant false
  map.assign %k8a, %bits[%t] : !map.map<i1, i8>
  map.assign %k8b, %bits[%f] : !map.map<i1, i8>
  %bt, %bf = map.lookup %bits[%t] : !map.map<i1, i8>
  %bt64 = arith.extsi %bt : i8 to i64
  %bn = map.len %bits : !map.map<i1, i8>
  %bn64 = arith.index_cast %bn : index to i64
  // CHECK-NEXT: -1
  // CHECK-NEXT: 2
  func.call @maprt_print_i64(%bt64) : (i64) -> ()
  func.call @maprt_print_i64(%bn64) : (i64) -> ()
  %ix = map.make : !map.map<index, index>
  %imax = arith.index_cast %max : i64 to index
  %imin = arith.index_cast %min : i64 to index
  map.assign %imin, %ix[%imax] : !map.map<index, index>
  %iv, %if = map.lookup %ix[%imax] : !map.map<index, index>
  %iv64 = arith.index_cast %iv : index to i64
  // CHECK-NEXT: -9223372036854775808
  func.call @maprt_print_i64(%iv64) : (i64) -> ()

  // f64 values: -inf, +inf, -0.0 and a NaN come back bit for bit.
  %fm = map.make : !map.map<i64, f64>
  %ninf = arith.constant 0xFFF0000000000000 : f64
  %pinf = arith.constant 0x7FF0000000000000 : f64
  %nzero = arith.constant -0.0 : f64
  %nan = arith.constant 0x7FF8000000000123 : f64
  %c1 = arith.constant 1 : i64
  %c2 = arith.constant 2 : i64
  %c3 = arith.constant 3 : i64
  map.assign %ninf, %fm[%min] : !map.map<i64, f64>
  map.assign %pinf, %fm[%max] : !map.map<i64, f64>
  map.assign %nzero, %fm[%c1] : !map.map<i64, f64>
  map.assign %nan, %fm[%c2] : !map.map<i64, f64>
  %x1, %y1 = map.lookup %fm[%min] : !map.map<i64, f64>
  %x2, %y2 = map.lookup %fm[%max] : !map.map<i64, f64>
  %x3, %y3 = map.lookup %fm[%c1] : !map.map<i64, f64>
  %x4, %y4 = map.lookup %fm[%c2] : !map.map<i64, f64>
  %x5, %y5 = map.lookup %fm[%c3] : !map.map<i64, f64>
  %b1 = arith.bitcast %x1 : f64 to i64
  %b2 = arith.bitcast %x2 : f64 to i64
  %b3 = arith.bitcast %x3 : f64 to i64
  %b4 = arith.bitcast %x4 : f64 to i64
  %b5 = arith.bitcast %x5 : f64 to i64
  // CHECK-NEXT: -4503599627370496
  // CHECK-NEXT: 9218868437227405312
  // CHECK-NEXT: -9223372036854775808
  // CHECK-NEXT: 9221120237041090851
  // CHECK-NEXT: 0
  func.call @maprt_print_i64(%b1) : (i64) -> ()
  func.call @maprt_print_i64(%b2) : (i64) -> ()
  func.call @maprt_print_i64(%b3) : (i64) -> ()
  func.call @maprt_print_i64(%b4) : (i64) -> ()
  func.call @maprt_print_i64(%b5) : (i64) -> ()

  // A map grown to a million entries, then cleared.
  %big = map.make : !map.map<i64, i64>
  %c0i = arith.constant 0 : index
  %c1i = arith.constant 1 : index
  %million = arith.constant 1000000 : index
  scf.for %i = %c0i to %million step %c1i {
    %k = arith.index_cast %i : index to i64
    %kk = arith.muli %k, %max : i64
    map.assign %k, %big[%kk] : !map.map<i64, i64>
  }
  %bl = map.len %big : !map.map<i64, i64>
  %bl64 = arith.index_cast %bl : index to i64
  map.clear %big : !map.map<i64, i64>
  %bl2 = map.len %big : !map.map<i64, i64>
  %bl2_64 = arith.index_cast %bl2 : index to i64
  // CHECK-NEXT: 1000000
  // CHECK-NEXT: 0
  func.call @maprt_print_i64(%bl64) : (i64) -> ()
  func.call @maprt_print_i64(%bl2_64) : (i64) -> ()
  %z = arith.constant 0 : i32
  return %z : i32
}
