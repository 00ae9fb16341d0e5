#!/usr/bin/env bash
# Quick per-request cost of the hit path: a private PostgreSQL 15 and one Release silo (bench/common.sh), 1000 seeded
# trackings, then short wrk loads of the spread pixel (1000 tokens), the hot pixel, the links and the bare group commit
# (/bench/copy), ROUNDS interleaved rounds after a warm-up. For each it prints what one request cost the silo itself: CPU
# µs and bytes allocated (precise), from GET /bench/runtime before and after each run, medians of the rounds, and the hits
# per group commit (a round whose allocation count stepped back, which the runtime's total can do under Server GC's
# dynamic heap count, shows n/a and is left out of the median). SAMPLE=1 then runs each scenario once more with the allocation sampler on (GET /bench/allocations:
# the runtime's AllocationTick events by type) and prints the top types: what to cut. Not bench/run.sh: no ceiling, no
# INSERT baseline, no lag probe, no counter check; a measurement, not a test.
#
#   bash bench/alloc.sh                     # CONNECTIONS=256, DURATION=6s, WARMUP=6s, ROUNDS=3
#   SAMPLE=1 TOP=25 bash bench/alloc.sh     # plus the allocating types of each scenario (TOP types, default 20)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
CONNECTIONS="${CONNECTIONS:-256}"
DURATION="${DURATION:-6s}"
WARMUP="${WARMUP:-6s}"
ROUNDS="${ROUNDS:-3}"
TRACKINGS="${TRACKINGS:-1000}"
SCENARIOS="${SCENARIOS:-spread hot links copy}"

# shellcheck source=bench/common.sh
source "$BENCH/common.sh"

need_wrk

python3 "$BENCH/bench.py" seed "$BASE" "$ADMIN" "$WORK" "$TRACKINGS" >&2

paths_of() { case "$1" in spread) echo pixels.txt;; hot) echo hot.txt;; links) echo links.txt;; copy) echo copy.txt;; gif) echo gif.txt;; esac; }

run() { # scenario tag duration: one wrk run between two GET /bench/runtime, once the machine has settled (common.sh)
  settle
  curl -fs -o "$WORK/rt-$1-$2-before.json" "$BASE/bench/runtime"
  BENCH_RESULT="$WORK/wrk-$1-$2.json" wrk -t1 -c"$CONNECTIONS" -d"$3" --timeout 5s -s "$BENCH/paths.lua" "$BASE" -- "$WORK/$(paths_of "$1")" \
    >"$WORK/wrk-$1-$2.txt" 2>&1 || { cat "$WORK/wrk-$1-$2.txt" >&2; return 1; }
  curl -fs -o "$WORK/rt-$1-$2-after.json" "$BASE/bench/runtime"
}

log "warm-up: $WARMUP per scenario (not measured)"
for s in $SCENARIOS; do run "$s" w "$WARMUP"; done
log "wrk: 1 thread, $CONNECTIONS connections, $DURATION per run, $ROUNDS interleaved rounds"
for r in $(seq 1 "$ROUNDS"); do
  for s in $SCENARIOS; do run "$s" "$r" "$DURATION"; done
done

if [ "${SAMPLE:-}" = 1 ]; then
  log "allocation sampler: one more $DURATION run per scenario with it on"
  for s in $SCENARIOS; do
    settle
    curl -fs -X POST -o /dev/null "$BASE/bench/allocations/start"
    wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --timeout 5s -s "$BENCH/paths.lua" "$BASE" -- "$WORK/$(paths_of "$s")" >/dev/null 2>&1
    curl -fs -o "$WORK/sample-$s.json" "$BASE/bench/allocations?top=${TOP:-20}"
  done
fi

python3 - "$WORK" "$ROUNDS" "$SCENARIOS" "${SAMPLE:-}" <<'PY'
import json, os, statistics, sys
work, rounds, scenarios, sample = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(), sys.argv[4] == "1"
labels = {"spread": "pixel, 1000 tokens", "hot": "pixel, 1 hot token", "links": "link, 1000 tokens (302)", "copy": "bare group commit (/bench/copy)"}
print(f"\n{'silo per request':<34} {'req/s':>8} {'CPU us':>8} {'alloc B':>8} {'hits/commit':>12}   rounds: CPU us / alloc B")
for s in scenarios:
    rps, cpu, alloc, batch = [], [], [], []
    for r in range(1, rounds + 1):
        w = json.load(open(os.path.join(work, f"wrk-{s}-{r}.json")))
        b, a = (json.load(open(os.path.join(work, f"rt-{s}-{r}-{t}.json"))) for t in ("before", "after"))
        n = w["requests"]
        if not n:
            continue
        rps.append(n / (w["duration_us"] / 1e6))
        cpu.append((a["cpuMs"] - b["cpuMs"]) * 1000 / n)
        # The runtime's total can step back under Server GC's dynamic heap count (DATAS, dotnet/runtime#131069): such a
        # round has no allocation figure.
        allocated = a["allocatedBytes"] - b["allocatedBytes"]
        alloc.append(allocated / n if allocated >= 0 else None)
        commits = a["groupCommits"] - b["groupCommits"]
        if commits:
            batch.append((a["groupCommittedHits"] - b["groupCommittedHits"]) / commits)
    if not cpu:
        print(f"{labels.get(s, s):<34} (no requests)")
        continue
    hits = f"{statistics.median(batch):>12.0f}" if batch else f"{'-':>12}"
    known = [x for x in alloc if x is not None]
    median_alloc = f"{statistics.median(known):>8.0f}" if known else f"{'n/a':>8}"
    print(f"{labels.get(s, s):<34} {statistics.median(rps):>8.0f} {statistics.median(cpu):>8.1f} {median_alloc} {hits}   "
          + " | ".join(f"{c:.1f} / {'n/a' if x is None else f'{x:.0f}'}" for c, x in zip(cpu, alloc)))
if sample:
    for s in scenarios:
        path = os.path.join(work, f"sample-{s}.json")
        if not os.path.exists(path):
            continue
        rows = json.load(open(path))
        total = sum(r["bytes"] for r in rows) or 1
        print(f"\nallocating types, {labels.get(s, s)} (sampled: ~100 KB an event; share of the top {len(rows)}):")
        for r in rows:
            print(f"  {r['bytes'] / 1e6:>9.1f} MB {100 * r['bytes'] / total:>5.1f} %  {r['type']}")
PY
report_silo_errors
OK=1
