//===- maprt.cpp - runtime maps and their Go-style race checks ------------===//
//
// The map object of lowered map programs: a header with Go's `writing` word
// in front of an absl::flat_hash_map of 64-bit words. The checks follow
// internal/runtime/maps: a writer looks at the word, claims it with a plain
// store of its own (site, task) and, at the end, looks again and clears it;
// reads and iteration steps look at it before and after. A look that finds
// another writer's word has seen two accesses overlap in time with no
// happens-before between them (coherence forbids seeing a claim that was
// cleared before us, or, at the end of a write, one older than our own), so
// a report is never wrong; a race whose accesses never overlap is simply not
// seen, as in Go. Two writers that start at the very same moment may both
// pass the first look; the second look (or the next access) finds them.
// With MAPRT_OPTIONS=halt_on_error=0 the program goes on after a report, so
// there the claim is a CAS that lets only one writer into the table at a
// time (the table must stay intact).
//
// Each checked access is one call (maprt_checkmapconcurrentwrite_assign,
// maprt_checkmapread_lookup, ...): check, operation and end-of-access check
// together. The separate check calls remain for callers that bracket an
// operation themselves.
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
  // 0, or packWriter(site, task) of the write in progress (with
  // halt_on_error=1, of the latest of overlapping writes).
  alignas(64) std::atomic<uint64_t> writing{0};
  const char *site;
  uint64_t createdTask;
  // On a cache line of its own: the table's header is only read by lookups
  // and overwrites, so it stays shared between cores, while every checked
  // write stores to the line above.
  alignas(64) absl::flat_hash_map<uint64_t, uint64_t> table;
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

