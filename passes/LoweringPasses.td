//===- LoweringPasses.td - map dialect lowering passes -------*- tablegen -*-===//
//
// The passes that take the map dialect down to the LLVM dialect over the C
// runtime (runtime/maprt.h): task outlining and --convert-map-to-llvm. The
// verification passes live in Passes.td; the full pipeline
// (map-to-llvm-pipeline) is registered by hand in MapToLLVM.cpp because it
// chains upstream passes.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFE_PASSES_LOWERINGPASSES_TD
#define MAPSAFE_PASSES_LOWERINGPASSES_TD

include "mlir/Pass/PassBase.td"

def MapOutlineTasks : Pass<"map-outline-tasks", "::mlir::ModuleOp"> {
  let summary = "outline map.go bodies into private functions";
  let description = [{
    Moves the body of every `map.go` into a private `func.func` that takes
    the values the body captures from above as arguments, and leaves behind
    a `map.go` whose body only calls it. Nested tasks are outlined
    innermost first. The outlined function inherits `map.norace`.
    `--convert-map-to-llvm` performs the same outlining itself (after it has
    consulted the ownership analysis), so running this pass first is only
    needed to look at the outlined form.

    ```mlir
    map.go %g {
      map.assign %v, %m[%k] : !map.map<i64, i64>
      map.yield
    }
    // becomes
    map.go %g {
      func.call @f_task0(%m, %k, %v) : (!map.map<i64, i64>, i64, i64) -> ()
      map.yield
    }
    ```
  }];
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

def ConvertMapToLLVM : Pass<"convert-map-to-llvm", "::mlir::ModuleOp"> {
  let summary = "lower the map dialect to LLVM dialect calls into libmaprt";
  let description = [{
    Lowers every `map` operation and type to the LLVM dialect as calls into
    the C runtime (`runtime/maprt.h`): maps, mutexes and groups become
    `!llvm.ptr`; keys and values travel as 64-bit words (integers
    zero-extended, `index` cast, floats bit-cast) and are narrowed back.
    `map.range` becomes an `scf.while` over the runtime iterator,
    `map.go` an outlined `void task(void *env)` started with `maprt_go`,
    `map.global` an LLVM global made at program start, and every return of
    `@main` calls `maprt_main_exit`.

    A checked access is one runtime call that does the operation between
    its checks: `maprt_checkmapconcurrentwrite_assign`/`_delete`/`_clear`
    for writes, `maprt_checkmapread_lookup`/`_len` for reads,
    `maprt_checkmapiterate_begin`/`_next` for iteration (each with the
    access's site). Checks are inserted according to `checks`:
    - `none`: never;
    - `all`: at every access except on maps made or declared `nocheck`
      (when the map value obviously comes from such a `map.make` or
      `map.global`) and inside `map.norace` functions;
    - `unproven` (default): only where the ownership analysis could not
      prove the access free of conflicts, never in `map.norace` functions.

    Func signatures, calls, returns, branches, `scf` ops and `arith.select`
    carrying map values are converted too; the rest of the module (func,
    arith, scf, cf, memref) is left for the upstream conversions, which
    `map-to-llvm-pipeline` chains.
  }];
  let options = [
    Option<"checks", "checks", "std::string", /*default=*/"\"unproven\"",
           "where to insert runtime race checks: none, all or unproven">,
  ];
  let dependentDialects = [
    "::mlir::LLVM::LLVMDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::func::FuncDialect",
    "::mlir::scf::SCFDialect",
  ];
}

#endif // MAPSAFE_PASSES_LOWERINGPASSES_TD
