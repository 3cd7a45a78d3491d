//===- MapToLLVM.cpp - map dialect to LLVM dialect -----------------------===//
//
// --convert-map-to-llvm, --map-outline-tasks and map-to-llvm-pipeline.
//
// The lowering runs in three steps. Before the conversion, on the map/func
// level: decide which accesses get runtime checks (the ownership analysis
// must see map.go bodies where they were written, so this comes first),
// outline map.go bodies into private functions, make @main's returns end
// the program through the runtime, and give each function two i64 slots the
// runtime writes keys and values into. Then one partial conversion with
// OpConversionPatterns (toy Ch6 style) turns map ops into runtime calls and
// map types into !llvm.ptr, including where maps flow through func, scf, cf
// and arith.select. Last, the map globals get their start-up initialiser.
//
//===----------------------------------------------------------------------===//
#include "passes/MapToLLVM.h"
#include "passes/LoweringPasses.h"

#include "dialect/MapOps.h"

#include "passes/OwnershipAnalysis.h"

#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/LLVMCommon/Pattern.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/SCF/Transforms/Patterns.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mapsafe {
#define GEN_PASS_DEF_MAPOUTLINETASKS
#define GEN_PASS_DEF_CONVERTMAPTOLLVM
#include "passes/LoweringPasses.h.inc"
} // namespace mapsafe

using namespace mlir;
using namespace mapsafe;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

static bool isMapLikeType(Type type) {
  return isa<map::MapType, map::MutexType, map::GroupType>(type);
}

