#!/usr/bin/env bash
# Shared set-up for run.sh and test.sh: install what is missing (Debian packages only), build,
# validate the knowledge base and index it. Safe to run again: each step is cheap when done.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PACKAGES=(g++ cmake make pkg-config python3 libcpp-httplib-dev libsqlitecpp-dev libsqlite3-dev libicu-dev
          nlohmann-json3-dev catch2 libyaml-cpp-dev libssl-dev libpugixml-dev libspdlog-dev
          wrk nginx-light    # the benchmark's smoke test (tests/) drives wrk against us and nginx
          python3-cryptography)  # the WeChat tests play WeChat with an independent AES implementation
# The WeChat interoperability test runs an npm implementation of WeChat's crypto under Node.
command -v node >/dev/null && command -v npm >/dev/null || PACKAGES+=(nodejs npm)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  # Packages with services (nginx) must not start them: the benchmark runs its own instance.
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null && $SUDO chmod +x "$policy"
    trap '$SUDO rm -f "$policy"' EXIT
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

BUILD_TYPE="${BUILD_TYPE:-Release}"
echo "== building ($BUILD_TYPE)"
cmake -S . -B build -DCMAKE_BUILD_TYPE="$BUILD_TYPE" >/dev/null
cmake --build build -j"$(nproc)"

echo "== checking and indexing kb/"
./build/indexer/indexer check kb
mkdir -p data
./build/indexer/indexer build kb --out data/faq.db
