-- wrk script: GET (path from the GET_PATH environment variable), reporting like ask.lua.
wrk.path = os.getenv("GET_PATH") or "/healthz"
function done(summary, latency, requests)
  io.write(string.format("RESULT req_per_sec=%.1f p50_ms=%.3f p99_ms=%.3f errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