std::string mapsafe::getSiteString(Location loc, StringRef fallback) {
  std::string site;
  loc->walk([&](Location inner) {
    if (auto file = dyn_cast<FileLineColLoc>(inner)) {
      site = (file.getFilename().getValue() + ":" + Twine(file.getLine()) +
              ":" + Twine(file.getColumn()))
                 .str();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return site.empty() ? fallback.str() : site;
}

/// The llvm.func `name` of `module`, if there is one, without scanning the
/// module per call: the functions the lowering declared or found are
/// remembered, the names the module had are collected once, and only a name
/// among those is looked up (a linear lookupSymbol per call made lowering
/// quadratic in the number of tasks).
static LLVM::LLVMFuncOp lookupFunc(MapLoweringState &state, ModuleOp module,
                                   StringRef name) {
  auto known = state.functions.find(name);
  if (known != state.functions.end())
    return known->second;
  if (!state.moduleSymbolsCollected) {
    for (Operation &op : module.getBody()->getOperations())
      if (auto symbol = dyn_cast<SymbolOpInterface>(op))
        state.moduleSymbols.insert(symbol.getName());
    state.moduleSymbolsCollected = true;
  }
  if (!state.moduleSymbols.contains(name))
    return nullptr;
  auto fn = module.lookupSymbol<LLVM::LLVMFuncOp>(name);
  if (fn)
    state.functions[name] = fn;
  return fn;
}

/// Declares runtime function `name` at the top of the module unless it is
/// already there.
static LLVM::LLVMFuncOp getOrInsertRuntimeFunc(OpBuilder &b, ModuleOp module,
                                               MapLoweringState &state,
                                               StringRef name, Type result,
                                               ArrayRef<Type> args) {
  if (auto fn = lookupFunc(state, module, name))
    return fn;
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(module.getBody());
  auto fn = LLVM::LLVMFuncOp::create(b, module.getLoc(), name,
                                     LLVM::LLVMFunctionType::get(result, args));
  state.functions[name] = fn;
  return fn;
}

namespace {
/// Builds calls into the runtime from inside a pattern or a plain rewrite.
struct RuntimeCalls {
  OpBuilder &b;
  ModuleOp module;
  Location loc;
  MapLoweringState &state;

  MLIRContext *ctx() { return module.getContext(); }
  Type ptr() { return LLVM::LLVMPointerType::get(ctx()); }
  Type i64() { return b.getI64Type(); }
  Type i32() { return b.getI32Type(); }
  Type i1() { return b.getI1Type(); }
  Type none() { return LLVM::LLVMVoidType::get(ctx()); }

  Value call(StringRef name, Type result, ArrayRef<Type> argTypes,
             ValueRange args) {
    auto fn = getOrInsertRuntimeFunc(b, module, state, name, result, argTypes);
    auto op = LLVM::CallOp::create(b, loc, fn, args);
    return isa<LLVM::LLVMVoidType>(result) ? Value() : op.getResult();
  }

  /// Address of the global constant holding `site` (NUL-terminated).
  Value site(StringRef text) {
    auto it = state.siteGlobals.find(text);
    std::string name;
    if (it != state.siteGlobals.end()) {
      name = it->second;
    } else {
      name = "__maprt_site_" + std::to_string(state.siteGlobals.size());
      state.siteGlobals[text] = name;
      OpBuilder::InsertionGuard guard(b);
      // In creation order, at the top of the module.
      if (state.lastSite)
        b.setInsertionPointAfter(state.lastSite);
      else
        b.setInsertionPointToStart(module.getBody());
      std::string data = text.str();
      data.push_back('\0');
      auto type = LLVM::LLVMArrayType::get(b.getI8Type(), data.size());
      state.lastSite = LLVM::GlobalOp::create(
          b, module.getLoc(), type, /*isConstant=*/true,
          LLVM::Linkage::Internal, name, b.getStringAttr(data),
          /*alignment=*/1);
    }
    return LLVM::AddressOfOp::create(b, loc, ptr(), name);
  }
  Value siteOf(Operation *op) {
    return site(getSiteString(op->getLoc(), op->getName().getStringRef()));
  }

  Value constI64(int64_t value) {
    return LLVM::ConstantOp::create(b, loc, i64(), b.getI64IntegerAttr(value));
  }

  /// A key or value (already of its LLVM type) as a 64-bit word.
  Value widen(Value v) {
    Type type = v.getType();
    if (type.isF64())
      return LLVM::BitcastOp::create(b, loc, i64(), v);
    if (type.isF32()) {
      v = LLVM::BitcastOp::create(b, loc, i32(), v);
      type = v.getType();
    }
    if (cast<IntegerType>(type).getWidth() < 64)
      return LLVM::ZExtOp::create(b, loc, i64(), v);
    return v;
  }

  /// A 64-bit word back as a key or value of LLVM type `type`.
  Value narrow(Value word, Type type) {
    if (type.isF64())
      return LLVM::BitcastOp::create(b, loc, type, word);
    if (type.isF32()) {
      Value bits = LLVM::TruncOp::create(b, loc, i32(), word);
      return LLVM::BitcastOp::create(b, loc, type, bits);
    }
    if (cast<IntegerType>(type).getWidth() < 64)
      return LLVM::TruncOp::create(b, loc, type, word);
    return word;
  }
};

/// Common base: access to the shared state and to runtime calls.
template <typename OpTy>
struct MapOpLowering : public ConvertOpToLLVMPattern<OpTy> {
  MapOpLowering(LLVMTypeConverter &converter, MapLoweringState &state)
      : ConvertOpToLLVMPattern<OpTy>(converter), state(state) {}

  RuntimeCalls rt(ConversionPatternRewriter &rewriter, Operation *op) const {
    return RuntimeCalls{rewriter, op->getParentOfType<ModuleOp>(), op->getLoc(),
                        state};
  }
  bool checked(Operation *op) const { return state.checked.contains(op); }
  /// Calls `name` (the unchecked runtime operation) with `args`, or, when
  /// the op is checked, `checkedName` (the same operation with its checks,
  /// in one call) with the op's site appended.
  Value access(RuntimeCalls &r, Operation *op, StringRef name,
               StringRef checkedName, Type result, ArrayRef<Type> argTypes,
               ValueRange args) const {
    if (!checked(op))
      return r.call(name, result, argTypes, args);
    SmallVector<Type> types(argTypes);
    types.push_back(r.ptr());
    SmallVector<Value> operands(args);
    operands.push_back(r.siteOf(op));
    return r.call(checkedName, result, types, operands);
  }
  std::pair<Value, Value> slots(Operation *op) const {
    Operation *fn = op->getParentOfType<FunctionOpInterface>();
    return state.slots.lookup(fn);
  }

  MapLoweringState &state;
};

//===----------------------------------------------------------------------===//
// Maps
//===----------------------------------------------------------------------===//

struct GlobalOpLowering : MapOpLowering<map::GlobalOp> {
  using MapOpLowering::MapOpLowering;
  LogicalResult
  matchAndRewrite(map::GlobalOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    state.mapGlobals.emplace_back(
        op.getSymName().str(),
        getSiteString(op.getLoc(), op.getSymName()));
    Type ptr = LLVM::LLVMPointerType::get(op.getContext());
    auto global = rewriter.replaceOpWithNewOp<LLVM::GlobalOp>(
        op, ptr, /*isConstant=*/false, LLVM::Linkage::Internal,
        op.getSymName(), Attribute());
    Block *init = rewriter.createBlock(&global.getInitializerRegion());
    rewriter.setInsertionPointToStart(init);
    Value null = LLVM::ZeroOp::create(rewriter, op.getLoc(), ptr);
    LLVM::ReturnOp::create(rewriter, op.getLoc(), null);
    return success();
  }
};

struct GetGlobalOpLowering : MapOpLowering<map::GetGlobalOp> {
  using MapOpLowering::MapOpLowering;
  LogicalResult
  matchAndRewrite(map::GetGlobalOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type ptr = LLVM::LLVMPointerType::get(op.getContext());
    Value addr =
        LLVM::AddressOfOp::create(rewriter, op.getLoc(), ptr, op.getName());
    rewriter.replaceOpWithNewOp<LLVM::LoadOp>(op, ptr, addr);
    return success();
  }
};

struct MakeOpLowering : MapOpLowering<map::MakeOp> {
  using MapOpLowering::MapOpLowering;
  LogicalResult
  matchAndRewrite(map::MakeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RuntimeCalls r = rt(rewriter, op);
    Value capacity = adaptor.getCapacity() ? adaptor.getCapacity()
                                           : r.constI64(0);
    Value m = r.call("maprt_map_make", r.ptr(), {r.i64(), r.ptr()},
                     {capacity, r.siteOf(op)});
    rewriter.replaceOp(op, m);
    return success();
  }
};

/// assign, delete, clear; checked: the write and its checks in one call.
template <typename OpTy>
struct WriteOpLowering : MapOpLowering<OpTy> {
  using MapOpLowering<OpTy>::MapOpLowering;
  using OpAdaptor = typename OpTy::Adaptor;
  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RuntimeCalls r = this->rt(rewriter, op);
    Value m = adaptor.getMap();
    if constexpr (std::is_same_v<OpTy, map::AssignOp>)
      this->access(r, op, "maprt_map_assign",
                   "maprt_checkmapconcurrentwrite_assign", r.none(),
                   {r.ptr(), r.i64(), r.i64()},
                   {m, r.widen(adaptor.getKey()), r.widen(adaptor.getValue())});
    else if constexpr (std::is_same_v<OpTy, map::DeleteOp>)
      this->access(r, op, "maprt_map_delete",
                   "maprt_checkmapconcurrentwrite_delete", r.none(),
                   {r.ptr(), r.i64()}, {m, r.widen(adaptor.getKey())});
    else
      this->access(r, op, "maprt_map_clear",
                   "maprt_checkmapconcurrentwrite_clear", r.none(), {r.ptr()},
                   {m});
    rewriter.eraseOp(op);
    return success();
  }
};

struct LookupOpLowering : MapOpLowering<map::LookupOp> {
  using MapOpLowering::MapOpLowering;
  LogicalResult
  matchAndRewrite(map::LookupOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value valueSlot = slots(op).second;
    if (!valueSlot)
      return rewriter.notifyMatchFailure(op, "no value slot in function");
    Type valueType = getTypeConverter()->convertType(op.getValue().getType());
    RuntimeCalls r = rt(rewriter, op);
    Value m = adaptor.getMap();
    Value found = access(r, op, "maprt_map_lookup", "maprt_checkmapread_lookup",
                         r.i1(), {r.ptr(), r.i64(), r.ptr()},
                         {m, r.widen(adaptor.getKey()), valueSlot});
    Value word = LLVM::LoadOp::create(rewriter, op.getLoc(), r.i64(), valueSlot);
    rewriter.replaceOp(op, {r.narrow(word, valueType), found});
    return success();
  }
};

struct LenOpLowering : MapOpLowering<map::LenOp> {
  using MapOpLowering::MapOpLowering;
  LogicalResult
  matchAndRewrite(map::LenOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RuntimeCalls r = rt(rewriter, op);
    Value m = adaptor.getMap();
    Value len = access(r, op, "maprt_map_len", "maprt_checkmapread_len",
                       r.i64(), {r.ptr()}, {m});
    rewriter.replaceOp(op, len);
    return success();
  }
};

/// map.range -> scf.while over the runtime iterator:
///   %it = maprt_map_iter_begin(%m)
///   scf.while : () -> (K, V) {
///     %ok = maprt_map_iter_next(%it, %kslot, %vslot)
///     scf.condition(%ok) <narrowed key>, <narrowed value>
///   } do { ^bb0(%k: K, %v: V): <range body> scf.yield }
///   maprt_map_iter_end(%it)
/// When checked, begin and next are maprt_checkmapiterate_begin/_next with
/// the site: as Go's mapiterinit, the check comes before the iterator
/// snapshots the table, and each step is checked as it runs.
struct RangeOpLowering : MapOpLowering<map::RangeOp> {
  using MapOpLowering::MapOpLowering;
  LogicalResult
  matchAndRewrite(map::RangeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto [keySlot, valueSlot] = slots(op);
    if (!keySlot)
      return rewriter.notifyMatchFailure(op, "no key/value slots in function");
    auto mapType = cast<map::MapType>(op.getMap().getType());
    Type keyType = mapType.getKeyType(), valueType = mapType.getValueType();
    Type llvmKey = getTypeConverter()->convertType(keyType);
    Type llvmValue = getTypeConverter()->convertType(valueType);
    Location loc = op.getLoc();
    RuntimeCalls r = rt(rewriter, op);
    Value m = adaptor.getMap();

    Value it = access(r, op, "maprt_map_iter_begin",
                      "maprt_checkmapiterate_begin", r.ptr(), {r.ptr()}, {m});
    auto loop = scf::WhileOp::create(rewriter, loc,
                                     TypeRange{keyType, valueType},
                                     ValueRange{});
    Block *before = rewriter.createBlock(&loop.getBefore());
    rewriter.setInsertionPointToStart(before);
    Value more = access(r, op, "maprt_map_iter_next",
                        "maprt_checkmapiterate_next", r.i1(),
                        {r.ptr(), r.ptr(), r.ptr()}, {it, keySlot, valueSlot});
    auto load = [&](Value slot, Type llvmType, Type type) -> Value {
      Value word = LLVM::LoadOp::create(rewriter, loc, r.i64(), slot);
      Value v = r.narrow(word, llvmType);
      if (llvmType != type)
        v = UnrealizedConversionCastOp::create(rewriter, loc, type, v)
                .getResult(0);
      return v;
    };
    Value key = load(keySlot, llvmKey, keyType);
    Value value = load(valueSlot, llvmValue, valueType);
    scf::ConditionOp::create(rewriter, loc, more, ValueRange{key, value});

    rewriter.inlineRegionBefore(op.getBody(), loop.getAfter(),
                                loop.getAfter().end());
    Operation *yield = loop.getAfter().front().getTerminator();
    rewriter.setInsertionPoint(yield);
    scf::YieldOp::create(rewriter, yield->getLoc());
    rewriter.eraseOp(yield);

    rewriter.setInsertionPointAfter(loop);
    r.call("maprt_map_iter_end", r.none(), {r.ptr()}, {it});
    rewriter.eraseOp(op);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Tasks, groups, mutexes
//===----------------------------------------------------------------------===//

/// A map.go whose body only calls a function with values from above (the
/// outlined form): returns the call.
static func::CallOp getOutlinedCall(map::GoOp op) {
  Block &body = op.getBody().front();
  if (body.getOperations().size() != 2)
    return nullptr;
  auto call = dyn_cast<func::CallOp>(body.front());
  if (!call || call.getNumResults() != 0)
    return nullptr;
  for (Value v : call.getOperands()) {
    Region *region = v.getParentRegion();
    if (region && op.getBody().isAncestor(region))
      return nullptr;
  }
  return call;
}

/// map.go %g { func.call @task(%a, %b) } ->
///   %env = malloc(sizeof {A, B}); store %a, %b into it
///   maprt_go(%g or null, @task.entry, %env)
/// with `llvm.func internal @task.entry(%env: !llvm.ptr)` loading the fields
/// and calling @task (the runtime frees the environment).
struct GoOpLowering : MapOpLowering<map::GoOp> {
  using MapOpLowering::MapOpLowering;
  LogicalResult
  matchAndRewrite(map::GoOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    func::CallOp call = getOutlinedCall(op);
    if (!call)
      return rewriter.notifyMatchFailure(op, "task body is not outlined");
    Location loc = op.getLoc();
    RuntimeCalls r = rt(rewriter, op);
    ModuleOp module = r.module;

    SmallVector<Value> captures(call.getOperands());
    SmallVector<Value> fields;
    SmallVector<Type> fieldTypes;
    for (Value v : captures) {
      Value converted = rewriter.getRemappedValue(v);
      if (!converted)
        return rewriter.notifyMatchFailure(op, "cannot convert a capture");
      Type type = getTypeConverter()->convertType(v.getType());
      if (!type || !LLVM::isCompatibleType(type))
        return rewriter.notifyMatchFailure(op, "capture has no LLVM type");
      if (converted.getType() != type)
        converted =
            UnrealizedConversionCastOp::create(rewriter, loc, type, converted)
                .getResult(0);
      fields.push_back(converted);
      fieldTypes.push_back(type);
    }
    auto envType = LLVM::LLVMStructType::getLiteral(op.getContext(),
                                                    fieldTypes);

    // The entry function, one per outlined task function.
    std::string entryName = (call.getCallee() + ".entry").str();
    auto entry = lookupFunc(state, module, entryName);
    if (!entry) {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToEnd(module.getBody());
      entry = LLVM::LLVMFuncOp::create(
          rewriter, loc, entryName,
          LLVM::LLVMFunctionType::get(r.none(), {r.ptr()}),
          LLVM::Linkage::Internal);
      Block *block =
          rewriter.createBlock(&entry.getBody(), {}, {r.ptr()}, {loc});
      rewriter.setInsertionPointToStart(block);
      Value env = block->getArgument(0);
      SmallVector<Value> args;
      for (auto [i, capture] : llvm::enumerate(captures)) {
        Value addr = LLVM::GEPOp::create(
            rewriter, loc, r.ptr(), envType, env,
            ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(i)});
        Value v = LLVM::LoadOp::create(rewriter, loc, fieldTypes[i], addr);
        // Maps, mutexes and groups are pointers already; other values go
        // back to their own type for the upstream conversions.
        if (v.getType() != capture.getType() &&
            !isMapLikeType(capture.getType()))
          v = UnrealizedConversionCastOp::create(rewriter, loc,
                                                 capture.getType(), v)
                  .getResult(0);
        args.push_back(v);
      }
      func::CallOp::create(rewriter, loc, call.getCalleeAttr(), TypeRange{},
                           args);
      LLVM::ReturnOp::create(rewriter, loc, ValueRange{});
      state.functions[entryName] = entry;
    }

    Value env;
    if (captures.empty()) {
      env = LLVM::ZeroOp::create(rewriter, loc, r.ptr());
    } else {
      Value null = LLVM::ZeroOp::create(rewriter, loc, r.ptr());
      Value end = LLVM::GEPOp::create(rewriter, loc, r.ptr(), envType, null,
                                      ArrayRef<LLVM::GEPArg>{1});
      Value size = LLVM::PtrToIntOp::create(rewriter, loc, r.i64(), end);
      env = r.call("malloc", r.ptr(), {r.i64()}, {size});
      for (auto [i, field] : llvm::enumerate(fields)) {
        Value addr = LLVM::GEPOp::create(
            rewriter, loc, r.ptr(), envType, env,
            ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(i)});
        LLVM::StoreOp::create(rewriter, loc, field, addr);
      }
    }
    Value group = adaptor.getGroup()
                      ? adaptor.getGroup()
                      : LLVM::ZeroOp::create(rewriter, loc, r.ptr()).getResult();
    Value fn = LLVM::AddressOfOp::create(rewriter, loc, entry);
    r.call("maprt_go", r.none(), {r.ptr(), r.ptr(), r.ptr()},
           {group, fn, env});
    rewriter.eraseOp(op);
    return success();
  }
};

/// Ops that are one runtime call: (operands) -> result.
template <typename OpTy>
struct CallLowering : MapOpLowering<OpTy> {
  CallLowering(LLVMTypeConverter &converter, MapLoweringState &state,
               StringRef callee)
      : MapOpLowering<OpTy>(converter, state), callee(callee) {}
  using OpAdaptor = typename OpTy::Adaptor;
  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RuntimeCalls r = this->rt(rewriter, op);
    SmallVector<Type> argTypes(adaptor.getOperands().size(), r.ptr());
    Type result = op->getNumResults() ? r.ptr() : r.none();
    Value v = r.call(callee, result, argTypes, adaptor.getOperands());
    if (v)
      rewriter.replaceOp(op, v);
    else
      rewriter.eraseOp(op);
    return success();
  }
  std::string callee;
};

//===----------------------------------------------------------------------===//
// Map values through ops of other dialects
//===----------------------------------------------------------------------===//

struct SelectOpTypeConversion : OpConversionPattern<arith::SelectOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(arith::SelectOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<arith::SelectOp>(
        op, adaptor.getCondition(), adaptor.getTrueValue(),
        adaptor.getFalseValue());
    return success();
  }
};
/// func.func signatures and the arguments of all its blocks (the upstream
/// FunctionOpInterface pattern converts only the entry block's).
struct FuncTypeConversion : OpConversionPattern<func::FuncOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(func::FuncOp fn, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    const TypeConverter &converter = *getTypeConverter();
    FunctionType type = fn.getFunctionType();
    TypeConverter::SignatureConversion signature(type.getNumInputs());
    SmallVector<Type> results;
    if (failed(converter.convertSignatureArgs(type.getInputs(), signature)) ||
        failed(converter.convertTypes(type.getResults(), results)))
      return failure();
    if (!fn.isExternal() &&
        failed(rewriter.convertRegionTypes(&fn.getBody(), converter,
                                           &signature)))
      return failure();
    rewriter.modifyOpInPlace(fn, [&] {
      fn.setType(FunctionType::get(fn.getContext(),
                                   signature.getConvertedTypes(), results));
    });
    return success();
  }
};

