//===- cxx.cpp - race checks for C++ containers (MapSafePlugin.so) --------===//
//
// A std::unordered_map has no header word of ours, so its state lives in a
// side table keyed by the container's address. The checks follow Go's
// runtime (a `writing` word claimed around every write and looked at by
// reads and iteration) and also track readers, so that a writer arriving
// while another task reads is reported too.
//
// Fast path (no lock, no read-modify-write in the common case):
//
//  * Each container address has one State for the life of the process: one
//    cache line with the writer word, the reader slots and a generation.
//    maprt_cxx_container_destroyed clears it in place and bumps the
//    generation, so a container later built at the same address starts
//    fresh. States are never freed nor handed to another address, so a
//    pointer to one can never name another container.
//  * Each thread keeps a direct-mapped cache from address to (State,
//    generation seen, its own nesting depths). A hit whose generation still
//    matches needs no shared lookup; the depths make nested members on one
//    thread (operator[] calling insert, a read inside a write) cost a
//    thread-local increment and never report. A miss looks the address up
//    in a shared open-addressing table, without a lock unless the address
//    is new.
//  * A write loads the writer word and the reader slots, stores its own
//    claim (site and task, packWriter) with a plain store, and at its end
//    looks again and stores 0. A read stores its claim into a reader
//    slot and looks at the writer word, at its start and at its end.
//    Reader slot 0 belongs to one thread (the first to read the container,
//    until it exits), which writes it with plain stores; other readers
//    claim slots 1-3 with a CAS, or count themselves in `overflow` and
//    record their claim in their own thread's overflow records, which a
//    report searches (rare: a fifth reader at once) for the read's site.
//
// A check reports only when it sees another task's claim still stored: a
// claim is stored at the start of an access and cleared at its end by the
// same thread, so seeing it means that access has begun and (coherence) its
// end did not happen-before the check, i.e. the two accesses overlap with
// no happens-before between them. Accesses ordered by a mutex never see
// each other's claims, and a claim is recognised as one's own by the
// thread-local depths, never by task ids. Without fences two accesses that
// start in the same few nanoseconds may miss each other (detection is best
// effort, as in Go); the end checks narrow that window.
//
// Memory: one 64-byte State per distinct container address ever checked
// (the next container at that address reuses it), and about 16 KiB of
// cache per thread that checks containers, freed when the thread exits.
//
//===----------------------------------------------------------------------===//
#include "runtime/MapRtInternal.h"
#include "runtime/maprt.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <new>
#include <pthread.h>
#include <vector>

using namespace maprt;

