// The training screen in Chromium: it trains in the worker while the page stays responsive
// (no main-thread task anywhere near the length of training work; the 50 ms target itself is timed by
// `npm run bench:training`, because a shared machine stretches any task), charts grow, pause/resume/stop work, runs persist, a
// divergence is shown with its hand-over, downloads work — and a short preset run gives the
// same numbers as `npm run cli -- experiments` for the same preset and seed, also when its
// seeds train side by side in several workers.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';

const ROOT = new URL('../../', import.meta.url).pathname;
/** A main-thread task this long means work that belongs in the worker (training a batch, evaluating a check). */
const MAIN_THREAD_BLOCK_MS = 250;

/** A 'long-animation-frame' entry (not yet in TypeScript's DOM types). */
interface LongFrameEntry extends PerformanceEntry {
  readonly blockingDuration: number;
  readonly styleAndLayoutStart: number;
  readonly scripts: readonly { readonly invoker: string; readonly duration: number }[];
}

declare global {
  interface Window {
    __longTasks: { start: number; duration: number }[];
    __frames: { start: number; duration: number; blocking: number; scripts: string; styleAndLayout: number }[];
    __frameGaps: number[];
    /** The most steps seen on a run's bar while it was listed as training alongside the followed one. */
    __stepsAlongside: number;
  }
}

