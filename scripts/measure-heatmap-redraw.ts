// Measures how long a 784×64 heatmap (W₁ of 784-64-10) takes to redraw in real Chromium:
// serves dev/matrix.html?bench with Vite, opens it at device pixel ratios 1 and 2, and
// prints the page's figures (src/dev/HeatmapBench.svelte). A measurement, not a test:
//   npx tsx scripts/measure-heatmap-redraw.ts
import { chromium } from '@playwright/test';
import { createServer } from 'vite';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const server = await createServer({ server: { port: 5197, strictPort: false, host: '127.0.0.1' }, logLevel: 'warn' });
await server.listen();
const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5197/';
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  for (const deviceScaleFactor of [1, 2]) {
    const page = await browser.newPage({ viewport: { width: 1000, height: 400 }, deviceScaleFactor });
    await page.goto(new URL('dev/matrix.html?bench', url).href);
    await page.waitForFunction(() => (window as unknown as { __heatmapBench?: unknown }).__heatmapBench, null, { timeout: 60_000 });
    const result = await page.evaluate(() => (window as unknown as { __heatmapBench: unknown }).__heatmapBench);
    console.log(JSON.stringify(result));
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
