#!/usr/bin/env bash
# r3d quickstart: install what is missing, build (incrementally), then
#   run   - the module's main job on its defaults, with a readable summary
#   test  - the whole test suite (CTest: every ns-3 TestSuite and the checks)
#   build - only install what is missing and build (scripts/reproduce.sh uses it)
# Running it again rebuilds and reinstalls nothing that is up to date.
set -euo pipefail

mode=${1:-run}
case "$mode" in run | test | build) ;; *)
  echo "usage: $0 run|test|build" >&2
  exit 2
  ;;
esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${R3D_BUILD_DIR:-$root/build}

"$root/scripts/install-deps.sh"

# ccache: rewrite absolute paths under the repo so fresh clones in other
# folders (CI) hit the cache too.
export CCACHE_BASEDIR=$root
if [ ! -f "$build/build.ninja" ]; then
  mkdir -p "$build"
  cmake -S "$root" -B "$build" -G Ninja >"$build/configure.log" 2>&1 || {
    cat "$build/configure.log" >&2
    exit 1
  }
fi
echo "quickstart: building r3d in $build (log: $build/build.log)" >&2
ninja -C "$build" >"$build/build.log" 2>&1 || {
  cat "$build/build.log" >&2
  exit 1
}

case "$mode" in
run)
  # The main job: the end-edge-cloud MEC scenario on its defaults (8 IoT
  # devices, 2 edges, the cloud; 8 models that do not fit, popularity that
  # shifts, a cold start; 40 s simulated) with the shipped R3D agent
  # (data/r3d-default.pt) deploying, evicting and migrating models.
  "$build/bin/r3d-mec-scenario" --policy=r3d --output="$build/r3d-mec-scenario.json"
  ;;
test)
  ctest --test-dir "$build" --output-on-failure
  ;;
build) ;;
esac
