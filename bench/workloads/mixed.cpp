//===- mixed.cpp - mixed std::unordered_map workload with erase -*- C++ -*-===//
//
// The twin of mixed.mlir: N keys assigned, then 2N steps cycling through
// erase / insert / lookup / lookup; checksum = values read + final size.
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
  for (uint64_t i = 0; i < 2 * n; i++) {
    switch (i % 4) {
    case 0:
      m.erase(mix(i));
      break;
    case 1:
      m[mix(i + n)] = i;
      break;
    default: {
      auto it = m.find(mix(i >> 1));
      if (it != m.end())
        sum += it->second;
    }
    }
  }
  printChecksum(sum + m.size());
  return 0;
}
