-- wrk script: GET a path (from TARGET_PATH) with a session cookie; prints a JSON summary.
local path = os.getenv("TARGET_PATH") or "/"
local cookie = os.getenv("SCAN_COOKIE") or ""

function request()
  return wrk.format("GET", path, {["Cookie"] = cookie})
end

function done(summary, latency, requests)
  io.write(string.format("JSON{\"requests\":%d,\"duration_us\":%d,\"p50_us\":%d,\"p99_us\":%d," ..
    "\"errors_status\":%d,\"errors_connect\":%d,\"errors_timeout\":%d}\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.status, summary.errors.connect, summary.errors.timeout))
end
