//===- lookup.cpp - lookup-heavy std::unordered_map workload ----*- C++ -*-===//
//
// The twin of lookup.mlir: N keys assigned, four rounds of N lookups of
// which half hit; checksum = the sum of the values found.
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
  for (int r = 0; r < 4; r++)
    for (uint64_t i = 0; i < n; i++) {
      auto it = m.find(mix(i * 2));
      if (it != m.end())
        sum += it->second;
    }
  printChecksum(sum);
  return 0;
}
