#!/usr/bin/env python3
"""HTTP contract of issue 13 against the real server: /widget.js and /widget.css, GET /v1/suggest,
CORS for /v1/* from the allow-list, the /ask page rendered on the server, /console and its token,
and the "regional" field of answers. The browser side is tests/browser/."""
import os
import re
import sys
import time
import urllib.parse

from harness import Server, run_checks, server_args

ALLOWED = "http://127.0.0.1:18443"
TOKEN = "console-token-for-tests-0123456789"
CHECKS = []


def check(name):
    def wrap(fn):
        CHECKS.append((name, fn))
        return fn
    return wrap


def get(s, path, headers=None):
    status, body, r = s.request("GET", path, headers=headers or {}, raw=True)
    return status, body, r


def suggest(s, query):
    status, body = s.request("GET", "/v1/suggest?" + query, headers={})
    return status, body


@check("widget.js and widget.css: types, caching, ETag, together under 40 KB")
def _(s, *_):
    total = 0
    for path, kind in (("/widget.js", "text/javascript"), ("/widget.css", "text/css")):
        status, body, r = get(s, path)
        assert status == 200 and r.getheader("Content-Type").startswith(kind), (path, status, r.getheader("Content-Type"))
        assert "max-age" in r.getheader("Cache-Control"), r.getheader("Cache-Control")
        etag = r.getheader("ETag")
        status, again, _ = get(s, path, {"If-None-Match": etag})
        assert status == 304 and not again, (path, status)
        total += len(body)
    assert total < 40 * 1024, f"widget.js + widget.css = {total} bytes"


@check("widget.js: no eval, no markup from strings, no inline styles, no third-party address")
def _(s, *_):
    js = get(s, "/widget.js")[1].decode()
    for bad in ("eval(", "new Function", "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
                "'style'", '"style"', "cssText", "@import"):
        assert bad not in js, bad
    hosts = set(re.findall(r"https?://([^/'\"\s]+)", js)) - {"www.w3.org", "ask.example.gov.cn"}
    assert not hosts, hosts


@check("suggest: prefix, pinyin initials and words; one per entry; fields")
def _(s, *_):
    status, r = suggest(s, "q=" + urllib.parse.quote("家庭共济"))
    assert status == 200 and 0 < len(r["suggestions"]) <= 5, r
    assert all(set(x) == {"question", "entry", "topic"} for x in r["suggestions"]), r
    assert all("家庭共济" in x["question"] for x in r["suggestions"][:3]), r
    assert len({x["entry"] for x in r["suggestions"]}) == len(r["suggestions"]), "one suggestion per entry"
    status, r = suggest(s, "q=jtgj")
    assert status == 200 and r["suggestions"] and r["suggestions"][0]["question"].startswith("家庭共济"), r
    status, r = suggest(s, "q=" + urllib.parse.quote("余额 怎么查"))
    assert status == 200 and any("余额" in x["question"] for x in r["suggestions"]), r


@check("suggest: limit 1..10 (default 5); bad limit or missing q is 400; empty q is an empty list")
def _(s, *_):
    for limit, count in (("1", 1), ("10", 10)):
        status, r = suggest(s, "q=yb&limit=" + limit)
        assert status == 200 and len(r["suggestions"]) == count, (limit, r)
    status, r = suggest(s, "q=yb")
    assert status == 200 and len(r["suggestions"]) == 5, r
    for bad in ("0", "11", "abc", "-1", "", "5.5"):
        status, r = suggest(s, "q=yb&limit=" + bad)
        assert status == 400 and r["error"]["code"] == "invalid_limit", (bad, status, r)
    status, r = suggest(s, "limit=3")
    assert status == 400 and r["error"]["code"] == "missing_query", r
    for empty in ("q=", "q=%20%20"):
        status, r = suggest(s, empty)
        assert status == 200 and r == {"suggestions": []}, (empty, r)
    status, r = s.request("POST", "/v1/suggest", {})
    assert status == 405, status


@check("suggest: fast (200 lookups)")
def _(s, *_):
    suggest(s, "q=yb")  # the index is built on first use
    t0 = time.monotonic()
    for q in ("jtgj", "yibao", "医保卡", "家庭共济怎么", "余额 提取") * 40:
        suggest(s, "q=" + urllib.parse.quote(q))
    per = (time.monotonic() - t0) / 200
    assert per < 0.02, f"{per * 1000:.1f} ms per lookup over HTTP"


@check("CORS: an allowed origin is echoed, with Vary and the exposed Retry-After; others get nothing")
def _(s, *_):
    body = '{"question":"医保余额怎么查"}'.encode()
    for origin, allowed in ((ALLOWED, True), ("http://evil.example", False)):
        for method, path, data in (("POST", "/v1/ask", body), ("GET", "/v1/suggest?q=yb", None),
                                   ("POST", "/v1/ask", b"{bad json")):
            status, _, r = s.request(method, path, data, headers={"Origin": origin, "Content-Type": "application/json"},
                                     raw=True)
            acao = r.getheader("Access-Control-Allow-Origin")
            assert "Origin" in (r.getheader("Vary") or ""), (path, r.getheaders())
            if allowed:
                assert acao == origin and "Retry-After" in r.getheader("Access-Control-Expose-Headers"), (path, status)
            else:
                assert acao is None, (path, acao)


