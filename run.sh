#!/usr/bin/env bash
# Set up (install, build, index) and serve on 127.0.0.1:8080 (FAQ_HOST / FAQ_PORT override).
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup.sh
exec ./build/server/faq-server
