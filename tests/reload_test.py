#!/usr/bin/env python3
"""Hot reload and shutdown (issue 12, item 1), against the real server:

- POST /admin/reload under load: a few threads keep asking while the configured store is replaced
  by another one (a different kb_version) and reloaded, again and again; no request may fail,
  and the answers' kb_version must follow the reloads;
- a broken or incompatible store is refused (409 reload_refused), and the old one keeps serving;
- /admin answers 404 without a token and 401 with a wrong one;
- SIGHUP reloads the same way; a refused SIGHUP reload leaves the server serving;
- SIGTERM lets the request in flight finish, then the server exits 0.

Bounded in time: a fixed number of reloads, each test a few seconds; nothing depends on timing
beyond generous timeouts."""
import http.client
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

from harness import Server, run_checks, server_args

TOKEN = "reload-test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
QUESTIONS = ["医保余额怎么查", "我老婆能用我医保卡里的钱吗", "医保卡里的钱能取出来吗", "公积金怎么取",
             "家庭共济怎么绑定", "医保钱包能转账给家人吗", "我爸能用我的个人账户买药吗"]
RELOADS = 20


def kb_version(store):
    with sqlite3.connect(store) as db:
        return db.execute("SELECT value FROM meta WHERE key = 'kb_version'").fetchone()[0]


def build_stores(a, tmp):
    """Two stores with different kb_versions: the project's kb/, and a copy with one topic renamed."""
    store_a, store_b = os.path.join(tmp, "a.db"), os.path.join(tmp, "b.db")
    subprocess.run([a.indexer, "build", a.kb, "--out", store_a], check=True, capture_output=True)
    kb_b = os.path.join(tmp, "kb-b")
    shutil.copytree(a.kb, kb_b)
    topics = os.path.join(kb_b, "lexicon", "topics.yaml")
    with open(topics, encoding="utf-8") as f:
        text = f.read()
    assert "name: 余额查询," in text
    with open(topics, "w", encoding="utf-8") as f:
        f.write(text.replace("name: 余额查询,", "name: 余额查询（第二版）,"))
    subprocess.run([a.indexer, "build", kb_b, "--out", store_b], check=True, capture_output=True)
    assert kb_version(store_a) != kb_version(store_b)
    return store_a, store_b


def install(source, live):
    """Replaces the configured store atomically, as the indexer does."""
    shutil.copyfile(source, live + ".tmp")
    os.replace(live + ".tmp", live)


def reload(s, headers=AUTH):
    status, body, _ = s.request("POST", "/admin/reload", b"", headers, raw=True)
    return status, json.loads(body) if body else None


class Load:
    """Threads asking questions over keep-alive connections until stop(); counts every outcome."""

    def __init__(self, s, threads=4):
        self.s, self.stopping = s, threading.Event()
        self.lock = threading.Lock()
        self.ok = self.failed = 0
        self.failures, self.versions = [], set()
        self.threads = [threading.Thread(target=self.run, args=(i,)) for i in range(threads)]
        for t in self.threads:
            t.start()

    def run(self, i):
        conn, n = None, i
        while not self.stopping.is_set():
            n += 1
            body = json.dumps({"question": QUESTIONS[n % len(QUESTIONS)]}, ensure_ascii=False).encode()
            try:
                conn = conn or http.client.HTTPConnection(self.s.host, self.s.port, timeout=30)
                conn.request("POST", "/v1/ask", body, {"Content-Type": "application/json"})
                r = conn.getresponse()
                data = r.read()
                answer = json.loads(data)
                good = r.status == 200 and answer.get("answer")
                with self.lock:
                    if good:
                        self.ok += 1
                        self.versions.add(answer["kb_version"])
                    else:
                        self.failed += 1
                        self.failures.append((r.status, data[:200]))
            except Exception as e:  # noqa: BLE001 - every failure is counted, none may happen
                with self.lock:
                    self.failed += 1
                    self.failures.append(repr(e))
                conn = None

    def stop(self):
        self.stopping.set()
        for t in self.threads:
            t.join(60)


