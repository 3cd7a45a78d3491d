// A member that throws must still end its check: at() on a missing key
// throws std::out_of_range, once inside a try block and once through a
// function without one (its call becomes an invoke with a cleanup). A
// leaked read would make the other thread's later write report.
//
// RUN: %map_clangxx -O2 %s -o %t
// RUN: %race --expect none --runs 3 -- %t
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unordered_map>

std::mutex mu;
std::unordered_map<int, int> um;
std::map<int, int> om;

int lookup(int k) { return om.at(k); } // no try here

int main() {
  std::thread reader([] {
    for (int i = 0; i < 5000; i++) {
      std::lock_guard<std::mutex> lock(mu);
      try {
        (void)um.at(-1 - i);
      } catch (const std::out_of_range &) {
      }
      try {
        (void)lookup(-1 - i);
      } catch (const std::out_of_range &) {
      }
    }
  });
  for (int i = 0; i < 5000; i++) {
    std::lock_guard<std::mutex> lock(mu);
    um[i % 100] = i;
    om[i % 100] = i;
  }
  reader.join();
  return 0;
}
