//===- OwnershipAnalysisTest.cpp - OwnershipAnalysis through its API ------===//
//
// What the lowering asks (needsRuntimeCheck) and what the verifier reads
// (findings), on small modules whose accesses carry a `tag` attribute.
//
//===----------------------------------------------------------------------===//
#include "dialect/MapOps.h"
#include "passes/OwnershipAnalysis.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace mlir;

namespace {
class OwnershipAnalysisTest : public ::testing::Test {
protected:
  OwnershipAnalysisTest() {
    context.loadDialect<mapsafe::map::MapDialect, func::FuncDialect,
                        arith::ArithDialect, scf::SCFDialect>();
    context.allowUnregisteredDialects();
  }
  void parse(StringRef text) {
    module = parseSourceString<ModuleOp>(text, &context);
    ASSERT_TRUE(module);
    analysis.emplace(*module);
  }
  Operation *tagged(StringRef tag) {
    Operation *found = nullptr;
    module->walk([&](Operation *op) {
      if (auto attr = op->getAttrOfType<StringAttr>("tag"))
        if (attr.getValue() == tag)
          found = op;
    });
    EXPECT_TRUE(found) << "no op tagged " << tag.str();
    return found;
  }
  MLIRContext context;
  OwningOpRef<ModuleOp> module;
  std::optional<mapsafe::OwnershipAnalysis> analysis;
};

TEST_F(OwnershipAnalysisTest, ChecksOnlyWhereTheProofFails) {
  parse(R"mlir(
    func.func @main() -> i32 {
      %k = arith.constant 1 : i64
      %shared = map.make : !map.map<i64, i64>
      %locked = map.make : !map.map<i64, i64>
      %mu = map.mutex
      map.go {
        %own = map.make : !map.map<i64, i64>
        map.assign %k, %own[%k] {tag = "private"} : !map.map<i64, i64>
        map.assign %k, %shared[%k] {tag = "racy"} : !map.map<i64, i64>
        map.lock %mu
        map.assign %k, %locked[%k] {tag = "locked"} : !map.map<i64, i64>
        map.unlock %mu
        map.yield
      }
      %v, %ok = map.lookup %shared[%k] {tag = "racy-read"} : !map.map<i64, i64>
      map.lock %mu
      map.delete %locked[%k] {tag = "locked-main"} : !map.map<i64, i64>
      map.unlock %mu
      %z = arith.constant 0 : i32
      return %z : i32
    })mlir");
  EXPECT_FALSE(analysis->needsRuntimeCheck(tagged("private")));
  EXPECT_TRUE(analysis->needsRuntimeCheck(tagged("racy")));
  EXPECT_TRUE(analysis->needsRuntimeCheck(tagged("racy-read")));
  EXPECT_FALSE(analysis->needsRuntimeCheck(tagged("locked")));
  EXPECT_FALSE(analysis->needsRuntimeCheck(tagged("locked-main")));
  ASSERT_EQ(analysis->getConflicts().size(), 1u);
  const mapsafe::ConflictFinding &c = analysis->getConflicts().front();
  EXPECT_EQ(c.kind, mapsafe::ConflictFinding::Kind::ReadWrite);
  EXPECT_FALSE(c.concurrent);
}

TEST_F(OwnershipAnalysisTest, EscapedAndUnreachedKeepChecksNocheckNever) {
  parse(R"mlir(
    func.func private @unreached(%c: i1, %k: i64) {
      %a = map.make {nocheck} : !map.map<i64, i64>
      %b = map.make {nocheck} : !map.map<i64, i64>
      %s = arith.select %c, %a, %b : !map.map<i64, i64>
      map.assign %k, %s[%k] {tag = "trusted"} : !map.map<i64, i64>
      %m = map.make : !map.map<i64, i64>
      map.assign %k, %m[%k] {tag = "unreached"} : !map.map<i64, i64>
      return
    }
    func.func @main() -> i32 {
      %k = arith.constant 1 : i64
      %m = map.make {concurrent} : !map.map<i64, i64>
      "test.opaque"(%m) : (!map.map<i64, i64>) -> ()
      map.assign %k, %m[%k] {tag = "escaped"} : !map.map<i64, i64>
      %z = arith.constant 0 : i32
      return %z : i32
    })mlir");
  EXPECT_FALSE(analysis->needsRuntimeCheck(tagged("trusted")));
  EXPECT_TRUE(analysis->needsRuntimeCheck(tagged("unreached")));
  EXPECT_TRUE(analysis->needsRuntimeCheck(tagged("escaped")));
  ASSERT_EQ(analysis->getEscapes().size(), 1u);
  EXPECT_TRUE(analysis->getEscapes().front().concurrent);
  EXPECT_EQ(analysis->getEscapes().front().user->getName().getStringRef(),
            "test.opaque");
}

TEST_F(OwnershipAnalysisTest, CalleeAccessesAreCheckedThroughTheirCall) {
  parse(R"mlir(
    func.func private @put(%m: !map.map<i64, i64>, %k: i64) {
      map.assign %k, %m[%k] {tag = "callee"} : !map.map<i64, i64>
      return
    }
    func.func @main() -> i32 {
      %k = arith.constant 1 : i64
      %m = map.make {concurrent} : !map.map<i64, i64>
      %g = map.group
      map.go %g {
        func.call @put(%m, %k) {tag = "call"} : (!map.map<i64, i64>, i64) -> ()
        map.yield
      }
      map.wait %g
      map.assign %k, %m[%k] {tag = "after-wait"} : !map.map<i64, i64>
      map.go {
        func.call @put(%m, %k) : (!map.map<i64, i64>, i64) -> ()
        map.yield
      }
      func.call @put(%m, %k) : (!map.map<i64, i64>, i64) -> ()
      %z = arith.constant 0 : i32
      return %z : i32
    })mlir");
  EXPECT_TRUE(analysis->needsRuntimeCheck(tagged("callee")));
  EXPECT_FALSE(analysis->needsRuntimeCheck(tagged("after-wait")));
  ASSERT_EQ(analysis->getConflicts().size(), 1u);
  const mapsafe::ConflictFinding &c = analysis->getConflicts().front();
  EXPECT_TRUE(c.concurrent);
  EXPECT_TRUE(isa<func::CallOp>(c.at));
  EXPECT_EQ(c.atOrigin, tagged("callee"));
}
} // namespace
