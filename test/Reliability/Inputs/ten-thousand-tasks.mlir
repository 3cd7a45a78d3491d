// 10,000 tasks started from a loop, each writing its own key of one shared
// concurrent map under a mutex; @main waits for all and prints the size.
func.func private @maprt_print_i64(i64)

func.func @main() -> i32 {
  %m = map.make {concurrent} : !map.map<i64, i64>
  %mu = map.mutex
  %g = map.group
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant 10000 : index
  scf.for %i = %c0 to %n step %c1 {
    %k = arith.index_cast %i : index to i64
    map.go %g {
      map.lock %mu
      map.assign %k, %m[%k] : !map.map<i64, i64>
      map.unlock %mu
      map.yield
    }
  }
  map.wait %g
  %len = map.len %m : !map.map<i64, i64>
  %l = arith.index_cast %len : index to i64
  func.call @maprt_print_i64(%l) : (i64) -> ()
  %z = arith.constant 0 : i32
  return %z : i32
}
