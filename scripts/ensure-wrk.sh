#!/usr/bin/env bash
# Debian's wrk, the HTTP load generator the SMS webhook benchmark drives (bench/sms.py).
set -euo pipefail
command -v wrk >/dev/null 2>&1 && exit 0
[ "$(id -u)" = 0 ] || { echo "wrk is missing: install Debian's wrk package" >&2; exit 1; }
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
