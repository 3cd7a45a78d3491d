#!/usr/bin/env bash
#===- examples/run-demo.sh - the mapsafe demo -------------------------------===//
#
#   examples/run-demo.sh BUILD_DIR        (./dev demo calls it with build/)
#
# For every example pair X.mlir / X-fixed.mlir in this directory:
#   1. the static verifier on the buggy version: it must reject it (exit 1);
#      its diagnostics are shown;
#   2. the verifier on the fixed twin: it must accept it (exit 0, no error);
#   3. map-cc refuses the buggy version like any compiler (exit 1);
#   4. the fixed twin compiled with map-cc (default checks) and run: exit 0;
#   5. the buggy version compiled with `--no-verify --checks=all` and run up
#      to $MAPSAFE_DEMO_TRIES times (default 10) until the runtime reports the
#      race. Detection is best effort, as in Go: if no run reports it, the
#      demo says so but does not fail.
#
# Exits 0 when every verdict is as expected, 1 (with a message) otherwise.
#===----------------------------------------------------------------------===//
set -uo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
BUILD="$(cd "$1" 2>/dev/null && pwd)" || { echo "run-demo: no build directory '$1'" >&2; exit 2; }
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MAP_OPT="$BUILD/bin/map-opt"
MAP_CC="$BUILD/bin/map-cc"
TRIES="${MAPSAFE_DEMO_TRIES:-10}"
for tool in "$MAP_OPT" "$MAP_CC"; do
  [[ -x "$tool" ]] || { echo "run-demo: $tool is missing (build first: ./dev build)" >&2; exit 2; }
done

EXAMPLES=(request-cache buffer-reset session-janitor deepcopy-labels)
declare -A TITLE=(
  [request-cache]="HTTP handlers bump a package-level hit counter without a lock"
  [buffer-reset]="a buffer reset under one mutex, read and written under another"
  [session-janitor]="a background janitor deletes while callers read without the lock"
  [deepcopy-labels]="a deep copy ranges over labels that a controller writes"
)

TMP="$(mktemp -d "${TMPDIR:-/tmp}/mapsafe-demo.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

if [[ -t 1 ]]; then
  BOLD=$'\e[1m' RED=$'\e[31m' GREEN=$'\e[32m' YELLOW=$'\e[33m' RESET=$'\e[0m'
else
  BOLD='' RED='' GREEN='' YELLOW='' RESET=''
fi
FAILURES=()
heading() { printf '\n%s=== %s ===%s\n' "$BOLD" "$*" "$RESET"; }
step() { printf '\n%s--- %s%s\n' "$BOLD" "$*" "$RESET"; }
ok() { printf '%s[ok]%s %s\n' "$GREEN" "$RESET" "$*"; }
note() { printf '%s[note]%s %s\n' "$YELLOW" "$RESET" "$*"; }
fail() { printf '%s[FAIL]%s %s\n' "$RED" "$RESET" "$*"; FAILURES+=("$*"); }
indent() { sed 's/^/    /'; }

# Run from the examples directory so that diagnostics and runtime reports
# name the files as examples/X.mlir-relative paths, short and readable.
cd "$HERE/.." || exit 2