namespace {

constexpr int kReaderSlots = 4; // slot 0 is the owner's
constexpr int32_t kNoSlot = -1;
constexpr int32_t kOverflowSlot = kReaderSlots;

// One cache line per container address, for the life of the process.
struct alignas(64) State {
  // 0, or packWriter(site, task) of the outermost write in progress.
  std::atomic<uint64_t> writer{0};
  // Bumped when the container at this address is destroyed.
  std::atomic<uint64_t> gen{1};
  // Task that owns reader slot 0 (0: nobody yet).
  std::atomic<uint64_t> owner{0};
  // 0, or packWriter(site, task) of an outermost read in progress.
  std::atomic<uint64_t> readers[kReaderSlots] = {};
  // Reads in progress that found no slot (their sites are not recorded).
  std::atomic<uint32_t> overflow{0};
};
static_assert(sizeof(State) == 64, "State is one cache line");

// What one thread knows about one container. 64 bytes: one line each.
struct alignas(64) Entry {
  const void *key;
  State *state;
  uint64_t gen;       // state->gen when the depths below were valid
  uint64_t writeWord; // our claim while writeDepth > 0
  uint64_t readWord;  // our claim while readDepth > 0 (unless in slot 0)
  uint32_t writeDepth;
  uint32_t readDepth;
  // Reader slot of our outermost read when we do not own slot 0 (an owner
  // always reads in slot 0), or kNoSlot.
  int32_t readSlot;
  bool ownsSlot0; // state->owner is us (valid across generations)
  // Our overflow record while readSlot == kOverflowSlot, or kNoRecord.
  int8_t overflowRecord;
};

const void *const kEmptyKey = reinterpret_cast<const void *>(~uintptr_t(0));
constexpr size_t kCacheEntries = 256;

// A read in progress that found every reader slot taken, published for
// the reports of other threads: the state is stored last and cleared
// first, so a reader of the record that sees `state` sees the claim.
struct OverflowRecord {
  std::atomic<State *> state{nullptr};
  std::atomic<uint64_t> gen{0};
  std::atomic<uint64_t> word{0};
};
constexpr int kOverflowRecords = 4; // nested overflow reads per thread
constexpr int8_t kNoRecord = -1;

struct Cache {
  Entry entries[kCacheEntries];
  // Entries with an access in progress whose cache slot another container
  // needed (nested accesses of containers that collide): rare.
  std::vector<Entry> spill;
  // States whose slot 0 this thread owns, released when it exits.
  std::vector<State *> owned;
  // The task field of our claims (packWriter's), fixed per thread.
  uint64_t taskBits;
  OverflowRecord overflow[kOverflowRecords];
};

// Every live thread's cache, for the reports that search overflow records.
std::mutex registryMutex;
std::vector<Cache *> &registry() {
  static auto *caches = new std::vector<Cache *>; // outlives thread exits
  return *caches;
}

// initial-exec: one %fs-relative load; the cache itself is on the heap so
// that libmaprt.so needs only a few bytes of static TLS.
__thread Cache *tlsCache __attribute__((tls_model("initial-exec")));

//===- The shared table (cache misses) ------------------------------------===//
//
// Address -> State, open addressing with linear probing. Entries are never
// removed (states live forever), so look-ups need no lock: a slot's key,
// once set, never changes, and its state is published before its key.
// Inserts (once per distinct address) take one mutex; growing copies into a
// table twice the size and publishes it, leaving the old one to look-ups
// still in it (leaked: all the old tables together are smaller than the
// current one). A look-up that misses in a table being replaced retries
// under the mutex.

struct Table {
  struct Slot {
    std::atomic<const void *> key{nullptr};
    std::atomic<State *> state{nullptr};
  };
  size_t mask;
  size_t used = 0; // under tableMutex
  Slot *slots;
  explicit Table(size_t size) : mask(size - 1), slots(new Slot[size]) {}
};

constexpr size_t kFirstTableSize = 1024;
std::atomic<Table *> table{nullptr};
std::mutex tableMutex;

inline size_t hashOf(const void *container) {
  uint64_t a = reinterpret_cast<uintptr_t>(container) >> 3;
  return static_cast<size_t>((a * 0x9E3779B97F4A7C15ull) >> 20);
}

State *find(const Table *t, const void *container) {
  for (size_t i = hashOf(container);; ++i) {
    const Table::Slot &slot = t->slots[i & t->mask];
    const void *key = slot.key.load(std::memory_order_acquire);
    if (key == container)
      return slot.state.load(std::memory_order_relaxed);
    if (!key)
      return nullptr;
  }
}

// With tableMutex held; `t` has room.
void insert(Table *t, const void *container, State *s) {
  for (size_t i = hashOf(container);; ++i) {
    Table::Slot &slot = t->slots[i & t->mask];
    if (slot.key.load(std::memory_order_relaxed))
      continue;
    slot.state.store(s, std::memory_order_relaxed);
    slot.key.store(container, std::memory_order_release);
    ++t->used;
    return;
  }
}

__attribute__((noinline)) State *lookupLocked(const void *container,
                                              bool create) {
  std::lock_guard<std::mutex> lock(tableMutex);
  Table *t = table.load(std::memory_order_relaxed);
  if (!t) {
    t = new Table(kFirstTableSize);
    table.store(t, std::memory_order_release);
  }
  if (State *s = find(t, container))
    return s;
  if (!create)
    return nullptr;
  if (2 * (t->used + 1) > t->mask + 1) { // keep the load factor <= 1/2
    Table *bigger = new Table(2 * (t->mask + 1));
    for (size_t i = 0; i <= t->mask; ++i)
      if (const void *key = t->slots[i].key.load(std::memory_order_relaxed))
        insert(bigger, key, t->slots[i].state.load(std::memory_order_relaxed));
    table.store(bigger, std::memory_order_release);
    t = bigger;
  }
  State *s = new State; // never freed: cached pointers stay valid
  insert(t, container, s);
  return s;
}

State *lookupState(const void *container, bool create) {
  if (const Table *t = table.load(std::memory_order_acquire))
    if (State *s = find(t, container))
      return s;
  return lookupLocked(container, create);
}

//===- The per-thread cache -----------------------------------------------===//

pthread_key_t cacheKey;
pthread_once_t cacheKeyOnce = PTHREAD_ONCE_INIT;

void releaseCache(void *raw) {
  Cache *cache = static_cast<Cache *>(raw);
  uint64_t me = tlsTask;
  for (State *s : cache->owned) {
    uint64_t expected = me;
    s->owner.compare_exchange_strong(expected, 0, std::memory_order_acq_rel,
                                     std::memory_order_relaxed);
  }
  if (tlsCache == cache)
    tlsCache = nullptr;
  {
    std::lock_guard<std::mutex> lock(registryMutex);
    std::vector<Cache *> &all = registry();
    all.erase(std::find(all.begin(), all.end(), cache));
  }
  delete cache;
}

void makeCacheKey() { pthread_key_create(&cacheKey, releaseCache); }

__attribute__((noinline)) Cache *newCache() {
  pthread_once(&cacheKeyOnce, makeCacheKey);
  Cache *cache = new Cache;
  for (Entry &e : cache->entries) {
    e = Entry{};
    e.key = kEmptyKey;
  }
  cache->taskBits = packWriter(nullptr, currentTask()) & ~kSiteMask;
  {
    std::lock_guard<std::mutex> lock(registryMutex);
    registry().push_back(cache);
  }
  tlsCache = cache;
  pthread_setspecific(cacheKey, cache);
  return cache;
}

inline Cache *cache() {
  Cache *c = tlsCache;
  if (MAPRT_UNLIKELY(!c))
    c = newCache();
  return c;
}

// packWriter(site, our task).
inline uint64_t wordOf(const char *site, uint64_t taskBits) {
  uint64_t siteBits = reinterpret_cast<uintptr_t>(site);
  if (MAPRT_UNLIKELY(siteBits - 2 > kSiteMask - 2))
    siteBits = kUnknownSiteBits;
  return siteBits | taskBits;
}

// The reader slot of our outermost read in progress.
inline int32_t slotOf(const Entry &e) { return e.ownsSlot0 ? 0 : e.readSlot; }

inline size_t indexOf(const void *container) {
  uintptr_t a = reinterpret_cast<uintptr_t>(container);
  return ((a >> 3) ^ (a >> 11)) % kCacheEntries;
}

inline bool idle(const Entry &e) { return e.writeDepth == 0 && e.readDepth == 0; }

// Takes back the overflow record of our outermost read, if it has one.
void clearOverflowRecord(Cache *c, Entry &e) {
  if (e.overflowRecord == kNoRecord)
    return;
  OverflowRecord &r = c->overflow[e.overflowRecord];
  r.state.store(nullptr, std::memory_order_release);
  r.word.store(0, std::memory_order_relaxed);
  e.overflowRecord = kNoRecord;
}

// The container was destroyed since `e` was filled (or `e` is new): what we
// knew about our accesses to the old container no longer applies.
void refresh(Cache *c, Entry &e, uint64_t gen) {
  clearOverflowRecord(c, e);
  e.gen = gen;
  e.writeDepth = 0;
  e.readDepth = 0;
  e.readSlot = kNoSlot;
}

Entry freshEntry(Cache *c, const void *container, State *s) {
  Entry e{};
  e.key = container;
  e.state = s;
  e.overflowRecord = kNoRecord;
  refresh(c, e, s->gen.load(std::memory_order_acquire));
  e.ownsSlot0 = s->owner.load(std::memory_order_relaxed) == currentTask();
  return e;
}

Entry *findSpill(Cache *c, const void *container) {
  for (Entry &e : c->spill)
    if (e.key == container)
      return &e;
  return nullptr;
}

__attribute__((noinline)) Entry *beginMiss(Cache *c, const void *container) {
  if (!container)
    return nullptr;
  Entry *e = findSpill(c, container);
  if (!e) {
    State *s = lookupState(container, /*create=*/true);
    Entry &slot = c->entries[indexOf(container)];
    // An entry with an access in progress stays (its end needs it), unless
    // its container was destroyed meanwhile.
    if (idle(slot) || slot.key == kEmptyKey ||
        slot.gen != slot.state->gen.load(std::memory_order_acquire)) {
      clearOverflowRecord(c, slot);
      slot = freshEntry(c, container, s);
      return &slot;
    }
    c->spill.push_back(freshEntry(c, container, s));
    return &c->spill.back();
  }
  uint64_t gen = e->state->gen.load(std::memory_order_acquire);
  if (e->gen != gen)
    refresh(c, *e, gen);
  return e;
}

// The entry a begin check works on, with current depths. Null only for a
// null container.
inline Entry *entryForBegin(const void *container) {
  Cache *c = cache();
  Entry &e = c->entries[indexOf(container)];
  if (MAPRT_LIKELY(e.key == container)) {
    uint64_t gen = e.state->gen.load(std::memory_order_acquire);
    if (MAPRT_UNLIKELY(e.gen != gen))
      refresh(c, e, gen);
    return &e;
  }
  return beginMiss(c, container);
}

void dropSpillIfIdle(Cache *c, Entry *e) {
  if (!idle(*e) || e < c->spill.data() || e >= c->spill.data() + c->spill.size())
    return;
  *e = c->spill.back();
  c->spill.pop_back();
}

//===- Reports (cold) -----------------------------------------------------===//

Object objectOf(const void *container) {
  return Object{container, true, nullptr, 0};
}

// A read of another task in progress (its claim), or 0. `e` is ours.
uint64_t otherReader(const State *s, const Entry &e, bool *overflowOnly) {
  *overflowOnly = false;
  int32_t mine = e.readDepth > 0 ? slotOf(e) : kNoSlot;
  for (int i = 0; i < kReaderSlots; ++i) {
    if (i == mine)
      continue;
    if (uint64_t r = s->readers[i].load(std::memory_order_relaxed))
      return r;
  }
  uint32_t n = s->overflow.load(std::memory_order_relaxed);
  if (mine == kOverflowSlot && n > 0)
    --n; // ours
  if (n > 0)
    *overflowOnly = true;
  return 0;
}

// The claim of another thread's overflow read of `s` in progress, or 0.
uint64_t overflowReader(const State *s) {
  uint64_t gen = s->gen.load(std::memory_order_acquire);
  std::lock_guard<std::mutex> lock(registryMutex);
  for (const Cache *c : registry()) {
    if (c == tlsCache)
      continue;
    for (const OverflowRecord &r : c->overflow)
      if (r.state.load(std::memory_order_acquire) == s &&
          r.gen.load(std::memory_order_relaxed) == gen)
        if (uint64_t w = r.word.load(std::memory_order_relaxed))
          return w;
  }
  return 0;
}

// Reports a read of another task in progress, if there is one.
void reportReaders(const void *container, const State *s, const Entry &e,
                   const char *site) {
  bool overflowOnly;
  uint64_t r = otherReader(s, e, &overflowOnly);
  if (r == 0 && overflowOnly)
    r = overflowReader(s);
  if (r != 0)
    reportRace(RaceKind::ReadWrite, Access{"write", site, currentTask()},
               Access{"read", writerSite(r), writerTask(r)},
               objectOf(container));
  else if (overflowOnly) // more overflow reads at once than records
    reportRace(RaceKind::ReadWrite, Access{"write", site, currentTask()},
               Access{"read", nullptr, 0}, objectOf(container));
}

__attribute__((noinline, cold)) void
writeBeginConflict(const void *container, const Entry &e, const char *site,
                   uint64_t seen) {
  if (seen != 0) {
    reportRace(RaceKind::Writes, Access{"write", site, currentTask()},
               Access{"write", writerSite(seen), writerTask(seen)},
               objectOf(container));
    return;
  }
  reportReaders(container, e.state, e, site);
}

__attribute__((noinline, cold)) void
writeEndConflict(const void *container, const Entry &e, uint64_t seen) {
  const char *site = writerSite(e.writeWord);
  if (seen != 0 && seen != e.writeWord) {
    reportRace(RaceKind::Writes, Access{"write", site, currentTask()},
               Access{"write", writerSite(seen), writerTask(seen)},
               objectOf(container));
    return;
  }
  reportReaders(container, e.state, e, site);
}

__attribute__((noinline, cold)) void readConflict(const void *container,
                                                  const char *site,
                                                  uint64_t seen) {
  reportRace(RaceKind::ReadWrite, Access{"read", site, currentTask()},
             Access{"write", writerSite(seen), writerTask(seen)},
             objectOf(container));
}

//===- Claims --------------------------------------------------------------===//

// A reader slot for a thread that does not own slot 0: slot 0 if nobody
// owns it yet (then for good), else one of slots 1-3, else the overflow.
void claimReadSlot(Cache *c, Entry &e, uint64_t mine) {
  State *s = e.state;
  uint64_t me = currentTask();
  uint64_t expected = 0;
  uint64_t owner = s->owner.load(std::memory_order_relaxed);
  if (owner == me || // taken through an entry since evicted
      (owner == 0 &&
       s->owner.compare_exchange_strong(expected, me,
                                        std::memory_order_acq_rel,
                                        std::memory_order_relaxed))) {
    if (owner == 0)
      c->owned.push_back(s);
    e.ownsSlot0 = true;
    s->readers[0].store(mine, std::memory_order_relaxed);
    return;
  }
  for (int i = 1; i < kReaderSlots; ++i) {
    expected = 0;
    if (s->readers[i].load(std::memory_order_relaxed) == 0 &&
        s->readers[i].compare_exchange_strong(expected, mine,
                                              std::memory_order_acq_rel,
                                              std::memory_order_relaxed)) {
      e.readSlot = i;
      return;
    }
  }
  s->overflow.fetch_add(1, std::memory_order_acq_rel);
  e.readSlot = kOverflowSlot;
  for (int8_t i = 0; i < kOverflowRecords; ++i) {
    OverflowRecord &r = c->overflow[i];
    if (r.state.load(std::memory_order_relaxed))
      continue;
    r.word.store(mine, std::memory_order_relaxed);
    r.gen.store(e.gen, std::memory_order_relaxed);
    r.state.store(s, std::memory_order_release);
    e.overflowRecord = i;
    return;
  }
}


inline bool anyReader(const State *s) {
  return (s->readers[0].load(std::memory_order_relaxed) |
          s->readers[1].load(std::memory_order_relaxed) |
          s->readers[2].load(std::memory_order_relaxed) |
          s->readers[3].load(std::memory_order_relaxed) |
          s->overflow.load(std::memory_order_relaxed)) != 0;
}

//===- The checks, general case -------------------------------------------===//
//
// The exported functions below handle the common case inline (a cache hit,
// outermost access, nothing else in progress) and hand everything else to
// these, which redo the whole check from the start.

// The entry an end check works on (cache or spill), or null when its begin
// was never seen.
Entry *entryForEnd(Cache *c, const void *container) {
  Entry &e = c->entries[indexOf(container)];
  if (e.key == container)
    return &e;
  return findSpill(c, container);
}

__attribute__((noinline)) void writeBeginSlow(const void *container,
                                              const char *site) {
  Cache *c = cache();
  Entry *e = entryForBegin(container);
  if (MAPRT_UNLIKELY(!e))
    return;
  if (e->writeDepth++ != 0)
    return; // nested: our claim is in place
  State *s = e->state;
  uint64_t mine = wordOf(site, c->taskBits);
  e->writeWord = mine;
  uint64_t seen = s->writer.load(std::memory_order_relaxed);
  s->writer.store(mine, std::memory_order_relaxed);
  if (MAPRT_UNLIKELY(seen != 0 || anyReader(s)))
    writeBeginConflict(container, *e, site, seen);
}

__attribute__((noinline)) void writeEndSlow(const void *container) {
  Cache *c = cache();
  Entry *e = entryForEnd(c, container);
  if (!e)
    return;
  State *s = e->state;
  if (MAPRT_UNLIKELY(e->gen != s->gen.load(std::memory_order_acquire))) {
    // Destroyed while we were inside it: take back our claim if it is
    // still there, touch nothing else.
    if (e->writeDepth != 0) {
      uint64_t expected = e->writeWord;
      s->writer.compare_exchange_strong(expected, 0, std::memory_order_release,
                                        std::memory_order_relaxed);
    }
    refresh(c, *e, s->gen.load(std::memory_order_acquire));
  } else if (e->writeDepth != 0 && --e->writeDepth == 0) {
    uint64_t seen = s->writer.load(std::memory_order_relaxed);
    if (MAPRT_UNLIKELY(seen != e->writeWord || anyReader(s)))
      writeEndConflict(container, *e, seen);
    s->writer.store(0, std::memory_order_release);
  }
  dropSpillIfIdle(c, e);
}

__attribute__((noinline)) void readBeginSlow(const void *container,
                                             const char *site) {
  Cache *c = cache();
  Entry *e = entryForBegin(container);
  if (MAPRT_UNLIKELY(!e))
    return;
  if (e->readDepth++ != 0)
    return; // nested
  State *s = e->state;
  uint64_t mine = wordOf(site, c->taskBits);
  e->readWord = mine;
  if (e->ownsSlot0)
    s->readers[0].store(mine, std::memory_order_relaxed);
  else
    claimReadSlot(c, *e, mine);
  uint64_t seen = s->writer.load(std::memory_order_relaxed);
  if (MAPRT_UNLIKELY(seen != 0) && e->writeDepth == 0)
    readConflict(container, site, seen);
}

__attribute__((noinline)) void readEndSlow(const void *container) {
  Cache *c = cache();
  Entry *e = entryForEnd(c, container);
  if (!e)
    return;
  State *s = e->state;
  if (MAPRT_UNLIKELY(e->gen != s->gen.load(std::memory_order_acquire))) {
    // Destroyed while we were inside it: take back our claim if it is
    // still there. Slot 0 is written only by its owner (and cleared by the
    // destruction), so ours to clear.
    if (e->readDepth != 0) {
      int32_t slot = slotOf(*e);
      if (slot == 0) {
        s->readers[0].store(0, std::memory_order_release);
      } else if (slot > 0 && slot < kReaderSlots) {
        uint64_t expected = e->readWord;
        s->readers[slot].compare_exchange_strong(
            expected, 0, std::memory_order_release,
            std::memory_order_relaxed);
      }
    }
    refresh(c, *e, s->gen.load(std::memory_order_acquire));
  } else if (e->readDepth != 0 && --e->readDepth == 0) {
    int32_t slot = slotOf(*e);
    uint64_t mine = slot == 0 ? s->readers[0].load(std::memory_order_relaxed)
                              : e->readWord;
    // A write that started while we were reading overlapped us too.
    uint64_t seen = s->writer.load(std::memory_order_relaxed);
    if (MAPRT_UNLIKELY(seen != 0) && e->writeDepth == 0)
      readConflict(container, writerSite(mine), seen);
    e->readSlot = kNoSlot;
    if (slot >= 0 && slot < kReaderSlots) {
      s->readers[slot].store(0, std::memory_order_release);
    } else if (slot == kOverflowSlot) {
      clearOverflowRecord(c, *e);
      s->overflow.fetch_sub(1, std::memory_order_acq_rel);
    }
  }
  dropSpillIfIdle(c, e);
}

__attribute__((noinline, cold)) void iterateConflict(const void *container,
                                                     const char *site,
                                                     uint64_t seen) {
  // Our own write (iteration inside a member that writes) is not a race.
  Cache *c = cache();
  Entry *e = entryForEnd(c, container);
  if (e && e->writeDepth != 0 &&
      e->gen == e->state->gen.load(std::memory_order_acquire))
    return;
  reportRace(RaceKind::IterateWrite, Access{"iteration", site, currentTask()},
             Access{"write", writerSite(seen), writerTask(seen)},
             objectOf(container));
}

__attribute__((noinline)) void iterateSlow(const void *container,
                                           const char *site) {
  // Fills the cache (a container iterated before it is ever written, or
  // evicted since), so that the next step is a hit.
  Cache *c = cache();
  Entry *e = entryForBegin(container);
  if (!e)
    return;
  uint64_t seen = e->state->writer.load(std::memory_order_relaxed);
  dropSpillIfIdle(c, e); // only `seen` is used below
  if (MAPRT_UNLIKELY(seen != 0))
    iterateConflict(container, site, seen);
}

// The cache entry of `container` if it is there with its generation
// current, else null. Inline: the fast paths below are leaf functions whose
// every other way out is a tail call.
inline Entry *hit(const void *container) {
  Cache *c = tlsCache;
  if (MAPRT_UNLIKELY(!c))
    return nullptr;
  Entry &e = c->entries[indexOf(container)];
  if (MAPRT_UNLIKELY(e.key != container))
    return nullptr;
  if (MAPRT_UNLIKELY(e.gen != e.state->gen.load(std::memory_order_acquire)))
    return nullptr;
  return &e;
}

} // namespace

