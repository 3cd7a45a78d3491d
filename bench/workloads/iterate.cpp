//===- iterate.cpp - std::unordered_map iteration workload ------*- C++ -*-===//
//
// The twin of iterate.mlir: N keys assigned, eight range-for passes summing
// key xor value.
//
//===----------------------------------------------------------------------===//
#include "common.h"

int main() {
  uint64_t n = benchSize();
  Map m;
  MAPBENCH_ESCAPE(m);
  for (uint64_t i = 0; i < n; i++)
    m[mix(i)] = i;
  uint64_t sum = 0;
  for (int r = 0; r < 8; r++)
    for (const auto &kv : m)
      sum += kv.first ^ kv.second;
  printChecksum(sum);
  return 0;
}
