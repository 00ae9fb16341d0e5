#!/usr/bin/env bash
# Compares two source trees on the spread pixel (1000 tokens; SCENARIO=hot: one hot pixel, links: 1000 links), interleaved: both silos run side by side on one PostgreSQL
# (two databases, two clusters) and wrk loads them in turn, A B, B A, ..., so that the drift of a noisy machine falls on
# both alike (sequential runs of bench/run.sh minutes apart differed by 15-25 % on the same code). Prints each run and the
# medians of requests/s, silo CPU and allocations per request and p99.
#
#   bash bench/compare.sh . ../other-checkout [ROUNDS]   # ROUNDS of 8 s each (default 6); B may be a tree from before
#                                                        # bench/BenchHost existed (its src/Silo with the bench switch)
set -euo pipefail
A="$(cd "$1" && pwd)"; B="$(cd "$2" && pwd)"; ROUNDS="${3:-6}"
ROOT="$A"; BENCH="$A/bench"
case "${SCENARIO:-spread}" in spread) PATHS=pixels.txt;; hot) PATHS=hot.txt;; links) PATHS=links.txt;; *) echo "SCENARIO: spread, hot or links" >&2; exit 2;; esac
export CONNECTIONS=256
source "$A/bench/common.sh"
OK=1
B_PID=""
trap 'kill -TERM $B_PID 2>/dev/null; wait $B_PID 2>/dev/null; cleanup' EXIT
if [ -d "$B/bench/BenchHost" ]; then
  dotnet build "$B/bench/BenchHost" -c Release -nologo -v quiet >/dev/null; BDLL="$B/bench/BenchHost/bin/Release/net10.0/MailTracker.BenchHost.dll"
else
  dotnet build "$B/src/Silo" -c Release -nologo -v quiet >/dev/null; BDLL="$B/src/Silo/bin/Release/net10.0/MailTracker.Silo.dll"
fi
as_postgres "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -qAt -c "CREATE DATABASE mailtracker_b" >/dev/null
BPORT="$(free_port)"; BASE_B="http://127.0.0.1:$BPORT"
ConnectionStrings__Postgres="Host=127.0.0.1;Port=$PGPORT;Database=mailtracker_b;Username=postgres" \
MailTracker__Sending__KeyEncryptionKey="$(python3 -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())')" \
MailTracker__AdminToken="$ADMIN" MailTracker__Benchmark__Enabled=true Orleans__ClusterId=b \
Orleans__SiloPort="$(free_port)" Orleans__GatewayPort="$(free_port)" Logging__LogLevel__Default=Warning \
  dotnet "$BDLL" --urls "$BASE_B" >"$WORK/silo-b.log" 2>&1 &
B_PID=$!
for i in $(seq 1 240); do curl -fs -o /dev/null "$BASE_B/health/ready" && break; sleep 0.5; done
mkdir -p "$WORK/a" "$WORK/b"
python3 "$A/bench/bench.py" seed "$BASE" "$ADMIN" "$WORK/a" 1000 >/dev/null
python3 "$A/bench/bench.py" seed "$BASE_B" "$ADMIN" "$WORK/b" 1000 >/dev/null
busy() { echo $(( $(pg_cpu_ticks) + $(awk '{ print $14 + $15 }' /proc/$SILO_PID/stat) + $(awk '{ print $14 + $15 }' /proc/$B_PID/stat) )); }
settle() { local b; for _ in $(seq 1 30); do b=$(busy); sleep 0.5; [ $(( ($(busy) - b) * 100 )) -le $(( $(getconf CLK_TCK) * 5 )) ] && return 0; done; return 0; }  # busy after 15 s: run anyway (set -e)
run() { # label base dir dur
  settle
  curl -fs -o "$WORK/rt-before.json" "$2/bench/runtime"
  BENCH_RESULT="$WORK/r.json" wrk -t1 -c256 -d"$4" --timeout 5s --latency -s "$A/bench/paths.lua" "$2" -- "$3/${PATHS:-pixels.txt}" >/dev/null 2>&1
  curl -fs -o "$WORK/rt-after.json" "$2/bench/runtime"
  python3 - "$WORK/r.json" "$WORK/rt-before.json" "$WORK/rt-after.json" "$1" >> "$WORK/results.txt" <<'PY'
import json,sys
r=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); a=json.load(open(sys.argv[3])); n=r['requests']
print(sys.argv[4], round(n/(r['duration_us']/1e6)), round((a['cpuMs']-b['cpuMs'])*1000/n,2), round((a['allocatedBytes']-b['allocatedBytes'])/n), round(r['p99_us']/1000,1))
PY
}
run warmA "$BASE" "$WORK/a" 8s; run warmB "$BASE_B" "$WORK/b" 8s
: >"$WORK/results.txt"  # the warm-up runs are not compared
for r in $(seq 1 "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then run A "$BASE" "$WORK/a" 8s; run B "$BASE_B" "$WORK/b" 8s; else run B "$BASE_B" "$WORK/b" 8s; run A "$BASE" "$WORK/a" 8s; fi
done
echo "run req/s cpu_us/req alloc_B/req p99_ms"; cat "$WORK/results.txt"
python3 - "$WORK/results.txt" <<'PY'
import sys,statistics
rows=[l.split() for l in open(sys.argv[1])]
for v in 'AB':
    rs=[r for r in rows if r[0]==v]
    print(f"{v}: req/s median {statistics.median(int(r[1]) for r in rs)}  [{' '.join(r[1] for r in rs)}]  cpu/req {statistics.median(float(r[2]) for r in rs):.2f}  alloc/req {statistics.median(int(r[3]) for r in rs)}  p99 {statistics.median(float(r[4]) for r in rs)}")
PY
