#!/usr/bin/env bash
# Install the headless browser the web UI tests drive (Debian's chromium) and an Arabic font,
# if missing. Playwright's own browser download cannot run here (no internet except package
# registries), so the tests use /usr/bin/chromium from Debian instead.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# Noto Naskh/Sans Arabic, so screenshots show Arabic text rather than boxes
if ! { command -v fc-list >/dev/null 2>&1 && fc-list | grep -i "Noto.*Arabic" >/dev/null; }; then
  need+=(fonts-noto-core)
fi
if [ "${#need[@]}" -eq 0 ]; then
  echo "chromium and Arabic fonts already installed: $(command -v chromium)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
echo "installed ${need[*]}: $(command -v chromium)"
