// genprog.py seed 5 (ops 8, p_break 0.1)
func.func private @maprt_print_i64(i64)
map.global @gm2 {concurrent} : !map.map<i64, i64>
func.func @work0(%hm: !map.map<i64, i64>, %hmu: !map.mutex, %hbase: i64) {
  %c2 = arith.constant 0 : index
  %c3 = arith.constant 1 : index
  %c4 = arith.constant 5 : index
  %c5 = arith.constant 512 : i64
  %c6 = arith.constant 21 : i64
  %c7 = arith.constant 1 : i64
  scf.for %i8 = %c2 to %c4 step %c3 {
    %k9 = arith.index_cast %i8 : index to i64
    %k10 = arith.addi %k9, %c6 : i64
    %k11 = arith.remsi %k10, %c5 : i64
    %v12, %f13 = map.lookup %hm[%k11] : !map.map<i64, i64>
    map.assign %k9, %hm[%k11] : !map.map<i64, i64>
  }
  return
}
func.func @main() -> i32 {
  %m0 = map.make : !map.map<i64, i64>
  %m1 = map.make {concurrent} : !map.map<i64, i64>
  %m2 = map.get_global @gm2 : !map.map<i64, i64>
  %c1 = arith.constant 1024 : index
  %m3 = map.make capacity %c1 {concurrent} : !map.map<i64, i64>
  %mu0 = map.mutex
  %mu1 = map.mutex
  %g0 = map.group
  %c14 = arith.constant 0 : index
  %c15 = arith.constant 1 : index
  %c16 = arith.constant 3 : index
  %c17 = arith.constant 7 : i64
  %c18 = arith.constant 958 : i64
  %c19 = arith.constant 1 : i64
  scf.for %i20 = %c14 to %c16 step %c15 {
    map.lock %mu0
    %k21 = arith.index_cast %i20 : index to i64
    %k22 = arith.addi %k21, %c18 : i64
    %k23 = arith.remsi %k22, %c17 : i64
    %v24, %f25 = map.lookup %m1[%k23] : !map.map<i64, i64>
    %n26 = map.len %m1 : !map.map<i64, i64>
    map.unlock %mu0
  }
  %x27 = map.len %m0 : !map.map<i64, i64>
  %c28 = arith.constant 2 : index
  %b29 = arith.cmpi uge, %x27, %c28 : index
  scf.if %b29 {
    %c30 = arith.constant 0 : index
    %c31 = arith.constant 1 : index
    %c32 = arith.constant 3 : index
    scf.for %t33 = %c30 to %c32 step %c31 {
      map.go %g0 {
        %c34 = arith.constant 961 : i64
        func.call @work0(%m1, %mu0, %c34) : (!map.map<i64, i64>, !map.mutex, i64) -> ()
        map.yield
      }
      map.wait %g0
    }
  } else {
    map.go %g0 {
      %c35 = arith.constant 638 : i64
      func.call @work0(%m0, %mu0, %c35) : (!map.map<i64, i64>, !map.mutex, i64) -> ()
      %pm36 = map.make {concurrent} : !map.map<i64, i64>
      %c37 = arith.constant 0 : index
      %c38 = arith.constant 1 : index
      %c39 = arith.constant 5 : index
      %c40 = arith.constant 4096 : i64
      %c41 = arith.constant 951 : i64
      %c42 = arith.constant 1 : i64
      scf.for %i43 = %c37 to %c39 step %c38 {
        %k44 = arith.index_cast %i43 : index to i64
        %k45 = arith.addi %k44, %c41 : i64
        %k46 = arith.remsi %k45, %c40 : i64
        map.assign %k44, %pm36[%k46] : !map.map<i64, i64>
        %n47 = map.len %pm36 : !map.map<i64, i64>
      }
      map.lock %mu0
      %n48 = map.len %pm36 : !map.map<i64, i64>
      %n49 = arith.index_cast %n48 : index to i64
      %c50 = arith.constant 16 : i64
      map.assign %n49, %m1[%c50] : !map.map<i64, i64>
      map.unlock %mu0
      map.yield
    }
  }
  map.wait %g0
  %x51 = map.len %m0 : !map.map<i64, i64>
  %c52 = arith.constant 2 : index
  %b53 = arith.cmpi uge, %x51, %c52 : index
  scf.if %b53 {
    map.go %g0 {
      %c54 = arith.constant 0 : index
      %c55 = arith.constant 1 : index
      %c56 = arith.constant 8 : index
      %c57 = arith.constant 512 : i64
      %c58 = arith.constant 94 : i64
      %c59 = arith.constant 1 : i64
      scf.for %i60 = %c54 to %c56 step %c55 {
        map.rlock %mu1
        %k61 = arith.index_cast %i60 : index to i64
        %k62 = arith.addi %k61, %c58 : i64
        %k63 = arith.remsi %k62, %c57 : i64
        %v64, %f65 = map.lookup %m2[%k63] : !map.map<i64, i64>
        %v66, %f67 = map.lookup %m2[%k63] : !map.map<i64, i64>
        map.runlock %mu1
      }
      map.yield
    }
    map.wait %g0
  } else {
  }
  map.wait %g0
  map.lock %mu0
  %len68 = map.len %m0 : !map.map<i64, i64>
  map.unlock %mu0
  %len69 = arith.index_cast %len68 : index to i64
  func.call @maprt_print_i64(%len69) : (i64) -> ()
  map.lock %mu0
  %len70 = map.len %m1 : !map.map<i64, i64>
  map.unlock %mu0
  %len71 = arith.index_cast %len70 : index to i64
  func.call @maprt_print_i64(%len71) : (i64) -> ()
  map.lock %mu1
  %len72 = map.len %m2 : !map.map<i64, i64>
  map.unlock %mu1
  %len73 = arith.index_cast %len72 : index to i64
  func.call @maprt_print_i64(%len73) : (i64) -> ()
  map.lock %mu0
  %len74 = map.len %m3 : !map.map<i64, i64>
  map.unlock %mu0
  %len75 = arith.index_cast %len74 : index to i64
  func.call @maprt_print_i64(%len75) : (i64) -> ()
  %z76 = arith.constant 0 : i32
  return %z76 : i32
}
