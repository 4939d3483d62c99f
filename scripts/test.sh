#!/usr/bin/env bash
# Sets up what is missing (including what the tests use: PostgreSQL + PostGIS, Chromium, CJK
# fonts) and runs the whole test suite (XCTest).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
swift build --build-tests 2>&1 | tail -n 3
log=$(mktemp)
status=0
swift test --skip-build --disable-swift-testing 2>&1 | tee "$log" || status=$?
# One plain closing line with the totals of the whole run.
summary=$(grep -E "^[[:space:]]*Executed [0-9]+ tests?, with [0-9]+ failures?" "$log" | tail -n 1 || true)
rm -f "$log"
if [[ $summary =~ Executed\ ([0-9]+)\ tests?,\ with\ ([0-9]+)\ failure ]]; then
  total=${BASH_REMATCH[1]}
  failed=${BASH_REMATCH[2]}
  echo "$((total - failed)) passed, $failed failed"
  [[ $failed -eq 0 ]] || status=1
else
  echo "no test summary found" >&2
  status=1
fi
exit $status
