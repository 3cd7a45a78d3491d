#!/usr/bin/env python3
"""Generates the verifier's scaling workload.

A module of N task functions, each started as a task from @main and each
touching one shared `concurrent` map under one mutex: the verifier must prove
every pair protected, which a pairwise check would do in N^2. Each function
also does some arithmetic and private-map work so that the module has about
50 operations per function (N = 20000 gives about a million).

Usage: gen_module.py N [--racy] > module.mlir
  --racy  the last task forgets the lock: exactly one error is expected.
"""
import argparse

parser = argparse.ArgumentParser()
parser.add_argument("n", type=int)
parser.add_argument("--racy", action="store_true")
args = parser.parse_args()

out = []
emit = out.append
emit("map.global @shared {concurrent} : !map.map<i64, i64>")
for i in range(args.n):
    locked = not (args.racy and i == args.n - 1)
    emit(f"func.func private @task{i}(%mu: !map.mutex, %k: i64) {{")
    emit("  %m = map.get_global @shared : !map.map<i64, i64>")
    emit("  %own = map.make : !map.map<i64, i64>")
    emit("  %c1 = arith.constant 1 : i64")
    emit(f"  %c{i}x = arith.constant {i} : i64")
    prev = "%k"
    for j in range(8):
        emit(f"  %a{j} = arith.addi {prev}, %c1 : i64")
        emit(f"  %b{j} = arith.muli %a{j}, %c{i}x : i64")
        emit(f"  map.assign %b{j}, %own[%a{j}] : !map.map<i64, i64>")
        emit(f"  %v{j}, %f{j} = map.lookup %own[%a{j}] : !map.map<i64, i64>")
        prev = f"%v{j}"
    if locked:
        emit("  map.lock %mu")
    emit(f"  %old, %found = map.lookup %m[{prev}] : !map.map<i64, i64>")
    emit("  %new = arith.addi %old, %c1 : i64")
    emit(f"  map.assign %new, %m[{prev}] : !map.map<i64, i64>")
    if locked:
        emit("  map.unlock %mu")
    emit("  return")
    emit("}")
emit("func.func @main() -> i32 {")
emit("  %mu = map.mutex")
emit("  %g = map.group")
emit("  %k = arith.constant 3 : i64")
for i in range(args.n):
    emit("  map.go %g {")
    emit(f"    func.call @task{i}(%mu, %k) : (!map.mutex, i64) -> ()")
    emit("    map.yield")
    emit("  }")
emit("  map.wait %g")
emit("  %m = map.get_global @shared : !map.map<i64, i64>")
emit("  %n = map.len %m : !map.map<i64, i64>")
emit("  %z = arith.constant 0 : i32")
emit("  return %z : i32")
emit("}")
print("\n".join(out))
