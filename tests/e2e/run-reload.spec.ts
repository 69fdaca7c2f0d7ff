// A training run survives a reload, in Chromium: it is checkpointed to IndexedDB while it trains,
// the browser asks before the page is left mid-run, the reloaded training screen shows the run
// paused where its checkpoint left it, Continue goes on from there (not from step 0, with the
// curves so far), and an idle page is left without a question.
import { loadavg } from 'node:os';
import { expect, test, type Dialog, type Page } from '@playwright/test';
import { seriousViolations } from './helpers/axe';

declare global {
  interface Window {
    __reloadLongTasks: { start: number; duration: number }[];
  }
}

const SHOTS = new URL('../../reports/screens/', import.meta.url).pathname;

async function openTraining(page: Page): Promise<void> {
  await page.goto('/#/train');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'idle', { timeout: 60_000 });
}

const stepNow = async (page: Page) => Number(await page.getByRole('progressbar', { name: 'training progress' }).getAttribute('aria-valuenow'));
const savedStep = async (page: Page) => Number((await page.getByTestId('checkpoint').getAttribute('data-step')) || -1);
/** Points of the validation-loss curve (one per check). */
const lossPoints = (page: Page) => page.evaluate(() => (document.querySelector('svg[aria-label="Loss"] path[stroke="#ea580c"]')?.getAttribute('d')?.match(/[ML]/g) ?? []).length);

test('a run is checkpointed, comes back paused after a reload, and Continue goes on from its checkpoint; leaving mid-run asks first, leaving idle does not', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    window.__reloadLongTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => window.__reloadLongTasks.push({ start: e.startTime, duration: e.duration }))).observe({ type: 'longtask', buffered: true });
  });
  await openTraining(page);
  // Long enough to be interrupted: 200 epochs, no early stopping.
  for (const [field, value] of [
    [page.getByLabel('max epochs', { exact: true }), '200'],
    [page.getByLabel(/early-stopping patience/), '0'],
  ] as const) {
    await field.fill(value);
    await field.press('Enter');
  }
  const trainingStart = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running');
  await expect(page.getByTestId('checkpoint')).toContainText('not yet kept for a reload');

  // A checkpoint after a first check, then one more, so the reload has curves to bring back.
  await expect.poll(() => lossPoints(page), { timeout: 90_000 }).toBeGreaterThanOrEqual(1);
  const first = await savedStep(page);
  await expect.poll(() => savedStep(page), { timeout: 30_000 }).toBeGreaterThan(first);
  await expect(page.getByTestId('checkpoint')).toContainText(/kept for a reload at step [\d,]+/);
  const label = await page.locator('#run-title').innerText();
  expect(label).toMatch(/^2 Baseline \(.*max 200 epochs.*\), seed 1$/);
  // Checkpoints are written while it trains: still no task on the page's main thread like training's own work.
  const longTasks = await page.evaluate((from) => window.__reloadLongTasks.filter((t) => t.start >= from).map((t) => t.duration), trainingStart);
  test.info().annotations.push({ type: 'long tasks while training and checkpointing (ms)', description: `${longTasks.map((d) => d.toFixed(0)).join(', ') || 'none'}; load ${loadavg()[0].toFixed(2)}` });
  expect(longTasks.filter((d) => d > 250), `load average ${loadavg()[0].toFixed(2)}`).toEqual([]);

  // Reloading mid-run: the browser asks first (accepted here).
  const dialogs: string[] = [];
  const accept = (dialog: Dialog) => {
    dialogs.push(dialog.type());
    void dialog.accept();
  };
  page.on('dialog', accept);
  await page.reload();
  expect(dialogs).toEqual(['beforeunload']);
  page.off('dialog', accept);

  // Back: the run is listed paused, where its last checkpoint left it.
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'idle', { timeout: 60_000 });
  const interrupted = page.getByTestId('interrupted');
  await expect(interrupted.getByRole('heading', { name: 'Paused by a reload' })).toBeVisible();
  const item = interrupted.locator('li');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText(label);
  const kept = Number(await item.getAttribute('data-step'));
  expect(kept).toBeGreaterThan(first);
  const epoch = Number(await item.getAttribute('data-epoch'));
  await expect(item).toContainText(new RegExp(`paused at epoch ${epoch} of 200 · batch \\d+ of 352 · step ${kept.toLocaleString('en-US')}`));
  await expect(item).toContainText(/val \d+\.\d\d %/);
  for (const [name, width, height] of [['desktop', 1440, 900], ['phone', 390, 844]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${SHOTS}run-reload-paused-${name}-${width}x${height}.png` });
    expect(await seriousViolations(page), `axe on the paused run at ${width}×${height}`).toEqual([]);
  }
  await page.setViewportSize({ width: 1440, height: 900 });

  // The run panel shows it too: paused, with its curves so far and its place.
  await expect(page.locator('#run-title')).toHaveText(label);
  await expect(page.getByTestId('run-status')).toContainText('paused by a reload');
  const pointsBefore = await lossPoints(page);
  expect(pointsBefore).toBeGreaterThanOrEqual(1);
  expect(await stepNow(page)).toBe(kept);
  expect(await savedStep(page)).toBe(kept);

  // Continue: the run goes on from its checkpoint — its step, its curves — not from step 0.
  await item.getByRole('button', { name: /^Continue / }).click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running');
  await expect(interrupted).toHaveCount(0);
  expect(await stepNow(page)).toBeGreaterThanOrEqual(kept);
  expect(await lossPoints(page)).toBeGreaterThanOrEqual(pointsBefore);
  await expect.poll(() => stepNow(page), { timeout: 30_000 }).toBeGreaterThan(kept + 20);
  await expect.poll(() => lossPoints(page), { timeout: 30_000 }).toBeGreaterThan(pointsBefore);
  await expect(page.locator('#run-title')).toHaveText(label);

  // Leaving mid-run asks (dismissed: the page stays).
  const asked: string[] = [];
  page.on('dialog', (dialog) => {
    asked.push(dialog.type());
    void dialog.dismiss();
  });
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => asked).toEqual(['beforeunload']);
  expect(page.isClosed()).toBe(false);

  // Stopped, the run is saved as finished: no longer interrupted, and leaving asks nothing.
  await page.getByRole('button', { name: /Stop/ }).click();
  await expect(page.getByTestId('run-outcome')).toHaveAttribute('data-stop', 'stopped');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'idle');
  const closed = page.waitForEvent('close');
  await page.close({ runBeforeUnload: true });
  await closed;
  expect(asked).toEqual(['beforeunload']);
  expect(errors).toEqual([]);
});

test('a checkpoint that does not read back is set aside with a notice, and the screen still works', async ({ page }) => {
  await openTraining(page);
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('deltascope-runs');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('checkpoints', 'readwrite');
      tx.objectStore('checkpoints').put({ id: 'run-cut', label: 'a cut checkpoint, seed 1', params: { weights: [new Float32Array(3)] } });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  });
  await page.reload();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'idle', { timeout: 60_000 });
  await expect(page.getByRole('list', { name: 'notices' })).toContainText('A stored checkpoint could not be read and is set aside: “a cut checkpoint, seed 1” (run-cut) — presetId: missing');
  await expect(page.getByTestId('interrupted')).toHaveCount(0);
  const setAside = page.getByTestId('runs-set-aside');
  await expect(setAside).toContainText('a cut checkpoint, seed 1');
  await setAside.getByRole('button', { name: /delete the unreadable/ }).click();
  await expect(setAside).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'idle', { timeout: 60_000 });
  await expect(page.getByRole('list', { name: 'notices' })).toHaveCount(0);
});
