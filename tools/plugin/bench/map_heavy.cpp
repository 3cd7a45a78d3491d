//===- map_heavy.cpp - a map-heavy C++ workload for MapSafe overhead ------===//
//
// Measures what the plugin's checks cost where they cannot be elided:
// global containers and containers whose address escapes (handed to other
// functions and threads). Phases: insert, lookup, mixed with deletes,
// iteration over std::unordered_map; insert/lookup on std::map; two
// threads with their own (escaping) maps and one shared map under a mutex.
// Not built by CMake; docs/plugin.md gives the commands.
//
//===----------------------------------------------------------------------===//
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

std::unordered_map<uint64_t, uint64_t> table;
std::map<uint64_t, uint64_t> tree;
std::unordered_map<uint64_t, uint64_t> shared;
std::mutex sharedMu;

static uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  return x ^ (x >> 33);
}

// Takes the map by pointer: the callers' maps escape.
__attribute__((noinline)) uint64_t churn(std::unordered_map<uint64_t, uint64_t> *m,
                                         uint64_t n, uint64_t seed) {
  uint64_t sum = 0;
  for (uint64_t i = 0; i < n; i++) {
    (*m)[mix(seed + i % 4096)] += i;
    sum += m->count(mix(seed + i % 8192));
    if (i % 64 == 0) {
      std::lock_guard<std::mutex> lock(sharedMu);
      shared[i % 1024] += 1;
    }
  }
  return sum;
}

int main(int argc, char **argv) {
  uint64_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 200000;
  uint64_t sum = 0;

  for (uint64_t i = 0; i < n; i++) // insert-heavy
    table[mix(i)] = i;
  for (int r = 0; r < 4; r++) // lookup-heavy
    for (uint64_t i = 0; i < n; i++) {
      auto it = table.find(mix(i * 2));
      if (it != table.end())
        sum += it->second;
    }
  for (uint64_t i = 0; i < n; i++) { // mixed with deletes
    if (i % 3 == 0)
      table.erase(mix(i));
    else
      table[mix(i + n)] = i;
  }
  for (int r = 0; r < 8; r++) // iteration
    for (const auto &kv : table)
      sum += kv.second;

  for (uint64_t i = 0; i < n / 2; i++) // ordered map
    tree[mix(i) % (n * 4)] = i;
  for (uint64_t i = 0; i < n; i++)
    sum += tree.count(mix(i) % (n * 4));

  std::unordered_map<uint64_t, uint64_t> mine0, mine1; // escaping locals
  uint64_t s0 = 0, s1 = 0;
  std::thread t0([&] { s0 = churn(&mine0, n, 1); });
  std::thread t1([&] { s1 = churn(&mine1, n, 2); });
  t0.join();
  t1.join();
  sum += s0 + s1 + shared.size();

  std::printf("%llu\n", static_cast<unsigned long long>(sum));
  return 0;
}
