#!/usr/bin/env bash
# Sets up what is missing (including what the tests use) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
swift build --build-tests 2>&1 | tail -n 3
swift test --skip-build 2>&1
