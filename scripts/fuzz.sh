#!/usr/bin/env bash
# libFuzzer runs of the corner-coordinate parser and the screen config loader.
#
#   scripts/fuzz.sh [SECONDS]     (default 60: the bounded run .ci/run makes, split over both targets)
#
# Builds the harnesses of Fuzz/ (a package of its own, so `swift build`/`swift test` never see
# them) with `-sanitize=fuzzer`, copies the seed corpus (Fuzz/corpus/*: the corner fixtures, the
# sample licence and config) into a scratch directory, and runs each target for its share of the
# time. A crash writes its input to Fuzz/artifacts/ and fails the script.
#
# The longer run, for a release or after changing a parser (a few hours, corpus kept between runs):
#
#   FUZZ_CORPUS=$HOME/geocheck-fuzz-corpus scripts/fuzz.sh 14400
#
# The seed is fixed (FUZZ_SEED, default 1) so that CI's bounded run is repeatable; FUZZ_SEED=0 lets
# libFuzzer pick one (the longer runs). Inputs that once crashed stay in Fuzz/corpus as seeds.
#
# Everything is wrapped in `timeout`, so the script cannot hang: the build gets 30 minutes, each
# run its share of SECONDS plus 60 s.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
[[ $seconds =~ ^[0-9]+$ ]] || { echo "usage: scripts/fuzz.sh [SECONDS]" >&2; exit 64; }
flags=(-Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library)
echo "fuzz: building the harnesses (Fuzz/, -sanitize=fuzzer)" >&2
timeout 1800 swift build --package-path Fuzz "${flags[@]}" 2>&1 | tail -n 3 >&2
bin=$(swift build --package-path Fuzz "${flags[@]}" --show-bin-path)
corpus=${FUZZ_CORPUS:-$(mktemp -d)}
mkdir -p Fuzz/artifacts
status=0
share=$(( seconds / 2 > 0 ? seconds / 2 : 1 ))
for target in corner config; do
  mkdir -p "$corpus/$target"
  cp -n Fuzz/corpus/$target/* "$corpus/$target/" 2>/dev/null || true
  echo "fuzz: $target for $share s" >&2
  # SWIFT_BACKTRACE=enable=no: the Swift runtime's backtracer would take SIGILL (every Swift trap)
  # before libFuzzer, which then neither reports the crash nor writes its input (libFuzzer keeps
  # a handler it finds installed).
  SWIFT_BACKTRACE=enable=no timeout $(( share + 60 )) "$bin/fuzz-$target" "$corpus/$target" -max_total_time="$share" -seed="${FUZZ_SEED:-1}" -timeout=10 \
    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix=Fuzz/artifacts/ \
    2> "$corpus/$target.log" || status=$?
  # The log's telling lines (a Swift trap prints "<file>:<line>: Fatal error: …" and what follows).
  grep -E -A8 "^(stat::number_of_executed_units|==[0-9]+== ERROR)|Fatal error|(crash|timeout|oom)-[0-9a-f]+" "$corpus/$target.log" \
    | grep -v -E "^ *#[0-9]+ 0x|^stat::(average|new|peak|slowest)" | head -n 40 >&2 || true
done
# A crash found on a fresh CI machine is only reproducible from its input: print each one.
for input in Fuzz/artifacts/*; do
  [[ -f $input ]] || continue
  echo "fuzz: input $input (base64): $(base64 -w0 "$input" | head -c 4000)" >&2
done
[[ -n ${FUZZ_CORPUS:-} ]] || rm -rf "$corpus"
if [[ $status -ne 0 ]]; then echo "fuzz: FAILED (exit $status); crashing inputs in Fuzz/artifacts/" >&2; exit 1; fi
echo "fuzz: no crash" >&2
