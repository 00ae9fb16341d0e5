#!/usr/bin/env bash
# Measures the analytics endpoint on a big tracking: a private PostgreSQL 15 and one Release silo (bench/common.sh), ONE
# mail tracking with a pixel and four links seeded through the API, then HITS opens of the pixel and CLICKS clicks of the
# links written straight into the hit log (mt_hits) with SQL, in transactions of CHUNK rows, as the group commit writes them
# (the clients, addresses, verdicts and dates of bench/analytics-agents.tsv, over the last 30 days). The partition tailers
# consume them for real — counters, rollups and all — while the script waits for the pixel's counter to show HITS (printing
# the consumption rate). Then CALLS timed calls (after 5 warm-up calls) of
# GET /api/v1/analytics?mailTrackingId=…&period=30d&groupBy=day and of the account-wide form: p50/p99/max and
# PASS/MISSED against p99 < 50 ms. A measurement, not a test: it exits 0 either way.
#
#   bash bench/analytics.sh                 # HITS=10000000, CLICKS=HITS/10, CHUNK=500000, CALLS=100
#   HITS=200000 bash bench/analytics.sh     # a couple of minutes; KEEP=1 keeps the temp dir
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
HITS="${HITS:-10000000}"
CLICKS="${CLICKS:-$((HITS / 10))}"
CHUNK="${CHUNK:-500000}"
CALLS="${CALLS:-100}"

# shellcheck source=bench/common.sh
source "$BENCH/common.sh"
export PGBIN

log "one mail tracking: $HITS opens and $CLICKS clicks into mt_hits in transactions of $CHUNK, counted by the tailers"
python3 "$BENCH/bench.py" analytics "$BASE" "$ADMIN" "$PGPORT" "$HITS" "$CLICKS" "$CHUNK" "$CALLS"
report_silo_errors
OK=1
