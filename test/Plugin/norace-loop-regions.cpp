// Loops whose checks become one region (docs/plugin.md, "Loop regions")
// never report when their accesses are ordered: a region never spans
// anything that synchronises, so accesses ordered by an atomic hand-off or
// by a lock taken in a helper keep their checks per call; a region inside a
// critical section ends before the unlock; one left by an exception ends on
// the way out; concurrent read regions and a region on a member reached
// through `this` behave like the calls they replace; a region claims only
// the accesses the loop makes; a loop over two containers has a region on
// each, and two regions on one container reached through two references
// are one thread's nested accesses. Stretching any of these regions over the
// synchronisation, or beginning one before the loop, makes this program
// report.
//
// RUN: %map_clangxx -O0 %s -o %t0
// RUN: %race --expect none --runs 3 -- %t0
// RUN: %map_clangxx -O2 %s -o %t2
// RUN: %race --expect none --runs 3 -- %t2
#include <atomic>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <vector>

std::unordered_map<int, long> pingpong;
std::atomic<int> turn{0};

// Two threads take turns through an atomic: every write is ordered.
void player(int me, int rounds) {
  for (int i = 0; i < rounds; i++) {
    while (turn.load(std::memory_order_acquire) != me)
      std::this_thread::yield();
    pingpong[i % 8] += me;
    turn.store(1 - me, std::memory_order_release);
  }
}

std::mutex mu;
std::map<int, int> locked;
static void lockMu() { mu.lock(); }
static void unlockMu() { mu.unlock(); }

// The lock is taken and released in helpers defined in this file.
void helperLocked(int id) {
  for (int i = 0; i < 20000; i++) {
    lockMu();
    locked[i % 16] = id;
    unlockMu();
  }
}

// A whole loop inside a critical section.
void loopInside(int id) {
  for (int r = 0; r < 300; r++) {
    std::lock_guard<std::mutex> lock(mu);
    for (int i = 0; i < 64; i++)
      locked[i] += id;
  }
}

// A read region left by an exception (at() of a missing key), under the
// lock; the others write under the same lock right after.
long throwing() {
  long sum = 0;
  for (int r = 0; r < 300; r++) {
    std::lock_guard<std::mutex> lock(mu);
    try {
      for (int i = 0;; i++)
        sum += locked.at(i); // throws past the last key
    } catch (const std::out_of_range &) {
    }
  }
  return sum;
}

// Readers only, in read regions that overlap.
std::unordered_map<int, int> readOnly;
long reader() {
  long sum = 0;
  for (int r = 0; r < 200; r++)
    for (int i = 0; i < 1000; i++)
      sum += readOnly.count(i);
  return sum;
}

// Regions claim only what the loop does. A write that never happens (the
// program runs without arguments) claims nothing, with readers alongside;
// a loop that runs no iteration claims nothing, with a writer alongside.
int argCount;
std::unordered_map<int, int> lookedUp;
long maybeWrite() {
  long sum = 0;
  for (int r = 0; r < 2000; r++)
    for (int i = 0; i < 100; i++) {
      sum += lookedUp.count(i);
      if (argCount > 5)
        lookedUp[i] = r;
    }
  return sum;
}
long readLookedUp() {
  long sum = 0;
  for (int r = 0; r < 2000; r++)
    for (int i = 0; i < 100; i++)
      sum += lookedUp.count(i);
  return sum;
}
std::unordered_map<int, int> written;
void writeAlone() {
  for (int r = 0; r < 2000; r++)
    for (int i = 0; i < 100; i++)
      written[i] = r;
}
long emptyLoops() {
  long sum = 0;
  for (int r = 0; r < 200000; r++)
    for (int i = 0; i < argCount - 1; i++)
      sum += written.count(i);
  return sum;
}

// A member reached through `this`, filled under the lock.
struct Holder {
  int pad;
  std::unordered_map<int, int> m;
  void fill(int id) {
    for (int i = 0; i < 64; i++)
      m[i] = id;
  }
};
Holder holder;
void fillLocked(int id) {
  for (int r = 0; r < 300; r++) {
    std::lock_guard<std::mutex> lock(mu);
    holder.fill(id);
  }
}

// Two containers per loop: read regions on the shared readOnly beside the
// readers above, write regions on maps of one thread each -- or on the
// very map being read, passed as both arguments.
void mirror(std::unordered_map<int, int> &to,
            const std::unordered_map<int, int> &from) {
  for (int r = 0; r < 200; r++)
    for (int i = 0; i < 1000; i++)
      to[i] = from.count(i);
}
std::unordered_map<int, int> mirrored[2], selfMirrored;
void mirrorShared(int id) { mirror(mirrored[id], readOnly); }
void mirrorSelf() { mirror(selfMirrored, selfMirrored); }

int main(int argc, char **) {
  argCount = argc;
  for (int i = 0; i < 1000; i++)
    readOnly[i] = i;
  for (int i = 0; i < 100; i++)
    lookedUp[i] = i;
  std::vector<std::thread> threads;
  threads.emplace_back(player, 0, 5000);
  threads.emplace_back(player, 1, 5000);
  threads.emplace_back(helperLocked, 1);
  threads.emplace_back(loopInside, 2);
  threads.emplace_back([] { return throwing(); });
  threads.emplace_back(fillLocked, 3);
  threads.emplace_back(fillLocked, 4);
  for (int r = 0; r < 3; r++)
    threads.emplace_back([] { return reader(); });
  threads.emplace_back([] { return maybeWrite(); });
  threads.emplace_back([] { return readLookedUp(); });
  threads.emplace_back(writeAlone);
  threads.emplace_back([] { return emptyLoops(); });
  threads.emplace_back(mirrorShared, 0);
  threads.emplace_back(mirrorShared, 1);
  threads.emplace_back(mirrorSelf);
  for (std::thread &t : threads)
    t.join();
  return 0;
}
