#!/usr/bin/env bash
# The command-line programs as a user meets them: good arguments give the
# documented output, bad ones a clear message and exit status 1, and NS_LOG
# works in builds that compile it in. Usage: check-programs.sh <bin dir> <logs: ON|OFF>
set -u
bin=$1
logs=${2:-ON}
src=$(cd "$(dirname "$0")/.." && pwd)
passed=0
failed=0

check() { # name, expected exit status, regex the output must match, command...
  local name=$1 status=$2 regex=$3
  shift 3
  local out rc
  out=$("$@" 2>&1)
  rc=$?
  if [ "$rc" -eq "$status" ] && grep -Eq -- "$regex" <<<"$out"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    printf 'FAIL %s: exit %s (want %s), output:\n%s\n' "$name" "$rc" "$status" "$out" | head -20
  fi
}

roofline=$bin/r3d-roofline
check "json prediction" 0 '"latencyMs": [0-9.]+' \
  "$roofline" --device=jetson-nano --model=resnet50 --precision=fp16 --json
check "json parses" 0 '^ok$' sh -c "'$roofline' --device=t4 --model=bert-base --json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[\"layers\"] and d[\"latencyMs\"] > 0; print(\"ok\")'"
check "table" 0 'layers memory-bound' "$roofline" --device=raspberry-pi-4 --model=mobilenet-v2 --precision=fp32
check "catalog table" 0 'cloud tier' "$roofline" --all
check "unknown device" 1 "entry 'nope': unknown device" "$roofline" --device=nope
check "unknown model" 1 "entry 'resnet1000': unknown model" "$roofline" --model=resnet1000
check "unknown precision" 1 "unknown precision 'fp64'" "$roofline" --precision=fp64
check "precision the device lacks" 1 "does not support int8" "$roofline" --device=jetson-nano --precision=int8
check "default runtime" 0 "under tensorrt, fp16" "$roofline" --device=jetson-nano --model=resnet50
check "other runtime" 0 "under ncnn-vulkan, fp16" "$roofline" --device=jetson-nano --model=resnet50 --runtime=ncnn-vulkan
check "runtime JSON" 0 '^ok$' sh -c "'$roofline' --device=t4 --model=resnet50 --json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[\"runtime\"] == \"tensorrt\" and 0 < d[\"kernels\"] < len(d[\"layers\"]); print(\"ok\")'"
check "runtimes listed" 0 "default on: .*jetson-nano" "$roofline" --runtimes
check "runtimes in --help" 0 "tensorrt, tflite" "$roofline" --help
check "unknown runtime" 1 "--runtime: device 't4' does not offer 'tvm'" "$roofline" --device=t4 --runtime=tvm
check "runtime without the precision" 1 "does not support fp32 under runtime ncnn-vulkan" "$roofline" --device=jetson-nano --runtime=ncnn-vulkan --precision=fp32
check "batch 0" 1 "--batch must be at least 1" "$roofline" --batch=0
check "not a number" 1 "Invalid" "$roofline" --batch=many
check "unknown option" 1 "Invalid command-line argument" "$roofline" --devic=t4
check "missing catalog file" 1 "cannot open" "$roofline" --devices-file=/nonexistent.json
[ "$logs" = OFF ] || check "NS_LOG works" 0 "RooflineModel:EstimateModel" env NS_LOG=RooflineModel=level_all "$roofline" --device=t4 --model=resnet18
check "fit table" 0 "rows on their device's default runtime" "$bin/r3d-fit-efficiency"
check "fit, bad calibration file" 1 "cannot open" "$bin/r3d-fit-efficiency" --calibration-file=/nonexistent.json

