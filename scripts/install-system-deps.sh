#!/usr/bin/env bash
# Installs the Debian packages the tests use, when missing: Chromium for the browser test
# (playwright-core drives /usr/bin/chromium; no browser is downloaded), redis-server for the
# two-replica cache test and prometheus for the metrics test (it scrapes the subgraph). Needs root
# or sudo.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-liberation)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
/usr/bin/chromium --version
redis-server --version
prometheus --version 2>&1 | sed -n 1p
