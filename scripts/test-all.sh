#!/usr/bin/env bash
# `npm test`: every test of deltascope — type checks, the layering check, unit and component tests (Vitest),
# then the end-to-end tests in real Chromium (Playwright) against the built app.
# Ends with one line "N passed, N failed, N skipped" summed from the runners' JSON reports,
# and fails when any test failed or none ran.
set -uo pipefail
cd "$(dirname "$0")/.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
mkdir -p reports
rm -f reports/vitest.json reports/playwright.json reports/summary.txt
status=0

# Generated inputs the tests need (normally made by npm install's postinstall).
if ! ls src/engine/kernels/wasm/*.generated.ts >/dev/null 2>&1 || [ ! -f static/data/manifest.json ]; then
  node scripts/build-wasm.mjs && node scripts/build-mnist-assets.mjs || status=1
fi

echo "== type check (svelte-check)"
npx svelte-check --tsconfig ./tsconfig.json --threshold error --output human || status=1

echo "== layering (dependency-cruiser: the table of DEVELOPERS.md)"
npm run -s check:layers || status=1

echo "== unit and component tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=reports/vitest.json || status=1

echo "== browser: ensure Chromium"
if bash scripts/ensure-chromium.sh; then
  echo "== end-to-end tests (playwright, Chromium; its web server builds the app with --mode e2e first)"
  npx playwright test || status=1
else
  echo "browser tests cannot run without Chromium (see above)" >&2
  status=1
fi

node scripts/summarize-tests.mjs reports/vitest.json reports/playwright.json > reports/summary.txt || status=1
summary=$(cat reports/summary.txt)
echo "$summary"
case "$summary" in
  "0 passed"*) status=1 ;;
  *" 0 failed"*) ;;
  *) status=1 ;;
esac
exit $status
