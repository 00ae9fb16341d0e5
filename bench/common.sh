#!/usr/bin/env bash
# Shared by the benchmark scripts (sourced, not run): a temp dir with cleanup, a private PostgreSQL 15
# (fsync and synchronous_commit on) and one Release silo (the bench host: the shipped silo plus the
# /bench endpoints, bench/BenchHost) on free loopback ports. Sets WORK, BASE,
# ADMIN, SILO_PID, SILO_LOG and PGPORT; the caller sets OK=1 once it has finished. SILO_ENV adds
# settings to the silo's environment (NAME=value ...); PG_OPTIONS adds server settings ("-c name=value ...");
# PG_STATS=1 turns on pg_stat_statements; STORE=embedded starts no PostgreSQL and runs the silo in its embedded (in-memory)
# mode (PGPORT is then empty). As root it sets vm.dirty_background_bytes for the run (below).
# wal_init_zero=off: a new cluster creates a WAL segment every few seconds under this load and zero-fills
# each one (16 MB) while a commit waits for it; a server in service recycles its segments instead.

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# --- temp dir, cleanup -------------------------------------------------------------------------
WORK="$(mktemp -d /tmp/mailtracker-bench.XXXXXX)"
chmod 755 "$WORK"
PGDIR="$WORK/pg"
SILO_LOG="$WORK/silo.log"
SILO_PID=""
PG_STARTED=""
OK=""
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# The host's writeback setting as it was before this run (see "host writeback" below), put back on exit.
OLD_DIRTY_BACKGROUND=""
restore_writeback() {
  [ -n "$OLD_DIRTY_BACKGROUND" ] || return 0
  # Writing one of the pair resets the other to 0: restore whichever was in use.
  if [ "${OLD_DIRTY_BACKGROUND% *}" != 0 ]; then echo "${OLD_DIRTY_BACKGROUND% *}" > /proc/sys/vm/dirty_background_bytes
  else echo "${OLD_DIRTY_BACKGROUND#* }" > /proc/sys/vm/dirty_background_ratio; fi
}

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
  restore_writeback
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

# --- host writeback ----------------------------------------------------------------------------
# The kernel keeps written file pages dirty for up to 30 s, then flushes them in bursts of tens of MB: here
# the pages PostgreSQL adds to mt_hits and its indexes (~4 MB/s under pixel load). A group commit's WAL flush
# queued behind such a burst on the shared disk waited 100-270 ms, a p99 spike in one 6 s run in three. A
# database host starts writing back early, in small amounts (vm.dirty_background_bytes): set for the run when
# root (that is a host-wide setting), restored on exit; WRITEBACK=keep leaves the host's setting alone.
if [ "$(id -u)" = 0 ] && [ "${WRITEBACK:-}" != keep ] && [ -w /proc/sys/vm/dirty_background_bytes ]; then
  OLD_DIRTY_BACKGROUND="$(cat /proc/sys/vm/dirty_background_bytes) $(cat /proc/sys/vm/dirty_background_ratio)"
  echo $((4 * 1024 * 1024)) > /proc/sys/vm/dirty_background_bytes
  log "host: vm.dirty_background_bytes=4194304 for this run (was bytes/ratio $OLD_DIRTY_BACKGROUND; WRITEBACK=keep leaves it)"
fi

# --- PostgreSQL 15 -----------------------------------------------------------------------------
PGPORT=""
if [ "${STORE:-postgres}" != embedded ]; then
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$PGBIN/initdb" ] || { log "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql)"; exit 1; }
PGPORT="$(free_port)"
mkdir -p "$PGDIR"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDIR"
log "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT (fsync=on, synchronous_commit=on)"
as_postgres "$PGBIN/initdb" -D "$PGDIR/data" -U postgres -A trust -E UTF8 >"$WORK/initdb.log" 2>&1
PG_STARTED=1
as_postgres "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/postgres.log" -w -t 60 start \
  -o "-c listen_addresses=127.0.0.1 -k $PGDIR -p $PGPORT -c fsync=on -c synchronous_commit=on -c max_connections=200 -c shared_buffers=1GB -c max_wal_size=4GB -c wal_init_zero=off ${PG_OPTIONS:-} ${PG_STATS:+-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all}" >/dev/null
as_postgres "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -qAt -c "CREATE DATABASE mailtracker" >/dev/null
# PG_STATS=1: PostgreSQL's per-statement times (pg_stat_statements), printed by the caller at the end.
[ -n "${PG_STATS:-}" ] && as_postgres "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d mailtracker -qAt -c "CREATE EXTENSION pg_stat_statements" >/dev/null
as_postgres "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -qAt -c "SHOW fsync" -c "SHOW synchronous_commit" \
  | tr '\n' ' ' | grep -q '^on on' || { log "fsync/synchronous_commit are not on"; exit 1; }
fi

