-- wrk script: GET a path (from TARGET_PATH) with a session cookie (and an If-None-Match);
-- prints a JSON summary. Any answer but 200 and 304 counts as an error (wrk's own rule: >= 400).
local path = os.getenv("TARGET_PATH") or "/"
local cookie = os.getenv("SCAN_COOKIE") or ""
-- a repeat request of a feed reader that kept the ETag (the answer is 304 Not Modified)
local etag = os.getenv("IF_NONE_MATCH") or ""
local headers = {}
if cookie ~= "" then headers["Cookie"] = cookie end  -- an anonymous reader sends no Cookie header
if etag ~= "" then headers["If-None-Match"] = etag end

function request()
  return wrk.format("GET", path, headers)
end

function done(summary, latency, requests)
  io.write(string.format("JSON{\"requests\":%d,\"duration_us\":%d,\"p50_us\":%d,\"p99_us\":%d," ..
    "\"errors_status\":%d,\"errors_connect\":%d,\"errors_timeout\":%d}\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.status, summary.errors.connect, summary.errors.timeout))
end
