#!/usr/bin/env bash
# Cost of the MEC scenario (r3d-mec-scenario) as the number of IoT devices
# grows: simulated requests and simulated seconds per wall-clock second, peak
# memory, and where the CPU time goes (r3d's own code, the rest of ns-3,
# libc/libstdc++, other). See doc/r3d.rst, "MEC scenario cost".
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: benchmarks/mec-benchmark.sh [--quick] [--no-perf] [--output FILE] [BIN_DIR]

Runs build/bin/r3d-mec-scenario (or BIN_DIR/r3d-mec-scenario) on its default
scenario with 8, 16 and 32 IoT devices (every other option default, 10
simulated seconds), one size after the other, never two runs at once:

  * 3 timing runs per size (median reported): requests.generated / wallClockS
    and simTimeS / wallClockS from the results JSON (wallClockS covers building
    the scenario and Simulator::Run), peak memory (max RSS) from /usr/bin/time;
  * 1 separate run under `perf record` per size (so perf's overhead does not
    touch the timing figures): the share of CPU samples in r3d's own code
    (libns3*r3d*.so and the r3d-mec-scenario program), in the rest of ns-3
    (every other libns3*.so), in libc/libstdc++ (libc, libm, libstdc++,
    libgcc_s, ld.so) and elsewhere (the kernel, ...). r3d code inlined into
    ns-3 templates counts where it runs.

Options:
  --quick        2 simulated seconds and 1 timing run per size (a smoke test)
  --no-perf      skip the perf runs
  --output FILE  also write the table as JSON to FILE
  -h, --help     this text

Needs python3, /usr/bin/time (Debian: apt-get install time) for the peak
memory and perf (Debian: apt-get install linux-perf) for the time split;
without either the other figures are still reported. Run it on a quiet
machine: the figures are wall-clock times.
EOF
}

die() {
    echo "mec-benchmark: $*" >&2
    exit 1
}

quick=0
use_perf=1
output=""
bindir=""
while [ $# -gt 0 ]; do
    case "$1" in
        -h | --help)
            usage
            exit 0
            ;;
        --quick) quick=1 ;;
        --no-perf) use_perf=0 ;;
        --output)
            [ $# -ge 2 ] || die "--output needs a file name"
            output=$2
            shift
            ;;
        --output=*) output=${1#--output=} ;;
        -*)
            usage >&2
            die "unknown option: $1"
            ;;
        *)
            [ -z "$bindir" ] || die "more than one BIN_DIR given ('$bindir', '$1')"
            bindir=$1
            ;;
    esac
    shift
done
bindir=${bindir:-build/bin}

scenario=$bindir/r3d-mec-scenario
[ -x "$scenario" ] || die "$scenario not found or not executable (build first, or give the bin dir)"
command -v python3 >/dev/null || die "python3 is needed to read the results JSON"

devices=(8 16 32)
if [ "$quick" = 1 ]; then
    simtime=2
    reps=1
else
    simtime=10
    reps=3
fi

have_time=1
if [ ! -x /usr/bin/time ]; then
    have_time=0
    echo "mec-benchmark: /usr/bin/time not found: peak memory not measured (Debian: apt-get install time)" >&2
fi
if [ "$use_perf" = 1 ] && ! command -v perf >/dev/null; then
    use_perf=0
    echo "mec-benchmark: perf not found: time split not measured (Debian: apt-get install linux-perf)" >&2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mec-benchmark.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# --- machine -----------------------------------------------------------------
