/*===- null_runtime.c - the C++ check entry points, doing nothing -*- C -*-===//
 *
 * bench/run.py runs the map-clang++ build of each C++ workload a second time
 * with this library in place of libmaprt.so (same soname, LD_LIBRARY_PATH):
 * the same binary, the same check calls at the same places, but no check
 * work. What that costs over clang++ -O2 is the floor of placing the checks
 * as calls, whatever the runtime does; what the real runtime costs above it
 * is its own work. Only the C++ entry points: the C++ workloads call nothing
 * else of libmaprt.
 *
 *===----------------------------------------------------------------------===*/
#include "runtime/maprt.h"

#define MAPRT_NULL __attribute__((visibility("default")))

MAPRT_NULL void maprt_cxx_checkmapconcurrentwrite(const void *container,
                                                  const char *site) {}
MAPRT_NULL void maprt_cxx_checkmapconcurrentwrite_end(const void *container) {}
MAPRT_NULL void maprt_cxx_checkmapread(const void *container,
                                       const char *site) {}
MAPRT_NULL void maprt_cxx_checkmapread_end(const void *container) {}
MAPRT_NULL void maprt_cxx_checkmapiterate(const void *container,
                                          const char *site) {}
MAPRT_NULL void maprt_cxx_container_destroyed(const void *container) {}
