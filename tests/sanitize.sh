#!/usr/bin/env bash
# The unit tests under AddressSanitizer + UndefinedBehaviorSanitizer, then every libFuzzer target
# of tests/fuzz/ for a bounded number of runs. All in a build tree of its own, build-san/: clang,
# -O1, line tables only, a unity build (sources compiled 16 to a unit: about half the compile
# time), and only the libraries, the indexer, the unit tests and the fuzzers. The unit tests and
# the fuzzers link the same objects. Incremental: a second run rebuilds only what changed.
# test.sh calls it after ctest; it needs scripts/setup.sh --tests (clang, libclang-rt-dev, and
# llvm for readable stack traces).
#
#   tests/sanitize.sh [--no-fuzz]
#
# Each target runs a fixed number of inputs from a fixed seed (FAQ_FUZZ_SEED, default 1), so a run
# does the same work on any machine; FAQ_FUZZ_SCALE multiplies the numbers of runs (e.g. 10 for a
# longer hunt). A per-target time cap (FAQ_FUZZ_MAX_TIME seconds) is only a safety net for a very
# slow machine: a target that reaches it stops early and passes. Targets run nproc at a time.
# Crashes are kept in build-san/fuzz/<target>/ and replayed with
#   build-san/tests/fuzz/fuzz_<target> FILE
# FAQ_SAN_BUILD names another build tree (e.g. to time a build from scratch).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${FAQ_SAN_BUILD:-build-san}
FUZZ=true
[ "${1:-}" = "--no-fuzz" ] && FUZZ=false
SEED=${FAQ_FUZZ_SEED:-1}
SCALE=${FAQ_FUZZ_SCALE:-1}
MAX_TIME=${FAQ_FUZZ_MAX_TIME:-120}
# Runs per target, from each one's speed: about 5–15 s each on a 2-core machine.
TARGETS=(ask_body:300000 analyzer:12000 answer:15000 context_codec:60000 wechat_message:200000 wechat_crypto:300000
         faq_sheet:40000)

start=$SECONDS
echo "== building $BUILD (clang, ASan + UBSan, libFuzzer)"
cmake -S . -B "$BUILD" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
      "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -gline-tables-only" -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=16 \
      -DFAQ_TESTS=ON -DFAQ_FUZZ=ON >/dev/null
cmake --build "$BUILD" -j"$(nproc)" --target unit_tests indexer fuzzers
echo "   built in $((SECONDS - start)) s"

# Any report stops the program with a non-zero status; initialisation order and use of a
# returned function's stack are checked too.
export ASAN_OPTIONS=check_initialization_order=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

echo "== unit tests (ASan + UBSan)"
"$BUILD/indexer/indexer" build kb --out "$BUILD/unit_store.db"
FAQ_UNIT_STORE="$BUILD/unit_store.db" "$BUILD/tests/unit_tests"

$FUZZ || exit 0
# One target: its log, and a line of figures in $work/result ("ok …" or "FAIL …").
fuzz() {
  local target=$1 runs=$2 work="$BUILD/fuzz/$1" t0=$SECONDS dict=()
  rm -rf "$work" && mkdir -p "$work/corpus"
  [ -f "tests/fuzz/$target.dict" ] && dict=(-dict="tests/fuzz/$target.dict")
  # New inputs go to the first (scratch) directory; the seeds in tests/fuzz/corpus are only read.
  if "$BUILD/tests/fuzz/fuzz_$target" -seed="$SEED" -runs="$runs" -max_total_time="$MAX_TIME" -timeout=25 \
     "${dict[@]}" -print_final_stats=1 -artifact_prefix="$work/" "$work/corpus" "tests/fuzz/corpus/$target" \
     >"$work/log" 2>&1; then
    local done_runs cov
    done_runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
    cov=$(grep -o 'cov: [0-9]*' "$work/log" | tail -n 1)
    echo "ok   fuzz_$target: ${done_runs:-?} inputs in $((SECONDS - t0)) s, $cov, no finding" >"$work/result"
  else
    echo "FAIL fuzz_$target: see $work/log; the input is in $work/ (replay: $BUILD/tests/fuzz/fuzz_$target FILE)" \
      >"$work/result"
  fi
}

echo "== fuzzing (seed $SEED, $(nproc) at a time)"
for spec in "${TARGETS[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do wait -n || true; done
  fuzz "${spec%%:*}" $((${spec##*:} * SCALE)) &
done
wait
failed=0
for spec in "${TARGETS[@]}"; do
  work="$BUILD/fuzz/${spec%%:*}"
  result=$(cat "$work/result" 2>/dev/null || echo "FAIL fuzz_${spec%%:*}: no result")
  if [[ $result == ok* ]]; then
    echo "   ${result#ok   }"
  else
    tail -n 60 "$work/log" 2>/dev/null || true
    echo "$result"
    failed=1
  fi
done
[ "$failed" = 0 ] || exit 1
echo "== sanitizers and fuzzing passed in $((SECONDS - start)) s"
