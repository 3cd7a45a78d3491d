#!/usr/bin/env python3
# ===- differential.py - the verifier against two run-time detectors -----=== #
#
# For every seed: genprog.py makes a program, `map-opt
# --map-verify-ownership=strict=true` judges it, and the program is built
# twice with verification off so that both verdicts get run:
#
#   checks: map-cc --no-verify --checks=all          (mapsafe's runtime checks)
#   tsan:   map-cc --no-verify --checks=none --sanitize=thread -g
#           (ThreadSanitizer; the map functions of libmaprt_tsan.so are
#            TSan-instrumented, so it sees the hash table's own loads and
#            stores and the happens-before of the runtime's pthread mutexes,
#            condition variables and thread starts)
#
# each run --runs times. A run *confirms* a race when the runtime prints
# "fatal error: concurrent map ..." or ThreadSanitizer reports a data race
# whose stacks are in the runtime's map code (maprt_map_*, maprt_iter_*, the
# Abseil table). Then:
#
#   accepted + confirmed        -> UNSOUND: the program is kept, its seed
#                                  printed, exit status 1
#   accepted + other TSan report, crash, hang or wrong exit status
#                               -> FAILURE (kept, exit status 1)
#   rejected + confirmed        -> counted: precision = confirmed / rejected
#
#   differential.py [--seeds 1-50] [--runs 3] [--ops 3000] [-j 1]
#                   [--bin build/bin] [--keep DIR] [--verbose]
#
# Race detection at run time is best effort, so "rejected, not confirmed"
# says nothing by itself; "accepted, confirmed" is always a bug.
# ===---------------------------------------------------------------------=== #
import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import genprog  # noqa: E402

RUNTIME_REPORT = re.compile(r"^fatal error: concurrent map "
                            r"(writes|read and map write|iteration and map write)",
                            re.M)
TSAN_RACE = "WARNING: ThreadSanitizer: data race"
TSAN_ANY = "WARNING: ThreadSanitizer:"
MAP_FRAMES = re.compile(r"maprt_map_|maprt_iter|raw_hash_set|flat_hash_map|"
                        r"maprt_checkmap")


def parse_seeds(text):
    seeds = []
    for part in text.split(","):
        if "-" in part:
            a, b = part.split("-")
            seeds += range(int(a), int(b) + 1)
        else:
            seeds.append(int(part))
    return seeds


def find_bin(explicit):
    cands = [explicit] if explicit else []
    cands += [os.path.join(HERE, "..", "..", "build", "bin")]
    for d in cands:
        if d and os.path.exists(os.path.join(d, "map-opt")):
            return os.path.abspath(d)
    p = shutil.which("map-opt")
    if p:
        return os.path.dirname(p)
    sys.exit("differential.py: cannot find map-opt (use --bin)")


def run(cmd, timeout, env=None):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True,
                           timeout=timeout, env=env, errors="replace")
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return None, "", f"timed out after {timeout}s"


def classify_run(rc, err, tsan):
    """-> (kind, detail): kind in clean, race, other, crash, hang."""
    if rc is None:
        return "hang", err
    if RUNTIME_REPORT.search(err):
        return "race", err.splitlines()[0]
    if tsan and TSAN_ANY in err:
        if TSAN_RACE in err:
            # The first report's stacks.
            rep = err.split(TSAN_RACE, 1)[1].split("SUMMARY:", 1)[0]
            if MAP_FRAMES.search(rep):
                return "race", "ThreadSanitizer: data race in the map runtime"
            return "other", "ThreadSanitizer: data race outside the maps"
        return "other", err[err.index(TSAN_ANY):].splitlines()[0]
    if rc < 0:
        return "crash", f"killed by signal {-rc}"
    if rc != 0 or err.strip():
        return "other", f"exit {rc}: {err.strip()[:200]}"
    return "clean", ""


