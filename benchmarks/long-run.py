#!/usr/bin/env python3
"""A long run of r3d-mec-scenario (default: one simulated hour of the default
scenario) checked for what a long run can break: every request conserved
(each one generated ends in exactly one recorded outcome), no drift of the
latency at constant load, every node that served early still serving at the
end, and peak memory against a shorter run of the same scenario.

usage: benchmarks/long-run.py [--bin DIR] [--simTime S] [--compare S]
                              [--window S] [--out DIR] [-- SCENARIO OPTIONS]

The runs go one after the other (never two at once). The figures are in
doc/r3d-evaluation.rst, "Long runs". Exit status 1 if conservation fails or
a node stopped serving; drift and memory are reported, not judged.
"""

import argparse
import csv
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run(binary, sim_time, extra, out_dir, tag):
    """One run; returns (results dict, CSV path, peak RSS in MB)."""
    results = os.path.join(out_dir, tag + ".json")
    rows = os.path.join(out_dir, tag + ".csv")
    rss = os.path.join(out_dir, tag + ".rss")
    cmd = ["/usr/bin/time", "-f", "%M", "-o", rss, binary, "--simTime=%g" % sim_time,
           "--progress=false", "--quiet=true", "--output=" + results, "--csv=" + rows] + extra
    print("long-run: " + " ".join(cmd[5:]), flush=True)
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit("long-run: %s failed (exit %d): %s" % (cmd[5], p.returncode, p.stderr[-2000:]))
    with open(results) as f:
        r = json.load(f)
    with open(rss) as f:
        peak = int(f.read().strip().splitlines()[-1]) / 1024
    return r, rows, peak


def percentile(values, q):
    """Nearest-rank percentile, q in [0, 100]."""
    if not values:
        return float("nan")
    s = sorted(values)
    return s[max(0, math.ceil(q / 100 * len(s)) - 1)]


def slope(xs, ys):
    """Least-squares slope of ys over xs."""
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx > 0 else float("nan")


