#!/usr/bin/env bash
# Reproduces the evaluation of R3D in one command: the three sweeps of
# examples/sweeps/ (policies against the load, policies as the number of IoT
# devices grows, RAM against the baseline allocators), their figures (with the
# training curve of the shipped agent, doc/r3d-default-curve.csv) and the
# policy table. The shipped agent (data/r3d-default.pt) decides for r3d:
# training is not part of it.
#
#   scripts/reproduce.sh [--reduced] [--output DIR] [--jobs N] [--no-build] [--publish] [--slurm [r3d-sweep SLURM options]]
#
#   --reduced    examples/sweeps/reduced/: 24 simulated seconds, 3 seeds, up to
#                16 devices, fewer policies; 147 runs (54 + 45 + 48); its time
#                on 2 cores is in doc/r3d-workflow.rst.
#   (default)    examples/sweeps/: 40 simulated seconds, 5 seeds, up to 32
#                devices; 355 runs (135 + 140 + 80). Many hours on 2 cores
#                (local-only alone takes 1400-1600 s a run): give it
#                more cores (--jobs), hosts (R3D_SWEEP_OPTS="--sshlogin ...")
#                or a cluster (--slurm).
#   --output DIR where everything goes (default build/evaluation or
#                build/evaluation-reduced); running again resumes
#   --jobs N     runs at a time (default: the cores here)
#   --no-build   do not run scripts/quickstart.sh build first (programs from
#                PATH, $R3D_BUILD_DIR/bin or build/bin, as r3d-sweep finds them)
#   --publish    also copy the main figures (PNG), the policy table and the
#                record into doc/figures/reduced/ (or doc/figures/full/) and
#                write reproduction.rst there; doc/r3d-evaluation.rst
#                includes doc/figures/reduced/reproduction.rst as its first
#                chapter (change that include to show a full-size run)
#   --slurm      write the SLURM job arrays of the three sweeps (DIR/<sweep>/
#                submit.sh) instead of running them; once they are done, run
#                this script again without --slurm to merge and draw (the runs
#                are then all done and skipped). Options after --slurm go to
#                r3d-sweep (e.g. --slurm-partition=short).
#
# DIR/<sweep>/results.csv are the merged runs, DIR/figures/ the figures (PNG
# and PDF), DIR/policies.rst and .txt the table, DIR/REPRODUCE.txt the command,
# commit, machine and wall time of each step.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
args="$*"
reduced=0
out=""
jobs=$(nproc)
build=1
publish=0
slurm=()
while [ $# -gt 0 ]; do
  case "$1" in
  --reduced) reduced=1; shift ;;
  --output) out=$2; shift 2 ;;
  --jobs) jobs=$2; shift 2 ;;
  --no-build) build=0; shift ;;
  --publish) publish=1; shift ;;
  --slurm) shift; slurm=(--slurm "$@"); break ;;
  -h | --help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  *) echo "reproduce: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [ "$reduced" = 1 ]; then
  sweeps="$root/examples/sweeps/reduced"
  out=${out:-$root/build/evaluation-reduced}
else
  sweeps="$root/examples/sweeps"
  out=${out:-$root/build/evaluation}
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
[ "$build" = 1 ] && "$root/scripts/quickstart.sh" build

start=$(date +%s)
record="$out/REPRODUCE.txt"
{
  echo "command:  scripts/reproduce.sh $args"
  # The scripts' checkout; the programs' own commit (module.commit of their
  # results) is recorded after the sweeps. "-dirty": tracked files changed.
  echo "commit:   $(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD -- 2>/dev/null || echo "-dirty") (scripts)"
  echo "machine:  $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "started:  $(date -Iseconds)"
  echo "jobs:     $jobs"
} >"$record"

status=0
for name in policies-vs-rate scaling-devices allocators; do
  t0=$(date +%s)
  # shellcheck disable=SC2086 # R3D_SWEEP_OPTS is a list of options
  "$root/scripts/r3d-sweep" "$sweeps/$name.json" --output "$out/$name" --jobs "$jobs" \
    ${R3D_SWEEP_OPTS:-} ${slurm[@]+"${slurm[@]}"} || status=1
  echo "sweep $name: $(($(date +%s) - t0)) s" >>"$record"
