#!/usr/bin/env python3
"""The API description cannot drift from the server (issue 12, item 8).

- GET /openapi.json serves docs/openapi.json byte for byte (it is built into the binary);
- every route in the server's route table (server/http_api.cpp) is in the document, and every
  documented path and method is exercised below;
- real responses — successes and errors, from servers with and without the optional parts
  (admin token, question log, WeChat, a rate limit) — are validated against the document: the
  status must be documented for the operation, the media type must be one it lists, and the body
  must validate against its schema (JSON Schema 2020-12, python3-jsonschema), headers it names
  (Retry-After) must be there.

Routes that another branch adds (/v1/suggest, the widget's files and pages) are described in the
document already; until that branch is merged this server answers them 404, and they are
reported as skipped, not failed."""
import argparse
import gzip
import hashlib
import http.client
import json
import os
import re
import shutil
import sys
import tempfile
import time

from jsonschema import Draft202012Validator

from harness import Server, run_checks

PENDING = set()  # routes documented before they existed; none now
TOKEN = "openapi-test-token-0123456789"
WECHAT = {"FAQ_WECHAT_TOKEN": "testtoken", "FAQ_WECHAT_MODE": "plaintext", "FAQ_WECHAT_AES_KEY": ""}


def resolve(doc, node):
    while "$ref" in node and node["$ref"].startswith("#/components/responses/"):
        node = doc["components"]["responses"][node["$ref"].rsplit("/", 1)[1]]
    return node


class Checker:
    def __init__(self, doc):
        self.doc, self.exercised, self.skipped, self.problems = doc, set(), set(), []

    def validate(self, method, path, status, headers, body):
        """Problems with one real response, checked against the document ([] when none)."""
        op = self.doc["paths"].get(path, {}).get(method.lower())
        if op is None:  # an unknown route: its 404/405 must still be the documented error
            op = {"responses": {"404": {"$ref": "#/components/responses/NotFound"},
                                "405": {"$ref": "#/components/responses/MethodNotAllowed"}}}
        documented = op["responses"].get(str(status))
        if documented is None:
            return [f"{method} {path}: status {status} is not documented ({sorted(op['responses'])})"]
        documented = resolve(self.doc, documented)
        content = documented.get("content")
        if not content:
            return [] if not body else [f"{method} {path} {status}: a body where none is documented"]
        media = headers.get("content-type", "").split(";")[0].strip().lower()
        listed = {k.split(";")[0].strip().lower(): v for k, v in content.items()}
        if media not in listed:
            return [f"{method} {path} {status}: media type {media!r} not in {sorted(listed)}"]
        problems = [f"{method} {path} {status}: header {h} missing" for h in documented.get("headers", {})
                    if h.lower() not in headers]
        instance = json.loads(body) if media == "application/json" else body.decode("utf-8")
        # The schema's $refs point into the document: validate with the document as the root.
        root = {**self.doc, **listed[media]["schema"]}
        errors = sorted(Draft202012Validator(root).iter_errors(instance), key=lambda e: list(e.path))
        problems += [f"{method} {path} {status}: {e.message} at {list(e.path)}" for e in errors[:3]]
        return problems

    def call(self, s, method, path, body=None, headers=None, expect=None, raw_body=None, chunked=False,
             announce=None):
        """`announce`: send only the headers, with this Content-Length (a body refused unread);
        `chunked`: only the headers, announcing a chunked body."""
        conn = http.client.HTTPConnection(s.host, s.port, timeout=30)
        data = raw_body if raw_body is not None else (
            json.dumps(body, ensure_ascii=False).encode() if body is not None else None)
        hdrs = {"Content-Type": "application/json", **(headers or {})}
        if announce is not None or chunked:
            conn.putrequest(method, path)
            framing = {"Transfer-Encoding": "chunked"} if chunked else {"Content-Length": str(announce)}
            for k, v in {**hdrs, **framing}.items():
                conn.putheader(k, v)
            conn.endheaders()
        else:
            conn.request(method, path, data, hdrs)
        r = conn.getresponse()
        payload = r.read()
        conn.close()
        headers_in = {k.lower(): v for k, v in r.getheaders()}
        route = path.split("?")[0]
        if (method, route) in PENDING and r.status == 404:
            self.skipped.add((method, route))
            return r.status, payload
        self.exercised.add((method, route))
        if expect is not None and r.status != expect:
            self.problems.append(f"{method} {path}: expected {expect}, got {r.status}: {payload[:200]!r}")
        self.problems += self.validate(method, route, r.status, headers_in, payload)
        return r.status, payload


