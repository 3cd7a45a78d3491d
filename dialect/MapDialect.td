//===- MapDialect.td - map dialect definition ----------------*- tablegen -*-===//
//
// The `map` dialect: Go-style hash maps and the concurrency they live in.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFE_DIALECT_MAPDIALECT_TD
#define MAPSAFE_DIALECT_MAPDIALECT_TD

include "mlir/IR/OpBase.td"

def Map_Dialect : Dialect {
  let name = "map";
  let cppNamespace = "::mapsafe::map";
  let summary = "Go-style hash maps, tasks, wait groups and mutexes";
  let description = [{
    The `map` dialect models hash-map operations in the style of Go maps
    (`make`, `assign`, `delete`, `lookup`, `range`, ...) together with the
    concurrency they live in: tasks (`map.go`), wait groups (`map.group`,
    `map.wait`) and read/write mutexes (`map.mutex`, `map.lock`, ...).

    A map made or declared with the `concurrent` unit attribute is declared
    shared between tasks: `--map-verify-ownership` must prove every
    conflicting pair of its accesses synchronised or reject the IR. A map
    marked `nocheck` is trusted: neither verified nor instrumented.

    Discardable attributes of the dialect:
    - `map.norace` (unit, on `func.func`): no runtime checks are inserted in
      the function; the static verifier still runs.
    - `map.object`, `map.owner`, `map.objects`, `map.live_owners`: results of
      `--map-infer-ownership`, see `docs/ownership.md`.

    ```mlir
    %m = map.make {concurrent} : !map.map<i64, i64>
    %mu = map.mutex
    %g = map.group
    map.go %g {
      map.lock %mu
      map.assign %v, %m[%k] : !map.map<i64, i64>
      map.unlock %mu
    }
    map.wait %g
    ```
  }];
  let useDefaultTypePrinterParser = 1;
  let hasOperationAttrVerify = 1;
  let extraClassDeclaration = [{
    void registerTypes();

    // Names of the dialect's discardable attributes.
    static constexpr ::llvm::StringLiteral kNoRaceAttrName = "map.norace";
    static constexpr ::llvm::StringLiteral kObjectAttrName = "map.object";
    static constexpr ::llvm::StringLiteral kOwnerAttrName = "map.owner";
    static constexpr ::llvm::StringLiteral kObjectsAttrName = "map.objects";
    static constexpr ::llvm::StringLiteral kLiveOwnersAttrName =
        "map.live_owners";
  }];
}

class Map_Op<string mnemonic, list<Trait> traits = []>
    : Op<Map_Dialect, mnemonic, traits>;

#endif // MAPSAFE_DIALECT_MAPDIALECT_TD
