-- Shared by the bench's wrk scripts: per-thread status counts, merged and printed by done() in a form
-- the load tool parses (WRK_RESULT / WRK_STATUS lines). Latencies are wrk's, in microseconds.
local threads = {}
local next_index = 0

function setup(thread)
   thread:set("index", next_index)
   next_index = next_index + 1
   table.insert(threads, thread)
end

statuses = {}
counter = 0

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
   local merged = {}
   local generated = 0
   for _, thread in ipairs(threads) do
      for status, count in pairs(thread:get("statuses")) do
         merged[status] = (merged[status] or 0) + count
      end
      generated = generated + thread:get("counter")
   end
   local e = summary.errors
   io.write(string.format("WRK_RESULT requests=%d duration_us=%d generated=%d p50_us=%d p95_us=%d p99_us=%d max_us=%d "
         .. "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d non_2xx=%d\n",
         summary.requests, summary.duration, generated, latency:percentile(50), latency:percentile(95),
         latency:percentile(99), latency.max, e.connect, e.read, e.write, e.timeout, e.status))
   local parts = {}
   for status, count in pairs(merged) do
      table.insert(parts, status .. "=" .. count)
   end
   io.write("WRK_STATUS " .. table.concat(parts, " ") .. "\n")
end
