#!/usr/bin/env python3
"""HTTP contract tests against the real server on an ephemeral loopback port."""
import gzip
import http.client
import os
import shutil
import socket
import sys
import threading
import time
import zlib

from harness import Server, run_checks, server_args

CHECKS = []


def check(name):
    def wrap(fn):
        CHECKS.append((name, fn))
        return fn
    return wrap


def without_context(resp):
    """A response minus its context, which carries the time it was issued."""
    return {k: v for k, v in (resp or {}).items() if k != "context"}


def error_code(resp):
    return resp["error"]["code"] if resp and "error" in resp else None


@check("ask returns every contract field")
def _(s):
    status, r = s.ask(question="我老婆的爸妈能用我医保卡里的钱吗")
    assert status == 200, status
    for key in ("answer", "verdict", "topic", "entry_id", "confidence", "slots", "sources", "related", "kb_version"):
        assert key in r, key
    assert r["verdict"] == "no" and r["topic"] == "family_sharing_eligibility", r
    assert r["slots"]["relation"] == "配偶的父母"
    assert "配偶的父母" in r["answer"]
    assert all("title" in src for src in r["sources"])
    assert all({"entry_id", "question"} <= set(x) for x in r["related"])
    assert 0 <= r["confidence"] <= 1


@check("region, format and as_of fields are honoured")
def _(s):
    status, r = s.ask(question="怎么查医保余额", region="兰州")
    assert status == 200 and "兰州" in r["answer"] and r["slots"]["region"] == "兰州", r
    status, r = s.ask(question="我爷爷能用我的医保个人账户吗", as_of="2021-09-01")
    assert r["verdict"] == "no", r
    status, r = s.ask(question="我爷爷能用我的医保个人账户吗", as_of="2026-01-01")
    assert r["verdict"] == "yes", r
    status, r = s.ask(question="医保卡里的钱能取出来吗", format="speech")
    assert status == 200 and len(r["answer"]) <= 150 and "http" not in r["answer"], r
    status, r = s.ask(question="家庭共济怎么绑定", format="markdown")
    assert status == 200 and "来源" in r["answer"], r


@check("a two-turn conversation through the context field")
def _(s):
    status, first = s.ask(question="医保里的钱能给亲戚用吗")
    assert status == 200 and first["verdict"] == "conditional" and first["ask"]["slot"] == "relation", first
    assert 0 < len(first["context"]) <= 1024
    status, second = s.ask(question="我外甥", context=first["context"])
    assert status == 200 and second["verdict"] == "no" and second["topic"] == "family_sharing_eligibility", second
    # A tampered or malformed context is ignored, never an error.
    for bad in (first["context"][:-2] + "xx", "garbage", 12, None):
        status, r = s.ask(question="我外甥", context=bad)
        assert status == 200, (bad, status, r)


@check("out of scope answers point to 12333")
def _(s):
    status, r = s.ask(question="公积金怎么提取")
    assert status == 200 and r["topic"] == "out_of_scope" and r["verdict"] == "unknown" and "12333" in r["answer"], r


@check("invalid JSON is 400")
def _(s):
    status, r = s.request("POST", "/v1/ask", b"{not json")
    assert status == 400 and error_code(r) == "invalid_json", (status, r)


@check("missing question is 400")
def _(s):
    status, r = s.request("POST", "/v1/ask", {"region": "兰州"})
    assert status == 400 and error_code(r) == "missing_question", (status, r)


@check("empty question is 400")
def _(s):
    for q in ("", "   "):
        status, r = s.ask(question=q)
        assert status == 400 and error_code(r) == "empty_question", (status, r)


@check("question over 500 characters is 400; 500 is fine")
def _(s):
    status, r = s.ask(question="医" * 501)
    assert status == 400 and error_code(r) == "question_too_long", (status, r)
    status, r = s.ask(question="医" * 500)
    assert status == 200, status


@check("invalid UTF-8 is 400")
def _(s):
    status, r = s.request("POST", "/v1/ask", b'{"question":"\xff\xfe"}')
    assert status == 400 and error_code(r) == "invalid_utf8", (status, r)


@check("wrong field types and values are 400")
def _(s):
    for body, code in (({"question": 5}, "invalid_field"), ({"question": "x", "format": "html"}, "invalid_format"),
                       ({"question": "x", "as_of": "yesterday"}, "invalid_as_of"), ([1, 2], "invalid_json")):
        status, r = s.request("POST", "/v1/ask", body)
        assert status == 400 and error_code(r) == code, (body, status, r)


