#!/usr/bin/env bash
# Prints fake/floor ratios for Get, Put and Invoke, in-process and over
# loopback HTTP: each of ROUNDS rounds runs the fake and the canned floor back
# to back (testing.Benchmark, ~1s each), and the table shows medians.
#   bench/ratios.sh            # 5 rounds
#   ROUNDS=9 bench/ratios.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_RATIOS="${ROUNDS:-5}" go test -count=1 -run '^TestRatios$' -v ./bench | grep -v -e '^=== RUN' -e '^--- ' -e '^PASS' -e '^ok'
