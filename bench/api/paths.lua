-- SPDX-License-Identifier: Apache-2.0
-- wrk script for bench/api/run.sh: GETs the paths given after "--" in
-- turn (each thread starts at another one), with the headers given by -H,
-- and prints one machine-readable line at the end:
--
--   RESULT requests=N seconds=S rps=R p50_ms=A p99_ms=B bytes=N
--          errors_connect=N errors_read=N errors_write=N
--          errors_status=N errors_timeout=N
--
-- errors_status counts responses that were not 2xx or 3xx.

local paths = {}
local next_path = 1
local threads = {}

function setup(thread)
   thread:set("index", #threads)
   table.insert(threads, thread)
end

function init(args)
   for _, p in ipairs(args) do
      paths[#paths + 1] = p
   end
   if #paths == 0 then
      paths[1] = "/"
   end
   next_path = (index or 0) * 7 % #paths + 1
end

function request()
   local p = paths[next_path]
   next_path = next_path % #paths + 1
   return wrk.format("GET", p)
end

function done(summary, latency, requests)
   local secs = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format("RESULT requests=%d seconds=%.3f rps=%.1f "
      .. "p50_ms=%.3f p99_ms=%.3f bytes=%d errors_connect=%d "
      .. "errors_read=%d errors_write=%d errors_status=%d "
      .. "errors_timeout=%d\n",
      summary.requests, secs, summary.requests / secs,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      summary.bytes, e.connect, e.read, e.write, e.status, e.timeout))
end
