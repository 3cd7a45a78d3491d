//===- RuntimeTest.cpp - libmaprt unit tests --------------------*- C++ -*-===//
//
// The runtime through its C ABI only: Go map semantics (also against a
// std::unordered_map model under random operations), tasks and wait groups,
// mutex-protected sharing, and the race checks. Races are made
// deterministic by letting one task hold the writing word (it calls the
// begin check and parks) while the other side runs its check; the fatal
// paths run in death-test children so the exit status and stderr can be
// checked whole.
//
//===----------------------------------------------------------------------===//
#include "runtime/maprt.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <unistd.h>
#include <unordered_map>
#include <vector>

namespace {

using ::testing::ExitedWithCode;

//===- Helpers ------------------------------------------------------------===//

template <typename T> T *newEnv(T value) {
  T *env = static_cast<T *>(std::malloc(sizeof(T)));
  new (env) T(value);
  return env;
}

// Starts a task that calls `begin(object, site)` and then parks until
// `*release` is set, then calls `end(object)`. Returns once the begin call
// has returned, so the writing word is held.
struct Holder {
  void *object;
  const char *site;
  void (*begin)(void *, const char *);
  void (*end)(void *);
  std::atomic<bool> *held;
  std::atomic<bool> *release;
};

void holdTask(void *raw) {
  Holder *h = static_cast<Holder *>(raw);
  h->begin(h->object, h->site);
  h->held->store(true);
  while (!h->release->load())
    std::this_thread::yield();
  h->end(h->object);
}

void mapWriteBegin(void *m, const char *site) {
  maprt_checkmapconcurrentwrite(static_cast<maprt_map *>(m), site);
}
void mapWriteEnd(void *m) {
  maprt_checkmapconcurrentwrite_end(static_cast<maprt_map *>(m));
}
void cxxWriteBegin(void *c, const char *site) {
  maprt_cxx_checkmapconcurrentwrite(c, site);
}
void cxxWriteEnd(void *c) { maprt_cxx_checkmapconcurrentwrite_end(c); }
void cxxReadBegin(void *c, const char *site) {
  maprt_cxx_checkmapread(c, site);
}
void cxxReadEnd(void *c) { maprt_cxx_checkmapread_end(c); }

// The holder and its flags; `hold()` returns with the access in progress.
struct HeldAccess {
  std::atomic<bool> held{false};
  std::atomic<bool> release{false};
  maprt_group *group = maprt_group_make();

