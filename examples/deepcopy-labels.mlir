// deepcopy-labels.mlir — BUGGY: a deep copy ranges over a labels map that a
// controller is writing (the Kubernetes "DeepCopy of a shared object" race).
//
// The real-world pattern (Go, Kubernetes-style):
//
//   func (in *ObjectMeta) DeepCopyInto(out *ObjectMeta) {
//       out.Labels = make(map[string]string, len(in.Labels))
//       for k, v := range in.Labels {  // iteration...
//           out.Labels[k] = v
//       }
//   }
//   // controller goroutine, on the same *shared* object from the cache:
//   obj.Labels["revision"] = next      // ...and a write, no lock
//
// Generated DeepCopy functions are only safe on objects nobody mutates. A
// controller that mutates an object it got from a shared cache, while
// another goroutine (an informer handler, a status reporter) deep-copies
// it, makes Go's runtime die with "fatal error: concurrent map iteration
// and map write" — a crash reported again and again against Kubernetes
// components and operators.
//
// Here @main holds the shared labels map (declared `concurrent`), a
// controller task updates and removes labels through @set_label and
// @drop_label, and @main deep-copies the map in a loop through
// @deep_copy, which ranges over it into a fresh map. No mutex anywhere. The
// verifier must reject the program: the map.range in @deep_copy may run in
// parallel with the controller's writes.
//
// The fix is in deepcopy-labels-fixed.mlir.

func.func private @maprt_print_i64(i64)

// out := make(map, len(in)); for k, v := range in { out[k] = v }
func.func private @deep_copy(%in: !map.map<i64, i64>) -> !map.map<i64, i64> {
  %n = map.len %in : !map.map<i64, i64>
  %out = map.make capacity %n : !map.map<i64, i64>
  map.range %in : !map.map<i64, i64> {
  ^bb0(%k: i64, %v: i64):
    map.assign %v, %out[%k] : !map.map<i64, i64>
    map.yield
  }
  return %out : !map.map<i64, i64>
}

// obj.Labels[k] = v
func.func private @set_label(%labels: !map.map<i64, i64>, %k: i64, %v: i64) {
  map.assign %v, %labels[%k] : !map.map<i64, i64>
  return
}

// delete(obj.Labels, k)
func.func private @drop_label(%labels: !map.map<i64, i64>, %k: i64) {
  map.delete %labels[%k] : !map.map<i64, i64>
  return
}

// The controller's reconcile loop: every round bumps one label and removes
// another (64 label keys in all).
func.func private @controller(%labels: !map.map<i64, i64>, %rounds: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : i64
  %c17 = arith.constant 17 : i64
  scf.for %i = %c0 to %rounds step %c1 {
    %ii = arith.index_cast %i : index to i64
    %k = arith.remui %ii, %c64 : i64
    func.call @set_label(%labels, %k, %ii) : (!map.map<i64, i64>, i64, i64) -> ()
    %j = arith.addi %ii, %c17 : i64
    %d = arith.remui %j, %c64 : i64
    func.call @drop_label(%labels, %d) : (!map.map<i64, i64>, i64) -> ()
  }
  return
}

func.func @main() -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %rounds = arith.constant 200000 : index
  %copies = arith.constant 50000 : index
  %labels = map.make {concurrent} : !map.map<i64, i64>
  // The object as it came from the cache: 64 labels.
  scf.for %i = %c0 to %c64 step %c1 {
    %k = arith.index_cast %i : index to i64
    func.call @set_label(%labels, %k, %k) : (!map.map<i64, i64>, i64, i64) -> ()
  }

  %g = map.group
  map.go %g {
    func.call @controller(%labels, %rounds) : (!map.map<i64, i64>, index) -> ()
    map.yield
  }

  // Meanwhile: deep-copy the object again and again (an event handler
  // handing snapshots to a work queue).
  scf.for %i = %c0 to %copies step %c1 {
    %snapshot = func.call @deep_copy(%labels) : (!map.map<i64, i64>) -> !map.map<i64, i64>
  }

  map.wait %g
  // The controller is done: one last copy, now of the final state.
  %final = func.call @deep_copy(%labels) : (!map.map<i64, i64>) -> !map.map<i64, i64>
  %len = map.len %final : !map.map<i64, i64>
  %lenw = arith.index_cast %len : index to i64
  func.call @maprt_print_i64(%lenw) : (i64) -> ()
  %ret = arith.constant 0 : i32
  return %ret : i32
}
