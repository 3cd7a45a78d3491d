//===- MapToLLVM.h - map dialect to LLVM dialect patterns ------*- C++ -*-===//
//
// The reusable pieces of --convert-map-to-llvm (in the style of circt's
// populate…Patterns): the type conversions, the conversion patterns, the
// state they share (which accesses get runtime checks, the per-function
// word slots the runtime writes into, the site strings) and task outlining.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFE_PASSES_MAPTOLLVM_H
#define MAPSAFE_PASSES_MAPTOLLVM_H

#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <string>
#include <utility>
#include <vector>

namespace mapsafe {

/// State shared by the map-to-LLVM patterns of one conversion.
struct MapLoweringState {
  /// Accesses (assign, delete, clear, lookup, len, range) that get runtime
  /// checks. Filled before the conversion.
  llvm::DenseSet<mlir::Operation *> checked;
  /// Per function: two i64 stack slots (key, value) the runtime's lookup and
  /// iteration calls write into. They are read right after each call, so one
  /// pair serves every access of the function, nested ranges included.
  llvm::DenseMap<mlir::Operation *, std::pair<mlir::Value, mlir::Value>>
      slots;
  /// Site string -> name of its LLVM global (one global per string).
  llvm::StringMap<std::string> siteGlobals;
  /// The site global created last (the next one goes after it).
  mlir::Operation *lastSite = nullptr;
  /// Map globals made at program start: (symbol, creation site).
  std::vector<std::pair<std::string, std::string>> mapGlobals;
  /// The llvm.funcs the patterns declared (runtime functions, task entries)
  /// or found, by name, and the names of the module's symbols when the first
  /// was asked for, so that finding a function never scans the module (the
  /// patterns must be the only ones adding functions during the conversion).
  llvm::StringMap<mlir::LLVM::LLVMFuncOp> functions;
  llvm::StringSet<> moduleSymbols;
  bool moduleSymbolsCollected = false;
};

/// `!map.map`, `!map.mutex`, `!map.group` -> `!llvm.ptr`.
void populateMapToLLVMTypeConversions(mlir::TypeConverter &converter);

/// Patterns lowering every map op. Expects map.go bodies in outlined form
/// (see outlineMapTasks) and `state.slots` filled for functions with
/// lookups or ranges (see prepareMapLowering).
void populateMapToLLVMConversionPatterns(mlir::LLVMTypeConverter &converter,
                                         mlir::RewritePatternSet &patterns,
                                         MapLoweringState &state);

/// Outlines every map.go body into a private function taking its captured
/// values (innermost first); the map.go is left calling it.
void outlineMapTasks(mlir::ModuleOp module);

/// The text of a site: "file:line:col" of the first file location inside
/// `loc`, else `fallback`.
std::string getSiteString(mlir::Location loc, llvm::StringRef fallback);

} // namespace mapsafe

#endif // MAPSAFE_PASSES_MAPTOLLVM_H
