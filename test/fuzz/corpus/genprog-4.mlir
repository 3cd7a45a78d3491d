// genprog.py seed 4 (ops 8, p_break 0.05)
func.func private @maprt_print_i64(i64)
map.global @gm0 {concurrent} : !map.map<i64, i64>
func.func @work0(%hm: !map.map<i64, i64>, %hmu: !map.mutex, %hbase: i64) {
  %c1 = arith.constant 0 : index
  %c2 = arith.constant 1 : index
  %c3 = arith.constant 6 : index
  %c4 = arith.constant 512 : i64
  %c5 = arith.constant 24 : i64
  %c6 = arith.constant 1 : i64
  scf.for %i7 = %c1 to %c3 step %c2 {
    %k8 = arith.index_cast %i7 : index to i64
    %k9 = arith.addi %k8, %c5 : i64
    %k10 = arith.remsi %k9, %c4 : i64
    %n11 = map.len %hm : !map.map<i64, i64>
    %v12, %f13 = map.lookup %hm[%k10] : !map.map<i64, i64>
    %v14, %f15 = map.lookup %hm[%k10] : !map.map<i64, i64>
  }
  return
}
func.func @spawn1(%hm: !map.map<i64, i64>, %hmu: !map.mutex, %hg: !map.group) {
  map.go %hg {
    %c16 = arith.constant 0 : index
    %c17 = arith.constant 1 : index
    %c18 = arith.constant 7 : index
    %c19 = arith.constant 64 : i64
    %c20 = arith.constant 64 : i64
    %c21 = arith.constant 1 : i64
    scf.for %i22 = %c16 to %c18 step %c17 {
      map.lock %hmu
      %k23 = arith.index_cast %i22 : index to i64
      %k24 = arith.addi %k23, %c20 : i64
      %k25 = arith.remsi %k24, %c19 : i64
      %v26, %f27 = map.lookup %hm[%k25] : !map.map<i64, i64>
      map.unlock %hmu
    }
    map.yield
  }
  return
}
func.func @main() -> i32 {
  %m0 = map.get_global @gm0 : !map.map<i64, i64>
  %m1 = map.make : !map.map<i64, i64>
  %m2 = map.make : !map.map<i64, i64>
  %mu0 = map.mutex
  %g0 = map.group
  %g1 = map.group
  %c28 = arith.constant 586 : i64
  func.call @work0(%m2, %mu0, %c28) : (!map.map<i64, i64>, !map.mutex, i64) -> ()
  map.wait %g1
  %c29 = arith.constant 0 : index
  %c30 = arith.constant 1 : index
  %c31 = arith.constant 4 : index
  %c32 = arith.constant 64 : i64
  %c33 = arith.constant 441 : i64
  %c34 = arith.constant 1 : i64
  scf.for %i35 = %c29 to %c31 step %c30 {
    %k36 = arith.index_cast %i35 : index to i64
    %k37 = arith.addi %k36, %c33 : i64
    %k38 = arith.remsi %k37, %c32 : i64
    %n39 = map.len %m2 : !map.map<i64, i64>
    map.delete %m2[%k38] : !map.map<i64, i64>
  }
  map.wait %g0
  map.wait %g1
  map.lock %mu0
  %len40 = map.len %m0 : !map.map<i64, i64>
  map.unlock %mu0
  %len41 = arith.index_cast %len40 : index to i64
  func.call @maprt_print_i64(%len41) : (i64) -> ()
  map.lock %mu0
  %len42 = map.len %m1 : !map.map<i64, i64>
  map.unlock %mu0
  %len43 = arith.index_cast %len42 : index to i64
  func.call @maprt_print_i64(%len43) : (i64) -> ()
  %len44 = map.len %m2 : !map.map<i64, i64>
  %len45 = arith.index_cast %len44 : index to i64
  func.call @maprt_print_i64(%len45) : (i64) -> ()
  %z46 = arith.constant 0 : i32
  return %z46 : i32
}
