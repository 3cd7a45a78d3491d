func.func @f() {
  %m = map.make : !map.map<i64, i64>
