//===- DialectTest.cpp - map dialect through the C++ API ------------------===//
//
// Builds and inspects map IR the way an embedding pipeline would: types
// parsed and printed, ops created with OpTy::create, effects queried.
//
//===----------------------------------------------------------------------===//
#include "dialect/MapOps.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace mapsafe::map;

namespace {
class MapDialectTest : public ::testing::Test {
protected:
  MapDialectTest() {
    context.loadDialect<MapDialect, func::FuncDialect, arith::ArithDialect>();
  }
  std::string print(Type type) {
    std::string text;
    llvm::raw_string_ostream os(text);
    type.print(os);
    return text;
  }
  MLIRContext context;
};

TEST_F(MapDialectTest, MapTypeParsesAndPrints) {
  Type type = parseType("!map.map<i64, f64>", &context);
  auto mapType = dyn_cast_or_null<MapType>(type);
  ASSERT_TRUE(mapType);
  EXPECT_TRUE(mapType.getKeyType().isInteger(64));
  EXPECT_TRUE(mapType.getValueType().isF64());
  EXPECT_EQ(print(mapType), "!map.map<i64, f64>");
  EXPECT_EQ(print(MutexType::get(&context)), "!map.mutex");
  EXPECT_EQ(print(GroupType::get(&context)), "!map.group");
}

TEST_F(MapDialectTest, MapTypeRejectsBadKeysAndValues) {
  std::string message;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    message = diag.str();
    return success();
  });
  auto loc = UnknownLoc::get(&context);
  auto emit = [&] { return emitError(loc); };
  Builder b(&context);
  EXPECT_FALSE(MapType::getChecked(emit, &context, Type(b.getF32Type()),
                                   Type(b.getI64Type())));
  EXPECT_NE(message.find("map key type"), std::string::npos) << message;
  EXPECT_FALSE(MapType::getChecked(emit, &context, Type(b.getI64Type()),
                                   Type(b.getIntegerType(128))));
  EXPECT_NE(message.find("map value type"), std::string::npos) << message;
  EXPECT_TRUE(MapType::getChecked(emit, &context, Type(b.getIndexType()),
                                  Type(b.getF32Type())));
}

TEST_F(MapDialectTest, BuildsAndVerifiesAProgram) {
  OpBuilder b(&context);
  Location loc = b.getUnknownLoc();
  auto module = ModuleOp::create(loc);
  b.setInsertionPointToEnd(module.getBody());
  auto func = func::FuncOp::create(b, loc, "f",
                                   b.getFunctionType({b.getI64Type()}, {}));
  Block *entry = func.addEntryBlock();
  b.setInsertionPointToEnd(entry);
  auto mapType = MapType::get(&context, b.getI64Type(), b.getI64Type());
  Value key = entry->getArgument(0);
  auto make = MakeOp::create(b, loc, mapType, /*capacity=*/Value(),
                             /*concurrent=*/true, /*nocheck=*/false);
  auto assign = AssignOp::create(b, loc, key, make.getMap(), key);
  auto lookup = LookupOp::create(b, loc, b.getI64Type(), b.getI1Type(),
                                 make.getMap(), key);
  func::ReturnOp::create(b, loc);
  ASSERT_TRUE(succeeded(verify(module)));
  EXPECT_TRUE(make.getConcurrent());

  // Writes and reads act on the map heap, so CSE and LICM see the order.
  auto writes = [](Operation *op) {
    SmallVector<MemoryEffects::EffectInstance> effects;
    cast<MemoryEffectOpInterface>(op).getEffects(effects);
    return llvm::any_of(effects, [](auto &effect) {
      return isa<MemoryEffects::Write>(effect.getEffect()) &&
             isa<MapHeapResource>(effect.getResource());
    });
  };
  EXPECT_TRUE(writes(assign));
  EXPECT_FALSE(writes(lookup));
  module->destroy();
}
} // namespace
