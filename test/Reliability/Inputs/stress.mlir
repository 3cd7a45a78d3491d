// 24 tasks in 3 groups over shared maps and private ones (see
// runtime-stress.test). Expected output:
//   480000 = 24 tasks x 5000 iterations x 4 locked increments (4 counter maps)
//   4096   = distinct keys written to %table by the 8 tasks of group 1
//   24     = entries of %sizes (one per task)
//   16000  = 8 private maps x 2000 entries (two nested tasks each)
func.func private @maprt_print_i64(i64)

// 5000 x 4 locked increments spread over the four counter maps.
func.func @bump(%c0m: !map.map<i64, i64>, %c1m: !map.map<i64, i64>,
                %c2m: !map.map<i64, i64>, %c3m: !map.map<i64, i64>,
                %mu: !map.mutex, %id: i64) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant 5000 : index
  %one = arith.constant 1 : i64
  %keys = arith.constant 97 : i64
  scf.for %i = %c0 to %n step %c1 {
    %ii = arith.index_cast %i : index to i64
    %s = arith.addi %ii, %id : i64
    %k = arith.remsi %s, %keys : i64
    map.lock %mu
    %a, %fa = map.lookup %c0m[%k] : !map.map<i64, i64>
    %a1 = arith.addi %a, %one : i64
    map.assign %a1, %c0m[%k] : !map.map<i64, i64>
    %b, %fb = map.lookup %c1m[%k] : !map.map<i64, i64>
    %b1 = arith.addi %b, %one : i64
    map.assign %b1, %c1m[%k] : !map.map<i64, i64>
    map.unlock %mu
    map.lock %mu
    %c, %fc = map.lookup %c2m[%k] : !map.map<i64, i64>
    %c1v = arith.addi %c, %one : i64
    map.assign %c1v, %c2m[%k] : !map.map<i64, i64>
    %d, %fd = map.lookup %c3m[%k] : !map.map<i64, i64>
    %d1 = arith.addi %d, %one : i64
    map.assign %d1, %c3m[%k] : !map.map<i64, i64>
    map.unlock %mu
  }
  return
}

func.func @sum(%m: !map.map<i64, i64>) -> i64 {
  %acc = memref.alloca() : memref<i64>
  %z = arith.constant 0 : i64
  memref.store %z, %acc[] : memref<i64>
  map.range %m : !map.map<i64, i64> {
  ^bb0(%k: i64, %v: i64):
    %s = memref.load %acc[] : memref<i64>
    %s2 = arith.addi %s, %v : i64
    memref.store %s2, %acc[] : memref<i64>
    map.yield
  }
  %r = memref.load %acc[] : memref<i64>
  return %r : i64
}

