// Different containers never race, however close in memory: each thread
// writes its own element of a global array of maps, its own heap set, and
// its own thread_local map.
//
// RUN: %map_clangxx -O2 %s -o %t
// RUN: %race --expect none --runs 3 -- %t
#include <map>
#include <memory>
#include <set>
#include <thread>
#include <unordered_map>

std::unordered_map<int, int> maps[2];
std::map<int, int> trees[2];
thread_local std::unordered_map<int, int> mine;

void worker(int id, std::set<int> *own) {
  for (int i = 0; i < 50000; i++) {
    maps[id][i % 500] = i;
    trees[id][i % 100] += maps[id].count(i % 7);
    own->insert(i % 300);
    mine[i % 64] = i;
    if (i % 3 == 0) {
      maps[id].erase(i % 500);
      own->erase(i % 300);
    }
  }
}

int main() {
  auto a = std::make_unique<std::set<int>>();
  auto b = std::make_unique<std::set<int>>();
  std::thread t0(worker, 0, a.get());
  std::thread t1(worker, 1, b.get());
  t0.join();
  t1.join();
  return maps[0].size() == 0;
}