contention=$bin/r3d-ram-contention
out=$(mktemp -d)
check "contention JSON" 0 '^ok$' sh -c "'$contention' --simTime=2 --rate=50 --output=$out/a.json >/dev/null && python3 -c 'import json; d=json.load(open(\"$out/a.json\")); assert [r[\"allocator\"] for r in d[\"results\"]] == [\"one-at-a-time\", \"equal-share\", \"ram\"] and all(r[\"requests\"] > 0 for r in d[\"results\"]) and d[\"module\"][\"name\"] == \"r3d\"; print(\"ok\")'"
check "contention deterministic" 0 '^same$' sh -c "'$contention' --simTime=2 --rate=50 --output=$out/b.json >/dev/null && cmp -s $out/a.json $out/b.json && echo same"
check "contention RngRun" 0 '^differs$' sh -c "'$contention' --simTime=2 --rate=50 --RngRun=2 --output=$out/c.json >/dev/null && ! cmp -s $out/a.json $out/c.json && echo differs"
check "contention unknown allocator" 1 "unknown allocator 'fair'" "$contention" --allocators=ram,fair
check "contention unknown model" 1 "entry 'lenet': unknown model" "$contention" --models=resnet50,lenet
check "contention bad rate" 1 "must be positive" "$contention" --rate=0
rm -rf "$out"

scenario=$bin/r3d-mec-scenario
out=$(mktemp -d)
# The results document: every key the doc promises, and the conservation
# invariant generated = completed + dropped + in flight.
cat >"$out/check.py" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
r = d["requests"]
assert set(r) == {"generated", "completed", "deadlineMet", "dropped", "inFlight", "redirected", "warmupExcluded"}, r
assert set(r["dropped"]) == {"no-host", "queue-full", "timeout", "node-down", "link-down", "total"}
assert r["dropped"]["total"] == sum(v for k, v in r["dropped"].items() if k != "total")
assert r["generated"] == r["completed"] + r["dropped"]["total"] + r["inFlight"], r
assert 0 <= r["redirected"] <= r["generated"], r
assert r["generated"] > 0 and r["deadlineMet"] <= r["completed"]
lat = d["latencyMs"]
for block in [lat["overall"]] + list(lat["perModel"].values()) + list(lat["perTier"].values()):
    if block["count"]:
        assert block["p50"] <= block["p95"] <= block["p99"], block
        s = block["split"]
        assert abs(sum(s.values()) - block["mean"]) < 1e-6 * block["mean"] + 1e-9, block
assert set(lat["perTier"]) == {"end", "edge", "cloud"}
for t in ("end", "edge", "cloud", "all"):
    e = d["energyJ"][t]
    assert abs(e["total"] - e["compute"] - e["loading"] - e["radio"] - e["wired"]) < 1e-9 * max(1, e["total"])
    assert abs(e["total"] - e["dynamic"] - e["idle"]) < 1e-9 * max(1, e["total"])
    assert abs(e["dynamic"] - e["computeDynamic"] - e["loading"] - e["radioDynamic"] - e["wired"]) < 1e-9 * max(1, e["total"])
    assert 0 <= e["computeDynamic"] <= e["compute"] and 0 <= e["radioDynamic"] <= e["radio"], e
    assert abs(e["wired"] - 8 * 27e-9 * e["wiredBytes"]) < 1e-9 * max(1, e["wired"]), e
assert d["energyJ"]["end"]["radio"] > 0 and d["energyJ"]["edge"]["radio"] == 0
assert d["energyJ"]["end"]["wired"] == 0 and d["energyJ"]["edge"]["wiredBytes"] > 0
assert set(d["deployments"]) == {"loads", "evictions", "migrations", "bytesMoved"}
for n in d["utilization"].values():
    assert 0 <= n["compute"] <= 1 and 0 <= n["bandwidth"] <= 1
