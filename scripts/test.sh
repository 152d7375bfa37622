#!/usr/bin/env bash
# Set up marsad with its dev tools, start the services the tests need (PostgreSQL, a headless
# browser), then lint, type-check and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
export PATH="$PWD/.venv/bin:$PATH"

if [ -f scripts/postgres.sh ]; then
  # prints `export MARSAD_TEST_PG_URL=...` for the store tests
  eval "$(bash scripts/postgres.sh)"
  trap 'bash scripts/postgres.sh stop >/dev/null 2>&1 || true' EXIT
fi
if [ -f scripts/browser.sh ]; then
  bash scripts/browser.sh
fi

echo "== ruff"
ruff check marsad tests benchmarks
ruff format --check marsad tests benchmarks
echo "== mypy"
mypy marsad
echo "== pytest"
set +e
python -m pytest -q -p no:cacheprovider "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "pytest collected no tests: failing the run" >&2
  exit 1
fi
if [ -d test-output/screenshots ]; then
  echo "== screenshots (CI artifacts)"
  find "$PWD/test-output/screenshots" -name '*.png' | sort
fi
exit "$rc"
