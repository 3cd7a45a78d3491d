// buffer-reset-fixed.mlir — FIXED twin of buffer-reset.mlir: the reset
// takes the same mutex as every other access to the buffer.
//
// The real-world fix (Go):
//
//   func (b *Buffer) Reset() {
//       b.flushMu.Lock()           // still serialises flushes...
//       defer b.flushMu.Unlock()
//       b.mu.Lock()                // ...but the data is guarded by b.mu
//       clear(b.data)
//       b.mu.Unlock()
//   }
//
// One map, one mutex: the flusher may keep its own %flush_mu to serialise
// flushes, but it must also hold %mu — the mutex the producer and the
// reader use — around the clear. @main passes %mu to @reset, and the
// flusher task still takes %flush_mu around it (lock order flush_mu -> mu,
// as in the Go code). Writers (@record, @reset) hold %mu exclusively, the
// reader holds it shared, so every conflicting pair is protected and the
// verifier accepts the program. It prints 100000 (the last record).

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

// b.mu.Lock(); clear(b.data); b.mu.Unlock()
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
  %flush_mu = map.mutex  // serialises flushes
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

  // Flusher: serialised by %flush_mu, resets the buffer under %mu.
  map.go %g {
    scf.for %i = %c0 to %flushes step %c1 {
      map.lock %flush_mu
      func.call @reset(%buf, %mu) : (!map.map<i64, i64>, !map.mutex) -> ()
      map.unlock %flush_mu
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