cpu=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -n 1)
ns3lib=$(ldd "$scenario" 2>/dev/null | awk '/libns3[^ ]*core/ {print $3; exit}')
ns3ver=""
if command -v dpkg-query >/dev/null && [[ "$ns3lib" == /lib/* || "$ns3lib" == /usr/lib/* ]]; then
    ns3ver=$(dpkg-query -W -f '${Version}' libns3-dev 2>/dev/null || true)
    [ -z "$ns3ver" ] || ns3ver="$ns3ver (Debian libns3-dev)"
fi
if [ -z "$ns3ver" ]; then
    ns3ver=$(pkg-config --modversion ns3-core 2>/dev/null || echo unknown)
fi
load=$(cut -d ' ' -f 1-3 /proc/loadavg)

echo "r3d MEC scenario benchmark"
echo "  machine: $(nproc) CPUs ($(nproc --all) online), CPU model: ${cpu:-unknown}"
echo "  ns-3: $ns3ver${ns3lib:+, $ns3lib}"
echo "  kernel: $(uname -r); load average before: $load"
echo "  program: $scenario --nDevices=N --simTime=$simtime --progress=0 --quiet (other options default)"
perf_note=""
[ "$use_perf" = 0 ] || perf_note=", then 1 perf run per N"
echo "  N = ${devices[*]}; $reps timing run(s) per N (median)$perf_note"
echo

# --- runs --------------------------------------------------------------------
for n in "${devices[@]}"; do
    args=(--nDevices="$n" --simTime="$simtime" --progress=0 --quiet)
    for ((r = 1; r <= reps; r++)); do
        printf '  %2d devices: timing run %d/%d ... ' "$n" "$r" "$reps" >&2
        json=$tmp/time-$n-$r.json
        if [ "$have_time" = 1 ]; then
            /usr/bin/time -f %M -o "$tmp/rss-$n-$r" "$scenario" "${args[@]}" --output="$json" \
                >"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; die "r3d-mec-scenario failed"; }
        else
            "$scenario" "${args[@]}" --output="$json" \
                >"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; die "r3d-mec-scenario failed"; }
        fi
        python3 -c 'import json,sys; print("%.2f s" % json.load(open(sys.argv[1]))["wallClockS"])' \
            "$json" >&2
    done
    if [ "$use_perf" = 1 ]; then
        printf '  %2d devices: perf run ... ' "$n" >&2
        if perf record -F 999 -q -o "$tmp/perf-$n.data" -- "$scenario" "${args[@]}" \
            --output="$tmp/perf-$n.json" >"$tmp/perf-log" 2>&1 &&
            perf report -i "$tmp/perf-$n.data" --sort dso -g none --stdio -q \
                >"$tmp/perf-$n.txt" 2>/dev/null &&
            perf report -i "$tmp/perf-$n.data" --sort dso,sym -g none --stdio -q \
                >"$tmp/perf-sym-$n.txt" 2>/dev/null; then
            echo "done" >&2
        else
            echo "failed" >&2
            sed 's/^/    /' "$tmp/perf-log" >&2
            echo "mec-benchmark: perf failed (see above): time split not measured" \
                "(Debian: apt-get install linux-perf; check /proc/sys/kernel/perf_event_paranoid)" >&2
            rm -f "$tmp"/perf-*.txt
            use_perf=0
        fi
    fi
done
echo >&2

# --- summary -----------------------------------------------------------------
python3 - "$tmp" "$scenario" "$simtime" "$reps" "$output" "$(nproc)" "$cpu" "$ns3ver" "$load" \
    "${devices[@]}" <<'EOF'
import json, os, re, statistics, sys

tmp, scenario, simtime, reps, output, nproc, cpu, ns3ver, load = sys.argv[1:10]
devices = [int(n) for n in sys.argv[10:]]
reps = int(reps)
program = os.path.basename(scenario)

LIBC = re.compile(r'^(libc|libm|libmvec|libpthread|libdl|librt|libstdc\+\+|libgcc_s|ld-linux[^.]*)\.so')

def category(dso):
    b = os.path.basename(dso)
    if (b.startswith('libns3') and 'r3d' in b) or b == program:
        return 'r3d'
    if b.startswith('libns3'):
        return 'ns3'
    if LIBC.match(b):
        return 'libcStd'
    return 'other'

def split(path):
    if not os.path.exists(path):
        return None
    share = {'r3d': 0.0, 'ns3': 0.0, 'libcStd': 0.0, 'other': 0.0}
    for line in open(path):
        m = re.match(r'^\s*([0-9.]+)%\s+(\S.*?)\s*$', line)
        if m:
            share[category(m.group(2))] += float(m.group(1))
    return {k: round(v, 1) for k, v in share.items()}

def hot(path, k=5):
    if not os.path.exists(path):
        return []
    out = []
    for line in open(path):
        m = re.match(r'^\s*([0-9.]+)%\s+(\S+)\s+\[[^\]]*\]\s+(.*?)\s*$', line)
        if m:
            out.append({'percent': float(m.group(1)), 'dso': m.group(2), 'symbol': m.group(3)})
        if len(out) == k:
            break
    return out

rows = []
for n in devices:
    runs = [json.load(open(os.path.join(tmp, 'time-%d-%d.json' % (n, r)))) for r in range(1, reps + 1)]
    walls = [d['wallClockS'] for d in runs]
    wall = statistics.median(walls)
    gen = runs[0]['requests']['generated']
    rss = []
    for r in range(1, reps + 1):
        p = os.path.join(tmp, 'rss-%d-%d' % (n, r))
        if os.path.exists(p):
            rss.append(int(open(p).read().split()[-1]))
    rows.append({
        'devices': n,
        'requestsGenerated': gen,
        'requestsCompleted': runs[0]['requests']['completed'],
        'simTimeS': runs[0]['simTimeS'],
        'wallClockS': round(wall, 3),
        'wallClockRunsS': [round(w, 3) for w in walls],
        'requestsPerWallS': round(gen / wall, 1),
        'simSPerWallS': round(runs[0]['simTimeS'] / wall, 3),
        'peakMB': round(statistics.median(rss) / 1024, 1) if rss else None,
        'timeSharePercent': split(os.path.join(tmp, 'perf-%d.txt' % n)),
        'hottestSymbols': hot(os.path.join(tmp, 'perf-sym-%d.txt' % n)),
    })

def f(v, fmt):
    return 'n/a' if v is None else fmt % v

hdr = ('devices', 'requests', 'wall s', 'req/wall-s', 'sim-s/wall-s', 'peak MB',
       'r3d %', 'ns-3 %', 'libc+std %', 'other %')
w = (7, 8, 7, 10, 12, 8, 6, 6, 10, 7)
print('  '.join(h.rjust(x) for h, x in zip(hdr, w)))
for r in rows:
    s = r['timeSharePercent'] or {}
    cells = (str(r['devices']), str(r['requestsGenerated']), '%.2f' % r['wallClockS'],
             '%.1f' % r['requestsPerWallS'], '%.3f' % r['simSPerWallS'], f(r['peakMB'], '%.1f'),
             f(s.get('r3d'), '%.1f'), f(s.get('ns3'), '%.1f'), f(s.get('libcStd'), '%.1f'),
             f(s.get('other'), '%.1f'))
    print('  '.join(c.rjust(x) for c, x in zip(cells, w)))
print()
print('requests: requests.generated; wall s: median wallClockS of %d run(s) (scenario set-up + '
      'Simulator::Run); peak MB: max RSS (MiB), median; %% columns: share of CPU samples in one '
      'perf run.' % reps)
if any(r['hottestSymbols'] for r in rows):
    print()
    print('hottest symbols (perf run):')
    for r in rows:
        print('  %d devices: ' % r['devices'] + '; '.join(
            '%.1f%% %s (%s)' % (h['percent'], h['symbol'], h['dso']) for h in r['hottestSymbols']))

if output:
    doc = {
        'machine': {'nproc': int(nproc), 'cpuModel': cpu, 'ns3': ns3ver,
                    'kernel': os.uname().release, 'loadAverageBefore': load},
        'program': scenario,
        'simTimeS': float(simtime),
        'timingRuns': reps,
        'rows': rows,
    }
    tmpout = output + '.tmp'
    with open(tmpout, 'w') as fh:
        json.dump(doc, fh, indent=2)
        fh.write('\n')
    os.replace(tmpout, output)
    print()
    print('wrote %s' % output)
EOF
