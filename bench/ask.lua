-- wrk script: POST /v1/ask with a different question each request, cycling through
-- bench/questions.txt (path in the QUESTIONS environment variable).
local questions = {}
for line in io.lines(os.getenv("QUESTIONS") or "bench/questions.txt") do
  if #line > 0 then
    questions[#questions + 1] = '{"question":"' .. line:gsub('"', '\\"') .. '"}'
  end
end
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function setup(thread)
  thread:set("offset", math.random(#questions))
end

function request()
  i = i + 1
  local body = questions[(i + (offset or 0)) % #questions + 1]
  return wrk.format(nil, "/v1/ask", nil, body)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT req_per_sec=%.1f p50_ms=%.3f p99_ms=%.3f errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