@check("body over 64 KiB is 413")
def _(s):
    status, data, resp = s.request("POST", "/v1/ask", b'{"question":"' + b"a" * (70 * 1024) + b'"}', raw=True)
    assert status == 413, status
    assert b"payload_too_large" in data, data


@check("unknown route is 404 with a JSON error")
def _(s):
    status, r = s.request("GET", "/nope")
    assert status == 404 and error_code(r) == "not_found", (status, r)


@check("wrong method is 405 with a JSON error")
def _(s):
    for method, path in (("GET", "/v1/ask"), ("POST", "/healthz"), ("DELETE", "/v1/topics"), ("PUT", "/v1/ask")):
        status, r = s.request(method, path, b"" if method != "GET" else None)
        assert status == 405 and error_code(r) == "method_not_allowed", (method, path, status, r)


@check("the WeChat endpoint is 404 while no token is configured")
def _(s):
    status, r = s.request("GET", "/wechat?signature=x&timestamp=1&nonce=2&echostr=3")
    assert status == 404 and error_code(r) == "not_found", (status, r)
    status, r = s.request("POST", "/wechat", b"<xml/>")
    assert status == 404, status


@check("healthz and topics")
def _(s):
    status, r = s.request("GET", "/healthz")
    assert status == 200 and r["status"] == "ok" and r["kb_version"], r
    status, r = s.request("GET", "/v1/topics")
    assert status == 200
    names = [t["topic"] for t in r["topics"]]
    assert "family_sharing_eligibility" in names and "out_of_scope" in names and "articles" in names, names
    assert len(names) == 12, names  # ten topics of entries, articles (policy passages), out_of_scope
    assert sum(t["entries"] for t in r["topics"]) > 40


@check("a bad request changes nothing: the next answer is the same")
def _(s):
    _, before = s.ask(question="怎么查询医保卡余额")
    s.request("POST", "/v1/ask", b"{broken")
    s.request("POST", "/v1/ask", b'{"question":"\xff"}')
    _, after = s.ask(question="怎么查询医保卡余额")
    assert without_context(before) == without_context(after)


@check("a body sent again is served from the cache with a fresh context that still works")
def _(s):
    body = '{"question":"医保里的钱能给亲戚用吗","format":"text"}'.encode()
    answers = []
    for _ in range(3):
        status, r = s.request("POST", "/v1/ask", body)
        assert status == 200, (status, r)
        answers.append(r)
    assert without_context(answers[0]) == without_context(answers[2])
    status, follow = s.ask(question="我外甥", context=answers[2]["context"])
    assert status == 200 and follow["verdict"] == "no", follow


@check("keep-alive: many requests on one connection")
def _(s):
    conn = http.client.HTTPConnection(s.host, s.port, timeout=10)
    for _ in range(50):
        conn.request("POST", "/v1/ask", body='{"question":"医保余额怎么查"}'.encode(), headers={"Content-Type": "application/json"})
        r = conn.getresponse()
        r.read()
        assert r.status == 200
    conn.close()


@check("concurrent clients get consistent answers")
def _(s):
    _, expected = s.ask(question="家庭共济怎么绑定")
    expected = without_context(expected)
    errors = []

    def worker():
        for _ in range(20):
            _, r = s.ask(question="家庭共济怎么绑定")
            if without_context(r) != expected:
                errors.append(r)
    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:1]