# --- silo --------------------------------------------------------------------------------------
log "building bench/BenchHost (Release): the silo plus the /bench endpoints"
dotnet build "$ROOT/bench/BenchHost" -c Release -nologo -v quiet >"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log" >&2; exit 1; }
HTTP_PORT="$(free_port)"; SILO_PORT="$(free_port)"; GATEWAY_PORT="$(free_port)"
BASE="http://127.0.0.1:$HTTP_PORT"
ADMIN="mt_admin_bench_$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
log "starting the silo on $BASE (log: $SILO_LOG)"
ConnectionStrings__Postgres="${PGPORT:+Host=127.0.0.1;Port=$PGPORT;Database=mailtracker;Username=postgres}" \
MailTracker__Sending__KeyEncryptionKey="$(python3 -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())')" \
MailTracker__AdminToken="$ADMIN" \
Orleans__SiloPort="$SILO_PORT" Orleans__GatewayPort="$GATEWAY_PORT" \
Logging__LogLevel__Default=Warning \
  env ${SILO_ENV:-} dotnet "$ROOT/bench/BenchHost/bin/Release/net10.0/MailTracker.BenchHost.dll" --urls "$BASE" >"$SILO_LOG" 2>&1 &
SILO_PID=$!
for i in $(seq 1 240); do
  curl -fs -o /dev/null "$BASE/health/ready" && break
  kill -0 "$SILO_PID" 2>/dev/null || { log "the silo exited during start-up"; exit 1; }
  [ "$i" = 240 ] && { log "the silo was not ready within 120 s"; exit 1; }
  sleep 0.5
done
log "silo ready"

# CPU time (clock ticks) of every process of this PostgreSQL server: the postmaster and its children.
pg_cpu_ticks() {
  local postmaster pids
  postmaster="$(head -n 1 "$PGDIR/data/postmaster.pid" 2>/dev/null)" || { echo 0; return; }
  pids="$postmaster $(pgrep -P "$postmaster" | tr '\n' ' ')"
  # A backend that exits meanwhile (an autovacuum worker) has no stat file any more: not an error (pipefail).
  # shellcheck disable=SC2086
  { cat $(printf '/proc/%s/stat ' $pids) 2>/dev/null || true; } | awk '{ s += $14 + $15 } END { print s + 0 }'
}

busy_ticks() { # CPU time of the silo and PostgreSQL so far, in clock ticks
  echo $(( $(pg_cpu_ticks) + $(awk '{ print $14 + $15 }' "/proc/$SILO_PID/stat") ))
}
settle() { # waits (at most 15 s) until the silo and PostgreSQL are nearly idle
  # A run leaves work behind (autovacuum after the INSERT baseline's rows, tailers catching up, WAL and
  # dirty-page writes): without this the next scenario in the round pays for it.
  local before
  for _ in $(seq 1 30); do
    before=$(busy_ticks)
    sleep 0.5
    # Under 10 % of one core.
    [ $(( ($(busy_ticks) - before) * 100 )) -le $(( $(getconf CLK_TCK) * 5 )) ] && return 0
  done
  return 0 # still busy after 15 s: measure anyway (without this, set -e ended the run here)
}

# PG_STATS=1: PostgreSQL's statements since the last reset (or the start), their time per hit logged to mt_hits.
report_pg_stats() { # what-they-cover
  [ -n "${PG_STATS:-}" ] || return 0
  echo
  echo "PostgreSQL statements over $1 (PG_STATS=1), time per hit logged to mt_hits:"
  as_postgres "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d mailtracker -q -P pager=off -c "
    WITH logged AS (SELECT greatest(sum(rows), 1) AS n FROM pg_stat_statements WHERE query LIKE 'COPY mt_hits%')
    SELECT calls, round(total_exec_time) AS total_ms, round((total_exec_time * 1000 / logged.n)::numeric, 2) AS us_per_hit,
           rows, left(regexp_replace(query, '\s+', ' ', 'g'), 80) AS statement
    FROM pg_stat_statements, logged ORDER BY total_exec_time DESC LIMIT ${PG_STATS_TOP:-8}"
}
reset_pg_stats() {
  [ -n "${PG_STATS:-}" ] || return 0
  as_postgres "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d mailtracker -qAt -c "SELECT pg_stat_statements_reset()" >/dev/null
}

# Installs wrk when it is missing (apt; the package lists refreshed only if the first try fails).
need_wrk() {
  command -v wrk >/dev/null 2>&1 && return 0
  log "installing wrk"
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
}

# Prints the silo log's error and exception lines (their count and the log's tail), if it has any.
report_silo_errors() {
  local errors
  errors="$(grep -cE '\b(fail|crit|error)\b|Exception' "$SILO_LOG" || true)"
  [ "$errors" = 0 ] && return 0
  echo
  echo "silo log: $errors error/exception lines; tail:"
  tail -n 40 "$SILO_LOG"
}