def analyse(results, rows_path, window):
    """Conservation, per-window latency, nodes serving: a dict of figures."""
    with open(rows_path) as f:
        rows = list(csv.DictReader(f))
    sim = results["simTimeS"]
    warmup = results["parameters"]["warmup"]
    req = results["requests"]
    problems = []
    ids = {r["id"] for r in rows}
    if len(ids) != len(rows):
        problems.append("%d duplicate request ids" % (len(rows) - len(ids)))
    outcomes = {}
    for r in rows:
        outcomes[r["outcome"]] = outcomes.get(r["outcome"], 0) + 1
    if set(outcomes) - {"completed", "dropped", "in-flight"}:
        problems.append("unknown outcomes %s" % sorted(set(outcomes)))
    if len(rows) != req["generated"] + req["warmupExcluded"]:
        problems.append("%d rows for %d generated + %d in the warm-up" % (
            len(rows), req["generated"], req["warmupExcluded"]))
    counted = req["completed"] + req["dropped"]["total"] + req["inFlight"]
    if counted != req["generated"]:
        problems.append("completed + dropped + in flight = %d, generated %d" % (counted, req["generated"]))
    timeout = results["parameters"]["timeout"]
    stale = [r for r in rows if r["outcome"] == "in-flight" and float(r["generated_s"]) < sim - timeout]
    if stale:
        problems.append("%d requests in flight that are older than the time-out" % len(stale))

    windows = []
    start = warmup
    while start + window <= sim + 1e-9:
        inside = [r for r in rows if start <= float(r["generated_s"]) < start + window]
        done = [float(r["latency_ms"]) for r in inside if r["outcome"] == "completed"]
        hosts = {}
        for r in inside:
            if r["outcome"] == "completed":
                hosts[r["host"]] = hosts.get(r["host"], 0) + 1
        windows.append({
            "startS": start, "requests": len(inside), "completed": len(done),
            "dropped": sum(1 for r in inside if r["outcome"] == "dropped"),
            "meanMs": statistics.fmean(done) if done else float("nan"),
            "p50Ms": percentile(done, 50), "p95Ms": percentile(done, 95),
            "hosts": hosts,
        })
        start += window
    means = [w["meanMs"] for w in windows]
    mids = [(w["startS"] + window / 2) / 3600 for w in windows]
    drift = slope(mids, means) if len(windows) >= 2 else float("nan")
    # Nodes that served in the first window after the warm-up must serve in the last.
    first, last = (windows[0]["hosts"], windows[-1]["hosts"]) if windows else ({}, {})
    stopped = sorted(h for h in first if h not in last)
    if stopped:
        problems.append("stopped serving: %s" % ", ".join(stopped))
    return {
        "rows": len(rows), "outcomes": outcomes, "problems": problems, "windows": windows,
        "latencyMeanMs": statistics.fmean(m for m in means if not math.isnan(m)) if means else float("nan"),
        "latencyWindowStdevMs": statistics.stdev(means) if len(means) >= 2 else float("nan"),
        "driftMsPerHour": drift, "servedFirst": first, "servedLast": last, "stopped": stopped,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"),
                        help="folder of r3d-mec-scenario (default build/bin)")
    parser.add_argument("--simTime", type=float, default=3600, help="the long run, s (default 3600)")
    parser.add_argument("--compare", type=float, default=600,
                        help="a shorter run for the memory comparison, s (0: none; default 600)")
    parser.add_argument("--window", type=float, default=300,
                        help="latency windows after the warm-up, s (default 300)")
    parser.add_argument("--out", help="keep the results and CSVs here (default: a temporary folder)")
    parser.add_argument("scenario", nargs="*", help="more r3d-mec-scenario options (after --)")
    args = parser.parse_args()
    if not (args.simTime > 0 and args.window > 0 and args.compare >= 0):
        sys.exit("long-run: --simTime and --window must be > 0, --compare >= 0")
    binary = os.path.join(args.bin, "r3d-mec-scenario")
    if not os.access(binary, os.X_OK):
        sys.exit("long-run: --bin: no r3d-mec-scenario in '%s'" % args.bin)
    tmp = None
    out = args.out
    if not out:
        tmp = tempfile.TemporaryDirectory(prefix="r3d-long-run-")
        out = tmp.name
    os.makedirs(out, exist_ok=True)

    results, rows, peak = run(binary, args.simTime, args.scenario, out, "long")
    a = analyse(results, rows, args.window)
    report = {"command": "r3d-mec-scenario --simTime=%g %s" % (args.simTime, " ".join(args.scenario)),
              "simTimeS": args.simTime, "wallS": results["wallClockS"], "events": results["events"],
              "peakMB": peak, "requests": results["requests"], **a}
    if args.compare > 0:
        short, _, short_peak = run(binary, args.compare, args.scenario, out, "short")
        report["compare"] = {"simTimeS": args.compare, "peakMB": short_peak,
                             "wallS": short["wallClockS"],
                             "requests": short["requests"]["generated"] + short["requests"]["warmupExcluded"]}
    with open(os.path.join(out, "long-run.json") + ".tmp", "w") as f:
        json.dump(report, f, indent=1)
    os.replace(os.path.join(out, "long-run.json") + ".tmp", os.path.join(out, "long-run.json"))

    req = results["requests"]
    print("%g s simulated in %.0f s wall, %d events, peak %.0f MB" % (
        args.simTime, results["wallClockS"], results["events"], peak))
    print("requests after the warm-up: %d generated, %d completed, %d dropped %s, %d in flight; "
          "%d in the warm-up; %d CSV rows" % (
              req["generated"], req["completed"], req["dropped"]["total"],
              {k: v for k, v in req["dropped"].items() if k != "total" and v}, req["inFlight"],
              req["warmupExcluded"], a["rows"]))
    print("%-9s %9s %9s %8s %9s %8s %8s" % ("window s", "requests", "completed", "dropped", "mean ms",
                                           "p50 ms", "p95 ms"))
    for w in a["windows"]:
        print("%-9.0f %9d %9d %8d %9.2f %8.2f %8.2f" % (w["startS"], w["requests"], w["completed"],
                                                      w["dropped"], w["meanMs"], w["p50Ms"], w["p95Ms"]))
    print("latency: mean of the windows %.2f ms, their standard deviation %.2f ms, "
          "least-squares drift %+.2f ms per hour" % (a["latencyMeanMs"], a["latencyWindowStdevMs"],
                                                     a["driftMsPerHour"]))
    print("served in the first window: %s" % a["servedFirst"])
    print("served in the last window:  %s" % a["servedLast"])
    if args.compare > 0:
        c = report["compare"]
        print("peak memory: %.0f MB for %g s, %.0f MB for %g s (%.2fx for %.1fx the time)" % (
            peak, args.simTime, c["peakMB"], args.compare, peak / c["peakMB"], args.simTime / args.compare))
    print("results: %s" % (os.path.join(out, "long-run.json") if args.out else "(temporary; --out keeps them)"))
    if a["problems"]:
        print("long-run: FAILED: " + "; ".join(a["problems"]))
        return 1
    print("long-run: conservation holds, every node that served early still serves")
    return 0


if __name__ == "__main__":
    sys.exit(main())
