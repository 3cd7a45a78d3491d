func.func private @maprt_print_i64(i64)
func.func @main() -> i32 {
  %m = map.make : !map.map<i64, i64>
  %k = arith.constant 5 : i64
  map.assign %k, %m[%k] : !map.map<i64, i64>
  %v, %f = map.lookup %m[%k] : !map.map<i64, i64>
  func.call @maprt_print_i64(%v) : (i64) -> ()
  %z = arith.constant 0 : i32
  return %z : i32
}
