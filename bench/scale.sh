#!/usr/bin/env bash
# How cost grows with the knowledge base: for each size, generate synthetic entries from the real
# lexicons (bench/gen_synthetic.py), build the store (time, size), then answer the load-test
# questions in process, uncached (median, p99) and read the process's RSS. Writes
# bench/out/scale.tsv and, with gnuplot, bench/scale.png.
#
#   bench/scale.sh [SIZES…]          (default: 10000 100000 1000000)
#   bench/scale.sh --plot-only       (redraw bench/scale.png from bench/out/scale.tsv)
set -euo pipefail
cd "$(dirname "$0")/.."
PLOT_ONLY=0
[ "${1:-}" = --plot-only ] && { PLOT_ONLY=1; shift; }
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(10000 100000 1000000)
OUT=bench/out
mkdir -p "$OUT"
if [ "$PLOT_ONLY" = 0 ]; then
python3 -c 'import yaml' 2>/dev/null || { SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo; $SUDO apt-get install -y -qq python3-yaml >/dev/null; }
BUILD=build-bench
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" -j"$(nproc)" --target indexer store_latency >/dev/null

printf "entries\tbuild_s\tstore_mib\tload_s\tmedian_us\tp99_us\trss_mib\n" > "$OUT/scale.tsv"
# The default knowledge base first, for reference.
"$BUILD/indexer/indexer" build kb --out "$OUT/scale-kb.db" 2>/dev/null
for n in kb "${SIZES[@]}"; do
  if [ "$n" = kb ]; then
    db="$OUT/scale-kb.db"; build_s=0
  else
    db="$OUT/scale-$n.db"
    python3 bench/gen_synthetic.py "$n" "$OUT/syn-$n.jsonl"
    start=$(date +%s.%N)
    "$BUILD/indexer/indexer" build kb --entries-jsonl "$OUT/syn-$n.jsonl" --out "$db" 2>/dev/null
    build_s=$(echo "$(date +%s.%N) - $start" | bc)
    rm -f "$OUT/syn-$n.jsonl"
  fi
  json=$("$BUILD/bench/store_latency" "$db" bench/questions.txt 3)
  python3 - "$json" "$build_s" "$db" >> "$OUT/scale.tsv" <<'PY'
import json, os, sys
d = json.loads(sys.argv[1])
print("\t".join(str(x) for x in (d["entries"], round(float(sys.argv[2]), 1), round(os.path.getsize(sys.argv[3]) / 2**20, 1),
      round(d["load_s"], 2), round(d["median_us"], 1), round(d["p99_us"], 1), round(d["rss_kib"] / 1024, 1))))
PY
  tail -1 "$OUT/scale.tsv"
  [ "$n" = kb ] || rm -f "$db"
done
column -t "$OUT/scale.tsv"
fi
if command -v gnuplot >/dev/null; then
  gnuplot <<GP
set terminal pngcairo size 1000,640 font ",11"
set output "bench/scale.png"
set multiplot layout 2,2 title "医保问答: cost as the knowledge base grows (synthetic entries, 2 cores)"
set logscale x; set grid; set key top left
set xlabel "entries"
set ylabel "µs per question (uncached)"; set title "median and p99 latency"
plot "$OUT/scale.tsv" every ::2 using 1:5 with linespoints lw 2 title "median", "" every ::2 using 1:6 with linespoints lw 2 title "p99"
set key off
set ylabel "seconds"; set title "index build time"
plot "$OUT/scale.tsv" every ::2 using 1:2 with linespoints lw 2
set ylabel "MiB"; set title "store size"
plot "$OUT/scale.tsv" every ::2 using 1:3 with linespoints lw 2
set ylabel "MiB"; set title "process RSS after the run"
plot "$OUT/scale.tsv" every ::2 using 1:7 with linespoints lw 2
unset multiplot
GP
  echo "plot: bench/scale.png"
fi
