func.func @f() {
  %m = map.make : !map.map<i128, i64>
  return
}
