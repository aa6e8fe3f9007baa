#!/usr/bin/env python3
"""Cost of r3d-mec-scenario: wall time, simulated requests, events and
simulated seconds per wall-clock second, and peak memory, for a fixed set of
runs, for this build and (optionally) an older one, with their ratios and a
figure of wall time and memory against the number of devices.

Every scenario parameter is spelled out at the values of the default scenario
of November 2026 (models, rate, devices, edges, policy), so the figures stay
comparable when the defaults change. Runs go one after the other, never two
at once. See doc/r3d-evaluation.rst, "MEC scenario cost".
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

MODELS = "mobilenet-v2:50,resnet18:60,resnet50:100,ssd-mobilenet-v1:80"
# --progress=false: ns-3's progress meter schedules events of its own, as
# many as the wall time allows, which would make the event count vary.
COMMON = ["--rate=1", "--nEdges=2", "--nDevices=8", "--policy=greedy", "--simTime=10",
          "--controller=edge-0", "--models=" + MODELS, "--progress=false"]


# Builds after the dynamic-deployment work (they know --zipf) read --rate as
# a device's total over all models and default to memory limits, shifting
# Zipf popularity, a cold start and a warm-up left out of the statistics.
# These arguments give them the November 2026 scenario: uniform, unchanging
# popularity, every model fits everywhere (a share of 1 of the scenario's
# models), the initial deployment in place, every request counted; --rate is
# multiplied by the number of models (see scenario_args). What stays
# different is modelled on purpose: loads cost storage reads and start-up,
# requests carry encoded inputs.
PER_DEVICE_RATE_EQUIVALENT = ["--zipf=0", "--shiftInterval=0", "--memoryEnd=1", "--memoryEdge=1",
                              "--memoryCloud=1", "--preDeploy=true", "--warmup=0"]


def knows_option(binary, env, option):
    """Whether r3d-mec-scenario lists --option in its --PrintHelp."""
    p = subprocess.run([binary, "--PrintHelp"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    return ("--%s:" % option) in p.stdout


def scenario_args(config, argv):
    """argv as written for a per-model --rate, for this config's build."""
    if not config.get("perDeviceRate"):
        return argv
    models = [a for a in argv if a.startswith("--models=")][-1][len("--models="):]
    n = len([m for m in models.split(",") if m])
    out = list(PER_DEVICE_RATE_EQUIVALENT)
    for a in argv:
        if a.startswith("--rate="):
            a = "--rate=%g" % (float(a[len("--rate="):]) * n)
        out.append(a)
    return out


def zoo_models(data_dir):
    with open(os.path.join(data_dir, "models.json")) as f:
        return ",".join(m["name"] for m in json.load(f)["models"])


