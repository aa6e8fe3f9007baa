#!/usr/bin/env bash
# check-sanitizers.sh: r3d under AddressSanitizer (with LeakSanitizer) and
# UndefinedBehaviorSanitizer (cmake -DR3D_SANITIZE=ON). Builds the library,
# the learning library, the test runner and r3d-mec-scenario in BUILD_DIR,
# runs every TestSuite, then short runs of r3d-mec-scenario (a baseline and
# the agent); any sanitizer report fails the check. The suppressions for
# ns-3's and LibTorch's own code are in test/sanitizers/, each with its
# reason. CI runs it (.ci/run).
#
#   scripts/check-sanitizers.sh [BUILD_DIR]   (default: build-asan in the repo)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build-asan}
export CCACHE_BASEDIR=$root
# Let ccache reuse objects across build folders and clones (the debug info's
# compile directory is all that differs), as check-no-torch.sh does.
export CCACHE_NOHASHDIR=1
fail() {
  echo "check-sanitizers: FAILED: $*" >&2
  exit 1
}
mkdir -p "$build"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DR3D_SANITIZE=ON >"$build/configure.log" 2>&1 ||
    { cat "$build/configure.log" >&2; fail "configure"; }
fi
grep -q "R3D_SANITIZE:BOOL=ON" "$build/CMakeCache.txt" || fail "$build is not a -DR3D_SANITIZE=ON build"
start=$(date +%s)
ninja -C "$build" ns3-r3d r3d-test-runner r3d-mec-scenario >"$build/build.log" 2>&1 ||
  { tail -50 "$build/build.log" >&2; fail "build"; }
echo "check-sanitizers: built in $(($(date +%s) - start)) s" >&2

supp=$root/test/sanitizers
# halt_on_error: the first report ends the process with a non-zero status.
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:strict_string_checks=1:check_initialization_order=1"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$supp/ubsan.supp"
log=$build/sanitizers.log
: >"$log"

run() {
  local what=$1
  shift
  local t0=$(date +%s)
  if ! "$@" >>"$log" 2>&1; then
    grep -E "ERROR: (Address|Leak)Sanitizer|runtime error:|SUMMARY:" "$log" | tail -5 >&2 || true
    fail "$what (full output: $log)"
  fi
  if grep -qE "ERROR: (Address|Leak)Sanitizer|runtime error:" "$log"; then
    fail "$what reported (full output: $log)"
  fi
  echo "check-sanitizers: $what passed ($(($(date +%s) - t0)) s)" >&2
}

cd "$root"
for suite in $("$build/bin/r3d-test-runner" --list | grep -v '^Test'); do
  run "suite $suite" "$build/bin/r3d-test-runner" --suite="$suite"
done
scenario="$build/bin/r3d-mec-scenario --simTime=4 --warmup=0 --nDevices=2 --progress=false --quiet=true"
run "r3d-mec-scenario (lru)" $scenario --output="$build/sanitizers-lru.json"
run "r3d-mec-scenario (greedy, raw inputs)" $scenario --policy=greedy --requestPayload=raw
run "r3d-mec-scenario (r3d agent)" $scenario --policy=r3d
run "r3d-mec-scenario (edge failure)" $scenario --policy=edge-only --failEdgeAt=2
echo "check-sanitizers: passed" >&2
