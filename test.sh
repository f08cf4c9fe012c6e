#!/usr/bin/env bash
# Set up as run.sh does, plus the test tools, then run every test: unit tests, HTTP tests against
# a real server on an ephemeral port, the regression question sets, WeChat, the edge and the
# browser tests; then the unit tests again under ASan + UBSan and a bounded run of every fuzz
# target (tests/sanitize.sh, in build-san/). Either failing fails the whole.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup.sh --tests
status=0
(cd build && ctest --output-on-failure -j"$(nproc)") || status=$?
tests/sanitize.sh || status=$?
exit $status
