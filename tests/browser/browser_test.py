#!/usr/bin/env python3
"""The widget and the hotline console in a real browser (issue 13).

Starts the real faq-server (store built by the real indexer) with FAQ_CORS_ORIGINS naming a second
loopback origin, which serves a host page under the strict CSP a government site would use and
embeds the widget with its one script tag. browser_test.mjs then drives Debian's chromium through
playwright-core (pinned in package-lock.json, installed by scripts/setup.sh --tests; no network).
Screenshots land in --artefacts; --update-docs copies them to docs/screenshots/."""
import argparse
import http.server
import os
import shutil
import subprocess
import sqlite3
import sys
import time
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from harness import Server  # noqa: E402

HOST_PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>某市医疗保障局</title>
<link rel="stylesheet" href="/host.css">
<script src="{server}/widget.js" defer {attributes}></script>
</head>
<body>
<header><h1>某市医疗保障局</h1></header>
<main>
<h2>通知公告</h2>
<p>这是一个测试用的宿主页面：它的样式表故意很“粗暴”，用来证明挂件不受宿主样式影响。</p>
<p><a href="/open.html">其他栏目</a></p>
</main>
</body>
</html>
"""

# Host CSS that would wreck a widget living in the page's own DOM.
HOST_CSS = """* { font-size: 11px !important; line-height: 1 !important; font-family: serif !important; }
button, input, ul, li, div, section, p { margin: 9px !important; padding: 0 !important; border: 3px dotted red !important;
  background: #fffbcc !important; color: #222 !important; box-shadow: none !important; }
faq-widget { display: inline !important; font-size: 9px !important; }
"""


def host_server(origin):
    """A second loopback origin serving the host page; origin["server"] is read per request (the
    server's port is known only after the server starts, and the server needs this origin first)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the library's name
            server = origin["server"]
            path = self.path.split("?")[0]
            if path in ("/", "/index.html", "/open.html"):
                # /open.html: the data- attributes (open on load, left, a region, a title of its own).
                attributes = ('data-open="true" data-position="left" data-region="南京" data-title="南京医保问答"'
                              if path == "/open.html" else 'data-position="right"')
                body = HOST_PAGE.format(server=server, attributes=attributes).encode()
                kind = "text/html; charset=utf-8"
            elif path == "/host.css":
                body, kind = HOST_CSS.encode(), "text/css; charset=utf-8"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Security-Policy", f"default-src 'self'; script-src 'self' {server}; "
                                                        f"style-src 'self' {server}; connect-src {server}")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def main():
    ap = argparse.ArgumentParser()
    for name in ("--server", "--indexer", "--kb", "--artefacts"):
        ap.add_argument(name, required=True)
    ap.add_argument("--update-docs", action="store_true", help="copy the screenshots to docs/screenshots/")
    a = ap.parse_args()
    if not os.path.isdir(os.path.join(HERE, "node_modules", "playwright-core")):
        print("FAIL playwright-core is not installed: run scripts/setup.sh --tests (npm ci in tests/browser)")
        return 1
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("FAIL chromium is not installed: run scripts/setup.sh --tests")
        return 1
    os.makedirs(a.artefacts, exist_ok=True)
    origin = {"server": ""}
    httpd = host_server(origin)
    host_origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    env = {"FAQ_CORS_ORIGINS": host_origin, "FAQ_CONSOLE_ENABLED": "1"}
    try:
        with Server(a.server, a.indexer, a.kb, env=env) as s:
            origin["server"] = f"http://{s.host}:{s.port}"
            node_env = {**os.environ, "FAQ_SERVER": origin["server"], "FAQ_HOST": host_origin,
                        "FAQ_ARTEFACTS": os.path.abspath(a.artefacts), "CHROMIUM": chromium}
            r = subprocess.run(["node", os.path.join(HERE, "browser_test.mjs")], env=node_env, timeout=170)
            if r.returncode != 0:
                print("--- server log (last lines) ---\n" + s.log_so_far()[-4000:])
            elif not feedback_logged(s.question_log):
                print("FAIL the widget's 有用 is not in the question log's feedback")
                r = subprocess.CompletedProcess(r.args, 1)
    finally:
        httpd.shutdown()
        httpd.server_close()
    if r.returncode == 0 and a.update_docs:
        docs = os.path.join(HERE, "..", "..", "docs", "screenshots")
        os.makedirs(docs, exist_ok=True)
        for name in sorted(os.listdir(a.artefacts)):
            if name.endswith(".png"):
                shutil.copy(os.path.join(a.artefacts, name), os.path.join(docs, name))
    return r.returncode


def feedback_logged(path, timeout=20.0):
    """The question log is written off the request path: wait for the widget's rating to arrive."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
                if db.execute("SELECT count(*) FROM feedback WHERE rating = 'up'").fetchone()[0] > 0:
                    return True
        except sqlite3.Error:
            pass
        time.sleep(0.2)
    return False


if __name__ == "__main__":
    sys.exit(main())
