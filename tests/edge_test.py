#!/usr/bin/env python3
"""The public edge (issue 9, item 6): scripts/serve-replicas.sh 2 with Debian's nginx in front.

Requests that take the bare server down (cpp-httplib 0.11.4 inflates compressed bodies, buffers
chunked bodies and huge headers whole, gives each slow client a thread) are refused by nginx
before a replica sees them, slow clients do not delay answers, and the replicas' memory stays
flat. A second run with stand-in replicas checks what a replica receives (Content-Length, never
chunked; no Content-Encoding; HTTP/1.0; X-Forwarded-For set by nginx; /wechat pinned by OpenID).

Usage: edge_test.py --server BIN --indexer BIN --kb DIR
Nothing here asserts on a fast absolute time except the 1 s bound on each probe; every other wait
is on a condition, with a deadline far beyond what it takes on a busy machine.
"""
import ctypes
import gzip
import http.client
import itertools
import json
import os
import re
import select
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_checks, server_args  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(ROOT, "scripts", "serve-replicas.sh")
MB = 1 << 20
HEADER_REFUSED = (400, 431, 494)
QUESTIONS = ["医保怎么报销", "退休了还要交医保吗", "门诊能报销吗", "异地就医怎么备案", "生孩子能报多少"]


# --- Payloads ------------------------------------------------------------------------------------
def gzip_bomb(zero_mib=63):
    """~64 KB of gzip that inflates to 63 MiB of zeros: under the 65,536-byte body limit, so only
    the Content-Encoding refusal stands between it and the library's inflater."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = bytes(MB)
    return b"".join(c.compress(chunk) for _ in range(zero_mib)) + c.flush()


def brotli_zeros(metablocks):
    """A brotli stream (RFC 7932) of metablocks × 16 MiB zero bytes, ~13 bytes per metablock, built
    bit by bit so that no brotli package is needed. Each compressed metablock: one block type of
    each kind, one-symbol ("simple") prefix codes, so every symbol costs 0 bits, and one command:
    insert the literal 0, then copy 2^24 - 1 bytes from distance 1."""
    out, acc, nbits = bytearray(), 0, 0

    def put(value, width):
        nonlocal acc, nbits
        acc |= value << nbits
        nbits += width
        while nbits >= 8:
            out.append(acc & 0xFF)
            acc >>= 8
            nbits -= 8

    put(0, 1)  # WBITS = 16
    for i in range(metablocks):
        last = i == metablocks - 1
        put(int(last), 1)  # ISLAST
        if last:
            put(0, 1)  # ISLASTEMPTY
        put(2, 2)  # MNIBBLES = 6
        put((1 << 24) - 1, 24)  # MLEN - 1
        if not last:
            put(0, 1)  # ISUNCOMPRESSED
        put(0, 3)  # NBLTYPESL = NBLTYPESI = NBLTYPESD = 1
        put(0, 6)  # NPOSTFIX = 0, NDIRECT = 0
        put(0, 2)  # context mode of the literal block type
        put(0, 2)  # NTREESL = NTREESD = 1
        # literal 0; insert&copy 399 = insert code 1 (1 literal), copy code 23; distance code 16
        for symbol, alphabet_bits in ((0, 8), (399, 10), (16, 6)):
            put(1, 2)  # HSKIP = 1: simple prefix code
            put(0, 2)  # NSYM - 1 = 0
            put(symbol, alphabet_bits)
        put((1 << 24) - 1 - 2118, 24)  # copy length 2^24 - 1 (code 23: 2118 + 24 extra bits)
        put(0, 1)  # distance code 16's extra bit 0 → distance 1
    if nbits:
        out.append(acc & 0xFF)
    return bytes(out)


def brotli_decoded_size(data):
    """Decodes with the system libbrotlidec (the library the server links) by streaming, counting
    the output; None when it is not installed."""
    try:
        lib = ctypes.CDLL("libbrotlidec.so.1")
    except OSError:
        return None
    P = ctypes.POINTER
    lib.BrotliDecoderCreateInstance.restype = ctypes.c_void_p
    lib.BrotliDecoderCreateInstance.argtypes = [ctypes.c_void_p] * 3
    lib.BrotliDecoderDestroyInstance.argtypes = [ctypes.c_void_p]
    lib.BrotliDecoderDecompressStream.argtypes = [ctypes.c_void_p, P(ctypes.c_size_t), P(ctypes.c_void_p),
                                                  P(ctypes.c_size_t), P(ctypes.c_void_p), ctypes.c_void_p]
    state = lib.BrotliDecoderCreateInstance(None, None, None)
    inbuf = ctypes.create_string_buffer(data, len(data))
    avail_in, next_in = ctypes.c_size_t(len(data)), ctypes.c_void_p(ctypes.addressof(inbuf))
    outbuf, total = ctypes.create_string_buffer(4 * MB), 0
    while True:
        avail_out, next_out = ctypes.c_size_t(4 * MB), ctypes.c_void_p(ctypes.addressof(outbuf))
        result = lib.BrotliDecoderDecompressStream(state, ctypes.byref(avail_in), ctypes.byref(next_in),
                                                   ctypes.byref(avail_out), ctypes.byref(next_out), None)
        total += 4 * MB - avail_out.value
        if result != 3:  # NEEDS_MORE_OUTPUT
            break
    lib.BrotliDecoderDestroyInstance(state)
    return total if result == 1 and avail_in.value == 0 else -1  # 1 = SUCCESS


GZIP_BOMB = gzip_bomb()
BROTLI_BOMB = brotli_zeros(64)  # 64 × 16 MiB = 1 GiB of zeros in 817 bytes


# --- Processes -----------------------------------------------------------------------------------
def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_stat(pid):
    """(state, ppid, start time) of PID, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    return fields[0], int(fields[1]), int(fields[19])


