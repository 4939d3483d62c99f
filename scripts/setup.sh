#!/usr/bin/env bash
# Installs the system packages geocheck needs, when missing (Debian 12).
#   scripts/setup.sh          GEOS, GDAL, PROJ development packages (to build and run)
#   scripts/setup.sh --tests  also what the tests use: PostgreSQL + PostGIS, Chromium, CJK fonts, openpyxl
set -euo pipefail
packages=(libgeos-dev libgdal-dev libproj-dev libsqlite3-dev zlib1g-dev pkg-config)
if [[ "${1:-}" == "--tests" ]]; then
  packages+=(postgresql-15-postgis-3 postgresql-15 chromium chromium-driver fonts-noto-cjk gdal-bin python3-openpyxl)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "installing: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
if [[ "${1:-}" == "--tests" ]]; then
  # The platform's browser and OpenAPI tests (PyPI): Selenium and schemathesis.
  python3 -c "import selenium" 2>/dev/null || python3 -m pip install -q selenium >&2
  command -v schemathesis >/dev/null || python3 -m pip install -q schemathesis >&2
fi
