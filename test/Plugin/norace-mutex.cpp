// Accesses ordered by a mutex never report: writes, reads and iteration of
// a std::unordered_map, a std::map and a std::set, all under one
// std::mutex; concurrent readers under a std::shared_mutex held shared.
//
// RUN: %map_clangxx -O2 %s -o %t
// RUN: %race --expect none --runs 3 -- %t
#include <map>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <thread>
#include <unordered_map>
#include <vector>

std::mutex mu;
std::unordered_map<int, int> um;
std::map<int, int> om;
std::set<int> s;

std::shared_mutex rw;
std::map<int, long> shared;

void worker(int id) {
  long sum = 0;
  for (int i = 0; i < 5000; i++) {
    {
      std::lock_guard<std::mutex> lock(mu);
      um[i % 100] = id;
      om[i % 50] += 1;
      s.insert(i % 10);
      if (i % 7 == 0)
        s.erase(i % 10);
    }
    {
      std::lock_guard<std::mutex> lock(mu);
      sum += um.count(i % 100) + om.size();
      if (i % 100 == 0)
        for (int v : s)
          sum += v;
    }
    {
      std::shared_lock<std::shared_mutex> lock(rw);
      auto it = shared.find(i % 10);
      if (it != shared.end())
        sum += it->second;
      for (auto &kv : shared)
        sum += kv.first;
    }
    if (i % 1000 == 0) {
      std::unique_lock<std::shared_mutex> lock(rw);
      shared[i % 10] = i;
    }
  }
  if (sum < 0)
    std::abort();
}

int main() {
  std::vector<std::thread> threads;
  for (int id = 0; id < 3; id++)
    threads.emplace_back(worker, id);
  for (std::thread &t : threads)
    t.join();
  return 0;
}