def children(pid):
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = proc_stat(int(entry))
            if st and st[1] == pid:
                out.append(int(entry))
    return out


def memory_kb(pid):
    """(VmRSS, VmHWM) in kB: the high-water mark also catches a peak that was freed again."""
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0])
    return values["VmRSS"], values["VmHWM"]


class Edge:
    """scripts/serve-replicas.sh 2 on a free port, until stop()."""

    def __init__(self, env, tmp):
        self.tmp = tmp
        for attempt in range(3):  # another program may take the free port between our look and nginx
            self.port = free_port()
            if self._start(env, attempt):
                return
        raise RuntimeError("serve-replicas.sh did not start: " + self.stderr_text())

    def _start(self, env, attempt):
        self.stderr_path = os.path.join(self.tmp, f"serve-replicas-{attempt}.err")
        with open(self.stderr_path, "w") as err:
            # Its own session: a last-resort kill can take the whole group it started, and nothing else.
            self.proc = subprocess.Popen(["bash", SCRIPT, "2"], stdout=subprocess.PIPE, stderr=err, text=True,
                                         env={**os.environ, "FAQ_HOST": "127.0.0.1", "FAQ_PORT": str(self.port),
                                              **env},
                                         start_new_session=True)
        self.lines, ready = [], threading.Event()

        def read():
            for line in self.proc.stdout:
                self.lines.append(line.rstrip("\n"))
                if line.startswith("serving on "):
                    ready.set()
            ready.set()  # EOF: it ended

        threading.Thread(target=read, daemon=True).start()
        ready.wait(120)
        m = next((re.match(r"serving on http://127\.0\.0\.1:(\d+) \(2 replicas, nginx pid (\d+)\)", x)
                  for x in self.lines if x.startswith("serving on")), None)
        if not m:
            self._terminate()
            if "already in use" in self.stderr_text():
                return False
            raise RuntimeError("serve-replicas.sh did not start: " + "\n".join(self.lines) + self.stderr_text())
        assert int(m.group(1)) == self.port, self.lines
        self.run_dir = next(x.split(": ", 1)[1] for x in self.lines if x.startswith("run folder: "))
        self.nginx_pid = int(m.group(2))
        self.replica_pids = [int(open(os.path.join(self.run_dir, f"replica-{i}.pid")).read()) for i in (1, 2)]
        # Everything it started, with start times (a PID can be reused once the process is gone).
        self.started = {pid: proc_stat(pid)[2]
                        for pid in [self.proc.pid, self.nginx_pid, *self.replica_pids, *children(self.nginx_pid)]}
        return True

    def _terminate(self):
        """Stops a script that did not get ready: SIGTERM (it cleans up), else its whole group."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()

    def stderr_text(self):
        with open(self.stderr_path) as f:
            return f.read()

    def left_behind(self):
        return [pid for pid, start in self.started.items()
                if (st := proc_stat(pid)) and st[2] == start and st[0] != "Z"]

    def stop(self):
        """SIGTERM, then checks that everything it started is gone; kills leftovers so that a failed
        run does not leak processes, and raises."""
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(60)
        except subprocess.TimeoutExpired:
            rc = None
        left = self.left_behind()
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        if rc is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            raise AssertionError("serve-replicas.sh did not exit within 60 s of SIGTERM")
        if left:
            raise AssertionError(f"left running after SIGTERM: {left}")
        if os.path.exists(self.run_dir):
            raise AssertionError(f"temporary prefix {self.run_dir} not removed")
        if rc != 0:
            raise AssertionError(f"exit status {rc} after SIGTERM: {self.stderr_text()}")

    # --- HTTP ------------------------------------------------------------------------------------
    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        if body is not None and not isinstance(body, bytes):
            body = json.dumps(body, ensure_ascii=False).encode()
        conn.request(method, path, body=body, headers={"Content-Type": "application/json", **(headers or {})})
        r = conn.getresponse()
        data = r.read()
        conn.close()
        return r.status, data, r

    def exchange(self, head, body_chunks=(), deadline_s=60):
        """Sends HEAD and then BODY_CHUNKS as fast as the connection takes them, but stops sending as
        soon as a response (or the close) arrives, as a well-behaved client would. Returns (status,
        headers, body, bytes sent)."""
        s = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        s.setblocking(False)
        chunks = itertools.chain([head], body_chunks)
        pending, sent, received, sending = b"", 0, b"", True
        deadline = time.monotonic() + deadline_s
        try:
            while time.monotonic() < deadline:
                if sending and not pending:
                    pending = next(chunks, b"")
                    if not pending:
                        sending = False
                r, w, _ = select.select([s], [s] if sending else [], [], 1.0)
                if r:
                    sending = False  # the answer is here: no point sending the rest
                    try:
                        data = s.recv(65536)
                    except ConnectionResetError:
                        break
                    if not data:
                        break
                    received += data
                    if response_complete(received):
                        break
                elif w:
                    try:
                        n = s.send(pending)
                    except (BrokenPipeError, ConnectionResetError):
                        sending = False
                        continue
                    sent += n
                    pending = pending[n:]
        finally:
            s.close()
        status, headers, body = parse_response(received)
        return status, headers, body, sent


def response_complete(data):
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    m = re.search(rb"\r\ncontent-length:\s*(\d+)", head, re.I)
    return bool(m) and len(body) >= int(m.group(1))


def parse_response(data):
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    m = re.match(r"HTTP/1\.[01] (\d{3})", lines[0])
    if not m:
        raise AssertionError(f"no HTTP response (got {data[:200]!r})")
    headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])}
    return int(m.group(1)), headers, body


def json_error(body, headers, code=None):
    """The application's error shape: {"error": {"code": …, "message": …}}, as JSON."""
    assert headers.get("content-type", "").startswith("application/json"), f"content-type {headers}"
    err = json.loads(body)["error"]
    assert isinstance(err["code"], str) and isinstance(err["message"], str), err
    if code:
        assert err["code"] == code, err


