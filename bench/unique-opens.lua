-- wrk script of bench/unique-opens.sh: N hits of one pixel, the i-th from address FIRST+i (X-Forwarded-For; the bench's
-- silo trusts 127.0.0.1 as its proxy), every address once, in 10.0.0.0/8. Then it sends only /bench/gif (no hit) and,
-- once every pixel request has surely been answered, writes DONE_FILE: the script stops wrk (wrk runs for its -d).
-- Usage: wrk -t1 ... http://127.0.0.1:PORT -- <pixel path> <N> <FIRST> <DONE_FILE>
local path, n, first, done_file, connections
local sent, answered, finished, verified = 0, 0, false, false

function init(args)
  path, n, first, done_file = args[1], tonumber(args[2]), tonumber(args[3]), args[4]
  connections = tonumber(os.getenv("CONNECTIONS") or "64")
end

local function address(i)
  return string.format("10.%d.%d.%d", math.floor(i / 65536) % 256, math.floor(i / 256) % 256, i % 256)
end

function request()
  -- wrk calls request() once before the run to count the requests it returns: that one is never sent.
  if not verified then
    verified = true
    return wrk.format("GET", "/bench/gif")
  end
  sent = sent + 1
  if sent > n then return wrk.format("GET", "/bench/gif") end
  return wrk.format("GET", path, { ["X-Forwarded-For"] = address(first + sent) })
end

function response(status, headers, body)
  answered = answered + 1
  -- A connection has one request in flight: ten more answers per connection and the last pixel request is long answered.
  if not finished and answered >= n + 10 * connections then
    finished = true
    local f = assert(io.open(done_file, "w"))
    f:write(tostring(answered) .. "\n")
    f:close()
  end
end
