#!/usr/bin/env bash
# Measures the bulk recipient API against PostgreSQL: 10,000 recipients created by one request (then the
# same request again: the same tokens), and a CSV export of 100,000 recipients with the silo's resident
# memory sampled while it streams. Prints the figures and PASS/MISSED against issue 5's bars
# (10,000 in under 2 s; export growth under 64 MiB). A measurement, not a test: it exits 0 either way.
#
#   bash bench/recipients.sh            # KEEP=1 keeps the temp dir
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"

# shellcheck source=bench/common.sh
source "$BENCH/common.sh"

python3 "$BENCH/bench.py" recipients "$BASE" "$ADMIN" "$SILO_PID"
OK=1
