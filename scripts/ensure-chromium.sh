#!/usr/bin/env bash
# Make sure a Chromium for the browser tests exists. Playwright cannot download its own
# browsers on this network, so we use Debian's. Browser tests are never skipped silently:
# without a browser this script fails with instructions.
set -euo pipefail
path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$path" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $path not found; installing Debian's chromium with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq chromium >&2
  [ -x "$path" ] && exit 0
fi
cat >&2 <<MSG
ensure-chromium: no Chromium found at $path, and it cannot be installed automatically here
(needs root and apt-get). Install one, then run the tests again:
  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium
  elsewhere:      install Chromium and set CHROMIUM_PATH=/path/to/chromium
MSG
exit 1
