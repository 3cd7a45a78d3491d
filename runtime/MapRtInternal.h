//===- MapRtInternal.h - libmaprt internals shared by its files -*- C++ -*-===//
//
// What the runtime's translation units share and nothing else includes: task
// identity (a thread-local task id), the packed `writing` word, the options
// (MAPRT_OPTIONS) and the race reporter. None of it is part of the C ABI.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFE_RUNTIME_MAPRTINTERNAL_H
#define MAPSAFE_RUNTIME_MAPRTINTERNAL_H

#include <cstdint>

#define MAPRT_API extern "C" __attribute__((visibility("default")))
#define MAPRT_LIKELY(x) __builtin_expect(!!(x), 1)
#define MAPRT_UNLIKELY(x) __builtin_expect(!!(x), 0)

namespace maprt {

//===- Tasks --------------------------------------------------------------===//

// Task id of the running thread, 0 until first asked for. The main thread is
// task 1; maprt_go sets the id of its threads before they run; any other
// thread (a C++ program's std::thread) gets the next id on first use.
// initial-exec keeps the access a single %fs-relative load in libmaprt.so.
extern __thread uint64_t tlsTask __attribute__((tls_model("initial-exec")));
uint64_t assignTaskId();

inline uint64_t currentTask() {
  uint64_t task = tlsTask;
  if (MAPRT_UNLIKELY(task == 0))
    task = tlsTask = assignTaskId();
  return task;
}

//===- The writing word ---------------------------------------------------===//

// One 64-bit word names the writer: the site pointer in the low 47 bits (user
// space addresses on x86-64 fit; static strings always do in practice) and
// the task id in the high 17 bits. Task ids that do not fit are stored as 0
// ("unknown"), sites that do not fit as 1 ("unknown"), so the word of a
// writer is never 0. Detection never depends on the fields, only reporting.
constexpr unsigned kSiteBits = 47;
constexpr uint64_t kSiteMask = (uint64_t(1) << kSiteBits) - 1;
constexpr uint64_t kMaxPackedTask = (uint64_t(1) << (64 - kSiteBits)) - 1;
constexpr uint64_t kUnknownSiteBits = 1;

inline uint64_t packWriter(const char *site, uint64_t task) {
  uint64_t siteBits = reinterpret_cast<uintptr_t>(site);
  if (MAPRT_UNLIKELY(siteBits <= kUnknownSiteBits || (siteBits & ~kSiteMask)))
    siteBits = kUnknownSiteBits;
  uint64_t taskBits = MAPRT_LIKELY(task <= kMaxPackedTask) ? task : 0;
  return siteBits | (taskBits << kSiteBits);
}
inline const char *writerSite(uint64_t word) {
  uint64_t siteBits = word & kSiteMask;
  return siteBits == kUnknownSiteBits
             ? nullptr
             : reinterpret_cast<const char *>(siteBits);
}
inline uint64_t writerTask(uint64_t word) { return word >> kSiteBits; }

//===- Options ------------------------------------------------------------===//

struct Options {
  // halt_on_error=1 (default): the first report ends the process with 2.
  bool haltOnError = true;
};
const Options &options();

//===- Reports ------------------------------------------------------------===//

enum class RaceKind { Writes, ReadWrite, IterateWrite };

// One side of a race: what it did ("write", "read", "iteration"), where, and
// which task. A null site prints as "<unknown site>", task 0 as "?".
struct Access {
  const char *role;
  const char *site;
  uint64_t task;
};

// The object both sides touched: a runtime map (made at `site` by `task`) or
// a C++ container known only by its address.
struct Object {
  const void *address;
  bool isCxxContainer;
  const char *createdSite;
  uint64_t createdTask;
};

// Prints the report of a race between `self` (the access that found it) and
// `other` (the one in progress). With halt_on_error=1 it never returns: it
// flushes stdout and ends the process with status 2. Otherwise it prints
// each distinct (kind, site pair) once, remembers that something was
// reported, and returns.
void reportRace(RaceKind kind, const Access &self, const Access &other,
                const Object &object);

// Prints "fatal error: <message>" and ends the process with status 2
// (misuse of the runtime that Go would also treat as fatal).
[[noreturn]] void fatal(const char *message);

// True once any race was reported (halt_on_error=0 runs).
bool anyReported();
// Ends the process: flushes stdio, then _exit(66) if a race was reported with
// halt_on_error=0, else _exit(status). Waits for a report being printed.
[[noreturn]] void exitProcess(int status);

} // namespace maprt

#endif // MAPSAFE_RUNTIME_MAPRTINTERNAL_H
