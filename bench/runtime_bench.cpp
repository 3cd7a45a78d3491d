//===- runtime_bench.cpp - libmaprt micro-benchmarks ------------*- C++ -*-===//
//
// What one map operation costs through libmaprt against the same
// absl::flat_hash_map used directly, with and without the Go-style write
// and read checks around it (Checked: the one call per access that lowered
// programs make; Bracketed: the separate check calls around the operation),
// and what the checks cost alone (the separate calls: the map word's CAS +
// store; the C++ side table's per-thread cache hit, nesting, misses and
// destruction). Keys come from a fixed pseudo-random sequence
// over a table of 64K entries, so that every variant hashes and probes the
// same way.
//
//===----------------------------------------------------------------------===//
#include "runtime/maprt.h"

#include "absl/container/flat_hash_map.h"
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

namespace {

constexpr size_t kKeys = 1 << 16;

const std::vector<uint64_t> &keys() {
  static const std::vector<uint64_t> k = [] {
    std::mt19937_64 rng(42);
    std::vector<uint64_t> out(kKeys);
    for (uint64_t &key : out)
      key = rng();
    return out;
  }();
  return k;
}

void BM_AbslAssign(benchmark::State &state) {
  const auto &k = keys();
  absl::flat_hash_map<uint64_t, uint64_t> map;
  size_t i = 0;
  for (auto _ : state) {
    map.insert_or_assign(k[i & (kKeys - 1)], i);
    ++i;
  }
  benchmark::DoNotOptimize(map.size());
}
BENCHMARK(BM_AbslAssign);

void BM_MaprtAssign(benchmark::State &state) {
  const auto &k = keys();
  maprt_map *m = maprt_map_make(0, "bench:1:1");
  size_t i = 0;
  for (auto _ : state) {
    maprt_map_assign(m, k[i & (kKeys - 1)], i);
    ++i;
  }
}
BENCHMARK(BM_MaprtAssign);

void BM_MaprtAssignChecked(benchmark::State &state) {
  const auto &k = keys();
  maprt_map *m = maprt_map_make(0, "bench:1:1");
  size_t i = 0;
  for (auto _ : state) {
    maprt_checkmapconcurrentwrite_assign(m, k[i & (kKeys - 1)], i,
                                         "bench:2:1");
    ++i;
  }
}
BENCHMARK(BM_MaprtAssignChecked);

void BM_MaprtAssignBracketed(benchmark::State &state) {
  const auto &k = keys();
  maprt_map *m = maprt_map_make(0, "bench:1:1");
  size_t i = 0;
  for (auto _ : state) {
    maprt_checkmapconcurrentwrite(m, "bench:2:1");
    maprt_map_assign(m, k[i & (kKeys - 1)], i);
    maprt_checkmapconcurrentwrite_end(m);
    ++i;
  }
}
BENCHMARK(BM_MaprtAssignBracketed);

void BM_AbslLookup(benchmark::State &state) {
  const auto &k = keys();
  absl::flat_hash_map<uint64_t, uint64_t> map;
  for (size_t j = 0; j < kKeys; j += 2)
    map[k[j]] = j; // half the lookups miss
  size_t i = 0;
  uint64_t sum = 0;
  for (auto _ : state) {
    auto it = map.find(k[i & (kKeys - 1)]);
    sum += it == map.end() ? 0 : it->second;
    ++i;
  }
  benchmark::DoNotOptimize(sum);
}
BENCHMARK(BM_AbslLookup);

maprt_map *filledMap() {
  const auto &k = keys();
  maprt_map *m = maprt_map_make(0, "bench:1:1");
  for (size_t j = 0; j < kKeys; j += 2)
    maprt_map_assign(m, k[j], j);
  return m;
}

void BM_MaprtLookup(benchmark::State &state) {
  const auto &k = keys();
  maprt_map *m = filledMap();
  size_t i = 0;
  uint64_t sum = 0;
  for (auto _ : state) {
    uint64_t v;
    maprt_map_lookup(m, k[i & (kKeys - 1)], &v);
    sum += v;
    ++i;
  }
  benchmark::DoNotOptimize(sum);
}
BENCHMARK(BM_MaprtLookup);

void BM_MaprtLookupChecked(benchmark::State &state) {
  const auto &k = keys();
  maprt_map *m = filledMap();
  size_t i = 0;
  uint64_t sum = 0;
  for (auto _ : state) {
    uint64_t v;
    maprt_checkmapread_lookup(m, k[i & (kKeys - 1)], &v, "bench:3:1");
    sum += v;
    ++i;
  }
  benchmark::DoNotOptimize(sum);
}
BENCHMARK(BM_MaprtLookupChecked);

void BM_MaprtLookupBracketed(benchmark::State &state) {
  const auto &k = keys();
  maprt_map *m = filledMap();
  size_t i = 0;
  uint64_t sum = 0;
  for (auto _ : state) {
    uint64_t v;
    maprt_checkmapread(m, "bench:3:1");
    maprt_map_lookup(m, k[i & (kKeys - 1)], &v);
    maprt_checkmapread_end(m);
    sum += v;
    ++i;
  }
  benchmark::DoNotOptimize(sum);
}
BENCHMARK(BM_MaprtLookupBracketed);

void BM_CheckWriteAlone(benchmark::State &state) {
  maprt_map *m = maprt_map_make(0, "bench:1:1");
  for (auto _ : state) {
    maprt_checkmapconcurrentwrite(m, "bench:2:1");
    maprt_checkmapconcurrentwrite_end(m);
  }
}
BENCHMARK(BM_CheckWriteAlone);

void BM_CheckReadAlone(benchmark::State &state) {
  maprt_map *m = maprt_map_make(0, "bench:1:1");
  for (auto _ : state) {
    maprt_checkmapread(m, "bench:3:1");
    maprt_checkmapread_end(m);
  }
}
BENCHMARK(BM_CheckReadAlone);

void BM_CxxCheckWriteAlone(benchmark::State &state) {
  static int container;
  for (auto _ : state) {
    maprt_cxx_checkmapconcurrentwrite(&container, "bench.cpp:2:1");
    maprt_cxx_checkmapconcurrentwrite_end(&container);
  }
}
BENCHMARK(BM_CxxCheckWriteAlone);

void BM_CxxCheckReadAlone(benchmark::State &state) {
  static int container;
  for (auto _ : state) {
    maprt_cxx_checkmapread(&container, "bench.cpp:3:1");
    maprt_cxx_checkmapread_end(&container);
  }
}
BENCHMARK(BM_CxxCheckReadAlone);

// An iteration step (one look at the writer word).
void BM_CxxCheckIterateAlone(benchmark::State &state) {
  static int container;
  for (auto _ : state)
    maprt_cxx_checkmapiterate(&container, "bench.cpp:4:1");
}
BENCHMARK(BM_CxxCheckIterateAlone);

// A member calling members: operator[] -> insert, a read inside a write.
void BM_CxxCheckNested(benchmark::State &state) {
  static int container;
  for (auto _ : state) {
    maprt_cxx_checkmapconcurrentwrite(&container, "bench.cpp:5:1");
    maprt_cxx_checkmapconcurrentwrite(&container, "bench.cpp:5:2");
    maprt_cxx_checkmapread(&container, "bench.cpp:5:3");
    maprt_cxx_checkmapread_end(&container);
    maprt_cxx_checkmapconcurrentwrite_end(&container);
    maprt_cxx_checkmapconcurrentwrite_end(&container);
  }
}
BENCHMARK(BM_CxxCheckNested);

// Write checks round-robin over 4096 containers: more than the per-thread
// cache holds, so most checks take the shared table's lock.
void BM_CxxCheckWriteManyContainers(benchmark::State &state) {
  static uint64_t containers[4096];
  size_t i = 0;
  for (auto _ : state) {
    const void *c = &containers[(i++ * 97) & 4095];
    maprt_cxx_checkmapconcurrentwrite(c, "bench.cpp:6:1");
    maprt_cxx_checkmapconcurrentwrite_end(c);
  }
}
BENCHMARK(BM_CxxCheckWriteManyContainers);

// Destroyed and rebuilt at the same address every time (a local map in a
// loop whose address escapes): destroy, then the first write refreshes.
void BM_CxxCheckDestroyRebuild(benchmark::State &state) {
  static int container;
  for (auto _ : state) {
    maprt_cxx_checkmapconcurrentwrite(&container, "bench.cpp:7:1");
    maprt_cxx_checkmapconcurrentwrite_end(&container);
    maprt_cxx_container_destroyed(&container);
  }
}
BENCHMARK(BM_CxxCheckDestroyRebuild);

void BM_MaprtIterate(benchmark::State &state) {
  maprt_map *m = filledMap();
  uint64_t sum = 0;
  for (auto _ : state) {
    maprt_iter *it = maprt_checkmapiterate_begin(m, "bench:4:1");
    uint64_t k, v;
    while (maprt_checkmapiterate_next(it, &k, &v, "bench:4:1"))
      sum += v;
    maprt_map_iter_end(it);
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations() * (kKeys / 2));
}
BENCHMARK(BM_MaprtIterate)->Unit(benchmark::kMicrosecond);

void BM_MaprtIterateBracketed(benchmark::State &state) {
  maprt_map *m = filledMap();
  uint64_t sum = 0;
  for (auto _ : state) {
    maprt_iter *it = maprt_map_iter_begin(m);
    uint64_t k, v;
    while (true) {
      maprt_checkmapiterate(m, "bench:4:1");
      if (!maprt_map_iter_next(it, &k, &v))
        break;
      sum += v;
    }
    maprt_map_iter_end(it);
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations() * (kKeys / 2));
}
BENCHMARK(BM_MaprtIterateBracketed)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
