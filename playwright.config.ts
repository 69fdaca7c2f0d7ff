import { defineConfig } from '@playwright/test';

// End-to-end tests drive the built app (vite preview) in Debian's Chromium. The web server
// first brings the WebAssembly kernels up to date, then makes the tests' own build (`vite build --mode e2e` into dist-e2e/: the site plus the
// ?test hook and the hostile fixture lessons), so a run never tests a stale build.
// Playwright cannot download its own browsers here; scripts/ensure-chromium.sh installs Debian's.
const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  outputDir: 'reports/playwright-artifacts',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1440, height: 900 },
    // Each test starts without the service worker, as the page's first visit; the offline
    // tests (tests/e2e/offline.spec.ts) allow it.
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `node scripts/build-wasm.mjs && npx vite build --mode e2e --logLevel error && npx vite preview --mode e2e --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 240_000,
  },
});
