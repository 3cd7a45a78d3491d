//===- shared.cpp - one shared std::unordered_map under a mutex -*- C++ -*-===//
//
// The twin of shared.mlir: 4 threads each run N/4 increments of one map
// over 4096 keys under a std::mutex; checksum = the sum of key * value.
// The map is shared, so it escapes in both builds.
//
//===----------------------------------------------------------------------===//
#include "common.h"

#include <mutex>
#include <thread>
#include <vector>

int main() {
  const uint64_t tasks = 4;
  uint64_t n = benchSize();
  uint64_t per = n / tasks;
  Map m;
  std::mutex mu;
  std::vector<std::thread> threads;
  for (uint64_t t = 0; t < tasks; t++)
    threads.emplace_back([&, t] {
      for (uint64_t i = 0; i < per; i++) {
        uint64_t k = mix((t * 7919 + i) % 4096);
        std::lock_guard<std::mutex> lock(mu);
        m[k] += t + 1;
      }
    });
  for (auto &th : threads)
    th.join();
  uint64_t check = 0;
  for (const auto &kv : m)
    check += kv.first * kv.second;
  printChecksum(check);
  return 0;
}
