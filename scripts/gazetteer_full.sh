#!/usr/bin/env bash
# Build the full gazetteer (default sources + OCHA Syria + Open-Syria + GeoNames dumps) into
# $MARSAD_HOME from a directory laid out like ../shared/data/geo (see docs/geo.md for where to
# download each source and under which licence). Usage: scripts/gazetteer_full.sh [GEO_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
GEO=${1:-../shared/data/geo}
if [ ! -d "$GEO" ]; then
  echo "gazetteer_full: no such directory: $GEO" >&2
  exit 2
fi
args=()
for f in "$GEO"/ocha_syria/*.csv; do [ -f "$f" ] && args+=(--ocha "$f"); done
[ -d "$GEO/opensyria" ] && args+=(--opensyria "$GEO/opensyria")
for f in "$GEO"/geonames/*.txt; do [ -f "$f" ] && args+=(--geonames "$f"); done
if [ ${#args[@]} -eq 0 ]; then
  echo "gazetteer_full: no OCHA, Open-Syria or GeoNames files under $GEO" >&2
  exit 2
fi
exec .venv/bin/marsad gazetteer build "${args[@]}"
