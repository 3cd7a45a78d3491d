// genprog.py seed 3 (ops 8, p_break 0.05)
func.func private @maprt_print_i64(i64)
map.global @gm3 {concurrent} : !map.map<i64, i64>
func.func @work0(%hm: !map.map<i64, i64>, %hmu: !map.mutex, %hbase: i64) {
  %c1 = arith.constant 0 : index
  %c2 = arith.constant 1 : index
  %c3 = arith.constant 4 : index
  %c4 = arith.constant 7 : i64
  %c5 = arith.constant 20 : i64
  %c6 = arith.constant 1 : i64
  scf.for %i7 = %c1 to %c3 step %c2 {
    %k8 = arith.index_cast %i7 : index to i64
    %k9 = arith.addi %k8, %c5 : i64
    %k10 = arith.remsi %k9, %c4 : i64
    map.delete %hm[%k10] : !map.map<i64, i64>
    %v11, %f12 = map.lookup %hm[%k10] : !map.map<i64, i64>
  }
  return
}
func.func @work1(%hm: !map.map<i64, i64>, %hmu: !map.mutex, %hbase: i64) {
  %c13 = arith.constant 0 : index
  %c14 = arith.constant 1 : index
  %c15 = arith.constant 7 : index
  %c16 = arith.constant 4096 : i64
  %c17 = arith.constant 91 : i64
  %c18 = arith.constant 1 : i64
  scf.for %i19 = %c13 to %c15 step %c14 {
    map.lock %hmu
    %k20 = arith.index_cast %i19 : index to i64
    %k21 = arith.addi %k20, %c17 : i64
    %k22 = arith.remsi %k21, %c16 : i64
    %v23, %f24 = map.lookup %hm[%k22] : !map.map<i64, i64>
    %v25 = arith.addi %v23, %c18 : i64
    map.assign %v25, %hm[%k22] : !map.map<i64, i64>
    map.delete %hm[%k22] : !map.map<i64, i64>
    map.unlock %hmu
  }
  return
}
func.func @main() -> i32 {
  %m0 = map.make {concurrent} : !map.map<i64, i64>
  %m1 = map.make : !map.map<i64, i64>
  %m2 = map.make {concurrent} : !map.map<i64, i64>
  %m3 = map.get_global @gm3 : !map.map<i64, i64>
  %mu0 = map.mutex
  %mu1 = map.mutex
  %mu2 = map.mutex
  %g0 = map.group
  %c26 = arith.constant 0 : index
  %c27 = arith.constant 1 : index
  %c28 = arith.constant 7 : index
  %c29 = arith.constant 512 : i64
  %c30 = arith.constant 446 : i64
  %c31 = arith.constant 1 : i64
  scf.for %i32 = %c26 to %c28 step %c27 {
    map.lock %mu0
    %k33 = arith.index_cast %i32 : index to i64
    %k34 = arith.addi %k33, %c30 : i64
    %k35 = arith.remsi %k34, %c29 : i64
    map.assign %k33, %m0[%k35] : !map.map<i64, i64>
    map.delete %m0[%k35] : !map.map<i64, i64>
    map.unlock %mu0
  }
  %c36 = arith.constant 0 : index
  %c37 = arith.constant 1 : index
  %c38 = arith.constant 3 : index
  scf.for %t39 = %c36 to %c38 step %c37 {
    map.go %g0 {
      %pm40 = map.make : !map.map<i64, i64>
      %c41 = arith.constant 0 : index
      %c42 = arith.constant 1 : index
      %c43 = arith.constant 6 : index
      %c44 = arith.constant 7 : i64
      %c45 = arith.constant 987 : i64
      %c46 = arith.constant 1 : i64
      scf.for %i47 = %c41 to %c43 step %c42 {
        %k48 = arith.index_cast %i47 : index to i64
        %k49 = arith.addi %k48, %c45 : i64
        %k50 = arith.remsi %k49, %c44 : i64
        %v51, %f52 = map.lookup %pm40[%k50] : !map.map<i64, i64>
        %v53 = arith.addi %v51, %c46 : i64
        map.assign %v53, %pm40[%k50] : !map.map<i64, i64>
        %v54, %f55 = map.lookup %pm40[%k50] : !map.map<i64, i64>
        %v56, %f57 = map.lookup %pm40[%k50] : !map.map<i64, i64>
        %v58 = arith.addi %v56, %c46 : i64
        map.assign %v58, %pm40[%k50] : !map.map<i64, i64>
      }
      map.lock %mu2
      %n59 = map.len %pm40 : !map.map<i64, i64>
      %n60 = arith.index_cast %n59 : index to i64
      %c61 = arith.constant 36 : i64
      map.assign %n60, %m1[%c61] : !map.map<i64, i64>
      map.unlock %mu2
      map.yield
    }
  }
  map.go %g0 {
    %c62 = arith.constant 0 : index
    %c63 = arith.constant 1 : index
    %c64 = arith.constant 6 : index
    %c65 = arith.constant 7 : i64
    %c66 = arith.constant 437 : i64
    %c67 = arith.constant 1 : i64
    scf.for %i68 = %c62 to %c64 step %c63 {
      map.lock %mu0
      %k69 = arith.index_cast %i68 : index to i64
      %k70 = arith.addi %k69, %c66 : i64
      %k71 = arith.remsi %k70, %c65 : i64
      map.assign %k69, %m0[%k71] : !map.map<i64, i64>
      map.unlock %mu0
    }
    map.yield
  }
  map.go %g0 {
    %c72 = arith.constant 614 : i64
    func.call @work1(%m0, %mu0, %c72) : (!map.map<i64, i64>, !map.mutex, i64) -> ()
    %c73 = arith.constant 269 : i64
    func.call @work1(%m1, %mu2, %c73) : (!map.map<i64, i64>, !map.mutex, i64) -> ()
    map.yield
  }
  map.wait %g0
  map.lock %mu0
  %len74 = map.len %m0 : !map.map<i64, i64>
  map.unlock %mu0
  %len75 = arith.index_cast %len74 : index to i64
  func.call @maprt_print_i64(%len75) : (i64) -> ()
  map.lock %mu2
  %len76 = map.len %m1 : !map.map<i64, i64>
  map.unlock %mu2
  %len77 = arith.index_cast %len76 : index to i64
  func.call @maprt_print_i64(%len77) : (i64) -> ()
  map.lock %mu0
  %len78 = map.len %m2 : !map.map<i64, i64>
  map.unlock %mu0
  %len79 = arith.index_cast %len78 : index to i64
  func.call @maprt_print_i64(%len79) : (i64) -> ()
  %len80 = map.len %m3 : !map.map<i64, i64>
  %len81 = arith.index_cast %len80 : index to i64
  func.call @maprt_print_i64(%len81) : (i64) -> ()
  %z82 = arith.constant 0 : i32
  return %z82 : i32
}
