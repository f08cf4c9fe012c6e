#!/usr/bin/env bash
# Set up exactly as run.sh does, then run every test: unit tests, HTTP tests against a real
# server on an ephemeral port, and the regression question set.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup.sh
cd build
ctest --output-on-failure -j"$(nproc)"
