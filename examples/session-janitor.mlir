// session-janitor.mlir — BUGGY: a background janitor deletes expired
// entries while callers look entries up without the lock.
//
// The real-world pattern (Go):
//
//   type Store struct {
//       mu       sync.RWMutex
//       sessions map[int]int       // id -> expiry tick
//   }
//   func NewStore() *Store {
//       s := &Store{sessions: map[int]int{}}
//       go s.janitor()              // fire and forget, never joined
//       return s
//   }
//   func (s *Store) janitor() {
//       for now := 0; ; now++ {
//           s.mu.Lock()
//           for id, exp := range batch(now) { if exp < now { delete(s.sessions, id) } }
//           s.mu.Unlock()
//       }
//   }
//   func (s *Store) Put(id, exp int) { s.mu.Lock(); s.sessions[id] = exp; s.mu.Unlock() }
//   func (s *Store) Get(id int) (int, bool) {
//       exp, ok := s.sessions[id]   // BUG: "only a read", no lock
//       return exp, ok
//   }
//
// The author locked the writes and reasoned that reads need no lock. But a
// read that runs while the janitor deletes sees the table mid-update; Go
// reports "fatal error: concurrent map read and map write". Caches with a
// cleanup goroutine (session stores, TTL caches, rate limiters) are the
// classic home of this bug.
//
// Here @janitor is started by a `map.go` without a group (it is never
// joined and runs until the program ends), request tasks started in a loop
// call @put (locked) and @get (unlocked), and @main itself does a final
// @get while the janitor is still running. The verifier must reject the
// program: the lookup in @get may run in parallel with the janitor's delete.
//
// The fix is in session-janitor-fixed.mlir.

func.func private @maprt_print_i64(i64)

// s.mu.Lock(); s.sessions[id] = exp; s.mu.Unlock()
func.func private @put(%s: !map.map<i64, i64>, %mu: !map.mutex, %id: i64, %exp: i64) {
  map.lock %mu
  map.assign %exp, %s[%id] : !map.map<i64, i64>
  map.unlock %mu
  return
}

// exp, ok := s.sessions[id] — without the lock.
func.func private @get(%s: !map.map<i64, i64>, %mu: !map.mutex, %id: i64) -> i64 {
  %exp, %ok = map.lookup %s[%id] : !map.map<i64, i64>
  return %exp : i64
}

// One sweep at tick %now: every session of the batch that expired before
// %now is deleted, all under the lock.
func.func private @sweep(%s: !map.map<i64, i64>, %mu: !map.mutex, %now: i64, %slots: i64) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %batch = arith.constant 64 : index
  %b64 = arith.constant 64 : i64
  %base = arith.muli %now, %b64 : i64
  map.lock %mu
  scf.for %j = %c0 to %batch step %c1 {
    %jj = arith.index_cast %j : index to i64
    %x = arith.addi %base, %jj : i64
    %id = arith.remui %x, %slots : i64
    %exp, %ok = map.lookup %s[%id] : !map.map<i64, i64>
    %old = arith.cmpi slt, %exp, %now : i64
    %expired = arith.andi %ok, %old : i1
    scf.if %expired {
      map.delete %s[%id] : !map.map<i64, i64>
    }
  }
  map.unlock %mu
  return
}

// The janitor: sweeps forever in the Go code; here for more ticks than the
// program lives.
func.func private @janitor(%s: !map.map<i64, i64>, %mu: !map.mutex, %slots: i64) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %ticks = arith.constant 1000000 : index
  scf.for %t = %c0 to %ticks step %c1 {
    %now = arith.index_cast %t : index to i64
    func.call @sweep(%s, %mu, %now, %slots) : (!map.map<i64, i64>, !map.mutex, i64, i64) -> ()
  }
  return
}

// One client: stores sessions with a short lifetime and reads them back.
func.func private @client(%s: !map.map<i64, i64>, %mu: !map.mutex, %id0: i64, %slots: i64) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant 100000 : index
  %ttl = arith.constant 3 : i64
  scf.for %i = %c0 to %n step %c1 {
    %ii = arith.index_cast %i : index to i64
    %x = arith.addi %id0, %ii : i64
    %id = arith.remui %x, %slots : i64
    %exp = arith.addi %ii, %ttl : i64
    func.call @put(%s, %mu, %id, %exp) : (!map.map<i64, i64>, !map.mutex, i64, i64) -> ()
    %got = func.call @get(%s, %mu, %id) : (!map.map<i64, i64>, !map.mutex, i64) -> i64
  }
  return
}

func.func @main() -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %slots = arith.constant 512 : i64
  %spread = arith.constant 1000 : i64
  %sessions = map.make {concurrent} : !map.map<i64, i64>
  %mu = map.mutex

  // go s.janitor() — fire and forget.
  map.go {
    func.call @janitor(%sessions, %mu, %slots) : (!map.map<i64, i64>, !map.mutex, i64) -> ()
    map.yield
  }

  // Four clients, joined before the final check.
  %g = map.group
  scf.for %i = %c0 to %c4 step %c1 {
    %ii = arith.index_cast %i : index to i64
    %id0 = arith.muli %ii, %spread : i64
    map.go %g {
      func.call @client(%sessions, %mu, %id0, %slots) : (!map.map<i64, i64>, !map.mutex, i64, i64) -> ()
      map.yield
    }
  }
  map.wait %g

  // A health check: store a session that never expires and read it back.
  // The janitor is still running.
  %probe = arith.constant 4096 : i64
  %forever = arith.constant 9223372036854775807 : i64
  func.call @put(%sessions, %mu, %probe, %forever) : (!map.map<i64, i64>, !map.mutex, i64, i64) -> ()
  %exp = func.call @get(%sessions, %mu, %probe) : (!map.map<i64, i64>, !map.mutex, i64) -> i64
  %ok = arith.cmpi eq, %exp, %forever : i64
  %okw = arith.extui %ok : i1 to i64
  func.call @maprt_print_i64(%okw) : (i64) -> ()
  %ret = arith.constant 0 : i32
  return %ret : i32
}
