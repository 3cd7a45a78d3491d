// Concurrent readers never report: lookups, size queries and iteration of
// one std::unordered_map and one std::set from three threads, no writer.
//
// RUN: %map_clangxx -O2 %s -o %t
// RUN: %race --expect none --runs 3 -- %t
#include <set>
#include <thread>
#include <unordered_map>
#include <vector>

std::unordered_map<int, int> table;
std::set<int> keys;

int main() {
  for (int i = 0; i < 1000; i++) {
    table[i] = i;
    keys.insert(i);
  }
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; r++)
    readers.emplace_back([] {
      long sum = 0;
      for (int i = 0; i < 20000; i++) {
        auto it = table.find(i % 1500);
        if (it != table.end())
          sum += it->second;
        sum += keys.count(i % 1200) + table.size();
        if (i % 1000 == 0)
          for (int k : keys)
            sum += k;
      }
      if (sum < 0)
        __builtin_trap();
    });
  for (std::thread &t : readers)
    t.join();
  return 0;
}
