#!/usr/bin/env bash
# Checks the OpenAPI document from outside, as an integrator's tools see it: starts an embedded silo, lints
# /openapi/v1.json with Redocly's recommended rules, then runs an ordinary flow of requests (and their usual 4xx)
# through a Prism validation proxy and counts the violations it reports. Needs dotnet, npm (npx) and curl.
#   tools/check-openapi.sh            build and run src/Silo on port 5077 (Prism on 4010)
#   SKIP_BUILD=1 tools/check-openapi.sh
set -uo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-5077}; PRISM_PORT=${PRISM_PORT:-4010}
# Each child runs in its own process group (setsid), so that the trap ends it with everything it started (npx's node).
WORK=$(mktemp -d); trap 'for g in $SILO $PRISM; do kill -- -"$g" 2>/dev/null; done; rm -rf "$WORK"' EXIT
SILO=; PRISM=
[ -n "${SKIP_BUILD:-}" ] || dotnet build src/Silo -v q >/dev/null || exit 1
setsid dotnet run --no-build --project src/Silo --urls "http://127.0.0.1:$PORT" >"$WORK/silo.log" 2>&1 & SILO=$!
for _ in $(seq 1 90); do curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 1; done
curl -sf "http://127.0.0.1:$PORT/openapi/v1.json" -o "$WORK/openapi.json" || { echo "no document"; cat "$WORK/silo.log"; exit 1; }
cp "$WORK/openapi.json" "${OPENAPI_OUT:-/tmp/mailtracker-openapi.json}"

echo "== Redocly lint (recommended)"
npx --yes @redocly/cli@latest lint --extends recommended "$WORK/openapi.json" --format summary >"$WORK/lint.txt" 2>&1
LINT=$?
grep -E "error|warning|Validation|valid" "$WORK/lint.txt" | grep -v "Node.js" | tail -20
echo "lint exit code: $LINT"

echo "== Prism proxy flow"
setsid npx --yes @stoplight/prism-cli proxy "$WORK/openapi.json" "http://127.0.0.1:$PORT" --port "$PRISM_PORT" --errors >"$WORK/prism.log" 2>&1 & PRISM=$!
for _ in $(seq 1 90); do grep -q "Prism is listening" "$WORK/prism.log" && break; sleep 1; done
ADMIN=$(grep -oP 'admin token[^:]*: \K\S+' "$WORK/silo.log" | head -1)
P="http://127.0.0.1:$PRISM_PORT"; J=(-H "Content-Type: application/json")
REQUESTS=0; VIOLATIONS=0; STATUSES=""
# call EXPECTED METHOD PATH [curl args...]: one request through Prism; a 422/500 from Prism itself or an sl-violations header is a violation.
call() {
  local expected=$1 method=$2 path=$3; shift 3
  local headers="$WORK/h" out="$WORK/b"
  local status; status=$(curl -s -o "$out" -D "$headers" -w '%{http_code}' -X "$method" "$P$path" "$@")
  REQUESTS=$((REQUESTS + 1)); STATUSES="$STATUSES $status"
  if grep -qi '^sl-violations:' "$headers" || [ "$status" != "$expected" ]; then
    VIOLATIONS=$((VIOLATIONS + 1))
    echo "VIOLATION $method $path -> $status (expected $expected): $(grep -i '^sl-violations:' "$headers" | cut -c1-400) $(head -c 300 "$out")"
  fi
}
msg() { python3 -c "import json,sys; d=json.load(open('$WORK/b')); print(eval('d' + sys.argv[1]))" "$1"; }