@check("a client that sends half a request and stalls does not block others")
def _(s):
    sock = socket.create_connection((s.host, s.port), timeout=10)
    sock.sendall(b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
    status, _ = s.ask(question="医保余额怎么查")
    assert status == 200
    sock.close()


def raw_exchange(s, data, timeout=20):
    """Sends raw bytes on a fresh connection and reads until the server closes it (or `timeout`)."""
    sock = socket.create_connection((s.host, s.port), timeout=timeout)
    try:
        sock.sendall(data)
    except OSError:
        pass  # the server may close before the body is all sent: that is the point
    received = b""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
    except (ConnectionResetError, socket.timeout) as e:
        if isinstance(e, socket.timeout):
            raise AssertionError("the server kept the connection open: " + repr(received[:200]))
    finally:
        sock.close()
    return received


@check("compressed request bodies are refused before they are read, and the connection closes")
def _(s):
    bomb = gzip.compress(b"\0" * 5_000_000)
    for encoding, body in (("gzip", bomb), ("deflate", zlib.compress(b"\0" * 1_000_000)), ("br", b"\x0b\x00\x80")):
        # A second request hidden after the body must never be answered.
        smuggled = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
        head = (f"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                f"Content-Encoding: {encoding}\r\nContent-Length: {len(body)}\r\n\r\n").encode()
        reply = raw_exchange(s, head + body + smuggled)
        assert reply.startswith(b"HTTP/1.1 415") and b"unsupported_content_encoding" in reply, (encoding, reply[:200])
        assert reply.count(b"HTTP/1.1 ") == 1, (encoding, reply)


@check("chunked, oversized and length-less bodies are refused or read as empty, never buffered")
def _(s):
    reply = raw_exchange(s, b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                            b"10\r\n" + b"a" * 16 + b"\r\n")
    assert reply.startswith(b"HTTP/1.1 411") and b"length_required" in reply, reply[:200]
    # A gigabyte announced: refused from the headers alone (the client sends none of it).
    reply = raw_exchange(s, b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n")
    assert reply.startswith(b"HTTP/1.1 413") and b"payload_too_large" in reply, reply[:200]
    # No Content-Length at all means an empty body (RFC 9112), answered at once instead of waiting
    # for the client to close; the server's read timeout here is 30 s, the socket's 20 s.
    sock = socket.create_connection((s.host, s.port), timeout=20)
    sock.sendall(b"POST /v1/ask HTTP/1.1\r\nHost: x\r\n\r\n")
    try:
        r = http.client.HTTPResponse(sock)
        r.begin()
        body = r.read()
    except socket.timeout:
        raise AssertionError("a POST without Content-Length was not answered")
    finally:
        sock.close()
    assert r.status == 400 and b"invalid_json" in body, (r.status, body)


@check("a body on a GET is refused, not read as a second request")
def _(s):
    smuggled = b"GET /v1/topics HTTP/1.1\r\nHost: x\r\n\r\n"
    reply = raw_exchange(s, b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(smuggled)
                         + smuggled)
    assert reply.startswith(b"HTTP/1.1 400") and reply.count(b"HTTP/1.1 ") == 1, reply


@check("responses say nosniff")
def _(s):
    status, _, r = s.request("POST", "/v1/ask", {"question": "医保余额怎么查"}, raw=True)
    assert status == 200 and r.getheader("X-Content-Type-Options") == "nosniff"


def internal_errors_say_nothing_of_the_inside(a):
    """A failure inside the server (here: its store removed while it runs) answers 500 with a fixed
    message, never the exception's text (which named the file)."""
    with Server(a.server, a.indexer, a.kb) as s:
        moved = s.store + ".moved"
        os.rename(s.store, moved)
        try:
            status, r = s.ask(question="xyzzy plugh")  # no lexicon term: the text search runs
        finally:
            shutil.move(moved, s.store)
        assert status == 500 and error_code(r) == "internal_error", (status, r)
        assert r["error"]["message"] == "the server failed to answer", r  # not the exception's text
        assert s.wait_for_log("failed"), "the reason was not logged"


def start_refused(a, extra_args, env, word):
    try:
        with Server(a.server, a.indexer, a.kb, extra_args=extra_args, env=env):
            pass
    except RuntimeError as e:
        assert word in str(e), e
        return
    raise AssertionError("the server started")


def unsafe_configurations_are_refused(a):
    # A public address without the hardened proxy in front (the check happens before any bind).
    start_refused(a, ["--host", "0.0.0.0"], {}, "behind_proxy")
    start_refused(a, [], {"FAQ_CONTEXT_SECRET": "short"}, "32 bytes")
    with Server(a.server, a.indexer, a.kb) as s:
        assert s.wait_for_log("context_secret"), "no warning about the missing context secret"


def main():
    a = server_args()
    with Server(a.server, a.indexer, a.kb, extra_args=["--read-timeout-sec", "30"]) as s:
        failed = run_checks(CHECKS, s)
    failed += run_checks([("500 bodies are fixed", internal_errors_say_nothing_of_the_inside),
                          ("unsafe configurations are refused", unsafe_configurations_are_refused)], a)
    print(f"{len(CHECKS) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