struct BranchTypeConversion : OpConversionPattern<cf::BranchOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(cf::BranchOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<cf::BranchOp>(op, op.getDest(),
                                              adaptor.getDestOperands());
    return success();
  }
};

struct CondBranchTypeConversion : OpConversionPattern<cf::CondBranchOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(cf::CondBranchOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<cf::CondBranchOp>(
        op, adaptor.getCondition(), op.getTrueDest(),
        adaptor.getTrueDestOperands(), op.getFalseDest(),
        adaptor.getFalseDestOperands());
    return success();
  }
};
} // namespace

void mapsafe::populateMapToLLVMTypeConversions(TypeConverter &converter) {
  converter.addConversion([](Type type) -> std::optional<Type> {
    if (isMapLikeType(type))
      return LLVM::LLVMPointerType::get(type.getContext());
    return std::nullopt;
  });
}

void mapsafe::populateMapToLLVMConversionPatterns(
    LLVMTypeConverter &converter, RewritePatternSet &patterns,
    MapLoweringState &state) {
  patterns.add<GlobalOpLowering, GetGlobalOpLowering, MakeOpLowering,
               WriteOpLowering<map::AssignOp>, WriteOpLowering<map::DeleteOp>,
               WriteOpLowering<map::ClearOp>, LookupOpLowering, LenOpLowering,
               RangeOpLowering, GoOpLowering>(converter, state);
  patterns.add<CallLowering<map::MutexOp>>(converter, state,
                                           "maprt_mutex_make");
  patterns.add<CallLowering<map::LockOp>>(converter, state,
                                          "maprt_mutex_lock");
  patterns.add<CallLowering<map::UnlockOp>>(converter, state,
                                            "maprt_mutex_unlock");
  patterns.add<CallLowering<map::RLockOp>>(converter, state,
                                           "maprt_mutex_rlock");
  patterns.add<CallLowering<map::RUnlockOp>>(converter, state,
                                             "maprt_mutex_runlock");
  patterns.add<CallLowering<map::GroupOp>>(converter, state,
                                           "maprt_group_make");
  patterns.add<CallLowering<map::WaitOp>>(converter, state, "maprt_wait");
}

