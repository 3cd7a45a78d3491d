// genprog.py seed 2 (ops 8, p_break 0.0)
func.func private @maprt_print_i64(i64)
func.func @work0(%hm: !map.map<i64, i64>, %hmu: !map.mutex, %hbase: i64) {
  %c2 = arith.constant 0 : index
  %c3 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 512 : i64
  %c6 = arith.constant 46 : i64
  %c7 = arith.constant 1 : i64
  scf.for %i8 = %c2 to %c4 step %c3 {
    map.lock %hmu
    %k9 = arith.index_cast %i8 : index to i64
    %k10 = arith.addi %k9, %c6 : i64
    %k11 = arith.remsi %k10, %c5 : i64
    %v12, %f13 = map.lookup %hm[%k11] : !map.map<i64, i64>
    %n14 = map.len %hm : !map.map<i64, i64>
    map.unlock %hmu
  }
  return
}
func.func @work1(%hm: !map.map<i64, i64>, %hmu: !map.mutex, %hbase: i64) {
  %c15 = arith.constant 0 : index
  %c16 = arith.constant 1 : index
  %c17 = arith.constant 5 : index
  %c18 = arith.constant 512 : i64
  %c19 = arith.constant 41 : i64
  %c20 = arith.constant 1 : i64
  scf.for %i21 = %c15 to %c17 step %c16 {
    map.lock %hmu
    %k22 = arith.index_cast %i21 : index to i64
    %k23 = arith.addi %k22, %c19 : i64
    %k24 = arith.remsi %k23, %c18 : i64
    %v25, %f26 = map.lookup %hm[%k24] : !map.map<i64, i64>
    %v27 = arith.addi %v25, %c20 : i64
    map.assign %v27, %hm[%k24] : !map.map<i64, i64>
    map.assign %k22, %hm[%k24] : !map.map<i64, i64>
    %v28, %f29 = map.lookup %hm[%k24] : !map.map<i64, i64>
    map.unlock %hmu
  }
  return
}
func.func @main() -> i32 {
  %m0 = map.make : !map.map<i64, i64>
  %c1 = arith.constant 16 : index
  %m1 = map.make capacity %c1 : !map.map<i64, i64>
  %mu0 = map.mutex
  %g0 = map.group
  %g1 = map.group
  map.wait %g1
  map.wait %g1
  %c30 = arith.constant 0 : index
  %c31 = arith.constant 1 : index
  %c32 = arith.constant 3 : index
  scf.for %t33 = %c30 to %c32 step %c31 {
    map.go %g1 {
      %c34 = arith.constant 510 : i64
      func.call @work1(%m0, %mu0, %c34) : (!map.map<i64, i64>, !map.mutex, i64) -> ()
      %c35 = arith.constant 472 : i64
      func.call @work1(%m1, %mu0, %c35) : (!map.map<i64, i64>, !map.mutex, i64) -> ()
      map.yield
    }
  }
  map.wait %g1
  %x36 = map.len %m0 : !map.map<i64, i64>
  %c37 = arith.constant 1 : index
  %b38 = arith.cmpi uge, %x36, %c37 : index
  scf.if %b38 {
    %c39 = arith.constant 0 : index
    %c40 = arith.constant 1 : index
    %c41 = arith.constant 4 : index
    %c42 = arith.constant 4096 : i64
    %c43 = arith.constant 980 : i64
    %c44 = arith.constant 1 : i64
    scf.for %i45 = %c39 to %c41 step %c40 {
      map.lock %mu0
      %k46 = arith.index_cast %i45 : index to i64
      %k47 = arith.addi %k46, %c43 : i64
      %k48 = arith.remsi %k47, %c42 : i64
      %n49 = map.len %m0 : !map.map<i64, i64>
      %v50, %f51 = map.lookup %m0[%k48] : !map.map<i64, i64>
      map.unlock %mu0
    }
    %c52 = arith.constant 0 : index
    %c53 = arith.constant 1 : index
    %c54 = arith.constant 2 : index
    scf.for %t55 = %c52 to %c54 step %c53 {
      map.go %g1 {
        %pm56 = map.make : !map.map<i64, i64>
        %c57 = arith.constant 0 : index
        %c58 = arith.constant 1 : index
        %c59 = arith.constant 4 : index
        %c60 = arith.constant 7 : i64
        %c61 = arith.constant 60 : i64
        %c62 = arith.constant 1 : i64
        scf.for %i63 = %c57 to %c59 step %c58 {
          %k64 = arith.index_cast %i63 : index to i64
          %k65 = arith.addi %k64, %c61 : i64
          %k66 = arith.remsi %k65, %c60 : i64
          map.assign %k64, %pm56[%k66] : !map.map<i64, i64>
          %v67, %f68 = map.lookup %pm56[%k66] : !map.map<i64, i64>
        }
        map.lock %mu0
        %n69 = map.len %pm56 : !map.map<i64, i64>
        %n70 = arith.index_cast %n69 : index to i64
        %c71 = arith.constant 6 : i64
        map.assign %n70, %m0[%c71] : !map.map<i64, i64>
        map.unlock %mu0
        map.yield
      }
    }
    map.wait %g1
  } else {
  }
  %c72 = arith.constant 368 : i64
  func.call @work1(%m0, %mu0, %c72) : (!map.map<i64, i64>, !map.mutex, i64) -> ()
  map.wait %g0
  map.wait %g1
  map.lock %mu0
  %len73 = map.len %m0 : !map.map<i64, i64>
  map.unlock %mu0
  %len74 = arith.index_cast %len73 : index to i64
  func.call @maprt_print_i64(%len74) : (i64) -> ()
  map.lock %mu0
  %len75 = map.len %m1 : !map.map<i64, i64>
  map.unlock %mu0
  %len76 = arith.index_cast %len75 : index to i64
  func.call @maprt_print_i64(%len76) : (i64) -> ()
  %z77 = arith.constant 0 : i32
  return %z77 : i32
}
