#!/usr/bin/env bash
# Set up marsad in ./.venv (idempotent). `--dev` adds the test/lint tools.
# Everything comes from PyPI / npm by package name; nothing is downloaded at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
extra=""
if [ "${1:-}" = "--dev" ]; then extra="[dev]"; fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extra}"
if [ -f package.json ] && command -v npm >/dev/null 2>&1; then
  # web UI assets (Leaflet etc.) come from npm packages, never a CDN
  npm ci --silent --no-audit --no-fund >/dev/null
fi
# With the gazetteer sources beside the checkout (../shared/data/geo, as in CI), build the full
# gazetteer into $MARSAD_HOME (a few seconds); without them the default one is built on first use.
# MARSAD_NO_FULL_GAZETTEER=1 skips this.
if [ -d ../shared/data/geo ] && [ -z "${MARSAD_NO_FULL_GAZETTEER:-}" ]; then
  echo "setup: building the full gazetteer from ../shared/data/geo into ${MARSAD_HOME:-the user data dir}" >&2
  bash scripts/gazetteer_full.sh ../shared/data/geo >&2
fi
