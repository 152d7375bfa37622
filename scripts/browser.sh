#!/usr/bin/env bash
# Install the headless browser the web UI tests drive (Debian's chromium), if it is missing.
# Playwright's own browser download cannot run here (no internet except package registries),
# so the tests use /usr/bin/chromium from Debian instead.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  echo "chromium already installed: $(command -v chromium)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-noto-core
echo "chromium installed: $(command -v chromium)"
