#!/usr/bin/env python3
#===- bench/smoke_test.py - ctest bench-smoke: the harness still works ----===#
#
# Runs `bench/run.py --quick` (every workload once, small size, every
# variant) against a build tree into a temporary directory and checks that
# it produced report.json, report.md and the SVG charts, and that every
# variant of every workload printed the same checksum. Without matplotlib
# the charts may be missing, if report.json says why. The benchmark's
# figures are not judged: this guards the harness, not the performance.
#
# Usage: smoke_test.py BUILD_DIR
#
#===----------------------------------------------------------------------===#
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    build = sys.argv[1]
    out = tempfile.mkdtemp(prefix="mapsafe-bench-smoke-")
    proc = subprocess.run([sys.executable, os.path.join(HERE, "run.py"),
                           "--quick", "--build", build, "--out", out])
    problems = []
    if proc.returncode != 0:
        problems.append(f"bench/run.py --quick exited {proc.returncode}")
    for name in ("report.json", "report.md"):
        if not os.path.isfile(os.path.join(out, name)):
            problems.append(f"no {name}")
    if os.path.isfile(os.path.join(out, "report.json")):
        with open(os.path.join(out, "report.json")) as f:
            rep = json.load(f)
        charts = rep.get("charts", {})
        if charts.get("skipped"):
            print(f"smoke: charts skipped: {charts['skipped']}")
        else:
            for svg in ("overhead.svg", "verifier.svg"):
                path = os.path.join(out, svg)
                if not os.path.isfile(path) or "<svg" not in open(path).read():
                    problems.append(f"no chart {svg}")
        for w, c in rep.get("checksums", {}).items():
            if not c["agree"]:
                problems.append(f"{w}: checksums differ: {c['per_variant']}")
        expected = len(rep["workloads"]) * len(rep["variants"])
        if len(rep.get("table", {})) != expected:
            problems.append(f"{len(rep.get('table', {}))} results, "
                            f"expected {expected}")
    if problems:
        print("smoke: FAILED (output kept in " + out + "):\n  "
              + "\n  ".join(problems))
        return 1
    shutil.rmtree(out)
    print("smoke: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
