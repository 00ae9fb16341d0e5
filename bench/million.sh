#!/usr/bin/env bash
# A million active tokens per silo (issue 18): creates TOKENS recipients, each with its personal pixel URL
# (/image/<pixel>?r=<recipient token>), through the bulk recipients API (10,000 a request, across as many accounts
# as its 10-per-15-minutes limit needs), then runs wrk over 1,000 of those URLs and over all of them (a random one
# per request, bench/paths.lua), IDLE seconds between, against a private PostgreSQL 15 and one Release silo.
# Prints the silo's resident memory (VmRSS, and VmHWM: the peak) and managed heap at each stage, its activations and
# hit-cache entries, both runs' throughput and their ratio, and PASS/MISSED per bar (peak RSS <= 2 GiB; all tokens
# >= 0.90 x 1,000 tokens). A measurement, not a test: it exits 0 either way.
#
#   bash bench/million.sh                  # TOKENS=1000000 DURATION=60s IDLE=15 CONNECTIONS=256 WARMUP=10s; ~12 min
#   TOKENS=100000 bash bench/million.sh    # a quick run; KEEP=1 keeps the temp dir, SILO_ENV adds silo settings
#                                          # (e.g. SILO_ENV=MailTracker__Hits__TokenCacheSize=1000000), PG_STATS=1
#                                          # prints PostgreSQL's statements of each run
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
TOKENS="${TOKENS:-1000000}"
SMALL="${SMALL:-1000}"
export CONNECTIONS="${CONNECTIONS:-256}"
export DURATION="${DURATION:-60s}"
WARMUP="${WARMUP:-10s}"
IDLE="${IDLE:-15}"

# shellcheck source=bench/common.sh
source "$BENCH/common.sh"
need_wrk

snapshot() { python3 "$BENCH/bench.py" million-snapshot "$BASE" "$WORK" "$SILO_PID" "$1"; }
run_wrk() { # name paths-file duration: one run after the machine has settled
  settle
  # The silo's CPU time and allocations (GET /bench/runtime) and PostgreSQL's CPU time around the run: what a request costs each.
  curl -fs -o "$WORK/runtime-$1-before.json" "$BASE/bench/runtime"
  pg_cpu_ticks >"$WORK/pgcpu-$1-before.txt"
  BENCH_RESULT="$WORK/wrk-$1.json" wrk -t1 -c"$CONNECTIONS" -d"$3" --timeout 5s --latency \
    -s "$BENCH/paths.lua" "$BASE" -- "$2" >"$WORK/wrk-$1.txt" 2>&1 || { cat "$WORK/wrk-$1.txt" >&2; return 1; }
  curl -fs -o "$WORK/runtime-$1-after.json" "$BASE/bench/runtime"
  pg_cpu_ticks >"$WORK/pgcpu-$1-after.txt"
}

log "creating $TOKENS recipient tokens (bulk API, 10,000 a request)"
python3 "$BENCH/bench.py" million-seed "$BASE" "$ADMIN" "$WORK" "$TOKENS" "$SMALL"
snapshot seeded
# Warm-up: the JIT's tiered compilation needs a few seconds of load (not measured; the 1,000 tokens are then cached).
log "warm-up: $WARMUP over $SMALL tokens (not measured)"
run_wrk warmup "$WORK/small.txt" "$WARMUP"
log "wrk: 1 thread, $CONNECTIONS connections, $DURATION over $SMALL tokens"
reset_pg_stats
run_wrk small "$WORK/small.txt" "$DURATION"
snapshot small
report_pg_stats "the $SMALL-token run" >"$WORK/pg-small.txt"
sleep "$IDLE"
snapshot small-idle
log "wrk: $DURATION over all $TOKENS tokens"
reset_pg_stats
run_wrk all "$WORK/all.txt" "$DURATION"
snapshot all
report_pg_stats "the $TOKENS-token run" >"$WORK/pg-all.txt"
sleep "$IDLE"
snapshot all-idle
python3 "$BENCH/bench.py" million-report "$BASE" "$WORK" "$SILO_PID" "$TOKENS" "$SMALL"
cat "$WORK/pg-small.txt" "$WORK/pg-all.txt"
report_silo_errors
OK=1
