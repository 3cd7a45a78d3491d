// RUN: map-opt --split-input-file --convert-map-to-llvm=checks=all %s | FileCheck %s --check-prefixes=CHECK,ALL
// RUN: map-opt --split-input-file --convert-map-to-llvm=checks=none %s | FileCheck %s --check-prefixes=CHECK,NONE,NOTALL
// RUN: map-opt --split-input-file --convert-map-to-llvm %s | FileCheck %s --check-prefixes=CHECK,UNPROVEN,NOTALL
// RUN: map-opt --split-input-file --map-to-llvm-pipeline=checks=all %s | FileCheck %s --check-prefix=LLVM
// RUN: map-opt --split-input-file --map-outline-tasks %s | FileCheck %s --check-prefix=OUTLINE
// RUN: not map-opt --convert-map-to-llvm=checks=some %s 2>&1 | FileCheck %s --check-prefix=BADMODE

// The lowering of every op, where each checks mode puts the runtime checks,
// and that nocheck maps and map.norace functions never get any. A checked
// access is one call: the operation with its checks, the site last. The
// NOTALL prefix is for the modes that leave the access unchecked.

// BADMODE: error: convert-map-to-llvm: unknown checks mode 'some' (expected none, all or unproven)

// Sites: one internal constant per distinct "file:line:col".
// CHECK-DAG: llvm.mlir.global internal constant @[[SITE:__maprt_site_[0-9]+]]("{{.*}}convert-map-to-llvm.mlir:{{[0-9]+}}:{{[0-9]+}}\00")
// Runtime functions are declared on demand.
// CHECK-DAG: llvm.func @maprt_map_make(i64, !llvm.ptr) -> !llvm.ptr
// CHECK-DAG: llvm.func @maprt_map_lookup(!llvm.ptr, i64, !llvm.ptr) -> i1
// CHECK-DAG: llvm.func @maprt_go(!llvm.ptr, !llvm.ptr, !llvm.ptr)

// map.global: a pointer global, made at the start of @main.
// CHECK-DAG: llvm.mlir.global internal @cache() {{.*}} : !llvm.ptr
// CHECK-DAG: llvm.mlir.global internal @trusted() {{.*}} : !llvm.ptr
map.global @cache {concurrent} : !map.map<i64, i64>
map.global @trusted {nocheck} : !map.map<index, i64>

func.func private @maprt_print_i64(i64)

// CHECK-LABEL: func.func @writes(
// CHECK-SAME: %[[M:.*]]: !llvm.ptr, %[[K:.*]]: i32, %[[V:.*]]: f32)
func.func @writes(%m: !map.map<i32, f32>, %k: i32, %v: f32) {
  // Keys are zero-extended, f32 values bit-cast then zero-extended.
  // NOTALL-NOT: checkmap
  // CHECK: %[[KW:.*]] = llvm.zext %[[K]] : i32 to i64
  // CHECK: %[[VB:.*]] = llvm.bitcast %[[V]] : f32 to i32
  // CHECK: %[[VW:.*]] = llvm.zext %[[VB]] : i32 to i64
  // ALL: %[[S1:.*]] = llvm.mlir.addressof @__maprt_site_{{[0-9]+}} : !llvm.ptr
  // ALL: llvm.call @maprt_checkmapconcurrentwrite_assign(%[[M]], %[[KW]], %[[VW]], %[[S1]]) : (!llvm.ptr, i64, i64, !llvm.ptr) -> ()
  // NOTALL: llvm.call @maprt_map_assign(%[[M]], %[[KW]], %[[VW]]) : (!llvm.ptr, i64, i64) -> ()
  map.assign %v, %m[%k] : !map.map<i32, f32>
  // ALL: %[[S2:.*]] = llvm.mlir.addressof @__maprt_site_{{[0-9]+}} : !llvm.ptr
  // ALL: llvm.call @maprt_checkmapconcurrentwrite_delete(%[[M]], %{{.*}}, %[[S2]]) : (!llvm.ptr, i64, !llvm.ptr) -> ()
  // NOTALL: llvm.call @maprt_map_delete(%[[M]], %{{.*}}) : (!llvm.ptr, i64) -> ()
  map.delete %m[%k] : !map.map<i32, f32>
  // ALL: %[[S3:.*]] = llvm.mlir.addressof @__maprt_site_{{[0-9]+}} : !llvm.ptr
  // ALL: llvm.call @maprt_checkmapconcurrentwrite_clear(%[[M]], %[[S3]]) : (!llvm.ptr, !llvm.ptr) -> ()
  // NOTALL: llvm.call @maprt_map_clear(%[[M]]) : (!llvm.ptr) -> ()
  // NOTALL-NOT: checkmap
  map.clear %m : !map.map<i32, f32>
  // CHECK: return
  return
}

