#!/usr/bin/env bash
# check-in-tree.sh: proves that r3d builds and passes its tests *in-tree*, the
# way an ns-3 user runs it: as contrib/r3d of an ns-3.37 source tree, built by
# ns-3's own build_lib / build_lib_example, tests run by ./test.py and an
# example run by ./ns3 run.
#
#   scripts/check-in-tree.sh            # from anywhere; checks the working copy
#                                       # of the repo this script belongs to
#
# Environment:
#   R3D_NS3_CACHE     cache folder (default: ~/.cache/r3d). Holds the pristine
#                     ns-3.37 source (apt-get source ns3) and, separately, the
#                     tree the check builds in (kept, so a second run is an
#                     incremental build of a few seconds).
#   R3D_INTREE_FRESH  1: start from a fresh copy of the pristine tree (a cold
#                     build; ccache still applies, CCACHE_DISABLE=1 turns it off).
#   R3D_NS3_PROFILE   ns-3 build profile (default: debug, see below).
#   R3D_INTREE_JOBS   parallel build jobs (default: nproc).
#
# Last line: "in-tree-check: N passed, M failed" (configure+build, each r3d-*
# test suite, each example run, each sanity check); exit status 0 iff M is 0.
#
# Installs what it needs on Debian 12 (as root, or through sudo), only when
# dpkg-query says something is missing.
set -euo pipefail

# ns-3 modules r3d needs, besides r3d itself: every ns-3 module its CMake
# files name as ${libX}. Two traps make this list necessary and this wide:
# - ns-3's configure finds a contrib module's dependencies by reading its
#   top-level CMakeLists.txt as text: every ${libX} in it enables X, even one
#   inside if(R3D_STANDALONE) (the benchmark block) or in a comment;
# - it does not read examples/CMakeLists.txt: an example linking a module
#   that nothing enables is silently not built.
# The script checks that both files name no module missing from this list.
# Standalone-only CMake (the benchmark, which links internet, point-to-point
# and applications) lives in cmake/r3d-benchmarks.cmake, out of that scan.
# Later: internet wifi point-to-point applications mobility flow-monitor stats.
R3D_NS3_MODULES="core network energy internet wifi point-to-point mobility"

# Enabled for ns-3's sake, not r3d's: 3.37's src/test (system tests compiled
# into test-runner whatever the example/test filter says) builds
# ns3tcp-socket-test-suite.cc as soon as applications and point-to-point are
# enabled, but that file also uses CsmaHelper: without csma the test-runner
# fails to link (or to compile, where no ns-3 headers are installed in
# /usr/include).
case " $R3D_NS3_MODULES " in
*" applications "*" point-to-point "* | *" point-to-point "*" applications "*)
  NS3_WORKAROUND_MODULES="csma" ;;
*) NS3_WORKAROUND_MODULES="" ;;
esac

# Build profile. "debug" (-O0 -g, NS_LOG and NS_ASSERT on) compiles fastest
# and keeps asserts on for the tests. Cold builds of r3d + core, one job, no
# ccache, on the 2-core dev machine: debug 73 s, release (-O3) 85 s, default
# (-O2 -g) 121 s. ns-3's debug profile also turns warnings into errors; that
# is switched off (--disable-werror) so that a warning cannot fail the check
# (the build's warnings are printed).
R3D_NS3_PROFILE="${R3D_NS3_PROFILE:-debug}"

# Packages the check needs on a fresh Debian 12: toolchain, ns-3's build
# driver (python3), ccache, rsync, apt-get source (dpkg-dev), and r3d's
# third-party dependencies (cmake/r3d-dependencies.cmake; libtorch-dev so the
# Torch-using example, and the GLOBAL-import trap in-tree, are exercised).
R3D_INTREE_PACKAGES="g++ cmake ninja-build python3 ccache rsync dpkg-dev nlohmann-json3-dev libboost-dev libtorch-dev"

NS3_VERSION="3.37"

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${R3D_NS3_CACHE:-$HOME/.cache/r3d}"
PRISTINE="$CACHE/ns3-$NS3_VERSION/ns-$NS3_VERSION" # as apt-get source unpacks it
WORK="$CACHE/in-tree/ns-$NS3_VERSION"              # the tree the check builds in

