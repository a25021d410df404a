#!/usr/bin/env bash
# Debian's Chromium for the browser tests (Playwright's own browser download cannot reach the network),
# and Debian's Noto fonts, so Gurmukhi, Arabic and Urdu text renders in the screenshots (issue 15: the
# pages name system fonts only; a browser downloads none).
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  [ "$(id -u)" = 0 ] || { echo "Chromium is missing: install Debian's chromium package" >&2; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if ! fc-list 2>/dev/null | grep -qi "Noto Sans Gurmukhi"; then
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-core >/dev/null
  else
    echo "fonts-noto-core is missing: Punjabi shows as empty boxes in the screenshots" >&2
  fi
fi
