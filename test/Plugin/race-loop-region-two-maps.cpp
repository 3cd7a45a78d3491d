// A race on the second container of a two-container loop region
// (docs/plugin.md, "Loop regions"): one thread copies lookups of `table`
// into its own `out` in a loop (a read region on table, a write region on
// out), the other fills `table` in a loop (a write region). The read
// region must claim table as a one-container region would, and the report
// names both calls' sites. At -O0 and -O2.
//
// RUN: %map_clangxx -O0 -g %s -o %t0
// RUN: %race --expect read -- %t0 | FileCheck %s
// RUN: %map_clangxx -O2 -g %s -o %t2
// RUN: %race --expect read -- %t2 | FileCheck %s
// CHECK: fatal error: concurrent map read and map write
// CHECK-DAG: read at {{.*}}race-loop-region-two-maps.cpp:[[@LINE+14]]:{{[0-9]+}}
// CHECK-DAG: write at {{.*}}race-loop-region-two-maps.cpp:[[@LINE+23]]:{{[0-9]+}}
#include <chrono>
#include <thread>
#include <unordered_map>

const auto deadline =
    std::chrono::steady_clock::now() + std::chrono::milliseconds(1500);
bool running() { return std::chrono::steady_clock::now() < deadline; }

std::unordered_map<int, int> table, out;

void copyLookups() {
  for (int i = 0; i < 1000; i++)
    out[i % 64] = table.count(i % 64);
}

int main() {
  std::thread t([] {
    while (running())
      copyLookups();
  });
  while (running())
    for (int i = 0; i < 1000; i++)
      table[i % 64] = i;
  t.join();
  return 0;
}
