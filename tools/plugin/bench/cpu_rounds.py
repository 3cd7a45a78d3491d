#!/usr/bin/env python3
# ===- cpu_rounds.py - interleaved CPU-time runs of benchmark builds -*- python -*-===#
#
# A quick A/B measurement for plugin work on a busy shared machine, next to
# bench/run.py (the full harness, whose build flags the builds here copy):
#
#   cpu_rounds.py ROUNDS VARIANTS WORKLOADS
#
# runs ./WORKLOAD.VARIANT for every workload and variant, ROUNDS times, the
# variant order rotated every round, with MAPBENCH_N at bench/run.py's full
# sizes, and prints per workload each variant's median user+sys CPU time,
# its ratio to the first variant's median and the median of the per-round
# paired ratios, then the 1-minute load average seen between runs. A
# workload without a size there (map_heavy) runs at its own default. A
# variant "NAME@DIR" runs ./WORKLOAD.NAME with LD_LIBRARY_PATH=DIR (another
# libmaprt.so under the same binary).
#
# ===----------------------------------------------------------------------------===#
import os
import resource
import statistics
import subprocess
import sys

SIZES = dict(insert=500000, lookup=500000, mixed=500000, iterate=500000,
             tasks=2000000, shared=4000000)


def run(variant, workload):
    name, _, libdir = variant.partition("@")
    env = dict(os.environ)
    if workload in SIZES:
        env["MAPBENCH_N"] = str(SIZES[workload])
    if libdir:
        env["LD_LIBRARY_PATH"] = libdir
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([f"./{workload}.{name}"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__ or "usage: cpu_rounds.py ROUNDS VARIANTS WORKLOADS")
    rounds = int(sys.argv[1])
    variants = sys.argv[2].split(",")
    workloads = sys.argv[3].split(",")
    times = {(w, v): [] for w in workloads for v in variants}
    loads = []
    for r in range(rounds):
        for w in workloads:
            k = r % len(variants)
            for v in variants[k:] + variants[:k]:
                times[(w, v)].append(run(v, w))
            loads.append(os.getloadavg()[0])
    for w in workloads:
        base = times[(w, variants[0])]
        cells = [w]
        for v in variants:
            xs = times[(w, v)]
            paired = statistics.median(x / b for x, b in zip(xs, base))
            cells.append(f"{v} {statistics.median(xs) * 1000:.0f} ms "
                         f"{statistics.median(xs) / statistics.median(base):.2f}x "
                         f"(paired {paired:.2f}x)")
        print(" | ".join(cells))
    print(f"load average (1 min): min {min(loads):.2f} "
          f"mean {statistics.mean(loads):.2f} max {max(loads):.2f}")


if __name__ == "__main__":
    main()
