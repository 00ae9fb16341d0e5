#!/usr/bin/env bash
# Measures the durable hit pipeline: a private PostgreSQL 15 (fsync and synchronous_commit on), one
# Release silo, 1000 seeded trackings, wrk against a ceiling (/bench/gif), an INSERT-per-hit baseline
# (/bench/insert), pixels over 1000 tokens, one hot pixel and links, in three interleaved rounds, plus
# a probe of the lag from a hit's answer to its being counted. Prints medians, ratios and a verdict
# per bar; exits 0 even when a bar is missed (a measurement, not a test).
#
#   bash bench/run.sh                 # 256 connections, 10 s per run
#   CONNECTIONS=64 bash bench/run.sh  # DURATION=10s, TRACKINGS=1000, KEEP=1 (keep the temp dir)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
export CONNECTIONS="${CONNECTIONS:-256}"
export DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-8s}"
TRACKINGS="${TRACKINGS:-1000}"
DURATION_S="${DURATION%s}"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# --- wrk ---------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
  log "installing wrk"
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi

# --- temp dir, cleanup -------------------------------------------------------------------------
WORK="$(mktemp -d /tmp/mailtracker-bench.XXXXXX)"
chmod 755 "$WORK"
PGDIR="$WORK/pg"
SILO_LOG="$WORK/silo.log"
SILO_PID=""
PG_STARTED=""
OK=""
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

cleanup() {
  local rc=$?
  set +e
  if [ -n "$SILO_PID" ] && kill -0 "$SILO_PID" 2>/dev/null; then
    kill -TERM "$SILO_PID" 2>/dev/null
    for _ in $(seq 1 60); do kill -0 "$SILO_PID" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$SILO_PID" 2>/dev/null && kill -KILL "$SILO_PID" 2>/dev/null
    wait "$SILO_PID" 2>/dev/null
  fi
  if [ -n "$PG_STARTED" ]; then as_postgres "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null 2>&1; fi
  rm -rf "$PGDIR"
  if [ -z "$OK" ]; then
    log "FAILED (exit $rc). Logs kept in $WORK. Tail of the silo log:"
    tail -n 60 "$SILO_LOG" 2>/dev/null >&2
  elif [ "${KEEP:-}" = 1 ]; then
    log "results and silo log kept in $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- PostgreSQL 15 -----------------------------------------------------------------------------
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$PGBIN/initdb" ] || { log "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql)"; exit 1; }
PGPORT="$(free_port)"
mkdir -p "$PGDIR"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDIR"
log "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT (fsync=on, synchronous_commit=on)"
as_postgres "$PGBIN/initdb" -D "$PGDIR/data" -U postgres -A trust -E UTF8 >"$WORK/initdb.log" 2>&1
PG_STARTED=1
as_postgres "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/postgres.log" -w -t 60 start \
  -o "-c listen_addresses=127.0.0.1 -k $PGDIR -p $PGPORT -c fsync=on -c synchronous_commit=on -c max_connections=200 -c shared_buffers=1GB -c max_wal_size=4GB" >/dev/null
as_postgres "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -qAt -c "CREATE DATABASE mailtracker" >/dev/null
as_postgres "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -qAt -c "SHOW fsync" -c "SHOW synchronous_commit" \
  | tr '\n' ' ' | grep -q '^on on' || { log "fsync/synchronous_commit are not on"; exit 1; }

# --- silo --------------------------------------------------------------------------------------
log "building src/Silo (Release)"
dotnet build "$ROOT/src/Silo" -c Release -nologo -v quiet >"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log" >&2; exit 1; }
HTTP_PORT="$(free_port)"; SILO_PORT="$(free_port)"; GATEWAY_PORT="$(free_port)"
BASE="http://127.0.0.1:$HTTP_PORT"
ADMIN="mt_admin_bench_$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
log "starting the silo on $BASE (log: $SILO_LOG)"
ConnectionStrings__Postgres="Host=127.0.0.1;Port=$PGPORT;Database=mailtracker;Username=postgres" \
MailTracker__AdminToken="$ADMIN" \
MailTracker__Benchmark__Enabled=true \
Orleans__SiloPort="$SILO_PORT" Orleans__GatewayPort="$GATEWAY_PORT" \
Logging__LogLevel__Default=Warning \
  dotnet "$ROOT/src/Silo/bin/Release/net10.0/MailTracker.Silo.dll" --urls "$BASE" >"$SILO_LOG" 2>&1 &