def check_seed(seed, a, bindir, work):
    text = genprog.generate(seed, a.ops, a.tasks_max)
    src = os.path.join(work, f"prog{seed}.mlir")
    with open(src, "w") as f:
        f.write(text)
    res = {"seed": seed, "src": src, "runs": []}
    rc, _, err = run([os.path.join(bindir, "map-opt"),
                      "--map-verify-ownership=strict=true", src,
                      "-o", os.devnull], a.timeout)
    if rc == 0:
        res["verdict"] = "accepted"
    elif rc == 1 and "error:" in err:
        res["verdict"] = "rejected"
        res["diag"] = next((l for l in err.splitlines() if "error:" in l), "")
    else:
        res["verdict"] = "tool-failure"
        res["diag"] = f"map-opt exit {rc}: {err[-2000:]}"
        return res
    env = dict(os.environ)
    env["TSAN_OPTIONS"] = "halt_on_error=1 exitcode=66 " + \
        env.get("TSAN_OPTIONS", "")
    builds = [("checks", ["--no-verify", "--checks=all", "-O1"]),
              ("tsan", ["--no-verify", "--checks=none",
                        "--sanitize=thread", "-O1", "-g"])]
    for name, flags in builds:
        exe = os.path.join(work, f"prog{seed}.{name}")
        rc, _, err = run([os.path.join(bindir, "map-cc"), src, "-o", exe]
                         + flags, a.timeout)
        if rc != 0:
            res["verdict"] = "tool-failure"
            res["diag"] = f"map-cc {' '.join(flags)} exit {rc}: {err[-2000:]}"
            return res
        for i in range(a.runs):
            rc, out, err = run([exe], a.timeout, env)
            kind, detail = classify_run(rc, err, name == "tsan")
            res["runs"].append((name, i, kind, detail, err))
            if kind == "race" and res["verdict"] == "rejected":
                break  # confirmed; no need to run it again
    return res


def main():
    ap = argparse.ArgumentParser(
        description="differential soundness check of the ownership verifier")
    ap.add_argument("--seeds", default="1-20",
                    help="seeds, e.g. 1-50 or 3,7,10-12")
    ap.add_argument("--runs", type=int, default=3,
                    help="runs of each build of each program")
    ap.add_argument("--ops", type=int, default=3000,
                    help="map operations per task loop (genprog.py --ops)")
    ap.add_argument("--tasks-max", type=int, default=6)
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("-j", "--jobs", type=int, default=1)
    ap.add_argument("--bin", help="directory holding map-opt and map-cc")
    ap.add_argument("--keep", help="directory for the programs of failures "
                    "(default: test/fuzz/failures)")
    ap.add_argument("--verbose", "-v", action="store_true")
    a = ap.parse_args()
    bindir = find_bin(a.bin)
    keep = a.keep or os.path.join(HERE, "failures")
    seeds = parse_seeds(a.seeds)
    t0 = time.time()
    counts = dict(accepted=0, rejected=0, confirmed=0, unsound=0,
                  failures=0, confirmed_checks=0, confirmed_tsan=0)
    bad = []
    with tempfile.TemporaryDirectory(prefix="mapsafe-diff-") as work:
        with concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
            futs = [pool.submit(check_seed, s, a, bindir, work) for s in seeds]
            for fut in futs:
                r = fut.result()
                v = r["verdict"]
                races = [x for x in r["runs"] if x[2] == "race"]
                others = [x for x in r["runs"]
                          if x[2] in ("other", "crash", "hang")]
                line = f"seed {r['seed']}: {v}"
                problem = None
                if v == "tool-failure":
                    problem = "TOOL FAILURE: " + r["diag"]
                elif v == "accepted":
                    counts["accepted"] += 1
                    if races:
                        counts["unsound"] += 1
                        problem = "UNSOUND: " + races[0][3]
                    elif others:
                        problem = "FAILURE: " + others[0][2] + " " + others[0][3]
                else:
                    counts["rejected"] += 1
                    if races:
                        counts["confirmed"] += 1
                        counts["confirmed_" + races[0][0]] += 1
                        line += f", confirmed by {races[0][0]}"
                    if [x for x in others if x[2] in ("crash", "hang")] \
                            and not races:
                        line += f" ({others[0][2]} without a report)"
                if problem:
                    if not problem.startswith("UNSOUND"):
                        counts["failures"] += 1
                    os.makedirs(keep, exist_ok=True)
                    dst = os.path.join(keep, f"seed{r['seed']}.mlir")
                    shutil.copy(r["src"], dst)
                    first = races[0] if races else (others[0] if others else None)
                    if first:
                        with open(dst + ".stderr", "w") as f:
                            f.write(first[4])
                    line += f" -- {problem} (kept as {dst})"
                    bad.append(line)
                if a.verbose or problem:
                    print(line, flush=True)
    rej = counts["rejected"]
    prec = f"{100.0 * counts['confirmed'] / rej:.0f}%" if rej else "n/a"
    print(f"seeds {a.seeds} ({len(seeds)} programs, {a.runs} runs per build, "
          f"{time.time() - t0:.0f}s)")
    print(f"accepted: {counts['accepted']}")
    print(f"rejected: {rej}")
    print(f"confirmed: {counts['confirmed']} (runtime checks first: "
          f"{counts['confirmed_checks']}, ThreadSanitizer first: "
          f"{counts['confirmed_tsan']}; precision {prec})")
    print(f"unsound: {counts['unsound']}")
    print(f"failures: {counts['failures']}")
    for line in bad:
        print(line)
    sys.exit(1 if counts["unsound"] or counts["failures"] else 0)


if __name__ == "__main__":
    main()
