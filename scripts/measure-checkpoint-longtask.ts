// Measures what a training checkpoint costs the page's main thread, in real Chromium: trains a
// 784-1000-10 net (795,010 weights) on the training screen, lets the run checkpoint itself
// `CHECKPOINTS` times (every 3 s), and reports the longest tasks the page's main thread ran
// (PerformanceObserver 'longtask', over 50 ms) while it did, and how long the page's own
// IndexedDB put() calls took (structured clone of the record happens inside put()). Serves
// the e2e build (dist-e2e/: `npx vite build --mode e2e` first). A measurement, not a test:
//   npx tsx scripts/measure-checkpoint-longtask.ts [port]
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { preview } from 'vite';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const CHECKPOINTS = 5;
const port = Number(process.argv[2] ?? 4340);

interface PageFigures {
  longTasks: { start: number; duration: number }[];
  puts: { store: string; start: number; ms: number }[];
}

const server = await preview({ mode: 'e2e', preview: { port, strictPort: true, host: '127.0.0.1' }, logLevel: 'warn' });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const figures: PageFigures = { longTasks: [], puts: [] };
    (window as unknown as { __figures: PageFigures }).__figures = figures;
    new PerformanceObserver((list) => list.getEntries().forEach((e) => figures.longTasks.push({ start: e.startTime, duration: e.duration }))).observe({ type: 'longtask', buffered: true });
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      const t0 = performance.now();
      try {
        return put.apply(this, args);
      } finally {
        figures.puts.push({ store: this.name, start: t0, ms: performance.now() - t0 });
      }
    };
  });
  // The training workers' own put() calls (where the checkpoints are written now), timed the same way.
  const workerPuts: Promise<unknown>[] = [];
  const trainingWorkers: import('@playwright/test').Worker[] = [];
  page.on('worker', (worker) => {
    trainingWorkers.push(worker);
    workerPuts.push(
      worker
        .evaluate(() => {
          const scope = self as unknown as { __puts?: number[] };
          if (typeof IDBObjectStore === 'undefined' || scope.__puts) return;
          scope.__puts = [];
          const put = IDBObjectStore.prototype.put;
          IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
            const t0 = performance.now();
            try {
              return put.apply(this, args);
            } finally {
              if (this.name === 'checkpoints') scope.__puts!.push(performance.now() - t0);
            }
          };
        })
        .catch(() => undefined),
    );
  });
  await page.goto(`http://127.0.0.1:${port}/#/train`);
  await page.getByTestId('run-status').and(page.locator('[data-status="idle"]')).waitFor({ timeout: 120_000 });
  for (const [field, value] of [
    [page.getByLabel(/^hidden layers/), '1000'],
    [page.getByLabel('max epochs', { exact: true }), '200'],
  ] as const) {
    await field.fill(value);
    await field.press('Enter');
  }
  const patience = page.getByLabel(/early-stopping patience/);
  await patience.fill('0');
  await patience.press('Enter');
  const start = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const saved = page.getByTestId('checkpoint');
  const steps: number[] = [];
  while (steps.length < CHECKPOINTS) {
    const previous = steps.at(-1) ?? -1;
    await page.waitForFunction((p) => Number(document.querySelector('[data-testid="checkpoint"]')?.getAttribute('data-step') || -1) > p, previous, { timeout: 120_000 });
    steps.push(Number(await saved.getAttribute('data-step')));
  }
  const end = await page.evaluate(() => performance.now());
  const figures = await page.evaluate(() => (window as unknown as { __figures: PageFigures }).__figures);
  const tasks = figures.longTasks.filter((t) => t.start >= start).map((t) => t.duration);
  const puts = figures.puts.filter((p) => p.start >= start && p.store === 'checkpoints').map((p) => p.ms);
  await Promise.all(workerPuts);
  const inWorkers = (await Promise.all(trainingWorkers.map((w) => w.evaluate(() => (self as unknown as { __puts?: number[] }).__puts ?? []).catch(() => [] as number[])))).flat();
  console.log(
    JSON.stringify({
      net: '784-1000-10',
      checkpointSteps: steps,
      seconds: +((end - start) / 1000).toFixed(1),
      longTasksMs: tasks.map((d) => Math.round(d)),
      longestTaskMs: tasks.length ? Math.round(Math.max(...tasks)) : 0,
      pagePutsOfCheckpoints: puts.length,
      longestPagePutMs: puts.length ? +Math.max(...puts).toFixed(1) : 0,
      workerPutsOfCheckpoints: inWorkers.length,
      workerPutMs: inWorkers.map((ms) => +ms.toFixed(1)),
      load: loadavg().map((x) => +x.toFixed(2)),
    }),
  );
  await page.getByRole('button', { name: /Stop/ }).click();
  await context.close();
} finally {
  await browser.close();
  await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
}