  void hold(void *object, const char *site, void (*begin)(void *, const char *),
            void (*end)(void *)) {
    held = false;
    release = false;
    maprt_go(group, holdTask,
             newEnv(Holder{object, site, begin, end, &held, &release}));
    while (!held.load())
      std::this_thread::yield();
  }
  void finish() {
    release = true;
    maprt_wait(group);
  }
};

class RuntimeDeathTest : public ::testing::Test {
protected:
  void SetUp() override {
    // Children re-execute the binary: they start single-threaded and read
    // MAPRT_OPTIONS afresh.
    GTEST_FLAG_SET(death_test_style, "threadsafe");
  }
  void TearDown() override { unsetenv("MAPRT_OPTIONS"); }
};

size_t countOf(const std::string &text, const std::string &what) {
  size_t n = 0;
  for (size_t pos = text.find(what); pos != std::string::npos;
       pos = text.find(what, pos + 1))
    ++n;
  return n;
}

//===- Go map semantics ---------------------------------------------------===//

TEST(RuntimeMap, GoSemantics) {
  maprt_map *m = maprt_map_make(0, "t.mlir:1:1");
  uint64_t v = 99;
  EXPECT_FALSE(maprt_map_lookup(m, 7, &v));
  EXPECT_EQ(v, 0u) << "a missing key reads as the zero value";
  EXPECT_EQ(maprt_map_len(m), 0);

  maprt_map_assign(m, 7, 70);
  maprt_map_assign(m, 0, 0); // zero key and value are ordinary entries
  EXPECT_TRUE(maprt_map_lookup(m, 7, &v));
  EXPECT_EQ(v, 70u);
  EXPECT_TRUE(maprt_map_lookup(m, 0, &v));
  EXPECT_EQ(v, 0u);
  EXPECT_EQ(maprt_map_len(m), 2);

  maprt_map_assign(m, 7, 71); // overwrite
  EXPECT_TRUE(maprt_map_lookup(m, 7, &v));
  EXPECT_EQ(v, 71u);
  EXPECT_EQ(maprt_map_len(m), 2);

  maprt_map_delete(m, 12345); // missing: no-op
  EXPECT_EQ(maprt_map_len(m), 2);
  maprt_map_delete(m, 7);
  EXPECT_FALSE(maprt_map_lookup(m, 7, &v));
  EXPECT_EQ(maprt_map_len(m), 1);

  maprt_map_assign(m, ~uint64_t(0), ~uint64_t(0));
  maprt_map_clear(m);
  EXPECT_EQ(maprt_map_len(m), 0);
  EXPECT_FALSE(maprt_map_lookup(m, 0, &v));
  maprt_map_assign(m, 3, 4); // usable after clear
  EXPECT_EQ(maprt_map_len(m), 1);
}

TEST(RuntimeMap, CapacityIsOnlyAHint) {
  maprt_map *m = maprt_map_make(1000, "t.mlir:1:1");
  EXPECT_EQ(maprt_map_len(m), 0);
  for (uint64_t i = 0; i < 5000; ++i)
    maprt_map_assign(m, i * 7919, i);
  EXPECT_EQ(maprt_map_len(m), 5000);
  maprt_map *negative = maprt_map_make(-5, "t.mlir:2:1");
  EXPECT_EQ(maprt_map_len(negative), 0);
}

TEST(RuntimeMap, NilMapReads) {
  uint64_t v = 5;
  EXPECT_FALSE(maprt_map_lookup(nullptr, 1, &v));
  EXPECT_EQ(v, 0u);
  EXPECT_EQ(maprt_map_len(nullptr), 0);
  maprt_map_delete(nullptr, 1); // Go: deleting from a nil map is a no-op
  maprt_iter *it = maprt_map_iter_begin(nullptr);
  uint64_t k;
  EXPECT_FALSE(maprt_map_iter_next(it, &k, &v));
  maprt_map_iter_end(it);
}

TEST(RuntimeMap, IterationSeesCurrentValuesAndSkipsDeleted) {
  maprt_map *m = maprt_map_make(0, "t.mlir:1:1");
  for (uint64_t i = 0; i < 100; ++i)
    maprt_map_assign(m, i, i);
  maprt_iter *it = maprt_map_iter_begin(m);
  std::set<uint64_t> seen;
  uint64_t k, v;
  bool first = true;
  while (maprt_map_iter_next(it, &k, &v)) {
    EXPECT_TRUE(seen.insert(k).second) << "key " << k << " produced twice";
    if (first) {
      // Writes in the body: delete every odd key not yet reached, bump all
      // values, add new keys.
      for (uint64_t i = 0; i < 100; ++i) {
        if (i % 2 == 1 && i != k)
          maprt_map_delete(m, i);
        maprt_map_assign(m, i == k ? 1000 + i : i, 1000 + i);
      }
      for (uint64_t i = 100; i < 200; ++i)
        maprt_map_assign(m, i, i);
      first = false;
      continue;
    }
    EXPECT_LT(k, 200u);
    if (k < 100)
      EXPECT_EQ(v, 1000 + k) << "the value current when reached";
  }
  maprt_map_iter_end(it);
  // Every even key existed throughout and must have been produced.
  for (uint64_t i = 0; i < 100; i += 2)
    EXPECT_TRUE(seen.count(i)) << i;
}

// Many random operations, iteration with writes in the body included,
// against std::unordered_map: nothing lost, nothing invented.
TEST(RuntimeMap, RandomModel) {
  std::mt19937_64 rng(20260101);
  maprt_map *m = maprt_map_make(0, "t.mlir:1:1");
  std::unordered_map<uint64_t, uint64_t> model;
  auto randomKey = [&] {
    // Mostly a small range (collisions, re-inserts), sometimes any word.
    return rng() % 8 == 0 ? rng() : rng() % 512;
  };
  auto checkLookup = [&](uint64_t key) {
    uint64_t v = 12345;
    bool found = maprt_map_lookup(m, key, &v);
    auto it = model.find(key);
    ASSERT_EQ(found, it != model.end()) << key;
    ASSERT_EQ(v, found ? it->second : 0u) << key;
  };

  for (int op = 0; op < 200000; ++op) {
    unsigned choice = rng() % 1000;
    if (choice < 450) {
      uint64_t k = randomKey(), v = rng();
      maprt_map_assign(m, k, v);
      model[k] = v;
    } else if (choice < 700) {
      checkLookup(randomKey());
    } else if (choice < 950) {
      uint64_t k = randomKey();
      maprt_map_delete(m, k);
      model.erase(k);
    } else if (choice < 952) {
      maprt_map_clear(m);
      model.clear();
    } else if (choice < 990) {
      ASSERT_EQ(maprt_map_len(m), static_cast<int64_t>(model.size()));
    } else {
      // Iteration, sometimes writing in the body.
      std::set<uint64_t> atStart, deleted, seen;
      for (auto &kv : model)
        atStart.insert(kv.first);
      bool writes = rng() % 2;
      maprt_iter *it = maprt_map_iter_begin(m);
      uint64_t k, v;
      while (maprt_map_iter_next(it, &k, &v)) {
        ASSERT_TRUE(seen.insert(k).second) << "duplicate " << k;
        auto found = model.find(k);
        ASSERT_NE(found, model.end()) << "invented key " << k;
        ASSERT_EQ(found->second, v) << "stale value for " << k;
        if (!writes)
          continue;
        for (int w = 0; w < 3; ++w) {
          uint64_t key = randomKey();
          if (rng() % 2) {
            maprt_map_delete(m, key);
            model.erase(key);
            deleted.insert(key);
          } else {
            uint64_t value = rng();
            maprt_map_assign(m, key, value);
            model[key] = value;
          }
        }
      }
      maprt_map_iter_end(it);
      for (uint64_t key : atStart)
        if (!deleted.count(key))
          ASSERT_TRUE(seen.count(key)) << "lost key " << key;
    }
  }
  ASSERT_EQ(maprt_map_len(m), static_cast<int64_t>(model.size()));
  for (auto &kv : model)
    checkLookup(kv.first);
}

//===- Tasks, wait groups, mutexes ----------------------------------------===//

constexpr uint64_t kStressOps = 10000;
constexpr int kTasks = 8;

struct SharedMap {
  maprt_map *map;
  maprt_mutex *mu;
  uint64_t base;
  std::atomic<int64_t> *readsFound;
};

void writerTask(void *raw) {
  SharedMap *s = static_cast<SharedMap *>(raw);
  for (uint64_t i = 0; i < kStressOps; ++i) {
    maprt_mutex_lock(s->mu);
    maprt_checkmapconcurrentwrite(s->map, "stress.mlir:1:1");
    maprt_map_assign(s->map, s->base + i, i);
    if (i % 3 == 0)
      maprt_map_delete(s->map, s->base + i / 2);
    maprt_checkmapconcurrentwrite_end(s->map);
    maprt_mutex_unlock(s->mu);

    maprt_mutex_rlock(s->mu);
    maprt_checkmapread(s->map, "stress.mlir:2:1");
    uint64_t v;
    if (maprt_map_lookup(s->map, s->base + i, &v))
      s->readsFound->fetch_add(1);
    maprt_checkmapread_end(s->map);
    maprt_mutex_runlock(s->mu);
  }
  maprt_mutex_rlock(s->mu);
  maprt_iter *it = maprt_map_iter_begin(s->map);
  uint64_t k, v;
  while (true) {
    maprt_checkmapiterate(s->map, "stress.mlir:3:1");
    if (!maprt_map_iter_next(it, &k, &v))
      break;
  }
  maprt_map_iter_end(it);
  maprt_mutex_runlock(s->mu);
}

/// What the stress tasks leave: each task's own keys i, kept unless deleted
/// as some j/2 with j%3==0.
void expectStressResult(maprt_map *m) {
  std::unordered_map<uint64_t, uint64_t> expected;
  for (int t = 0; t < kTasks; ++t) {
    uint64_t base = uint64_t(t) << 32;
    for (uint64_t i = 0; i < kStressOps; ++i) {
      expected[base + i] = i;
      if (i % 3 == 0)
        expected.erase(base + i / 2);
    }
  }
  EXPECT_EQ(maprt_map_len(m), static_cast<int64_t>(expected.size()));
  for (auto &kv : expected) {
    uint64_t v;
    ASSERT_TRUE(maprt_map_lookup(m, kv.first, &v)) << kv.first;
    ASSERT_EQ(v, kv.second);
  }
}

TEST(RuntimeTasks, MutexProtectedStress) {
  maprt_map *m = maprt_map_make(0, "stress.mlir:0:1");
  maprt_mutex *mu = maprt_mutex_make();
  maprt_group *g = maprt_group_make();
  std::atomic<int64_t> readsFound{0};
  for (int t = 0; t < kTasks; ++t)
    maprt_go(g, writerTask,
             newEnv(SharedMap{m, mu, uint64_t(t) << 32, &readsFound}));
  maprt_wait(g);

  expectStressResult(m);
  // A task always finds what it just wrote under the same mutex, unless it
  // deleted it itself (i == i/2 only for i == 0).
  EXPECT_EQ(readsFound.load(), int64_t(kTasks) * int64_t(kStressOps - 1));
}

struct Nest {
  maprt_group *group;
  std::atomic<int> *count;
  int depth;
};

void nestedTask(void *raw) {
  Nest *n = static_cast<Nest *>(raw);
  if (n->depth > 0)
    for (int i = 0; i < 3; ++i)
      maprt_go(n->group, nestedTask,
               newEnv(Nest{n->group, n->count, n->depth - 1}));
  // Finish after the children were started, sometimes before they end.
  n->count->fetch_add(1);
}

TEST(RuntimeTasks, WaitJoinsNestedTasks) {
  maprt_group *g = maprt_group_make();
  std::atomic<int> count{0};
  maprt_go(g, nestedTask, newEnv(Nest{g, &count, 4}));
  maprt_wait(g);
  EXPECT_EQ(count.load(), 1 + 3 + 9 + 27 + 81);
  maprt_wait(g); // nothing pending: returns at once
  maprt_wait(nullptr);
}

TEST(RuntimeTasks, WaitOnlyJoinsItsGroup) {
  maprt_group *g = maprt_group_make();
  std::atomic<bool> release{false}, done{false};
  struct Park {
    std::atomic<bool> *release, *done;
  };
  maprt_go(
      nullptr,
      [](void *raw) {
        Park *p = static_cast<Park *>(raw);
        while (!p->release->load())
          std::this_thread::yield();
        p->done->store(true);
      },
      newEnv(Park{&release, &done}));
  maprt_go(
      g, [](void *) {}, nullptr); // null env is allowed
  maprt_wait(g);
  EXPECT_FALSE(done.load());
  release = true;
  while (!done.load())
    std::this_thread::yield();
}

void privateMapTask(void *raw) {
  std::atomic<int> *count = *static_cast<std::atomic<int> **>(raw);
  maprt_map *m = maprt_map_make(0, "many.mlir:1:1");
  for (uint64_t i = 0; i < 8; ++i) {
    maprt_checkmapconcurrentwrite(m, "many.mlir:2:1");
    maprt_map_assign(m, i, i);
    maprt_checkmapconcurrentwrite_end(m);
  }
  if (maprt_map_len(m) == 8)
    count->fetch_add(1);
}

TEST(RuntimeTasks, TenThousandTasks) {
  maprt_group *g = maprt_group_make();
  std::atomic<int> count{0};
  for (int i = 0; i < 10000; ++i)
    maprt_go(g, privateMapTask, newEnv(&count));
  maprt_wait(g);
  EXPECT_EQ(count.load(), 10000);
}

struct Parked {
  maprt_mutex *gate;
  std::atomic<int> *started;
};

void parkedTask(void *raw) {
  Parked *p = static_cast<Parked *>(raw);
  p->started->fetch_add(1);
  maprt_mutex_rlock(p->gate); // blocks until main opens the gate
  maprt_mutex_runlock(p->gate);
}

// Ten thousand tasks alive at once: only possible with small stacks.
TEST(RuntimeTasks, TenThousandLiveTasks) {
  maprt_group *g = maprt_group_make();
  maprt_mutex *gate = maprt_mutex_make();
  std::atomic<int> started{0};
  maprt_mutex_lock(gate);
  for (int i = 0; i < 10000; ++i)
    maprt_go(g, parkedTask, newEnv(Parked{gate, &started}));
  while (started.load() < 10000)
    std::this_thread::yield();
  maprt_mutex_unlock(gate);
  maprt_wait(g);
  EXPECT_EQ(started.load(), 10000);
}

TEST(RuntimeTasks, PrintI64) {
  ::testing::internal::CaptureStdout();
  maprt_print_i64(0);
  maprt_print_i64(-42);
  maprt_print_i64(INT64_MIN);
  maprt_print_i64(INT64_MAX);
  std::fflush(stdout);
  EXPECT_EQ(::testing::internal::GetCapturedStdout(),
            "0\n-42\n-9223372036854775808\n9223372036854775807\n");
}

//===- Race reports on maps -----------------------------------------------===//

TEST_F(RuntimeDeathTest, WriteWriteNamesBothSites) {
  EXPECT_EXIT(
      {
        maprt_map *m = maprt_map_make(0, "t.mlir:3:10");
        HeldAccess other;
        other.hold(m, "t.mlir:20:5", mapWriteBegin, mapWriteEnd);
        maprt_checkmapconcurrentwrite(m, "t.mlir:12:5");
      },
      ExitedWithCode(2),
      "^fatal error: concurrent map writes\n\n"
      "write at t.mlir:12:5 \\(task 1\\)\n"
      "concurrent write at t.mlir:20:5 \\(task 2\\)\n"
      "map created at t.mlir:3:10 \\(task 1\\)\n$");
}

TEST_F(RuntimeDeathTest, ReadDuringWrite) {
  EXPECT_EXIT(
      {
        maprt_map *m = maprt_map_make(0, "t.mlir:3:10");
        HeldAccess other;
        other.hold(m, "t.mlir:20:5", mapWriteBegin, mapWriteEnd);
        maprt_checkmapread(m, "t.mlir:8:7");
      },
      ExitedWithCode(2),
      "^fatal error: concurrent map read and map write\n\n"
      "read at t.mlir:8:7 \\(task 1\\)\n"
      "concurrent write at t.mlir:20:5 \\(task 2\\)\n"
      "map created at t.mlir:3:10 \\(task 1\\)\n$");
}

TEST_F(RuntimeDeathTest, WriteStartedDuringReadIsSeenAtReadEnd) {
  EXPECT_EXIT(
      {
        maprt_map *m = maprt_map_make(0, "t.mlir:3:10");
        maprt_checkmapread(m, "t.mlir:8:7");
        HeldAccess other;
        other.hold(m, "t.mlir:20:5", mapWriteBegin, mapWriteEnd);
        maprt_checkmapread_end(m);
      },
      ExitedWithCode(2),
      "^fatal error: concurrent map read and map write\n\n"
      "read at t.mlir:8:7 \\(task 1\\)\n"
      "concurrent write at t.mlir:20:5 \\(task 2\\)\n");
}

TEST_F(RuntimeDeathTest, IterationDuringWrite) {
  EXPECT_EXIT(
      {
        maprt_map *m = maprt_map_make(0, "t.mlir:3:10");
        maprt_map_assign(m, 1, 1);
        maprt_iter *it = maprt_map_iter_begin(m);
        HeldAccess other;
        other.hold(m, "t.mlir:20:5", mapWriteBegin, mapWriteEnd);
        maprt_checkmapiterate(m, "t.mlir:30:3");
        (void)it;
      },
      ExitedWithCode(2),
      "^fatal error: concurrent map iteration and map write\n\n"
      "iteration at t.mlir:30:3 \\(task 1\\)\n"
      "concurrent write at t.mlir:20:5 \\(task 2\\)\n"
      "map created at t.mlir:3:10 \\(task 1\\)\n$");
}

TEST_F(RuntimeDeathTest, SequentialAccessesFromManyTasksDoNotReport) {
  EXPECT_EXIT(
      {
        maprt_map *m = maprt_map_make(0, "t.mlir:3:10");
        for (int round = 0; round < 50; ++round) {
          HeldAccess other;
          other.hold(m, "t.mlir:20:5", mapWriteBegin, mapWriteEnd);
          other.finish(); // the write ended and was joined: ordered
          maprt_checkmapconcurrentwrite(m, "t.mlir:12:5");
          maprt_map_assign(m, round, round);
          maprt_checkmapconcurrentwrite_end(m);
          maprt_checkmapread(m, "t.mlir:13:5");
          maprt_checkmapread_end(m);
          maprt_checkmapiterate(m, "t.mlir:14:5");
        }
        std::fprintf(stderr, "clean\n");
        maprt_main_exit(0);
      },
      ExitedWithCode(0), "^clean\n$");
}

TEST_F(RuntimeDeathTest, MainExitStatusAndOutputFlush) {
  // The child sends its stdout to a file named by the parent (the child
  // runs this code again: it must keep the parent's name).
  std::string path =
      ::testing::TempDir() + "maprt-stdout-" + std::to_string(getpid());
  setenv("MAPRT_TEST_STDOUT", path.c_str(), /*overwrite=*/0);
  path = getenv("MAPRT_TEST_STDOUT");
  EXPECT_EXIT(
      {
        std::FILE *out = std::freopen(getenv("MAPRT_TEST_STDOUT"), "w", stdout);
        if (!out)
          std::_Exit(99);
        maprt_print_i64(7); // buffered; must not be lost by _exit
        maprt_print_i64(-8);
        maprt_main_exit(3);
      },
      ExitedWithCode(3), "^$");
  unsetenv("MAPRT_TEST_STDOUT");
  std::FILE *in = std::fopen(path.c_str(), "r");
  ASSERT_NE(in, nullptr);
  char buf[64] = {};
  size_t n = std::fread(buf, 1, sizeof(buf) - 1, in);
  std::fclose(in);
  std::remove(path.c_str());
  EXPECT_EQ(std::string(buf, n), "7\n-8\n");
}

//===- Checked operations (one call each: what the lowering emits) -------===//

TEST(RuntimeChecked, GoSemantics) {
  maprt_map *m = maprt_map_make(0, "t.mlir:1:1");
  uint64_t v = 99;
  EXPECT_FALSE(maprt_checkmapread_lookup(m, 7, &v, "t.mlir:2:1"));
  EXPECT_EQ(v, 0u);
  maprt_checkmapconcurrentwrite_assign(m, 7, 70, "t.mlir:3:1");
  maprt_checkmapconcurrentwrite_assign(m, 8, 80, "t.mlir:3:1");
  maprt_checkmapconcurrentwrite_assign(m, 8, 81, "t.mlir:3:1"); // overwrite
  EXPECT_TRUE(maprt_checkmapread_lookup(m, 7, &v, "t.mlir:2:1"));
  EXPECT_EQ(v, 70u);
  EXPECT_EQ(maprt_checkmapread_len(m, "t.mlir:4:1"), 2);
  maprt_checkmapconcurrentwrite_delete(m, 7, "t.mlir:5:1");
  maprt_checkmapconcurrentwrite_delete(m, 12345, "t.mlir:5:1"); // no-op
  EXPECT_FALSE(maprt_checkmapread_lookup(m, 7, &v, "t.mlir:2:1"));
  EXPECT_EQ(maprt_checkmapread_len(m, "t.mlir:4:1"), 1);

  maprt_iter *it = maprt_checkmapiterate_begin(m, "t.mlir:6:1");
  uint64_t k = 0;
  ASSERT_TRUE(maprt_checkmapiterate_next(it, &k, &v, "t.mlir:6:1"));
  EXPECT_EQ(k, 8u);
  EXPECT_EQ(v, 81u);
  EXPECT_FALSE(maprt_checkmapiterate_next(it, &k, &v, "t.mlir:6:1"));
  maprt_map_iter_end(it);

  maprt_checkmapconcurrentwrite_clear(m, "t.mlir:7:1");
  EXPECT_EQ(maprt_checkmapread_len(m, "t.mlir:4:1"), 0);
  // The write word is free again after every call.
  maprt_checkmapconcurrentwrite(m, "t.mlir:8:1");
  maprt_checkmapconcurrentwrite_end(m);
}

TEST(RuntimeChecked, NilMap) {
  uint64_t v = 5, k = 0;
  EXPECT_FALSE(maprt_checkmapread_lookup(nullptr, 1, &v, "t.mlir:2:1"));
  EXPECT_EQ(v, 0u);
  EXPECT_EQ(maprt_checkmapread_len(nullptr, "t.mlir:4:1"), 0);
  maprt_checkmapconcurrentwrite_delete(nullptr, 1, "t.mlir:5:1");
  maprt_checkmapconcurrentwrite_clear(nullptr, "t.mlir:7:1");
  maprt_iter *it = maprt_checkmapiterate_begin(nullptr, "t.mlir:6:1");
  EXPECT_FALSE(maprt_checkmapiterate_next(it, &k, &v, "t.mlir:6:1"));
  maprt_map_iter_end(it);
}

TEST_F(RuntimeDeathTest, CheckedAssignToNilMap) {
  EXPECT_EXIT(maprt_checkmapconcurrentwrite_assign(nullptr, 1, 1, "t.mlir:3:1"),
              ExitedWithCode(2),
              "^fatal error: assignment to entry in nil map\n$");
}

// Each checked call finds a write in progress (held by another task) and
// names both sites, the map's creation site and both tasks.
void checkedCallDuringWrite(void (*call)(maprt_map *)) {
  maprt_map *m = maprt_map_make(0, "t.mlir:3:10");
  maprt_map_assign(m, 1, 1);
  HeldAccess other;
  other.hold(m, "t.mlir:20:5", mapWriteBegin, mapWriteEnd);
  call(m);
}

const char *const kOtherWriter =
    "concurrent write at t.mlir:20:5 \\(task 2\\)\n"
    "map created at t.mlir:3:10 \\(task 1\\)\n$";

TEST_F(RuntimeDeathTest, CheckedWritesDuringWrite) {
  std::string writes = "^fatal error: concurrent map writes\n\n"
                       "write at t.mlir:12:5 \\(task 1\\)\n";
  EXPECT_EXIT(checkedCallDuringWrite([](maprt_map *m) {
                maprt_checkmapconcurrentwrite_assign(m, 2, 2, "t.mlir:12:5");
              }),
              ExitedWithCode(2), writes + kOtherWriter);
  EXPECT_EXIT(checkedCallDuringWrite([](maprt_map *m) {
                maprt_checkmapconcurrentwrite_delete(m, 1, "t.mlir:12:5");
              }),
              ExitedWithCode(2), writes + kOtherWriter);
  EXPECT_EXIT(checkedCallDuringWrite([](maprt_map *m) {
                maprt_checkmapconcurrentwrite_clear(m, "t.mlir:12:5");
              }),
              ExitedWithCode(2), writes + kOtherWriter);
}

TEST_F(RuntimeDeathTest, CheckedReadsDuringWrite) {
  std::string read = "^fatal error: concurrent map read and map write\n\n"
                     "read at t.mlir:8:7 \\(task 1\\)\n";
  EXPECT_EXIT(checkedCallDuringWrite([](maprt_map *m) {
                uint64_t v;
                maprt_checkmapread_lookup(m, 1, &v, "t.mlir:8:7");
              }),
              ExitedWithCode(2), read + kOtherWriter);
  EXPECT_EXIT(checkedCallDuringWrite([](maprt_map *m) {
                maprt_checkmapread_len(m, "t.mlir:8:7");
              }),
              ExitedWithCode(2), read + kOtherWriter);
}

TEST_F(RuntimeDeathTest, CheckedIterationDuringWrite) {
  std::string iteration =
      "^fatal error: concurrent map iteration and map write\n\n"
      "iteration at t.mlir:30:3 \\(task 1\\)\n";
  EXPECT_EXIT(checkedCallDuringWrite([](maprt_map *m) {
                maprt_checkmapiterate_begin(m, "t.mlir:30:3");
              }),
              ExitedWithCode(2), iteration + kOtherWriter);
  // A write that starts during the iteration is seen at the next step.
  auto writeDuringIteration = [] {
    maprt_map *m = maprt_map_make(0, "t.mlir:3:10");
    maprt_map_assign(m, 1, 1);
    maprt_map_assign(m, 2, 2);
    maprt_iter *it = maprt_checkmapiterate_begin(m, "t.mlir:30:3");
    uint64_t k = 0, v = 0;
    maprt_checkmapiterate_next(it, &k, &v, "t.mlir:30:3");
    HeldAccess other;
    other.hold(m, "t.mlir:20:5", mapWriteBegin, mapWriteEnd);
    maprt_checkmapiterate_next(it, &k, &v, "t.mlir:30:3");
  };
  EXPECT_EXIT(writeDuringIteration(), ExitedWithCode(2),
              iteration + kOtherWriter);
}

// Two tasks writing one map through the checked calls: the race is found
// (by whichever look) long before the writes run out, and both sites are
// named.
constexpr uint64_t kRacingWrites = uint64_t(1) << 28;

void checkedWriter(void *raw) {
  maprt_map *m = *static_cast<maprt_map **>(raw);
  for (uint64_t i = 0; i < kRacingWrites; ++i)
    maprt_checkmapconcurrentwrite_assign(m, i & 4095, i, "t.mlir:13:5");
}

TEST_F(RuntimeDeathTest, CheckedWritersRacing) {
  EXPECT_EXIT(
      {
        maprt_map *m = maprt_map_make(0, "t.mlir:3:10");
        maprt_go(nullptr, checkedWriter, newEnv(m));
        for (uint64_t i = 0; i < kRacingWrites; ++i)
          maprt_checkmapconcurrentwrite_assign(m, i & 4095, i, "t.mlir:12:5");
        maprt_main_exit(0); // not seen: fails the test
      },
      ExitedWithCode(2), ::testing::Truly([](const std::string &err) {
        bool mainFirst =
            countOf(err, "\nwrite at t.mlir:12:5 (task 1)\n"
                         "concurrent write at t.mlir:13:5 (task 2)\n") == 1;
        bool taskFirst =
            countOf(err, "\nwrite at t.mlir:13:5 (task 2)\n"
                         "concurrent write at t.mlir:12:5 (task 1)\n") == 1;
        return err.rfind("fatal error: concurrent map writes\n", 0) == 0 &&
               (mainFirst || taskFirst) &&
               countOf(err, "map created at t.mlir:3:10 (task 1)\n") == 1;
      }));
}

// Checked calls ordered by a mutex, from many tasks: never a report, and
// nothing lost.
struct CheckedShared {
  maprt_map *map;
  maprt_mutex *mu;
  uint64_t base;
};

void checkedStressTask(void *raw) {
  CheckedShared *s = static_cast<CheckedShared *>(raw);
  for (uint64_t i = 0; i < kStressOps; ++i) {
    maprt_mutex_lock(s->mu);
    maprt_checkmapconcurrentwrite_assign(s->map, s->base + i, i,
                                         "stress.mlir:1:1");
    if (i % 3 == 0)
      maprt_checkmapconcurrentwrite_delete(s->map, s->base + i / 2,
                                           "stress.mlir:2:1");
    maprt_mutex_unlock(s->mu);
    maprt_mutex_rlock(s->mu);
    uint64_t v;
    maprt_checkmapread_lookup(s->map, s->base + i, &v, "stress.mlir:3:1");
    maprt_checkmapread_len(s->map, "stress.mlir:4:1");
    maprt_mutex_runlock(s->mu);
  }
  maprt_mutex_rlock(s->mu);
  maprt_iter *it = maprt_checkmapiterate_begin(s->map, "stress.mlir:5:1");
  uint64_t k, v;
  while (maprt_checkmapiterate_next(it, &k, &v, "stress.mlir:5:1")) {
  }
  maprt_map_iter_end(it);
  maprt_mutex_runlock(s->mu);
}

TEST(RuntimeChecked, MutexProtectedStress) {
  maprt_map *m = maprt_map_make(0, "stress.mlir:0:1");
  maprt_mutex *mu = maprt_mutex_make();
  maprt_group *g = maprt_group_make();
  for (int t = 0; t < kTasks; ++t)
    maprt_go(g, checkedStressTask,
             newEnv(CheckedShared{m, mu, uint64_t(t) << 32}));
  maprt_wait(g);
  expectStressResult(m);
}

TEST_F(RuntimeDeathTest, CheckedKeepGoingWritersTakeTurns) {
  setenv("MAPRT_OPTIONS", "halt_on_error=0", 1);
  EXPECT_EXIT(
      {
        maprt_map *m = maprt_map_make(0, "t.mlir:3:10");
        HeldAccess other;
        other.hold(m, "t.mlir:20:5", mapWriteBegin, mapWriteEnd);
        std::thread releaser([&] {
          std::this_thread::sleep_for(std::chrono::milliseconds(500));
          other.release = true;
        });
        // Reports, then waits for the holder instead of writing alongside.
        maprt_checkmapconcurrentwrite_assign(m, 1, 1, "t.mlir:12:5");
        releaser.join();
        maprt_wait(other.group);
        // Our claim was released: a later write finds the word free.
        maprt_checkmapconcurrentwrite_assign(m, 2, 2, "t.mlir:12:5");
        std::fprintf(stderr, "len %d\n", int(maprt_map_len(m)));
        maprt_main_exit(0);
      },
      ExitedWithCode(66),
      "^fatal error: concurrent map writes\n\n"
      "write at t.mlir:12:5 \\(task 1\\)\n"
      "concurrent write at t.mlir:20:5 \\(task 2\\)\n"
      "map created at t.mlir:3:10 \\(task 1\\)\n\n"
      "len 2\n$");
}

//===- halt_on_error=0 ----------------------------------------------------===//

TEST_F(RuntimeDeathTest, KeepGoingReportsEachPairOnceAndExits66) {
  setenv("MAPRT_OPTIONS", "halt_on_error=0", 1);
  EXPECT_EXIT(
      {
        maprt_map *m = maprt_map_make(0, "t.mlir:3:10");
        for (int i = 0; i < 5; ++i) {
          maprt_checkmapread(m, "t.mlir:8:7");
          HeldAccess other;
          other.hold(m, "t.mlir:20:5", mapWriteBegin, mapWriteEnd);
          maprt_checkmapread_end(m); // reports (once), does not wait
          other.finish();
        }
        // A different pair is a new report.
        maprt_checkmapread(m, "t.mlir:9:7");
        HeldAccess other;
        other.hold(m, "t.mlir:20:5", mapWriteBegin, mapWriteEnd);
        maprt_checkmapread_end(m);
        other.finish();
        maprt_main_exit(0);
      },
      ExitedWithCode(66), ::testing::Truly([](const std::string &err) {
        return countOf(err, "fatal error: concurrent map read and map write") ==
                   2 &&
               countOf(err, "read at t.mlir:8:7 (task 1)") == 1 &&
               countOf(err, "read at t.mlir:9:7 (task 1)") == 1;
      }));
}

TEST_F(RuntimeDeathTest, KeepGoingWritersTakeTurns) {
  setenv("MAPRT_OPTIONS", "verbosity=1,halt_on_error=0", 1);
  EXPECT_EXIT(
      {
        maprt_map *m = maprt_map_make(0, "t.mlir:3:10");
        HeldAccess other;
        other.hold(m, "t.mlir:20:5", mapWriteBegin, mapWriteEnd);
        // Let the holder go a little later; meanwhile our claim fails,
        // reports, and waits for its turn instead of writing alongside.
        std::thread releaser([&] {
          std::this_thread::sleep_for(std::chrono::milliseconds(500));
          other.release = true;
        });
        maprt_checkmapconcurrentwrite(m, "t.mlir:12:5");
        maprt_map_assign(m, 1, 1);
        maprt_checkmapconcurrentwrite_end(m);
        releaser.join();
        maprt_wait(other.group);
        std::fprintf(stderr, "len %d\n", int(maprt_map_len(m)));
        maprt_main_exit(0);
      },
      ExitedWithCode(66),
      "^maprt: warning: ignoring MAPRT_OPTIONS entry 'verbosity=1'\n"
      "fatal error: concurrent map writes\n\n"
      "write at t.mlir:12:5 \\(task 1\\)\n"
      "concurrent write at t.mlir:20:5 \\(task 2\\)\n"
      "map created at t.mlir:3:10 \\(task 1\\)\n\n"
      "len 1\n$");
}

TEST_F(RuntimeDeathTest, KeepGoingCxxProgramExits66FromExit) {
  setenv("MAPRT_OPTIONS", "halt_on_error=0", 1);
  EXPECT_EXIT(
      {
        static int container;
        HeldAccess other;
        other.hold(&container, "prog.cpp:10:3", cxxWriteBegin, cxxWriteEnd);
        maprt_cxx_checkmapconcurrentwrite(&container, "prog.cpp:20:3");
        maprt_cxx_checkmapconcurrentwrite_end(&container);
        other.finish();
        std::exit(0); // a C++ program returning from main
      },
      ExitedWithCode(66), "fatal error: concurrent map writes");
}

TEST_F(RuntimeDeathTest, KeepGoingWithoutRaceKeepsStatus) {
  setenv("MAPRT_OPTIONS", "halt_on_error=0", 1);
  EXPECT_EXIT(maprt_main_exit(5), ExitedWithCode(5), "^$");
  EXPECT_EXIT(std::exit(4), ExitedWithCode(4), "^$");
}

//===- C++ containers -----------------------------------------------------===//

TEST_F(RuntimeDeathTest, CxxWriteWrite) {
  EXPECT_EXIT(
      {
        static int container;
        HeldAccess other;
        other.hold(&container, "prog.cpp:10:3", cxxWriteBegin, cxxWriteEnd);
        maprt_cxx_checkmapconcurrentwrite(&container, "prog.cpp:20:3");
      },
      ExitedWithCode(2),
      "^fatal error: concurrent map writes\n\n"
      "write at prog.cpp:20:3 \\(task 1\\)\n"
      "concurrent write at prog.cpp:10:3 \\(task 2\\)\n"
      "container at 0x[0-9a-f]+\n$");
}

TEST_F(RuntimeDeathTest, CxxWriteWhileAnotherTaskReads) {
  EXPECT_EXIT(
      {
        static int container;
        HeldAccess other;
        other.hold(&container, "prog.cpp:10:3", cxxReadBegin, cxxReadEnd);
        maprt_cxx_checkmapconcurrentwrite(&container, "prog.cpp:20:3");
      },
      ExitedWithCode(2),
      "^fatal error: concurrent map read and map write\n\n"
      "write at prog.cpp:20:3 \\(task 1\\)\n"
      "concurrent read at prog.cpp:10:3 \\(task 2\\)\n");
}

// A fifth reader at once finds the four reader slots taken; its site still
// reaches the report when it is the last reader left.
TEST_F(RuntimeDeathTest, CxxWriteWhileAnOverflowReaderReads) {
  EXPECT_EXIT(
      {
        static int container;
        HeldAccess slotted[4];
        HeldAccess fifth;
        for (HeldAccess &r : slotted)
          r.hold(&container, "prog.cpp:10:3", cxxReadBegin, cxxReadEnd);
        fifth.hold(&container, "prog.cpp:15:3", cxxReadBegin, cxxReadEnd);
        for (HeldAccess &r : slotted)
          r.finish();
        maprt_cxx_checkmapconcurrentwrite(&container, "prog.cpp:20:3");
      },
      ExitedWithCode(2),
      "^fatal error: concurrent map read and map write\n\n"
      "write at prog.cpp:20:3 \\(task 1\\)\n"
      "concurrent read at prog.cpp:15:3 \\(task 6\\)\n");
}

TEST_F(RuntimeDeathTest, CxxReadAndIterateDuringWrite) {
  EXPECT_EXIT(
      {
        static int container;
        HeldAccess other;
        other.hold(&container, "prog.cpp:10:3", cxxWriteBegin, cxxWriteEnd);
        maprt_cxx_checkmapread(&container, "prog.cpp:30:3");
      },
      ExitedWithCode(2),
      "^fatal error: concurrent map read and map write\n\n"
      "read at prog.cpp:30:3 \\(task 1\\)\n"
      "concurrent write at prog.cpp:10:3 \\(task 2\\)\n");
  EXPECT_EXIT(
      {
        static int container;
        HeldAccess other;
        other.hold(&container, "prog.cpp:10:3", cxxWriteBegin, cxxWriteEnd);
        maprt_cxx_checkmapiterate(&container, "prog.cpp:40:3");
      },
      ExitedWithCode(2),
      "^fatal error: concurrent map iteration and map write\n\n"
      "iteration at prog.cpp:40:3 \\(task 1\\)\n"
      "concurrent write at prog.cpp:10:3 \\(task 2\\)\n");
}

TEST_F(RuntimeDeathTest, CxxNoFalseReports) {
  EXPECT_EXIT(
      {
        static int a;
        static int b;
        // Nested members on one thread: operator[] calling insert, a read
        // inside a write, iteration inside both.
        maprt_cxx_checkmapconcurrentwrite(&a, "prog.cpp:1:1");
        maprt_cxx_checkmapconcurrentwrite(&a, "bits/hashtable.h:900:5");
        maprt_cxx_checkmapread(&a, "bits/hashtable.h:800:5");
        maprt_cxx_checkmapiterate(&a, "bits/hashtable.h:700:5");
        maprt_cxx_checkmapread_end(&a);
        maprt_cxx_checkmapconcurrentwrite_end(&a);
        maprt_cxx_checkmapconcurrentwrite_end(&a);

        // Two containers written at the same time by two tasks.
        HeldAccess other;
        other.hold(&b, "prog.cpp:10:3", cxxWriteBegin, cxxWriteEnd);
        maprt_cxx_checkmapconcurrentwrite(&a, "prog.cpp:20:3");
        maprt_cxx_checkmapconcurrentwrite_end(&a);
        other.finish();

        // Readers of one container at the same time.
        other.hold(&a, "prog.cpp:10:3", cxxReadBegin, cxxReadEnd);
        maprt_cxx_checkmapread(&a, "prog.cpp:21:3");
        maprt_cxx_checkmapiterate(&a, "prog.cpp:22:3");
        maprt_cxx_checkmapread_end(&a);
        other.finish();

        // Accesses ordered by a mutex, from many threads.
        std::mutex mu;
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
          threads.emplace_back([&] {
            for (int i = 0; i < 5000; ++i) {
              std::lock_guard<std::mutex> lock(mu);
              maprt_cxx_checkmapconcurrentwrite(&a, "prog.cpp:50:3");
              maprt_cxx_checkmapread(&a, "prog.cpp:51:3");
              maprt_cxx_checkmapread_end(&a);
              maprt_cxx_checkmapconcurrentwrite_end(&a);
            }
          });
        for (auto &t : threads)
          t.join();
        std::fprintf(stderr, "clean\n");
        std::exit(0);
      },
      ExitedWithCode(0), "^clean\n$");
}

TEST_F(RuntimeDeathTest, CxxDestroyedAddressIsAFreshContainer) {
  EXPECT_EXIT(
      {
        static int container;
        // A task was inside a member when the container died (its end never
        // comes for this container); a new one built at the same address
        // must not inherit that access.
        std::atomic<bool> held{false};
        std::thread stale([&] {
          maprt_cxx_checkmapconcurrentwrite(&container, "prog.cpp:10:3");
          held = true;
        });
        stale.join();
        maprt_cxx_container_destroyed(&container);
        maprt_cxx_checkmapconcurrentwrite(&container, "prog.cpp:20:3");
        maprt_cxx_checkmapconcurrentwrite_end(&container);
        maprt_cxx_checkmapread(&container, "prog.cpp:21:3");
        maprt_cxx_checkmapread_end(&container);
        std::fprintf(stderr, "clean\n");
        std::exit(0);
      },
      ExitedWithCode(0), "^clean\n$");
}

// Idle entries of many short-lived containers are swept; an access in
// progress survives the sweep.
TEST_F(RuntimeDeathTest, CxxSweepKeepsAccessesInProgress) {
  EXPECT_EXIT(
      {
        static int container;
        HeldAccess other;
        other.hold(&container, "prog.cpp:10:3", cxxWriteBegin, cxxWriteEnd);
        std::vector<uint64_t> many(200000);
        for (uint64_t &c : many) {
          maprt_cxx_checkmapconcurrentwrite(&c, "prog.cpp:30:3");
          maprt_cxx_checkmapconcurrentwrite_end(&c);
        }
        maprt_cxx_checkmapconcurrentwrite(&container, "prog.cpp:20:3");
      },
      ExitedWithCode(2),
      "^fatal error: concurrent map writes\n\n"
      "write at prog.cpp:20:3 \\(task 1\\)\n"
      "concurrent write at prog.cpp:10:3 \\(task 2\\)\n");
}

TEST_F(RuntimeDeathTest, CxxThreadsGetLazyTaskIds) {
  EXPECT_EXIT(
      {
        static int container;
        std::atomic<bool> held{false};
        // A std::thread, not maprt_go: it is task 2 on first use.
        std::thread t([&] {
          maprt_cxx_checkmapconcurrentwrite(&container, "prog.cpp:10:3");
          held = true;
          for (;;)
            pause();
        });
        while (!held)
          std::this_thread::yield();
        maprt_cxx_checkmapconcurrentwrite(&container, "prog.cpp:20:3");
      },
      ExitedWithCode(2), "concurrent write at prog.cpp:10:3 \\(task 2\\)\n");
}

} // namespace
