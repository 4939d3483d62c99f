#!/usr/bin/env bash
# Sets up what is missing, builds geocheck (release) and runs `geocheck demo` on the bundled
# samples: every command's report (report.html, .xlsx, .json, .gpkg) in ./geocheck-demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --static-swift-stdlib 2>&1 | tail -n 1 >&2
.build/release/geocheck demo --samples samples --out geocheck-demo "$@"