//===- Entry points: the common case --------------------------------------===//

MAPRT_API void maprt_cxx_checkmapconcurrentwrite(const void *container,
                                                 const char *site) {
  Entry *e = hit(container);
  if (MAPRT_UNLIKELY(!e))
    return writeBeginSlow(container, site);
  if (MAPRT_UNLIKELY(e->writeDepth != 0)) {
    ++e->writeDepth; // nested: our claim is in place
    return;
  }
  State *s = e->state;
  uint64_t seen = s->writer.load(std::memory_order_relaxed);
  if (MAPRT_UNLIKELY(seen != 0 || anyReader(s)))
    return writeBeginSlow(container, site);
  uint64_t mine = wordOf(site, tlsCache->taskBits);
  e->writeDepth = 1;
  e->writeWord = mine;
  s->writer.store(mine, std::memory_order_relaxed);
}

MAPRT_API void maprt_cxx_checkmapconcurrentwrite_end(const void *container) {
  Entry *e = hit(container);
  if (MAPRT_UNLIKELY(!e || e->writeDepth == 0))
    return writeEndSlow(container);
  if (MAPRT_UNLIKELY(e->writeDepth != 1)) {
    --e->writeDepth;
    return;
  }
  State *s = e->state;
  uint64_t seen = s->writer.load(std::memory_order_relaxed);
  if (MAPRT_UNLIKELY(seen != e->writeWord || anyReader(s)))
    return writeEndSlow(container);
  e->writeDepth = 0;
  s->writer.store(0, std::memory_order_release);
}

