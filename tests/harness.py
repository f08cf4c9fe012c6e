"""Starts the real faq-server on an ephemeral loopback port with a store built by the real indexer."""
import argparse
import http.client
import json
import os
import re
import subprocess
import tempfile
import threading
import time


class Server:
    """`store`: serve this store file (it is not built, and may be replaced by the test)."""

    def __init__(self, server, indexer, kb, extra_args=(), env=None, store=None):
        self.tmp = tempfile.TemporaryDirectory()
        self.store = store or os.path.join(self.tmp.name, "faq.db")
        # The question log goes to the temporary folder too (the default, data/questions.db, is
        # relative to the working directory, which parallel tests share).
        self.question_log = os.path.join(self.tmp.name, "questions.db")
        if not store:
            subprocess.run([indexer, "build", kb, "--out", self.store], check=True, capture_output=True)
        self.proc = subprocess.Popen([server, "--config", "/dev/null", "--host", "127.0.0.1", "--port", "0",
                                      "--store", self.store, "--question-log", self.question_log, *extra_args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env={**os.environ, **(env or {})})
        # stderr is read all along (a full pipe would block the server) and kept for log checks.
        self._log = []
        self._log_reader = threading.Thread(target=lambda: self._log.extend(self.proc.stderr), daemon=True)
        self._log_reader.start()
        line = self.proc.stdout.readline()
        m = re.search(r"listening on http://([\d.]+):(\d+)", line)
        if not m:
            self.proc.kill()
            self.proc.wait()
            self._log_reader.join(timeout=5)
            self.tmp.cleanup()
            raise RuntimeError("server did not start: " + line + self.log_so_far())
        self.host, self.port = m.group(1), int(m.group(2))

    def log_so_far(self):
        """What the server wrote to stderr until now."""
        return "".join(self._log)

    def wait_for_log(self, text, seconds=10):
        """True once `text` is in the server's log (it is read on another thread, so it may lag)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if text in self.log_so_far():
                return True
            time.sleep(0.02)
        return False

    def request(self, method, path, body=None, headers=None, raw=False):
        """JSON in and out; raw=True returns (status, bytes, response)."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        if body is not None and not isinstance(body, (bytes, str)):
            body = json.dumps(body, ensure_ascii=False).encode()
        conn.request(method, path, body=body, headers=headers or {"Content-Type": "application/json"})
        r = conn.getresponse()
        data = r.read()
        conn.close()
        if raw:
            return r.status, data, r
        return r.status, (json.loads(data) if data else None)

    def ask(self, **fields):
        return self.request("POST", "/v1/ask", fields)

    def stop(self, seconds=15):
        """SIGTERM, and the exit status once the server has finished (None if it did not in time)."""
        self.proc.terminate()
        try:
            return self.proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            return None

    def close(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log_reader.join(timeout=5)
        self.tmp.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def server_args(*extra):
    """The command line every server test takes: --server, --indexer, --kb (and `extra` names)."""
    ap = argparse.ArgumentParser()
    for name in ("--server", "--indexer", "--kb", *extra):
        ap.add_argument(name, required=True)
    return ap.parse_args()


def run_checks(checks, *args):
    """Runs (name, fn) checks with `args`, printing ok/FAIL for each; returns how many failed."""
    failed = 0
    for name, fn in checks:
        try:
            fn(*args)
            print(f"ok   {name}")
        except Exception as e:  # noqa: BLE001 - report every failing check, then go on
            failed += 1
            print(f"FAIL {name}: {e!r}")
    return failed
