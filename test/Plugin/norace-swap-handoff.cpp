// A map handed between threads by swap under a mutex never reports: the
// producer fills a private map and swaps it into the shared slot; the
// consumer swaps it out and then works on it alone.
//
// RUN: %map_clangxx -O2 %s -o %t
// RUN: %race --expect none --runs 3 -- %t
#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_map>

std::mutex mu;
std::condition_variable cv;
std::unordered_map<int, int> slot;
bool full = false;

int main() {
  const int rounds = 1000;
  std::thread producer([] {
    for (int r = 0; r < rounds; r++) {
      std::unordered_map<int, int> batch;
      for (int i = 0; i < 50; i++)
        batch[i] = r;
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [] { return !full; });
      slot.swap(batch);
      full = true;
      cv.notify_all();
    }
  });
  long total = 0;
  for (int r = 0; r < rounds; r++) {
    std::unordered_map<int, int> mine;
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [] { return full; });
      mine.swap(slot);
      full = false;
      cv.notify_all();
    }
    for (auto &kv : mine)
      total += kv.second;
    mine.clear();
  }
  producer.join();
  return total < 0;
}
