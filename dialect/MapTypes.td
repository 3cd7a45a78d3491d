//===- MapTypes.td - map dialect types -----------------------*- tablegen -*-===//
//
// !map.map<K, V>, !map.mutex and !map.group.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFE_DIALECT_MAPTYPES_TD
#define MAPSAFE_DIALECT_MAPTYPES_TD

include "dialect/MapDialect.td"
include "mlir/IR/AttrTypeBase.td"

class Map_Type<string name, string typeMnemonic, list<Trait> traits = []>
    : TypeDef<Map_Dialect, name, traits> {
  let mnemonic = typeMnemonic;
}

def Map_MapType : Map_Type<"Map", "map"> {
  let summary = "reference to a hash map";
  let description = [{
    A reference to a hash map with keys of type `K` and values of type `V`.
    Keys are signless integers of 1 to 64 bits or `index`; values are
    signless integers of 1 to 64 bits, `index`, `f32` or `f64`. Copying the
    reference does not copy the map, as in Go.

    ```mlir
    %m = map.make : !map.map<i64, f64>
    ```
  }];
  let parameters = (ins "::mlir::Type":$keyType, "::mlir::Type":$valueType);
  let assemblyFormat = "`<` $keyType `,` $valueType `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// Whether `type` may be a map key (signless integer i1..i64 or index).
    static bool isValidKeyType(::mlir::Type type);
    /// Whether `type` may be a map value (key types, f32, f64).
    static bool isValidValueType(::mlir::Type type);
  }];
}

def Map_MutexType : Map_Type<"Mutex", "mutex"> {
  let summary = "a read/write mutex";
  let description = [{
    A read/write mutex (Go's `sync.RWMutex`). `map.lock`/`map.unlock` hold
    it exclusively, `map.rlock`/`map.runlock` shared.
  }];
}

def Map_GroupType : Map_Type<"Group", "group"> {
  let summary = "a wait group";
  let description = [{
    A wait group (Go's `sync.WaitGroup`): tasks are started into it with
    `map.go %g`, and `map.wait %g` joins every task started into it so far.
  }];
}

def Map_AnyMapType : Type<CPred<"::llvm::isa<::mapsafe::map::MapType>($_self)">,
                          "map reference", "::mapsafe::map::MapType">;
def Map_Mutex : Type<CPred<"::llvm::isa<::mapsafe::map::MutexType>($_self)">,
                     "mutex", "::mapsafe::map::MutexType">,
                BuildableType<"$_builder.getType<::mapsafe::map::MutexType>()">;
def Map_Group : Type<CPred<"::llvm::isa<::mapsafe::map::GroupType>($_self)">,
                     "wait group", "::mapsafe::map::GroupType">,
                BuildableType<"$_builder.getType<::mapsafe::map::GroupType>()">;

#endif // MAPSAFE_DIALECT_MAPTYPES_TD
