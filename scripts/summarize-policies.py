#!/usr/bin/env python3
"""Summarizes r3d-mec-scenario runs over policies and loads: a folder of
r3d-sweep (its merged results.csv, e.g. the sweep of
examples/sweeps/policies-vs-rate.json), such a results.csv itself, or a
folder of results JSON files named POLICY-rateRATE-runSEED.json (the layout
of the earlier scripts/evaluate-policies.sh). Per load level and policy, the mean over seeds of the run's DeploymentCost
(cost.mean) with its standard error, the cost terms, the mean latency over
completed requests, the deadline-met ratio over generated requests and the
total energy. Prints a text table; --csv FILE and --rst FILE also write it.
"""
import argparse
import csv
import glob
import json
import math
import os
import re
import sys

ORDER = ["local-only", "edge-only", "cloud-only", "random", "greedy", "lru", "lfu", "static", "oracle",
         "r3d"]


def number(text):
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text if text != "" else None


def load_merged(path):
    """(rate, policy) -> runs as nested documents, from r3d-sweep's merged CSV."""
    runs = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            doc = {}
            for key, value in row.items():
                node = doc
                *parents, leaf = key.split(".")
                for p in parents:
                    node = node.setdefault(p, {})
                    if not isinstance(node, dict):
                        break
                else:
                    node[leaf] = number(value)
            rate = row.get("rate") or row.get("parameters.rate")
            policy = row.get("policy") or row.get("parameters.policy")
            if rate is None or policy is None or "cost" not in doc:
                sys.exit("summarize-policies: %s: not a merged sweep of r3d-mec-scenario over policy and rate" % path)
            runs.setdefault((float(rate), policy), []).append(doc)
    return runs


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("dir", help="r3d-sweep folder, its results.csv, or a folder of POLICY-rateR-runS.json")
    ap.add_argument("--csv")
    ap.add_argument("--rst")
    args = ap.parse_args()
    merged = args.dir if args.dir.endswith(".csv") else os.path.join(args.dir, "results.csv")
    runs = load_merged(merged) if os.path.isfile(merged) else {}
    for path in [] if runs else glob.glob(os.path.join(args.dir, "*.json")):
        m = re.fullmatch(r"(.+)-rate([0-9.]+)-run([0-9]+)\.json", os.path.basename(path))
        if not m:
            continue
        try:
            with open(path) as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            sys.exit("summarize-policies: %s: %s" % (path, e))
        if "cost" not in doc:
            sys.exit("summarize-policies: %s has no \"cost\" (an older r3d-mec-scenario?)" % path)
        runs.setdefault((float(m.group(2)), m.group(1)), []).append(doc)
    if not runs:
        sys.exit("summarize-policies: no results.csv nor POLICY-rateR-runS.json in %s" % args.dir)

    def stats(values):
        n = len(values)
        mean = sum(values) / n
        se = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1) / n) if n > 1 else float("nan")
        return mean, se

    rows = []
    for (rate, policy) in sorted(runs, key=lambda k: (k[0], ORDER.index(k[1]) if k[1] in ORDER else 99, k[1])):
        docs = runs[(rate, policy)]
        cost, se = stats([d["cost"]["mean"] for d in docs])
        term = {t: stats([d["cost"][t] for d in docs])[0] for t in ("latency", "miss", "energy", "change")}
        latency = stats([d["latencyMs"]["overall"]["mean"] or 0 for d in docs])[0]
        met = stats([d["requests"]["deadlineMet"] / max(d["requests"]["generated"], 1) for d in docs])[0]
        p95 = stats([d["latencyMs"]["overall"]["p95"] or 0 for d in docs])[0]
        energy = stats([d["energyJ"]["all"]["total"] for d in docs])[0]
        dynamic = stats([d["energyJ"]["all"].get("dynamic", float("nan")) for d in docs])[0]
        loads = stats([d["deployments"]["loads"] for d in docs])[0]
        evictions = stats([d["deployments"]["evictions"] for d in docs])[0]
        migrations = stats([d["deployments"]["migrations"] for d in docs])[0]
        moved = stats([d["deployments"]["bytesMoved"] / 1e6 for d in docs])[0]
        # Per simulated minute after the warm-up (the counters start there).
        minutes = stats([(d["simTimeS"] - (d["parameters"].get("warmup") or 0)) / 60 for d in docs])[0]
        wall = stats([d["wallClockS"] for d in docs])[0]
        rows.append(dict(rate=rate, policy=policy, seeds=len(docs), cost=cost, se=se, latency_term=term["latency"],
                         miss_term=term["miss"], energy_term=term["energy"], change_term=term["change"],
                         latency_ms=latency, p95_ms=p95, met=met, energy_j=energy, dynamic_j=dynamic,
                         loads=loads, evictions=evictions, migrations=migrations, moved_mb=moved,
                         changes_per_min=(loads + evictions + migrations) / minutes if minutes > 0 else float("nan"),
                         wall_s=wall))
    # Best cost per rate, for the marker.
    best = {}
    for r in rows:
        best[r["rate"]] = min(best.get(r["rate"], float("inf")), r["cost"])
    head = "%-6s %-11s %5s %8s %7s %8s %7s %8s %7s %8s %8s %7s %9s %8s %6s %6s %6s %7s %7s %7s" % (
        "rate", "policy", "seeds", "cost", "+-se", "latency", "miss", "energy", "change",
        "mean ms", "p95 ms", "met %", "energy J", "dyn. J", "loads", "evict", "migr", "MB", "chg/min", "wall s")
    print(head)
    for r in rows:
        print("%-6g %-11s %5d %8.4f %7.4f %8.4f %7.4f %8.4f %7.4f %8.1f %8.1f %7.1f %9.1f %8.1f %6.1f %6.1f %6.1f %7.1f %7.1f %7.1f%s" % (
            r["rate"], r["policy"], r["seeds"], r["cost"], r["se"], r["latency_term"], r["miss_term"],
            r["energy_term"], r["change_term"], r["latency_ms"], r["p95_ms"], 100 * r["met"], r["energy_j"],
            r["dynamic_j"], r["loads"], r["evictions"], r["migrations"], r["moved_mb"], r["changes_per_min"],
            r["wall_s"], "  <- lowest cost" if r["cost"] == best[r["rate"]] else ""))
    if args.csv:
        with open(args.csv, "w") as f:
            keys = list(rows[0].keys())
            f.write(",".join(keys) + "\n")
            for r in rows:
                f.write(",".join(str(r[k]) for k in keys) + "\n")
    if args.rst:
        with open(args.rst, "w") as f:
            f.write(".. list-table::\n   :header-rows: 1\n\n")
            cols = ["load (req/s)", "policy", "cost ± SE", "mean / p95 ms", "met %", "energy J (dyn.)",
                    "loads / evictions / migrations", "MB moved", "changes/min"]
            f.write("   * - " + "\n     - ".join(cols) + "\n")
            for r in rows:
                vals = ["%g" % r["rate"], r["policy"], "%.3f ± %.3f" % (r["cost"], r["se"]),
                        "%.1f / %.1f" % (r["latency_ms"], r["p95_ms"]), "%.1f" % (100 * r["met"]),
                        "%.0f (%.0f)" % (r["energy_j"], r["dynamic_j"]),
                        "%.1f / %.1f / %.1f" % (r["loads"], r["evictions"], r["migrations"]),
                        "%.0f" % r["moved_mb"], "%.1f" % r["changes_per_min"]]
                f.write("   * - " + "\n     - ".join(vals) + "\n")


if __name__ == "__main__":
    main()
