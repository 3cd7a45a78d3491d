#!/usr/bin/env python3
"""Measures --map-verify-ownership against parsing on generated modules.

For each size N (task functions), generates gen_module.py's module, runs
`map-opt --mlir-timing --map-verify-ownership` R times single-threaded and
takes the medians of the Parser and MapVerifyOwnership wall times from
MLIR's own timing report, so both are measured in the same process.

Usage: run.py MAP_OPT [--sizes 2000,20000] [--repeat 3] [--json OUT]
Prints a Markdown table; exits 1 if a racy module was not rejected.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def timings(map_opt, path):
    proc = subprocess.run(
        [map_opt, "--mlir-disable-threading", "--mlir-timing",
         "--map-verify-ownership", path, "-o", os.devnull],
        capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"map-opt failed on {path}:\n{proc.stderr[-2000:]}")
    def seconds(name):
        m = re.search(r"^\s*([0-9.]+) \([ 0-9.]+%\)\s+" + name + r"\s*$",
                      proc.stderr, re.M)
        if not m:
            sys.exit(f"no '{name}' line in the timing report:\n{proc.stderr}")
        return float(m.group(1))
    return seconds("Parser"), seconds("MapVerifyOwnership")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("map_opt")
    parser.add_argument("--sizes", default="2000,20000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        # The generated racy module must be rejected: the benchmark measures
        # a verifier that works.
        racy = os.path.join(tmp, "racy.mlir")
        with open(racy, "w") as f:
            subprocess.run([sys.executable, os.path.join(HERE, "gen_module.py"),
                            "50", "--racy"], stdout=f, check=True)
        if subprocess.run([args.map_opt, "--map-verify-ownership", racy,
                           "-o", os.devnull], capture_output=True).returncode != 1:
            sys.exit("the racy module was not rejected")
        for n in sizes:
            path = os.path.join(tmp, f"m{n}.mlir")
            with open(path, "w") as f:
                subprocess.run([sys.executable,
                                os.path.join(HERE, "gen_module.py"), str(n)],
                               stdout=f, check=True)
            ops = sum(1 for line in open(path)
                      if "=" in line or line.strip().startswith(("map.", "func.call", "return")))
            runs = [timings(args.map_opt, path) for _ in range(args.repeat)]
            parse = statistics.median(r[0] for r in runs)
            verify = statistics.median(r[1] for r in runs)
            rows.append({"functions": n, "approx_ops": ops, "parse_s": parse,
                         "verify_s": verify, "ratio": verify / parse,
                         "runs": runs})
            print(f"  {n} functions: parse {parse:.3f} s, verify {verify:.3f} s",
                  file=sys.stderr)
    print("| functions | ≈ ops | parse (s) | verify (s) | verify / parse |")
    print("|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['functions']} | {r['approx_ops']} | {r['parse_s']:.3f} | "
              f"{r['verify_s']:.3f} | {r['ratio']:.2f} |")
    if len(rows) >= 2:
        a, b = rows[0], rows[-1]
        print(f"\n{b['functions'] // a['functions']}× the functions: "
              f"{b['verify_s'] / a['verify_s']:.1f}× the verify time "
              f"({b['parse_s'] / a['parse_s']:.1f}× the parse time).")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=2)


if __name__ == "__main__":
    main()
