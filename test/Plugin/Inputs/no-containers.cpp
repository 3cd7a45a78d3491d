// No container of interest: the plugin must leave this file untouched.
#include <cstdio>
#include <string>
#include <vector>

static int twice(int x) { return 2 * x; }

int main(int argc, char **argv) {
  std::vector<std::string> args(argv, argv + argc);
  int total = 0;
  for (const std::string &a : args)
    total += twice(static_cast<int>(a.size()));
  std::printf("%d\n", total > 0);
  return 0;
}
