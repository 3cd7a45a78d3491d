#!/usr/bin/env python3
# ===- race.py - run a program until its race is reported ------*- python -*-===#
#
# Detection is best effort (as in Go): a race that does not overlap in time
# may go unseen in one run. This helper makes the race tests deterministic
# in their verdict:
#
#   race.py --expect writes|read|iteration [--runs N] -- PROG ARGS...
#       runs PROG up to N times; passes on the first run that exits 2 with
#       the expected first line; fails at once on a run that reports another
#       race kind, and after N runs without a report. The detecting run's
#       stderr is echoed to stdout for FileCheck.
#   race.py --expect none [--runs N] -- PROG ARGS...
#       runs PROG N times; fails on any report or non-zero exit.
#
# A run that crashes without a report (the race corrupted the container
# before a check saw it) counts as "not detected this time".
#
# ===------------------------------------------------------------------------===#
import argparse
import subprocess
import sys

MESSAGES = {
    "writes": "fatal error: concurrent map writes",
    "read": "fatal error: concurrent map read and map write",
    "iteration": "fatal error: concurrent map iteration and map write",
}


def first_report(stderr):
    for line in stderr.splitlines():
        if line.startswith("fatal error: concurrent map"):
            return line.strip()
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--expect", required=True,
                        choices=sorted(MESSAGES) + ["none"])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no program to run")

    for run in range(1, args.runs + 1):
        try:
            proc = subprocess.run(command, capture_output=True, text=True,
                                  timeout=args.timeout)
        except subprocess.TimeoutExpired:
            print("run %d: timed out after %gs" % (run, args.timeout))
            return 1
        report = first_report(proc.stderr)
        if args.expect == "none":
            if report or proc.returncode != 0:
                print("run %d: unexpected exit %d\n%s" %
                      (run, proc.returncode, proc.stderr))
                return 1
            continue
        if report is None:
            continue
        if report != MESSAGES[args.expect] or proc.returncode != 2:
            print("run %d: wrong report (exit %d), expected '%s'\n%s" %
                  (run, proc.returncode, MESSAGES[args.expect], proc.stderr))
            return 1
        print("detected in run %d" % run)
        sys.stdout.write(proc.stderr)
        return 0

    if args.expect == "none":
        print("no report in %d runs" % args.runs)
        return 0
    print("no report in %d runs, expected '%s'" %
          (args.runs, MESSAGES[args.expect]))
    return 1


if __name__ == "__main__":
    sys.exit(main())