log() { printf '==> %s\n' "$*"; }
die() {
    printf 'check-in-tree: %s\n' "$*" >&2
    printf 'in-tree-check: 0 passed, 1 failed\n'
    exit 1
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null; then
    SUDO=(sudo)
else
    SUDO=()
fi
as_root() {
    if [ "$(id -u)" -ne 0 ] && [ ${#SUDO[@]} -eq 0 ]; then
        die "need root or sudo to run: $*"
    fi
    "${SUDO[@]}" "$@"
}

APT_UPDATED=0
apt_update() {
    if [ "$APT_UPDATED" -eq 0 ]; then
        as_root apt-get update -qq
        APT_UPDATED=1
    fi
}

# --- 1. packages ------------------------------------------------------------
missing=()
for pkg in $R3D_INTREE_PACKAGES; do
    status="$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)"
    [ "${status:0:2}" = "ii" ] || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt_update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# --- 1. pristine ns-3.37 source ---------------------------------------------
# One check at a time per cache (CI and a developer on the same machine).
mkdir -p "$CACHE"
exec 9>"$CACHE/check-in-tree.lock"
if ! flock -n 9; then
    log "waiting for another check-in-tree.sh using $CACHE"
    flock 9
fi

pristine_ok() {
    [ -f "$PRISTINE/VERSION" ] && [ "$(cat "$PRISTINE/VERSION")" = "$NS3_VERSION" ] &&
        [ -x "$PRISTINE/ns3" ] && [ -f "$PRISTINE/test.py" ]
}

ensure_deb_src() {
    if ! apt-get indextargets 'Created-By: Sources' 2>/dev/null | grep -q .; then
        log "enabling deb-src"
        local f
        for f in /etc/apt/sources.list.d/*.sources; do
            [ -f "$f" ] && as_root sed -i 's/^Types:[[:space:]]*deb[[:space:]]*$/Types: deb deb-src/' "$f"
        done
        if [ -f /etc/apt/sources.list ] && grep -q '^deb ' /etc/apt/sources.list; then
            sed -n 's/^deb /deb-src /p' /etc/apt/sources.list |
                as_root tee /etc/apt/sources.list.d/r3d-deb-src.list >/dev/null
        fi
        APT_UPDATED=0
    fi
    # Sources indices configured but never downloaded.
    if [ -z "$(apt-cache showsrc ns3 2>/dev/null)" ]; then
        apt_update
    fi
    apt-get indextargets 'Created-By: Sources' | grep -q . || die "could not enable deb-src"
}

if pristine_ok; then
    log "ns-$NS3_VERSION source: $PRISTINE (cached)"
else
    ensure_deb_src
    log "fetching ns-$NS3_VERSION source (apt-get source ns3) into $CACHE"
    fetch="$(mktemp -d "$CACHE/fetch.XXXXXX")"
    # apt-get source needs no root; as root it warns that the download is
    # unsandboxed, which is harmless.
    (cd "$fetch" && apt-get source -qq ns3) || die "apt-get source ns3 failed"
    version_file="$(find "$fetch" -mindepth 3 -maxdepth 3 -path "*/ns3-*/ns-*/VERSION" | head -n 1)"
    got="$(cat "$version_file" 2>/dev/null || true)"
    [ "$got" = "$NS3_VERSION" ] || die "apt-get source ns3 gave ns-3 '${got:-?}', not $NS3_VERSION"
    rm -rf "$CACHE/ns3-$NS3_VERSION"
    mv "$(dirname "$(dirname "$version_file")")" "$CACHE/ns3-$NS3_VERSION"
    mv "$fetch"/ns3_* "$CACHE/" 2>/dev/null || true
    rm -rf "$fetch"
    pristine_ok || die "unpacked source at $PRISTINE is incomplete"
fi

# --- 2. working tree with the module at contrib/r3d -------------------------
# The pristine tree is never built in: the check's tree is a copy of it, made
# once and kept with its build (cmake-cache/ and build/) for incremental runs.
if [ "${R3D_INTREE_FRESH:-0}" = "1" ] || [ ! -f "$WORK/.r3d-copied-from" ] ||
    [ "$(cat "$WORK/.r3d-copied-from")" != "$PRISTINE $NS3_VERSION" ]; then
    log "copying the pristine tree to $WORK"
    rm -rf "$WORK" "$WORK.tmp"
    mkdir -p "$(dirname "$WORK")"
    cp -a "$PRISTINE" "$WORK.tmp"
    echo "$PRISTINE $NS3_VERSION" >"$WORK.tmp/.r3d-copied-from"
    mv "$WORK.tmp" "$WORK"
fi

# The module as it is in the working copy, build folders and VCS data left
# out. --checksum without --times: a file whose content did not change keeps
# its old mtime (a fresh clone has new mtimes everywhere), a changed one gets
# a new mtime, so ninja rebuilds exactly what changed.
log "syncing $REPO -> $WORK/contrib/r3d"
mkdir -p "$WORK/contrib/r3d"
rsync -rlp --checksum --delete \
    --exclude=/.git --exclude=/build/ --exclude='/build-*/' --exclude='/cmake-build-*/' \
    --exclude=__pycache__/ --exclude='*.pyc' \
    --exclude=/CMakeCache.txt --exclude=/CMakeFiles/ --exclude=/build.ninja \
    --exclude=/cmake_install.cmake --exclude=/CTestTestfile.cmake --exclude=/compile_commands.json \
    "$REPO/" "$WORK/contrib/r3d/"

# Every ${libX} the module's CMake files link must be an enabled module.
# shellcheck disable=SC2016 # literal ${lib...}
linked="$(cat "$REPO/CMakeLists.txt" "$REPO"/examples/CMakeLists.txt 2>/dev/null |
    { grep -o '\${lib[a-z0-9-]*}' || true; } | sed 's/^\${lib//; s/}$//' | sort -u)"
for m in $linked; do
    case " r3d $R3D_NS3_MODULES " in
    *" $m "*) ;;
    *) die "the CMake files link \${lib$m}: add '$m' to R3D_NS3_MODULES in $0" ;;
    esac
done

cd "$WORK"

# --- 3. configure -----------------------------------------------------------
# Only r3d and the modules it needs; examples and tests on, but filtered to
# r3d (ns-3's own are not built). ccache: ns-3's top-level CMakeLists uses it
# by itself whenever it is installed (3.37 has no option for it).
generator="Unix Makefiles"
command -v ninja >/dev/null && generator="Ninja"
configure_args=(configure -G "$generator" -d "$R3D_NS3_PROFILE" --disable-werror
    --enable-examples --enable-tests
    --enable-modules="r3d,${R3D_NS3_MODULES// /,}${NS3_WORKAROUND_MODULES:+,${NS3_WORKAROUND_MODULES// /,}}"
    --filter-module-examples-and-tests=r3d
    --disable-python-bindings)

passed=0
failed=0
failures=()
pass() { passed=$((passed + 1)); printf 'PASS: %s\n' "$*"; }
fail() { failed=$((failed + 1)); failures+=("$*"); printf 'FAIL: %s\n' "$*"; }
summary() {
    echo
    for f in ${failures[@]+"${failures[@]}"}; do printf '  failed: %s\n' "$f"; done
    printf 'in-tree-check: %d passed, %d failed\n' "$passed" "$failed"
    [ "$failed" -eq 0 ]
}

t0="$(now)"
stamp="$WORK/cmake-cache/.r3d-configure-args"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "${configure_args[*]}" ] &&
    ls .lock-ns3_* >/dev/null 2>&1; then
    log "already configured (ninja re-runs CMake if a CMake file changed)"
