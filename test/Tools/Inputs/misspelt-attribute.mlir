func.func @f() {
  %m = map.make {concurent} : !map.map<i64, i64>
  return
}
