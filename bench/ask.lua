-- wrk script: POST /v1/ask with a different question each request, cycling through
-- bench/questions.txt (path in the QUESTIONS environment variable).
-- Requests are formatted once, in init: the client's per-request Lua work is load-generator cost,
-- not the server's, and it should not count against /v1/ask next to the static GET of /healthz.
local requests = {}
local i = 0

-- setup() runs in the main script state before each thread's init(): it hands every thread its
-- own starting offset, so that threads do not ask the same question in step.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("offset", threads * 997)
end

function init(args)
  local lines = {}
  for line in io.lines(os.getenv("QUESTIONS") or "bench/questions.txt") do
    if #line > 0 then lines[#lines + 1] = line end
  end
  for k = 1, #lines do
    local line = lines[(k + (offset or 0)) % #lines + 1]
    local body = '{"question":"' .. line:gsub('"', '\\"') .. '"}'
    requests[k] = wrk.format("POST", "/v1/ask", {["Content-Type"] = "application/json"}, body)
  end
end

function request()
  i = i % #requests + 1
  return requests[i]
end

function done(summary, latency, requests)
  io.write(string.format("RESULT req_per_sec=%.1f p50_ms=%.3f p99_ms=%.3f errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