// CHECK-LABEL: func.func @reads(
// CHECK-SAME: %[[M:.*]]: !llvm.ptr, %[[K:.*]]: index) -> (f64, i1, index)
func.func @reads(%m: !map.map<index, f64>, %k: index) -> (f64, i1, index) {
  // The runtime writes the value into a slot allocated once at entry.
  // CHECK-DAG: %[[KW:.*]] = builtin.unrealized_conversion_cast %[[K]] : index to i64
  // CHECK-DAG: llvm.alloca %{{.*}} x i64
  // CHECK: %[[SLOT:.*]] = llvm.alloca %{{.*}} x i64
  // ALL: %[[S1:.*]] = llvm.mlir.addressof @__maprt_site_{{[0-9]+}} : !llvm.ptr
  // ALL: %[[FOUND:.*]] = llvm.call @maprt_checkmapread_lookup(%[[M]], %[[KW]], %[[SLOT]], %[[S1]]) : (!llvm.ptr, i64, !llvm.ptr, !llvm.ptr) -> i1
  // NOTALL-NOT: checkmap
  // NOTALL: %[[FOUND:.*]] = llvm.call @maprt_map_lookup(%[[M]], %[[KW]], %[[SLOT]]) : (!llvm.ptr, i64, !llvm.ptr) -> i1
  // CHECK: %[[W:.*]] = llvm.load %[[SLOT]] : !llvm.ptr -> i64
  // CHECK: %[[V:.*]] = llvm.bitcast %[[W]] : i64 to f64
  %v, %found = map.lookup %m[%k] : !map.map<index, f64>
  // ALL: %[[S2:.*]] = llvm.mlir.addressof @__maprt_site_{{[0-9]+}} : !llvm.ptr
  // ALL: %[[N:.*]] = llvm.call @maprt_checkmapread_len(%[[M]], %[[S2]]) : (!llvm.ptr, !llvm.ptr) -> i64
  // NOTALL: %[[N:.*]] = llvm.call @maprt_map_len(%[[M]]) : (!llvm.ptr) -> i64
  // NOTALL-NOT: checkmap
  // CHECK: %[[NI:.*]] = builtin.unrealized_conversion_cast %[[N]] : i64 to index
  %n = map.len %m : !map.map<index, f64>
  // CHECK: return %[[V]], %[[FOUND]], %[[NI]] : f64, i1, index
  return %v, %found, %n : f64, i1, index
}

// CHECK-LABEL: func.func @iterate(
// CHECK-SAME: %[[M:.*]]: !llvm.ptr)
func.func @iterate(%m: !map.map<i8, i64>) {
  // CHECK: %[[KS:.*]] = llvm.alloca
  // CHECK: %[[VS:.*]] = llvm.alloca
  // ALL: %[[S1:.*]] = llvm.mlir.addressof @__maprt_site_{{[0-9]+}} : !llvm.ptr
  // ALL: %[[IT:.*]] = llvm.call @maprt_checkmapiterate_begin(%[[M]], %[[S1]]) : (!llvm.ptr, !llvm.ptr) -> !llvm.ptr
  // NOTALL-NOT: checkmap
  // NOTALL: %[[IT:.*]] = llvm.call @maprt_map_iter_begin(%[[M]]) : (!llvm.ptr) -> !llvm.ptr
  // CHECK: scf.while : () -> (i8, i64) {
  // ALL: %[[S2:.*]] = llvm.mlir.addressof @__maprt_site_{{[0-9]+}} : !llvm.ptr
  // ALL: %[[MORE:.*]] = llvm.call @maprt_checkmapiterate_next(%[[IT]], %[[KS]], %[[VS]], %[[S2]]) : (!llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr) -> i1
  // NOTALL-NOT: checkmap
  // NOTALL: %[[MORE:.*]] = llvm.call @maprt_map_iter_next(%[[IT]], %[[KS]], %[[VS]]) : (!llvm.ptr, !llvm.ptr, !llvm.ptr) -> i1
  // CHECK: %[[KW:.*]] = llvm.load %[[KS]] : !llvm.ptr -> i64
  // CHECK: %[[K:.*]] = llvm.trunc %[[KW]] : i64 to i8
  // CHECK: %[[V:.*]] = llvm.load %[[VS]] : !llvm.ptr -> i64
  // CHECK: scf.condition(%[[MORE]]) %[[K]], %[[V]] : i8, i64
  // CHECK: } do {
  // CHECK: ^bb0(%{{.*}}: i8, %[[VAL:.*]]: i64):
  // CHECK: func.call @maprt_print_i64(%[[VAL]])
  // CHECK: scf.yield
  // CHECK: llvm.call @maprt_map_iter_end(%[[IT]])
  map.range %m : !map.map<i8, i64> {
  ^bb0(%key: i8, %val: i64):
    func.call @maprt_print_i64(%val) : (i64) -> ()
    map.yield
  }
  return
}

