// Forms beyond the shared syntax file: every key and value type, generic
// attributes, explicit yields, nested regions, and maps flowing through
// scf, cf and arith.select.
// RUN: map-opt %s | map-opt | FileCheck %s

// CHECK-LABEL: func.func @types
func.func @types(%i1: i1, %i8: i8, %i16: i16, %i32: i32, %ix: index,
                 %f: f32, %d: f64) {
  // CHECK: map.make : !map.map<i1, f32>
  %a = map.make : !map.map<i1, f32>
  map.assign %f, %a[%i1] : !map.map<i1, f32>
  // CHECK: map.make : !map.map<i8, f64>
  %b = map.make : !map.map<i8, f64>
  map.assign %d, %b[%i8] : !map.map<i8, f64>
  // CHECK: map.make : !map.map<i16, index>
  %c = map.make : !map.map<i16, index>
  map.assign %ix, %c[%i16] : !map.map<i16, index>
  // CHECK: map.make : !map.map<index, i32>
  %e = map.make : !map.map<index, i32>
  // CHECK: map.lookup %{{.+}}[%{{.+}}] : !map.map<index, i32>
  %v, %ok = map.lookup %e[%ix] : !map.map<index, i32>
  return
}

// CHECK-LABEL: func.func @flow
func.func @flow(%cond: i1, %k: i64) -> !map.map<i64, i64> {
  %a = map.make : !map.map<i64, i64>
  %b = map.make : !map.map<i64, i64>
  // CHECK: arith.select %{{.+}}, %{{.+}}, %{{.+}} : !map.map<i64, i64>
  %s = arith.select %cond, %a, %b : !map.map<i64, i64>
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c1 = arith.constant 1 : index
  // CHECK: scf.for {{.+}} iter_args(%{{.+}} = %{{.+}}) -> (!map.map<i64, i64>)
  %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%it = %s) -> (!map.map<i64, i64>) {
    map.assign %k, %it[%k] : !map.map<i64, i64>
    scf.yield %b : !map.map<i64, i64>
  }
  // CHECK: cf.br ^bb1(%{{.+}} : !map.map<i64, i64>)
  cf.br ^bb1(%r : !map.map<i64, i64>)
^bb1(%m: !map.map<i64, i64>):
  return %m : !map.map<i64, i64>
}

// CHECK-LABEL: func.func @nested
func.func @nested(%k: i64) {
  %m = map.make {concurrent} : !map.map<i64, i64>
  %g = map.group
  // CHECK: map.go %{{.+}} attributes {map.owner = 1 : i64} {
  map.go %g attributes {map.owner = 1} {
    // CHECK: map.go {
    map.go {
      // CHECK: map.range %{{.+}} {map.object = 0 : i64} : !map.map<i64, i64> {
      map.range %m {map.object = 0} : !map.map<i64, i64> {
      ^bb0(%key: i64, %val: i64):
        map.delete %m[%key] : !map.map<i64, i64>
      }
      map.yield
    }
  }
  map.wait %g
  return
}

// The generic form parses into the same ops.
// CHECK-LABEL: func.func @generic
func.func @generic(%k: i64) {
  // CHECK: map.make {concurrent} : !map.map<i64, i64>
  %m = "map.make"() {concurrent} : () -> !map.map<i64, i64>
  // CHECK: map.assign
  "map.assign"(%k, %m, %k) : (i64, !map.map<i64, i64>, i64) -> ()
  return
}
