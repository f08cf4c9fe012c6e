#!/usr/bin/env bash
# Shared set-up for run.sh and test.sh: install what is missing (Debian packages only), build,
# validate the knowledge base and index it. Safe to run again: each step is cheap when done.
#   scripts/setup.sh            what serving needs (run.sh)
#   scripts/setup.sh --tests    that, plus the test tools: Catch2, Python's crypto and JSON Schema,
#                               wrk, nginx, clang with its sanitizer and libFuzzer runtimes, Node
#                               with the npm packages the tests pin, Chromium (test.sh)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
TESTS=false
[ "${1:-}" = "--tests" ] && TESTS=true

PACKAGES=(g++ cmake make pkg-config libcpp-httplib-dev libsqlitecpp-dev libsqlite3-dev libicu-dev
          nlohmann-json3-dev libyaml-cpp-dev libssl-dev libpugixml-dev libspdlog-dev libjemalloc-dev
          libzip-dev)
if $TESTS; then
  PACKAGES+=(catch2 python3 clang-format
             python3-cryptography                 # WeChat's crypto, played independently
             python3-jsonschema                   # responses validated against docs/openapi.json
             wrk nginx-light                      # the benchmark smoke test and the hardened edge
             clang libclang-rt-dev llvm           # tests/sanitize.sh: ASan, UBSan, libFuzzer, symbolizer
             chromium fonts-noto-cjk)             # browser tests (fonts: Chinese in screenshots)
  command -v node >/dev/null && command -v npm >/dev/null || PACKAGES+=(nodejs npm)
fi
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  # Packages with services (nginx) must not start them: the tests run their own instances.
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null && $SUDO chmod +x "$policy"
    trap '$SUDO rm -f "$policy"' EXIT
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if $TESTS; then
  # npm packages the tests use, at the versions their lock files pin: installed here, so that no
  # test needs the network.
  for dir in tests/interop tests/browser; do
    [ -f "$dir/package-lock.json" ] || continue
    [ -d "$dir/node_modules" ] && [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ] && continue
    echo "== npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --silent)
  done
fi

BUILD_TYPE="${BUILD_TYPE:-Release}"
# A unity build (sources compiled 16 to a unit) halves a build from scratch, which is what run.sh
# and CI do; FAQ_UNITY_BUILD=OFF gives one unit per source for quick edit-and-rebuild.
UNITY="${FAQ_UNITY_BUILD:-ON}"
echo "== building ($BUILD_TYPE)"
cmake -S . -B build -DCMAKE_BUILD_TYPE="$BUILD_TYPE" -DFAQ_TESTS="$TESTS" -DCMAKE_UNITY_BUILD="$UNITY" \
      -DCMAKE_UNITY_BUILD_BATCH_SIZE=16 >/dev/null
cmake --build build -j"$(nproc)"

echo "== checking and indexing kb/"
./build/indexer/indexer check kb
mkdir -p data
./build/indexer/indexer build kb --out data/faq.db
