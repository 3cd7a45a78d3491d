"""Prints a map program whose @main nests N map.go bodies (go) or N scf.if
regions (if) around one locked write of a concurrent map.

Usage: gen_nested.py go|if N"""
import sys

kind, n = sys.argv[1], int(sys.argv[2])
out = ["func.func @main() -> i32 {",
       "  %m = map.make {concurrent} : !map.map<i64, i64>",
       "  %mu = map.mutex",
       "  %k = arith.constant 1 : i64",
       "  %c = arith.constant true",
       "  %g = map.group"]
open_, close = {"go": ("map.go %g {", "map.yield\n}"),
                "if": ("scf.if %c {", "}")}[kind]
out += [open_] * n
out += ["map.lock %mu", "map.assign %k, %m[%k] : !map.map<i64, i64>",
        "map.unlock %mu"]
out += [close] * n
out += ["  map.wait %g", "  %z = arith.constant 0 : i32",
        "  return %z : i32", "}"]
print("\n".join(out))
