/*===- maprt.h - mapsafe runtime C ABI --------------------------*- C -*-===*\
|*                                                                          *|
|* The runtime that lowered map programs (map-cc) and instrumented C++      *|
|* programs (MapSafePlugin.so) call. Maps hold 64-bit key and value words;  *|
|* the lowering widens narrower keys/values (integers zero-extended, floats *|
|* bit-cast) and narrows them back.                                         *|
|*                                                                          *|
|* Race checks follow Go's runtime (internal/runtime/maps): a `writing`     *|
|* word in the map header is set around every write and checked by writes, *|
|* reads and iteration. Unlike Go it records the writer's site and task, so *|
|* a report names both racing sites. A report is never wrong; detection is *|
|* best effort.                                                             *|
|*                                                                          *|
|* A `site` is a NUL-terminated "file:line:col" string (or a function name) *|
|* with static storage duration; the runtime keeps the pointer.            *|
|*                                                                          *|
\*===----------------------------------------------------------------------===*/
#ifndef MAPSAFE_RUNTIME_MAPRT_H
#define MAPSAFE_RUNTIME_MAPRT_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct maprt_map maprt_map;
typedef struct maprt_iter maprt_iter;
typedef struct maprt_mutex maprt_mutex;
typedef struct maprt_group maprt_group;

/*===- Maps (Go semantics; no checks here) --------------------------------===*/

/* make(map[K]V, capacity); `site` is where the map was made. */
maprt_map *maprt_map_make(int64_t capacity, const char *site);
/* m[key] = value (insert or overwrite). */
void maprt_map_assign(maprt_map *m, uint64_t key, uint64_t value);
/* delete(m, key); a missing key is a no-op. */
void maprt_map_delete(maprt_map *m, uint64_t key);
/* clear(m). */
void maprt_map_clear(maprt_map *m);
/* v, ok := m[key]: returns ok and stores the value (0 when missing). */
bool maprt_map_lookup(maprt_map *m, uint64_t key, uint64_t *value);
/* len(m). */
int64_t maprt_map_len(maprt_map *m);

/* for k, v := range m. The iterator snapshots the keys when it starts and
 * yields each key whose entry still exists when reached, with its current
 * value, so writes inside the body are safe (Go semantics: an entry deleted
 * before it is reached is not produced; one added may be skipped). */
maprt_iter *maprt_map_iter_begin(maprt_map *m);
bool maprt_map_iter_next(maprt_iter *it, uint64_t *key, uint64_t *value);
void maprt_map_iter_end(maprt_iter *it);

/*===- Race checks on maps ---------------------------------------------------===*/

/* Before and after a write (assign, delete, clear) that the caller makes
 * itself: the claim is a CAS. */
void maprt_checkmapconcurrentwrite(maprt_map *m, const char *site);
void maprt_checkmapconcurrentwrite_end(maprt_map *m);
/* Before and after every read (lookup, len). */
void maprt_checkmapread(maprt_map *m, const char *site);
void maprt_checkmapread_end(maprt_map *m);
/* Before each step of an iteration (each iter_next), as Go's mapiternext. */
void maprt_checkmapiterate(maprt_map *m, const char *site);

/*===- Checked map operations (what the lowering calls) -------------------===*/
/* Each is the operation above bracketed by its checks, in one call: the
 * write check around assign/delete/clear, the read check around lookup/len,
 * the iteration check at the start and around each step. `site` is the
 * access's own site. With MAPRT_OPTIONS=halt_on_error=1 (the default) the
 * write check is Go's: a look at the `writing` word, a plain store of the
 * writer's (site, task), a second look and a clear at the end, with no
 * atomic read-modify-write; with halt_on_error=0 the claim is a CAS, so that
 * racing writers take turns and the table stays intact. */
void maprt_checkmapconcurrentwrite_assign(maprt_map *m, uint64_t key,
                                          uint64_t value, const char *site);
void maprt_checkmapconcurrentwrite_delete(maprt_map *m, uint64_t key,
                                          const char *site);
void maprt_checkmapconcurrentwrite_clear(maprt_map *m, const char *site);
bool maprt_checkmapread_lookup(maprt_map *m, uint64_t key, uint64_t *value,
                               const char *site);
int64_t maprt_checkmapread_len(maprt_map *m, const char *site);
maprt_iter *maprt_checkmapiterate_begin(maprt_map *m, const char *site);
bool maprt_checkmapiterate_next(maprt_iter *it, uint64_t *key,
                                uint64_t *value, const char *site);

/*===- Tasks, wait groups, mutexes ------------------------------------------===*/

/* Starts fn(env) on a new thread, into `group` when not null. The runtime
 * calls free(env) after fn returns (env is malloc'ed by the caller; null is
 * allowed). */
void maprt_go(maprt_group *group, void (*fn)(void *env), void *env);
maprt_group *maprt_group_make(void);
/* Joins every task started into the group so far. */
void maprt_wait(maprt_group *group);

maprt_mutex *maprt_mutex_make(void);
void maprt_mutex_lock(maprt_mutex *mu);
void maprt_mutex_unlock(maprt_mutex *mu);
void maprt_mutex_rlock(maprt_mutex *mu);
void maprt_mutex_runlock(maprt_mutex *mu);

/*===- Program ---------------------------------------------------------------===*/

/* Prints a decimal number and a newline to stdout. */
void maprt_print_i64(int64_t value);
/* Called by the lowered @main instead of returning: flushes output and ends
 * the process with `status` (66 instead when MAPRT_OPTIONS=halt_on_error=0
 * and a race was reported), without waiting for tasks still running, as
 * returning from Go's main does. */
__attribute__((noreturn)) void maprt_main_exit(int32_t status);

/*===- C++ containers (MapSafePlugin.so) -------------------------------------===*/
/* C++ containers have no header word of ours: their state lives in a side
 * table keyed by the container's address. Nested calls of one container's
 * members on one thread (a member calling another) never report. */
void maprt_cxx_checkmapconcurrentwrite(const void *container, const char *site);
void maprt_cxx_checkmapconcurrentwrite_end(const void *container);
void maprt_cxx_checkmapread(const void *container, const char *site);
void maprt_cxx_checkmapread_end(const void *container);
void maprt_cxx_checkmapiterate(const void *container, const char *site);
/* The container at this address was destroyed: a container later built at
 * the same address is a new container. */
void maprt_cxx_container_destroyed(const void *container);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* MAPSAFE_RUNTIME_MAPRT_H */
