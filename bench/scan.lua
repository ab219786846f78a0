-- wrk script: POST scans with random valid payloads read from PAYLOADS_FILE.
-- Headers (session cookie, CSRF token) and the path come from the environment.
local payloads = {}
local path = os.getenv("SCAN_PATH") or "/api/v1/scans"
local gate = os.getenv("GATE_ID") or "1"
local cookie = os.getenv("SCAN_COOKIE") or ""
local csrf = os.getenv("SCAN_CSRF") or ""
-- A paired device (issue 18): "Authorization: Bearer <token>", no cookie, no CSRF header.
local device = os.getenv("SCAN_DEVICE_TOKEN") or ""

for line in io.lines(os.getenv("PAYLOADS_FILE")) do
  payloads[#payloads + 1] = line
end

local counter = 0
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  math.randomseed(os.time() + (tid or 0) * 7919)
end

local function uuid()
  counter = counter + 1
  return string.format("%08x-%04x-4%03x-a%03x-%012x",
    math.random(0, 0xffffffff), tid or 0, counter % 0x1000,
    math.random(0, 0xfff), counter + math.random(0, 0xfffffff) * 0x10000)
end

function request()
  local payload = payloads[math.random(1, #payloads)]
  local body = string.format('{"payload":"%s","gate_id":%s,"client_uuid":"%s"}', payload, gate, uuid())
  local headers = {["Content-Type"] = "application/json"}
  if device ~= "" then
    headers["Authorization"] = "Bearer " .. device
  else
    headers["Cookie"] = cookie
    headers["X-CSRFToken"] = csrf
    headers["Referer"] = "http://127.0.0.1/"
  end
  return wrk.format("POST", path, headers, body)
end

function done(summary, latency, requests)
  io.write(string.format("JSON{\"requests\":%d,\"duration_us\":%d,\"p50_us\":%d,\"p99_us\":%d," ..
    "\"errors_status\":%d,\"errors_connect\":%d,\"errors_timeout\":%d}\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.status, summary.errors.connect, summary.errors.timeout))
end
