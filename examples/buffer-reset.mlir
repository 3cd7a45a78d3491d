// buffer-reset.mlir — BUGGY: a buffer is reset under one mutex while the
// code that fills and reads it uses another (the classic wrong-mutex bug).
//
// The real-world pattern (Go):
//
//   type Buffer struct {
//       mu      sync.RWMutex       // guards data
//       flushMu sync.Mutex         // serialises flushes
//       data    map[int]int
//   }
//   func (b *Buffer) Record(k, v int)  { b.mu.Lock(); b.data[k] = v; b.mu.Unlock() }
//   func (b *Buffer) Peek(k int) int   { b.mu.RLock(); defer b.mu.RUnlock(); return b.data[k] }
//   func (b *Buffer) Reset() {
//       b.flushMu.Lock()           // BUG: the wrong mutex
//       clear(b.data)
//       b.flushMu.Unlock()
//   }
//
// Every access holds *a* lock, so the code looks synchronised in review,
// but Reset's clear and Record's assign (or Peek's lookup) hold different
// mutexes and exclude nothing. Metrics, log and batching buffers grow this
// bug when a flush path is added later with "its own" lock.
//
// Here the three methods are helper functions that take the map and the
// mutex as arguments; @main passes %mu to the producer and the reader but
// %flush_mu to the flusher. The verifier must reject the program: the
// clear in @reset (reached from the flusher task) conflicts with the assign
// in @record and the lookup in @peek, because no mutex is common to both.
//
// The fix is in buffer-reset-fixed.mlir.

func.func private @maprt_print_i64(i64)

// b.mu.Lock(); b.data[k] = v; b.mu.Unlock()
func.func private @record(%buf: !map.map<i64, i64>, %mu: !map.mutex, %k: i64, %v: i64) {
  map.lock %mu
  map.assign %v, %buf[%k] : !map.map<i64, i64>
  map.unlock %mu
  return
}

// b.mu.RLock(); v := b.data[k]; b.mu.RUnlock()
func.func private @peek(%buf: !map.map<i64, i64>, %mu: !map.mutex, %k: i64) -> i64 {
  map.rlock %mu
  %v, %found = map.lookup %buf[%k] : !map.map<i64, i64>
  map.runlock %mu
  return %v : i64
}

// lock(mu); clear(b.data); unlock(mu) — correct only if %mu is b.mu.
func.func private @reset(%buf: !map.map<i64, i64>, %mu: !map.mutex) {
  map.lock %mu
  map.clear %buf : !map.map<i64, i64>
  map.unlock %mu
  return
}

func.func @main() -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant 200000 : index
  %flushes = arith.constant 200000 : index
  %slots = arith.constant 65536 : i64
  %buf = map.make {concurrent} : !map.map<i64, i64>
  %mu = map.mutex        // guards %buf
  %flush_mu = map.mutex  // serialises flushes; does NOT guard %buf
  %g = map.group

  // Producer: records samples into 65536 slots.
  map.go %g {
    scf.for %i = %c0 to %n step %c1 {
      %ii = arith.index_cast %i : index to i64
      %k = arith.remui %ii, %slots : i64
      func.call @record(%buf, %mu, %k, %ii) : (!map.map<i64, i64>, !map.mutex, i64, i64) -> ()
    }
    map.yield
  }

  // Reader: peeks at the slots.
  map.go %g {
    scf.for %i = %c0 to %n step %c1 {
      %ii = arith.index_cast %i : index to i64
      %k = arith.remui %ii, %slots : i64
      %v = func.call @peek(%buf, %mu, %k) : (!map.map<i64, i64>, !map.mutex, i64) -> i64
    }
    map.yield
  }

  // Flusher: resets the buffer, holding the wrong mutex.
  map.go %g {
    scf.for %i = %c0 to %flushes step %c1 {
      func.call @reset(%buf, %flush_mu) : (!map.map<i64, i64>, !map.mutex) -> ()
    }
    map.yield
  }

  map.wait %g
  // Everyone is done: one last record, then the buffer holds that one entry
  // plus whatever was recorded since the last reset.
  %last = arith.constant 100000 : i64
  func.call @record(%buf, %mu, %last, %last) : (!map.map<i64, i64>, !map.mutex, i64, i64) -> ()
  %got = func.call @peek(%buf, %mu, %last) : (!map.map<i64, i64>, !map.mutex, i64) -> i64
  func.call @maprt_print_i64(%got) : (i64) -> ()
  %ret = arith.constant 0 : i32
  return %ret : i32
}
