func.func private @no_such_function_anywhere(i64)
func.func @main() -> i32 {
  %k = arith.constant 1 : i64
  func.call @no_such_function_anywhere(%k) : (i64) -> ()
  %z = arith.constant 0 : i32
  return %z : i32
}