@check("CORS: preflight allows POST and GET with Content-Type for allowed origins only")
def _(s, *_):
    headers = {"Origin": ALLOWED, "Access-Control-Request-Method": "POST",
               "Access-Control-Request-Headers": "content-type"}
    status, _, r = s.request("OPTIONS", "/v1/ask", headers=headers, raw=True)
    assert status == 204 and r.getheader("Access-Control-Allow-Origin") == ALLOWED, (status, r.getheaders())
    assert "POST" in r.getheader("Access-Control-Allow-Methods") and "GET" in r.getheader("Access-Control-Allow-Methods")
    assert "content-type" in r.getheader("Access-Control-Allow-Headers").lower()
    status, _, r = s.request("OPTIONS", "/v1/ask", headers={**headers, "Origin": "http://evil.example"}, raw=True)
    assert status == 403 and r.getheader("Access-Control-Allow-Origin") is None, status


@check("/ask: the form and the answer rendered on the server, escaped, under a strict CSP")
def _(s, *_):
    status, body, r = get(s, "/ask")
    page = body.decode()
    assert status == 200 and "default-src 'self'" in r.getheader("Content-Security-Policy"), r.getheaders()
    assert 'action="/ask"' in page and 'name="q"' in page and "/widget.js" in page
    status, body, _ = get(s, "/ask?q=" + urllib.parse.quote("我爷爷能用我的医保个人账户吗"))
    page = body.decode()
    assert status == 200 and "祖父母" in page and 'class="verdict v-yes"' in page and "依据" in page, page[-2000:]
    status, body, _ = get(s, "/ask?q=" + urllib.parse.quote('<script>alert(1)</script>"><img src=x>'))
    page = body.decode()
    assert "<script>alert" not in page and "<img src=x>" not in page and "&lt;script&gt;" in page, page
    status, body, _ = get(s, "/ask?q=" + urllib.parse.quote("医" * 600))
    assert status == 400, status


@check("answers carry \"regional\": true when the place matters, false out of scope")
def _(s, *_):
    status, r = s.ask(question="怎么查医保余额", region="兰州")
    assert status == 200 and r["regional"] is True, r
    status, r = s.ask(question="公积金怎么提取")
    assert status == 200 and r["regional"] is False, r


@check("/console is 404 unless console_enabled")
def _(s, *_):
    for path in ("/console", "/console/console.js"):
        status, _, _ = get(s, path)
        assert status == 404, (path, status)


def console_checks(server, indexer, kb):
    failed = 0
    env = {"FAQ_CONSOLE_ENABLED": "1"}
    with Server(server, indexer, kb, env=env) as s:
        def open_console():
            status, body, r = get(s, "/console")
            assert status == 200 and "来电内容" in body.decode() and '<option value="南京">南京市</option>' in body.decode(), status
            assert "frame-ancestors 'none'" in r.getheader("Content-Security-Policy")
            assert get(s, "/console/console.js")[0] == 200
        failed += run_checks([("/console with console_enabled", open_console)])
    env = {"FAQ_CONSOLE_ENABLED": "1", "FAQ_CONSOLE_REQUIRES_TOKEN": "1", "FAQ_ADMIN_TOKEN": TOKEN}
    with Server(server, indexer, kb, env=env) as s:
        def token():
            status, body, _ = get(s, "/console")
            assert status == 401 and 'action="/console/login"' in body.decode(), status
            assert get(s, "/console", {"Authorization": "Bearer wrong"})[0] == 401
            assert get(s, "/console", {"Authorization": "Bearer " + TOKEN})[0] == 200
            form = {"Content-Type": "application/x-www-form-urlencoded"}
            status, _, _ = s.request("POST", "/console/login", "token=wrong", headers=form, raw=True)
            assert status == 401, status
            status, _, r = s.request("POST", "/console/login", "token=" + TOKEN, headers=form, raw=True)
            cookie = r.getheader("Set-Cookie") or ""
            assert status == 303 and "HttpOnly" in cookie and TOKEN not in cookie, (status, cookie)
            assert get(s, "/console", {"Cookie": cookie.split(";")[0]})[0] == 200
            assert get(s, "/console", {"Cookie": "faq_console=forged"})[0] == 401
        failed += run_checks([("/console with console_requires_token: Bearer, login form, cookie", token)])
    return failed


def main():
    a = server_args()
    with Server(a.server, a.indexer, a.kb, env={"FAQ_CORS_ORIGINS": ALLOWED + ", https://www.example.gov.cn"}) as s:
        failed = run_checks(CHECKS, s)
    failed += console_checks(a.server, a.indexer, a.kb)
    print(f"web: {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    os.environ.pop("FAQ_CONSOLE_ENABLED", None)
    sys.exit(main())
