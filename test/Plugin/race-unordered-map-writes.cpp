// Go's runtime test concurrentMapWrites (runtime/testdata/testprog), ported
// to std::unordered_map: two threads assign into one map. Each thread
// repeats its write until the race is seen or 1.5 s have passed, so the two
// overlap even on a loaded machine; %race reruns the program if not.
//
// RUN: %map_clangxx -O2 -g %s -o %t
// RUN: %race --expect writes -- %t | FileCheck %s
// CHECK: fatal error: concurrent map writes
// CHECK-DAG: race-unordered-map-writes.cpp:[[@LINE+15]]:{{[0-9]+}}
// CHECK-DAG: race-unordered-map-writes.cpp:[[@LINE+18]]:{{[0-9]+}}
#include <chrono>
#include <thread>
#include <unordered_map>

std::unordered_map<int, int> m;
const auto deadline =
    std::chrono::steady_clock::now() + std::chrono::milliseconds(1500);
bool running() { return std::chrono::steady_clock::now() < deadline; }

int main() {
  std::thread t([] {
    while (running())
      for (int i = 0; i < 1000; i++)
        m[5] = 0;
  });
  while (running())
    for (int i = 0; i < 1000; i++)
      m[6] = 0;
  t.join();
  return 0;
}
