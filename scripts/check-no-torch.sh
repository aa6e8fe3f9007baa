#!/usr/bin/env bash
# check-no-torch.sh: r3d builds and runs without LibTorch (cmake
# -DR3D_TORCH=OFF): the library, the test runner and r3d-mec-scenario build;
# a test suite passes; a baseline policy runs; --policy=r3d ends with a clear
# message and exit status 1. CI runs it after the standalone tests (the
# compiler cache makes the build mostly hits: the flags are the same as the
# LibTorch build's, whose main library does not link LibTorch either).
#
#   scripts/check-no-torch.sh [BUILD_DIR]   (default: build-notorch in the repo)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build-notorch}
export CCACHE_BASEDIR=$root
# The same sources and flags as the main build's: let ccache reuse them
# across build folders (only the debug info's compile directory differs).
export CCACHE_NOHASHDIR=1
fail() {
  echo "check-no-torch: FAILED: $*" >&2
  exit 1
}
mkdir -p "$build"
cmake -S "$root" -B "$build" -G Ninja -DR3D_TORCH=OFF >"$build/configure.log" 2>&1 ||
  { cat "$build/configure.log" >&2; fail "configure"; }
grep -q "r3d: R3D_TORCH=OFF" "$build/configure.log" || fail "configure did not say LibTorch is off"
ninja -C "$build" ns3-r3d r3d-test-runner r3d-mec-scenario >"$build/build.log" 2>&1 ||
  { tail -50 "$build/build.log" >&2; fail "build"; }
if ldd "$build/lib/libns3-r3d.so" | grep -q torch; then
  fail "libns3-r3d.so links LibTorch"
fi
"$build/bin/r3d-test-runner" --suite=r3d-mec-messages || fail "r3d-mec-messages"
if "$build/bin/r3d-test-runner" --list | grep -q "r3d-agent"; then
  fail "the agent's suite is built without LibTorch"
fi
"$build/bin/r3d-mec-scenario" --policy=edge-only --nDevices=2 --simTime=1 --progress=false \
  --quiet=true || fail "an edge-only run"
set +e
message=$("$build/bin/r3d-mec-scenario" --policy=r3d --nDevices=2 --simTime=1 --progress=false 2>&1)
status=$?
set -e
[ "$status" -eq 1 ] || fail "--policy=r3d exited $status (expected 1)"
case "$message" in
*"needs the agent type 'ns3::PpoAgent'"*"built without LibTorch"*) ;;
*) fail "--policy=r3d said: $message" ;;
esac
echo "check-no-torch: OK (library without LibTorch; --policy=r3d: $message)"
