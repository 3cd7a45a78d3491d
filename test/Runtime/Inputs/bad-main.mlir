func.func @main(%argc: i32) -> i64 {
  %c = arith.constant 0 : i64
  return %c : i64
}