SILO_PID=$!
for i in $(seq 1 240); do
  curl -fs -o /dev/null "$BASE/health/ready" && break
  kill -0 "$SILO_PID" 2>/dev/null || { log "the silo exited during start-up"; exit 1; }
  [ "$i" = 240 ] && { log "the silo was not ready within 120 s"; exit 1; }
  sleep 0.5
done
log "silo ready"

# --- seed --------------------------------------------------------------------------------------
python3 "$BENCH/bench.py" seed "$BASE" "$ADMIN" "$WORK" "$TRACKINGS"

# --- load --------------------------------------------------------------------------------------
run_wrk() { # name paths-file round [duration]
  BENCH_RESULT="$WORK/wrk-$1-$3.json" wrk -t1 -c"$CONNECTIONS" -d"${4:-$DURATION}" --timeout 5s --latency \
    -s "$BENCH/paths.lua" "$BASE" -- "$2" >"$WORK/wrk-$1-$3.txt" 2>&1 \
    || { cat "$WORK/wrk-$1-$3.txt" >&2; return 1; }
  python3 - "$WORK/wrk-$1-$3.json" "$1" "$3" <<'PY' >&2
import json, sys
r = json.load(open(sys.argv[1]))
print(f"  round {sys.argv[3]} {sys.argv[2]:<7} {r['requests'] / (r['duration_us'] / 1e6):>9.0f} req/s  p50 {r['p50_us'] / 1000:7.2f} ms  "
      f"p99 {r['p99_us'] / 1000:7.2f} ms  non-2xx/3xx {r['status_errors']}  socket errors "
      f"{r['connect'] + r['read'] + r['write'] + r['timeout']}")
PY
}
probe_during() { # name paths-file round: the lag probe runs alongside this wrk run
  python3 "$BENCH/bench.py" probe "$BASE" "$WORK" "$WORK/probe-$1-$3.json" "$((DURATION_S - 1))" &
  local probe_pid=$!
  local rc=0
  run_wrk "$1" "$2" "$3" || rc=$?
  wait "$probe_pid" || rc=$?
  return "$rc"
}
# Warm-up: the JIT's tiered, profile-guided compilation takes a few seconds of load to settle, and a
# fresh silo measured cold reads ~40% below its steady state. Not measured; its hits are counted.
log "warm-up: $WARMUP per scenario (not measured)"
for name in gif insert spread hot links; do
  case "$name" in gif) f=gif.txt;; insert) f=insert.txt;; spread) f=pixels.txt;; hot) f=hot.txt;; links) f=links.txt;; esac
  run_wrk "$name" "$WORK/$f" w "$WARMUP" 2>/dev/null
done
log "wrk: 1 thread, $CONNECTIONS connections, $DURATION per run, 3 interleaved rounds"
for round in 1 2 3; do
  run_wrk gif "$WORK/gif.txt" "$round"
  run_wrk insert "$WORK/insert.txt" "$round"
  probe_during spread "$WORK/pixels.txt" "$round"
  probe_during hot "$WORK/hot.txt" "$round"
  run_wrk links "$WORK/links.txt" "$round"
done

# --- counters, report --------------------------------------------------------------------------
log "waiting for the counters to settle"
python3 "$BENCH/bench.py" counts "$BASE" "$WORK"
python3 "$BENCH/bench.py" report "$WORK"
ERRORS="$(grep -cE '\b(fail|crit|error)\b|Exception' "$SILO_LOG" || true)"
if [ "$ERRORS" != 0 ]; then
  echo
  echo "silo log: $ERRORS error/exception lines; tail:"
  tail -n 40 "$SILO_LOG"
fi
OK=1