assert d["wallClockS"] > 0 and d["parameters"]["policy"] and "seed" in d and "run" in d
c = d["cost"]
assert abs(c["mean"] - c["latency"] - c["miss"] - c["energy"] - c["change"]) < 1e-9 * max(1, c["mean"]), c
assert c["intervals"] > 0 and c["energy"] > 0 and set(c["weights"]) == {"LatencyWeight", "LatencyCap", "MissWeight", "EnergyWeight", "ChangeWeight"}
print("ok")
PY
# Same run twice: identical results apart from the wall-clock time.
cat >"$out/same.py" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
for x in (a, b):
    x.pop("wallClockS")
print("same" if a == b else "differs")
PY
check "scenario results JSON" 0 '^ok$' sh -c "'$scenario' --simTime=3 --progress=0 --quiet --output=$out/a.json && python3 $out/check.py $out/a.json"
check "scenario deterministic" 0 '^same$' sh -c "'$scenario' --simTime=3 --progress=0 --quiet --output=$out/b.json && python3 $out/same.py $out/a.json $out/b.json"
# The results record the module's version (CITATION.cff) and the commit it
# was built from (compared without "-dirty": files may change after the build).
if git -C "$src" rev-parse HEAD >/dev/null 2>&1 && [ -e "$src/.git" ]; then
  head=$(git -C "$src" rev-parse HEAD)
else
  head=unknown
fi
version=$(sed -n 's/^version:[[:space:]]*"\{0,1\}\([^" ]*\)"\{0,1\}.*/\1/p' "$src/CITATION.cff")
check "scenario records its commit" 0 '^ok$' python3 -c "import json; m=json.load(open('$out/a.json'))['module']; assert m['name']=='r3d' and m['version']=='$version' and m['commit'].split('-')[0]=='$head', m; print('ok')"
check "scenario RngRun" 0 '^differs$' sh -c "'$scenario' --simTime=3 --progress=0 --quiet --RngRun=2 --output=$out/c.json && python3 $out/same.py $out/a.json $out/c.json"
check "scenario CSV" 0 '^ok$' sh -c "'$scenario' --simTime=3 --warmup=0 --progress=0 --quiet --output=$out/d.json --csv=$out/d.csv && python3 -c 'import csv,json; rows=list(csv.DictReader(open(\"$out/d.csv\"))); d=json.load(open(\"$out/d.json\")); assert len(rows)==d[\"requests\"][\"generated\"]; assert sum(r[\"outcome\"]==\"completed\" for r in rows)==d[\"requests\"][\"completed\"]; print(\"ok\")'"
# --warmup leaves out exactly the requests generated before it (same RngRun,
# same arrivals), and the cost intervals that start before it (a.json has
# the default warm-up, 20 % of 3 s).
check "scenario warmup" 0 '^ok$' sh -c "'$scenario' --simTime=3 --warmup=1.5 --progress=0 --quiet --output=$out/w.json && python3 -c 'import json; a=json.load(open(\"$out/a.json\")); w=json.load(open(\"$out/w.json\")); r=w[\"requests\"]; ra=a[\"requests\"]; assert r[\"warmupExcluded\"] > ra[\"warmupExcluded\"] and r[\"generated\"] + r[\"warmupExcluded\"] == ra[\"generated\"] + ra[\"warmupExcluded\"], (r, ra); assert r[\"generated\"] == r[\"completed\"] + r[\"dropped\"][\"total\"] + r[\"inFlight\"]; assert w[\"cost\"][\"intervals\"] < a[\"cost\"][\"intervals\"]; assert w[\"energyJ\"][\"all\"][\"total\"] < a[\"energyJ\"][\"all\"][\"total\"]; print(\"ok\")'"
# --memoryEnd=device: the catalog device's memory (an empty value is refused by ns-3's parser).
check "scenario device memory" 0 '^ok$' sh -c "'$scenario' --memoryEnd=device --nDevices=1 --simTime=2 --progress=0 --quiet --output=$out/mem.json && python3 -c 'import json; d=json.load(open(\"$out/mem.json\")); c=[x for x in json.load(open(\"$src/data/devices.json\"))[\"devices\"] if x[\"name\"]==\"jetson-nano\"][0]; assert abs(d[\"utilization\"][\"device-0\"][\"modelMemoryBytes\"] - c[\"memoryCapacityGB\"]*1e9) < 1, d[\"utilization\"][\"device-0\"]; assert d[\"utilization\"][\"edge-0\"][\"modelMemoryBytes\"] < 1e8; print(\"ok\")'"
check "scenario summary" 0 'latency \(ms\)' "$scenario" --simTime=2 --progress=0
check "scenario progress" 0 'Elapsed wall clock' "$scenario" --simTime=2 --quiet
for policy in local-only edge-only cloud-only greedy; do
  check "scenario $policy" 0 '^ok$' sh -c "'$scenario' --simTime=3 --progress=0 --quiet --policy=$policy --output=$out/$policy.json && python3 $out/check.py $out/$policy.json"
