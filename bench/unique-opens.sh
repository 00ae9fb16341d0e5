#!/usr/bin/env bash
# uniqueOpensOnly with bounded memory (issue 14, part 6): one uniqueOpensOnly pixel gets N hits from N distinct addresses
# (X-Forwarded-For; the silo trusts 127.0.0.1 as its proxy), after a warm-up on a pixel of its own, then REPEATS of those
# addresses again. Prints the silo's resident memory before and after the N hits (and its managed heap after a full
# collection), and whether every repeat was refused: the pixel's count, its rows, the distinct addresses among them and its
# claims in mt_unique_opens are all equal. A measurement, not a test: it exits 0 either way.
#
#   bash bench/unique-opens.sh                 # N=1000000 REPEATS=10000 CONNECTIONS=64; KEEP=1 keeps the temp dir
#   N=20000 bash bench/unique-opens.sh         # a short run that shows it works
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
N="${N:-1000000}"
REPEATS="${REPEATS:-10000}"
export CONNECTIONS="${CONNECTIONS:-64}"
export SILO_ENV="MailTracker__TrustedProxies=127.0.0.1"

# shellcheck source=bench/common.sh
source "$BENCH/common.sh"
export PGBIN

need_wrk

log "one uniqueOpensOnly pixel: $N distinct addresses, then $REPEATS repeats"
python3 "$BENCH/bench.py" unique-opens "$BASE" "$ADMIN" "$WORK" "$SILO_PID" "$PGPORT" "$N" "$REPEATS"
report_silo_errors
OK=1
