//===- consumer.cpp - embeds the map dialect and its analysis -------------===//
//
// Parses a racy program, asks OwnershipAnalysis about it and uses the
// runtime: what another MLIR project linking mapsafe would do.
//
//===----------------------------------------------------------------------===//
#include "dialect/MapOps.h"
#include "passes/OwnershipAnalysis.h"
#include "runtime/maprt.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"

#include <cstdio>

static const char *kProgram = R"mlir(
func.func @main() -> i32 {
  %k = arith.constant 7 : i64
  %m = map.make {concurrent} : !map.map<i64, i64>
  map.go {
    map.assign %k, %m[%k] : !map.map<i64, i64>
    map.yield
  }
  map.assign %k, %m[%k] : !map.map<i64, i64>
  %z = arith.constant 0 : i32
  return %z : i32
}
)mlir";

int main() {
  mlir::MLIRContext context;
  context.loadDialect<mapsafe::map::MapDialect, mlir::func::FuncDialect,
                      mlir::arith::ArithDialect>();
  auto module = mlir::parseSourceString<mlir::ModuleOp>(kProgram, &context);
  if (!module)
    return 1;
  mapsafe::OwnershipAnalysis analysis(*module);
  std::printf("conflicts: %zu\n", analysis.getConflicts().size());

  maprt_map *m = maprt_map_make(0, "consumer.cpp:1:1");
  maprt_map_assign(m, 1, 42);
  uint64_t value = 0;
  bool found = maprt_map_lookup(m, 1, &value);
  std::printf("lookup: %d %llu\n", found, (unsigned long long)value);
  return analysis.getConflicts().size() == 1 && found && value == 42 ? 0 : 1;
}
