#!/usr/bin/env bash
# Sets up what is missing, builds geocheck (release) and runs it on the bundled samples.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release 2>&1 | tail -n 1 >&2
cd samples
../.build/release/geocheck screen --config screen.yaml --out ../geocheck-demo/screen
