#!/usr/bin/env bash
# Starts the platform over the bundled samples: installs what is missing, builds geocheck, creates a demo admin (hq) with a
# random password it prints, and serves http://127.0.0.1:${PORT:-8080} until Ctrl-C.
#   scripts/serve.sh            (PORT=9000 scripts/serve.sh for another port)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --static-swift-stdlib --product geocheck 2>&1 | tail -n 1 >&2
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)/geocheck"
password="$(python3 -c 'import secrets; print(secrets.token_urlsafe(12))')"
printf '%s\n' "$password" | "$bin" user add admin --role hq --config samples/platform.yaml
echo "geocheck platform: user admin, password $password" >&2
echo "geocheck platform: open http://127.0.0.1:${PORT:-8080}/ (Chinese; ?lang=en for English)" >&2
exec "$bin" serve --config samples/platform.yaml --host 127.0.0.1 --port "${PORT:-8080}"
