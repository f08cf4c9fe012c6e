#!/usr/bin/env bash
# Set up as run.sh does, plus the test tools, then run every test: unit tests, HTTP tests against
# a real server on an ephemeral port, the regression question sets, WeChat, the edge and the
# browser tests.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup.sh --tests
cd build
ctest --output-on-failure -j"$(nproc)"
