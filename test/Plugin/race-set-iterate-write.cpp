// Go's concurrentMapIterateWrite, ported to std::set: one thread inserts
// and erases, the other walks the set with range-for. The check runs at
// begin() and before every ++ of the iterator (Go's mapiternext), so the
// iteration side is the one that reports.
//
// RUN: %map_clangxx -O2 -g %s -o %t
// RUN: %race --expect iteration -- %t | FileCheck %s
// CHECK: fatal error: concurrent map iteration and map write
// CHECK-DAG: iteration at {{.*}}race-set-iterate-write.cpp:[[@LINE+21]]:{{[0-9]+}}
// CHECK-DAG: write at {{.*}}race-set-iterate-write.cpp:[[@LINE+16]]:{{[0-9]+}}
#include <chrono>
#include <set>
#include <thread>

std::set<int> s;
const auto deadline =
    std::chrono::steady_clock::now() + std::chrono::milliseconds(1500);
bool running() { return std::chrono::steady_clock::now() < deadline; }

int main() {
  for (int i = 0; i < 64; ++i)
    s.insert(i);
  std::thread t([] {
    while (running())
      for (int i = 0; i < 1000; i++)
        s.insert(1000 + i % 16);
  });
  long sum = 0;
  while (running())
    for (int v : s)
      sum += v;
  t.join();
  return sum == 0;
}
