#!/usr/bin/env python3
"""Runs wechat_interop.mjs against the real server: an independent npm implementation of WeChat's
crypto (wechat-crypto, pinned in package-lock.json) plays WeChat in safe mode. The package is
installed by scripts/setup.sh --tests; this test never touches the network."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from harness import Server, server_args  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    a = server_args()
    if not os.path.isdir(os.path.join(HERE, "node_modules", "wechat-crypto")):
        print("FAIL wechat-crypto is not installed: run scripts/setup.sh --tests (npm ci in tests/interop)")
        return 1
    env = {"FAQ_WECHAT_TOKEN": "testtoken", "FAQ_WECHAT_AES_KEY": "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
           "FAQ_WECHAT_APPID": "wxb11529c136998cb6"}
    with Server(a.server, a.indexer, a.kb, env=env) as s:
        r = subprocess.run(["node", os.path.join(HERE, "wechat_interop.mjs"), str(s.port)], timeout=60)
    return r.returncode


if __name__ == "__main__":
    sys.exit(main())
