func.func @helper() {
  %m = map.make : !map.map<i64, i64>
  return
}
