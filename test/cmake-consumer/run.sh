#!/usr/bin/env bash
# Installs mapsafe from BUILD into a scratch prefix, then configures, builds
# and runs test/cmake-consumer against it with find_package(MapSafe).
# Usage: run.sh BUILD_DIR SOURCE_DIR CXX_COMPILER
set -euo pipefail
build="$1" src="$2" cxx="$3"
work="$build/test/cmake-consumer"
rm -rf "$work" && mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -G Ninja -S "$src/test/cmake-consumer" -B "$work/build" \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix;/usr/lib/llvm-22" >/dev/null
ninja -C "$work/build" >/dev/null
"$work/build/consumer"
