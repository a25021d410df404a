#!/usr/bin/env bash
# Installs GOV.UK Frontend 6.3.0 (pinned in package.json) from npm and compiles the rebranded
# stylesheet into static/build/. Nothing built is committed. Skips work already done.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || { echo "npm is needed to install GOV.UK Frontend" >&2; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
fi
mkdir -p static/build
if [ ! -f static/build/app.css ] || [ -n "$(find assets package-lock.json -newer static/build/app.css -print -quit)" ]; then
  node_modules/.bin/sass --load-path=node_modules --no-source-map --style=compressed --quiet-deps \
    assets/scss/app.scss static/build/app.css
fi
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js static/build/govuk-frontend.min.js