done
if [ ${#slurm[@]} -gt 0 ]; then
  echo "reproduce: submit $out/{policies-vs-rate,scaling-devices,allocators}/submit.sh, then run" \
    "scripts/reproduce.sh$([ "$reduced" = 1 ] && echo " --reduced") --output $out again to merge and draw" >&2
  exit 0
fi

# The commits the programs were built from, as their results record them.
python3 - "$out"/{policies-vs-rate,scaling-devices,allocators}/results.csv >>"$record" <<'PY' || true
import csv, sys
commits = set()
for path in sys.argv[1:]:
    try:
        with open(path, newline="") as f:
            commits.update(r.get("commit") or "unknown" for r in csv.DictReader(f))
    except OSError:
        pass
print("programs: " + (", ".join(sorted(commits)) or "unknown") + " (module.commit of the runs)")
PY
t0=$(date +%s)
"$root/scripts/r3d-figures" "$out/policies-vs-rate/results.csv" "$out/scaling-devices/results.csv" \
  "$out/allocators/results.csv" --curve "$root/doc/r3d-default-curve.csv" --output "$out/figures" || status=1
echo "figures: $(($(date +%s) - t0)) s" >>"$record"
"$root/scripts/summarize-policies.py" "$out/policies-vs-rate" --rst "$out/policies.rst" >"$out/policies.txt" || status=1
cat "$out/policies.txt"
{
  echo "finished: $(date -Iseconds)"
  echo "total:    $(($(date +%s) - start)) s"
  # CPU time of everything this script started (user, system): on a machine
  # shared with other work, it tells how much of the wall time was ours.
  echo "cpu time (user system) of this script, then of the programs it ran:"
  times
} >>"$record"
cat "$record" >&2

# The figures the evaluation page shows, in this order, with their captions.
published=(
  "latency-mean-vs-rate|Mean latency against the load (requests/s per device)"
  "latency-p95-vs-rate|95th-percentile latency against the load"
  "deadline-met-vs-rate|Share of requests that met their deadline against the load"
  "energy-per-request-vs-rate|Energy per completed request (total: idle and dynamic) against the load"
  "cost-vs-rate|Each policy's cost per control interval (DeploymentCost, lower is better) against the load"
  "latency-mean-vs-nDevices|Mean latency against the number of IoT devices"
  "deadline-met-vs-nDevices|Share of requests that met their deadline against the number of IoT devices"
  "energy-per-request-vs-nDevices|Energy per request against the number of IoT devices"
  "allocators-latency-p95|95th-percentile latency of RAM against the baseline allocators on single devices"
  "training-curve|Training curve of the shipped agent (doc/r3d-default-curve.csv)"
)
if [ "$publish" = 1 ]; then
  size=$([ "$reduced" = 1 ] && echo reduced || echo full)
  doc="$root/doc/figures/$size"
  mkdir -p "$doc"
  rm -f "$doc"/*.png
  cp "$record" "$doc/REPRODUCE.txt"
  cp "$out/policies.rst" "$doc/policies.rst"
  rst="$doc/reproduction.rst.partial"
  {
    echo ".. Written by scripts/reproduce.sh --publish; do not edit."
    echo
    echo "\`\`scripts/reproduce.sh $args\`\` ran the three sweeps of"
    echo "\`\`examples/sweeps/$([ "$reduced" = 1 ] && echo "reduced/")\`\` with the shipped agent and drew"
    echo "these figures (means over seeds with 95 % confidence intervals) and"
    echo "this table. Its record (\`\`doc/figures/$size/REPRODUCE.txt\`\`):"
    echo
    echo "::"
    echo
    sed 's/^/    /' "$record"
    echo
    echo "The policies at each load (\`\`scripts/summarize-policies.py\`\`: cost"
    echo "per interval with its 95 % confidence interval over seeds, then means"
    echo "over seeds):"
    echo
    echo ".. include:: figures/$size/policies.rst"
    for entry in "${published[@]}"; do
      name=${entry%%|*}
      caption=${entry#*|}
      [ -f "$out/figures/$name.png" ] || continue
      cp "$out/figures/$name.png" "$doc/"
      echo
      echo ".. figure:: figures/$size/$name.png"
      echo "   :width: 80%"
      echo "   :alt: $caption"
      echo
      echo "   $caption."
    done
  } >"$rst"
  mv "$rst" "$doc/reproduction.rst"
  echo "reproduce: published the figures, the table and the record in $doc" >&2
fi
[ "$status" = 0 ] || echo "reproduce: some runs or steps failed (see $out/*/failures.csv)" >&2
exit $status
