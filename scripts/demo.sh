#!/usr/bin/env bash
# Set up marsad and run the main job on our bundled example report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/marsad extract examples/deir_ezzor_report.ar.txt --published 2019-11-21 --source "Furat Post" --format json
