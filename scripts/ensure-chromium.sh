#!/usr/bin/env bash
# Debian's Chromium for the browser tests (Playwright's own browser download cannot reach the network).
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
[ "$(id -u)" = 0 ] || { echo "Chromium is missing: install Debian's chromium package" >&2; exit 1; }
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
