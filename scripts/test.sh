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
# XCTest's "with N failures" counts failed assertions; the failed tests are counted by name.
summary=$(grep -E "^[[:space:]]*Executed [0-9]+ tests?, with [0-9]+ failures?" "$log" | tail -n 1 || true)
failed_tests=$( (grep -E "^Test Case '.*' failed" "$log" || true) | sort -u | wc -l)
rm -f "$log"
if [[ $summary =~ Executed\ ([0-9]+)\ tests?,\ with\ ([0-9]+)\ failure ]]; then
  total=${BASH_REMATCH[1]}
  failed=${BASH_REMATCH[2]}
  if ((failed > 0 && failed_tests == 0)); then failed_tests=1; fi
  echo "$((total - failed_tests)) passed, $failed_tests failed ($failed failed assertions)"
  [[ $failed -eq 0 ]] || status=1
else
  echo "no test summary found" >&2
  status=1
fi
exit $status