def reload_under_load(a, tmp, figures):
    store_a, store_b = build_stores(a, tmp)
    versions = {store_a: kb_version(store_a), store_b: kb_version(store_b)}
    live = os.path.join(tmp, "live.db")
    install(store_a, live)
    with Server(a.server, a.indexer, a.kb, store=live, env={"FAQ_ADMIN_TOKEN": TOKEN}) as s:
        load = Load(s)
        try:
            time.sleep(0.3)
            took = []
            for k in range(RELOADS):
                source = store_b if k % 2 == 0 else store_a
                install(source, live)
                t0 = time.monotonic()
                status, r = reload(s)
                took.append(time.monotonic() - t0)
                assert status == 200, (status, r)
                assert r["new_kb_version"] == versions[source], r
                assert r["old_kb_version"] == versions[store_a if k % 2 == 0 else store_b], r
                assert r["entries"] > 0, r
                time.sleep(0.1)
            time.sleep(0.3)
        finally:
            load.stop()
        figures["reload"] = (RELOADS, load.ok, load.failed, sorted(took)[len(took) // 2] * 1000)
        assert load.failed == 0, f"{load.failed} failed requests: {load.failures[:5]}"
        assert load.ok > RELOADS, load.ok
        assert load.versions == set(versions.values()), load.versions  # answers followed the reloads
        status, health = s.request("GET", "/healthz")
        assert health["kb_version"] == versions[store_a], health
        metrics = s.request("GET", "/metrics", raw=True)[1].decode()
        assert f'faq_reloads_total{{result="ok"}} {RELOADS}' in metrics, metrics


def broken_store_refused(a, tmp, _figures):
    store = os.path.join(tmp, "good.db")
    subprocess.run([a.indexer, "build", a.kb, "--out", store], check=True, capture_output=True)
    version = kb_version(store)
    live = os.path.join(tmp, "live-broken.db")
    install(store, live)
    # Another schema: a store the indexer of another version wrote.
    other_schema = os.path.join(tmp, "schema6.db")
    shutil.copyfile(store, other_schema)
    with sqlite3.connect(other_schema) as db:
        db.execute("UPDATE meta SET value = '6' WHERE key = 'schema_version'")
    garbage = os.path.join(tmp, "garbage.db")
    with open(garbage, "wb") as f:
        f.write(b"this is not a SQLite store\n" * 100)
    empty = os.path.join(tmp, "empty.db")
    sqlite3.connect(empty).close()
    with Server(a.server, a.indexer, a.kb, store=live, env={"FAQ_ADMIN_TOKEN": TOKEN}) as s:
        for bad, word in ((garbage, "store"), (other_schema, "schema"), (empty, "store")):
            install(bad, live)
            status, r = reload(s)
            assert status == 409 and r["error"]["code"] == "reload_refused", (bad, status, r)
            assert word in r["error"]["message"] and version in r["error"]["message"], r
            status, health = s.request("GET", "/healthz")
            assert status == 200 and health["kb_version"] == version, health
            status, answer = s.ask(question="医保余额怎么查")
            assert status == 200 and answer["kb_version"] == version, answer
        os.remove(live)  # a store that is not there at all
        status, r = reload(s)
        assert status == 409 and "not found" in r["error"]["message"], r
        install(store, live)
        status, r = reload(s)
        assert status == 200 and r["new_kb_version"] == version, r
        metrics = s.request("GET", "/metrics", raw=True)[1].decode()
        assert 'faq_reloads_total{result="refused"} 4' in metrics, metrics


def admin_needs_a_token(a, tmp, _figures):
    with Server(a.server, a.indexer, a.kb) as s:  # no token configured: the route does not exist
        status, r = reload(s, {"Authorization": "Bearer anything"})
        assert status == 404 and r["error"]["code"] == "not_found", (status, r)
    with Server(a.server, a.indexer, a.kb, env={"FAQ_ADMIN_TOKEN": TOKEN}) as s:
        for headers in ({}, {"Authorization": "Bearer wrong-token-0123456789"}, {"Authorization": TOKEN},
                        {"Authorization": f"Bearer {TOKEN}x"}, {"Authorization": f"Basic {TOKEN}"}):
            status, body, resp = s.request("POST", "/admin/reload", b"", headers, raw=True)
            assert status == 401 and json.loads(body)["error"]["code"] == "unauthorized", (headers, status, body)
            assert resp.getheader("WWW-Authenticate") == "Bearer", resp.getheaders()
        status, body, _ = s.request("GET", "/admin/reload", None, AUTH, raw=True)
        assert status == 405, status
    # A token too short to be safe is refused at start.
    try:
        with Server(a.server, a.indexer, a.kb, env={"FAQ_ADMIN_TOKEN": "short"}):
            raise AssertionError("started with a 5-byte admin token")
    except RuntimeError as e:
        assert "admin_token" in str(e), e


def sighup_reloads(a, tmp, _figures):
    store_a, store_b = build_stores(a, os.path.join(tmp, "hup"))
    live = os.path.join(tmp, "live-hup.db")
    install(store_a, live)
    with Server(a.server, a.indexer, a.kb, store=live) as s:
        install(store_b, live)
        s.proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 20
        while s.request("GET", "/healthz")[1]["kb_version"] != kb_version(store_b):
            assert time.monotonic() < deadline, "SIGHUP did not reload within 20 s"
            time.sleep(0.05)
        with open(live, "wb") as f:
            f.write(b"broken")
        s.proc.send_signal(signal.SIGHUP)
        assert s.wait_for_log("reload refused", 20), s.log_so_far()
        assert s.proc.poll() is None, "the server stopped"
        status, health = s.request("GET", "/healthz")
        assert status == 200 and health["kb_version"] == kb_version(store_b), health


def sigterm_finishes_requests_in_flight(a, tmp, _figures):
    with Server(a.server, a.indexer, a.kb) as s:
        body = json.dumps({"question": "医保余额怎么查"}, ensure_ascii=False).encode()
        sock = socket.create_connection((s.host, s.port), timeout=30)
        sock.sendall(b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: %d\r\n\r\n" % len(body) + body[:10])
        time.sleep(0.5)  # the server is reading the body now
        s.proc.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        assert s.proc.poll() is None, "the server exited with a request in flight"
        sock.sendall(body[10:])
        data = b""
        while True:
            part = sock.recv(65536)
            if not part:
                break
            data += part
            head, _, rest = data.partition(b"\r\n\r\n")
            length = [int(x.split(b":")[1]) for x in head.lower().split(b"\r\n") if x.startswith(b"content-length:")]
            if length and len(rest) >= length[0]:
                break
        sock.close()
        assert data.startswith(b"HTTP/1.1 200"), data[:200]
        assert json.loads(data.partition(b"\r\n\r\n")[2])["answer"], data[:300]
        rc = s.proc.wait(30)
        assert rc == 0, (rc, s.log_so_far())
        assert s.wait_for_log("stopped", 5), s.log_so_far()


def main():
    a = server_args()
    figures = {}
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "hup"))
        failed = run_checks([
            ("reload under load: no request fails, answers follow the store", reload_under_load),
            ("a broken, foreign-schema, empty or missing store is refused; the old one serves", broken_store_refused),
            ("/admin: 404 without a token, 401 with a wrong one", admin_needs_a_token),
            ("SIGHUP reloads; a refused SIGHUP reload keeps serving", sighup_reloads),
            ("SIGTERM: the request in flight is answered, then exit 0", sigterm_finishes_requests_in_flight),
        ], a, tmp, figures)
    if "reload" in figures:
        reloads, ok, bad, median_ms = figures["reload"]
        print(f"figures: {reloads} reloads under load (4 threads, median {median_ms:.0f} ms each): {ok} requests "
              f"answered, {bad} failed; "
              f"wall {time.monotonic() - started:.1f} s")
    print(f"{5 - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
