#!/usr/bin/env bash
# Measures what a hanging webhook receiver costs the hit path: pixel hits over 1000 tokens with the
# account's email.opened webhook disabled and enabled in turn (three interleaved rounds, medians), the
# receiver on loopback accepting connections and never answering. Also reports how many events the
# webhook queued in its outbox meanwhile. A measurement, not a test: it exits 0 either way.
#
#   bash bench/webhooks.sh            # KEEP=1 keeps the temp dir
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
export CONNECTIONS="${CONNECTIONS:-256}"
export DURATION="${DURATION:-10s}"
# Webhooks may reach the local receiver (loopback, plain http).
export SILO_ENV="MailTracker__Webhooks__AllowPrivateTargets=true"

# shellcheck source=bench/common.sh
source "$BENCH/common.sh"

need_wrk

python3 "$BENCH/bench.py" seed "$BASE" "$ADMIN" "$WORK" 1000
python3 "$BENCH/bench.py" webhooks "$BASE" "$WORK" "$PGPORT"
OK=1
