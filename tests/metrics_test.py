#!/usr/bin/env python3
"""Metrics and per-client limits (issue 12, items 5-6), against the real server:

- GET /metrics is Prometheus text; after known requests the counters have moved by exactly what
  was sent (requests by route and status, the duration histogram, answers by topic and verdict,
  cache hits), unknown paths count under route="other", and faq_kb_info names the store;
- rate_limit_per_sec / rate_limit_burst: past the burst a client gets 429 rate_limited with
  Retry-After; other clients are not affected; X-Forwarded-For counts only from trusted_proxies.

The limits use a rate of one request per 100 s, so that no refill can happen during the test
however slow the machine is."""
import re
import sys
import time

from harness import Server, run_checks, server_args

SAMPLE = re.compile(r'^([a-z_]+)(\{[^}]*\})? (\S+)$')


def scrape(s):
    status, body, r = s.request("GET", "/metrics", raw=True)
    assert status == 200, status
    assert r.getheader("Content-Type").startswith("text/plain; version=0.0.4"), r.getheader("Content-Type")
    values = {}
    for line in body.decode().splitlines():
        if line.startswith("#") or not line:
            continue
        m = SAMPLE.match(line)
        assert m, f"not a sample line: {line!r}"
        values[m.group(1) + (m.group(2) or "")] = float(m.group(3))
    return values


def moved(before, after, key):
    return after.get(key, 0) - before.get(key, 0)


def settled_scrape(s, before, expected, seconds=10):
    """The server counts a request once its response is written (httplib's logger), so the client
    can read a response, and scrape, before that request's thread has counted it; on a busy
    machine it did. Scrape until the counters have reached what was sent: every request named in
    `expected`, and every scrape before this one (/metrics is a route like any other)."""
    deadline = time.monotonic() + seconds
    scrapes = 1  # `before`
    while True:
        after = scrape(s)
        counted = moved(before, after, 'faq_http_requests_total{route="/metrics",status="200"}')
        if (counted >= scrapes and all(moved(before, after, k) >= n for k, n in expected.items())) \
                or time.monotonic() > deadline:
            return after, scrapes
        scrapes += 1
        time.sleep(0.05)


def counters_move(a):
    with Server(a.server, a.indexer, a.kb) as s:
        before = scrape(s)
        assert before['faq_question_log_dropped_total'] == 0, before
        for q in ("医保余额怎么查", "医保余额怎么查", "医保余额怎么查", "公积金怎么取", "我老婆能用我医保卡里的钱吗"):
            status, _ = s.ask(question=q)
            assert status == 200
        assert s.ask(question="")[0] == 400
        assert s.request("GET", "/no/such/route")[0] == 404
        assert s.request("DELETE", "/v1/ask")[0] == 405
        status, health = s.request("GET", "/healthz")
        ask = 'route="/v1/ask"'
        after, scrapes = settled_scrape(s, before, {
            f'faq_http_request_duration_seconds_count{{{ask}}}': 7,
            'faq_http_requests_total{route="other",status="404"}': 1,
            'faq_http_requests_total{route="/healthz",status="200"}': 1,
        })
        assert moved(before, after, f'faq_http_requests_total{{{ask},status="200"}}') == 5, after
        assert moved(before, after, f'faq_http_requests_total{{{ask},status="400"}}') == 1, after
        assert moved(before, after, f'faq_http_requests_total{{{ask},status="405"}}') == 1, after
        assert moved(before, after, 'faq_http_requests_total{route="other",status="404"}') == 1, after
        assert moved(before, after, 'faq_http_requests_total{route="/healthz",status="200"}') == 1, after
        # The scrapes before this one counted too: /metrics is a route like any other.
        assert moved(before, after, 'faq_http_requests_total{route="/metrics",status="200"}') == scrapes, after
        assert moved(before, after, f'faq_http_request_duration_seconds_count{{{ask}}}') == 7, after
        assert moved(before, after, f'faq_http_request_duration_seconds_bucket{{{ask},le="+Inf"}}') == 7, after
        assert after[f'faq_http_request_duration_seconds_sum{{{ask}}}'] > 0, after
        buckets = [v for k, v in after.items() if k.startswith(f"faq_http_request_duration_seconds_bucket{{{ask}")]
        assert buckets == sorted(buckets), buckets  # cumulative
        answers = sum(moved(before, after, k) for k in after if k.startswith("faq_answers_total"))
        assert answers == 5, after
        assert moved(before, after, 'faq_answers_total{topic="balance_query",verdict="info"}') == 3, after
        assert moved(before, after, 'faq_answers_total{topic="out_of_scope",verdict="unknown"}') == 1, after
        assert moved(before, after, "faq_answer_cache_hits_total") == 2, after  # the repeats
        assert after[f'faq_kb_info{{kb_version="{health["kb_version"]}"}}'] == 1, after
        assert not [k for k in after if "/no/such" in k], "a raw path became a label"


def rate_limited(a):
    args = ["--rate-limit-per-sec", "0.01", "--rate-limit-burst", "2"]
    with Server(a.server, a.indexer, a.kb, extra_args=args) as s:
        assert s.request("GET", "/healthz")[0] == 200
        assert s.ask(question="医保余额怎么查")[0] == 200
        status, body, r = s.request("POST", "/v1/ask", {"question": "医保余额怎么查"}, raw=True)
        assert status == 429, status
        assert b'"code":"rate_limited"' in body, body
        assert int(r.getheader("Retry-After")) >= 1, r.getheaders()
        # Without trusted proxies, X-Forwarded-For is the client's word: ignored.
        status, _ = s.request("GET", "/healthz", headers={"X-Forwarded-For": "198.51.100.7"})
        assert status == 429, status
        metrics_status = s.request("GET", "/metrics")[0]
        assert metrics_status == 429, metrics_status  # every route counts
    args += ["--trusted-proxies", "127.0.0.1, ::1"]
    with Server(a.server, a.indexer, a.kb, extra_args=args) as s:
        def status_for(client):
            return s.request("GET", "/healthz", headers={"X-Forwarded-For": client})[0]
        assert [status_for("198.51.100.1") for _ in range(3)] == [200, 200, 429]
        assert [status_for("198.51.100.2") for _ in range(3)] == [200, 200, 429]  # another client
        assert status_for("203.0.113.5, 198.51.100.1") == 429  # the nearest hop is the client
    with Server(a.server, a.indexer, a.kb) as s:  # the default: no limit
        assert all(s.request("GET", "/healthz")[0] == 200 for _ in range(50))


def main():
    a = server_args()
    started = time.monotonic()
    checks = [("metrics: counters move by what was sent", counters_move),
              ("rate limit: 429 with Retry-After past the burst; X-Forwarded-For only from trusted proxies",
               rate_limited)]
    failed = run_checks(checks, a)
    print(f"{len(checks) - failed} passed, {failed} failed; wall {time.monotonic() - started:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
