#!/usr/bin/env python3
# ===- run_fuzz.py - run map-fuzz from the seed corpus -------------------=== #
#
#   run_fuzz.py --fuzzer build-sanitize/bin/map-fuzz [--seconds 30]
#               [--work DIR] [-- extra libFuzzer flags]
#
# The working corpus is DIR/corpus (new units land there), the seeds are
# test/fuzz/corpus and every .mlir file of the tests, examples and
# ../shared/syntax.mlir. Crash, leak and timeout inputs are written to
# DIR/artifacts/ and the run fails; turn each into a regression test
# (docs/reliability.md). MAPSAFE_FUZZ_SECONDS overrides --seconds.
# ===---------------------------------------------------------------------=== #
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

ap = argparse.ArgumentParser()
ap.add_argument("--fuzzer", required=True)
ap.add_argument("--seconds", type=int,
                default=int(os.environ.get("MAPSAFE_FUZZ_SECONDS", "30")))
ap.add_argument("--work", default=os.path.join(HERE, "work"))
ap.add_argument("extra", nargs="*")
a = ap.parse_args()

corpus = os.path.join(a.work, "corpus")
artifacts = os.path.join(a.work, "artifacts")
os.makedirs(corpus, exist_ok=True)
os.makedirs(artifacts, exist_ok=True)
seeds = [os.path.join(HERE, "corpus")]
for sub in ("test/Dialect", "test/Analysis", "test/Conversion",
            "test/Runtime", "test/Runtime/Inputs", "test/Tools/Inputs",
            "test/Reliability/Inputs", "examples"):
    d = os.path.join(ROOT, sub)
    if os.path.isdir(d):
        seeds.append(d)
shared = os.path.join(os.path.dirname(ROOT), "shared")
if os.path.isdir(shared):
    seeds.append(shared)
cmd = [a.fuzzer, f"-max_total_time={a.seconds}", "-timeout=120",
       "-rss_limit_mb=4096", "-max_len=65536", "-print_final_stats=1",
       f"-artifact_prefix={artifacts}/", corpus] + seeds + a.extra
print(" ".join(cmd), flush=True)
rc = subprocess.call(cmd)
sys.exit(rc)
