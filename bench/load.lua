-- wrk script for bench/load.sh: counts non-2xx responses across threads and prints the figures
-- the issue asks for (requests/s, p50/p95/p99 latency, non-2xx, socket errors).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
  end
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write("---- load run summary ----\n")
  io.write(string.format("requests    %d in %.1f s\n", summary.requests, seconds))
  io.write(string.format("requests/s  %.1f\n", summary.requests / seconds))
  io.write(string.format("latency ms  p50 %.1f  p95 %.1f  p99 %.1f  max %.1f\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("non-2xx     %d\n", bad))
  io.write(string.format("socket errors  connect %d  read %d  write %d  timeout %d\n",
    errors.connect, errors.read, errors.write, errors.timeout))
end
