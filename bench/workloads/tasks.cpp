//===- tasks.cpp - many threads with private std::unordered_maps -*- C++ -*-=//
//
// The twin of tasks.mlir: 32 threads, each with its own map (N/32 inserts,
// 2N/32 lookups), publishing sum + size into a shared results map under a
// mutex; checksum = the sum of the results after joining.
//
//===----------------------------------------------------------------------===//
#include "common.h"

#include <mutex>
#include <thread>
#include <vector>

int main() {
  const uint64_t tasks = 32;
  uint64_t n = benchSize();
  uint64_t per = n / tasks;
  Map results;
  std::mutex mu;
  std::vector<std::thread> threads;
  for (uint64_t t = 0; t < tasks; t++)
    threads.emplace_back([&, t] {
      Map own;
      MAPBENCH_ESCAPE(own);
      uint64_t base = t * per;
      for (uint64_t i = 0; i < per; i++)
        own[mix(base + i)] = i;
      uint64_t sum = 0;
      for (uint64_t i = 0; i < 2 * per; i++) {
        auto it = own.find(mix(base + i));
        if (it != own.end())
          sum += it->second;
      }
      uint64_t total = sum + own.size();
      std::lock_guard<std::mutex> lock(mu);
      results[t] = total;
    });
  for (auto &th : threads)
    th.join();
  uint64_t check = 0;
  for (const auto &kv : results)
    check += kv.second;
  printChecksum(check);
  return 0;
}
