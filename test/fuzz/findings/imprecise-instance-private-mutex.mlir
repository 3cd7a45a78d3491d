func.func @main() -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %k = arith.constant 1 : i64
  %g = map.group
  scf.for %i = %c0 to %c2 step %c1 {
    map.go %g {
      %inner = map.group
      %mu = map.mutex
      %pm = map.make {concurrent} : !map.map<i64, i64>
      map.go %inner {
        map.lock %mu
        map.assign %k, %pm[%k] : !map.map<i64, i64>
        map.unlock %mu
        map.yield
      }
      map.go %inner {
        map.lock %mu
        map.assign %k, %pm[%k] : !map.map<i64, i64>
        map.unlock %mu
        map.yield
      }
      map.wait %inner
      map.yield
    }
  }
  map.wait %g
  %z = arith.constant 0 : i32
  return %z : i32
}
