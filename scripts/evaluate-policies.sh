#!/usr/bin/env bash
# Evaluates deployment policies on the MEC scenario: every policy x load x
# seed is one r3d-mec-scenario run (results JSON kept), then
# scripts/summarize-policies.py prints the table (mean over seeds of the
# DeploymentCost, latency, energy, deadline-met ratio). See doc/r3d.rst,
# "Evaluating R3D".
#
#   scripts/evaluate-policies.sh OUT_DIR [options] [-- extra r3d-mec-scenario options]
#
# Options:
#   --policies LIST   comma separated (default: local-only,edge-only,cloud-only,
#                     random,greedy,static,r3d)
#   --rates LIST      load levels, requests/s per device and model (default 1,3,5:
#                     light, medium, heavy)
#   --seeds N         RngRun 1..N (default 5)
#   --jobs N          runs in parallel (default: nproc)
#   --bin DIR         where r3d-mec-scenario is (default: build/bin)
#   --checkpoint PT   agent checkpoint for r3d (default: the shipped one)
#   --static FILE     deployment file for static (default:
#                     data/static-deployment-example.json)
# Runs whose JSON already exists in OUT_DIR are not repeated.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:?usage: scripts/evaluate-policies.sh OUT_DIR [options] [-- scenario options]}
shift
policies="local-only,edge-only,cloud-only,random,greedy,static,r3d"
rates="1,3,5"
seeds=5
jobs=$(nproc)
bin="$root/build/bin"
checkpoint=""
static="$root/data/static-deployment-example.json"
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
  --policies) policies=$2; shift 2 ;;
  --rates) rates=$2; shift 2 ;;
  --seeds) seeds=$2; shift 2 ;;
  --jobs) jobs=$2; shift 2 ;;
  --bin) bin=$2; shift 2 ;;
  --checkpoint) checkpoint=$(realpath "$2"); shift 2 ;;
  --static) static=$(realpath "$2"); shift 2 ;;
  --) shift; extra=("$@"); break ;;
  *) echo "evaluate-policies: unknown option '$1'" >&2; exit 2 ;;
  esac
done
[ -x "$bin/r3d-mec-scenario" ] || {
  echo "evaluate-policies: no $bin/r3d-mec-scenario (build first)" >&2
  exit 1
}
mkdir -p "$out"

# One line per run: policy rate seed.
list=$(mktemp)
trap 'rm -f "$list"' EXIT
for rate in ${rates//,/ }; do
  for seed in $(seq 1 "$seeds"); do
    for policy in ${policies//,/ }; do
      [ -s "$out/$policy-rate$rate-run$seed.json" ] || echo "$policy $rate $seed" >>"$list"
    done
  done
done
echo "evaluate-policies: $(wc -l <"$list") runs to do, $jobs at a time, into $out" >&2

run_one() {
  local policy=$1 rate=$2 seed=$3
  local opts=(--policy="$policy" --rate="$rate" --RngRun="$seed" --progress=false --quiet=true
    --output="$OUT/$policy-rate$rate-run$seed.json")
  [ "$policy" = static ] && opts+=(--staticFile="$STATIC")
  [ "$policy" = r3d ] && [ -n "$CHECKPOINT" ] && opts+=(--checkpoint="$CHECKPOINT")
  "$BIN/r3d-mec-scenario" "${opts[@]}" "${EXTRA[@]}" 2>"$OUT/$policy-rate$rate-run$seed.err" ||
    { echo "evaluate-policies: FAILED $policy rate $rate run $seed (see $OUT/$policy-rate$rate-run$seed.err)" >&2; return 1; }
  echo "evaluate-policies: done $policy rate $rate run $seed" >&2
}
export -f run_one
export OUT="$out" BIN="$bin" CHECKPOINT="$checkpoint" STATIC="$static"
# Arrays do not cross the environment: the extra options travel as lines.
EXTRA_LINES=$(printf '%s\n' "${extra[@]+"${extra[@]}"}")
export EXTRA_LINES
xargs -a "$list" -P "$jobs" -L 1 bash -c 'mapfile -t EXTRA <<<"$EXTRA_LINES"; [ -z "${EXTRA[0]}" ] && EXTRA=(); run_one "$@"' _
python3 "$root/scripts/summarize-policies.py" "$out"
