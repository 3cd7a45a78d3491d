"""Runs a command; succeeds when it exits normally (any status), fails when
a signal ends it (a crash) or it runs longer than 300 s (a hang).

Usage: no_crash.py COMMAND [ARGS...]"""
import subprocess
import sys

try:
    p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, timeout=300)
except subprocess.TimeoutExpired:
    sys.exit("hang: " + " ".join(sys.argv[1:]))
if p.returncode < 0 or p.returncode >= 128:
    sys.stderr.buffer.write(p.stderr[-4000:])
    sys.exit(f"crash (status {p.returncode}): " + " ".join(sys.argv[1:]))