done
check "scenario random" 0 '^ok$' sh -c "'$scenario' --simTime=2 --nDevices=4 --progress=0 --quiet --policy=random --output=$out/random.json && python3 $out/check.py $out/random.json"
check "scenario static" 0 '^ok$' sh -c "'$scenario' --simTime=3 --progress=0 --quiet --policy=static --staticFile=$src/data/static-deployment-example.json --output=$out/static.json && python3 $out/check.py $out/static.json"
printf 'time,model\n0.5,resnet50\n0.7,mobilenet-v2,device-1\n' >"$out/trace.csv"
check "scenario trace" 0 '^ok$' sh -c "'$scenario' --simTime=2 --progress=0 --quiet --arrival=trace --traceFile=$out/trace.csv --output=$out/t.json && python3 -c 'import json; r=json.load(open(\"$out/t.json\"))[\"requests\"]; assert r[\"generated\"]==9, r; print(\"ok\")'"
check "scenario edge failure" 0 '^ok$' sh -c "'$scenario' --simTime=4 --progress=0 --quiet --failEdgeAt=2 --output=$out/f.json && python3 $out/check.py $out/f.json"
check "scenario unknown policy" 1 "--policy: unknown deployment policy 'nope'; known: local-only" "$scenario" --policy=nope
check "scenario unknown allocator" 1 "--allocator: unknown allocator 'nope'" "$scenario" --allocator=nope
check "scenario prior rate 0" 1 "--priorRate must be positive \\(got 0\\)" "$scenario" --priorRate=0
check "scenario negative simTime" 1 "--simTime must be positive \\(got -1\\)" "$scenario" --simTime=-1
check "scenario bad backhaul" 1 "attribute Backhaul = 'triangle': expected ring, star or mesh" "$scenario" --ns3::MecTopologyHelper::Backhaul=triangle
check "scenario bad payload" 1 "--requestPayload: unknown 'zip'" "$scenario" --requestPayload=zip
check "scenario bad deadline" 1 "deadline must be a positive number of ms" "$scenario" --models=resnet50:abc
check "scenario unknown model" 1 "entry 'lenet': unknown model" "$scenario" --models=lenet
check "scenario bad controller" 1 "is not an edge or the cloud" "$scenario" --controller=device-0
check "scenario no devices" 1 "must be at least 1" "$scenario" --nDevices=0
check "scenario trace without file" 1 "needs --traceFile" "$scenario" --arrival=trace
printf 'time,model\n0.5,lenet\n' >"$out/bad.csv"
check "scenario bad trace" 1 "bad.csv:2: model 'lenet'" "$scenario" --arrival=trace --traceFile="$out/bad.csv"
check "scenario runtime per tier" 0 '^ok$' sh -c "'$scenario' --simTime=2 --nDevices=2 --progress=0 --quiet --edgeRuntime=ncnn-vulkan --cloudRuntime=tensorflow --output=$out/rt.json && python3 -c 'import json; d=json.load(open(\"$out/rt.json\")); p=d[\"parameters\"]; assert p[\"edgeRuntime\"]==\"ncnn-vulkan\" and p[\"cloudRuntime\"]==\"tensorflow\" and p[\"endRuntime\"]==\"\"; print(\"ok\")'"
check "scenario runtime not offered" 1 "--edgeRuntime: device 'jetson-agx-xavier' does not offer 'ncnn' \(it has: tensorrt" "$scenario" --edgeRuntime=ncnn
check "scenario unknown device" 1 "--cloudDevice: 'h100' is not in the device catalog" "$scenario" --cloudDevice=h100
check "scenario bad static file" 1 "cannot open" "$scenario" --policy=static --staticFile=/nonexistent.json
check "scenario bad Wi-Fi" 1 "--wifiStandard: unknown '802.11b'" "$scenario" --wifiStandard=802.11b
check "minimal script" 0 'latency \(ms\)' "$bin/r3d-mec-minimal" --simTime=2

