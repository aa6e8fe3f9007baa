#!/usr/bin/env bash
# The command-line programs as a user meets them: good arguments give the
# documented output, bad ones a clear message and exit status 1, and NS_LOG
# works in builds that compile it in. Usage: check-programs.sh <bin dir> <logs: ON|OFF>
set -u
bin=$1
logs=${2:-ON}
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
check "precision the device lacks" 1 "does not support int8" "$roofline" --device=raspberry-pi-4 --precision=int8
check "batch 0" 1 "--batch must be at least 1" "$roofline" --batch=0
check "not a number" 1 "Invalid" "$roofline" --batch=many
check "unknown option" 1 "Invalid command-line argument" "$roofline" --devic=t4
check "missing catalog file" 1 "cannot open" "$roofline" --devices-file=/nonexistent.json
[ "$logs" = OFF ] || check "NS_LOG works" 0 "RooflineModel:EstimateModel" env NS_LOG=RooflineModel=level_all "$roofline" --device=t4 --model=resnet18
check "fit table" 0 "mean \|error\|" "$bin/r3d-fit-efficiency"

contention=$bin/r3d-ram-contention
out=$(mktemp -d)
check "contention JSON" 0 '^ok$' sh -c "'$contention' --simTime=2 --rate=50 --output=$out/a.json >/dev/null && python3 -c 'import json; d=json.load(open(\"$out/a.json\")); assert [r[\"allocator\"] for r in d[\"results\"]] == [\"one-at-a-time\", \"equal-share\", \"ram\"] and all(r[\"requests\"] > 0 for r in d[\"results\"]); print(\"ok\")'"
check "contention deterministic" 0 '^same$' sh -c "'$contention' --simTime=2 --rate=50 --output=$out/b.json >/dev/null && cmp -s $out/a.json $out/b.json && echo same"
check "contention RngRun" 0 '^differs$' sh -c "'$contention' --simTime=2 --rate=50 --RngRun=2 --output=$out/c.json >/dev/null && ! cmp -s $out/a.json $out/c.json && echo differs"
check "contention unknown allocator" 1 "unknown allocator 'fair'" "$contention" --allocators=ram,fair
check "contention unknown model" 1 "entry 'lenet': unknown model" "$contention" --models=resnet50,lenet
check "contention bad rate" 1 "must be positive" "$contention" --rate=0
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