// At the end of a write (halt_on_error=1), the word holds `seen`, not our
// own claim: another writer claimed it while we were writing.
__attribute__((noinline, cold)) void writeEndConflict(maprt_map *m,
                                                      const char *site,
                                                      uint64_t seen) {
  // 0: the other writer has finished already; it found our claim and
  // reports (or, had it not, there is no site to name: best effort).
  if (seen == 0)
    return;
  uint64_t me = currentTask();
  if (writerTask(seen) != 0 && writerTask(seen) == me)
    return;
  reportRace(RaceKind::Writes, Access{"write", site, me},
             Access{"write", writerSite(seen), writerTask(seen)},
             objectOf(m));
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

// This thread's task as packWriter places it (the high bits of its writer
// word), once known and when it fits; 0 sends writerWord the long way.
__thread uint64_t tlsTaskBits __attribute__((tls_model("initial-exec")));

// packWriter(site, currentTask()) with one TLS load on the fast path.
inline uint64_t writerWord(const char *site) {
  uint64_t taskBits = tlsTaskBits;
  uint64_t siteBits = reinterpret_cast<uintptr_t>(site);
  if (MAPRT_LIKELY(taskBits != 0 && siteBits - 2 < kSiteMask - 1))
    return siteBits | taskBits;
  uint64_t word = packWriter(site, currentTask());
  tlsTaskBits = word & ~kSiteMask;
  return word;
}

// halt_on_error, read once at start-up (before the program's own
// constructors): the write claim depends on it. A plain global, so that the
// checked calls have no guard of a function-local static on their fast path.
bool haltOnErrorFlag = true;
__attribute__((constructor(101))) void readHaltOnError() {
  haltOnErrorFlag = options().haltOnError;
}
inline bool haltOnError() { return haltOnErrorFlag; }

// halt_on_error=0: the claim is a CAS, so that a writer that finds the
// word taken reports and then waits for its turn (writeConflict).
template <typename Write>
__attribute__((noinline)) void keepGoingWrite(maprt_map *m, const char *site,
                                              Write write) {
  uint64_t mine = writerWord(site);
  uint64_t seen = 0;
  if (MAPRT_UNLIKELY(!m->writing.compare_exchange_strong(
          seen, mine, std::memory_order_acquire, std::memory_order_relaxed)))
    writeConflict(m, site, mine, seen);
  write();
  m->writing.store(0, std::memory_order_release);
}

// The write check around `write()`, Go's hashWriting protocol: look, claim,
// write, look again, clear. The first report ends the process; with
// halt_on_error=0, keepGoingWrite instead.
template <typename Write>
inline __attribute__((always_inline)) void checkedWrite(maprt_map *m,
                                                        const char *site,
                                                        Write write) {
  if (MAPRT_UNLIKELY(!haltOnError()))
    return keepGoingWrite(m, site, write);
  uint64_t mine = writerWord(site);
  uint64_t seen = m->writing.load(std::memory_order_relaxed);
  if (MAPRT_UNLIKELY(seen != 0))
    writeConflict(m, site, mine, seen); // reports and exits
  m->writing.store(mine, std::memory_order_relaxed);
  // The claim before the table's stores (a compiler barrier on x86).
  std::atomic_thread_fence(std::memory_order_release);
  write();
  // The table's loads before the second look.
  std::atomic_thread_fence(std::memory_order_acquire);
  seen = m->writing.load(std::memory_order_relaxed);
  if (MAPRT_UNLIKELY(seen != mine)) {
    writeEndConflict(m, site, seen);
    return; // the word is the other writer's to clear
  }
  m->writing.store(0, std::memory_order_release);
}

// The read (or iteration step) check around `read()`: a writer in progress
// when it starts or when it ends overlapped it.
template <typename Read>
inline __attribute__((always_inline)) auto
checkedRead(maprt_map *m, RaceKind kind, const char *role, const char *site,
            Read read) {
  uint64_t seen = m->writing.load(std::memory_order_acquire);
  if (MAPRT_UNLIKELY(seen != 0))
    readConflict(m, kind, role, site, seen, /*wait=*/true);
  auto result = read();
  std::atomic_thread_fence(std::memory_order_acquire);
  seen = m->writing.load(std::memory_order_relaxed);
  if (MAPRT_UNLIKELY(seen != 0))
    readConflict(m, kind, role, site, seen, /*wait=*/false);
  return result;
}

bool lookupIn(maprt_map *m, uint64_t key, uint64_t *value) {
  auto it = m->table.find(key);
  if (it != m->table.end()) {
    if (value)
      *value = it->second;
    return true;
  }
  if (value)
    *value = 0;
  return false;
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
  if (MAPRT_LIKELY(m != nullptr))
    return lookupIn(m, key, value);
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

namespace {
bool iterNext(maprt_iter *it, uint64_t *key, uint64_t *value) {
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
} // namespace

MAPRT_API bool maprt_map_iter_next(maprt_iter *it, uint64_t *key,
                                   uint64_t *value) {
  return iterNext(it, key, value);
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

//===- Checked accesses (one call each) -----------------------------------===//

MAPRT_API void maprt_checkmapconcurrentwrite_assign(maprt_map *m, uint64_t key,
                                                   uint64_t value,
                                                   const char *site) {
  if (MAPRT_UNLIKELY(!m))
    fatal("assignment to entry in nil map");
  checkedWrite(m, site,
               [m, key, value] { m->table.insert_or_assign(key, value); });
}

MAPRT_API void maprt_checkmapconcurrentwrite_delete(maprt_map *m, uint64_t key,
                                                   const char *site) {
  if (MAPRT_LIKELY(m != nullptr))
    checkedWrite(m, site, [m, key] { m->table.erase(key); });
}

MAPRT_API void maprt_checkmapconcurrentwrite_clear(maprt_map *m,
                                                  const char *site) {
  if (MAPRT_LIKELY(m != nullptr))
    checkedWrite(m, site, [m] { m->table.clear(); });
}

MAPRT_API bool maprt_checkmapread_lookup(maprt_map *m, uint64_t key,
                                         uint64_t *value, const char *site) {
  if (MAPRT_UNLIKELY(!m))
    return maprt_map_lookup(m, key, value);
  return checkedRead(m, RaceKind::ReadWrite, "read", site,
                     [m, key, value] { return lookupIn(m, key, value); });
}

MAPRT_API int64_t maprt_checkmapread_len(maprt_map *m, const char *site) {
  if (MAPRT_UNLIKELY(!m))
    return 0;
  return checkedRead(m, RaceKind::ReadWrite, "read", site, [&] {
    return static_cast<int64_t>(m->table.size());
  });
}

MAPRT_API maprt_iter *maprt_checkmapiterate_begin(maprt_map *m,
                                                  const char *site) {
  // As Go's mapiterinit: check before the iterator snapshots the table.
  maprt_checkmapiterate(m, site);
  return maprt_map_iter_begin(m);
}

MAPRT_API bool maprt_checkmapiterate_next(maprt_iter *it, uint64_t *key,
                                          uint64_t *value, const char *site) {
  maprt_map *m = it->map;
  if (MAPRT_UNLIKELY(!m))
    return false;
  return checkedRead(m, RaceKind::IterateWrite, "iteration", site,
                     [it, key, value] { return iterNext(it, key, value); });
}

//===- Program ------------------------------------------------------------===//

MAPRT_API void maprt_print_i64(int64_t value) {
  char buf[32];
  auto result = std::to_chars(buf, buf + sizeof(buf) - 1, value);
  *result.ptr++ = '\n';
  std::fwrite(buf, 1, static_cast<size_t>(result.ptr - buf), stdout);
}

MAPRT_API void maprt_main_exit(int32_t status) { exitProcess(status); }
