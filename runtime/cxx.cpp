//===- cxx.cpp - race checks for C++ containers (MapSafePlugin.so) --------===//
//
// A std::unordered_map has no header word of ours, so its state lives in a
// side table keyed by the container's address: the accesses in progress,
// one entry per (task, write-or-read) with a nesting depth. The depth is what
// makes nested members on one thread (operator[] calling insert, a read
// inside a write) silent; only an access of another task that is still in
// progress is a race. Because every check holds the shard's lock, readers
// are tracked too, and a writer that starts while another task reads is
// reported as well.
//
// The table is sharded by address, each shard a mutex and a flat_hash_map.
// An entry stays when its last access ends (the next call on the container
// then only finds it: a third cheaper than inserting and erasing it each
// time); maprt_cxx_container_destroyed drops it. Containers whose
// destruction is not seen (destroyed inside the standard library) leave
// idle entries behind, which are harmless -- an idle entry reports nothing
// -- and are swept whenever a shard doubles in size.
//
//===----------------------------------------------------------------------===//
#include "runtime/MapRtInternal.h"
#include "runtime/maprt.h"

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"

#include <algorithm>
#include <mutex>

using namespace maprt;

namespace {

struct ActiveAccess {
  uint64_t task;
  const char *site;
  uint32_t depth;
  bool write;
};

struct ContainerState {
  absl::InlinedVector<ActiveAccess, 2> active;
};

constexpr size_t kShards = 64;

constexpr size_t kFirstSweep = 1024;

struct alignas(64) Shard {
  std::mutex mutex;
  absl::flat_hash_map<const void *, ContainerState> states;
  size_t sweepAt = kFirstSweep;
};

// Drops the idle entries of a shard that has grown; called with it locked.
__attribute__((noinline)) void sweep(Shard &shard) {
  for (auto it = shard.states.begin(); it != shard.states.end();) {
    if (it->second.active.empty())
      shard.states.erase(it++);
    else
      ++it;
  }
  shard.sweepAt = std::max(kFirstSweep, 2 * shard.states.size());
}

// Leaked on purpose: instrumented destructors of static containers run
// during static destruction.
Shard *shards() {
  static Shard *table = new Shard[kShards];
  return table;
}

Shard &shardOf(const void *container) {
  uintptr_t a = reinterpret_cast<uintptr_t>(container);
  // Containers are at least 8-byte aligned and often adjacent.
  uintptr_t h = (a >> 4) ^ (a >> 10) ^ (a >> 16);
  return shards()[h % kShards];
}

// An access of a task other than `me` still in progress, writes first.
const ActiveAccess *otherTask(const ContainerState &state, uint64_t me,
                              bool writesOnly) {
  const ActiveAccess *reader = nullptr;
  for (const ActiveAccess &a : state.active) {
    if (a.task == me)
      continue;
    if (a.write)
      return &a;
    if (!reader)
      reader = &a;
  }
  return writesOnly ? nullptr : reader;
}

void begin(const void *container, const char *site, bool write) {
  uint64_t me = currentTask();
  Shard &shard = shardOf(container);
  bool race = false;
  ActiveAccess other{};
  {
    std::lock_guard<std::mutex> lock(shard.mutex);
    if (MAPRT_UNLIKELY(shard.states.size() >= shard.sweepAt))
      sweep(shard);
    ContainerState &state = shard.states[container];
    if (const ActiveAccess *a = otherTask(state, me, /*writesOnly=*/!write)) {
      race = true;
      other = *a;
    }
    bool nested = false;
    for (ActiveAccess &a : state.active) {
      if (a.task == me && a.write == write) {
        ++a.depth;
        nested = true;
        break;
      }
    }
    if (!nested)
      state.active.push_back(ActiveAccess{me, site, 1, write});
  }
  if (MAPRT_UNLIKELY(race)) {
    RaceKind kind =
        write && other.write ? RaceKind::Writes : RaceKind::ReadWrite;
    reportRace(kind, Access{write ? "write" : "read", site, me},
               Access{other.write ? "write" : "read", other.site, other.task},
               Object{container, true, nullptr, 0});
  }
}

void end(const void *container, bool write) {
  uint64_t me = currentTask();
  Shard &shard = shardOf(container);
  std::lock_guard<std::mutex> lock(shard.mutex);
  auto found = shard.states.find(container);
  if (found == shard.states.end())
    return; // forgotten by maprt_cxx_container_destroyed meanwhile
  auto &active = found->second.active;
  for (size_t i = 0; i < active.size(); ++i) {
    if (active[i].task != me || active[i].write != write)
      continue;
    if (--active[i].depth == 0)
      active.erase(active.begin() + static_cast<ptrdiff_t>(i));
    break;
  }
}

} // namespace

MAPRT_API void maprt_cxx_checkmapconcurrentwrite(const void *container,
                                                 const char *site) {
  begin(container, site, /*write=*/true);
}

MAPRT_API void maprt_cxx_checkmapconcurrentwrite_end(const void *container) {
  end(container, /*write=*/true);
}

MAPRT_API void maprt_cxx_checkmapread(const void *container, const char *site) {
  begin(container, site, /*write=*/false);
}

MAPRT_API void maprt_cxx_checkmapread_end(const void *container) {
  end(container, /*write=*/false);
}

MAPRT_API void maprt_cxx_checkmapiterate(const void *container,
                                         const char *site) {
  uint64_t me = currentTask();
  Shard &shard = shardOf(container);
  ActiveAccess other{};
  {
    std::lock_guard<std::mutex> lock(shard.mutex);
    auto found = shard.states.find(container);
    if (found == shard.states.end())
      return;
    const ActiveAccess *a = otherTask(found->second, me, /*writesOnly=*/true);
    if (!a)
      return;
    other = *a;
  }
  reportRace(RaceKind::IterateWrite, Access{"iteration", site, me},
             Access{"write", other.site, other.task},
             Object{container, true, nullptr, 0});
}

MAPRT_API void maprt_cxx_container_destroyed(const void *container) {
  Shard &shard = shardOf(container);
  std::lock_guard<std::mutex> lock(shard.mutex);
  shard.states.erase(container);
}
