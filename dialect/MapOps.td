//===- MapOps.td - map dialect operations --------------------*- tablegen -*-===//
//
// The operations of the map dialect. Textual forms follow shared/syntax.mlir
// exactly. Map reads and writes declare effects on one resource (the map
// heap) so that CSE never merges two lookups across an assign; task and
// mutex operations declare no effects interface at all, which upstream
// passes treat as "may do anything", so nothing is moved across them.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFE_DIALECT_MAPOPS_TD
#define MAPSAFE_DIALECT_MAPOPS_TD

include "dialect/MapTypes.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Map_HeapResource : Resource<"::mapsafe::map::MapHeapResource">;

class Map_TypeOf<string part> : TypesMatchWith<
    part # " type matches the map's " # part # " type", "map", part,
    "::llvm::cast<::mapsafe::map::MapType>($_self).get" #
    !if(!eq(part, "key"), "KeyType", "ValueType") # "()">;

//===----------------------------------------------------------------------===//
// Declaring maps
//===----------------------------------------------------------------------===//

def Map_GlobalOp : Map_Op<"global", [Symbol]> {
  let summary = "a package-level map";
  let description = [{
    Declares a map that lives for the whole program (a Go package-level
    variable initialised with `make`). `concurrent` declares it shared
    between tasks; `nocheck` trusts it.

    ```mlir
    map.global @cache {concurrent} : !map.map<i64, i64>
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttrOf<Map_AnyMapType>:$type,
                       UnitAttr:$concurrent,
                       UnitAttr:$nocheck);
  let assemblyFormat = "$sym_name attr-dict `:` $type";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::mapsafe::map::MapType getMapType() {
      return ::llvm::cast<::mapsafe::map::MapType>(getType());
    }
  }];
}

def Map_GetGlobalOp : Map_Op<"get_global",
    [Pure, DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "reference to a package-level map";
  let description = [{
    Returns a reference to the map declared by `map.global @name`.

    ```mlir
    %g = map.get_global @cache : !map.map<i64, i64>
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$name);
  let results = (outs Map_AnyMapType:$result);
  let assemblyFormat = "$name attr-dict `:` qualified(type($result))";
}

def Map_MakeOp : Map_Op<"make"> {
  let summary = "make a new, empty map";
  let description = [{
    Creates an empty map (Go's `make(map[K]V, n)`). `capacity` is a hint.
    `concurrent` declares the map shared between tasks; `nocheck` trusts it.

    ```mlir
    %m = map.make : !map.map<i64, i64>
    %c = map.make capacity %n {concurrent} : !map.map<i64, f64>
    ```
  }];
  let arguments = (ins Optional<Index>:$capacity,
                       UnitAttr:$concurrent,
                       UnitAttr:$nocheck);
  let results = (outs Res<Map_AnyMapType, "",
                          [MemAlloc<Map_HeapResource>]>:$map);
  let assemblyFormat =
      "(`capacity` $capacity^)? attr-dict `:` qualified(type($map))";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Map accesses
//===----------------------------------------------------------------------===//

def Map_AssignOp : Map_Op<"assign", [Map_TypeOf<"key">, Map_TypeOf<"value">]> {
  let summary = "set the value of a key (m[k] = v)";
  let description = [{
    Inserts or overwrites the entry of `key`. A write.

    ```mlir
    map.assign %v, %m[%k] : !map.map<i64, i64>
    ```
  }];
  let arguments = (ins AnyType:$value,
                       Arg<Map_AnyMapType, "the map",
                           [MemRead<Map_HeapResource>,
                            MemWrite<Map_HeapResource>]>:$map,
                       AnyType:$key);
  let assemblyFormat =
      "$value `,` $map `[` $key `]` attr-dict `:` qualified(type($map))";
}

def Map_DeleteOp : Map_Op<"delete", [Map_TypeOf<"key">]> {
  let summary = "remove a key (delete(m, k))";
  let description = [{
    Removes the entry of `key`; a missing key is a no-op. A write.

    ```mlir
    map.delete %m[%k] : !map.map<i64, i64>
    ```
  }];
  let arguments = (ins Arg<Map_AnyMapType, "the map",
                           [MemRead<Map_HeapResource>,
                            MemWrite<Map_HeapResource>]>:$map,
                       AnyType:$key);
  let assemblyFormat = "$map `[` $key `]` attr-dict `:` qualified(type($map))";
}

def Map_ClearOp : Map_Op<"clear"> {
  let summary = "remove every entry (clear(m))";
  let description = [{
    Removes every entry. A write.

    ```mlir
    map.clear %m : !map.map<i64, i64>
    ```
  }];
  let arguments = (ins Arg<Map_AnyMapType, "the map",
                           [MemWrite<Map_HeapResource>]>:$map);
  let assemblyFormat = "$map attr-dict `:` qualified(type($map))";
}

def Map_LookupOp : Map_Op<"lookup", [Map_TypeOf<"key">, Map_TypeOf<"value">]> {
  let summary = "read the value of a key (v, ok := m[k])";
  let description = [{
    Returns the value of `key` and `true`, or the zero value of V and
    `false` when the key is missing. A read.

    ```mlir
    %v, %found = map.lookup %m[%k] : !map.map<i64, i64>
    ```
  }];
  let arguments = (ins Arg<Map_AnyMapType, "the map",
                           [MemRead<Map_HeapResource>]>:$map,
                       AnyType:$key);
  let results = (outs AnyType:$value, I1:$found);
  let assemblyFormat = "$map `[` $key `]` attr-dict `:` qualified(type($map))";
}

def Map_LenOp : Map_Op<"len"> {
  let summary = "number of entries (len(m))";
  let description = [{
    Returns the number of entries. A read.

    ```mlir
    %n = map.len %m : !map.map<i64, i64>
    ```
  }];
  let arguments = (ins Arg<Map_AnyMapType, "the map",
                           [MemRead<Map_HeapResource>]>:$map);
  let results = (outs Index:$len);
  let assemblyFormat = "$map attr-dict `:` qualified(type($map))";
}

def Map_RangeOp : Map_Op<"range", [SingleBlockImplicitTerminator<"YieldOp">,
    DeclareOpInterfaceMethods<RegionBranchOpInterface>]> {
  let summary = "iterate over every entry (for k, v := range m)";
  let description = [{
    Runs the body once per entry with the key and value as block arguments,
    in unspecified order. The iteration is a read of the map that lasts for
    the whole body. Writing the map inside its own iteration is allowed (as
    in Go) but the verifier warns about it. As a region branch, the body
    runs zero or more times in the enclosing frame (dataflow analyses see
    the locks held around it), unlike a `map.go` body.

    ```mlir
    map.range %m : !map.map<i64, i64> {
    ^bb0(%k: i64, %v: i64):
      func.call @maprt_print_i64(%v) : (i64) -> ()
      map.yield
    }
    ```
  }];
  let arguments = (ins Map_AnyMapType:$map);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$map attr-dict `:` qualified(type($map)) $body";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Concurrency
//===----------------------------------------------------------------------===//

def Map_MutexOp : Map_Op<"mutex"> {
  let summary = "make a read/write mutex";
  let description = [{
    ```mlir
    %mu = map.mutex
    ```
  }];
  let results = (outs Res<Map_Mutex, "", [MemAlloc<Map_HeapResource>]>:$mutex);
  let assemblyFormat = "attr-dict";
}

class Map_MutexHoldOp<string mnemonic, string what> : Map_Op<mnemonic> {
  let summary = what;
  let description = what # [{.

    ```mlir
    map.}] # mnemonic # [{ %mu
    ```
  }];
  let arguments = (ins Map_Mutex:$mutex);
  let assemblyFormat = "$mutex attr-dict";
}

def Map_LockOp : Map_MutexHoldOp<"lock", "take the mutex exclusively">;
def Map_UnlockOp : Map_MutexHoldOp<"unlock", "release an exclusive hold">;
def Map_RLockOp : Map_MutexHoldOp<"rlock", "take the mutex shared">;
def Map_RUnlockOp : Map_MutexHoldOp<"runlock", "release a shared hold">;

def Map_GroupOp : Map_Op<"group"> {
  let summary = "make a wait group";
  let description = [{
    ```mlir
    %g = map.group
    ```
  }];
  let results = (outs Res<Map_Group, "", [MemAlloc<Map_HeapResource>]>:$group);
  let assemblyFormat = "attr-dict";
}

def Map_GoOp : Map_Op<"go", [SingleBlockImplicitTerminator<"YieldOp">]> {
  let summary = "start a task (go func() { ... }())";
  let description = [{
    Starts the body as a new task running in parallel with the rest of the
    program. Values defined above are captured by reference for maps,
    mutexes and groups, by value otherwise. With a group operand, the task
    is started into that group and a later `map.wait` joins it; without one
    it runs until the program ends.

    ```mlir
    map.go %g {
      map.assign %v, %m[%k] : !map.map<i64, i64>
      map.yield
    }
    ```
  }];
  let arguments = (ins Optional<Map_Group>:$group);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "($group^)? attr-dict-with-keyword $body";
  let hasVerifier = 1;
}

def Map_WaitOp : Map_Op<"wait"> {
  let summary = "join every task started into a group so far";
  let description = [{
    ```mlir
    map.wait %g
    ```
  }];
  let arguments = (ins Map_Group:$group);
  let assemblyFormat = "$group attr-dict";
}

def Map_YieldOp : Map_Op<"yield",
    [Pure, ReturnLike, Terminator, HasParent<"RangeOp, GoOp">]> {
  let summary = "terminator of map.range and map.go bodies";
  let description = [{
    Ends an iteration of a `map.range` body or a `map.go` task body. It may
    be omitted in the textual form.
  }];
  let assemblyFormat = "attr-dict";
}

#endif // MAPSAFE_DIALECT_MAPOPS_TD
