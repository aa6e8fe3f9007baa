#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Write the seed inputs of the fuzz targets (fuzz/*-fuzzer.cc) into
OUT/<target>/: the shipped data files (trimmed below 64 KiB where they are
larger), the bad files of test/bad-inputs.json, a few hand-written malformed
inputs, and serialized MEC messages of every type. scripts/run-fuzzers.sh
copies them into each corpus before fuzzing; seeds that add no coverage are
dropped when the corpus is minimized (-merge=1).

usage: fuzz/make-seeds.py OUT
"""

import json
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
MAX_BYTES = 64 * 1024


def write(out, target, name, content):
    """Write one seed (str or bytes) as OUT/target/name."""
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    data = content.encode() if isinstance(content, str) else content
    assert len(data) <= MAX_BYTES, f"{target}/{name}: {len(data)} bytes"
    (folder / name).write_bytes(data)


def catalogs(out):
    devices = json.loads((DATA / "devices.json").read_text())
    write(out, "device-catalog", "devices.json", (DATA / "devices.json").read_text())
    small = dict(devices)
    small["devices"] = devices["devices"][:2]
    write(out, "device-catalog", "two-devices.json", json.dumps(small, indent=1))
    models = json.loads((DATA / "models.json").read_text())
    for count in (1, 2):
        small = dict(models)
        small["models"] = []
        for m in models["models"]:
            if len(json.dumps(small["models"] + [m])) < MAX_BYTES - 2048:
                small["models"].append(m)
            if len(small["models"]) == count:
                break
        write(out, "model-catalog", f"models-{count}.json", json.dumps(small, indent=1))
    malformed = {
        "empty.json": "",
        "not-json.json": "{\"devices\": [",
        "array.json": "[1, 2, 3]",
        "no-entries.json": "{\"schema\": \"r3d-devices/2\"}",
        "wrong-types.json": "{\"schema\": 2, \"devices\": {\"a\": 1}, \"models\": \"x\"}",
        "huge-numbers.json": "{\"devices\": [{\"name\": \"x\", \"peakGflops\": {\"fp32\": 1e308},"
        " \"computeUnits\": 1e300, \"memoryCapacityGB\": -1}],"
        " \"models\": [{\"name\": \"m\", \"inputBytes\": 1e300, \"layers\": [{\"flops\": -0.0}]}]}",
    }
    for target in ("device-catalog", "model-catalog"):
        for name, text in malformed.items():
            write(out, target, name, text)


def workload(out):
    bad = json.loads((ROOT / "test" / "bad-inputs.json").read_text())["files"]
    spec = "mobilenet-v2:50,resnet18\n"
    for name, text in bad.items():
        if name.startswith("trace-"):
            write(out, "workload-trace", name, spec + text)
    write(out, "workload-trace", "nodes.csv",
          "a:20,b\ntime_s,model,node\n0,a,device-0\n0.5,b,device-1\n1e-3,a # late\n")
    write(out, "workload-trace", "unchecked-nodes.csv", "!a,b:1e3\n0.1,a,anything\n0.2,b\n")
    write(out, "workload-trace", "bad-spec.csv", "a:0,,b:-1,a\n0,a\n")
    write(out, "workload-trace", "big-times.csv", "a:1e300\n1e300,a\n")


def deployments(out):
    bad = json.loads((ROOT / "test" / "bad-inputs.json").read_text())["files"]
    write(out, "static-deployment", "example.json",
          (DATA / "static-deployment-example.json").read_text())
    write(out, "static-deployment", "static-bad.json", bad["static-bad.json"])
    write(out, "static-deployment", "unknown.json",
          "{\"deployments\": {\"edge-0\": [\"resnet18\", \"resnet18\"], \"edge-9\": []}}")
    write(out, "static-deployment", "types.json",
          "{\"deployments\": {\"cloud\": \"resnet50\", \"edge-1\": [1, null]}, \"x\": 0}")
    write(out, "static-deployment", "too-big.json",
          "{\"deployments\": {\"device-0\": [\"resnet50\", \"inception-v3\"]}}")
    for name in ("dist-key.json", "dist-minmax.json", "dist-pool.json", "empty.json"):
        write(out, "scenario-distribution", name, bad[name])
    write(out, "scenario-distribution", "training.json",
          (DATA / "r3d-training-distribution.json").read_text())
    write(out, "scenario-distribution", "values.json",
          "{\"nDevices\": [0, 4294967295], \"devicesPerEdge\": 0, \"zipf\": [-1, 1e308],"
          " \"shiftInterval\": [0, 1e300], \"memoryEnd\": [\"\"], \"rateProfile\": [1]}")
    for name, text in bad.items():
        if name.startswith("positions-"):
            write(out, "positions-file", name, text)
    write(out, "positions-file", "example.csv", (DATA / "positions-example.csv").read_text())
    for name, text in bad.items():
        if name.startswith("faults-"):
            write(out, "faults-file", name, text)
    write(out, "faults-file", "example.csv", (DATA / "faults-example.csv").read_text())
    write(out, "faults-file", "every-kind.csv",
          "time_s,action,target\r\n0,down,device-3\n1e9,up,cloud\n1e9,loss=1,wan-1\n"
          "1e9, away ,device-0\n1e9,back,device-0\n1e9,down,controller\n"
          "1e9,loss=0,backhaul-1-0\n1e9,down,backhaul-0-aggregation\n")
    write(out, "faults-file", "bad-values.csv",
          "time_s,action,target\n1e400,down,edge-0\n-0,loss=nan,wan-0\n"
          "2,loss=1e-400,wan-9\n1,away,cloud\n0x10,up,edge-01\n")
    write(out, "positions-file", "geographic.csv",
          "node,lat,lon\ncloud,0,0\ndevice-0,45.0,7.0\ndevice-3,45.001,7.002\n"
          "edge-1 , -0.0 , 179.99\n")


def sidecars(out):
    for name in ("r3d-default.json", "r3d-small.json"):
        write(out, "checkpoint-sidecar", name, (DATA / name).read_text())
    doc = json.loads((DATA / "r3d-small.json").read_text())
    variants = {
        "version-huge.json": ("version", 1e300),
        "hyper-unknown.json": ("hyperParameters", {"Hiden": 64}),
        "hyper-negative.json": ("hyperParameters", {"Hidden": -1, "Seed": 1.5, "Clip": "x"}),
        "scenario-models.json": ("scenario", {"hash": "0", "models": [{"nom": "a"}, 3]}),
        "scenario-no-devices.json": ("scenario", {"hash": "0", "models": [{"name": "a"}]}),
    }
    for name, (key, value) in variants.items():
        d = dict(doc)
        d[key] = value
        write(out, "checkpoint-sidecar", name, json.dumps(d))
    write(out, "checkpoint-sidecar", "not-object.json", "[\"r3d-agent-checkpoint\"]")


def header(mtype, id=0, node=0, origin=0, model=0, code=0, address=0, sent=0,
           payload=0, times=(), values=()):
    """MecMessage::SerializeHeader (model/network/mec-message.cc)."""
    b = struct.pack("<BBQIIIIIqQ", 2, mtype, id, node, origin, model, code, address, sent,
                    payload)
    b += struct.pack("<I", len(times)) + b"".join(struct.pack("<q", t) for t in times)
    b += struct.pack("<I", len(values)) + b"".join(struct.pack("<d", v) for v in values)
    return b


def messages(out):
    nan = float("nan")
    # Input: one options byte (the number of models, 0-127), then a header.
    seeds = {
        "request": (2, header(1, id=7, origin=1, model=1, sent=10**9, payload=150528)),
        "result": (2, header(2, id=7, times=(1, 2, 3), payload=4000)),
        "reject": (2, header(3, id=8, code=2)),
        "server-report": (2, header(4, node=3, values=(1, 2, 0.5, 0.25, 1e9, 2, 3.5, 0, 0))),
        "client-report": (2, header(5, node=0, values=(1, 0.5, 3, 0, nan, nan,
                                                        4, 20.0, 5.0))),
        "routing": (1, header(7, values=(2, 167772161, 1.0, 2, 0.01,
                                         3, 167772162, 0.0, 0, 0.02))),
        "command-deploy": (0, header(6, code=0, model=1, node=4, address=167772161)),
        "command-migrate": (0, header(6, code=2, model=1, values=(167772163,))),
        "fetch": (0, header(8, node=2, model=1)),
        "weights": (0, header(9, model=1, code=1, payload=14000000)),
        "release": (0, header(10, model=1)),
        "bad-version": (0, b"\x01" + header(1)[1:]),
        "truncated": (0, header(4, values=(1, 2))[:-3]),
        "long-vector": (0, header(4)[:-4] + struct.pack("<I", 0xFFFFFFFF)),
    }
    for name, (models, data) in seeds.items():
        write(out, "mec-message", name, bytes([models]) + data)
    write(out, "mec-message", "huge-models", bytes([0x80]) + header(5, values=(1, 2)))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = Path(sys.argv[1])
    catalogs(out)
    workload(out)
    deployments(out)
    sidecars(out)
    messages(out)


if __name__ == "__main__":
    main()