def runs(args, data_dir):
    """name -> (arguments, devices or None). Later arguments override earlier ones."""
    out = [
        ("warm", COMMON, None),
        ("warm-edge-only", COMMON + ["--policy=edge-only"], None),
        ("cold-start", COMMON + ["--preDeploy=false", "--simTime=20"], None),
        ("zoo-edge-only", COMMON + ["--models=" + zoo_models(data_dir), "--policy=edge-only"], None),
    ]
    for n in args.sizes:
        out.append(("devices-%d" % n, COMMON + ["--nDevices=%d" % n, "--nEdges=%d" % max(1, n // 4)], n))
    # The same sizes with no weights moved: what the simulator costs per
    # device, apart from what the greedy policy decides to move.
    for n in args.sizes:
        out.append(("edge-only-%d" % n, COMMON + ["--nDevices=%d" % n, "--nEdges=%d" % max(1, n // 4),
                                                   "--policy=edge-only"], n))
    if args.quick:
        out = [(name, a + ["--simTime=2"], n) for name, a, n in out]
    if args.only:
        unknown = args.only - {r[0] for r in out}
        if unknown:
            sys.exit("mec-benchmark: --only: unknown run(s) %s (known: %s)" % (
                ", ".join(sorted(unknown)), ", ".join(r[0] for r in out)))
        out = [r for r in out if r[0] in args.only]
    return out


def run_once(binary, env, argv, profile=None):
    """One run: (results dict, peak RSS in MB). profile: a path for the
    run's --eventProfile CSV (events by kind)."""
    with tempfile.TemporaryDirectory(prefix="r3d-bench-") as tmp:
        out = os.path.join(tmp, "results.json")
        rss = os.path.join(tmp, "rss")
        cmd = ["/usr/bin/time", "-f", "%M", "-o", rss, binary] + argv + ["--output=" + out]
        if profile:
            cmd.append("--eventProfile=" + profile)
        p = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            raise RuntimeError("%s failed (exit %d): %s" % (" ".join(cmd), p.returncode, p.stderr[-2000:]))
        with open(out) as f:
            results = json.load(f)
        with open(rss) as f:
            peak_mb = int(f.read().strip().splitlines()[-1]) / 1024
        return results, peak_mb


def measure(config, name, argv, repeats):
    binary = os.path.join(config["bin"], "r3d-mec-scenario")
    argv = scenario_args(config, argv)
    walls, rows = [], []
    for _ in range(repeats):
        results, peak = run_once(binary, config["env"], argv)
        walls.append(results["wallClockS"])
        rows.append((results, peak))
    median = statistics.median(walls)
    results, peak = min(rows, key=lambda r: abs(r[0]["wallClockS"] - median))
    wall = results["wallClockS"]
    events = results.get("events")
    return {
        "config": config["name"], "run": name, "args": argv, "repeats": repeats,
        "wallS": wall, "wallRunsS": walls,
        "requests": results["requests"]["generated"],
        "completed": results["requests"]["completed"],
        "events": events,
        "simS": results["simTimeS"],
        "requestsPerWallS": results["requests"]["generated"] / wall,
        "eventsPerWallS": events / wall if events else None,
        "simPerWallS": results["simTimeS"] / wall,
        "peakMB": max(r[1] for r in rows),
        "bytesMoved": results.get("deployments", {}).get("bytesMoved"),
    }


MEMORY_ARGS = ["--nDevices=2", "--nEdges=1", "--rate=5", "--policy=local-only", "--controller=cloud",
               "--models=" + MODELS, "--progress=false"]
# A run 10x longer at the same load may hold at most this much more memory:
# its requests in flight are the same, so only the results it keeps (a record
# per request, ~200 bytes) and allocator slack may grow.
MEMORY_BOUND = 1.25


def memory_check(configs, short_s, repeats):
    """Peak memory of a short and a 10x longer run at the same load, per
    config; returns the rows and whether the new build stays within the bound."""
    rows, ok = [], True
    for config in configs:
        peaks = {}
        for sim in (short_s, 10 * short_s):
            name = "memory-%gs" % sim
            print("mec-benchmark: %s on %s ..." % (name, config["name"]), file=sys.stderr, flush=True)
            row = measure(config, name, MEMORY_ARGS + ["--simTime=%g" % sim], repeats)
            row["devices"] = None
            rows.append(row)
            peaks[sim] = row["peakMB"]
        ratio = peaks[10 * short_s] / peaks[short_s]
        verdict = "within" if ratio <= MEMORY_BOUND else "ABOVE"
        print("memory (%s): %.0f MB at %g s, %.0f MB at %g s: %.2fx, %s the %.2fx bound" % (
            config["name"], peaks[short_s], short_s, peaks[10 * short_s], 10 * short_s, ratio, verdict,
            MEMORY_BOUND))
        if config["name"] == "new" and ratio > MEMORY_BOUND:
            ok = False
    return rows, ok


# Layers of the event profile: the ns-3 module of the class each event calls
# (its TypeId group); classes without a TypeId are placed by the ns-3 source
# folder they live in. The Wi-Fi radio energy model's listener is kept apart:
# it is the energy framework's cost, not the MAC's.
NO_TYPEID = {"ns3::WifiRadioEnergyModelPhyListener": "Wi-Fi radio energy",
             "ns3::PhyEntity": "Wifi", "ns3::ChannelAccessManager": "Wifi", "ns3::WifiTxTimer": "Wifi",
             "ns3::InterferenceHelper": "Wifi", "ns3::Timer": "Core"}


def layer_of(row):
    if row["module"]:
        return row["module"]
    cls = row["class"]
    if cls in NO_TYPEID:
        return NO_TYPEID[cls]
    if cls in ("function", "functor"):
        # YansWifiChannel::Receive is a static member: a function of the
        # receiving PHY.
        if "Wifi" in row["event"]:
            return "Wifi"
        if "ns3::Mec" in row["event"]:
            return "R3d"
        return "other functions"
    return "other (%s)" % cls


def profile_runs(config, selected, out_dir):
    """Each selected run once with --eventProfile; returns rows of events by
    layer, per request and per MB of weights moved, and prints them with the
    most frequent kinds of event."""
    import csv
    os.makedirs(out_dir, exist_ok=True)
    binary = os.path.join(config["bin"], "r3d-mec-scenario")
    out = []
    for name, argv, _ in selected:
        path = os.path.join(out_dir, name + "-events.csv")
        print("mec-benchmark: profiling %s ..." % name, file=sys.stderr, flush=True)
        results, _ = run_once(binary, config["env"], scenario_args(config, argv), profile=path)
        with open(path, newline="") as f:
            kinds = [dict(r, executed=int(r["executed"]), cancelled=int(r["cancelled"]))
                     for r in csv.DictReader(f)]
        total = sum(k["executed"] + k["cancelled"] for k in kinds)
        requests = results["requests"]["generated"]
        mb = (results.get("deployments", {}).get("bytesMoved") or 0) / 1e6
        layers = {}
        for k in kinds:
            layer = layer_of(k)
            layers[layer] = layers.get(layer, 0) + k["executed"] + k["cancelled"]
        print("\n%s: %d events (%s in the results), %d requests, %.0f MB of weights moved; "
              "profile %s" % (name, total, results.get("events"), requests, mb, path))
        print("  %-22s %10s %7s %12s %10s" % ("layer", "events", "share", "per request", "per MB"))
        for layer, n in sorted(layers.items(), key=lambda kv: -kv[1]):
            print("  %-22s %10d %6.1f%% %12.1f %10s" % (layer, n, 100.0 * n / total, n / requests,
                                                       "%.0f" % (n / mb) if mb else "-"))
            out.append({"run": name, "layer": layer, "events": n, "requests": requests, "mbMoved": mb,
                        "totalEvents": total})
        print("  most frequent kinds (events incl. cancelled, share, layer, the member function's type):")
        for k in sorted(kinds, key=lambda k: -(k["executed"] + k["cancelled"]))[:12]:
            print("  %10d %6.1f%%  %s  %s" % (k["executed"] + k["cancelled"],
                                             100.0 * (k["executed"] + k["cancelled"]) / total,
                                             layer_of(k), k["event"]))
    return out


def fmt(v, spec):
    return "-" if v is None else format(v, spec)


def print_table(rows):
    head = "%-14s %-5s %9s %9s %10s %11s %10s %9s %8s" % (
        "run", "conf", "wall s", "req/s", "events/s", "sim-s/wall", "events", "peak MB", "ratio")
    print(head)
    print("-" * len(head))
    by = {(r["config"], r["run"]): r for r in rows}
    for r in rows:
        old = by.get(("old", r["run"]))
        ratio = old["wallS"] / r["wallS"] if r["config"] == "new" and old else None
        print("%-14s %-5s %9.2f %9.1f %10s %11.3f %10s %9.0f %8s" % (
            r["run"], r["config"], r["wallS"], r["requestsPerWallS"], fmt(r["eventsPerWallS"], ".3g"),
            r["simPerWallS"], fmt(r["events"], "d"), r["peakMB"],
            fmt(ratio, ".2f") + ("x" if ratio else "")))


def write_json(rows, path):
    """Atomically: a temporary file, then a rename."""
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(rows, f, indent=2)
    os.replace(tmp, path)


def draw(rows, path):
    try:
        import matplotlib
    except ImportError:
        # Debian's python3-matplotlib lives in /usr/bin/python3's path: when
        # another python3 comes first on PATH (pyenv, a venv), draw with it.
        debian = "/usr/bin/python3"
        if os.path.exists(debian) and os.path.realpath(sys.executable) != os.path.realpath(debian):
            with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
                json.dump(rows, f)
            try:
                subprocess.run([debian, os.path.abspath(__file__), "--replot", f.name, "--png", path],
                               stdout=subprocess.DEVNULL, check=True)
            finally:
                os.unlink(f.name)
            return
        sys.exit("mec-benchmark: the figure needs python3-matplotlib (scripts/install-deps.sh)")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4))
    for config, style in (("new", "o-"), ("old", "s--")):
        for series, policy, fill in (("devices-", "greedy", None), ("edge-only-", "edge-only", "none")):
            pts = sorted((r["devices"], r["wallS"], r["peakMB"]) for r in rows
                         if r["config"] == config and r.get("devices") and r["run"].startswith(series))
            if not pts:
                continue
            x = [p[0] for p in pts]
            label = "%s, %s" % (config, policy)
            a.plot(x, [p[1] for p in pts], style, label=label, markerfacecolor=fill)
            b.plot(x, [p[2] for p in pts], style, label=label, markerfacecolor=fill)
    for ax, label in ((a, "wall time (s)"), (b, "peak memory (MB)")):
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlabel("IoT devices (4 per edge), 10 s simulated")
        ax.set_ylabel(label)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"), help="this build's bin directory")
    ap.add_argument("--old-bin", help="an older build's bin directory (its r3d-mec-scenario)")
    ap.add_argument("--old-lib", help="the older build's lib directory (LD_LIBRARY_PATH)")
    ap.add_argument("--old-data", help="the older build's data directory (R3D_DATA_DIR)")
    ap.add_argument("--old-max-devices", type=int, default=32, help="largest size run on the old build (default 32)")
    ap.add_argument("--sizes", default="8,16,32,64,128", help="device counts of the scaling runs")
    ap.add_argument("--repeats", type=int, default=3, help="timing runs per entry; the median is reported")
    ap.add_argument("--only", help="comma-separated run names (warm, warm-edge-only, cold-start, "
                    "zoo-edge-only, devices-N, edge-only-N)")
    ap.add_argument("--quick", action="store_true", help="2 simulated seconds per run, 1 repeat (a smoke test)")
    ap.add_argument("--memory", type=float, metavar="SECONDS",
                    help="instead of the runs above: peak memory of a SECONDS and a 10 x SECONDS run at "
                         "the same load (2 devices, 1 edge, 5 req/s, local-only); exit 1 if the new "
                         "build's grows beyond %.2fx" % MEMORY_BOUND)
    ap.add_argument("--profile", metavar="DIR",
                    help="instead of timing: run each selected run once on this build with "
                         "--eventProfile, write the CSVs to DIR and print the events by layer, "
                         "per request and per MB of weights moved")
    ap.add_argument("--replot", metavar="JSON", help="run nothing: print the table and draw --png from "
                    "the rows an earlier --output wrote")
    ap.add_argument("--output", help="write the rows as JSON here")
    ap.add_argument("--png", help="draw wall time and memory against devices here")
    args = ap.parse_args()
    try:
        args.sizes = [int(s) for s in args.sizes.split(",") if s]
    except ValueError:
        ap.error("--sizes: expected comma-separated integers, got %r" % args.sizes)
    args.only = set(args.only.split(",")) if args.only else None
    if args.quick:
        args.repeats = 1
    if args.replot:
        with open(args.replot) as f:
            rows = json.load(f)
        print_table(rows)
        if args.png:
            draw(rows, args.png)
        return
    if not os.path.exists("/usr/bin/time"):
        sys.exit("mec-benchmark: /usr/bin/time is missing (Debian: apt-get install time)")

    configs = [{"name": "new", "bin": args.bin, "env": dict(os.environ), "maxDevices": None}]
    if args.old_bin:
        env = dict(os.environ)
        if args.old_lib:
            env["LD_LIBRARY_PATH"] = args.old_lib
        if args.old_data:
            env["R3D_DATA_DIR"] = args.old_data
        configs.append({"name": "old", "bin": args.old_bin, "env": env, "maxDevices": args.old_max_devices})
    for config in configs:
        config["perDeviceRate"] = knows_option(os.path.join(config["bin"], "r3d-mec-scenario"),
                                               config["env"], "zipf")
    data_dir = os.environ.get("R3D_DATA_DIR", os.path.join(ROOT, "data"))
    if args.memory:
        rows, ok = memory_check(configs, args.memory, args.repeats)
        print_table(rows)
        if args.output:
            write_json(rows, args.output)
        sys.exit(0 if ok else 1)
    if args.profile:
        rows = profile_runs(configs[0], runs(args, data_dir), args.profile)
        if args.output:
            write_json(rows, args.output)
        return
    rows = []
    for name, argv, devices in runs(args, data_dir):
        for config in configs:
            if devices and config["maxDevices"] and devices > config["maxDevices"]:
                continue
            print("mec-benchmark: %s on %s ..." % (name, config["name"]), file=sys.stderr, flush=True)
            row = measure(config, name, argv, args.repeats)
            row["devices"] = devices
            rows.append(row)
    print("machine: %s, %d cores; median of %d run(s) each" % (os.uname().nodename, os.cpu_count(), args.repeats))
    print_table(rows)
    if args.output:
        write_json(rows, args.output)
    if args.png:
        draw(rows, args.png)
        print("mec-benchmark: wrote %s" % args.png, file=sys.stderr)


if __name__ == "__main__":
    main()
