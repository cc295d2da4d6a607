-- wrk script for bench/load.sh: cycles through the requests of one endpoint group.
--
-- Usage: wrk ... -s bench/load_scenarios.lua http://127.0.0.1:PORT -- PATHS_FILE
-- PATHS_FILE holds one request a line: a path, then optionally a tab and headers
-- separated by tabs ("HX-Request: true").
-- done() prints one line that load.sh reads:
--   RESULT requests seconds p50_ms p95_ms p99_ms status_errors socket_errors redirects
-- (wrk itself counts a status of 400 or more as a status error; redirects are counted here
-- so that a page answering 3xx instead of rendering does not pass unnoticed.)

local requests = {}
local position = 0
local threads = {}
redirects = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    if line ~= "" then
      local fields = {}
      for field in string.gmatch(line, "[^\t]+") do
        table.insert(fields, field)
      end
      local headers = {}
      for i = 2, #fields do
        local name, value = string.match(fields[i], "^([^:]+):%s*(.*)$")
        headers[name] = value
      end
      table.insert(requests, wrk.format("GET", fields[1], headers))
    end
  end
  file:close()
  assert(#requests > 0, "no requests in " .. args[1])
end

function request()
  position = position % #requests + 1
  return requests[position]
end

function response(status, _, _)
  if status >= 300 and status < 400 then
    redirects = redirects + 1
  end
end

function done(summary, latency, _)
  local errors = summary.errors
  local redirected = 0
  for _, thread in ipairs(threads) do
    redirected = redirected + thread:get("redirects")
  end
  io.write(string.format(
    "RESULT %d %.3f %.2f %.2f %.2f %d %d %d\n",
    summary.requests,
    summary.duration / 1e6,
    latency:percentile(50) / 1000,
    latency:percentile(95) / 1000,
    latency:percentile(99) / 1000,
    errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    redirected
  ))
end