// nocheck maps (made or declared) never get checks.
// CHECK-LABEL: func.func @trusted_maps(
func.func @trusted_maps(%k: index, %v: i64) -> i64 {
  // CHECK-NOT: checkmap
  // CHECK: %[[C16:.*]] = arith.constant 16 : index
  // CHECK: %[[CAP:.*]] = builtin.unrealized_conversion_cast %[[C16]] : index to i64
  // CHECK: llvm.call @maprt_map_make(%[[CAP]], %{{.*}}) : (i64, !llvm.ptr) -> !llvm.ptr
  %cap = arith.constant 16 : index
  %m = map.make capacity %cap {nocheck} : !map.map<index, i64>
  map.assign %v, %m[%k] : !map.map<index, i64>
  // CHECK: %[[ADDR:.*]] = llvm.mlir.addressof @trusted : !llvm.ptr
  // CHECK: %[[T:.*]] = llvm.load %[[ADDR]] : !llvm.ptr -> !llvm.ptr
  // CHECK-NOT: checkmap
  // CHECK: llvm.call @maprt_map_assign(%[[T]]
  %t = map.get_global @trusted : !map.map<index, i64>
  map.assign %v, %t[%k] : !map.map<index, i64>
  %x, %ok = map.lookup %t[%k] : !map.map<index, i64>
  // CHECK-NOT: checkmap
  // CHECK: return
  return %x : i64
}

// map.norace functions never get checks, nor do the tasks they start.
// CHECK-LABEL: func.func @norace(
// CHECK-NOT: map.norace
func.func @norace(%k: i64) attributes {map.norace} {
  // CHECK-NOT: checkmap
  // CHECK: llvm.call @maprt_map_assign
  // CHECK-NOT: checkmap
  // CHECK: return
  %m = map.make : !map.map<i64, i64>
  map.assign %k, %m[%k] : !map.map<i64, i64>
  map.go {
    map.delete %m[%k] : !map.map<i64, i64>
    map.yield
  }
  return
}

// map.go: the body is outlined into @<func>_task<N>, its captures travel in
// a malloc'ed environment read by the internal @<func>_task<N>.entry.
// OUTLINE-LABEL: func.func @tasks(
// OUTLINE: map.go %{{.*}} {
// OUTLINE-NEXT: func.call @tasks_task1(%{{.*}}, %{{.*}}, %{{.*}}) : (!map.mutex, i64, !map.map<i64, i64>) -> ()
// OUTLINE-NEXT: }
// OUTLINE-LABEL: func.func private @tasks_task1(
// OUTLINE-SAME: %[[MU:.*]]: !map.mutex, %[[K:.*]]: i64, %[[M:.*]]: !map.map<i64, i64>)
// OUTLINE: map.lock %[[MU]]
// OUTLINE: map.go {
// OUTLINE-NEXT: func.call @tasks_task0(%[[M]], %[[K]])
// OUTLINE: return
// OUTLINE-LABEL: func.func private @tasks_task0(
// OUTLINE: map.lookup
// OUTLINE: return

