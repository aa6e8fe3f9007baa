#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Run the libFuzzer targets of fuzz/ (cmake/r3d-fuzz.cmake) on their
# committed corpora, one after the other.
#
#   scripts/run-fuzzers.sh [SECONDS_PER_TARGET] [TARGET...]   (default 600, all)
#   scripts/run-fuzzers.sh --merge [TARGET...]   minimize fuzz/corpus/<target>/
#
# Configures and builds build-fuzz/ with clang (-DR3D_FUZZ=ON) when needed,
# copies the seeds (fuzz/make-seeds.py: data files, test inputs, hand-written
# malformed inputs, serialized messages) into each corpus, and runs the
# target with the corpus folder first, so that what it finds grows it. Per
# target it prints the seconds run, the executions, the corpus size and
# whether it crashed; crashing inputs are written to
# build-fuzz/fuzz-artifacts/<target>/ and the script exits 1. Every run is
# appended to build-fuzz/fuzz-runs.csv, which gives the accumulated figures.
#
# Environment: R3D_FUZZ_BUILD (build folder, default <repo>/build-fuzz),
# R3D_FUZZ_JOBS (ninja -j, default 2), R3D_FUZZ_OPTIONS (more libFuzzer
# options). Everything runs under nice; one fuzzer process at a time.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${R3D_FUZZ_BUILD:-$root/build-fuzz}
jobs=${R3D_FUZZ_JOBS:-2}
all_targets=(device-catalog model-catalog workload-trace static-deployment checkpoint-sidecar
             mec-message positions-file scenario-distribution faults-file)

merge=0
seconds=600
if [[ ${1:-} == --merge ]]; then
  merge=1
  shift
elif [[ ${1:-} =~ ^[0-9]+$ ]]; then
  seconds=$1
  shift
fi
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  targets=("${all_targets[@]}")
fi
for t in "${targets[@]}"; do
  if [[ ! -f $root/fuzz/$t-fuzzer.cc ]]; then
    echo "run-fuzzers: unknown target '$t' (targets: ${all_targets[*]})" >&2
    exit 2
  fi
done

if ! command -v clang++ >/dev/null; then
  echo "run-fuzzers: clang++ not found (apt-get install clang)" >&2
  exit 2
fi
if [[ ! -f $build/build.ninja ]]; then
  CC=clang CXX=clang++ nice cmake -S "$root" -B "$build" -G Ninja -DR3D_FUZZ=ON \
    -DR3D_TORCH=OFF >/dev/null
fi
nice ninja -C "$build" -j "$jobs" "${targets[@]/#/r3d-fuzz-}" | grep -v '^\[' || true
for t in "${targets[@]}"; do
  [[ -x $build/bin/r3d-fuzz-$t ]] || { echo "run-fuzzers: r3d-fuzz-$t was not built" >&2; exit 1; }
done

# Files and bytes of a corpus folder.
corpus_size() {
  local n bytes
  n=$(find "$1" -type f | wc -l)
  bytes=$(find "$1" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
  echo "$n files, $bytes bytes"
}

if [[ $merge -eq 1 ]]; then
  # Keep the inputs that add coverage (edges only, -use_counters=0: hit
  # counts would keep hundreds more files), plus the regression-* inputs
  # (those that once crashed a reader), whatever they add, under their own
  # names only (the merge copies them under their SHA-1 too).
  for t in "${targets[@]}"; do
    corpus=$root/fuzz/corpus/$t
    tmp=$(mktemp -d)
    nice "$build/bin/r3d-fuzz-$t" -merge=1 -use_counters=0 -timeout=10 "$tmp" "$corpus" \
      >"$build/fuzz-merge-$t.log" 2>&1
    for f in "$corpus"/regression-*; do
      [[ -f $f ]] || continue
      rm -f "$tmp/$(sha1sum "$f" | cut -d' ' -f1)"
      cp "$f" "$tmp/"
    done
    find "$corpus" -maxdepth 1 -type f -delete
    cp "$tmp"/* "$corpus/"
    rm -rf "$tmp"
    echo "$t: merged into $(corpus_size "$corpus")"
  done
  exit 0
fi

seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
python3 "$root/fuzz/make-seeds.py" "$seeds"

runs=$build/fuzz-runs.csv
[[ -f $runs ]] || echo "date,target,seconds,executions,status" >"$runs"
failed=0
for t in "${targets[@]}"; do
  corpus=$root/fuzz/corpus/$t
  artifacts=$build/fuzz-artifacts/$t
  mkdir -p "$corpus" "$artifacts"
  cp -n "$seeds/$t"/* "$corpus/" 2>/dev/null || true
  log=$build/fuzz-$t.log
  start=$(date +%s)
  status=ok
  # -timeout=10: an input that takes longer is a hang (a finding);
  # -rss_limit_mb: well under the machine's memory, shared with others.
  # shellcheck disable=SC2086
  nice "$build/bin/r3d-fuzz-$t" "$corpus" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts/" \
    ${R3D_FUZZ_OPTIONS:-} >"$log" 2>&1 || status=crash
  elapsed=$(($(date +%s) - start))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  echo "$(date -u +%FT%TZ),$t,$elapsed,${execs:-0},$status" >>"$runs"
  printf '%-22s %5d s %10s executions  corpus %s  %s\n' "$t" "$elapsed" "${execs:-?}" \
    "$(corpus_size "$corpus")" "$status"
  if [[ $status != ok ]]; then
    failed=1
    grep -m1 -E 'ERROR: (AddressSanitizer|libFuzzer|LeakSanitizer)|runtime error|SUMMARY' "$log" || true
    echo "  log: $log; inputs: $(ls "$artifacts" | tr '\n' ' ')"
  fi
done

# Accumulated over every run recorded in this build folder.
echo "accumulated (build-fuzz/fuzz-runs.csv): target, seconds, executions, crashed runs"
awk -F, 'NR > 1 {s[$2] += $3; e[$2] += $4; if ($5 != "ok") c[$2]++}
         END {for (t in s) printf "  %-22s %6d s %12d %3d\n", t, s[t], e[t], c[t]}' "$runs" | sort
exit $failed