def post_head(path, headers):
    lines = [f"POST {path} HTTP/1.1", "Host: edge-test", "Content-Type: application/json", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


# --- The checks against the real server ------------------------------------------------------------
class Checks:
    def __init__(self, edge):
        self.edge = edge
        self.figures = {}
        # Warm up (thread stacks, answer cache, first allocations) before the memory baseline:
        # growth is measured from a replica that has answered, not from one just started.
        for i in range(20):
            status, body, _ = edge.request("POST", "/v1/ask", {"question": QUESTIONS[i % len(QUESTIONS)]})
            assert status == 200, (status, body)
        self.mem_before = [memory_kb(pid) for pid in edge.replica_pids]

    def pid_files(self):
        for i, pid in enumerate(self.edge.replica_pids, 1):
            exe = os.readlink(f"/proc/{pid}/exe")
            assert os.path.basename(exe) == os.path.basename(ARGS.server), (i, exe)
        with open(f"/proc/{self.edge.nginx_pid}/cmdline", "rb") as f:
            assert f.read().startswith(b"nginx: master"), "nginx.pid is not nginx's master"
        assert len(children(self.edge.nginx_pid)) >= 1, "nginx has no workers"

    def shared_context(self):
        """Replicas share the context secret: a conversation started on one continues on the other
        (asked directly, not through nginx, to choose the replica)."""
        ports = []
        for i in (1, 2):
            with open(os.path.join(self.edge.run_dir, f"replica-{i}.log")) as f:
                ports.append(int(re.search(r"listening on http://127\.0\.0\.1:(\d+)", f.read()).group(1)))

        def ask(port, fields):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("POST", "/v1/ask", json.dumps(fields, ensure_ascii=False).encode(),
                         {"Content-Type": "application/json"})
            r = conn.getresponse()
            return r.status, json.loads(r.read())

        # "微信呢" ("and on WeChat?") means the balance query only as a follow-up (tests/dialogues.jsonl).
        status, alone = ask(ports[1], {"question": "微信呢"})
        assert status == 200 and alone["topic"] != "balance_query", f"no longer needs the context: {alone}"
        status, first = ask(ports[0], {"question": "医保余额咋查"})
        assert status == 200 and first["topic"] == "balance_query", first
        status, second = ask(ports[1], {"question": "微信呢", "context": first["context"]})
        assert status == 200 and second["topic"] == "balance_query", f"context refused by replica 2: {second}"

    def gzip_bomb(self):
        bomb = GZIP_BOMB
        assert len(bomb) < 65536 and len(gzip.decompress(bomb)) == 63 * MB, len(bomb)
        head = post_head("/v1/ask", ["Content-Encoding: gzip", f"Content-Length: {len(bomb)}"])
        status, headers, body, _ = self.edge.exchange(head, [bomb])
        assert status == 415, (status, body)
        json_error(body, headers)

    def brotli_bomb(self):
        bomb = BROTLI_BOMB
        # The same construction, checked by the real decoder on 2 metablocks (a non-last and the
        # last, the two kinds the bomb is made of) rather than on the whole GiB (seconds of CPU).
        two = brotli_decoded_size(brotli_zeros(2))
        assert two in (None, 32 * MB), f"the brotli generator is wrong: 2 metablocks decode to {two}"
        assert len(bomb) < 1024, len(bomb)
        head = post_head("/v1/ask", ["Content-Encoding: br", f"Content-Length: {len(bomb)}"])
        status, headers, body, _ = self.edge.exchange(head, [bomb])
        assert status == 415, (status, body)
        json_error(body, headers)

    def chunked_100mb(self):
        chunk = b"%x\r\n" % (64 * 1024) + bytes(64 * 1024) + b"\r\n"
        total = 100 * MB

        def body():
            for _ in range(total // (64 * 1024)):
                yield chunk
            yield b"0\r\n\r\n"

        head = post_head("/v1/ask", ["Transfer-Encoding: chunked"])
        status, headers, resp, sent = self.edge.exchange(head, body())
        assert status == 413, (status, resp)
        json_error(resp, headers, "payload_too_large")
        # Refused on the way in: the client did not have to push the 100 MB (socket buffers on
        # both sides hold a few MB; half of the body is a bound no correct run comes near).
        assert sent < total // 2, f"{sent} bytes sent before the 413"
        self.figures["chunked_sent_mb"] = sent / MB

    def header_line_1mb(self):
        head = b"GET /v1/topics HTTP/1.1\r\nHost: edge-test\r\nX-Big: "
        status, headers, body, sent = self.edge.exchange(head, [b"a" * MB, b"\r\n\r\n"])
        assert status in HEADER_REFUSED, (status, body)
        json_error(body, headers)

    def header_lines_10000(self):
        lines = [b"X-Header-%05d: v\r\n" % i for i in range(10000)]
        head = b"GET /v1/topics HTTP/1.1\r\nHost: edge-test\r\n"
        status, headers, body, _ = self.edge.exchange(head, [b"".join(lines[i:i + 500])
                                                             for i in range(0, 10000, 500)] + [b"\r\n"])
        assert status in HEADER_REFUSED, (status, body)
        json_error(body, headers)

    def slow_clients(self):
        """300 clients send a request line, then a header line every 2 s; probes meanwhile."""
        socks, closed, stop = [], set(), threading.Event()
        for i in range(300):
            s = socket.create_connection(("127.0.0.1", self.edge.port), timeout=30)
            s.sendall(b"POST /v1/ask HTTP/1.1\r\n")
            socks.append(s)
        connected_at = time.monotonic()

        def dribble():
            n = 0
            while not stop.wait(2.0):
                n += 1
                for i, s in enumerate(socks):
                    if i not in closed:
                        try:
                            s.sendall(b"X-Slow-%d: %d\r\n" % (i, n))
                        except OSError:
                            closed.add(i)

        def poll_closed():
            for i, s in enumerate(socks):
                if i in closed:
                    continue
                r, _, _ = select.select([s], [], [], 0)
                if r:
                    try:
                        if not s.recv(4096):
                            closed.add(i)
                    except OSError:
                        closed.add(i)

        sender = threading.Thread(target=dribble, daemon=True)
        sender.start()
        try:
            latencies = []
            for i in range(25):
                t0 = time.monotonic()
                status, body, _ = self.edge.request("POST", "/v1/ask", {"question": QUESTIONS[i % len(QUESTIONS)]})
                latencies.append(time.monotonic() - t0)
                assert status == 200, (status, body)
            probes_done = time.monotonic() - connected_at
            poll_closed()
            self.figures["probe_max_ms"] = max(latencies) * 1000
            self.figures["probe_median_ms"] = statistics.median(latencies) * 1000
            # The probes ran while the slow clients were all still there.
            assert not closed, f"{len(closed)} slow clients were already closed {probes_done:.1f} s after connecting"
            assert max(latencies) < 1.0, f"probe latencies {sorted(latencies)[-3:]}"
            # And nginx does not keep them forever: client_header_timeout (10 s) cuts them off.
            deadline = time.monotonic() + 40
            while len(closed) < len(socks) and time.monotonic() < deadline:
                time.sleep(0.5)
                poll_closed()
            self.figures["slow_cut_after_s"] = time.monotonic() - connected_at
            assert len(closed) == len(socks), f"{len(socks) - len(closed)} slow clients still connected after 40 s"
        finally:
            stop.set()
            sender.join()
            for s in socks:
                s.close()

    def memory_flat(self):
        after = [memory_kb(pid) for pid in self.edge.replica_pids]
        self.figures["memory_kb"] = list(zip(self.mem_before, after))
        for i, ((rss0, hwm0), (rss1, hwm1)) in enumerate(zip(self.mem_before, after), 1):
            assert rss1 - rss0 < 20 * 1024, f"replica {i}: VmRSS {rss0} → {rss1} kB"
            assert hwm1 - hwm0 < 20 * 1024, f"replica {i}: VmHWM {hwm0} → {hwm1} kB"

    def still_answers(self):
        status, body, r = self.edge.request("POST", "/v1/ask", {"question": "医保怎么报销"})
        assert status == 200, (status, body)
        assert json.loads(body).get("answer"), body
        assert r.getheader("Server") == "nginx", r.getheader("Server")  # server_tokens off

    def operator_routes_hidden(self):
        for method, path in (("GET", "/metrics"), ("POST", "/admin/reload"), ("GET", "/%61dmin/reload"),
                             ("GET", "//metrics"), ("GET", "/console")):
            status, body, r = self.edge.request(method, path, b"" if method == "POST" else None)
            assert status == 404, (method, path, status, body)
            json_error(body, {"content-type": r.getheader("Content-Type", "")}, "not_found")


# --- Stand-in replicas: what a replica receives ----------------------------------------------------
FAKE_REPLICA = r'''#!/usr/bin/env python3
# Stands in for faq-server under serve-replicas.sh: takes its flags, prints its ready line and
# records every raw request it receives (one file per connection), answering each with {}.
import os, signal, socket, sys
signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(64)
port = srv.getsockname()[1]
print(f"listening on http://127.0.0.1:{port} (kb_version fake, 0 entries)", flush=True)
n = 0
while True:
    conn, _ = srv.accept()
    conn.settimeout(10)
    data = b""
    while b"\r\n\r\n" not in data:
        part = conn.recv(65536)
        if not part:
            break
        data += part
    head = data.split(b"\r\n\r\n", 1)[0].lower()
    length = 0
    for line in head.split(b"\r\n"):
        if line.startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    while len(data.split(b"\r\n\r\n", 1)[-1]) < length:
        part = conn.recv(65536)
        if not part:
            break
        data += part
    n += 1
    if b"/healthz" not in data.split(b"\r\n", 1)[0]:
        with open(os.path.join(os.environ["FAKE_REPLICA_LOG"], f"{port}-{n}.req"), "wb") as f:
            f.write(data)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
    conn.close()
'''


class StandIns:
    """serve-replicas.sh 2 with stand-in replicas that record what reaches them."""

    def __init__(self, tmp):
        fake = os.path.join(tmp, "fake-replica.py")
        self.log_dir = os.path.join(tmp, "fake-log")
        os.makedirs(self.log_dir)
        with open(fake, "w") as f:
            f.write(FAKE_REPLICA)
        os.chmod(fake, 0o755)
        self.edge = Edge({"FAQ_SERVER_BIN": fake, "FAQ_STORE": fake, "FAKE_REPLICA_LOG": self.log_dir,
                          "FAQ_NGINX_RATE": "10000", "FAQ_NGINX_BURST": "10000", "FAQ_CONFIG": "/dev/null"}, tmp)

    def received_since(self, seen):
        """[(replica port, raw request)] recorded since SEEN (a set of file names), in order."""
        names = sorted(set(os.listdir(self.log_dir)) - seen, key=lambda n: int(n.split("-")[1].split(".")[0]))
        out = []
        for n in names:
            with open(os.path.join(self.log_dir, n), "rb") as f:
                out.append((n.split("-")[0], f.read()))
        return out

    def seen(self):
        return set(os.listdir(self.log_dir))

    def plain_request(self):
        """A chunked body, a client-supplied X-Forwarded-For and two Content-Encoding headers (the
        first empty, so that nginx's check sees none): the replica gets one plain HTTP/1.0 request
        with a Content-Length, no Content-Encoding, and nginx's X-Forwarded-For."""
        seen = self.seen()
        body = json.dumps({"question": "门诊能报销吗"}, ensure_ascii=False).encode()
        head = post_head("/v1/ask", ["Transfer-Encoding: chunked", "X-Forwarded-For: 6.6.6.6",
                                     "Content-Encoding:", "Content-Encoding: gzip"])
        status, _, _, _ = self.edge.exchange(head, [b"%x\r\n%s\r\n" % (len(body[:7]), body[:7]),
                                                    b"%x\r\n%s\r\n" % (len(body[7:]), body[7:]), b"0\r\n\r\n"])
        assert status == 200, status
        (_, raw), = self.received_since(seen)
        head, _, got_body = raw.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        fields = [(k.strip().lower(), v.strip()) for k, _, v in (line.partition(":") for line in lines[1:])]
        names = [k for k, _ in fields]
        assert lines[0] == "POST /v1/ask HTTP/1.0", lines[0]
        assert ("content-length", str(len(body))) in fields, fields
        assert "transfer-encoding" not in names and "content-encoding" not in names, fields
        assert got_body == body, got_body
        assert ("connection", "close") in fields, fields
        xff = [v for k, v in fields if k == "x-forwarded-for"]
        assert xff == ["127.0.0.1"], f"X-Forwarded-For {xff}"

    def refused_stay_at_nginx(self):
        """The refusals above come from nginx: none of those requests reaches a replica (the real
        server answers some of them with 400 itself, which would hide a gap in the config)."""
        seen = self.seen()
        big = [b"X-Header-%05d: v\r\n" % i for i in range(10000)]
        cases = [
            ("gzip bomb", post_head("/v1/ask", ["Content-Encoding: gzip", f"Content-Length: {len(GZIP_BOMB)}"]),
             [GZIP_BOMB], (415,)),
            ("brotli bomb", post_head("/v1/ask", ["Content-Encoding: br", f"Content-Length: {len(BROTLI_BOMB)}"]),
             [BROTLI_BOMB], (415,)),
            ("chunked body over the limit", post_head("/v1/ask", ["Transfer-Encoding: chunked"]),
             [b"10000\r\n" + bytes(0x10000) + b"\r\n"] * 4 + [b"0\r\n\r\n"], (413,)),
            ("body over the limit", post_head("/v1/ask", ["Content-Length: 70000"]), [bytes(70000)], (413,)),
            ("1 MB header line", b"GET /v1/topics HTTP/1.1\r\nHost: edge-test\r\nX-Big: ",
             [b"a" * MB, b"\r\n\r\n"], HEADER_REFUSED),
            ("10,000 header lines", b"GET /v1/topics HTTP/1.1\r\nHost: edge-test\r\n",
             [b"".join(big[i:i + 500]) for i in range(0, 10000, 500)] + [b"\r\n"], HEADER_REFUSED),
        ]
        for name, head, body, expected in cases:
            status, headers, resp, _ = self.edge.exchange(head, body)
            assert status in expected, (name, status, resp)
            json_error(resp, headers)
        got = self.received_since(seen)
        assert not got, f"reached a replica: {[raw[:80] for _, raw in got]}"

    def operator_routes_stay_at_nginx(self):
        """These stand-ins answer 200 to anything: a 404 here comes from nginx."""
        seen = self.seen()
        for method, path in (("GET", "/metrics"), ("POST", "/admin/reload"), ("GET", "/%61dmin/reload"),
                             ("GET", "//metrics"), ("GET", "/v1/../admin/reload"), ("GET", "/console")):
            status, body, r = self.edge.request(method, path, b"" if method == "POST" else None)
            assert status == 404, (method, path, status)
            json_error(body, {"content-type": r.getheader("Content-Type", "")}, "not_found")
        got = self.received_since(seen)
        assert not got, f"reached a replica: {[raw[:80] for _, raw in got]}"

    def balancing(self):
        """/v1/* round robin over both replicas; /wechat pinned by OpenID."""
        seen = self.seen()
        for _ in range(4):
            assert self.edge.request("GET", "/v1/topics")[0] == 200
        ports = {p for p, _ in self.received_since(seen)}
        assert len(ports) == 2, f"/v1/topics went to {ports}"
        for openid in ("oUser-A", "oUser-B", "oUser-C"):
            seen = self.seen()
            for _ in range(4):
                status = self.edge.request("POST", f"/wechat?signature=s&timestamp=1&nonce=n&openid={openid}",
                                           b"<xml/>", {"Content-Type": "text/xml"})[0]
                assert status == 200, status
            ports = {p for p, _ in self.received_since(seen)}
            assert len(ports) == 1, f"{openid} went to {ports}"


def real_server_checks(tmp):
    """The attacks against the real server behind nginx; returns (failures, figures)."""
    store = os.path.join(tmp, "faq.db")
    built = subprocess.run([ARGS.indexer, "build", ARGS.kb, "--out", store], capture_output=True, text=True)
    if built.returncode != 0:
        raise RuntimeError(f"indexer build failed: {(built.stdout + built.stderr)[-2000:]}")
    # Every request here comes from 127.0.0.1: the per-client rate limit is raised out of the way.
    edge = Edge({"FAQ_SERVER_BIN": os.path.abspath(ARGS.server), "FAQ_STORE": store, "FAQ_CONFIG": "/dev/null",
                 "FAQ_QUESTION_LOG": os.path.join(tmp, "questions.db"),
                 "FAQ_NGINX_RATE": "10000", "FAQ_NGINX_BURST": "10000"}, tmp)
    failed, checks = 0, None
    try:
        checks = Checks(edge)
        failed += run_checks([
            ("pid files name the replicas and nginx", checks.pid_files),
            ("a conversation continues on the other replica", checks.shared_context),
            ("gzip bomb refused (415)", checks.gzip_bomb),
            ("brotli bomb refused (415)", checks.brotli_bomb),
            ("100 MB chunked body refused early (413)", checks.chunked_100mb),
            ("1 MB header line refused", checks.header_line_1mb),
            ("10,000 header lines refused", checks.header_lines_10000),
            ("300 slow clients: every probe under 1 s, then nginx cuts them off", checks.slow_clients),
            ("replica memory flat through all of it", checks.memory_flat),
            ("a normal question still answered", checks.still_answers),
            ("/metrics, /admin and /console answer 404", checks.operator_routes_hidden),
        ])
    finally:
        failed += run_checks([("SIGTERM stops everything and removes the prefix", edge.stop)])
    return failed, checks.figures if checks else {}


def stand_in_checks(tmp):
    """What reaches a replica, seen by stand-ins; returns failures."""
    stand_ins = StandIns(tmp)
    try:
        return run_checks([
            ("a replica gets plain HTTP/1.0 with a Content-Length, no Content-Encoding", stand_ins.plain_request),
            ("refused requests never reach a replica", stand_ins.refused_stay_at_nginx),
            ("/metrics and /admin never reach a replica", stand_ins.operator_routes_stay_at_nginx),
            ("/v1 round robin, /wechat pinned by OpenID", stand_ins.balancing),
        ])
    finally:
        if run_checks([("stand-ins: SIGTERM stops everything", stand_ins.edge.stop)]):
            raise AssertionError("stand-ins not stopped cleanly")


def main():
    global ARGS
    ARGS = server_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        try:
            failed, f = real_server_checks(tmp)
        except Exception as e:  # noqa: BLE001 - a start-up failure is reported like a failed check
            print(f"FAIL serve-replicas.sh with the real server: {e!r}")
            failed, f = 1, {}
        try:
            failed += stand_in_checks(tmp)
        except Exception as e:  # noqa: BLE001 - a start-up failure is reported like a failed check
            print(f"FAIL stand-in replicas: {e!r}")
            failed += 1
    if not f:
        sys.exit(1 if failed else 0)
    mem = "; ".join(f"replica {i}: RSS {a[0] // 1024}→{b[0] // 1024} MB, HWM {a[1] // 1024}→{b[1] // 1024} MB"
                    for i, (a, b) in enumerate(f.get("memory_kb", []), 1))
    print(f"figures: probes under 300 slow clients max {f.get('probe_max_ms', 0):.1f} ms, "
          f"median {f.get('probe_median_ms', 0):.1f} ms; slow clients cut after {f.get('slow_cut_after_s', 0):.1f} s; "
          f"chunked: {f.get('chunked_sent_mb', 0):.1f} MB sent before 413; {mem}; "
          f"wall {time.monotonic() - started:.1f} s")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
