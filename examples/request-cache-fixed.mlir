// request-cache-fixed.mlir — FIXED twin of request-cache.mlir: the hit
// counter's read-modify-write happens under one mutex.
//
// The real-world fix (Go):
//
//   var (
//       mu   sync.Mutex
//       hits = map[string]int{}
//   )
//   func handler(w http.ResponseWriter, r *http.Request) {
//       mu.Lock()
//       hits[r.URL.Path]++                 // lookup + assign under the lock
//       mu.Unlock()
//   }
//
// The lock must cover both the lookup and the assign: locking only the
// assign would still let a lookup race with another handler's assign, and
// would lose increments. @main makes the mutex and hands it down through
// @serve to @record_hit (a mutex argument, the way a Go handler method reaches
// its struct's mutex). Every handler task now holds the mutex exclusively
// around every access, @main reads only after map.wait, so the verifier
// accepts the program and the total is exactly 8 * 100000 = 800000.

map.global @hits {concurrent} : !map.map<i64, i64>

func.func private @maprt_print_i64(i64)

// mu.Lock(); hits[path]++; mu.Unlock()
func.func private @record_hit(%path: i64, %mu: !map.mutex) {
  %m = map.get_global @hits : !map.map<i64, i64>
  map.lock %mu
  %n, %found = map.lookup %m[%path] : !map.map<i64, i64>
  %one = arith.constant 1 : i64
  %n1 = arith.addi %n, %one : i64
  map.assign %n1, %m[%path] : !map.map<i64, i64>
  map.unlock %mu
  return
}

// One connection: serves %requests requests over 64 distinct paths.
func.func private @serve(%conn: i64, %requests: index, %mu: !map.mutex) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : i64
  %stride = arith.constant 7 : i64
  scf.for %i = %c0 to %requests step %c1 {
    %ii = arith.index_cast %i : index to i64
    %s = arith.muli %conn, %stride : i64
    %p = arith.addi %s, %ii : i64
    %path = arith.remui %p, %c64 : i64
    func.call @record_hit(%path, %mu) : (i64, !map.mutex) -> ()
  }
  return
}

func.func @main() -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %conns = arith.constant 8 : index
  %requests = arith.constant 100000 : index
  %mu = map.mutex
  %g = map.group
  scf.for %i = %c0 to %conns step %c1 {
    %conn = arith.index_cast %i : index to i64
    map.go %g {
      func.call @serve(%conn, %requests, %mu) : (i64, index, !map.mutex) -> ()
      map.yield
    }
  }
  map.wait %g

  // All handlers are done (map.wait): sum the counters, exactly
  // 8 * 100000 = 800000, and count the paths (64).
  %m = map.get_global @hits : !map.map<i64, i64>
  %acc = memref.alloca() : memref<i64>
  %zero = arith.constant 0 : i64
  memref.store %zero, %acc[] : memref<i64>
  map.range %m : !map.map<i64, i64> {
  ^bb0(%path: i64, %n: i64):
    %a = memref.load %acc[] : memref<i64>
    %s = arith.addi %a, %n : i64
    memref.store %s, %acc[] : memref<i64>
    map.yield
  }
  %total = memref.load %acc[] : memref<i64>
  func.call @maprt_print_i64(%total) : (i64) -> ()
  %len = map.len %m : !map.map<i64, i64>
  %lenw = arith.index_cast %len : index to i64
  func.call @maprt_print_i64(%lenw) : (i64) -> ()
  %ret = arith.constant 0 : i32
  return %ret : i32
}
