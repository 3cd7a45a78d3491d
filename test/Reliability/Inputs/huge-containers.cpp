// Extreme keys and values in instrumented containers, and 2,000 threads
// taking turns on one std::unordered_map under a mutex.
#include <cstdint>
#include <cstdio>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

int main() {
  std::unordered_map<int64_t, uint64_t> m;
  constexpr int64_t lo = std::numeric_limits<int64_t>::min();
  constexpr int64_t hi = std::numeric_limits<int64_t>::max();
  m[lo] = ~0ull;
  m[hi] = 0;
  m[-1] = 1;
  if (m.size() != 3 || m[lo] != ~0ull || m.count(0))
    return 1;
  std::map<std::string, std::string> big;
  big[std::string(1 << 20, 'k')] = std::string(1 << 22, 'v');
  if (big.begin()->second.size() != (1u << 22))
    return 2;
  std::set<int64_t> s{lo, hi, 0};
  if (*s.begin() != lo || *s.rbegin() != hi)
    return 3;

  std::unordered_map<int, int> shared;
  std::mutex mu;
  std::vector<std::thread> threads;
  for (int t = 0; t < 2000; ++t)
    threads.emplace_back([&, t] {
      std::lock_guard<std::mutex> lock(mu);
      shared[t] = t;
    });
  for (auto &t : threads)
    t.join();
  std::printf("ok %zu\n", shared.size());
  return shared.size() == 2000 ? 0 : 4;
}
