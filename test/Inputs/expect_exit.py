"""Runs a command and succeeds only if it exits with the given status.

Usage: expect_exit.py STATUS COMMAND [ARGS...]
(lit's `not` accepts any non-zero status; the tools promise exact ones.)
"""
import subprocess
import sys

want = int(sys.argv[1])
got = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL).returncode
if got != want:
    sys.exit(f"expected exit status {want}, got {got}: {' '.join(sys.argv[2:])}")
