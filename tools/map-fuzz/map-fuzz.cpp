//===- map-fuzz.cpp - libFuzzer target for the map front and middle end ---===//
//
// Feeds arbitrary bytes to the MLIR parser with the dialects a map program
// composes with (map, func, arith, scf, cf, memref, llvm). When the bytes
// parse and the module verifies, it runs what map-opt and map-cc run on
// user input:
//   1. mapsafe::OwnershipAnalysis directly (findings, needsRuntimeCheck on
//      every map op, annotate()),
//   2. --map-verify-ownership and --map-verify-ownership=strict=true,
//   3. --convert-map-to-llvm with checks=unproven and checks=all, then the
//      whole map-to-llvm pipeline.
// Diagnostics are swallowed: errors are expected, crashes, sanitizer
// reports and hangs are not. Built only with -DMAPSAFE_FUZZ=ON (see
// docs/reliability.md), with clang's -fsanitize=fuzzer,address,undefined.
//
//===----------------------------------------------------------------------===//
#include "dialect/MapOps.h"
#include "passes/LoweringPasses.h"
#include "passes/OwnershipAnalysis.h"
#include "passes/Passes.h"
#include "tools/InputDialects.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/Support/SourceMgr.h"

#include <cstddef>
#include <cstdint>
#include <string>

using namespace mlir;

// Debian's libLLVM/libMLIR are not instrumented, but LLVM's headers poison
// and unpoison BumpPtrAllocator slabs when the including code is built with
// ASan: the inline (instrumented) copies poison what the library's copies
// hand out without unpoisoning, and ASan reports use-after-poison on the
// first MLIRContext. Manual poisoning is off; everything else stays on.
extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0";
}

static MLIRContext &context() {
  static MLIRContext *ctx = [] {
    DialectRegistry registry;
    mapsafe::registerInputDialects(registry);
    auto *c = new MLIRContext(registry, MLIRContext::Threading::DISABLED);
    c->loadAllAvailableDialects();
    return c;
  }();
  return *ctx;
}

/// Runs `pipeline` on a fresh copy of `module`; the result is ignored.
static void runPipeline(ModuleOp module,
                        llvm::function_ref<void(OpPassManager &)> build) {
  OwningOpRef<ModuleOp> copy = cast<ModuleOp>(module->clone());
  PassManager pm(&context());
  pm.enableVerifier(true);
  build(pm);
  (void)pm.run(*copy);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // Keep the inputs small enough that one execution stays well under the
  // default libFuzzer timeout; large inputs only repeat what small ones do.
  if (size > 64 * 1024)
    return -1;
  MLIRContext &ctx = context();
  ScopedDiagnosticHandler quiet(&ctx, [](Diagnostic &) { return success(); });

  std::string text(reinterpret_cast<const char *>(data), size);
  ParserConfig config(&ctx);
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, config);
  if (!module || failed(verify(*module)))
    return 0;

  {
    mapsafe::OwnershipAnalysis analysis(*module);
    (void)analysis.getConflicts().size();
    (void)analysis.getEscapes().size();
    (void)analysis.getOwnIterationWrites().size();
    // needsRuntimeCheck's contract: map accesses only.
    module->walk([&](Operation *op) {
      if (isa<mapsafe::map::AssignOp, mapsafe::map::DeleteOp,
              mapsafe::map::ClearOp, mapsafe::map::LookupOp,
              mapsafe::map::LenOp, mapsafe::map::RangeOp>(op))
        (void)analysis.needsRuntimeCheck(op);
    });
  }
  runPipeline(*module, [](OpPassManager &pm) {
    pm.addPass(mapsafe::createMapInferOwnership());
  });
  runPipeline(*module, [](OpPassManager &pm) {
    pm.addPass(mapsafe::createMapVerifyOwnership());
  });
  runPipeline(*module, [](OpPassManager &pm) {
    mapsafe::MapVerifyOwnershipOptions strict;
    strict.strict = true;
    pm.addPass(mapsafe::createMapVerifyOwnership(strict));
  });
  for (const char *checks : {"unproven", "all", "none"}) {
    runPipeline(*module, [&](OpPassManager &pm) {
      mapsafe::ConvertMapToLLVMOptions options;
      options.checks = checks;
      pm.addPass(mapsafe::createConvertMapToLLVM(options));
    });
  }
  runPipeline(*module, [](OpPassManager &pm) {
    mapsafe::buildMapToLLVMPipeline(pm, "unproven");
  });
  return 0;
}
