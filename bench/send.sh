#!/usr/bin/env bash
# Measures sending: MESSAGES personalised, tracked messages (PER_REQUEST recipients a POST /api/v1/emails, each recipient
# its own copy with its own links, pixel and unsubscribe URL) from one Release silo on a private PostgreSQL 15
# (bench/common.sh; STORE=embedded: the in-memory default instead) through the durable outbox to a local SMTP sink
# (bench/SmtpSink: the SmtpServer package, accepting everything and counting Message-IDs). Prints the rate into the
# outbox, the rate delivered end to end (first request to the sink's last receipt), the silo's RSS and managed heap before
# and at their peak, and whether every copy arrived exactly once. A measurement, not a test: it exits 0 either way.
#
#   bash bench/send.sh                           # MESSAGES=10000, PER_REQUEST=50, PostgreSQL
#   STORE=embedded bash bench/send.sh            # the embedded (in-memory) mode
#   MESSAGES=1000 bash bench/send.sh             # a short run; KEEP=1 keeps the temp dir
#   MAX_CONNECTIONS=4 bash bench/send.sh         # the silo's SMTP connections (16 here; the default is 4)
#   SILO_SMTP="MailTracker__Smtp__IdleTimeout=00:01:00" bash bench/send.sh   # more settings for the silo
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
MESSAGES="${MESSAGES:-10000}"
PER_REQUEST="${PER_REQUEST:-50}"

SINK_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
dotnet build "$BENCH/SmtpSink" -c Release -nologo -v quiet >/dev/null
# The sink is also the silo's DNS resolver (UDP, same port): it serves the records of the sending domain bench.py adds.
RECORDS="/tmp/mailtracker-dns-records.$$.tsv"
dotnet "$BENCH/SmtpSink/bin/Release/net10.0/MailTracker.SmtpSink.dll" "$SINK_PORT" "$RECORDS" >/tmp/mailtracker-smtp-sink.$$.log 2>&1 &
SINK_PID=$!
export SILO_ENV="MailTracker__Smtp__Host=127.0.0.1 MailTracker__Smtp__Port=$SINK_PORT MailTracker__Smtp__Security=none MailTracker__Smtp__PollInterval=00:00:00.050 MailTracker__Smtp__MaxConnections=${MAX_CONNECTIONS:-16} MailTracker__Sending__DnsServer=127.0.0.1:$SINK_PORT ${SILO_SMTP:-}"

# shellcheck source=bench/common.sh
source "$BENCH/common.sh"
# The sink goes with the rest (common.sh's cleanup keeps the exit status it is given).
trap 'rc=$?; kill "$SINK_PID" 2>/dev/null; rm -f /tmp/mailtracker-smtp-sink.$$.log "$RECORDS"; (exit $rc); cleanup' EXIT

log "$MESSAGES messages, $PER_REQUEST recipients a request, to the SMTP sink on 127.0.0.1:$SINK_PORT"
python3 "$BENCH/bench.py" send "$BASE" "$ADMIN" "$SILO_PID" "$MESSAGES" "$PER_REQUEST" /tmp/mailtracker-smtp-sink.$$.log "${STORE:-postgres}" "$RECORDS"
report_silo_errors
OK=1