// CHECK-LABEL: func.func @tasks(
// CHECK-SAME: %[[K:.*]]: i64)
func.func @tasks(%k: i64) {
  // CHECK: %[[M:.*]] = llvm.call @maprt_map_make
  // CHECK: %[[MU:.*]] = llvm.call @maprt_mutex_make() : () -> !llvm.ptr
  // CHECK: %[[G:.*]] = llvm.call @maprt_group_make() : () -> !llvm.ptr
  %m = map.make : !map.map<i64, i64>
  %mu = map.mutex
  %g = map.group
  // CHECK: %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
  // CHECK: %[[END:.*]] = llvm.getelementptr %[[NULL]][1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, i64, ptr)>
  // CHECK: %[[SIZE:.*]] = llvm.ptrtoint %[[END]] : !llvm.ptr to i64
  // CHECK: %[[ENV:.*]] = llvm.call @malloc(%[[SIZE]]) : (i64) -> !llvm.ptr
  // CHECK: %[[F0:.*]] = llvm.getelementptr %[[ENV]][0, 0]
  // CHECK: llvm.store %[[MU]], %[[F0]] : !llvm.ptr, !llvm.ptr
  // CHECK: llvm.store %[[K]]
  // CHECK: llvm.store %[[M]]
  // CHECK: %[[FN:.*]] = llvm.mlir.addressof @tasks_task1.entry : !llvm.ptr
  // CHECK: llvm.call @maprt_go(%[[G]], %[[FN]], %[[ENV]]) : (!llvm.ptr, !llvm.ptr, !llvm.ptr) -> ()
  map.go %g {
    map.lock %mu
    map.assign %k, %m[%k] : !map.map<i64, i64>
    map.unlock %mu
    map.go {
      %x, %ok = map.lookup %m[%k] : !map.map<i64, i64>
      map.yield
    }
    map.yield
  }
  // This locked write runs in parallel with the inner task's unlocked read:
  // checked by `unproven` too.
  // CHECK: llvm.call @maprt_mutex_lock(%[[MU]]) : (!llvm.ptr) -> ()
  // ALL: llvm.call @maprt_checkmapconcurrentwrite_assign(%[[M]], %[[K]], %[[K]], %{{.*}})
  // UNPROVEN: llvm.call @maprt_checkmapconcurrentwrite_assign(%[[M]], %[[K]], %[[K]], %{{.*}})
  // NONE: llvm.call @maprt_map_assign(%[[M]], %[[K]], %[[K]])
  // CHECK: llvm.call @maprt_mutex_unlock(%[[MU]]) : (!llvm.ptr) -> ()
  // CHECK: llvm.call @maprt_mutex_rlock(%[[MU]]) : (!llvm.ptr) -> ()
  // CHECK: llvm.call @maprt_mutex_runlock(%[[MU]]) : (!llvm.ptr) -> ()
  // CHECK: llvm.call @maprt_wait(%[[G]]) : (!llvm.ptr) -> ()
  map.lock %mu
  map.assign %k, %m[%k] : !map.map<i64, i64>
  map.unlock %mu
  map.rlock %mu
  map.runlock %mu
  map.wait %g
  return
}
// The outer task: its assign is ordered before the inner task's read and
// protected from the root's write by the lock: only `all` checks it.
// CHECK-LABEL: func.func private @tasks_task1(
// CHECK-SAME: %[[MU:.*]]: !llvm.ptr, %[[K:.*]]: i64, %[[M:.*]]: !llvm.ptr)
// CHECK: llvm.call @maprt_mutex_lock(%[[MU]])
// ALL: llvm.call @maprt_checkmapconcurrentwrite_assign(%[[M]], %[[K]], %[[K]], %{{.*}})
// NOTALL-NOT: checkmap
// NOTALL: llvm.call @maprt_map_assign(%[[M]], %[[K]], %[[K]])
// CHECK: llvm.call @maprt_mutex_unlock(%[[MU]])
// The inner task has no group: maprt_go(null, ...).
// CHECK: llvm.call @malloc
// CHECK: %[[NOGROUP:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK: llvm.call @maprt_go(%[[NOGROUP]], %{{.*}}, %{{.*}})
// CHECK-LABEL: func.func private @tasks_task0(
// The unlocked read races with the root's locked write: checked by
// `unproven` too.
// ALL: llvm.call @maprt_checkmapread_lookup(
// UNPROVEN: llvm.call @maprt_checkmapread_lookup(
// NONE-NOT: checkmap
// NONE: llvm.call @maprt_map_lookup(

// checks=unproven drops the checks of a private map.
// CHECK-LABEL: func.func @private_map(
func.func @private_map(%k: i64) -> index {
  %m = map.make : !map.map<i64, i64>
  // ALL: llvm.call @maprt_checkmapconcurrentwrite_assign(
  // NOTALL-NOT: checkmap
  // NOTALL: llvm.call @maprt_map_assign(
  map.assign %k, %m[%k] : !map.map<i64, i64>
  // ALL: llvm.call @maprt_checkmapread_len(
  // NOTALL-NOT: checkmap
  // NOTALL: llvm.call @maprt_map_len(
  %n = map.len %m : !map.map<i64, i64>
  // CHECK: return
  return %n : index
}