MAPRT_API void maprt_cxx_checkmapread(const void *container, const char *site) {
  Entry *e = hit(container);
  if (MAPRT_UNLIKELY(!e))
    return readBeginSlow(container, site);
  if (MAPRT_UNLIKELY(e->readDepth != 0)) {
    ++e->readDepth; // nested
    return;
  }
  if (MAPRT_UNLIKELY(!e->ownsSlot0))
    return readBeginSlow(container, site);
  State *s = e->state;
  uint64_t seen = s->writer.load(std::memory_order_relaxed);
  if (MAPRT_UNLIKELY(seen != 0) && e->writeDepth == 0)
    return readBeginSlow(container, site);
  e->readDepth = 1;
  s->readers[0].store(wordOf(site, tlsCache->taskBits),
                      std::memory_order_relaxed);
}

MAPRT_API void maprt_cxx_checkmapread_end(const void *container) {
  Entry *e = hit(container);
  if (MAPRT_UNLIKELY(!e || e->readDepth == 0))
    return readEndSlow(container);
  if (MAPRT_UNLIKELY(e->readDepth != 1)) {
    --e->readDepth;
    return;
  }
  if (MAPRT_UNLIKELY(!e->ownsSlot0))
    return readEndSlow(container);
  State *s = e->state;
  uint64_t seen = s->writer.load(std::memory_order_relaxed);
  if (MAPRT_UNLIKELY(seen != 0) && e->writeDepth == 0)
    return readEndSlow(container);
  e->readDepth = 0;
  s->readers[0].store(0, std::memory_order_release);
}

