#!/usr/bin/env bash
# Installs the Debian packages the tests use, when missing: Chromium for the browser test
# (playwright-core drives /usr/bin/chromium; no browser is downloaded) and redis-server for the
# two-replica cache test. Needs root or sudo.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-liberation)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
/usr/bin/chromium --version
redis-server --version
