//===- maprt.cpp - runtime maps and their Go-style race checks ------------===//
//
// The map object of lowered map programs: a header with Go's `writing` word
// in front of an absl::flat_hash_map of 64-bit words. The checks follow
// internal/runtime/maps: a writer claims the word with one CAS and releases
// it with one store; reads and iteration steps look at it. A claim or a look
// that finds the word taken has seen two accesses overlap in time with no
// happens-before between them (coherence forbids seeing a claim that was
// released before us), so a report is never wrong; a race whose accesses
// never overlap is simply not seen, as in Go.
//
// Also here: printing and the end of the program.
//
//===----------------------------------------------------------------------===//
#include "runtime/maprt.h"
#include "runtime/MapRtInternal.h"

#include "absl/container/flat_hash_map.h"

#include <atomic>
#include <charconv>
#include <cstdio>
#include <sched.h>
#include <vector>

struct maprt_map {
  // 0, or packWriter(site, task) of the write in progress.
  std::atomic<uint64_t> writing{0};
  const char *site;
  uint64_t createdTask;
  absl::flat_hash_map<uint64_t, uint64_t> table;
};

struct maprt_iter {
  maprt_map *map;
  std::vector<uint64_t> keys;
  size_t next = 0;
};

using namespace maprt;

namespace {

// The site of the read in progress on this thread, for the check at its end
// (maprt_checkmapread_end has no site argument).
__thread const char *tlsReadSite __attribute__((tls_model("initial-exec")));

Object objectOf(const maprt_map *m) {
  return Object{m, false, m->site, m->createdTask};
}

void waitUntilNoWriter(maprt_map *m) {
  while (m->writing.load(std::memory_order_acquire) != 0)
    sched_yield();
}

// `seen` was in the writing word when this task tried to claim it.
__attribute__((noinline, cold)) void
writeConflict(maprt_map *m, const char *site, uint64_t mine, uint64_t seen) {
  uint64_t me = currentTask();
  for (;;) {
    // Our own claim (a nested write on one task) is not a race.
    if (writerTask(seen) != 0 && writerTask(seen) == me)
      return;
    reportRace(RaceKind::Writes, Access{"write", site, me},
               Access{"write", writerSite(seen), writerTask(seen)},
               objectOf(m));
    // halt_on_error=0: take our turn after the other writer so that the
    // table itself stays intact and later reports stay meaningful.
    while (m->writing.load(std::memory_order_relaxed) == seen)
      sched_yield();
    seen = 0;
    if (m->writing.compare_exchange_strong(
            seen, mine, std::memory_order_acquire, std::memory_order_relaxed))
      return;
  }
}

__attribute__((noinline, cold)) void readConflict(maprt_map *m, RaceKind kind,
                                                  const char *role,
                                                  const char *site,
                                                  uint64_t seen, bool wait) {
  uint64_t me = currentTask();
  if (writerTask(seen) != 0 && writerTask(seen) == me)
    return;
  reportRace(kind, Access{role, site, me},
             Access{"write", writerSite(seen), writerTask(seen)}, objectOf(m));
  if (wait)
    waitUntilNoWriter(m);
}

} // namespace

//===- Maps ---------------------------------------------------------------===//

MAPRT_API maprt_map *maprt_map_make(int64_t capacity, const char *site) {
  auto *m = new maprt_map;
  m->site = site;
  m->createdTask = currentTask();
  if (capacity > 0)
    m->table.reserve(static_cast<size_t>(capacity));
  return m;
}

MAPRT_API void maprt_map_assign(maprt_map *m, uint64_t key, uint64_t value) {
  if (MAPRT_UNLIKELY(!m))
    fatal("assignment to entry in nil map");
  m->table.insert_or_assign(key, value);
}

MAPRT_API void maprt_map_delete(maprt_map *m, uint64_t key) {
  if (m)
    m->table.erase(key);
}

MAPRT_API void maprt_map_clear(maprt_map *m) {
  if (m)
    m->table.clear();
}

MAPRT_API bool maprt_map_lookup(maprt_map *m, uint64_t key, uint64_t *value) {
  if (MAPRT_LIKELY(m != nullptr)) {
    auto it = m->table.find(key);
    if (it != m->table.end()) {
      if (value)
        *value = it->second;
      return true;
    }
  }
  if (value)
    *value = 0;
  return false;
}

MAPRT_API int64_t maprt_map_len(maprt_map *m) {
  return m ? static_cast<int64_t>(m->table.size()) : 0;
}

MAPRT_API maprt_iter *maprt_map_iter_begin(maprt_map *m) {
  auto *it = new maprt_iter;
  it->map = m;
  if (m) {
    it->keys.reserve(m->table.size());
    for (const auto &entry : m->table)
      it->keys.push_back(entry.first);
  }
  return it;
}

MAPRT_API bool maprt_map_iter_next(maprt_iter *it, uint64_t *key,
                                   uint64_t *value) {
  while (it->next < it->keys.size()) {
    uint64_t k = it->keys[it->next++];
    auto found = it->map->table.find(k);
    if (found == it->map->table.end())
      continue; // deleted before it was reached
    *key = k;
    *value = found->second;
    return true;
  }
  return false;
}

MAPRT_API void maprt_map_iter_end(maprt_iter *it) { delete it; }

//===- Race checks --------------------------------------------------------===//

MAPRT_API void maprt_checkmapconcurrentwrite(maprt_map *m, const char *site) {
  if (MAPRT_UNLIKELY(!m))
    return;
  uint64_t mine = packWriter(site, currentTask());
  uint64_t seen = 0;
  if (MAPRT_LIKELY(m->writing.compare_exchange_strong(
          seen, mine, std::memory_order_acquire, std::memory_order_relaxed)))
    return;
  writeConflict(m, site, mine, seen);
}

MAPRT_API void maprt_checkmapconcurrentwrite_end(maprt_map *m) {
  if (MAPRT_LIKELY(m != nullptr))
    m->writing.store(0, std::memory_order_release);
}

MAPRT_API void maprt_checkmapread(maprt_map *m, const char *site) {
  tlsReadSite = site;
  if (MAPRT_UNLIKELY(!m))
    return;
  uint64_t seen = m->writing.load(std::memory_order_relaxed);
  if (MAPRT_UNLIKELY(seen != 0))
    readConflict(m, RaceKind::ReadWrite, "read", site, seen, /*wait=*/true);
}

MAPRT_API void maprt_checkmapread_end(maprt_map *m) {
  // A write claimed while our read was still running overlapped it too.
  if (MAPRT_UNLIKELY(!m))
    return;
  uint64_t seen = m->writing.load(std::memory_order_relaxed);
  if (MAPRT_UNLIKELY(seen != 0))
    readConflict(m, RaceKind::ReadWrite, "read", tlsReadSite, seen,
                 /*wait=*/false);
}

MAPRT_API void maprt_checkmapiterate(maprt_map *m, const char *site) {
  if (MAPRT_UNLIKELY(!m))
    return;
  uint64_t seen = m->writing.load(std::memory_order_relaxed);
  if (MAPRT_UNLIKELY(seen != 0))
    readConflict(m, RaceKind::IterateWrite, "iteration", site, seen,
                 /*wait=*/true);
}

//===- Program ------------------------------------------------------------===//

MAPRT_API void maprt_print_i64(int64_t value) {
  char buf[32];
  auto result = std::to_chars(buf, buf + sizeof(buf) - 1, value);
  *result.ptr++ = '\n';
  std::fwrite(buf, 1, static_cast<size_t>(result.ptr - buf), stdout);
}

MAPRT_API void maprt_main_exit(int32_t status) { exitProcess(status); }
