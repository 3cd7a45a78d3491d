// libc++ spells its containers std::__1::map<...>; the recognition reads
// demangled names, so the same members are checked. The declarations below
// stand in for its headers, so this runs whatever library is installed
// (libcxx-instrument.cpp uses the real ones).
//
// RUN: %clangxx -fpass-plugin=%plugin -nostdinc++ -O0 -S -emit-llvm %s -o - | FileCheck %s

namespace std {
inline namespace __1 {
template <class T> struct hash {};
template <class T> struct less {};
template <class T> struct allocator {};
template <class K, class V, class H = hash<K>, class A = allocator<K>>
class unordered_map {
public:
  V &operator[](const K &);
  unsigned long count(const K &) const;
  ~unordered_map();
};
template <class K, class C = less<K>, class A = allocator<K>> class set {
public:
  struct iterator {
    iterator &operator++();
  };
  iterator begin();
  iterator end();
  bool contains(const K &) const;
};
template <class K, class C = less<K>> class priority_queue {
public:
  void push(const K &);
};
} // namespace __1
} // namespace std

std::unordered_map<int, int> *um;
std::set<int> *s;
std::priority_queue<int> *q;

// CHECK-LABEL: define {{.*}} @_Z3usei(
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite(ptr %[[U:[0-9]+]],
// CHECK-NEXT: {{call|invoke}} {{.*}} @_ZNSt3__113unordered_mapIiiNS_4hashIiEENS_9allocatorIiEEEixERKi(ptr {{.*}}%[[U]],
// CHECK: call void @maprt_cxx_checkmapread(ptr %[[U2:[0-9]+]],
// CHECK-NEXT: {{call|invoke}} {{.*}} @_ZNKSt3__113unordered_mapIiiNS_4hashIiEENS_9allocatorIiEEE5countERKi(ptr {{.*}}%[[U2]],
// CHECK: call void @maprt_cxx_checkmapread(ptr %[[S:[0-9]+]],
// CHECK-NEXT: {{call|invoke}} {{.*}} @_ZNKSt3__13setIiNS_4lessIiEENS_9allocatorIiEEE8containsERKi(ptr {{.*}}%[[S]],
// CHECK: call void @maprt_cxx_checkmapread_end(ptr %[[S]])
// CHECK-NOT: maprt_cxx
// CHECK: {{call|invoke}} void @_ZNSt3__114priority_queueIiNS_4lessIiEEE4pushERKi(
// CHECK: call void @maprt_cxx_checkmapconcurrentwrite(ptr %[[D:[0-9]+]],
// CHECK-NEXT: call void @_ZNSt3__113unordered_mapIiiNS_4hashIiEENS_9allocatorIiEEED1Ev(ptr {{.*}}%[[D]])
// CHECK-NEXT: call void @maprt_cxx_checkmapconcurrentwrite_end(ptr %[[D]])
// CHECK-NEXT: call void @maprt_cxx_container_destroyed(ptr %[[D]])
void use(int k) {
  (*um)[k] = 1;
  (void)um->count(k);
  (void)s->contains(k);
  q->push(k);
  um->~unordered_map();
}