//===----------------------------------------------------------------------===//
// Task outlining
//===----------------------------------------------------------------------===//

void mapsafe::outlineMapTasks(ModuleOp module) {
  // Linear in the size of the module, however many tasks share a captured
  // value and however deep they nest (docs/reliability.md, finding 3): each
  // body is walked once to find its captures, and only the uses found there
  // are rewritten (never a captured value's whole use list); the enclosing
  // function of each task is found in one walk rather than per task.
  SymbolTable symbols(module);
  SmallVector<map::GoOp> tasks;
  // Post-order: inner tasks are outlined before the tasks containing them,
  // whose captures then include what the inner call needs.
  module.walk([&](map::GoOp op) { tasks.push_back(op); });
  llvm::DenseMap<Operation *, func::FuncOp> enclosingFunc;
  module.walk([&](func::FuncOp fn) {
    fn.walk([&](map::GoOp op) { enclosingFunc[op] = fn; });
  });
  llvm::DenseMap<Operation *, unsigned> counters;
  llvm::SmallPtrSet<Region *, 8> inside;
  // Captured value -> its argument (environment slot) number.
  llvm::DenseMap<Value, unsigned> slotOf;
  SmallVector<Value> captured;
  SmallVector<std::pair<OpOperand *, unsigned>> captureUses;
  for (map::GoOp op : tasks) {
    if (getOutlinedCall(op))
      continue;
    func::FuncOp parent = enclosingFunc.lookup(op);
    Operation *anchor = parent ? parent.getOperation()
                               : op->getParentWithTrait<OpTrait::SymbolTable>();
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();

    // The values the body uses but does not define, in the order of
    // getUsedValuesDefinedAbove (first use in a post-order walk). Inner
    // tasks are outlined already, so the body is small.
    inside.clear();
    slotOf.clear();
    captured.clear();
    captureUses.clear();
    inside.insert(&op.getBody());
    op.getBody().walk([&](Operation *inner) {
      for (Region &region : inner->getRegions())
        inside.insert(&region);
    });
    op.getBody().walk([&](Operation *inner) {
      for (OpOperand &use : inner->getOpOperands()) {
        Value v = use.get();
        if (inside.contains(v.getParentRegion()))
          continue;
        auto [it, added] = slotOf.try_emplace(v, captured.size());
        if (added)
          captured.push_back(v);
        captureUses.emplace_back(&use, it->second);
      }
    });
    SmallVector<Type> types;
    for (Value v : captured)
      types.push_back(v.getType());

    std::string name =
        ((parent ? parent.getSymName() : StringRef("map")) + "_task" +
         Twine(counters[anchor]++))
            .str();
    OpBuilder detached(ctx);
    auto fn = func::FuncOp::create(detached, loc, name,
                                   FunctionType::get(ctx, types, {}));
    fn.setPrivate();
    if (parent && parent->hasAttr(map::MapDialect::kNoRaceAttrName))
      fn->setAttr(map::MapDialect::kNoRaceAttrName, UnitAttr::get(ctx));
    if (parent)
      symbols.insert(fn, std::next(Block::iterator(parent)));
    else
      symbols.insert(fn);

    fn.getBody().takeBody(op.getBody());
    Block &entry = fn.getBody().front();
    SmallVector<BlockArgument> args;
    for (auto [v, type] : llvm::zip(captured, types))
      args.push_back(entry.addArgument(type, v.getLoc()));
    for (auto [use, index] : captureUses)
      use->set(args[index]);
    Operation *yield = entry.getTerminator();
    OpBuilder b(yield);
    func::ReturnOp::create(b, yield->getLoc());
    yield->erase();

    Block *body = new Block();
    op.getBody().push_back(body);
    b.setInsertionPointToStart(body);
    func::CallOp::create(b, loc, fn, captured);
    map::YieldOp::create(b, loc);
  }
}

