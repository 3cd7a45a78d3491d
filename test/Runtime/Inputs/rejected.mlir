func.func @main() -> i32 {
  %m = map.make {concurrent} : !map.map<i64, i64>
  %k = arith.constant 1 : i64
  map.go {
    map.assign %k, %m[%k] : !map.map<i64, i64>
  }
  map.assign %k, %m[%k] : !map.map<i64, i64>
  %z = arith.constant 0 : i32
  return %z : i32
}