def sign(*parts):
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def wechat_query(extra=""):
    ts, nonce = str(int(time.time())), "n0nce"
    return f"signature={sign('testtoken', ts, nonce)}&timestamp={ts}&nonce={nonce}{extra}"


def full_server(a, c, tmp):
    store = os.path.join(tmp, "live.db")
    with Server(a.server, a.indexer, a.kb, env={"FAQ_ADMIN_TOKEN": TOKEN, "FAQ_CONSOLE_ENABLED": "1", **WECHAT}) as s:
        shutil.copyfile(s.store, store)
        status, body = c.call(s, "GET", "/openapi.json", expect=200)
        with open(a.doc, "rb") as f:
            assert body == f.read(), "GET /openapi.json is not docs/openapi.json"
        status, body = c.call(s, "POST", "/v1/ask", {"question": "医保余额怎么查"}, expect=200)
        context = json.loads(body)["context"]
        c.call(s, "POST", "/v1/ask", {"question": "医保余额怎么查"}, expect=200)  # from the cache
        c.call(s, "POST", "/v1/ask", {"question": "医保里的钱能给亲戚用吗"}, expect=200)  # with "ask"
        c.call(s, "POST", "/v1/ask", {"question": "医保余额怎么查", "format": "speech", "region": "兰州",
                                      "as_of": "2024-01-01", "channel": "widget"}, expect=200)
        c.call(s, "POST", "/v1/ask", {"question": "那我哥哥呢", "context": context}, expect=200)
        c.call(s, "POST", "/v1/ask", {"question": "公积金怎么取"}, expect=200)
        status, body = c.call(s, "POST", "/v1/ask", {"question": "联网结算会被暂停多久"}, expect=200)  # an excerpt
        assert json.loads(body)["excerpt"] is True, body
        for bad in ({}, {"question": ""}, {"question": 5}, {"question": "x" * 600}, {"question": "x", "format": "pdf"},
                    {"question": "x", "as_of": "yesterday"}):
            c.call(s, "POST", "/v1/ask", bad, expect=400)
        c.call(s, "POST", "/v1/ask", raw_body=b"{not json", expect=400)
        c.call(s, "POST", "/v1/ask", raw_body=gzip.compress(b"{}"), headers={"Content-Encoding": "gzip"}, expect=415)
        c.call(s, "POST", "/v1/ask", announce=70000, expect=413)
        c.call(s, "POST", "/v1/ask", chunked=True, expect=411)
        c.call(s, "DELETE", "/v1/ask", expect=405)
        c.call(s, "POST", "/v1/feedback", {"context": context, "rating": "up", "comment": "好"}, expect=204)
        c.call(s, "POST", "/v1/feedback", {"context": "forged", "rating": "up"}, expect=400)
        c.call(s, "POST", "/v1/feedback", {"context": context, "rating": "meh"}, expect=400)
        c.call(s, "GET", "/v1/feedback", expect=405)
        c.call(s, "GET", "/v1/topics", expect=200)
        c.call(s, "POST", "/v1/topics", raw_body=b"", expect=405)
        c.call(s, "GET", "/healthz", expect=200)
        c.call(s, "GET", "/metrics", expect=200)
        c.call(s, "POST", "/admin/reload", raw_body=b"", headers={"Authorization": f"Bearer {TOKEN}"}, expect=200)
        c.call(s, "POST", "/admin/reload", raw_body=b"", headers={"Authorization": "Bearer nope"}, expect=401)
        with open(s.store, "wb") as f:
            f.write(b"broken")
        c.call(s, "POST", "/admin/reload", raw_body=b"", headers={"Authorization": f"Bearer {TOKEN}"}, expect=409)
        shutil.copyfile(store, s.store)
        c.call(s, "GET", "/wechat?" + wechat_query("&echostr=12345"), expect=200)
        c.call(s, "GET", "/wechat?signature=bad&timestamp=1&nonce=n&echostr=1", expect=403)
        msg = ("<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[oUser1]]></FromUserName>"
               "<CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[医保余额怎么查]]>"
               "</Content><MsgId>6054768590064713728</MsgId></xml>")
        c.call(s, "POST", "/wechat?" + wechat_query("&openid=oUser1"), raw_body=msg.encode(),
               headers={"Content-Type": "text/xml"}, expect=200)
        c.call(s, "POST", "/wechat?signature=bad&timestamp=1&nonce=n", raw_body=msg.encode(),
               headers={"Content-Type": "text/xml"}, expect=403)
        c.call(s, "GET", "/no/such/route", expect=404)
        c.call(s, "GET", "/v1/suggest?q=%E5%8C%BB%E4%BF%9D&limit=3", expect=200)
        for page in ("/widget.js", "/widget.css", "/ask", "/console"):
            c.call(s, "GET", page, expect=200)


