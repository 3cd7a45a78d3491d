// The ThreadSanitizer manual's C++ example (a std::map<std::string,
// std::string> written by a new thread and by main through operator[]),
// with each access repeated so the two overlap in time. The map is a local
// whose address is handed to pthread_create: it escapes, so it is checked.
//
// RUN: %map_clangxx -O1 -g %s -o %t
// RUN: %race --expect writes -- %t | FileCheck %s
// CHECK: fatal error: concurrent map writes
// CHECK-DAG: race-tsan-map-example.cpp:[[@LINE+17]]:{{[0-9]+}}
// CHECK-DAG: race-tsan-map-example.cpp:[[@LINE+27]]:{{[0-9]+}}
#include <chrono>
#include <map>
#include <pthread.h>
#include <stdio.h>
#include <string>

typedef std::map<std::string, std::string> map_t;
const auto deadline =
    std::chrono::steady_clock::now() + std::chrono::milliseconds(1500);
bool running() { return std::chrono::steady_clock::now() < deadline; }

void *threadfunc(void *p) {
  map_t &m = *(map_t *)p;
  while (running())
    for (int i = 0; i < 1000; i++)
      m["foo"] = "bar";
  return 0;
}

int main() {
  map_t m;
  pthread_t t;
  pthread_create(&t, 0, threadfunc, &m);
  size_t n = 0;
  while (running())
    for (int i = 0; i < 1000; i++)
      n += m["foo"].size();
  printf("foo=%zu\n", n);
  pthread_join(t, 0);
}
