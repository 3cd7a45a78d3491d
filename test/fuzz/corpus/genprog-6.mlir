// genprog.py seed 6 (ops 8, p_break 0.0)
func.func private @maprt_print_i64(i64)
func.func @work0(%hm: !map.map<i64, i64>, %hmu: !map.mutex, %hbase: i64) {
  %c1 = arith.constant 0 : index
  %c2 = arith.constant 1 : index
  %c3 = arith.constant 4 : index
  %c4 = arith.constant 7 : i64
  %c5 = arith.constant 54 : i64
  %c6 = arith.constant 1 : i64
  scf.for %i7 = %c1 to %c3 step %c2 {
    %k8 = arith.index_cast %i7 : index to i64
    %k9 = arith.addi %k8, %c5 : i64
    %k10 = arith.remsi %k9, %c4 : i64
    map.delete %hm[%k10] : !map.map<i64, i64>
    map.assign %k8, %hm[%k10] : !map.map<i64, i64>
  }
  return
}
func.func @work1(%hm: !map.map<i64, i64>, %hmu: !map.mutex, %hbase: i64) {
  %c11 = arith.constant 0 : index
  %c12 = arith.constant 1 : index
  %c13 = arith.constant 5 : index
  %c14 = arith.constant 512 : i64
  %c15 = arith.constant 89 : i64
  %c16 = arith.constant 1 : i64
  scf.for %i17 = %c11 to %c13 step %c12 {
    map.lock %hmu
    %k18 = arith.index_cast %i17 : index to i64
    %k19 = arith.addi %k18, %c15 : i64
    %k20 = arith.remsi %k19, %c14 : i64
    %v21, %f22 = map.lookup %hm[%k20] : !map.map<i64, i64>
    map.unlock %hmu
  }
  return
}
func.func @spawn2(%hm: !map.map<i64, i64>, %hmu: !map.mutex, %hg: !map.group) {
  map.go %hg {
    %c23 = arith.constant 0 : index
    %c24 = arith.constant 1 : index
    %c25 = arith.constant 6 : index
    %c26 = arith.constant 64 : i64
    %c27 = arith.constant 62 : i64
    %c28 = arith.constant 1 : i64
    scf.for %i29 = %c23 to %c25 step %c24 {
      map.lock %hmu
      %k30 = arith.index_cast %i29 : index to i64
      %k31 = arith.addi %k30, %c27 : i64
      %k32 = arith.remsi %k31, %c26 : i64
      map.assign %k30, %hm[%k32] : !map.map<i64, i64>
      %v33, %f34 = map.lookup %hm[%k32] : !map.map<i64, i64>
      %v35 = arith.addi %v33, %c28 : i64
      map.assign %v35, %hm[%k32] : !map.map<i64, i64>
      %v36, %f37 = map.lookup %hm[%k32] : !map.map<i64, i64>
      %v38 = arith.addi %v36, %c28 : i64
      map.assign %v38, %hm[%k32] : !map.map<i64, i64>
      map.unlock %hmu
    }
    map.yield
  }
  return
}
func.func @main() -> i32 {
  %m0 = map.make {concurrent} : !map.map<i64, i64>
  %m1 = map.make {concurrent} : !map.map<i64, i64>
  %m2 = map.make : !map.map<i64, i64>
  %mu0 = map.mutex
  %mu1 = map.mutex
  %g0 = map.group
  %c39 = arith.constant 0 : index
  %c40 = arith.constant 1 : index
  %c41 = arith.constant 5 : index
  %c42 = arith.constant 7 : i64
  %c43 = arith.constant 311 : i64
  %c44 = arith.constant 1 : i64
  scf.for %i45 = %c39 to %c41 step %c40 {
    %k46 = arith.index_cast %i45 : index to i64
    %k47 = arith.addi %k46, %c43 : i64
    %k48 = arith.remsi %k47, %c42 : i64
    %n49 = map.len %m0 : !map.map<i64, i64>
  }
  func.call @spawn2(%m2, %mu0, %g0) : (!map.map<i64, i64>, !map.mutex, !map.group) -> ()
  %c50 = arith.constant 0 : index
  %c51 = arith.constant 1 : index
  %c52 = arith.constant 2 : index
  scf.for %t53 = %c50 to %c52 step %c51 {
    map.go %g0 {
      %c54 = arith.constant 173 : i64
      func.call @work0(%m2, %mu0, %c54) : (!map.map<i64, i64>, !map.mutex, i64) -> ()
      map.yield
    }
    map.wait %g0
  }
  %c55 = arith.constant 0 : index
  %c56 = arith.constant 1 : index
  %c57 = arith.constant 3 : index
  scf.for %t58 = %c55 to %c57 step %c56 {
    map.go %g0 {
      %c59 = arith.constant 0 : index
      %c60 = arith.constant 1 : index
      %c61 = arith.constant 7 : index
      %c62 = arith.constant 64 : i64
      %c63 = arith.constant 98 : i64
      %c64 = arith.constant 1 : i64
      scf.for %i65 = %c59 to %c61 step %c60 {
        %k66 = arith.index_cast %i65 : index to i64
        %k67 = arith.addi %k66, %c63 : i64
        %k68 = arith.remsi %k67, %c62 : i64
        %n69 = map.len %m1 : !map.map<i64, i64>
      }
      %pm70 = map.make : !map.map<i64, i64>
      %c71 = arith.constant 0 : index
      %c72 = arith.constant 1 : index
      %c73 = arith.constant 7 : index
      %c74 = arith.constant 7 : i64
      %c75 = arith.constant 815 : i64
      %c76 = arith.constant 1 : i64
      scf.for %i77 = %c71 to %c73 step %c72 {
        %k78 = arith.index_cast %i77 : index to i64
        %k79 = arith.addi %k78, %c75 : i64
        %k80 = arith.remsi %k79, %c74 : i64
        map.assign %k78, %pm70[%k80] : !map.map<i64, i64>
        map.assign %k78, %pm70[%k80] : !map.map<i64, i64>
        %n81 = map.len %pm70 : !map.map<i64, i64>
      }
      %n82 = map.len %pm70 : !map.map<i64, i64>
      %n83 = arith.index_cast %n82 : index to i64
      %c84 = arith.constant 26 : i64
      map.yield
    }
  }
  %x85 = map.len %m0 : !map.map<i64, i64>
  %c86 = arith.constant 3 : index
  %b87 = arith.cmpi uge, %x85, %c86 : index
  scf.if %b87 {
    map.wait %g0
    map.go %g0 {
      %c88 = arith.constant 0 : index
      %c89 = arith.constant 1 : index
      %c90 = arith.constant 6 : index
      %c91 = arith.constant 4096 : i64
      %c92 = arith.constant 420 : i64
      %c93 = arith.constant 1 : i64
      map.lock %mu0
      scf.for %i94 = %c88 to %c90 step %c89 {
        %k95 = arith.index_cast %i94 : index to i64
        %k96 = arith.addi %k95, %c92 : i64
        %k97 = arith.remsi %k96, %c91 : i64
        map.assign %k95, %m2[%k97] : !map.map<i64, i64>
        %n98 = map.len %m2 : !map.map<i64, i64>
        map.assign %k95, %m2[%k97] : !map.map<i64, i64>
      }
      map.unlock %mu0
      %c99 = arith.constant 649 : i64
      func.call @work1(%m0, %mu0, %c99) : (!map.map<i64, i64>, !map.mutex, i64) -> ()
      map.yield
    }
  } else {
    %c100 = arith.constant 0 : index
    %c101 = arith.constant 1 : index
    %c102 = arith.constant 2 : index
    scf.for %t103 = %c100 to %c102 step %c101 {
      map.go %g0 {
        %c104 = arith.constant 0 : index
        %c105 = arith.constant 1 : index
        %c106 = arith.constant 5 : index
        %c107 = arith.constant 7 : i64
        %c108 = arith.constant 959 : i64
        %c109 = arith.constant 1 : i64
        scf.for %i110 = %c104 to %c106 step %c105 {
          %k111 = arith.index_cast %i110 : index to i64
          %k112 = arith.addi %k111, %c108 : i64
          %k113 = arith.remsi %k112, %c107 : i64
          %v114, %f115 = map.lookup %m1[%k113] : !map.map<i64, i64>
          %v116, %f117 = map.lookup %m1[%k113] : !map.map<i64, i64>
          %v118, %f119 = map.lookup %m1[%k113] : !map.map<i64, i64>
        }
        %c121 = arith.constant 0 : i64
        %acc120 = memref.alloca() : memref<i64>
        memref.store %c121, %acc120[] : memref<i64>
        map.range %m1 : !map.map<i64, i64> {
        ^bb0(%rk122: i64, %rv123: i64):
          %s124 = memref.load %acc120[] : memref<i64>
          %s125 = arith.addi %s124, %rv123 : i64
          memref.store %s125, %acc120[] : memref<i64>
          map.yield
        }
        %pm126 = map.make : !map.map<i64, i64>
        %c127 = arith.constant 0 : index
        %c128 = arith.constant 1 : index
        %c129 = arith.constant 6 : index
        %c130 = arith.constant 4096 : i64
        %c131 = arith.constant 370 : i64
        %c132 = arith.constant 1 : i64
        scf.for %i133 = %c127 to %c129 step %c128 {
          %k134 = arith.index_cast %i133 : index to i64
          %k135 = arith.addi %k134, %c131 : i64
          %k136 = arith.remsi %k135, %c130 : i64
          %v137, %f138 = map.lookup %pm126[%k136] : !map.map<i64, i64>
          %v139, %f140 = map.lookup %pm126[%k136] : !map.map<i64, i64>
          %v141, %f142 = map.lookup %pm126[%k136] : !map.map<i64, i64>
        }
        %n143 = map.len %pm126 : !map.map<i64, i64>
        %n144 = arith.index_cast %n143 : index to i64
        %c145 = arith.constant 39 : i64
        map.assign %n144, %m0[%c145] : !map.map<i64, i64>
        map.yield
      }
    }
  }
  %c146 = arith.constant 985 : i64
  func.call @work1(%m2, %mu0, %c146) : (!map.map<i64, i64>, !map.mutex, i64) -> ()
  map.go %g0 {
    %c147 = arith.constant 0 : index
    %c148 = arith.constant 1 : index
    %c149 = arith.constant 7 : index
    %c150 = arith.constant 7 : i64
    %c151 = arith.constant 473 : i64
    %c152 = arith.constant 1 : i64
    scf.for %i153 = %c147 to %c149 step %c148 {
      map.lock %mu0
      %k154 = arith.index_cast %i153 : index to i64
      %k155 = arith.addi %k154, %c151 : i64
      %k156 = arith.remsi %k155, %c150 : i64
      %v157, %f158 = map.lookup %m2[%k156] : !map.map<i64, i64>
      %v159, %f160 = map.lookup %m2[%k156] : !map.map<i64, i64>
      %v161 = arith.addi %v159, %c152 : i64
      map.assign %v161, %m2[%k156] : !map.map<i64, i64>
      map.assign %k154, %m2[%k156] : !map.map<i64, i64>
      map.unlock %mu0
    }
    map.lock %mu0
    %c163 = arith.constant 0 : i64
    %acc162 = memref.alloca() : memref<i64>
    memref.store %c163, %acc162[] : memref<i64>
    map.range %m2 : !map.map<i64, i64> {
    ^bb0(%rk164: i64, %rv165: i64):
      %s166 = memref.load %acc162[] : memref<i64>
      %s167 = arith.addi %s166, %rv165 : i64
      memref.store %s167, %acc162[] : memref<i64>
      map.yield
    }
    map.unlock %mu0
    map.yield
  }
  map.wait %g0
  %len168 = map.len %m0 : !map.map<i64, i64>
  %len169 = arith.index_cast %len168 : index to i64
  func.call @maprt_print_i64(%len169) : (i64) -> ()
  %len170 = map.len %m1 : !map.map<i64, i64>
  %len171 = arith.index_cast %len170 : index to i64
  func.call @maprt_print_i64(%len171) : (i64) -> ()
  map.lock %mu0
  %len172 = map.len %m2 : !map.map<i64, i64>
  map.unlock %mu0
  %len173 = arith.index_cast %len172 : index to i64
  func.call @maprt_print_i64(%len173) : (i64) -> ()
  %z174 = arith.constant 0 : i32
  return %z174 : i32
}