call 201 POST /admin/v1/accounts -H "Authorization: Bearer $ADMIN" "${J[@]}" -d '{"name":"Acme"}'; ACCOUNT=$(msg "['msg']['id']")
call 200 GET /admin/v1/accounts -H "Authorization: Bearer $ADMIN"
call 200 GET "/admin/v1/accounts/$ACCOUNT" -H "Authorization: Bearer $ADMIN"
call 201 POST "/admin/v1/accounts/$ACCOUNT/api-keys" -H "Authorization: Bearer $ADMIN" "${J[@]}" -d '{"name":"backend","environment":"live"}'; KEY=$(msg "['msg']['key']")
A=(-H "Authorization: Bearer $KEY")
call 401 GET "/api/v1/mail-tracking?key=mt_live_nope"
call 201 POST "/api/v1/mail-tracking?key=$KEY" "${J[@]}" -d '{"name":"Newsletter"}'; T=$(msg "['msg']['id']")
call 201 POST /api/v1/mail-tracking "${A[@]}" "${J[@]}" -H "Idempotency-Key: flow-$RANDOM" -d '{"name":"Newsletter", "enabled":true, "uniqueOpensOnly":false, "trackIpAddresses":true, "trackUserAgents":true, "trackDateTimes":true}'
call 400 POST /api/v1/mail-tracking "${A[@]}" "${J[@]}" -d '{"name":""}'
call 400 POST /api/v1/mail-tracking "${A[@]}" "${J[@]}" -d '{"name":'
call 200 GET /api/v1/mail-tracking "${A[@]}"
call 200 GET "/api/v1/mail-tracking?limit=1" "${A[@]}"
call 400 GET "/api/v1/mail-tracking?limit=0" "${A[@]}"
call 200 GET "/api/v1/mail-tracking/$T" "${A[@]}"
call 404 GET /api/v1/mail-tracking/1 "${A[@]}"
call 200 PUT "/api/v1/mail-tracking/$T" "${A[@]}" "${J[@]}" -d '{"enabled":false}'
call 200 PUT "/api/v1/mail-tracking/$T" "${A[@]}" "${J[@]}" -d '{"enabled":true,"name":"Newsletter 2"}'
call 201 POST "/api/v1/mail-tracking/$T/pixel" "${A[@]}"; PIXEL=$(msg "['msg']['id']"); PIXEL_URL=$(msg "['msg']['url']")
call 409 POST "/api/v1/mail-tracking/$T/pixel" "${A[@]}"
call 200 GET "/api/v1/pixel/$PIXEL" "${A[@]}"
call 201 POST "/api/v1/mail-tracking/$T/url" "${A[@]}" "${J[@]}" -d '{"url":"https://mywebsite.com/"}'; URL=$(msg "['msg']['id']"); LINK=$(msg "['msg']['trackableUrl']")
call 400 POST "/api/v1/mail-tracking/$T/url" "${A[@]}" "${J[@]}" -d '{"url":"javascript:alert(1)"}'
call 200 GET "/api/v1/url/$URL" "${A[@]}"
call 201 POST "/api/v1/mail-tracking/$T/recipients" "${A[@]}" "${J[@]}" -d '{"emails":["user1@example.com","user2@example.com"]}'; R=$(msg "['msg']['recipients'][0]['id']"); RT=$(msg "['msg']['recipients'][0]['token']")
call 201 POST "/api/v1/mail-tracking/$T/recipients" "${A[@]}" "${J[@]}" -d '{"recipients":[{"email":"johndoe@example.com","name":"John Doe","subject":"Hello"}]}'
call 201 POST "/api/v1/mail-tracking/$T/recipients" "${A[@]}" "${J[@]}" -d '{"recipients":[{"email":"jane@example.com"}]}'
call 400 POST "/api/v1/mail-tracking/$T/recipients" "${A[@]}" "${J[@]}" -d '{"emails":["not an email"]}'
# hits (not part of the document): an open and a click of the recipient
curl -s -o /dev/null -A "Mozilla/5.0 (Windows NT 10.0) Thunderbird/128.0" "http://127.0.0.1:$PORT/${PIXEL_URL#*://*/}?r=$RT&d=hello"
curl -s -o /dev/null -A "Mozilla/5.0 (Windows NT 10.0) Thunderbird/128.0" "http://127.0.0.1:$PORT/${LINK#*://*/}?r=$RT"
sleep 2
call 200 GET "/api/v1/pixel/$PIXEL/data" "${A[@]}"
call 200 GET "/api/v1/pixel/$PIXEL/data?offset=0&limit=10" "${A[@]}"
call 400 GET "/api/v1/pixel/$PIXEL/data?limit=1000" "${A[@]}"
call 200 GET "/api/v1/url/$URL/data" "${A[@]}"
call 200 GET "/api/v1/mail-tracking/$T/recipients" "${A[@]}"
call 200 GET "/api/v1/mail-tracking/$T/recipients?limit=1" "${A[@]}"
call 400 GET "/api/v1/mail-tracking/$T/recipients?after=nonsense" "${A[@]}"
call 200 GET /api/v1/recipients "${A[@]}"
call 200 GET "/api/v1/mail-tracking/$T/recipients.csv" "${A[@]}"
call 200 GET "/api/v1/recipients/$R" "${A[@]}"
call 200 POST "/api/v1/recipients/$R/unsubscribed" "${A[@]}"
call 200 POST "/api/v1/recipients/$R/bounced" "${A[@]}"
call 200 GET /api/v1/events/opens "${A[@]}"
call 200 GET "/api/v1/events/opens?mailTrackingId=$T" "${A[@]}"
call 200 GET /api/v1/events/clicks "${A[@]}"
call 201 POST /api/v1/tracks "${A[@]}" "${J[@]}" -d '{"recipient":"john@example.com","subject":"Meeting Tomorrow","campaign":"sales-outreach"}'; TRACK=$(msg "['msg']['id']")
call 201 POST /api/v1/tracks "${A[@]}" "${J[@]}" -d '{"recipient":"john@example.com"}'
call 200 GET /api/v1/tracks "${A[@]}"
call 200 GET "/api/v1/tracks?campaign=sales-outreach&limit=10" "${A[@]}"
call 200 GET "/api/v1/tracks/$TRACK" "${A[@]}"
call 404 GET /api/v1/tracks/1 "${A[@]}"
call 200 GET /api/v1/analytics "${A[@]}"
call 200 GET "/api/v1/analytics?mailTrackingId=$T&period=7d" "${A[@]}"
call 200 GET "/api/v1/analytics?campaign=sales-outreach" "${A[@]}"
call 400 GET "/api/v1/analytics?period=forever" "${A[@]}"
call 200 GET /api/v1/analytics/emails "${A[@]}"
call 201 POST /api/v1/webhooks "${A[@]}" "${J[@]}" -d '{"url":"https://yoursite.com/webhooks/mailsignal","events":["email.opened","link.clicked"]}'; W=$(msg "['msg']['id']")
call 201 POST /api/v1/webhooks "${A[@]}" "${J[@]}" -d "{\"url\":\"https://yoursite.com/webhooks/mailsignal\",\"events\":[\"recipient.bounced\"],\"mailTrackingId\":$T,\"enabled\":false}"
call 400 POST /api/v1/webhooks "${A[@]}" "${J[@]}" -d '{"url":"https://yoursite.com/hook","events":["nothing"]}'
call 200 GET /api/v1/webhooks "${A[@]}"
call 200 GET "/api/v1/webhooks/$W" "${A[@]}"
call 200 PATCH "/api/v1/webhooks/$W" "${A[@]}" "${J[@]}" -d "{\"enabled\":true,\"mailTrackingId\":$T}"
call 200 PATCH "/api/v1/webhooks/$W" "${A[@]}" "${J[@]}" -d '{"mailTrackingId":null}'
call 200 GET "/api/v1/webhooks/$W/deliveries" "${A[@]}"
call 200 POST "/api/v1/webhooks/$W/test" "${A[@]}"
call 200 DELETE "/api/v1/webhooks/$W" "${A[@]}"
call 404 GET "/api/v1/webhooks/$W" "${A[@]}"
call 200 GET /api/v1/api-keys "${A[@]}"
call 201 POST /api/v1/api-keys "${A[@]}" "${J[@]}" -d '{"name":"second"}'; K2=$(msg "['msg']['id']")
call 200 DELETE "/api/v1/api-keys/$K2" "${A[@]}"
call 200 GET /api/v1/blacklist "${A[@]}"
call 200 PUT /api/v1/blacklist "${A[@]}" "${J[@]}" -d '{"blacklist":["203.0.113.7","10.0.0.0/8"]}'
call 400 PUT /api/v1/blacklist "${A[@]}" "${J[@]}" -d '{"blacklist":["nonsense"]}'
call 202 POST "/api/v1/mail-tracking/$T/reclassify" "${A[@]}"
call 200 GET "/api/v1/mail-tracking/$T/reclassify" "${A[@]}"
call 202 POST "/admin/v1/accounts/$ACCOUNT/reclassify" -H "Authorization: Bearer $ADMIN"
call 200 GET "/admin/v1/accounts/$ACCOUNT/reclassify" -H "Authorization: Bearer $ADMIN"
call 200 DELETE "/api/v1/recipients/$R" "${A[@]}"
call 200 DELETE "/api/v1/url/$URL" "${A[@]}"
call 404 GET "/api/v1/url/$URL" "${A[@]}"
call 200 DELETE "/api/v1/mail-tracking/$T" "${A[@]}"
call 404 DELETE "/api/v1/mail-tracking/$T" "${A[@]}"

PRISM_ERRORS=$(grep -ciE 'violation|\[ERROR\]|✖' "$WORK/prism.log")
grep -iE 'violation|\[ERROR\]|✖' "$WORK/prism.log" | head -20
echo "requests: $REQUESTS, violations: $VIOLATIONS, prism log errors: $PRISM_ERRORS"
echo "statuses:$(echo $STATUSES | tr ' ' '\n' | sort | uniq -c | awk '{printf " %s×%s", $1, $2}')"
[ "$LINT" -eq 0 ] && [ "$VIOLATIONS" -eq 0 ] && [ "$PRISM_ERRORS" -eq 0 ]