// Maps flowing through calls, scf results, cf block arguments and
// arith.select become pointers too.
// CHECK-LABEL: func.func @flows(
// CHECK-SAME: %[[C:.*]]: i1, %[[A:.*]]: !llvm.ptr, %[[B:.*]]: !llvm.ptr) -> !llvm.ptr
func.func @flows(%c: i1, %a: !map.map<i64, i64>, %b: !map.map<i64, i64>) -> !map.map<i64, i64> {
  // CHECK: %[[S:.*]] = arith.select %[[C]], %[[A]], %[[B]] : !llvm.ptr
  %s = arith.select %c, %a, %b : !map.map<i64, i64>
  // CHECK: %[[I:.*]] = scf.if %[[C]] -> (!llvm.ptr) {
  %i = scf.if %c -> !map.map<i64, i64> {
    scf.yield %s : !map.map<i64, i64>
  } else {
    scf.yield %b : !map.map<i64, i64>
  }
  // CHECK: cf.br ^bb1(%[[I]] : !llvm.ptr)
  cf.br ^next(%i : !map.map<i64, i64>)
// CHECK: ^bb1(%[[N:.*]]: !llvm.ptr):
^next(%n: !map.map<i64, i64>):
  // CHECK: %[[R:.*]] = call @flows(%[[C]], %[[N]], %[[B]]) : (i1, !llvm.ptr, !llvm.ptr) -> !llvm.ptr
  %r = func.call @flows(%c, %n, %b) : (i1, !map.map<i64, i64>, !map.map<i64, i64>) -> !map.map<i64, i64>
  // CHECK: return %[[R]] : !llvm.ptr
  return %r : !map.map<i64, i64>
}

// The entry of a task loads each field and calls the outlined function.
// CHECK-LABEL: llvm.func internal @tasks_task1.entry(
// CHECK-SAME: %[[ENV:.*]]: !llvm.ptr)
// CHECK: %[[P0:.*]] = llvm.getelementptr %[[ENV]][0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, i64, ptr)>
// CHECK: %[[MU:.*]] = llvm.load %[[P0]] : !llvm.ptr -> !llvm.ptr
// CHECK-NOT: unrealized_conversion_cast
// CHECK: call @tasks_task1(%[[MU]], %{{.*}}, %{{.*}}) : (!llvm.ptr, i64, !llvm.ptr) -> ()
// CHECK: llvm.return

// Without @main (a library), the globals are made by a global constructor.
// CHECK-LABEL: llvm.func internal @__maprt_globals_init()
// CHECK: %[[CM:.*]] = llvm.call @maprt_map_make(
// CHECK: %[[CA:.*]] = llvm.mlir.addressof @cache : !llvm.ptr
// CHECK: llvm.store %[[CM]], %[[CA]] : !llvm.ptr, !llvm.ptr
// CHECK: llvm.mlir.addressof @trusted
// CHECK: llvm.return
// CHECK: llvm.mlir.global_ctors ctors = [@__maprt_globals_init], priorities = [65535 : i32], data = [#llvm.zero]

// The pipeline leaves only the LLVM dialect.
// LLVM-NOT: builtin.unrealized_conversion_cast
// LLVM-NOT: func.func
// LLVM-NOT: scf.
// LLVM-NOT: cf.
// LLVM: llvm.func @flows(

// -----

// @main makes the globals first, and each return ends the program.
// CHECK: llvm.func @maprt_main_exit(i32)
map.global @counts : !map.map<i64, i64>
// CHECK-LABEL: func.func @main() -> i32
// CHECK-NEXT: llvm.call @__maprt_globals_init() : () -> ()
// CHECK: %[[STATUS:.*]] = arith.constant 3 : i32
// CHECK: cf.cond_br
// CHECK: llvm.call @maprt_main_exit(%[[STATUS]]) : (i32) -> ()
// CHECK-NEXT: return %[[STATUS]] : i32
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK: llvm.call @maprt_main_exit(%[[ZERO]]) : (i32) -> ()
// CHECK-NEXT: return %[[ZERO]] : i32
// CHECK-NOT: global_ctors
// LLVM-LABEL: llvm.func @main() -> i32
// LLVM: llvm.call @__maprt_globals_init()
// LLVM: llvm.call @maprt_main_exit
func.func @main() -> i32 {
  %status = arith.constant 3 : i32
  %c = arith.constant true
  cf.cond_br %c, ^early, ^late
^early:
  return %status : i32
^late:
  %zero = arith.constant 0 : i32
  return %zero : i32
}
