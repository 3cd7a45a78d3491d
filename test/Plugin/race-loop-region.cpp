// Races between loop regions (docs/plugin.md, "Loop regions"): one thread
// fills a member map through `this` in a loop (one write region on
// `this` + the member's offset), the other looks the same map up through
// the global in a loop (one read region on the global's address). Both
// regions must key the runtime on the same address, and the report names
// the two calls' sites. At -O0 and -O2.
//
// RUN: %map_clangxx -O0 -g %s -o %t0
// RUN: %race --expect read -- %t0 | FileCheck %s
// RUN: %map_clangxx -O2 -g %s -o %t2
// RUN: %race --expect read -- %t2 | FileCheck %s
// CHECK: fatal error: concurrent map read and map write
// CHECK-DAG: read at {{.*}}race-loop-region.cpp:[[@LINE+28]]:{{[0-9]+}}
// CHECK-DAG: write at {{.*}}race-loop-region.cpp:[[@LINE+14]]:{{[0-9]+}}
#include <chrono>
#include <thread>
#include <unordered_map>

const auto deadline =
    std::chrono::steady_clock::now() + std::chrono::milliseconds(1500);
bool running() { return std::chrono::steady_clock::now() < deadline; }

struct Holder {
  long pad;
  std::unordered_map<int, int> m;
  void fill() {
    for (int i = 0; i < 1000; i++)
      m[i % 64] = i;
  }
};
Holder holder;

int main() {
  std::thread t([] {
    while (running())
      holder.fill();
  });
  long found = 0;
  while (running())
    for (int i = 0; i < 1000; i++)
      found += holder.m.count(i % 64);
  t.join();
  return found == 0;
}
