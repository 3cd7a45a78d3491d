#!/usr/bin/env python3
# ===- genprog.py - random well-formed map programs ----------------------=== #
#
# Prints one complete `map` dialect program (a module with
# `func.func @main() -> i32`) chosen by a seed: several maps (globals and
# map.make, some `concurrent`), mutexes, wait groups, tasks started directly,
# in scf.for loops and in scf.if branches, helpers called with map, mutex and
# group arguments (from @main and from tasks), task-private maps, and waits
# on some paths only. Every task runs a loop of a few thousand map
# operations so that tasks overlap in time and races have a chance to show
# at run time.
#
# Each shared map gets a discipline (a mutex that guards it, or "only after
# the tasks are joined", or none); the generator follows it most of the
# time and breaks it on purpose now and then (a forgotten lock, the wrong
# mutex, an rlock around a write, a missing wait), so a run yields both
# programs the verifier accepts and programs it rejects.
#
#   genprog.py SEED [--ops N] [--tasks-max T] [-o FILE]
#
# The output depends only on the seed and the options (random.Random(seed)).
# ===---------------------------------------------------------------------=== #
import argparse
import random
import sys

MAPT = "!map.map<i64, i64>"


class Gen:
    def __init__(self, seed, ops, tasks_max):
        self.r = random.Random(seed)
        self.seed = seed
        self.ops = ops
        self.tasks_max = tasks_max
        self.n = 0
        self.helpers = []      # text of helper functions
        self.helper_sigs = {}  # name -> kind
        self.tasks = 0

    def fresh(self, p="v"):
        self.n += 1
        return f"%{p}{self.n}"

    def chance(self, p):
        return self.r.random() < p

    # --- straight-line pieces ---------------------------------------------
    def const(self, out, ind, value, ty):
        v = self.fresh("c")
        out.append(f"{ind}{v} = arith.constant {value} : {ty}")
        return v

    def lock_ops(self, mu, mode):
        if mode == "lock":
            return f"map.lock {mu}", f"map.unlock {mu}"
        if mode == "rlock":
            return f"map.rlock {mu}", f"map.runlock {mu}"
        return None, None

    def access_loop(self, out, ind, m, mu, mode, n_iter, base, writes=True,
                    lock_per_iter=True):
        """A loop of n_iter iterations doing a mix of map ops on m.

        mode: 'lock', 'rlock' or 'none' (the mutex mu is held around every
        iteration or around the whole loop)."""
        c0 = self.const(out, ind, 0, "index")
        c1 = self.const(out, ind, 1, "index")
        cn = self.const(out, ind, n_iter, "index")
        krange = self.const(out, ind, self.r.choice([7, 64, 512, 4096]), "i64")
        cbase = self.const(out, ind, base, "i64")
        one = self.const(out, ind, 1, "i64")
        lk, ulk = self.lock_ops(mu, mode)
        if lk and not lock_per_iter:
            out.append(f"{ind}{lk}")
        i = self.fresh("i")
        out.append(f"{ind}scf.for {i} = {c0} to {cn} step {c1} {{")
        bi = ind + "  "
        if lk and lock_per_iter:
            out.append(f"{bi}{lk}")
        ki = self.fresh("k")
        out.append(f"{bi}{ki} = arith.index_cast {i} : index to i64")
        kb = self.fresh("k")
        out.append(f"{bi}{kb} = arith.addi {ki}, {cbase} : i64")
        k = self.fresh("k")
        out.append(f"{bi}{k} = arith.remsi {kb}, {krange} : i64")
        ops = ["lookup", "lookup", "len"]
        if writes:
            ops += ["assign", "assign", "rmw", "delete"]
        for _ in range(self.r.randint(1, 3)):
            op = self.r.choice(ops)
            if op == "lookup":
                v, f = self.fresh("v"), self.fresh("f")
                out.append(f"{bi}{v}, {f} = map.lookup {m}[{k}] : {MAPT}")
            elif op == "len":
                out.append(f"{bi}{self.fresh('n')} = map.len {m} : {MAPT}")
            elif op == "assign":
                out.append(f"{bi}map.assign {ki}, {m}[{k}] : {MAPT}")
            elif op == "rmw":
                v, f, v2 = self.fresh("v"), self.fresh("f"), self.fresh("v")
                out.append(f"{bi}{v}, {f} = map.lookup {m}[{k}] : {MAPT}")
                out.append(f"{bi}{v2} = arith.addi {v}, {one} : i64")
                out.append(f"{bi}map.assign {v2}, {m}[{k}] : {MAPT}")
            elif op == "delete":
                out.append(f"{bi}map.delete {m}[{k}] : {MAPT}")
        if lk and lock_per_iter:
            out.append(f"{bi}{ulk}")
        out.append(f"{ind}}}")
        if lk and not lock_per_iter:
            out.append(f"{ind}{ulk}")
        if self.chance(0.15):
            # an iteration over the map, under the same lock
            if lk:
                out.append(f"{ind}{lk}")
            acc = self.fresh("acc")
            z = self.const(out, ind, 0, "i64")
            out.append(f"{ind}{acc} = memref.alloca() : memref<i64>")
            out.append(f"{ind}memref.store {z}, {acc}[] : memref<i64>")
            kk, vv = self.fresh("rk"), self.fresh("rv")
            out.append(f"{ind}map.range {m} : {MAPT} {{")
            out.append(f"{ind}^bb0({kk}: i64, {vv}: i64):")
            s, s2 = self.fresh("s"), self.fresh("s")
            out.append(f"{ind}  {s} = memref.load {acc}[] : memref<i64>")
            out.append(f"{ind}  {s2} = arith.addi {s}, {vv} : i64")
            out.append(f"{ind}  memref.store {s2}, {acc}[] : memref<i64>")
            out.append(f"{ind}  map.yield")
            out.append(f"{ind}}}")
            if lk:
                out.append(f"{ind}{ulk}")

    # --- the discipline -----------------------------------------------------
    def guard_for(self, mi, writes):
        """The mutex and mode an access block on map mi uses: the map's own
        discipline, broken now and then."""
        d = self.disc[mi]
        if d["mutex"] is None:
            return None, "none"
        mu, mode = d["mutex"], "lock"
        if not writes and self.chance(0.4):
            mode = "rlock"
        if self.chance(self.p_break):
            mode2 = self.r.choice(["none", "rlock", "other"])
            if mode2 == "none":
                return None, "none"
            if mode2 == "rlock":
                return mu, "rlock"
            return self.r.choice(self.mutexes), "lock"
        return mu, mode

    # --- helpers ------------------------------------------------------------
    def helper(self, kind):
        """A helper taking (map, mutex[, group]): 'work' (an access loop,
        locked or not), 'spawn' (starts a locked task into the group and
        returns without waiting)."""
        name = f"@{kind}{len(self.helpers)}"
        out = []
        if kind == "work":
            locked = self.chance(0.6)
            writes = self.chance(0.8)
            out.append(f"func.func {name}(%hm: {MAPT}, %hmu: !map.mutex, "
                       f"%hbase: i64) {{")
            self.access_loop(out, "  ", "%hm", "%hmu",
                             "lock" if locked else "none",
                             self.r.randint(self.ops // 2, self.ops),
                             self.r.randint(0, 100), writes=writes,
                             lock_per_iter=self.chance(0.8))
            out.append("  return")
            out.append("}")
            self.helper_sigs[name] = ("work", locked, writes)
        else:
            out.append(f"func.func {name}(%hm: {MAPT}, %hmu: !map.mutex, "
                       f"%hg: !map.group) {{")
            out.append("  map.go %hg {")
            self.access_loop(out, "    ", "%hm", "%hmu", "lock",
                             self.r.randint(self.ops // 2, self.ops),
                             self.r.randint(0, 100))
            out.append("    map.yield")
            out.append("  }")
            out.append("  return")
            out.append("}")
            self.helper_sigs[name] = ("spawn", True, True)
        self.helpers.append("\n".join(out))
        return name

    # --- statements of @main and of task bodies -----------------------------
    def task_body(self, out, ind, depth):
        """What a task does: access loops on shared maps, helper calls, a
        private map, maybe a nested task."""
        for _ in range(self.r.randint(1, 2)):
            what = self.r.random()
            mi = self.r.randrange(len(self.maps))
            m = self.maps[mi]
            if what < 0.45:
                writes = self.chance(0.75)
                mu, mode = self.guard_for(mi, writes)
                if self.disc[mi]["after_wait"] and self.chance(1 - self.p_break):
                    # a map main only touches after the joins: tasks may not
                    # touch it at all (one writer task would be fine, but two
                    # instances would not); read it only
                    writes = False
                self.access_loop(out, ind, m, mu or self.mutexes[0], mode,
                                 self.r.randint(self.ops // 2, self.ops),
                                 self.r.randint(0, 1000), writes=writes,
                                 lock_per_iter=self.chance(0.85))
            elif what < 0.7:
                # call a helper with the map and (usually) its own mutex
                name = self.r.choice(self.work_helpers)
                _, locked, writes = self.helper_sigs[name]
                mu = self.disc[mi]["mutex"] or self.mutexes[0]
                if self.chance(self.p_break):
                    mu = self.r.choice(self.mutexes)
                b = self.const(out, ind, self.r.randint(0, 1000), "i64")
                out.append(f"{ind}func.call {name}({m}, {mu}, {b}) : "
                           f"({MAPT}, !map.mutex, i64) -> ()")
            elif what < 0.9 or depth > 0:
                # an instance-private map
                pm = self.fresh("pm")
                conc = " {concurrent}" if self.chance(0.5) else ""
                out.append(f"{ind}{pm} = map.make{conc} : {MAPT}")
                self.access_loop(out, ind, pm, self.mutexes[0], "none",
                                 self.r.randint(self.ops // 2, self.ops),
                                 self.r.randint(0, 1000))
                mu = self.disc[mi]["mutex"]
                n = self.fresh("n")
                if mu is not None:
                    out.append(f"{ind}map.lock {mu}")
                out.append(f"{ind}{n} = map.len {pm} : {MAPT}")
                n64 = self.fresh("n")
                out.append(f"{ind}{n64} = arith.index_cast {n} : index to i64")
                k = self.const(out, ind, self.r.randint(0, 50), "i64")
                if mu is not None or self.chance(0.3):
                    out.append(f"{ind}map.assign {n64}, {m}[{k}] : {MAPT}")
                if mu is not None:
                    out.append(f"{ind}map.unlock {mu}")
            else:
                # a nested task on a private map, joined inside the task
                pm = self.fresh("pm")
                out.append(f"{ind}{pm} = map.make {{concurrent}} : {MAPT}")
                g = self.fresh("ig")
                out.append(f"{ind}{g} = map.group")
                pmu = self.fresh("imu")
                out.append(f"{ind}{pmu} = map.mutex")
                locked = self.chance(1 - self.p_break)
                for _ in range(2):
                    out.append(f"{ind}map.go {g} {{")
                    self.access_loop(out, ind + "  ", pm, pmu,
                                     "lock" if locked else "none",
                                     self.r.randint(self.ops // 2, self.ops),
                                     self.r.randint(0, 1000))
                    out.append(f"{ind}  map.yield")
                    out.append(f"{ind}}}")
                if self.chance(1 - self.p_break):
                    out.append(f"{ind}map.wait {g}")
                self.access_loop(out, ind, pm, pmu, "lock",
                                 self.r.randint(10, 50), 0)

    def go(self, out, ind, depth):
        self.tasks += 1
        if self.chance(0.08):
            g = None  # a task no one joins
        else:
            g = self.r.choice(self.groups)
        out.append(f"{ind}map.go {g + ' ' if g else ''}{{")
        self.task_body(out, ind + "  ", depth + 1)
        out.append(f"{ind}  map.yield")
        out.append(f"{ind}}}")
        return g

    def main_access(self, out, ind):
        mi = self.r.randrange(len(self.maps))
        d = self.disc[mi]
        writes = self.chance(0.6)
        if d["after_wait"] and not self.all_joined and \
                self.chance(1 - self.p_break):
            # that map is for after the joins: join first
            for g in self.groups:
                out.append(f"{ind}map.wait {g}")
            self.all_joined = True
        mu, mode = self.guard_for(mi, writes)
        if self.chance(0.2):
            name = self.r.choice(self.work_helpers)
            b = self.const(out, ind, self.r.randint(0, 1000), "i64")
            out.append(f"{ind}func.call {name}({self.maps[mi]}, "
                       f"{mu or d['mutex'] or self.mutexes[0]}, {b}) : "
                       f"({MAPT}, !map.mutex, i64) -> ()")
            return
        self.access_loop(out, ind, self.maps[mi], mu or self.mutexes[0], mode,
                         self.r.randint(self.ops // 4, self.ops),
                         self.r.randint(0, 1000), writes=writes,
                         lock_per_iter=self.chance(0.85))

    def stmt(self, out, ind, depth):
        what = self.r.random()
        if what < 0.3 and self.tasks < self.tasks_max:
            g = self.go(out, ind, depth)
            if g is not None:
                self.all_joined = False
        elif what < 0.45 and self.tasks < self.tasks_max:
            # several instances of one task
            c0 = self.const(out, ind, 0, "index")
            c1 = self.const(out, ind, 1, "index")
            cn = self.const(out, ind, self.r.randint(2, 3), "index")
            i = self.fresh("t")
            out.append(f"{ind}scf.for {i} = {c0} to {cn} step {c1} {{")
            g = self.go(out, ind + "  ", depth)
            if g is not None and self.chance(0.15):
                out.append(f"{ind}  map.wait {g}")  # one at a time
            out.append(f"{ind}}}")
            self.all_joined = False
        elif what < 0.55 and self.spawn_helpers:
            # a helper that leaves a task running in the group
            name = self.r.choice(self.spawn_helpers)
            mi = self.r.randrange(len(self.maps))
            mu = self.disc[mi]["mutex"] or self.mutexes[0]
            g = self.r.choice(self.groups)
            out.append(f"{ind}func.call {name}({self.maps[mi]}, {mu}, {g}) : "
                       f"({MAPT}, !map.mutex, !map.group) -> ()")
            self.tasks += 1
            self.all_joined = False
        elif what < 0.7 and depth == 0:
            # a branch on a run-time condition; a wait on one path only now
            # and then
            x = self.fresh("x")
            out.append(f"{ind}{x} = map.len {self.maps[0]} : {MAPT}")
            lim = self.const(out, ind, self.r.randint(0, 3), "index")
            cond = self.fresh("b")
            out.append(f"{ind}{cond} = arith.cmpi uge, {x}, {lim} : index")
            out.append(f"{ind}scf.if {cond} {{")
            joined = self.all_joined
            for _ in range(self.r.randint(1, 2)):
                self.stmt(out, ind + "  ", depth + 1)
            if self.chance(0.3):
                out.append(f"{ind}  map.wait {self.r.choice(self.groups)}")
            out.append(f"{ind}}} else {{")
            for _ in range(self.r.randint(0, 1)):
                self.stmt(out, ind + "  ", depth + 1)
            out.append(f"{ind}}}")
            self.all_joined = joined and self.all_joined
        elif what < 0.8:
            g = self.r.choice(self.groups)
            out.append(f"{ind}map.wait {g}")
        else:
            self.main_access(out, ind)

    def program(self):
        r = self.r
        self.p_break = r.choice([0.0, 0.05, 0.1, 0.2])
        n_maps = r.randint(2, 4)
        n_mu = r.randint(1, 3)
        n_groups = r.randint(1, 2)
        globals_, body = [], []
        ind = "  "
        self.maps, self.disc = [], []
        self.mutexes = [f"%mu{j}" for j in range(n_mu)]
        self.groups = [f"%g{j}" for j in range(n_groups)]
        for j in range(n_maps):
            conc = " {concurrent}" if r.random() < 0.5 else ""
            if r.random() < 0.3:
                globals_.append(f"map.global @gm{j}{conc} : {MAPT}")
                body.append(f"{ind}%m{j} = map.get_global @gm{j} : {MAPT}")
            else:
                cap = ""
                if r.random() < 0.2:
                    c = self.const(body, ind, r.choice([0, 16, 1024]), "index")
                    cap = f" capacity {c}"
                body.append(f"{ind}%m{j} = map.make{cap}{conc} : {MAPT}")
            self.maps.append(f"%m{j}")
            kind = r.random()
            self.disc.append({
                "mutex": f"%mu{r.randrange(n_mu)}" if kind < 0.7 else None,
                "after_wait": kind >= 0.7,
            })
        for mu in self.mutexes:
            body.append(f"{ind}{mu} = map.mutex")
        for g in self.groups:
            body.append(f"{ind}{g} = map.group")
        self.work_helpers = [self.helper("work")
                             for _ in range(r.randint(1, 2))]
        self.spawn_helpers = [self.helper("spawn")] if r.random() < 0.4 else []
        self.all_joined = True
        for _ in range(r.randint(3, 7)):
            self.stmt(body, ind, 0)
        # Join everything (but now and then forget a group), then print each
        # map's size under its mutex.
        for g in self.groups:
            if not self.chance(self.p_break):
                body.append(f"{ind}map.wait {g}")
        for mi, m in enumerate(self.maps):
            mu = self.disc[mi]["mutex"]
            if mu:
                body.append(f"{ind}map.lock {mu}")
            n = self.fresh("len")
            body.append(f"{ind}{n} = map.len {m} : {MAPT}")
            if mu:
                body.append(f"{ind}map.unlock {mu}")
            n64 = self.fresh("len")
            body.append(f"{ind}{n64} = arith.index_cast {n} : index to i64")
            body.append(f"{ind}func.call @maprt_print_i64({n64}) : (i64) -> ()")
        z = self.fresh("z")
        body.append(f"{ind}{z} = arith.constant 0 : i32")
        body.append(f"{ind}return {z} : i32")
        parts = [f"// genprog.py seed {self.seed} (ops {self.ops}, "
                 f"p_break {self.p_break})",
                 "func.func private @maprt_print_i64(i64)"]
        parts += globals_
        parts += self.helpers
        parts.append("func.func @main() -> i32 {")
        parts += body
        parts.append("}")
        return "\n".join(parts) + "\n"


def generate(seed, ops=3000, tasks_max=6):
    return Gen(seed, ops, tasks_max).program()


def main():
    ap = argparse.ArgumentParser(description="random well-formed map programs")
    ap.add_argument("seed", type=int)
    ap.add_argument("--ops", type=int, default=3000,
                    help="map operations per task loop (upper bound)")
    ap.add_argument("--tasks-max", type=int, default=6)
    ap.add_argument("-o", "--output")
    a = ap.parse_args()
    text = generate(a.seed, a.ops, a.tasks_max)
    if a.output:
        with open(a.output, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
