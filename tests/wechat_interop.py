#!/usr/bin/env python3
"""Runs wechat_interop.mjs against the real server. Installs the npm peer (wechat-crypto) into
the build folder on first use: installed by the test set-up, not vendored."""
import os
import subprocess
import sys

from harness import Server, server_args


def main():
    a = server_args("--npm-dir")
    modules = os.path.join(a.npm_dir, "node_modules")
    if not os.path.isdir(os.path.join(modules, "wechat-crypto")):
        os.makedirs(a.npm_dir, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", a.npm_dir, "wechat-crypto@0.0.2"],
                       check=True, timeout=300)
    env = {"FAQ_WECHAT_TOKEN": "testtoken", "FAQ_WECHAT_AES_KEY": "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
           "FAQ_WECHAT_APPID": "wxb11529c136998cb6"}
    here = os.path.dirname(os.path.abspath(__file__))
    with Server(a.server, a.indexer, a.kb, env=env) as s:
        r = subprocess.run(["node", os.path.join(here, "wechat_interop.mjs"), str(s.port)],
                           env={**os.environ, "NODE_PATH": modules}, timeout=60)
    return r.returncode


if __name__ == "__main__":
    sys.exit(main())