else
    log "./ns3 ${configure_args[*]}"
    rm -f "$stamp"
    if ./ns3 "${configure_args[@]}" >"$CACHE/in-tree/configure.log" 2>&1; then
        echo "${configure_args[*]}" >"$stamp"
    else
        tail -n 40 "$CACHE/in-tree/configure.log"
        fail "configure (log: $CACHE/in-tree/configure.log)"
        summary
        exit 1
    fi
fi
t_configure="$(elapsed "$t0")"

# --- 4. build ---------------------------------------------------------------
t0="$(now)"
# What ./ns3 build runs, but with all the cores: 3.37's ./ns3 uses one job
# less than the cores (1 on a 2-core machine) and its -j can only lower that
# (it keeps the minimum of -j and its default).
jobs="${R3D_INTREE_JOBS:-$(nproc)}"
log "cmake --build cmake-cache -j $jobs   (= ./ns3 build)"
if cmake --build cmake-cache -j "$jobs" >"$CACHE/in-tree/build.log" 2>&1; then
    t_build="$(elapsed "$t0")"
    pass "configure + build (configure ${t_configure} s, build ${t_build} s)"
    # Not an error (see R3D_NS3_PROFILE), but shown: only what was compiled
    # in this run reports its warnings (ccache replays them).
    if grep -q 'warning:' "$CACHE/in-tree/build.log"; then
        log "compiler warnings (from $CACHE/in-tree/build.log):"
        grep 'warning:' "$CACHE/in-tree/build.log" | head -n 20
    fi
else
    tail -n 60 "$CACHE/in-tree/build.log"
    fail "build (log: $CACHE/in-tree/build.log)"
    summary
    exit 1
