#!/usr/bin/env bash
# Installs Debian's headless-capable Chromium for the dashboard's real-browser test
# (streams: DashboardBrowserTest), unless it is already there. Idempotent; called by .ci/run.
set -euo pipefail

chromium="${RAPPORT_CHROMIUM:-/usr/bin/chromium}"
if [[ -x "$chromium" ]]; then
  exit 0
fi
if ! command -v apt-get > /dev/null; then
  echo "install-chromium.sh: no apt-get here; install Chromium and set RAPPORT_CHROMIUM to its path" >&2
  exit 1
fi
sudo=""
[[ "$(id -u)" -ne 0 ]] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium > /dev/null
"$chromium" --version
