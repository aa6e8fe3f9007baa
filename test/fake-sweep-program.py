#!/usr/bin/env python3
"""A stand-in for an r3d program, for test/check-sweep.py: takes --key=value
options, sleeps --sleep seconds, and writes a results JSON shaped like
r3d-mec-scenario's (parameters as strings, nested metrics, a list of named
objects, a list of numbers, a null) to --output.

It fails (exit 3, a message on stderr) when --x=3. With FAKE_LOG set it
appends one line per invocation to that file. With FAKE_HANG set to a file
name, the run with x=2 and RngRun=2 writes its pid there and sleeps for a
minute (for the kill-and-resume test).
"""
import json
import os
import sys
import time

opts = {}
for a in sys.argv[1:]:
    if not a.startswith("--") or "=" not in a:
        sys.exit("fake: bad argument %r" % a)
    k, v = a[2:].split("=", 1)
    opts[k] = v
if os.environ.get("FAKE_LOG"):
    with open(os.environ["FAKE_LOG"], "a") as f:
        f.write(" ".join(sys.argv[1:]) + "\n")
print("fake: running with", opts)
print("progress 10%\rprogress 100%", file=sys.stderr)
hang = os.environ.get("FAKE_HANG")
if hang and opts.get("x") == "2" and opts.get("RngRun") == "2":
    with open(hang + ".tmp", "w") as f:
        f.write(str(os.getpid()))
    os.rename(hang + ".tmp", hang)
    time.sleep(60)
time.sleep(float(opts.get("sleep", "0")))
if opts.get("x") == "3":
    print("fake: x=3 is not supported", file=sys.stderr)
    sys.exit(3)
x, y, run = float(opts["x"]), float(opts["y"]), int(opts["RngRun"])
doc = {
    "parameters": {"x": opts["x"], "y": opts["y"], "nDevices": "8", "wanRate": "1Gbps", "flag": "true"},
    "seed": 1,
    "run": run,
    "latencyMs": {"overall": {"mean": x * 10 + y + run / 100, "p95": x * 20, "count": 7}},
    "energyJ": {"edge": {"total": 2.5 * x}},
    "results": [{"allocator": "ram", "meanMs": x}, {"allocator": "equal-share", "meanMs": x + 1}],
    "series": [1, 2],
    "empty": None,
    "ok": True,
}
with open(opts["output"], "w") as f:
    json.dump(doc, f)
