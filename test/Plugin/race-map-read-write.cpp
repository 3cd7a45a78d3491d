// Go's concurrentMapReadWrite, ported to std::map: one thread assigns, the
// other looks up (find and count are reads; operator[] would be a write).
//
// RUN: %map_clangxx -O0 -g %s -o %t
// RUN: %race --expect read -- %t | FileCheck %s
// CHECK: fatal error: concurrent map read and map write
// CHECK-DAG: race-map-read-write.cpp:[[@LINE+15]]:{{[0-9]+}}
// CHECK-DAG: race-map-read-write.cpp:[[@LINE+19]]:{{[0-9]+}}
#include <chrono>
#include <map>
#include <thread>

std::map<int, int> m;
const auto deadline =
    std::chrono::steady_clock::now() + std::chrono::milliseconds(1500);
bool running() { return std::chrono::steady_clock::now() < deadline; }

int main() {
  std::thread t([] {
    while (running())
      for (int i = 0; i < 1000; i++)
        m[5] = i;
  });
  long found = 0;
  while (running())
    for (int i = 0; i < 1000; i++)
      found += m.count(6);
  t.join();
  return found == 0 ? 0 : 1;
}
