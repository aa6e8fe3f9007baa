#!/usr/bin/env bash
# Kept for old command lines: the benchmark is benchmarks/mec-benchmark.py
# (see its --help and doc/r3d-evaluation.rst, "MEC scenario cost").
exec python3 "$(dirname "$0")/mec-benchmark.py" "$@"
