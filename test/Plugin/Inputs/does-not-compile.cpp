// A C++ error: map-clang++ must fail exactly like clang++.
#include <map>

int main() {
  std::map<int, int> m;
  m[1] = undeclared;
  return m.size()
}
