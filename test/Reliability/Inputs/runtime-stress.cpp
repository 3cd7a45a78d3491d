// The runtime under stress through its C ABI (runtime/maprt.h), bounded in
// time: T tasks (maprt_go into groups) on M maps for about S seconds each
// round, every access wrapped in the checks the lowering inserts
// (checks=all). Some maps are shared under a mutex (writers lock, readers
// rlock, one iterator per round under rlock); some are private to one task
// and touched without any lock. Afterwards every count must be exact (no
// lost entries) and, since the program is race-free, no report may appear
// (the runtime would exit 2). Tasks on private maps also take turns with
// the shared ones, so the race-check words see heavy contention on
// different maps.
//
//   runtime-stress [tasks] [maps] [seconds]     (defaults 16 8 2)
//
// Built against libmaprt.so, and against libmaprt_tsan.so with
// -fsanitize=thread so that ThreadSanitizer checks the runtime's own
// synchronisation under the same load.
#include "runtime/maprt.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

struct Shared {
  maprt_map *map;
  maprt_mutex *mu;
};

struct World {
  std::vector<Shared> shared;
  int tasks;
  std::chrono::steady_clock::time_point deadline;
  std::atomic<int64_t> ops{0};
  std::vector<int64_t> increments; // per task: increments of shared counters
  std::vector<int64_t> privateLen; // per task: final size of its private map
};

World *world;
const char *kSite = "runtime-stress.cpp:1:1";

void assign(maprt_map *m, uint64_t k, uint64_t v) {
  maprt_checkmapconcurrentwrite(m, kSite);
  maprt_map_assign(m, k, v);
  maprt_checkmapconcurrentwrite_end(m);
}
bool lookup(maprt_map *m, uint64_t k, uint64_t *v) {
  maprt_checkmapread(m, kSite);
  bool f = maprt_map_lookup(m, k, v);
  maprt_checkmapread_end(m);
  return f;
}
void erase(maprt_map *m, uint64_t k) {
  maprt_checkmapconcurrentwrite(m, kSite);
  maprt_map_delete(m, k);
  maprt_checkmapconcurrentwrite_end(m);
}
int64_t len(maprt_map *m) {
  maprt_checkmapread(m, kSite);
  int64_t n = maprt_map_len(m);
  maprt_checkmapread_end(m);
  return n;
}

struct TaskEnv {
  int id;
};

void task(void *envp) {
  int id = static_cast<TaskEnv *>(envp)->id;
  maprt_map *own = maprt_map_make(0, kSite);
  uint64_t rng = 0x9e3779b97f4a7c15ull * (id + 1);
  int64_t inc = 0, ops = 0;
  const uint64_t ownKeys = 4096;
  std::vector<bool> present(ownKeys, false);
  while (std::chrono::steady_clock::now() < world->deadline) {
    for (int burst = 0; burst < 256; ++burst) {
      rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
      Shared &s = world->shared[rng % world->shared.size()];
      uint64_t key = (rng >> 8) % 64;
      switch ((rng >> 20) % 8) {
      case 0:
      case 1: { // locked read-modify-write of a shared counter
        maprt_mutex_lock(s.mu);
        uint64_t v = 0;
        lookup(s.map, key, &v);
        assign(s.map, key, v + 1);
        maprt_mutex_unlock(s.mu);
        ++inc;
        break;
      }
      case 2: { // shared read
        maprt_mutex_rlock(s.mu);
        uint64_t v;
        lookup(s.map, key, &v);
        (void)len(s.map);
        maprt_mutex_runlock(s.mu);
        break;
      }
      case 3: { // an iteration under the read lock, now and then
        if ((rng >> 40) % 64 != 0)
          break;
        maprt_mutex_rlock(s.mu);
        maprt_iter *it = maprt_map_iter_begin(s.map);
        uint64_t k, v;
        for (;;) {
          maprt_checkmapiterate(s.map, kSite);
          if (!maprt_map_iter_next(it, &k, &v))
            break;
        }
        maprt_map_iter_end(it);
        maprt_mutex_runlock(s.mu);
        break;
      }
      default: { // the task's own map: no lock at all
        uint64_t k = (rng >> 24) % ownKeys;
        if ((rng >> 50) % 3 == 0) {
          erase(own, k);
          present[k] = false;
        } else {
          assign(own, k, k * 3);
          present[k] = true;
        }
        uint64_t v;
        bool found = lookup(own, k, &v);
        if (found != present[k] || (found && v != k * 3)) {
          std::fprintf(stderr, "task %d: private map lost key %llu\n", id,
                       (unsigned long long)k);
          std::exit(3);
        }
      }
      }
      ++ops;
    }
  }
  int64_t want = 0;
  for (bool p : present)
    want += p;
  if (len(own) != want) {
    std::fprintf(stderr, "task %d: private map has %lld entries, want %lld\n",
                 id, (long long)len(own), (long long)want);
    std::exit(3);
  }
  world->increments[id] = inc;
  world->privateLen[id] = want;
  world->ops += ops;
}

} // namespace

int main(int argc, char **argv) {
  int tasks = argc > 1 ? std::atoi(argv[1]) : 16;
  int maps = argc > 2 ? std::atoi(argv[2]) : 8;
  double seconds = argc > 3 ? std::atof(argv[3]) : 2;
  world = new World;
  world->tasks = tasks;
  world->increments.assign(tasks, 0);
  world->privateLen.assign(tasks, 0);
  for (int i = 0; i < maps; ++i)
    world->shared.push_back({maprt_map_make(i, kSite), maprt_mutex_make()});
  int64_t total = 0;
  for (int round = 0; round < 2; ++round) {
    world->deadline = std::chrono::steady_clock::now() +
                      std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                          std::chrono::duration<double>(seconds / 2));
    maprt_group *g = maprt_group_make();
    for (int t = 0; t < tasks; ++t) {
      auto *env = static_cast<TaskEnv *>(std::malloc(sizeof(TaskEnv)));
      env->id = t;
      maprt_go(g, task, env);
    }
    maprt_wait(g);
    for (int t = 0; t < tasks; ++t)
      total += world->increments[t];
  }
  // No lost increments: the counters of all shared maps add up.
  int64_t sum = 0;
  for (Shared &s : world->shared) {
    maprt_iter *it = maprt_map_iter_begin(s.map);
    uint64_t k, v;
    while (maprt_map_iter_next(it, &k, &v))
      sum += static_cast<int64_t>(v);
    maprt_map_iter_end(it);
  }
  if (sum != total) {
    std::fprintf(stderr, "lost updates: counters sum to %lld, want %lld\n",
                 (long long)sum, (long long)total);
    return 1;
  }
  std::printf("ok: %d tasks, %d maps, %lld ops, %lld locked increments\n",
              tasks, maps, (long long)world->ops.load(), (long long)total);
  std::fflush(stdout);
  maprt_main_exit(0);
}
