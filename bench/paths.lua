-- wrk script: every request GETs a random path from a file (one path per line), and done() writes
-- the run's numbers as JSON to $BENCH_RESULT. wrk never follows redirects: a 302 is a response.
-- Usage: wrk ... http://127.0.0.1:PORT -- <paths-file>
local paths = {}

function init(args)
  local file = args[1] or os.getenv("BENCH_PATHS")
  local f = assert(io.open(file, "r"), "cannot open paths file " .. tostring(file))
  for line in f:lines() do
    if #line > 0 then paths[#paths + 1] = line end
  end
  f:close()
  assert(#paths > 0, "no paths in " .. file)
  math.randomseed(os.time())
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function done(summary, latency, requests)
  local out = os.getenv("BENCH_RESULT")
  if not out then return end
  local e = summary.errors
  local f = assert(io.open(out, "w"))
  f:write(string.format(
    '{"requests":%d,"duration_us":%d,"bytes":%d,"status_errors":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
  f:close()
end
