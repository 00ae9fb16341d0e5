#!/usr/bin/env bash
# Measures the durable hit pipeline: a private PostgreSQL 15 (fsync and synchronous_commit on), one
# Release silo, 1000 seeded trackings, wrk against a ceiling (/bench/gif), an INSERT-per-hit baseline
# (/bench/insert), a reference (/bench/copy: the bare group commit, no Orleans, no hit record, no consumers),
# pixels over 1000 tokens, one hot pixel and links, in three interleaved rounds, plus
# a probe of the lag from a hit's answer to its being counted. Prints medians, ratios and a verdict
# per bar; exits 0 even when a bar is missed (a measurement, not a test).
#
#   bash bench/run.sh                 # 256 connections, 10 s per run
#   CONNECTIONS=64 bash bench/run.sh  # DURATION=10s, TRACKINGS=1000, KEEP=1 (keep the temp dir),
#                                     # PG_STATS=1 (PostgreSQL's time per statement and per hit)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
export CONNECTIONS="${CONNECTIONS:-256}"
export DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-8s}"
TRACKINGS="${TRACKINGS:-1000}"

# --- PostgreSQL and the silo (bench/common.sh) ---------------------------------------------------
# shellcheck source=bench/common.sh
source "$BENCH/common.sh"

# --- wrk ---------------------------------------------------------------------------------------
need_wrk

# --- seed --------------------------------------------------------------------------------------
python3 "$BENCH/bench.py" seed "$BASE" "$ADMIN" "$WORK" "$TRACKINGS"

# --- load --------------------------------------------------------------------------------------
run_wrk() { # name paths-file round [duration] [probe output]: one run, after the machine has settled
  # With a probe output, the lag probe hits its own pixel alongside the run.
  settle
  local duration="${4:-$DURATION}" probe_pid="" rc=0
  if [ -n "${5:-}" ]; then
    python3 "$BENCH/bench.py" probe "$BASE" "$WORK" "$5" "$(( ${duration%s} - 1 ))" &
    probe_pid=$!
  fi
  # The silo's own CPU time and allocations around the run (GET /bench/runtime): what one request costs it.
  curl -fs -o "$WORK/runtime-$1-$3-before.json" "$BASE/bench/runtime" || true
  pg_cpu_ticks >"$WORK/pgcpu-$1-$3-before.txt"
  BENCH_RESULT="$WORK/wrk-$1-$3.json" wrk -t1 -c"$CONNECTIONS" -d"$duration" --timeout 5s --latency \
    -s "$BENCH/paths.lua" "$BASE" -- "$2" >"$WORK/wrk-$1-$3.txt" 2>&1 \
    || { cat "$WORK/wrk-$1-$3.txt" >&2; rc=1; }
  curl -fs -o "$WORK/runtime-$1-$3-after.json" "$BASE/bench/runtime" || true
  pg_cpu_ticks >"$WORK/pgcpu-$1-$3-after.txt"
  if [ -n "$probe_pid" ]; then wait "$probe_pid" || rc=$?; fi
  [ "$rc" = 0 ] || return "$rc"
  python3 - "$WORK/wrk-$1-$3.json" "$1" "$3" <<'PY' >&2
import json, sys
r = json.load(open(sys.argv[1]))
print(f"  round {sys.argv[3]} {sys.argv[2]:<7} {r['requests'] / (r['duration_us'] / 1e6):>9.0f} req/s  p50 {r['p50_us'] / 1000:7.2f} ms  "
      f"p99 {r['p99_us'] / 1000:7.2f} ms  non-2xx/3xx {r['status_errors']}  socket errors "
      f"{r['connect'] + r['read'] + r['write'] + r['timeout']}")
PY
}
# Warm-up: the JIT's tiered, profile-guided compilation takes a few seconds of load to settle, and a
# fresh silo measured cold reads ~40% below its steady state. Not measured; its hits are counted.
log "warm-up: $WARMUP per scenario (not measured)"
for name in gif insert copy spread hot links; do
  case "$name" in gif) f=gif.txt;; insert) f=insert.txt;; copy) f=copy.txt;; spread) f=pixels.txt;; hot) f=hot.txt;; links) f=links.txt;; esac
  # The probe's own paths (the data endpoint) are compiled here too, not during a measured run; its hits
  # are counted, not measured.
  probe=""; [ "$name" = spread ] && probe="$WORK/warmup-probe.json"
  run_wrk "$name" "$WORK/$f" w "$WARMUP" "$probe" 2>/dev/null
done
log "wrk: 1 thread, $CONNECTIONS connections, $DURATION per run, 3 interleaved rounds"
for round in 1 2 3; do
  run_wrk gif "$WORK/gif.txt" "$round"
  run_wrk insert "$WORK/insert.txt" "$round"
  run_wrk copy "$WORK/copy.txt" "$round"
  run_wrk spread "$WORK/pixels.txt" "$round" "" "$WORK/probe-spread-$round.json"
  run_wrk hot "$WORK/hot.txt" "$round" "" "$WORK/probe-hot-$round.json"
  run_wrk links "$WORK/links.txt" "$round"
done

# --- counters, report --------------------------------------------------------------------------
log "waiting for the counters to settle"
python3 "$BENCH/bench.py" counts "$BASE" "$WORK"
python3 "$BENCH/bench.py" report "$WORK"
report_pg_stats "the whole run"
report_silo_errors
OK=1
