//===- insert.cpp - insert-heavy std::unordered_map workload ----*- C++ -*-===//
//
// The twin of insert.mlir: N fresh keys assigned, then every 64th key read
// back; checksum = len + the sampled values.
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
  for (uint64_t i = 0; i < n; i += 64) {
    auto it = m.find(mix(i));
    if (it != m.end())
      sum += it->second;
  }
  printChecksum(sum + m.size());
  return 0;
}