/** Long tasks (> 50 ms) and the gaps between animation frames, from the first script on. */
async function watchMainThread(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__longTasks = [];
    window.__frames = [];
    window.__frameGaps = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    // Long animation frames say what ran in a long task (scripts, style and layout), for the failure message.
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as LongFrameEntry[]) {
        window.__frames.push({
          start: e.startTime,
          duration: e.duration,
          blocking: e.blockingDuration,
          scripts: e.scripts.map((x) => `${x.invoker} ${Math.round(x.duration)} ms`).join(', '),
          styleAndLayout: e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0,
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
    let last = performance.now();
    const frame = (t: number) => {
      window.__frameGaps.push(t - last);
      last = t;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

async function openTraining(page: Page): Promise<void> {
  await page.goto('/#/train');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'idle', { timeout: 60_000 });
}

async function setField(page: Page, label: string | RegExp, value: string): Promise<void> {
  const field = page.getByLabel(label, { exact: typeof label === 'string' });
  await field.fill(value);
  await field.press('Enter');
}

const stepNow = async (page: Page) => Number(await page.getByRole('progressbar', { name: 'training progress' }).getAttribute('aria-valuenow'));

/**
 * Waits by reading attributes every 250 ms (no role or visibility queries, which make the page lay out).
 * Polled from here: waitForFunction would eval a string predicate inside the page, which the page's CSP refuses.
 */
async function until(page: Page, condition: string, timeout = 60_000): Promise<void> {
  await expect.poll(() => page.evaluate(condition), { intervals: [250], timeout }).toBeTruthy();
}
const pointsIn = (chart: string) =>
  `(document.querySelector('svg[aria-label="${chart}"] path[stroke="#ea580c"]')?.getAttribute('d')?.match(/[ML]/g) ?? []).length`;
const statusIs = (status: string) => `document.querySelector('[data-testid="run-status"]')?.getAttribute('data-status') === '${status}'`;

test('trains in the worker with live charts and no main-thread task that blocks like training would; pause/resume/stop; runs kept after a reload', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await watchMainThread(page);
  await openTraining(page);
  await expect(page.getByTestId('preset-description')).toContainText('U(−1, 1)');
  await setField(page, 'max epochs', '4');
  await expect(page.getByTestId('preset-changes')).toHaveText('Changed from preset 2: max 4 epochs.');

  // From here to the end of the run the test only reads attributes, so what the page does is the app's own work.
  const trainingStart = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await until(page, `${pointsIn('Loss')} >= 2`);
  const early = await page.evaluate(pointsIn('Accuracy'));
  await until(page, `${pointsIn('Accuracy')} > ${early}`);
  await until(page, `!!document.querySelector('[data-testid="run-outcome"]')`, 90_000);
  const trainingEnd = await page.evaluate(() => performance.now());

  // It ran its 4 epochs: 4 × 352 steps and 16 checks, each one a point of the curves.
  await expect(page.getByTestId('run-outcome')).toContainText('after 4.00 epochs (1,408 steps)');
  expect(await page.evaluate(pointsIn('Loss'))).toBe(16);
  const finalTest = Number((await page.getByTestId('final-test-accuracy').innerText()).replace(' %', ''));
  expect(finalTest).toBeGreaterThan(85);

  // Training never runs on the main thread: an epoch or a check of 10,000 examples there would block it for
  // far longer than this bound, which still holds on a loaded machine. The 50 ms responsiveness target is
  // measured by `npm run bench:training`, not by a timed test.
  const { longTasks, frames, maxGap } = await page.evaluate(([from, to]) => {
    const gaps = window.__frameGaps.slice(-2000);
    const longTasks = window.__longTasks.filter((t) => t.start >= from && t.start <= to);
    const frames = window.__frames.filter((f) => longTasks.some((t) => t.start < f.start + f.duration && f.start < t.start + t.duration));
    return { longTasks, frames, maxGap: Math.max(...gaps) };
  }, [trainingStart, trainingEnd] as const);
  test.info().annotations.push({ type: 'longest gap between frames while training (ms)', description: maxGap.toFixed(1) });
  const blocking = longTasks.filter((t) => t.duration > MAIN_THREAD_BLOCK_MS);
  test.info().annotations.push({ type: 'long tasks (> 50 ms) while training', description: longTasks.map((t) => t.duration.toFixed(0)).join(', ') || 'none' });
  expect(blocking, `main-thread tasks over ${MAIN_THREAD_BLOCK_MS} ms while training; their frames: ${JSON.stringify(frames)}; load average ${loadavg()[0].toFixed(2)}`).toEqual([]);

  // Pause: the step count stands still; resume: it moves again; stop: the run ends at once.
  await setField(page, 'max epochs', '20');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await until(page, `${pointsIn('Loss')} >= 1`);
  await page.getByRole('button', { name: /Pause$/ }).click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'paused');
  await page.waitForTimeout(300);
  const paused = await stepNow(page);
  await page.waitForTimeout(700);
  expect(await stepNow(page)).toBe(paused);
  await page.getByRole('button', { name: /Resume/ }).click();
  await expect.poll(() => stepNow(page)).toBeGreaterThan(paused);
  await page.getByRole('button', { name: /Stop/ }).click();
  await expect(page.getByTestId('run-outcome')).toHaveAttribute('data-stop', 'stopped');
  // Said as stopped, not finished, and in words in the run list's tooltip (newest first).
  await expect(page.getByTestId('run-status')).toContainText('stopped');
  await expect(page.getByTestId('run-list').locator('label').first()).toHaveAttribute('title', /— stopped by hand, finished /);

  // Both runs are in the list and the table, and still there after a reload (IndexedDB).
  await expect(page.getByTestId('run-list').locator('li')).toHaveCount(2);
  await expect(page.getByTestId('comparison-table').locator('tbody tr')).toHaveCount(2);
  await page.reload();
  await openTraining(page);
  await expect(page.getByTestId('run-list').locator('li')).toHaveCount(2);
  await expect(page.getByTestId('run-list')).toContainText('2 Baseline (max 4 epochs), seed 1');
  expect(errors).toEqual([]);
});

test('pause and debug hands over to the debugger at a batch boundary; Space pauses only while the screen shows', async ({ page }) => {
  await openTraining(page);
  await setField(page, 'max epochs', '20');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await until(page, `${pointsIn('Loss')} >= 1`);
  await page.keyboard.press('Space');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'paused');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running');
  await page.getByRole('button', { name: 'Pause and debug' }).click();
  await expect(page).toHaveURL(/#\/debug$/);
  // Hidden, the training screen ignores Space; back on it, the run waits, paused.
  await page.keyboard.press('Space');
  await page.getByRole('link', { name: 'Training' }).click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'paused');
  await page.getByRole('button', { name: /Stop/ }).click();
  await expect(page.getByTestId('run-outcome')).toHaveAttribute('data-stop', 'stopped');
});

