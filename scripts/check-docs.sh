#!/usr/bin/env bash
# The documentation builds without a warning: Doxygen over model/ and helper/
# (doc/Doxyfile: every public member documented, warnings are errors) and
# Sphinx over doc/ (doc/conf.py, -W: warnings are errors). CI runs it.
#
#   scripts/check-docs.sh [OUTPUT_DIR]     (default: build/doc)
#
# OUTPUT_DIR/html is the site (open index.html), OUTPUT_DIR/api/html the
# API reference. Needs Debian's doxygen and python3-sphinx
# (scripts/install-deps.sh).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$root/build/doc}
mkdir -p "$out/api"
out=$(cd "$out" && pwd)
cd "$root"
for tool in doxygen sphinx-build; do
  command -v "$tool" >/dev/null || { echo "check-docs: '$tool' not found: run scripts/install-deps.sh" >&2; exit 1; }
done
R3D_DOXYGEN_OUTPUT="$out/api" doxygen doc/Doxyfile
echo "check-docs: Doxygen: no warnings ($out/api/html/index.html)" >&2
sphinx-build -W --keep-going -q -b html -d "$out/doctrees" doc "$out/html"
echo "check-docs: Sphinx: no warnings ($out/html/index.html)" >&2
