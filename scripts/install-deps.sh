#!/usr/bin/env bash
# Install what r3d needs on Debian 12, only what is missing: a second run
# costs one dpkg-query. Root runs apt-get directly; others go through sudo.
set -euo pipefail

packages=(
  cmake ninja-build g++ ccache python3
  libns3-dev ns3                 # ns-3 3.37; 'ns3' ships files its CMake config checks
  libgsl-dev libsqlite3-dev libxml2-dev   # needed by Debian's ns-3 CMake targets
  python3-dev                             # ditto: they name /usr/include/python3.11
  libtorch-dev libopenblas0-pthread       # LibTorch; OpenBLAS makes its GEMMs ~60x faster
  libboost-dev nlohmann-json3-dev
  libbenchmark-dev                        # r3d-engine-benchmark (optional target)
  libzmq3-dev                             # r3d-decision-benchmark (optional target)
  parallel python3-yaml                   # scripts/r3d-sweep: GNU Parallel runs, YAML sweep files
  python3-pandas python3-matplotlib       # scripts/r3d-figures
  time                                    # benchmarks/mec-benchmark.py: peak memory
  python3-pil python3-skimage             # generator/measure-encoded-inputs.py (JPEG sizes)
  doxygen python3-sphinx                  # scripts/check-docs.sh: API reference and the doc site
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}" >&2
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
