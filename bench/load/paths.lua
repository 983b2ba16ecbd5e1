-- wrk script for bench/load/run_load.py: GETs over the paths listed in a file (one per line, taken in turn
-- from a random start per connection thread), with X-Forwarded-Proto: https (as nginx sends) and an optional
-- Cookie header; counts responses by status class and prints one JSON line at the end. A third argument,
-- think time in ms, makes each connection wait that long before each request (a person reading the page):
-- without it every connection sends its next request at once, so N connections keep N requests in flight.
--   wrk -t2 -c50 -d15s --timeout 10s -s bench/load/paths.lua http://127.0.0.1:8000 -- paths.txt "prongsai_session=…" 1000

local paths = {}
local counter = 0
local threads = {}
local think = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then table.insert(paths, line) end
  end
  wrk.headers["X-Forwarded-Proto"] = "https"
  if args[2] ~= nil and args[2] ~= "" then wrk.headers["Cookie"] = args[2] end
  think = tonumber(args[3] or "0") or 0
  counter = math.random(#paths)
  s2, s3, s4, s5 = 0, 0, 0, 0
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

function delay()
  return think
end

function response(status, headers, body)
  if status >= 500 then s5 = s5 + 1
  elseif status >= 400 then s4 = s4 + 1
  elseif status >= 300 then s3 = s3 + 1
  else s2 = s2 + 1 end
end

function done(summary, latency, requests)
  local c = {0, 0, 0, 0}
  for _, thread in ipairs(threads) do
    c[1] = c[1] + thread:get("s2")
    c[2] = c[2] + thread:get("s3")
    c[3] = c[3] + thread:get("s4")
    c[4] = c[4] + thread:get("s5")
  end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_s": %.3f, "bytes": %d, "requests_per_s": %.1f, ' ..
    '"latency_ms": {"mean": %.1f, "stdev": %.1f, "max": %.1f, "p50": %.1f, "p90": %.1f, "p95": %.1f, "p99": %.1f}, ' ..
    '"status": {"2xx": %d, "3xx": %d, "4xx": %d, "5xx": %d}, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration / 1e6, summary.bytes, summary.requests / (summary.duration / 1e6),
    latency.mean / 1000, latency.stdev / 1000, latency.max / 1000,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000,
    c[1], c[2], c[3], c[4],
    e.connect, e.read, e.write, e.status, e.timeout))
end
