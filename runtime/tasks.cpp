//===- tasks.cpp - tasks, wait groups and mutexes -------------------------===//
//
// map.go, map.wait and map.mutex at run time. A task is a detached pthread
// with a small stack (so that ten thousand of them fit); a wait group is
// Go's WaitGroup shape, a counter of unfinished tasks under a mutex with a
// condition variable, so tasks started into the group by its own tasks are
// waited for too. Tasks nobody waits for run until maprt_main_exit ends the
// process, as in Go.
//
//===----------------------------------------------------------------------===//
#include "runtime/MapRtInternal.h"
#include "runtime/maprt.h"

#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <pthread.h>
#include <shared_mutex>
#include <string>
#include <time.h>

struct maprt_group {
  std::mutex mutex;
  std::condition_variable done;
  int64_t pending = 0;
};

struct maprt_mutex {
  std::shared_mutex mutex;
};

namespace {

constexpr size_t kTaskStackSize = 256 * 1024;

struct TaskStart {
  void (*fn)(void *);
  void *env;
  maprt_group *group;
  uint64_t id;
};

void finishInGroup(maprt_group *group) {
  std::lock_guard<std::mutex> lock(group->mutex);
  if (--group->pending == 0)
    group->done.notify_all();
}

void *runTask(void *arg) {
  TaskStart start = *static_cast<TaskStart *>(arg);
  delete static_cast<TaskStart *>(arg);
  maprt::tlsTask = start.id;
  if (start.fn)
    start.fn(start.env);
  std::free(start.env);
  if (start.group)
    finishInGroup(start.group);
  return nullptr;
}

} // namespace

MAPRT_API void maprt_go(maprt_group *group, void (*fn)(void *env), void *env) {
  // The id is taken here, in the parent, so that ids follow program order.
  auto *start = new TaskStart{fn, env, group, maprt::assignTaskId()};
  if (group) {
    std::lock_guard<std::mutex> lock(group->mutex);
    ++group->pending;
  }

  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, kTaskStackSize);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t thread;
  int err;
  // Out of threads (EAGAIN) is usually transient when many short tasks are
  // started at once: wait for some to finish, for up to ~30 s.
  for (int attempt = 0;; ++attempt) {
    err = pthread_create(&thread, &attr, runTask, start);
    if (err != EAGAIN || attempt >= 30000)
      break;
    struct timespec pause = {0, 1000000};
    nanosleep(&pause, nullptr);
  }
  pthread_attr_destroy(&attr);
  if (err != 0) {
    std::string what = "maprt: cannot start a task: ";
    what += std::strerror(err);
    maprt::fatal(what.c_str());
  }
}

MAPRT_API maprt_group *maprt_group_make(void) { return new maprt_group; }

MAPRT_API void maprt_wait(maprt_group *group) {
  if (!group)
    return;
  std::unique_lock<std::mutex> lock(group->mutex);
  group->done.wait(lock, [group] { return group->pending == 0; });
}

MAPRT_API maprt_mutex *maprt_mutex_make(void) { return new maprt_mutex; }
MAPRT_API void maprt_mutex_lock(maprt_mutex *mu) { mu->mutex.lock(); }
MAPRT_API void maprt_mutex_unlock(maprt_mutex *mu) { mu->mutex.unlock(); }
MAPRT_API void maprt_mutex_rlock(maprt_mutex *mu) { mu->mutex.lock_shared(); }
MAPRT_API void maprt_mutex_runlock(maprt_mutex *mu) {
  mu->mutex.unlock_shared();
}
