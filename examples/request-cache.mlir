// request-cache.mlir — BUGGY: HTTP handlers bump a package-level hit counter
// without a lock.
//
// The real-world pattern (Go):
//
//   var hits = map[string]int{}            // package level
//   func handler(w http.ResponseWriter, r *http.Request) {
//       hits[r.URL.Path]++                 // lookup + assign, no lock
//   }
//
// net/http runs every request in its own goroutine, so two requests do the
// read-modify-write at the same time — even for different paths, since an
// assign may grow and rehash the whole table. Go's runtime kills such
// programs with "fatal error: concurrent map writes"; it is one of the most
// frequently reported map races.
//
// Here @hits is the package-level map, declared `concurrent` (it is meant to
// be shared), @main starts one task per "connection" in a loop, and every
// task serves 100000 requests through @serve -> @record_hit. The
// verifier must reject the program: @record_hit's lookup and assign run in
// parallel in every instance of the task, with no mutex held.
//
// The fix is in request-cache-fixed.mlir.

map.global @hits {concurrent} : !map.map<i64, i64>

func.func private @maprt_print_i64(i64)

// hits[path]++ — the racy read-modify-write.
func.func private @record_hit(%path: i64) {
  %m = map.get_global @hits : !map.map<i64, i64>
  %n, %found = map.lookup %m[%path] : !map.map<i64, i64>
  %one = arith.constant 1 : i64
  %n1 = arith.addi %n, %one : i64
  map.assign %n1, %m[%path] : !map.map<i64, i64>
  return
}

// One connection: serves %requests requests over 64 distinct paths.
func.func private @serve(%conn: i64, %requests: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : i64
  %stride = arith.constant 7 : i64
  scf.for %i = %c0 to %requests step %c1 {
    %ii = arith.index_cast %i : index to i64
    %s = arith.muli %conn, %stride : i64
    %p = arith.addi %s, %ii : i64
    %path = arith.remui %p, %c64 : i64
    func.call @record_hit(%path) : (i64) -> ()
  }
  return
}

func.func @main() -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %conns = arith.constant 8 : index
  %requests = arith.constant 100000 : index
  %g = map.group
  scf.for %i = %c0 to %conns step %c1 {
    %conn = arith.index_cast %i : index to i64
    map.go %g {
      func.call @serve(%conn, %requests) : (i64, index) -> ()
      map.yield
    }
  }
  map.wait %g

  // All handlers are done: sum the counters (8 * 100000 = 800000 if no
  // increment was lost) and count the paths.
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