func.func @main() -> i32 {
  %m0 = map.make {concurrent} : !map.map<i64, i64>
  %m1 = map.make {concurrent} : !map.map<i64, i64>
  %m2 = map.make {concurrent} : !map.map<i64, i64>
  %m3 = map.make {concurrent} : !map.map<i64, i64>
  %table = map.make {concurrent} : !map.map<i64, i64>
  %sizes = map.make {concurrent} : !map.map<i64, i64>
  %sizes2 = map.make {concurrent} : !map.map<i64, i64>
  %mu = map.mutex
  %tmu = map.mutex
  %smu = map.mutex
  %g0 = map.group
  %g1 = map.group
  %g2 = map.group
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %eight = arith.constant 8 : i64
  scf.for %i = %c0 to %c8 step %c1 {
    %id0 = arith.index_cast %i : index to i64
    // group 0: the counters
    map.go %g0 {
      func.call @bump(%m0, %m1, %m2, %m3, %mu, %id0) : (!map.map<i64, i64>, !map.map<i64, i64>, !map.map<i64, i64>, !map.map<i64, i64>, !map.mutex, i64) -> ()
      %p = map.make : !map.map<i64, i64>
      %n = arith.constant 3000 : index
      scf.for %j = %c0 to %n step %c1 {
        %k = arith.index_cast %j : index to i64
        map.assign %k, %p[%k] : !map.map<i64, i64>
      }
      %l = map.len %p : !map.map<i64, i64>
      %l64 = arith.index_cast %l : index to i64
      map.lock %smu
      map.assign %l64, %sizes[%id0] : !map.map<i64, i64>
      map.unlock %smu
      map.yield
    }
    // group 1: the counters again, and the shared table
    %id1 = arith.addi %id0, %eight : i64
    map.go %g1 {
      func.call @bump(%m0, %m1, %m2, %m3, %mu, %id1) : (!map.map<i64, i64>, !map.map<i64, i64>, !map.map<i64, i64>, !map.map<i64, i64>, !map.mutex, i64) -> ()
      %n = arith.constant 4096 : index
      scf.for %j = %c0 to %n step %c1 {
        %k = arith.index_cast %j : index to i64
        map.lock %tmu
        map.assign %id1, %table[%k] : !map.map<i64, i64>
        map.unlock %tmu
      }
      map.lock %smu
      map.assign %id1, %sizes[%id1] : !map.map<i64, i64>
      map.unlock %smu
      map.yield
    }
    // group 2: the counters, and two nested tasks on a private map each
    %id2 = arith.addi %id1, %eight : i64
    map.go %g2 {
      func.call @bump(%m0, %m1, %m2, %m3, %mu, %id2) : (!map.map<i64, i64>, !map.map<i64, i64>, !map.map<i64, i64>, !map.map<i64, i64>, !map.mutex, i64) -> ()
      %inner = map.group
      // One mutex per instance for the map of that instance.
      %imu = map.mutex
      %pm = map.make {concurrent} : !map.map<i64, i64>
      %two = arith.constant 2 : i64
      map.go %inner {
        %n = arith.constant 1000 : index
        scf.for %j = %c0 to %n step %c1 {
          %k = arith.index_cast %j : index to i64
          map.lock %imu
          map.assign %k, %pm[%k] : !map.map<i64, i64>
          map.unlock %imu
        }
        map.yield
      }
      map.go %inner {
        %n = arith.constant 1000 : index
        %off = arith.constant 1000 : i64
        scf.for %j = %c0 to %n step %c1 {
          %k0 = arith.index_cast %j : index to i64
          %k = arith.addi %k0, %off : i64
          map.lock %imu
          map.assign %k, %pm[%k] : !map.map<i64, i64>
          map.unlock %imu
        }
        map.yield
      }
      map.wait %inner
      %l = map.len %pm : !map.map<i64, i64>
      %l64 = arith.index_cast %l : index to i64
      map.lock %smu
      map.assign %id2, %sizes[%id2] : !map.map<i64, i64>
      map.assign %l64, %sizes2[%id2] : !map.map<i64, i64>
      map.unlock %smu
      map.yield
    }
  }
  map.wait %g0
  map.wait %g1
  map.wait %g2
  %s0 = func.call @sum(%m0) : (!map.map<i64, i64>) -> i64
  %s1 = func.call @sum(%m1) : (!map.map<i64, i64>) -> i64
  %s2 = func.call @sum(%m2) : (!map.map<i64, i64>) -> i64
  %s3 = func.call @sum(%m3) : (!map.map<i64, i64>) -> i64
  %t01 = arith.addi %s0, %s1 : i64
  %t23 = arith.addi %s2, %s3 : i64
  %t = arith.addi %t01, %t23 : i64
  func.call @maprt_print_i64(%t) : (i64) -> ()
  %tl = map.len %table : !map.map<i64, i64>
  %tl64 = arith.index_cast %tl : index to i64
  func.call @maprt_print_i64(%tl64) : (i64) -> ()
  %sl = map.len %sizes : !map.map<i64, i64>
  %sl64 = arith.index_cast %sl : index to i64
  func.call @maprt_print_i64(%sl64) : (i64) -> ()
  %n2 = func.call @sum(%sizes2) : (!map.map<i64, i64>) -> i64
  func.call @maprt_print_i64(%n2) : (i64) -> ()
  %z = arith.constant 0 : i32
  return %z : i32
}