# The R3D agent: the shipped checkpoint, checkpoint errors, the oracle, training.
check "scenario r3d (shipped agent)" 0 '^ok$' sh -c "'$scenario' --simTime=3 --progress=0 --quiet --policy=r3d --output=$out/r3d.json && python3 $out/check.py $out/r3d.json"
check "scenario cost line" 0 'cost \(mean of 2 intervals\): [0-9.]+ = latency' "$scenario" --simTime=2 --warmup=0 --progress=0
check "scenario checkpoint missing" 1 "checkpoint '/nonexistent.pt': cannot read it: no such file" "$scenario" --policy=r3d --checkpoint=/nonexistent.pt
check "scenario checkpoint without r3d" 1 "checkpoint is for --policy=r3d" "$scenario" --checkpoint=/nonexistent.pt
# A checkpoint runs on a model set, memory and node count it was not trained on, and says so.
check "scenario r3d other models" 0 "note: the r3d checkpoint was trained on another scenario \\(models \\[" "$scenario" --policy=r3d --simTime=2 --progress=0 --models=resnet50:100,yolov5s:80 --nDevices=3 --memoryEdge=0.5
check "scenario records attribute defaults given" 0 '^ok$' sh -c "NS_ATTRIBUTE_DEFAULT='ns3::DeploymentController::RoutingHostsPerModel=0' '$scenario' --simTime=2 --nDevices=2 --progress=0 --quiet --ns3::MecServer::StartJitter=0.2s --output=$out/attrs.json && python3 -c 'import json; p=json.load(open(\"$out/attrs.json\"))[\"parameters\"]; assert p[\"ns3::DeploymentController::RoutingHostsPerModel\"]==\"0\" and p[\"ns3::MecServer::StartJitter\"]==\"0.2s\", p; print(\"ok\")'"
check "scenario r3d other models recorded" 0 '^ok$' sh -c "'$scenario' --policy=r3d --simTime=2 --progress=0 --quiet --models=resnet50:100 --output=$out/r3d-other.json && python3 -c 'import json; d=json.load(open(\"$out/r3d-other.json\")); assert d[\"parameters\"][\"checkpointScenario\"].startswith(\"models \"), d[\"parameters\"]; print(\"ok\")'"
small="--nDevices=2 --models=mobilenet-v2:50,resnet18:60,resnet50:100"
check "scenario oracle (small instance)" 0 '^ok$' sh -c "'$scenario' --simTime=2 --progress=0 --quiet --policy=oracle $small --output=$out/oracle.json && python3 $out/check.py $out/oracle.json"
check "scenario oracle too large" 1 "exceed MaxPairs=20" "$scenario" --policy=oracle --simTime=2
train=$bin/r3d-train
check "train (jobs 1)" 0 "wrote $out/t1.pt" "$train" --episodes=2 --simTime=2 $small --output="$out/t1.pt" --curve="$out/t1.csv"
check "train (jobs 2)" 0 "wrote $out/t2.pt" "$train" --episodes=2 --simTime=2 $small --jobs=2 --output="$out/t2.pt" --curve="$out/t2.csv"
# Same curve (every column but the wall times) and same weights, whatever --jobs.
check "train deterministic" 0 '^same$' sh -c "cut -d, -f1-15 $out/t1.csv >$out/c1 && cut -d, -f1-15 $out/t2.csv >$out/c2 && cmp -s $out/c1 $out/c2 && cmp -s $out/t1.pt $out/t2.pt && echo same"
check "train sidecar" 0 '^ok$' python3 -c "import json; d=json.load(open('$out/t1.json')); assert d['format']=='r3d-agent-checkpoint' and d['algorithm']=='ppo' and len(d['observation']['perPair'])==d['observation']['features']==19 and d['training']['episodes']==2 and d['scenario']['hash']; print('ok')"
check "evaluate a trained agent" 0 '^ok$' sh -c "'$scenario' --simTime=2 --progress=0 --quiet --policy=r3d --checkpoint=$out/t1.pt $small --output=$out/e.json && python3 $out/check.py $out/e.json"
check "train: no decision" 1 "must be longer than --controlInterval" "$train" --episodes=1 --simTime=1 $small --output="$out/t9.pt"
printf '{"models": {"pool": ["mobilenet-v2:50", "resnet18:60", "resnet50:100"], "min": 2, "max": 3}, "nDevices": [2, 3], "devicesPerEdge": 2, "zipf": [0, 1], "shiftInterval": [1], "memoryEdge": ["0.5"]}' >"$out/dist.json"
check "train: distribution" 0 '^ok$' sh -c "'$train' --episodes=2 --jobs=2 --simTime=2 --distribution=$out/dist.json --output=$out/td.pt --curve=$out/td.csv >/dev/null && python3 -c 'import csv,json; rows=list(csv.DictReader(open(\"$out/td.csv\"))); assert len(rows)==2 and all(\"models\" in r[\"scenario\"] for r in rows), rows; t=json.load(open(\"$out/td.json\"))[\"training\"]; assert t[\"distribution\"][\"nDevices\"]==[2, 3]; print(\"ok\")'"
printf '{"nDevices": [0]}' >"$out/dist-bad.json"
check "train: bad distribution" 1 "dist-bad.json': \"nDevices\" entry 0 \\(0\\): expected a number in \\[1, 1024\\]" "$train" --episodes=1 --distribution="$out/dist-bad.json" --output="$out/t8.pt"
check "resume training" 0 "wrote $out/t3.pt" "$train" --episodes=1 --simTime=2 $small --resume="$out/t1.pt" --output="$out/t3.pt"
check "train bad rates" 1 "--rates: 'x' is not a rate" "$train" --rates=1,x
check "train resume missing" 1 "--resume: checkpoint '/nonexistent.pt'" "$train" --resume=/nonexistent.pt
check "train other policy" 1 "trains the r3d policy only" "$train" --policy=greedy
check "train zero episodes" 1 "must be at least 1" "$train" --episodes=0
rm -rf "$out"

calibrate=$bin/r3d-calibrate
if [ -x "$calibrate" ]; then # built when LibTorch is found
  out=$(mktemp -d)
  check "calibrate quick" 0 "mean \|error\|" "$calibrate" --quick --validate --output="$out/h.json"
  check "calibrated entry loads" 0 "layers memory-bound" "$roofline" --devices-file="$out/h.json" --device=host --model=resnet18
  check "calibrate unknown model" 1 "entry 'nope': unknown model" "$calibrate" --quick --models=nope
  check "calibrate reps 0" 1 "reps" "$calibrate" --quick --reps=0
  check "calibrate concurrent" 0 "host behaves closest to" "$calibrate" --quick --concurrent --output="$out/c.json"
  check "calibrate bad combination" 1 "unknown model 'nope'" "$calibrate" --quick --combos=nope+resnet18
  rm -rf "$out"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
