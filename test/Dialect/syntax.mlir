// A copy of shared/syntax.mlir (every op of the dialect in its exact textual
// form): printing it gives those forms back, and the print is a fixed point.
// RUN: map-opt %s > %t.1.mlir
// RUN: map-opt %t.1.mlir > %t.2.mlir
// RUN: diff %t.1.mlir %t.2.mlir
// RUN: FileCheck %s --input-file=%t.1.mlir

// CHECK: map.global @cache {concurrent} : !map.map<i64, i64>
// CHECK-NEXT: map.global @plain : !map.map<i32, f64>
// CHECK-NEXT: map.global @trusted {nocheck} : !map.map<index, i64>
map.global @cache {concurrent} : !map.map<i64, i64>
map.global @plain : !map.map<i32, f64>
map.global @trusted {nocheck} : !map.map<index, i64>

func.func private @maprt_print_i64(i64)

// CHECK-LABEL: func.func @ops(
// CHECK-SAME: %[[K:.+]]: i64, %[[V:.+]]: i64, %[[N:.+]]: index) -> i64
// CHECK-NEXT: %[[M:.+]] = map.make : !map.map<i64, i64>
// CHECK-NEXT: %{{.+}} = map.make {concurrent} : !map.map<i64, i64>
// CHECK-NEXT: %{{.+}} = map.make capacity %[[N]] {nocheck} : !map.map<i64, i64>
// CHECK-NEXT: map.assign %[[V]], %[[M]][%[[K]]] : !map.map<i64, i64>
// CHECK-NEXT: %[[GOT:.+]], %{{.+}} = map.lookup %[[M]][%[[K]]] : !map.map<i64, i64>
// CHECK-NEXT: map.delete %[[M]][%[[K]]] : !map.map<i64, i64>
// CHECK-NEXT: %{{.+}} = map.len %[[M]] : !map.map<i64, i64>
// CHECK-NEXT: map.range %[[M]] : !map.map<i64, i64> {
// CHECK-NEXT: ^bb0(%{{.+}}: i64, %[[VAL:.+]]: i64):
// CHECK-NEXT: func.call @maprt_print_i64(%[[VAL]]) : (i64) -> ()
// CHECK-NEXT: }
// CHECK-NEXT: map.clear %[[M]] : !map.map<i64, i64>
// CHECK-NEXT: %{{.+}} = map.get_global @cache : !map.map<i64, i64>
// CHECK-NEXT: return %[[GOT]] : i64
func.func @ops(%k: i64, %v: i64, %n: index) -> i64 {
  %m = map.make : !map.map<i64, i64>
  %c = map.make {concurrent} : !map.map<i64, i64>
  %sized = map.make capacity %n {nocheck} : !map.map<i64, i64>
  map.assign %v, %m[%k] : !map.map<i64, i64>
  %got, %found = map.lookup %m[%k] : !map.map<i64, i64>
  map.delete %m[%k] : !map.map<i64, i64>
  %len = map.len %m : !map.map<i64, i64>
  map.range %m : !map.map<i64, i64> {
  ^bb0(%key: i64, %val: i64):
    func.call @maprt_print_i64(%val) : (i64) -> ()
    map.yield
  }
  map.clear %m : !map.map<i64, i64>
  %g = map.get_global @cache : !map.map<i64, i64>
  return %got : i64
}

// CHECK-LABEL: func.func @sync(
// CHECK-SAME: attributes {map.norace}
// CHECK-NEXT: %[[C:.+]] = map.make {concurrent} : !map.map<i64, i64>
// CHECK-NEXT: %[[MU:.+]] = map.mutex
// CHECK-NEXT: %[[G:.+]] = map.group
// CHECK-NEXT: map.go %[[G]] {
// CHECK-NEXT: map.lock %[[MU]]
// CHECK-NEXT: map.assign %{{.+}}, %[[C]][%{{.+}}] : !map.map<i64, i64>
// CHECK-NEXT: map.unlock %[[MU]]
// CHECK-NEXT: }
// CHECK-NEXT: map.go {
// CHECK-NEXT: map.rlock %[[MU]]
// CHECK-NEXT: %{{.+}}, %{{.+}} = map.lookup %[[C]][%{{.+}}] : !map.map<i64, i64>
// CHECK-NEXT: map.runlock %[[MU]]
// CHECK-NEXT: }
// CHECK-NEXT: map.wait %[[G]]
// CHECK-NEXT: return
func.func @sync(%k: i64, %v: i64) attributes {map.norace} {
  %m = map.make {concurrent} : !map.map<i64, i64>
  %mu = map.mutex
  %g = map.group
  map.go %g {
    map.lock %mu
    map.assign %v, %m[%k] : !map.map<i64, i64>
    map.unlock %mu
    map.yield
  }
  map.go {
    map.rlock %mu
    %x, %ok = map.lookup %m[%k] : !map.map<i64, i64>
    map.runlock %mu
    map.yield
  }
  map.wait %g
  return
}