MAPRT_API void maprt_cxx_checkmapiterate(const void *container,
                                         const char *site) {
  // The state is the address's for life: a stale cache entry still names
  // the right writer word.
  Cache *c = tlsCache;
  if (MAPRT_UNLIKELY(!c))
    return iterateSlow(container, site);
  Entry &e = c->entries[indexOf(container)];
  if (MAPRT_UNLIKELY(e.key != container))
    return iterateSlow(container, site);
  uint64_t seen = e.state->writer.load(std::memory_order_relaxed);
  if (MAPRT_UNLIKELY(seen != 0))
    return iterateConflict(container, site, seen);
}

MAPRT_API void maprt_cxx_container_destroyed(const void *container) {
  Cache *c = cache();
  Entry &e = c->entries[indexOf(container)];
  State *s = e.key == container ? e.state
             : container        ? lookupState(container, /*create=*/false)
                                : nullptr;
  if (!s)
    return;
  // New generation first, so that a thread still inside the old container
  // does not take the cleared state for its own; then clear in place.
  // Ownership of reader slot 0 stays: it is not about one container.
  s->gen.fetch_add(1, std::memory_order_acq_rel);
  s->writer.store(0, std::memory_order_release);
  for (auto &r : s->readers)
    r.store(0, std::memory_order_release);
  s->overflow.store(0, std::memory_order_release);
}