namespace {
struct MapOutlineTasksPass
    : public mapsafe::impl::MapOutlineTasksBase<MapOutlineTasksPass> {
  void runOnOperation() override { outlineMapTasks(getOperation()); }
};
} // namespace

//===----------------------------------------------------------------------===//
// The conversion pass
//===----------------------------------------------------------------------===//

/// Whether `map` obviously comes from a `nocheck` map.make or map.global.
static bool isObviouslyNoCheck(Value map, SymbolTable &symbols) {
  Operation *def = map.getDefiningOp();
  if (auto make = dyn_cast_or_null<map::MakeOp>(def))
    return make.getNocheck();
  if (auto get = dyn_cast_or_null<map::GetGlobalOp>(def))
    if (auto global = symbols.lookup<map::GlobalOp>(get.getName()))
      return global.getNocheck();
  return false;
}

static Value getAccessedMap(Operation *op) {
  return TypeSwitch<Operation *, Value>(op)
      .Case<map::AssignOp, map::DeleteOp, map::ClearOp, map::LookupOp,
            map::LenOp, map::RangeOp>([](auto access) { return access.getMap(); })
      .Default([](Operation *) { return Value(); });
}

namespace {
struct ConvertMapToLLVMPass
    : public mapsafe::impl::ConvertMapToLLVMBase<ConvertMapToLLVMPass> {
  using ConvertMapToLLVMBase::ConvertMapToLLVMBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    if (checks != "none" && checks != "all" && checks != "unproven") {
      module.emitError() << "convert-map-to-llvm: unknown checks mode '"
                         << checks << "' (expected none, all or unproven)";
      return signalPassFailure();
    }

    MapLoweringState state;
    planChecks(module, state);
    outlineMapTasks(module);
    lowerMainReturns(module, state);
    addSlots(module, state);

    LLVMTypeConverter converter(ctx);
    populateMapToLLVMTypeConversions(converter);
    // Map values crossing func/scf/cf/arith.select only change type: keep
    // everything else as it is for the upstream conversions that follow.
    TypeConverter mapOnly;
    mapOnly.addConversion([](Type type) { return type; });
    populateMapToLLVMTypeConversions(mapOnly);
    auto cast = [](OpBuilder &b, Type type, ValueRange inputs,
                   Location loc) -> Value {
      return UnrealizedConversionCastOp::create(b, loc, type, inputs)
          .getResult(0);
    };
    mapOnly.addSourceMaterialization(cast);
    mapOnly.addTargetMaterialization(cast);

    ConversionTarget target(*ctx);
    target.addIllegalDialect<map::MapDialect>();
    target.addLegalDialect<LLVM::LLVMDialect, arith::ArithDialect,
                           func::FuncDialect, scf::SCFDialect>();
    target.addLegalOp<ModuleOp, UnrealizedConversionCastOp>();
    target.addDynamicallyLegalDialect<cf::ControlFlowDialect>(
        [&](Operation *op) { return mapOnly.isLegal(op); });
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp fn) {
      if (!mapOnly.isSignatureLegal(fn.getFunctionType()))
        return false;
      for (Block &block : fn.getBody())
        for (Type type : block.getArgumentTypes())
          if (!mapOnly.isLegal(type))
            return false;
      return true;
    });
    target.addDynamicallyLegalOp<func::CallOp, func::ReturnOp,
                                 arith::SelectOp>(
        [&](Operation *op) { return mapOnly.isLegal(op); });
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });

    RewritePatternSet patterns(ctx);
    populateMapToLLVMConversionPatterns(converter, patterns, state);
    patterns.add<FuncTypeConversion>(mapOnly, ctx);
    populateCallOpTypeConversionPattern(patterns, mapOnly);
    populateReturnOpTypeConversionPattern(patterns, mapOnly);
    scf::populateSCFStructuralTypeConversionsAndLegality(mapOnly, patterns,
                                                         target);
    patterns.add<SelectOpTypeConversion, BranchTypeConversion,
                 CondBranchTypeConversion>(mapOnly, ctx);

    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      return signalPassFailure();
    initGlobals(module, state);
    // map.norace has been honoured; func-to-llvm would carry it onto
    // llvm.func, where the dialect rejects it.
    module.walk([](func::FuncOp fn) {
      fn->removeAttr(map::MapDialect::kNoRaceAttrName);
    });
  }

  /// Fills state.checked according to the `checks` mode.
  void planChecks(ModuleOp module, MapLoweringState &state) {
    if (checks == "none")
      return;
    const OwnershipAnalysis *analysis = nullptr;
    if (checks == "unproven")
      analysis = &getAnalysis<OwnershipAnalysis>();
    SymbolTable symbols(module);
    // Pre-order, so that map.norace functions are skipped whole (asking each
    // access for its function is quadratic in the depth of nested tasks).
    module.walk<WalkOrder::PreOrder>([&](Operation *op) {
      if (isa<func::FuncOp>(op) &&
          op->hasAttr(map::MapDialect::kNoRaceAttrName))
        return WalkResult::skip();
      Value m = getAccessedMap(op);
      // nocheck maps are recognised where the map value comes straight from
      // their map.make/map.global (the analysis traces them further).
      if (!m || isObviouslyNoCheck(m, symbols))
        return WalkResult::advance();
      if (!analysis || analysis->needsRuntimeCheck(op))
        state.checked.insert(op);
      return WalkResult::advance();
    });
  }

  /// Returning from @main ends the program, as in Go: each return first
  /// calls maprt_main_exit(status), which does not wait for tasks.
  void lowerMainReturns(ModuleOp module, MapLoweringState &state) {
    auto main = module.lookupSymbol<func::FuncOp>("main");
    if (!main || main.isExternal())
      return;
    OpBuilder b(module.getContext());
    main.walk([&](func::ReturnOp ret) {
      b.setInsertionPoint(ret);
      RuntimeCalls r{b, module, ret.getLoc(), state};
      Value status;
      if (ret.getNumOperands() == 1 && ret.getOperand(0).getType().isInteger(32))
        status = ret.getOperand(0);
      else
        status = LLVM::ConstantOp::create(b, ret.getLoc(), r.i32(),
                                          b.getI32IntegerAttr(0));
      r.call("maprt_main_exit", r.none(), {r.i32()}, {status});
    });
  }

  /// Two i64 stack slots at the entry of each function that looks keys or
  /// values up (allocas in the entry block, so loops don't grow the stack).
  void addSlots(ModuleOp module, MapLoweringState &state) {
    OpBuilder b(module.getContext());
    module.walk([&](func::FuncOp fn) {
      if (fn.isExternal())
        return;
      bool needs = false;
      fn.walk([&](Operation *op) {
        if (isa<map::LookupOp, map::RangeOp>(op))
          needs = true;
      });
      if (!needs)
        return;
      b.setInsertionPointToStart(&fn.getBody().front());
      Location loc = fn.getLoc();
      Type ptr = LLVM::LLVMPointerType::get(b.getContext());
      Value one = LLVM::ConstantOp::create(b, loc, b.getI64Type(),
                                           b.getI64IntegerAttr(1));
      Value key = LLVM::AllocaOp::create(b, loc, ptr, b.getI64Type(), one, 8);
      Value value =
          LLVM::AllocaOp::create(b, loc, ptr, b.getI64Type(), one, 8);
      state.slots[fn] = {key, value};
    });
  }

  /// Makes every map global at program start: first thing in @main when
  /// there is one (after the runtime's own initialisers, whatever the link
  /// order), else from a global constructor.
  void initGlobals(ModuleOp module, MapLoweringState &state) {
    if (state.mapGlobals.empty())
      return;
    MLIRContext *ctx = module.getContext();
    OpBuilder b(ctx);
    Location loc = module.getLoc();
    b.setInsertionPointToEnd(module.getBody());
    auto init = LLVM::LLVMFuncOp::create(
        b, loc, "__maprt_globals_init",
        LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx), {}),
        LLVM::Linkage::Internal);
    b.setInsertionPointToStart(init.addEntryBlock(b));
    RuntimeCalls r{b, module, loc, state};
    for (auto &[name, site] : state.mapGlobals) {
      Value m = r.call("maprt_map_make", r.ptr(), {r.i64(), r.ptr()},
                       {r.constI64(0), r.site(site)});
      Value addr = LLVM::AddressOfOp::create(b, loc, r.ptr(), name);
      LLVM::StoreOp::create(b, loc, m, addr);
    }
    LLVM::ReturnOp::create(b, loc, ValueRange{});

    auto main = module.lookupSymbol<func::FuncOp>("main");
    if (main && !main.isExternal()) {
      b.setInsertionPointToStart(&main.getBody().front());
      LLVM::CallOp::create(b, loc, init, ValueRange{});
      return;
    }
    b.setInsertionPointToEnd(module.getBody());
    LLVM::GlobalCtorsOp::create(
        b, loc, b.getArrayAttr(FlatSymbolRefAttr::get(init)),
        b.getI32ArrayAttr({65535}), b.getArrayAttr(LLVM::ZeroAttr::get(ctx)));
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// The pipeline
//===----------------------------------------------------------------------===//

void mapsafe::buildMapToLLVMPipeline(OpPassManager &pm, StringRef checks) {
  ConvertMapToLLVMOptions options;
  options.checks = checks.str();
  pm.addPass(createConvertMapToLLVM(options));
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

namespace {
struct MapToLLVMPipelineOptions
    : public PassPipelineOptions<MapToLLVMPipelineOptions> {
  Option<std::string> checks{
      *this, "checks",
      llvm::cl::desc("where to insert runtime race checks: none, all or "
                     "unproven"),
      llvm::cl::init("unproven")};
};
} // namespace

void mapsafe::registerMapToLLVMPipeline() {
  PassPipelineRegistration<MapToLLVMPipelineOptions>(
      "map-to-llvm-pipeline",
      "lower a map program (map, func, arith, scf, cf, scalar memref) to the "
      "LLVM dialect, ready for translation to LLVM IR",
      [](OpPassManager &pm, const MapToLLVMPipelineOptions &options) {
        buildMapToLLVMPipeline(pm, options.checks);
      });
}