test('a greyed-out button says why: "Pause and debug" with no run, "Train on from it" while the paused run goes on', async ({ page }) => {
  await openTraining(page);
  const debug = page.getByRole('button', { name: 'Pause and debug' });
  await expect(debug).toBeDisabled();
  await expect(debug).toHaveAttribute('title', 'No run in progress: start one, and this pauses it and opens the debugger on its weights.');
  await setField(page, 'max epochs', '20');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await until(page, `${pointsIn('Loss')} >= 1`);
  await expect(debug).toHaveAttribute('title', 'Pause at the next batch boundary and open the debugger on these weights');
  await debug.click();
  await expect(page).toHaveURL(/#\/debug$/);
  await page.getByRole('button', { name: /Back to training/ }).click();
  await expect(page).toHaveURL(/#\/train$/);
  const trainOn = page.getByRole('button', { name: 'Train on from it' });
  await expect(trainOn).toBeDisabled();
  await expect(trainOn).toHaveAttribute('title', 'A run is in progress: stop it (■ Stop) or let it finish first.');
  await page.getByRole('button', { name: /Stop/ }).click();
  await expect(page.getByTestId('run-outcome')).toHaveAttribute('data-stop', 'stopped');
  await expect(trainOn).toBeEnabled();
  await expect(trainOn).toHaveAttribute('title', /^Queue a run that continues from this state/);
});

test('a diverging run says where, and offers the last good batch to the debugger', async ({ page }) => {
  await openTraining(page);
  await page.getByLabel('activation').selectOption('relu');
  await page.getByLabel('initial weights').selectOption('he-normal');
  await setField(page, 'learning rate α', '40');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const alert = page.getByTestId('run-outcome').getByRole('alert');
  await expect(alert).toContainText(/Diverged at step \d+ \(epoch 1, batch \d+\): the loss exploded to [\d.,]+(?: × 10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)? — nothing is non-finite yet; largest \|z\| per layer: layer 1 [\d.,]+(?: × 10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?, layer 2 [\d.,]+(?: × 10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?\./, {
    timeout: 30_000,
  });
  await alert.getByRole('button', { name: 'Debug the last good batch' }).click();
  await expect(page).toHaveURL(/#\/debug$/);
});

test('a short preset run gives the CLI’s numbers, check by check, and the CSV/SVG/PNG downloads hold them', async ({ page }) => {
  const cli = promisify(execFile)(`${ROOT}node_modules/.bin/tsx`, [`${ROOT}src/cli/main.ts`, 'experiments', '--preset', '3c', '--epochs', '1', '--first-seed', '2', '--json'], {
    cwd: ROOT,
    maxBuffer: 1 << 24,
  });
  await openTraining(page);
  await page.getByRole('button', { name: /^3c/ }).click();
  await setField(page, 'max epochs', '1');
  await setField(page, 'seed', '2');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('run-outcome')).toBeVisible({ timeout: 60_000 });

  const csvDownload = page.waitForEvent('download');
  await page.getByRole('group', { name: 'download Loss' }).getByRole('button', { name: 'CSV' }).click();
  const csv = await readFile(await (await csvDownload).path(), 'utf8');
  const [header, ...rows] = csv.trim().split('\n');
  expect(header).toBe('run,seed,step,epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,test_loss,test_accuracy,training_ms');

  const out = JSON.parse((await cli).stdout);
  const run = out.presets[0].runs[0];
  expect(run.config.seed).toBe(2);
  // Every check, losses included, bit for bit: the engine's exp and log are libm.ts's, the same
  // in Chromium and Node (with Math.exp/Math.log the losses differed in the last bits).
  const fromCli: number[][] = run.checks.map((c: { step: number; epoch: number; train: M; validation: M; test: M }) => [
    c.step,
    c.epoch,
    c.train.loss,
    c.train.accuracy,
    c.validation.loss,
    c.validation.accuracy,
    c.test.loss,
    c.test.accuracy,
  ]);
  const fromPage = rows.map((r) => r.split(',').slice(-9, -1).map(Number));
  expect(fromCli).toHaveLength(4);
  expect(fromPage).toHaveLength(4);
  expect(fromPage).toEqual(fromCli);

  // The table row matches the CLI's markdown row, wall time aside.
  const row = await page.getByTestId('comparison-table').locator('tbody tr').last().locator('th, td').allInnerTexts();
  const cliRow = await promisify(execFile)(`${ROOT}node_modules/.bin/tsx`, [`${ROOT}src/cli/main.ts`, 'experiments', '--preset', '3c', '--epochs', '1', '--first-seed', '2'], { cwd: ROOT });
  const cells = cliRow.stdout.split('\n').filter((l) => l.startsWith('| 3c'))[0].split('|').slice(1, -1).map((c) => c.trim());
  const withoutWall = (c: string[]) => [...c.slice(1, 11), ...c.slice(12)];
  expect(withoutWall(row.map((c) => c.trim()))).toEqual(withoutWall(cells));

  const svgDownload = page.waitForEvent('download');
  await page.getByRole('group', { name: 'download Accuracy' }).getByRole('button', { name: 'SVG' }).click();
  const svg = await readFile(await (await svgDownload).path(), 'utf8');
  expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
  expect(svg).toContain('accuracy (%)');
  expect(svg).not.toContain('data-export="skip"');

  const pngDownload = page.waitForEvent('download');
  await page.getByRole('group', { name: 'download Accuracy' }).getByRole('button', { name: 'PNG' }).click();
  const png = await readFile(await (await pngDownload).path());
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
});

test('seeds train side by side in workers (hardwareConcurrency − 1 of them) with the CLI’s numbers and no main-thread task that blocks like training would', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  // A 3-core machine, as the page sees it: two training workers, a core for the page.
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 3 }));
  await watchMainThread(page);
  await openTraining(page);
  await page.getByRole('button', { name: /^3c/ }).click();
  await setField(page, 'seeds', '2'); // the second worker starts loading MNIST now (seconds)
  await setField(page, 'max epochs', '5');
  await expect(page.getByText('Seeds 1 … 2, 2 at a time, each in a worker of its own')).toBeVisible();

  // A run of 5 epochs takes about two seconds now, so seed 2 can leave the "alongside" list (it
  // becomes the followed run when seed 1 ends) between two polls: watch its bar as it changes.
  await page.evaluate(() => {
    window.__stepsAlongside = 0;
    new MutationObserver(() => {
      for (const bar of document.querySelectorAll('[data-testid="alongside"] [role="progressbar"]'))
        window.__stepsAlongside = Math.max(window.__stepsAlongside, Number(bar.getAttribute('aria-valuenow') ?? 0));
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
  });
  const trainingStart = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Train 2 seeds' }).click();
  // Seed 2 trains beside seed 1, in the other worker, once that worker has loaded MNIST.
  await expect(page.getByTestId('alongside').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('alongside')).toContainText('seed 2');
  await until(page, `document.querySelectorAll('[data-testid="comparison-table"] tbody tr').length === 1 && ${statusIs('idle')}`, 120_000);
  const trainingEnd = await page.evaluate(() => performance.now());
  // Seed 2 took gradient steps while seed 1 was still the followed run: the two trained at once.
  expect(await page.evaluate(() => window.__stepsAlongside)).toBeGreaterThan(0);

  // The table's row (mean ± sd of the two seeds) is the CLI's, wall time aside. The CLI runs
  // only now: beside the two workers it would take the page's core while it is being watched.
  const row = await page.getByTestId('comparison-table').locator('tbody tr').last().locator('th, td').allInnerTexts();
  const cli = await promisify(execFile)(`${ROOT}node_modules/.bin/tsx`, [`${ROOT}src/cli/main.ts`, 'experiments', '--preset', '3c', '--epochs', '5', '--seeds', '2', '--jobs', '1'], { cwd: ROOT });
  const cells = cli.stdout.split('\n').filter((l) => l.startsWith('| 3c'))[0].split('|').slice(1, -1).map((c) => c.trim());
  const withoutWall = (c: string[]) => [...c.slice(1, 11), ...c.slice(12)];
  expect(withoutWall(row.map((c) => c.replace(/\s+/g, ' ').trim()))).toEqual(withoutWall(cells));
  expect(cells[2]).toBe('1, 2');

  const { longTasks, frames } = await page.evaluate(([from, to]) => {
    const longTasks = window.__longTasks.filter((t) => t.start >= from && t.start <= to);
    const frames = window.__frames.filter((f) => longTasks.some((t) => t.start < f.start + f.duration && f.start < t.start + t.duration));
    return { longTasks, frames };
  }, [trainingStart, trainingEnd] as const);
  // As in the first test: training stays in the workers (the 50 ms target is npm run bench:training's).
  const blocking = longTasks.filter((t) => t.duration > MAIN_THREAD_BLOCK_MS);
  test.info().annotations.push({ type: 'long tasks (> 50 ms) while training', description: longTasks.map((t) => t.duration.toFixed(0)).join(', ') || 'none' });
  expect(blocking, `main-thread tasks over ${MAIN_THREAD_BLOCK_MS} ms while training; their frames: ${JSON.stringify(frames)}; load average ${loadavg()[0].toFixed(2)}`).toEqual([]);
  expect(errors).toEqual([]);
});

type M = { loss: number; accuracy: number };
