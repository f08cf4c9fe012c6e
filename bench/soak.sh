#!/usr/bin/env bash
# Soak: the Release server at full load for a minute (wrk on loopback, POST /v1/ask cycling
# through bench/questions.txt with bench/ask.lua), its resident memory sampled every second from
# /proc/PID/status. Fails on any error (a non-2xx answer, a socket error, the server gone or
# /healthz not answering afterwards) and on RSS growth after the warm-up beyond a threshold.
# A benchmark script, not a ctest test: the figures go to bench/README.md.
#
#   bench/soak.sh [--duration SEC] [--connections C] [--warmup SEC] [--max-growth-mib N]
#                 [--cache-entries N] [--build DIR]
#
# --warmup: seconds of load before the reference RSS is taken (the answer cache, the thread pool
# and the allocator's arenas fill up first); growth is the largest sample after it minus it.
# --cache-entries 0 soaks the uncached path (every request analysed, retrieved and composed).
# Results: bench/out/soak.json and bench/out/soak_rss.tsv (second, KiB).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=60 CONNECTIONS=64 WARMUP=20 MAX_GROWTH_MIB=16 CACHE=() BUILD=build-bench
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift ;;
    --connections) CONNECTIONS=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --max-growth-mib) MAX_GROWTH_MIB=$2; shift ;;
    --cache-entries) CACHE=(--cache-entries "$2"); shift ;;
    --build) BUILD=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ "$WARMUP" -lt "$DURATION" ] || { echo "--warmup must be shorter than --duration" >&2; exit 2; }
command -v wrk >/dev/null || { echo "needs wrk (scripts/setup.sh --tests)" >&2; exit 2; }

OUT=bench/out
mkdir -p "$OUT"
echo "== building the Release server ($BUILD)"
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" -j"$(nproc)" --target faq-server indexer >/dev/null
"$BUILD/indexer/indexer" build kb --out "$OUT/soak.db" >/dev/null

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# Set through the environment, which a server without these settings ignores: its own per-client
# rate limit, where there is one, must not turn a load test from one address into 429s; its
# question log, where there is one, is kept (as in production) but out of data/.
rm -f "$OUT"/soak_questions.db*
FAQ_RATE_LIMIT_PER_SEC=1000000 FAQ_RATE_LIMIT_BURST=1000000 FAQ_QUESTION_LOG="$OUT/soak_questions.db" \
  "$BUILD/server/faq-server" --config /dev/null --store "$OUT/soak.db" --host 127.0.0.1 --port "$PORT" \
  "${CACHE[@]}" >"$OUT/soak_server.log" 2>&1 &
SERVER=$!
PIDS+=("$SERVER")
for _ in $(seq 100); do (echo >/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break; sleep 0.1; done

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$SERVER/status" 2>/dev/null || echo 0; }
echo "== ${DURATION} s at full load: $CONNECTIONS connections, RSS sampled every second"
# One sample before the load, then one a second while wrk runs (second 0 is the idle server).
(
  i=0
  while kill -0 "$SERVER" 2>/dev/null; do
    printf '%d\t%s\n' "$i" "$(rss_kib)"
    i=$((i + 1))
    sleep 1
  done
) >"$OUT/soak_rss.tsv" &
SAMPLER=$!
PIDS+=("$SAMPLER")
WRK=(wrk)
if [ "$(id -u)" -eq 0 ]; then WRK=(nice -n -10 wrk); fi  # as bench/run.sh: the generator is not starved
QUESTIONS=bench/questions.txt "${WRK[@]}" -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s bench/ask.lua \
  "http://127.0.0.1:$PORT" >"$OUT/soak_wrk.txt" 2>&1 || true
kill "$SAMPLER" 2>/dev/null || true
wait "$SAMPLER" 2>/dev/null || true

alive=1
kill -0 "$SERVER" 2>/dev/null || alive=0
health=$(python3 - "$PORT" <<'PY'
import sys, urllib.request
try:
    print(urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/healthz", timeout=5).status)
except Exception as e:
    print(0)
PY
)
python3 - "$OUT" "$WARMUP" "$MAX_GROWTH_MIB" "$alive" "$health" "$CONNECTIONS" "$DURATION" "${CACHE[1]:-default}" <<'PY'
import json, re, sys
out, warmup, max_growth, alive, health, conns, duration, cache = sys.argv[1:]
warmup, max_growth, duration = int(warmup), float(max_growth), int(duration)
wrk = open(f"{out}/soak_wrk.txt").read()
def num(pattern, default=0):
    m = re.search(pattern, wrk)
    return int(m.group(1)) if m else default
requests = num(r"(\d+) requests in", -1)
non2xx = num(r"Non-2xx or 3xx responses: (\d+)")
m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", wrk)
socket = dict(zip(("connect", "read", "write", "timeout"), map(int, m.groups()))) if m else {}
result = re.search(r"RESULT req_per_sec=([\d.]+) p50_ms=([\d.]+) p99_ms=([\d.]+)", wrk)
rss = [int(line.split("\t")[1]) for line in open(f"{out}/soak_rss.tsv") if line.strip()]
rss = [r for r in rss if r > 0]
mib = lambda kib: round(kib / 1024, 1)
reference = rss[min(warmup, len(rss) - 1)] if rss else 0
after = rss[warmup:] or [reference]
growth = max(after) - reference
report = {
    "duration_s": duration, "connections": int(conns), "cache_entries": cache, "requests": requests,
    "req_per_sec": float(result.group(1)) if result else None,
    "p50_ms": float(result.group(2)) if result else None, "p99_ms": float(result.group(3)) if result else None,
    "non_2xx": non2xx, "socket_errors": socket, "server_alive": alive == "1", "healthz_after": int(health),
    "rss_mib": {"first": mib(rss[0]) if rss else None, "at_warmup": mib(reference), "max": mib(max(rss)) if rss else None,
                "last": mib(rss[-1]) if rss else None, "growth_after_warmup": mib(growth), "samples": len(rss)},
}
json.dump(report, open(f"{out}/soak.json", "w"), indent=2)
r = report["rss_mib"]
print(f"requests {requests:,} ({report['req_per_sec']} req/s, p50 {report['p50_ms']} ms, p99 {report['p99_ms']} ms)")
print(f"errors: non-2xx {non2xx}, socket {socket or 'none'}; server alive {alive == '1'}, /healthz after: {health}")
print(f"RSS MiB: first {r['first']}, at {warmup} s {r['at_warmup']}, max {r['max']}, last {r['last']}; "
      f"growth after warm-up {r['growth_after_warmup']} (limit {max_growth:g}), {r['samples']} samples")
problems = []
if requests <= 0: problems.append("no requests completed")
if non2xx or any(socket.values()): problems.append("errors")
if alive != "1" or health != "200": problems.append("server down or unhealthy after the run")
if len(rss) < duration // 2: problems.append("too few RSS samples")
if growth / 1024 > max_growth: problems.append("RSS grew after the warm-up")
if problems:
    sys.exit("soak FAILED: " + "; ".join(problems))
print("soak ok")
PY
