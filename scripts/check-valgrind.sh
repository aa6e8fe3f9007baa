#!/usr/bin/env bash
# check-valgrind.sh: r3d-mec-scenario under valgrind's memcheck, with
# --leak-check=full: a short run of the default baseline (lru) and one with
# the agent (--policy=r3d, which loads LibTorch). Fails on any definite
# leak or memory error not suppressed by test/sanitizers/valgrind.supp
# (each suppression there names a library that is not r3d's and why).
# Slow (about 4 and 6 minutes on a 2-core machine), so not part of CTest;
# the doc ("Sanitizers and memory") has its figures.
#
#   scripts/check-valgrind.sh [BIN_DIR]   (default: build/bin in the repo)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${1:-$root/build/bin}
command -v valgrind >/dev/null || { echo "check-valgrind: valgrind is not installed (Debian: valgrind)" >&2; exit 1; }
out=$(mktemp -d)
status=0
for policy in lru r3d; do
  log=$out/valgrind-$policy.log
  start=$(date +%s)
  valgrind --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
    --error-exitcode=99 --num-callers=30 --suppressions="$root/test/sanitizers/valgrind.supp" \
    --log-file="$log" "$bin/r3d-mec-scenario" --policy=$policy --simTime=2 --warmup=0 \
    --nDevices=2 --progress=false --quiet=true --output="$out/$policy.json" >/dev/null 2>&1 || status=$?
  leaks=$(grep -h 'definitely lost' "$log" | sed 's/^==[0-9]*== *//')
  if [ -z "$leaks" ] && grep -q 'All heap blocks were freed' "$log"; then
    leaks="all heap blocks freed"
  fi
  echo "check-valgrind: --policy=$policy: $(grep -h 'ERROR SUMMARY' "$log" | sed 's/^==[0-9]*== //'); $leaks ($(($(date +%s) - start)) s; log $log)" >&2
done
[ "$status" -eq 0 ] || { echo "check-valgrind: FAILED (exit $status)" >&2; exit 1; }
echo "check-valgrind: passed" >&2
