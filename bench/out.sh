#!/usr/bin/env bash
# Issue 11, target 4: what `--out` adds to a screening. For each layer, RUNS alternating runs of
#   geocheck screen rights_N.gpkg --against L=… --id-field id --json > /dev/null
#   geocheck screen rights_N.gpkg --against L=… --id-field id --out DIR > /dev/null
# and prints the median wall times, their ratio (target ≤ 2: `--out` adds at most the screening
# again), the peak RSS of the `--out` runs (target ≤ 600 MB) and the size of report.html
# (target ≤ 10 MB).
#
#   BENCH_DATA=/work/bench-data bench/out.sh [N] [RUNS]      (defaults 20000, 5)
#
# The data are those of bench/run.sh (made by make_data.py); GEOCHECK as there.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
DATA="${BENCH_DATA:-$HERE/data}"
GEOCHECK="${GEOCHECK:-$(cd "$HERE/.." && pwd)/.build/release/geocheck}"
N=${1:-20000}
RUNS=${2:-5}
rights="$DATA/rights_$N.gpkg"
[[ -f $rights && -x $GEOCHECK ]] || { echo "bench/out.sh: need $rights and $GEOCHECK (bench/run.sh makes the data)" >&2; exit 1; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# Median of the numbers on stdin.
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "| layer × $N | --json s | --out s | --out / --json | --out peak RSS MB | report.html MB |"
echo "|---|---:|---:|---:|---:|---:|"
for layer in counties redline; do
  source="$layer=$DATA/$layer.gpkg"
  : > "$scratch/json" ; : > "$scratch/out" ; : > "$scratch/rss"
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e" -o "$scratch/t" "$GEOCHECK" screen "$rights" --against "$source" --id-field id --json > /dev/null 2>&1
    cat "$scratch/t" >> "$scratch/json"
    rm -rf "$scratch/dir"
    /usr/bin/time -f "%e %M" -o "$scratch/t" "$GEOCHECK" screen "$rights" --against "$source" --id-field id --out "$scratch/dir" > /dev/null 2>&1
    awk '{ print $1 }' "$scratch/t" >> "$scratch/out"
    awk '{ print $2 }' "$scratch/t" >> "$scratch/rss"
  done
  json=$(median < "$scratch/json")
  out=$(median < "$scratch/out")
  rss=$(sort -n "$scratch/rss" | tail -n 1)
  html=$(stat -c %s "$scratch/dir/report.html")
  awk -v l="$layer" -v j="$json" -v o="$out" -v r="$rss" -v h="$html" \
    'BEGIN { printf "| %s | %.2f | %.2f | %.2f | %.0f | %.1f |\n", l, j, o, o / j, r * 1024 / 1e6, h / 1e6 }'
done
