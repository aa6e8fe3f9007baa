#!/usr/bin/env bash
# Evaluates deployment policies on the MEC scenario: every policy x load x
# seed is one r3d-mec-scenario run, then scripts/summarize-policies.py prints
# the table (mean over seeds of the DeploymentCost, latency, energy,
# deadline-met ratio). A thin wrapper over scripts/r3d-sweep, which it
# writes a sweep file for (OUT_DIR/evaluate-policies.json): the runs, their
# folders, resume, failures and OUT_DIR/results.csv are r3d-sweep's (see
# doc/r3d-workflow.rst; examples/sweeps/policies-vs-rate.json is the same
# sweep on its defaults).
#
#   scripts/evaluate-policies.sh OUT_DIR [options] [-- extra r3d-mec-scenario options]
#
# Options:
#   --policies LIST   comma separated (default: local-only,edge-only,cloud-only,
#                     random,greedy,lru,lfu,static,r3d)
#   --rates LIST      load levels, requests/s per device, all models together (default 4,8,12:
#                     the default scenario's load, twice and three times it)
#   --seeds N         N runs per policy and load (default 5)
#   --firstSeed S     their RngRun: S..S+N-1 (default 1001: r3d-train's episodes use
#                     RngRun 1, 2, ..., so the shipped agent never saw these)
#   --jobs N          runs in parallel (default: nproc)
#   --bin DIR         where r3d-mec-scenario is (default: r3d-sweep's lookup:
#                     PATH, $R3D_BUILD_DIR/bin, build/bin)
#   --checkpoint PT   agent checkpoint for r3d (default: the shipped one)
#   --static FILE     deployment file for static (default:
#                     data/static-deployment-example.json)
# Runs whose results already exist in OUT_DIR are not repeated.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:?usage: scripts/evaluate-policies.sh OUT_DIR [options] [-- scenario options]}
shift
policies="local-only,edge-only,cloud-only,random,greedy,lru,lfu,static,r3d"
rates="4,8,12"
seeds=5
firstSeed=1001
jobs=$(nproc)
program="r3d-mec-scenario"
static="$root/data/static-deployment-example.json"
args=(--quiet=true --progress=false)
checkpoint=""
while [ $# -gt 0 ]; do
  case "$1" in
  --policies) policies=$2; shift 2 ;;
  --rates) rates=$2; shift 2 ;;
  --seeds) seeds=$2; shift 2 ;;
  --firstSeed) firstSeed=$2; shift 2 ;;
  --jobs) jobs=$2; shift 2 ;;
  --bin) program=$(realpath "$2")/r3d-mec-scenario; shift 2 ;;
  --checkpoint) checkpoint=$(realpath "$2"); shift 2 ;;
  --static) static=$(realpath "$2"); shift 2 ;;
  --) shift; break ;;
  *) echo "evaluate-policies: unknown option '$1'" >&2; exit 2 ;;
  esac
done
args+=(--staticFile="$static" "$@")
mkdir -p "$out"
sweep="$out/evaluate-policies.json"
python3 - "$sweep" "$program" "$policies" "$rates" "$seeds" "$firstSeed" "$checkpoint" "${args[@]}" <<'EOF'
import json, sys
path, program, policies, rates, seeds, first, checkpoint, *args = sys.argv[1:]
policies = policies.split(",")
rates = [json.loads(r) for r in rates.split(",")]
# The checkpoint goes to the r3d runs only: r3d-mec-scenario refuses
# --checkpoint with another policy. Two grids, then.
if checkpoint and "r3d" in policies:
    others = [p for p in policies if p != "r3d"]
    parameters = ([{"policy": others, "rate": rates}] if others else []) + [
        {"policy": ["r3d"], "rate": rates, "checkpoint": [checkpoint]}]
else:
    parameters = {"policy": policies, "rate": rates}
doc = {"name": "evaluate-policies", "program": program, "args": args,
       "parameters": parameters, "seeds": list(range(int(first), int(first) + int(seeds)))}
with open(path, "w") as f:
    json.dump(doc, f, indent=2)
EOF
status=0
"$root/scripts/r3d-sweep" "$sweep" --output "$out" --jobs "$jobs" || status=$?
[ -s "$out/results.csv" ] && python3 "$root/scripts/summarize-policies.py" "$out"
exit $status
