// genprog.py seed 1 (ops 8, p_break 0.05)
func.func private @maprt_print_i64(i64)
map.global @gm1 {concurrent} : !map.map<i64, i64>
map.global @gm3 : !map.map<i64, i64>
func.func @work0(%hm: !map.map<i64, i64>, %hmu: !map.mutex, %hbase: i64) {
  %c2 = arith.constant 0 : index
  %c3 = arith.constant 1 : index
  %c4 = arith.constant 7 : index
  %c5 = arith.constant 4096 : i64
  %c6 = arith.constant 87 : i64
  %c7 = arith.constant 1 : i64
  scf.for %i8 = %c2 to %c4 step %c3 {
    %k9 = arith.index_cast %i8 : index to i64
    %k10 = arith.addi %k9, %c6 : i64
    %k11 = arith.remsi %k10, %c5 : i64
    %v12, %f13 = map.lookup %hm[%k11] : !map.map<i64, i64>
    map.assign %k9, %hm[%k11] : !map.map<i64, i64>
    %v14, %f15 = map.lookup %hm[%k11] : !map.map<i64, i64>
  }
  return
}
func.func @main() -> i32 {
  %m0 = map.make {concurrent} : !map.map<i64, i64>
  %m1 = map.get_global @gm1 : !map.map<i64, i64>
  %c1 = arith.constant 16 : index
  %m2 = map.make capacity %c1 {concurrent} : !map.map<i64, i64>
  %m3 = map.get_global @gm3 : !map.map<i64, i64>
  %mu0 = map.mutex
  %g0 = map.group
  %g1 = map.group
  map.go %g0 {
    %pm16 = map.make {concurrent} : !map.map<i64, i64>
    %c17 = arith.constant 0 : index
    %c18 = arith.constant 1 : index
    %c19 = arith.constant 8 : index
    %c20 = arith.constant 7 : i64
    %c21 = arith.constant 944 : i64
    %c22 = arith.constant 1 : i64
    scf.for %i23 = %c17 to %c19 step %c18 {
      %k24 = arith.index_cast %i23 : index to i64
      %k25 = arith.addi %k24, %c21 : i64
      %k26 = arith.remsi %k25, %c20 : i64
      %v27, %f28 = map.lookup %pm16[%k26] : !map.map<i64, i64>
      %v29 = arith.addi %v27, %c22 : i64
      map.assign %v29, %pm16[%k26] : !map.map<i64, i64>
    }
    map.lock %mu0
    %n30 = map.len %pm16 : !map.map<i64, i64>
    %n31 = arith.index_cast %n30 : index to i64
    %c32 = arith.constant 18 : i64
    map.assign %n31, %m0[%c32] : !map.map<i64, i64>
    map.unlock %mu0
    %c33 = arith.constant 0 : index
    %c34 = arith.constant 1 : index
    %c35 = arith.constant 7 : index
    %c36 = arith.constant 64 : i64
    %c37 = arith.constant 519 : i64
    %c38 = arith.constant 1 : i64
    scf.for %i39 = %c33 to %c35 step %c34 {
      map.lock %mu0
      %k40 = arith.index_cast %i39 : index to i64
      %k41 = arith.addi %k40, %c37 : i64
      %k42 = arith.remsi %k41, %c36 : i64
      %v43, %f44 = map.lookup %m2[%k42] : !map.map<i64, i64>
      %n45 = map.len %m2 : !map.map<i64, i64>
      map.unlock %mu0
    }
    map.yield
  }
  %x46 = map.len %m0 : !map.map<i64, i64>
  %c47 = arith.constant 3 : index
  %b48 = arith.cmpi uge, %x46, %c47 : index
  scf.if %b48 {
    map.wait %g1
  } else {
  }
  %c49 = arith.constant 0 : index
  %c50 = arith.constant 1 : index
  %c51 = arith.constant 3 : index
  scf.for %t52 = %c49 to %c51 step %c50 {
    map.go %g0 {
      %c53 = arith.constant 30 : i64
      func.call @work0(%m3, %mu0, %c53) : (!map.map<i64, i64>, !map.mutex, i64) -> ()
      map.yield
    }
  }
  %c54 = arith.constant 0 : index
  %c55 = arith.constant 1 : index
  %c56 = arith.constant 3 : index
  scf.for %t57 = %c54 to %c56 step %c55 {
    map.go %g0 {
      %pm58 = map.make : !map.map<i64, i64>
      %c59 = arith.constant 0 : index
      %c60 = arith.constant 1 : index
      %c61 = arith.constant 8 : index
      %c62 = arith.constant 4096 : i64
      %c63 = arith.constant 237 : i64
      %c64 = arith.constant 1 : i64
      scf.for %i65 = %c59 to %c61 step %c60 {
        %k66 = arith.index_cast %i65 : index to i64
        %k67 = arith.addi %k66, %c63 : i64
        %k68 = arith.remsi %k67, %c62 : i64
        %n69 = map.len %pm58 : !map.map<i64, i64>
        map.delete %pm58[%k68] : !map.map<i64, i64>
        map.assign %k66, %pm58[%k68] : !map.map<i64, i64>
      }
      %n70 = map.len %pm58 : !map.map<i64, i64>
      %n71 = arith.index_cast %n70 : index to i64
      %c72 = arith.constant 17 : i64
      map.yield
    }
  }
  map.wait %g1
  map.wait %g0
  %x73 = map.len %m0 : !map.map<i64, i64>
  %c74 = arith.constant 1 : index
  %b75 = arith.cmpi uge, %x73, %c74 : index
  scf.if %b75 {
    %c76 = arith.constant 0 : index
    %c77 = arith.constant 1 : index
    %c78 = arith.constant 5 : index
    %c79 = arith.constant 512 : i64
    %c80 = arith.constant 832 : i64
    %c81 = arith.constant 1 : i64
    scf.for %i82 = %c76 to %c78 step %c77 {
      map.lock %mu0
      %k83 = arith.index_cast %i82 : index to i64
      %k84 = arith.addi %k83, %c80 : i64
      %k85 = arith.remsi %k84, %c79 : i64
      %n86 = map.len %m3 : !map.map<i64, i64>
      map.unlock %mu0
    }
    map.wait %g1
  } else {
  }
  map.wait %g0
  map.wait %g1
  map.lock %mu0
  %len87 = map.len %m0 : !map.map<i64, i64>
  map.unlock %mu0
  %len88 = arith.index_cast %len87 : index to i64
  func.call @maprt_print_i64(%len88) : (i64) -> ()
  %len89 = map.len %m1 : !map.map<i64, i64>
  %len90 = arith.index_cast %len89 : index to i64
  func.call @maprt_print_i64(%len90) : (i64) -> ()
  map.lock %mu0
  %len91 = map.len %m2 : !map.map<i64, i64>
  map.unlock %mu0
  %len92 = arith.index_cast %len91 : index to i64
  func.call @maprt_print_i64(%len92) : (i64) -> ()
  map.lock %mu0
  %len93 = map.len %m3 : !map.map<i64, i64>
  map.unlock %mu0
  %len94 = arith.index_cast %len93 : index to i64
  func.call @maprt_print_i64(%len94) : (i64) -> ()
  %z95 = arith.constant 0 : i32
  return %z95 : i32
}
