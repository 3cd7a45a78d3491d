// Nested container calls on one thread never report: a map of sets (the
// outer write's result is written again), a comparator that reads another
// container while the first is being written, a hasher that reads the very
// map being inserted into, and writes to a map inside its own iteration
// (allowed, as in Go). Two threads do this on their own containers, and
// both read one shared, never written, std::set.
//
// RUN: %map_clangxx -O0 %s -o %t
// RUN: %race --expect none --runs 2 -- %t
// RUN: %map_clangxx -O2 %s -o %t2
// RUN: %race --expect none --runs 2 -- %t2
#include <map>
#include <set>
#include <thread>
#include <unordered_map>

std::set<int> order = {3, 1, 4, 1, 5, 9, 2, 6};

// Reads `order` on every comparison.
struct ByRank {
  bool operator()(int a, int b) const {
    return (order.count(a) ? 0 : 1000) + a < (order.count(b) ? 0 : 1000) + b;
  }
};

struct SizeHash;
using Hashed = std::unordered_map<int, int, SizeHash>;
// The map this thread is inserting into.
thread_local Hashed *current = nullptr;

struct SizeHash {
  size_t operator()(int k) const {
    // Reads the container whose insert is running right now.
    return static_cast<size_t>(k) + (current ? current->size() * 0 : 0);
  }
};

void worker(int id) {
  std::map<int, std::set<int>> nested;
  std::map<int, int, ByRank> ranked;
  Hashed *hashed = new Hashed;
  current = hashed;
  long sum = 0;
  for (int i = 0; i < 10000; i++) {
    nested[i % 10].insert(i % 50);
    ranked[i % 20] = id;
    (*hashed)[i % 40] = i;
    if (i % 500 == 0) {
      for (auto &kv : ranked)
        ranked[kv.first] = kv.second + 1; // existing keys: no rehash
      for (auto &kv : nested)
        sum += static_cast<long>(kv.second.size()) + nested.count(kv.first);
    }
  }
  delete hashed;
  if (sum < 0)
    __builtin_trap();
}

int main() {
  std::thread t0(worker, 0), t1(worker, 1);
  t0.join();
  t1.join();
  return 0;
}
