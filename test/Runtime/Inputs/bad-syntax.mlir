func.func @main() -> i32 {
  %m = map.make : !map.map<i64, i64>
  map.assign %m[%k] : !map.map<i64, i64>
}