fi

# Of the modules' examples and tests, only r3d's are built. (3.37's src/test
# system tests, part of test-runner itself, are built whatever the filter;
# they are not run below.)
shopt -s nullglob
others=()
for lib in build/lib/libns*-test*; do
    case "$(basename "$lib")" in *-r3d-test*) ;; *) others+=("$lib") ;; esac
done
for dir in build/src/*/examples build/examples/*; do
    [ -n "$(find "$dir" -type f -perm -u+x 2>/dev/null | head -n 1)" ] && others+=("$dir")
done
shopt -u nullglob
if [ ${#others[@]} -eq 0 ]; then
    pass "no ns-3 module's tests or examples built, only r3d's"
else
    fail "ns-3's own tests/examples were built: ${others[*]}"
fi

# test.py's runs: every suite whose name starts with r3d-. (test.py --list
# exits 0 even when the test-runner crashes, hence the checks on its output.)
list_out="$(./test.py --no-build --list 2>&1)" || true
suites="$(printf '%s\n' "$list_out" | awk '$1 != "example" && $2 ~ /^r3d-/ { print $2 }' | sort -u)"
if printf '%s\n' "$list_out" | grep -q 'test.py error'; then
    printf '%s\n' "$list_out"
    fail "./test.py --list (the test-runner failed)"
elif [ -z "$suites" ]; then
    printf '%s\n' "$list_out"
    fail "no r3d-* test suite found by ./test.py --list"
fi
for suite in $suites; do
    # --text=F writes F.txt with the failure details (file, line, message).
    details="$CACHE/in-tree/test-$suite"
    rm -f "$details.txt"
    out="$(./test.py --no-build -s "$suite" --text="$details" 2>&1)" && rc=0 || rc=$?
    printf '%s\n' "$out" | sed 's/\x1b\[[0-9;]*m//g; s/^/    /' | tail -n 40
    if [ "$rc" -eq 0 ]; then
        pass "./test.py -s $suite"
    else
        [ -f "$details.txt" ] && grep -v '^PASS' "$details.txt" | sed 's/^/    /' | head -n 60
        fail "./test.py -s $suite"
    fi
done

# The programs test/examples-to-run.py lists, through test.py (only r3d's
# examples are built, so this runs exactly those).
out="$(./test.py --no-build --constrain=example 2>&1)" && rc=0 || rc=$?
printf '%s\n' "$out" | sed 's/\x1b\[[0-9;]*m//g; s/^/    /' | tail -n 20
if [ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q 'PASS.*Example contrib/r3d/examples/r3d-mec-scenario'; then
    pass "./test.py --constrain=example (test/examples-to-run.py)"
else
    fail "./test.py --constrain=example (test/examples-to-run.py)"
fi

# An example through ./ns3 run, with the data dir compiled in (no
# R3D_DATA_DIR in the environment): it must find contrib/r3d/data.
example='r3d-roofline --device=jetson-nano --model=resnet50 --precision=fp16 --json'
out="$(env -u R3D_DATA_DIR ./ns3 run --no-build "$example" 2>&1)" && rc=0 || rc=$?
if [ "$rc" -eq 0 ] && printf '%s\n' "$out" | python3 -c '
import json, sys
text = sys.stdin.read()
d = json.loads(text[text.index("{"):])
assert d["device"] == "jetson-nano" and d["model"] == "resnet50" and d["latencyMs"] > 0
print("  resnet50 on jetson-nano, fp16: %.2f ms" % d["latencyMs"])
'; then
    pass "./ns3 run \"$example\""
else
    printf '%s\n' "$out" | tail -n 20
    fail "./ns3 run \"$example\""
fi

# The MEC scenario (the quickstart's main job) in-tree, results JSON checked.
example="r3d-mec-scenario --simTime=2 --progress=0 --quiet --output=$CACHE/in-tree/mec.json"
out="$(env -u R3D_DATA_DIR ./ns3 run --no-build "$example" 2>&1)" && rc=0 || rc=$?
if [ "$rc" -eq 0 ] && python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["requests"]
assert r["generated"] > 0 and r["generated"] == r["completed"] + r["dropped"]["total"] + r["inFlight"]
print("  %d requests, %d completed" % (r["generated"], r["completed"]))
' "$CACHE/in-tree/mec.json"; then
    pass "./ns3 run \"$example\""
else
    printf '%s\n' "$out" | tail -n 20
    fail "./ns3 run \"$example\""
fi

summary
