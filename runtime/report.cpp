//===- report.cpp - MAPRT_OPTIONS, race reports and process exit ----------===//
//
// Everything that happens once a race is found: the report on stderr (both
// sites, the object, the task ids), de-duplication when halt_on_error=0, and
// the exit status (2 at once, or 66 at the end). Also the process-wide
// start-up: options, task 1 for the main thread, the exit hook that turns a
// C++ program's exit status into 66 after a report.
//
//===----------------------------------------------------------------------===//
#include "runtime/MapRtInternal.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>
#include <string>
#include <unistd.h>

namespace maprt {
namespace {

Options parseOptions(const char *text) {
  Options opts;
  if (!text)
    return opts;
  std::string all(text);
  size_t pos = 0;
  while (pos <= all.size()) {
    size_t end = all.find_first_of(":, \t", pos);
    if (end == std::string::npos)
      end = all.size();
    std::string entry = all.substr(pos, end - pos);
    pos = end + 1;
    if (entry.empty())
      continue;
    size_t eq = entry.find('=');
    std::string key = entry.substr(0, eq);
    std::string value = eq == std::string::npos ? "" : entry.substr(eq + 1);
    if (key == "halt_on_error" && (value == "0" || value == "false")) {
      opts.haltOnError = false;
    } else if (key == "halt_on_error" && (value == "1" || value == "true")) {
      opts.haltOnError = true;
    } else {
      std::fprintf(stderr,
                   "maprt: warning: ignoring MAPRT_OPTIONS entry '%s'\n",
                   entry.c_str());
    }
  }
  return opts;
}

// Leaked on purpose: reports and instrumented destructors may run during
// static destruction, after any static object of ours would be gone.
struct Reporter {
  std::mutex mutex;
  std::set<std::string> seen;
};
Reporter &reporter() {
  static Reporter *instance = new Reporter;
  return *instance;
}

std::atomic<bool> reported{false};
std::atomic<uint64_t> nextTaskId{1};

const char *message(RaceKind kind) {
  switch (kind) {
  case RaceKind::Writes:
    return "concurrent map writes";
  case RaceKind::ReadWrite:
    return "concurrent map read and map write";
  case RaceKind::IterateWrite:
    return "concurrent map iteration and map write";
  }
  return "concurrent map access";
}

void appendSite(std::string &out, const char *site, uint64_t task) {
  out += site ? site : "<unknown site>";
  out += " (task ";
  out += task ? std::to_string(task) : std::string("?");
  out += ")";
}

void writeAll(int fd, const std::string &text) {
  const char *data = text.data();
  size_t left = text.size();
  while (left > 0) {
    ssize_t n = ::write(fd, data, left);
    if (n <= 0)
      return;
    data += n;
    left -= static_cast<size_t>(n);
  }
}

// The same race seen from either side is one site pair.
std::string dedupKey(RaceKind kind, const Access &a, const Access &b) {
  std::string x = std::string(a.role) + "@" + (a.site ? a.site : "?");
  std::string y = std::string(b.role) + "@" + (b.site ? b.site : "?");
  if (y < x)
    std::swap(x, y);
  return std::to_string(static_cast<int>(kind)) + '\0' + x + '\0' + y;
}

void exitHook() {
  // A C++ program that reported with halt_on_error=0 and is now leaving
  // main: keep its output, change only the status.
  if (reported.load(std::memory_order_acquire)) {
    std::lock_guard<std::mutex> lock(reporter().mutex);
    std::fflush(nullptr);
    ::_exit(66);
  }
}

// Priority 101: before the program's own constructors, so that the main
// thread is task 1 and the exit hook runs after the program's own exit-time
// work (atexit handlers run in reverse order of registration).
__attribute__((constructor(101))) void initRuntime() {
  (void)options();
  (void)reporter();
  (void)currentTask();
  std::atexit(exitHook);
}

} // namespace

__thread uint64_t tlsTask __attribute__((tls_model("initial-exec"))) = 0;

uint64_t assignTaskId() {
  return nextTaskId.fetch_add(1, std::memory_order_relaxed);
}

const Options &options() {
  static const Options opts = parseOptions(std::getenv("MAPRT_OPTIONS"));
  return opts;
}

bool anyReported() { return reported.load(std::memory_order_acquire); }

void reportRace(RaceKind kind, const Access &self, const Access &other,
                const Object &object) {
  std::string text = "fatal error: ";
  text += message(kind);
  text += "\n\n";
  text += self.role;
  text += " at ";
  appendSite(text, self.site, self.task);
  text += "\nconcurrent ";
  text += other.role;
  text += " at ";
  appendSite(text, other.site, other.task);
  text += "\n";
  if (object.isCxxContainer) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "container at %p\n", object.address);
    text += buf;
  } else {
    text += "map created at ";
    appendSite(text, object.createdSite, object.createdTask);
    text += "\n";
  }

  Reporter &r = reporter();
  if (options().haltOnError) {
    // Never unlocked: a second racing report waits here until we are gone.
    r.mutex.lock();
    reported.store(true, std::memory_order_release);
    std::fflush(stdout);
    std::fflush(stderr);
    writeAll(STDERR_FILENO, text);
    ::_exit(2);
  }

  std::lock_guard<std::mutex> lock(r.mutex);
  reported.store(true, std::memory_order_release);
  if (!r.seen.insert(dedupKey(kind, self, other)).second)
    return;
  text += "\n";
  std::fflush(stderr);
  writeAll(STDERR_FILENO, text);
}

void fatal(const char *what) {
  std::string text = "fatal error: ";
  text += what;
  text += "\n";
  std::lock_guard<std::mutex> lock(reporter().mutex);
  std::fflush(stdout);
  std::fflush(stderr);
  writeAll(STDERR_FILENO, text);
  ::_exit(2);
}

void exitProcess(int status) {
  // Let a report being printed by another task finish first.
  reporter().mutex.lock();
  std::fflush(nullptr);
  if (!options().haltOnError && anyReported())
    status = 66;
  ::_exit(status);
}

} // namespace maprt
