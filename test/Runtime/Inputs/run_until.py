#!/usr/bin/env python3
# ===- run_until.py - run a racy or a safe program repeatedly ------------=== #
#
# Race detection is best effort (as in Go), so a racy test program is run
# until it reports, up to --runs times. Only the expected report counts:
# any other outcome (another message, another exit status, a crash) fails
# the test at once. With --never, the program must finish every one of the
# --runs runs with --status and nothing on stderr.
#
# The stderr of the reporting run (or of the last run with --never) is
# printed to stdout for FileCheck.
#
# ===---------------------------------------------------------------------=== #
import argparse
import subprocess
import sys

parser = argparse.ArgumentParser()
parser.add_argument("--runs", type=int, default=20)
parser.add_argument("--expect", help="exact first line of stderr")
parser.add_argument("--status", default=[2],
                    type=lambda text: [int(x) for x in text.split(",")],
                    help="accepted exit status(es) of a run, comma-separated")
parser.add_argument("--clean-status", type=int, default=0,
                    help="exit status of a run that saw no race")
parser.add_argument("--never", action="store_true",
                    help="the program must never report")
parser.add_argument("--timeout", type=float, default=30)
parser.add_argument("--print-stdout", action="store_true",
                    help="with --never: print the last run's stdout")
parser.add_argument("cmd", nargs=argparse.REMAINDER)
args = parser.parse_args()
cmd = args.cmd[1:] if args.cmd and args.cmd[0] == "--" else args.cmd

for run in range(1, args.runs + 1):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True,
                           timeout=args.timeout)
    except subprocess.TimeoutExpired:
        print(f"run {run}: timed out after {args.timeout}s", file=sys.stderr)
        sys.exit(1)
    first = p.stderr.splitlines()[0] if p.stderr else ""
    if args.never:
        if p.returncode not in args.status or p.stderr:
            print(f"run {run}: exit {p.returncode}, stderr:\n{p.stderr}",
                  file=sys.stderr)
            sys.exit(1)
        continue
    if p.returncode in args.status and first == args.expect:
        print(f"detected in run {run}")
        sys.stdout.write(p.stderr)
        sys.exit(0)
    if p.returncode == args.clean_status and not p.stderr:
        continue  # the race did not overlap in time this run
    print(f"run {run}: unexpected exit {p.returncode}, stderr:\n{p.stderr}",
          file=sys.stderr)
    sys.exit(1)

if args.never:
    if args.print_stdout:
        sys.stdout.write(p.stdout)
    else:
        print(f"no report in {args.runs} runs")
    sys.exit(0)
print(f"no report in {args.runs} runs", file=sys.stderr)
sys.exit(1)
