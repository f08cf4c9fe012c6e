#!/usr/bin/env python3
"""Turns bench/run.sh's raw wrk lines into medians and ratios (JSON), or prints them as a table.
  report.py RAW RSS_KIB HWM_KIB CONNECTIONS ROUNDS DURATION > http.json
  report.py --table http.json"""
import json
import statistics
import sys


def summarise(raw, rss, hwm, connections, rounds, duration):
    runs = {}
    for line in open(raw, encoding="utf-8"):
        parts = line.split()
        if len(parts) < 2:
            continue
        name, fields = parts[0], dict(p.split("=") for p in parts[2:])
        runs.setdefault(name, []).append({k: float(v) for k, v in fields.items()})
    out = {"connections": int(connections), "rounds": int(rounds), "duration_s": float(duration),
           "server_rss_kib": int(rss), "server_peak_rss_kib": int(hwm), "targets": {}}
    for name, rs in runs.items():
        out["targets"][name] = {
            "req_per_sec": statistics.median(r["req_per_sec"] for r in rs),
            "p50_ms": statistics.median(r["p50_ms"] for r in rs),
            "p99_ms": statistics.median(r["p99_ms"] for r in rs),
            "errors": sum(r["errors"] for r in rs),
            "rounds": [r["req_per_sec"] for r in rs],
        }
    t = out["targets"]
    def ratio(a, b):
        return round(t[a]["req_per_sec"] / t[b]["req_per_sec"], 3) if a in t and b in t and t[b]["req_per_sec"] else None
    out["ratios"] = {"ask/healthz": ratio("ask", "healthz"), "ask_uncached/healthz": ratio("ask_uncached", "healthz"),
                     "ask_fresh/healthz": ratio("ask_fresh", "healthz"),
                     "ask/nginx": ratio("ask", "nginx"), "ask/peer": ratio("ask", "peer"),
                     "ask_uncached/peer": ratio("ask_uncached", "peer")}
    return out


def table(path):
    d = json.load(open(path, encoding="utf-8"))
    print(f"| target | req/s (median of {d['rounds']}) | p50 ms | p99 ms | errors |")
    print("|---|---|---|---|---|")
    for name, r in d["targets"].items():
        print(f"| {name} | {r['req_per_sec']:.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {int(r['errors'])} |")
    print()
    for k, v in d["ratios"].items():
        if v is not None:
            print(f"{k}: {v}")
    print(f"server RSS: {d['server_rss_kib'] / 1024:.1f} MiB (peak {d['server_peak_rss_kib'] / 1024:.1f} MiB), "
          f"{d['connections']} connections")


if __name__ == "__main__":
    if sys.argv[1] == "--table":
        table(sys.argv[2])
    else:
        print(json.dumps(summarise(*sys.argv[1:7]), indent=1))
