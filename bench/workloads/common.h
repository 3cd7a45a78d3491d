//===- common.h - shared pieces of the C++ benchmark workloads -*- C++ -*-===//
//
// The C++ twins of bench/workloads/*.mlir use std::unordered_map with the
// same keys (mix(), the same bijective mixer as @mix) and print the same
// checksum. MAPBENCH_N sets the size, as for the map programs.
//
// By default every map's address escapes (MAPBENCH_ESCAPE hands it to an
// opaque function), so MapSafePlugin must keep its checks: the "escaping
// maps" case. Built with -DMAPBENCH_LOCAL the maps are plain locals used only
// through their own members, which the plugin proves private and leaves
// unchecked: the "provably local" case.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFE_BENCH_WORKLOADS_COMMON_H
#define MAPSAFE_BENCH_WORKLOADS_COMMON_H

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>

using Map = std::unordered_map<uint64_t, uint64_t>;

static inline uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  return x ^ (x >> 33);
}

static inline uint64_t benchSize() {
  const char *s = std::getenv("MAPBENCH_N");
  return s ? std::strtoull(s, nullptr, 10) : 1000;
}

// An opaque call the optimiser cannot see through: the map's address
// escapes at the call, which is all that distinguishes the two builds.
__attribute__((noinline)) inline void escapeMap(Map *m) {
  asm volatile("" : : "r"(m) : "memory");
}

#ifdef MAPBENCH_LOCAL
#define MAPBENCH_ESCAPE(m) ((void)0)
#else
#define MAPBENCH_ESCAPE(m) escapeMap(&(m))
#endif

static inline void printChecksum(uint64_t v) {
  std::printf("%lld\n", static_cast<long long>(v));
}

#endif // MAPSAFE_BENCH_WORKLOADS_COMMON_H
