#!/usr/bin/env bash
# geocheck benchmark: bench/run.sh [--sizes 2000,20000] [--layers county,redline] [--scale] [--runs 3]
#                     [--peers geocheck,geocheck-source,geopandas,postgis,duckdb,duckdb-1t,floor]
#   --scale  also 1,000,000 rights x counties (geocheck only; makes rights_1000000.gpkg, ~2 min)
# Data and peer outputs go to $BENCH_DATA (default /work/bench-data), outside the repo.
# GEOCHECK (default /work/main/.build/release/geocheck) is skipped with a message if missing.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DATA="${BENCH_DATA:-/work/bench-data}"
VENV="$DATA/venv"
export GEOCHECK="${GEOCHECK:-$(cd "$HERE/.." && pwd)/.build/release/geocheck}"
SIZES=2000,20000
DATA_SIZES=""
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES="$2"; shift 2 ;;
    --sizes=*) SIZES="${1#*=}"; shift ;;
    --scale) DATA_SIZES=",1000000"; ARGS+=("$1"); shift ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
mkdir -p "$DATA"

# ---- geocheck itself (release build), unless GEOCHECK points elsewhere
if [ "$GEOCHECK" = "$(cd "$HERE/.." && pwd)/.build/release/geocheck" ]; then
  (cd "$HERE/.." && scripts/setup.sh && swift build -c release --static-swift-stdlib 2>&1 | tail -n 1 >&2)
fi

# ---- system packages (Debian): GNU time, GDAL tools, PostgreSQL 15 + PostGIS 3
need=()
[ -x /usr/bin/time ] || need+=(time)
command -v ogr2ogr >/dev/null || need+=(gdal-bin)
command -v python3 >/dev/null || need+=(python3 python3-venv)
[ -f /usr/share/postgresql/15/extension/postgis.control ] || need+=(postgresql-15-postgis-3)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >&2
fi
# apt starts the distribution's default cluster; the benchmark uses its own on port 55432
if command -v pg_lsclusters >/dev/null && pg_lsclusters -h 2>/dev/null | grep -q '^15 *main .*online'; then
  echo "note: the default PostgreSQL cluster 15/main is running (not used by the benchmark)" >&2
fi

# ---- Python peers in a private venv (geopandas, shapely 2, pyproj, pyogrio, duckdb + spatial wheel)
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import geopandas, shapely, pyproj, pyogrio, duckdb, duckdb_ext" 2>/dev/null; then
  "$VENV/bin/pip" install -q "geopandas>=1.0" "shapely>=2.1" pyproj pyogrio pandas numpy \
      "duckdb==1.4.4" "duckdb-ext-spatial==1.4.4.*" >&2
fi

# ---- data (deterministic; skipped when present)
"$VENV/bin/python" "$HERE/make_data.py" --out "$DATA" --sizes "$SIZES$DATA_SIZES"
"$VENV/bin/python" "$HERE/reference.py" check >&2

# ---- run
exec "$VENV/bin/python" "$HERE/bench.py" --data "$DATA" --sizes "$SIZES" --geocheck "$GEOCHECK" "${ARGS[@]}"