def bare_server(a, c, _tmp):
    with Server(a.server, a.indexer, a.kb, extra_args=["--question-log", ""]) as s:
        c.call(s, "POST", "/admin/reload", raw_body=b"", headers={"Authorization": f"Bearer {TOKEN}"}, expect=404)
        c.call(s, "POST", "/v1/feedback", {"context": "x", "rating": "up"}, expect=404)
        c.call(s, "GET", "/wechat?" + wechat_query("&echostr=1"), expect=404)
        c.call(s, "POST", "/wechat", raw_body=b"<xml/>", headers={"Content-Type": "text/xml"}, expect=404)
        c.call(s, "GET", "/console", expect=404)  # console_enabled unset


def limited_server(a, c, _tmp):
    with Server(a.server, a.indexer, a.kb, extra_args=["--rate-limit-per-sec", "0.01", "--rate-limit-burst", "1"]) as s:
        c.call(s, "GET", "/healthz", expect=200)
        for method, path in (("POST", "/v1/ask"), ("GET", "/v1/topics"), ("GET", "/healthz"), ("GET", "/metrics"),
                             ("GET", "/openapi.json"), ("POST", "/v1/feedback")):
            c.call(s, method, path, {"question": "x"} if method == "POST" else None, expect=429)


def routes_in_source(root):
    with open(os.path.join(root, "server", "http_api.cpp"), encoding="utf-8") as f:
        return set(re.findall(r'\{"(GET|POST)", "(/[^"]*)"', f.read()))


def main():
    ap = argparse.ArgumentParser()
    for name in ("--server", "--indexer", "--kb", "--doc"):
        ap.add_argument(name, required=True)
    a = ap.parse_args()
    with open(a.doc, encoding="utf-8") as f:
        doc = json.load(f)
    c = Checker(doc)
    assert doc["openapi"].startswith("3.1"), doc["openapi"]
    for path, ops in doc["paths"].items():  # every schema in the document is a valid 2020-12 schema
        for op in ops.values():
            for response in op["responses"].values():
                for media in resolve(doc, response).get("content", {}).values():
                    Draft202012Validator.check_schema(media["schema"])
    with tempfile.TemporaryDirectory() as tmp:
        failed = run_checks([("full server (token, log, WeChat)", full_server), ("bare server", bare_server),
                             ("rate-limited server", limited_server)], a, c, tmp)
    documented = {(m.upper(), p) for p, ops in doc["paths"].items() for m in ops}
    served = routes_in_source(os.path.dirname(os.path.abspath(a.kb)))
    checks = [
        ("every route of the route table is documented", not (served - documented), sorted(served - documented)),
        ("every documented route was exercised", not (documented - c.exercised - c.skipped),
         sorted(documented - c.exercised - c.skipped)),
        ("every response matched the document", not c.problems, c.problems[:20]),
    ]
    for name, good, detail in checks:
        print(f"{'ok  ' if good else 'FAIL'} {name}" + ("" if good else f": {detail}"))
        failed += 0 if good else 1
    for method, path in sorted(c.skipped):
        print(f"skip {method} {path}: not served on this branch yet (404)")
    print(f"{len(c.exercised)} operations validated, {len(c.skipped)} skipped; {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
