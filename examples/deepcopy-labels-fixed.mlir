// deepcopy-labels-fixed.mlir — FIXED twin of deepcopy-labels.mlir: the
// copy ranges under the read lock, the controller writes under the lock.
//
// The real-world fix (Go):
//
//   type Object struct {
//       mu     sync.RWMutex
//       Labels map[string]string
//   }
//   func (o *Object) Snapshot() map[string]string {
//       o.mu.RLock()                // the whole range under the read lock
//       defer o.mu.RUnlock()
//       out := make(map[string]string, len(o.Labels))
//       for k, v := range o.Labels { out[k] = v }
//       return out
//   }
//   // controller:
//   o.mu.Lock(); o.Labels["revision"] = next; delete(o.Labels, old); o.mu.Unlock()
//
// (The other Kubernetes answer is "never mutate a cached object: DeepCopy
// it first and mutate the copy"; the mutex version is the one that keeps
// a single shared map.) A map.range is a read that lasts for its whole
// body, so the read lock must be held from before the range until after
// it. @deep_copy takes the mutex as an argument and holds it shared; the
// controller holds it exclusively around each reconcile step, calling the
// unchanged @set_label / @drop_label with the lock held by the caller. The
// fresh copy is made inside @deep_copy and is private to the caller, so it
// needs no lock. The verifier accepts the program; it prints 47, the size
// of the final label set.

func.func private @maprt_print_i64(i64)

// mu.RLock(); out := make(map, len(in)); for k, v := range in { out[k] = v }; mu.RUnlock()
func.func private @deep_copy(%in: !map.map<i64, i64>, %mu: !map.mutex) -> !map.map<i64, i64> {
  map.rlock %mu
  %n = map.len %in : !map.map<i64, i64>
  %out = map.make capacity %n : !map.map<i64, i64>
  map.range %in : !map.map<i64, i64> {
  ^bb0(%k: i64, %v: i64):
    map.assign %v, %out[%k] : !map.map<i64, i64>
    map.yield
  }
  map.runlock %mu
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
// another (64 label keys in all), as one step under the lock.
func.func private @controller(%labels: !map.map<i64, i64>, %mu: !map.mutex, %rounds: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : i64
  %c17 = arith.constant 17 : i64
  scf.for %i = %c0 to %rounds step %c1 {
    %ii = arith.index_cast %i : index to i64
    %k = arith.remui %ii, %c64 : i64
    map.lock %mu
    func.call @set_label(%labels, %k, %ii) : (!map.map<i64, i64>, i64, i64) -> ()
    %j = arith.addi %ii, %c17 : i64
    %d = arith.remui %j, %c64 : i64
    func.call @drop_label(%labels, %d) : (!map.map<i64, i64>, i64) -> ()
    map.unlock %mu
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
  %mu = map.mutex
  // The object as it came from the cache: 64 labels (no task yet, no lock
  // needed).
  scf.for %i = %c0 to %c64 step %c1 {
    %k = arith.index_cast %i : index to i64
    func.call @set_label(%labels, %k, %k) : (!map.map<i64, i64>, i64, i64) -> ()
  }

  %g = map.group
  map.go %g {
    func.call @controller(%labels, %mu, %rounds) : (!map.map<i64, i64>, !map.mutex, index) -> ()
    map.yield
  }

  // Meanwhile: deep-copy the object again and again (an event handler
  // handing snapshots to a work queue).
  scf.for %i = %c0 to %copies step %c1 {
    %snapshot = func.call @deep_copy(%labels, %mu) : (!map.map<i64, i64>, !map.mutex) -> !map.map<i64, i64>
  }

  map.wait %g
  // The controller is done: one last copy, now of the final state.
  %final = func.call @deep_copy(%labels, %mu) : (!map.map<i64, i64>, !map.mutex) -> !map.map<i64, i64>
  %len = map.len %final : !map.map<i64, i64>
  %lenw = arith.index_cast %len : index to i64
  func.call @maprt_print_i64(%lenw) : (i64) -> ()
  %ret = arith.constant 0 : i32
  return %ret : i32
}
