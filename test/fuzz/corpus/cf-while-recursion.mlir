// Seed: cf branches with map block arguments, scf.while, select, recursion.
map.global @g {concurrent} : !map.map<i64, i64>
func.func @rec(%m: !map.map<i64, i64>, %mu: !map.mutex, %n: i64) {
  %z = arith.constant 0 : i64
  %done = arith.cmpi sle, %n, %z : i64
  cf.cond_br %done, ^exit, ^body(%m : !map.map<i64, i64>)
^body(%mm: !map.map<i64, i64>):
  map.lock %mu
  map.assign %n, %mm[%n] : !map.map<i64, i64>
  map.unlock %mu
  %one = arith.constant 1 : i64
  %n1 = arith.subi %n, %one : i64
  func.call @rec(%mm, %mu, %n1) : (!map.map<i64, i64>, !map.mutex, i64) -> ()
  cf.br ^exit
^exit:
  return
}
func.func @main() -> i32 {
  %a = map.get_global @g : !map.map<i64, i64>
  %b = map.make : !map.map<i64, i64>
  %t = arith.constant true
  %m = arith.select %t, %a, %b : !map.map<i64, i64>
  %mu = map.mutex
  %g = map.group
  %ten = arith.constant 10 : i64
  map.go %g {
    func.call @rec(%m, %mu, %ten) : (!map.map<i64, i64>, !map.mutex, i64) -> ()
    map.yield
  }
  %r = scf.while (%i = %ten) : (i64) -> i64 {
    %z = arith.constant 0 : i64
    %c = arith.cmpi sgt, %i, %z : i64
    scf.condition(%c) %i : i64
  } do {
  ^bb0(%i: i64):
    map.rlock %mu
    %v, %f = map.lookup %m[%i] : !map.map<i64, i64>
    map.runlock %mu
    %one = arith.constant 1 : i64
    %i1 = arith.subi %i, %one : i64
    scf.yield %i1 : i64
  }
  map.wait %g
  %z32 = arith.constant 0 : i32
  return %z32 : i32
}
