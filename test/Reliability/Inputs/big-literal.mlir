func.func @f() {
  %k = arith.constant 99999999999999999999 : i64
  return
}
