#!/usr/bin/env bash
# Makes sure a real browser for the UI tests is installed: Debian's chromium and its chromedriver.
#
#   eval "$(scripts/browser.sh)"   # prints export WARREN_TEST_CHROMIUM=... and WARREN_TEST_CHROMEDRIVER=...
#
# Tests running as root must pass --no-sandbox (and --headless=new) to chromium.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=SCRIPTDIR/lib/common.sh
source scripts/lib/common.sh

readonly CHROMIUM=/usr/bin/chromium CHROMEDRIVER=/usr/bin/chromedriver

main() {
  ensure_packages chromium chromium-driver
  [[ -x $CHROMIUM ]] || die "$CHROMIUM missing although the chromium package is installed"
  [[ -x $CHROMEDRIVER ]] || die "$CHROMEDRIVER missing although the chromium-driver package is installed"
  # Starting the driver once proves its shared libraries resolve.
  log "browser: $CHROMIUM ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"
  log "driver: $CHROMEDRIVER ($("$CHROMEDRIVER" --version 2>/dev/null | cut -d' ' -f1-2 || true))"
  "$CHROMEDRIVER" --version >/dev/null 2>&1 || die "$CHROMEDRIVER does not start"
  emit_export WARREN_TEST_CHROMIUM "$CHROMIUM"
  emit_export WARREN_TEST_CHROMEDRIVER "$CHROMEDRIVER"
}

main "$@"