for ex in "${EXAMPLES[@]}"; do
  bug="examples/$ex.mlir"
  fixed="examples/$ex-fixed.mlir"
  heading "$ex: ${TITLE[$ex]}"
  if [[ ! -f "$bug" || ! -f "$fixed" ]]; then
    fail "$ex: $bug or $fixed is missing"
    continue
  fi

  # 1. The verifier on the buggy version.
  step "map-opt --map-verify-ownership $bug"
  "$MAP_OPT" --map-verify-ownership --mlir-print-op-on-diagnostic=false \
    "$bug" -o /dev/null >"$TMP/out" 2>&1
  rc=$?
  indent <"$TMP/out"
  if [[ $rc -eq 1 ]] && grep -q ': error: ' "$TMP/out"; then
    ok "rejected ($(grep -c ': error: ' "$TMP/out") error(s))"
  else
    fail "$ex: the verifier did not reject $bug (exit $rc)"
  fi

  # 2. The verifier on the fixed twin.
  step "map-opt --map-verify-ownership $fixed"
  "$MAP_OPT" --map-verify-ownership --mlir-print-op-on-diagnostic=false \
    "$fixed" -o /dev/null >"$TMP/out" 2>&1
  rc=$?
  indent <"$TMP/out"
  if [[ $rc -eq 0 ]] && ! grep -q 'error' "$TMP/out"; then
    if grep -q ': warning: ' "$TMP/out"; then
      ok "accepted (with warnings)"
    else
      ok "accepted"
    fi
  else
    fail "$ex: the verifier rejected the fixed twin $fixed (exit $rc)"
  fi

  # 3. map-cc refuses the buggy version.
  step "map-cc $bug  (verification on, as by default)"
  "$MAP_CC" "$bug" -o "$TMP/$ex.refused" >"$TMP/out" 2>&1
  rc=$?
  if [[ $rc -eq 1 && ! -e "$TMP/$ex.refused" ]]; then
    ok "refused: exit 1, $(grep -c ': error: ' "$TMP/out") error(s), no executable written"
  else
    indent <"$TMP/out"
    fail "$ex: map-cc did not refuse $bug (exit $rc)"
  fi

  # 4. The fixed twin, compiled and run.
  step "map-cc $fixed -o $ex-fixed && ./$ex-fixed"
  if "$MAP_CC" "$fixed" -o "$TMP/$ex-fixed" >"$TMP/out" 2>&1; then
    timeout 30 "$TMP/$ex-fixed" >"$TMP/stdout" 2>"$TMP/stderr"
    rc=$?
    indent <"$TMP/stdout"
    indent <"$TMP/stderr"
    if [[ $rc -eq 0 ]]; then
      ok "ran cleanly (exit 0)"
    else
      fail "$ex: the fixed twin exited with status $rc"
    fi
  else
    indent <"$TMP/out"
    fail "$ex: map-cc could not compile the fixed twin $fixed"
  fi

  # 5. The buggy version, compiled without the verifier, checks everywhere.
  step "map-cc --no-verify --checks=all $bug -o $ex && ./$ex  (up to $TRIES runs)"
  if "$MAP_CC" --no-verify --checks=all "$bug" -o "$TMP/$ex" >"$TMP/out" 2>&1; then
    detected=0
    others=()
    for ((run = 1; run <= TRIES; run++)); do
      timeout 30 "$TMP/$ex" >"$TMP/stdout" 2>"$TMP/stderr"
      rc=$?
      if [[ $rc -eq 2 ]] && grep -q '^fatal error: concurrent map ' "$TMP/stderr"; then
        indent <"$TMP/stderr"
        ok "the runtime reported the race in run $run of $TRIES (exit 2)"
        detected=1
        break
      fi
      if [[ $rc -ne 0 ]]; then
        # A racy program may also die of the race itself before a check sees
        # it (the table is corrupted mid-operation); say so, keep trying.
        others+=("run $run: exit $rc$( [[ $rc -gt 128 ]] && printf ' (signal %d)' $((rc - 128)) )")
      fi
    done
    for o in "${others[@]}"; do note "$o without a race report"; done
    if [[ $detected -eq 0 ]]; then
      note "no run of $TRIES reported the race: runtime detection is best effort" \
           "(the racing accesses must overlap in time); the verifier's verdict above stands"
    fi
  else
    indent <"$TMP/out"
    fail "$ex: map-cc --no-verify could not compile $bug"
  fi
done

echo
if ((${#FAILURES[@]})); then
  printf '%sdemo FAILED:%s\n' "$RED" "$RESET"
  printf '  - %s\n' "${FAILURES[@]}"
  exit 1
fi
printf '%sdemo: every buggy example rejected, every fixed twin accepted and run.%s\n' "$GREEN" "$RESET"
exit 0
