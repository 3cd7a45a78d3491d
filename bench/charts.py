#!/usr/bin/env python3
#===- bench/charts.py - SVG charts of a bench/run.py report ---------------===#
#
# Draws, with matplotlib, from report.json:
#   overhead.svg  time × the uninstrumented build, by workload and variant
#                 (map programs and C++ side by side, with the targets)
#   memory.svg    peak RSS × the uninstrumented build, same layout
#   verifier.svg  parse and verify time against module size
#   micro.svg     maprt-bench: ns per operation
# Usage: charts.py REPORT.json OUT_DIR   (prints the files it wrote)
#
#===----------------------------------------------------------------------===#
import json
import os
import sys

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402

plt.rcParams["svg.hashsalt"] = "mapsafe"  # stable ids: diffs show real change
plt.rcParams["svg.fonttype"] = "none"


def ratio_chart(rep, out, metrics, title, targets):
    """One row per metric (key, low key, high key, y label), map programs
    left and C++ right; error bars span the paired ratios."""
    workloads = [w["name"] for w in rep["workloads"]]
    fig, axes = plt.subplots(len(metrics), 2, figsize=(13, 4.2 * len(metrics)),
                             sharey="row", squeeze=False)
    for r, (key, lo_key, hi_key, ylabel) in enumerate(metrics):
        for ax, lang, name in zip(axes[r], ("mlir", "cxx"),
                                  ("map dialect (map-cc)",
                                   "C++ std::unordered_map")):
            variants = [v for v in rep["variants"]
                        if v["language"] == lang and v["id"] != v["baseline"]]
            width = 0.8 / len(variants)
            for i, v in enumerate(variants):
                xs, ys, lo, hi = [], [], [], []
                for j, w in enumerate(workloads):
                    row = rep["table"][f"{w}/{v['id']}"]
                    xs.append(j + (i - (len(variants) - 1) / 2) * width)
                    ys.append(row[key])
                    if lo_key:
                        lo.append(max(0.0, row[key] - row[lo_key]))
                        hi.append(max(0.0, row[hi_key] - row[key]))
                ax.bar(xs, ys, width, label=v["label"],
                       yerr=[lo, hi] if lo_key else None, capsize=2,
                       error_kw={"elinewidth": 0.8})
            ax.axhline(1.0, color="black", linewidth=0.8)
            for lang_t, y, label in targets:
                if lang_t == lang:
                    ax.axhline(y, color="red", linestyle="--", linewidth=0.8)
                    ax.text(-0.45, y, label, color="red", ha="left",
                            va="bottom", fontsize=8)
            ax.set_xticks(range(len(workloads)))
            ax.set_xticklabels(workloads)
            ax.set_yscale("log")
            ax.set_title(name)
            ax.legend(fontsize=7, loc="upper left")
            ax.grid(axis="y", which="both", alpha=0.3)
        axes[r][0].set_ylabel(ylabel)
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)


def verifier_chart(rep, out):
    rows = rep["verifier"]["sizes"]
    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    xs = [r["approx_ops"] for r in rows]
    ax.plot(xs, [r["parse_s"] for r in rows], "o-", label="parse")
    ax.plot(xs, [r["verify_s"] for r in rows], "s-",
            label="--map-verify-ownership")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("module size (≈ ops)")
    ax.set_ylabel("seconds (median)")
    ax.set_title("Verifier time vs module size")
    ax.grid(which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)


def micro_chart(rep, out):
    rows = rep["micro"]["benchmarks"]
    names = sorted(n for n in rows if not n.startswith("MaprtIterate"))
    fig, ax = plt.subplots(figsize=(7.5, 4.5))
    med = [rows[n]["median_ns"] for n in names]
    err = [[m - rows[n]["min_ns"] for n, m in zip(names, med)],
           [rows[n]["max_ns"] - m for n, m in zip(names, med)]]
    ax.barh(names, med, xerr=err, capsize=2)
    ax.invert_yaxis()
    ax.set_xlabel("ns per operation (median, min–max)")
    ax.set_title("maprt-bench: one runtime operation")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)


def main():
    report, out_dir = sys.argv[1], sys.argv[2]
    with open(report) as f:
        rep = json.load(f)
    written = []
    ratio_chart(rep, os.path.join(out_dir, "overhead.svg"),
                [("ratio", "paired_ratio_min", "paired_ratio_max",
                  "wall time × uninstrumented"),
                 ("cpu_ratio", "cpu_paired_ratio_min", "cpu_paired_ratio_max",
                  "CPU time × uninstrumented")],
                "Overhead by workload and variant (median; bars: min–max "
                "of the paired ratios)",
                [("mlir", 1.10, "checks=all target 1.10×"),
                 ("cxx", 1.15, "map-clang++ target 1.15×")])
    written.append("overhead.svg")
    if all(row["rss_ratio"] for row in rep["table"].values()):
        ratio_chart(rep, os.path.join(out_dir, "memory.svg"),
                    [("rss_ratio", None, None, "peak RSS × uninstrumented")],
                    "Peak memory by workload and variant (median)", [])
        written.append("memory.svg")
    if rep["verifier"].get("sizes"):
        verifier_chart(rep, os.path.join(out_dir, "verifier.svg"))
        written.append("verifier.svg")
    if rep["micro"].get("benchmarks"):
        micro_chart(rep, os.path.join(out_dir, "micro.svg"))
        written.append("micro.svg")
    print("\n".join(written))


if __name__ == "__main__":
    main()
