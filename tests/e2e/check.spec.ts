// "Check my numbers" end to end: a model and a batch made by the CLI (init-model,
// export-batch) opened in the page, then the learner's numbers for that step — an .npz as
// numpy's np.savez writes it, from a step with the hidden δ's f′(z) left out — dropped on the
// panel. The check runs in the page's worker; the debugger goes to the end of δ₁, rings the
// hidden units whose δ differs (the same units a comparison in Node finds), and the panel and
// the inspector show ours, yours and the diagnosis. Screenshots at desktop and phone sizes.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { plantedStep } from '../../src/check/planted/planted-mistakes';
import { readBatch, readModel, traceStep, traceToObject } from '../../src/engine/io';
import { cliProcess } from '../cli/helpers';
import { npz, npzArraysOf } from '../check/helpers';
import { seriousViolations } from './helpers/axe';

const SHOTS = join(process.cwd(), 'reports', 'screenshots');

async function openModelAndBatch(page: Page, model: string, batch: string): Promise<void> {
  await page.goto('/');
  const root = page.locator('.debugger');
  await expect(root).toHaveAttribute('data-kernels', 'wasm-simd', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Open files' }).click();
  const panel = page.getByRole('region', { name: 'open your own files' });
  await panel.getByTestId('open-model').setInputFiles(model);
  await panel.getByTestId('open-batch').setInputFiles(batch);
  await panel.getByLabel('α').fill('0.1');
  await panel.getByLabel('precision').selectOption('float64');
  await panel.getByRole('button', { name: 'Load into the debugger' }).click();
  await expect(panel.getByRole('status')).toHaveText('Loaded model.json (784-16-10, float64) with the batch batch.json.');
  await page.getByRole('button', { name: 'Open files' }).click(); // close it
}

/** Drops a file on the panel's drop zone, as a learner drags it from their file manager. */
async function drop(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, data }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], name));
      return transfer;
    },
    { name, data: Array.from(bytes) },
  );
  await page.getByTestId('check-drop').dispatchEvent('drop', { dataTransfer });
}

test('a faulty npz dropped on Check my numbers: the debugger stops at δ₁, rings the differing units and names the mistake', async ({ page }) => {
  const folder = mkdtempSync(join(tmpdir(), 'deltascope-e2e-check-'));
  const model = join(folder, 'model.json');
  const batch = join(folder, 'batch.json');
  const made = await Promise.all([
    cliProcess('init-model', '--layers', '784-16-10', '--init', 'normal', '--seed', '3', '--out', model),
    cliProcess('export-batch', '--start', '40', '--size', '8', '--out', batch),
  ]);
  expect(made.map((r) => r.code)).toEqual([0, 0]);

  // The learner's step, with the f′(z) of eq. (8) left out, saved as np.savez would; and deltascope's own.
  const net = readModel(readFileSync(model, 'utf8'), { source: 'model.json', precision: 'float64' });
  const examples = readBatch(readFileSync(batch, 'utf8'), net, { source: 'batch.json', precision: 'float64' });
  const input = { net, batch: examples, rule: { learningRate: 0.1, momentum: 0 }, velocity: null };
  const mine = traceToObject({ ...input, step: plantedStep('missing-activation-derivative', input) });
  const ours = traceToObject(traceStep(net, examples, input.rule, null));
  const file = npz(npzArraysOf(mine));

  await page.setViewportSize({ width: 1440, height: 900 });
  await openModelAndBatch(page, model, batch);
  const root = page.locator('.debugger');
  await expect(root).toHaveAttribute('data-step', '-1');

  await page.getByRole('button', { name: 'Check my numbers' }).click();
  const panel = page.getByTestId('check-panel');

  // A file that is no trace: one line naming it, and the debugger stays where it is.
  await panel.getByTestId('check-file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('my delta looks off') });
  await expect(panel.getByTestId('check-error')).toHaveText(/^notes\.txt: /);
  await expect(root).toHaveAttribute('data-step', '-1');

  await drop(page, 'mine.npz', file);
  // 784-16-10: z₁ a₁ z₂ a₂ C δ₂ δ₁ — the end of sub-step 6 computes δ₁, the first number that differs.
  await expect(root).toHaveAttribute('data-step', '6', { timeout: 60_000 });
  await expect(root).toHaveAttribute('data-phase', 'hiddenDelta');
  const diagnosis = panel.getByTestId('check-diagnosis');
  await expect(diagnosis).toHaveAttribute('data-id', 'missing-activation-derivative');
  await expect(diagnosis).toContainText("hidden δ without the f'(z) factor");
  await expect(diagnosis).toContainText("Your delta1 is Σ_k w_kj δ_k without the factor f'(z_j).");
  await expect(diagnosis).toContainText('Breaks eq. (8), (12), (13)');
  await expect(panel.getByTestId('check-first')).toContainText('First difference, in the order the step computes: δⱼ at example 1, unit 1 of layer 1');
  await expect(panel.getByTestId('check-first')).toContainText('(layers[0].delta[0][0], your delta1[0][0])');

  // The units ringed are those whose δ₁ differs for example 1, as Node finds them from the two traces.
  const scale = Math.max(...ours.layers[0].delta.flat().map(Math.abs));
  const differing = ours.layers[0].delta[0].flatMap((d, j) => (Math.abs(mine.layers[0].delta[0][j] - d) > 1e-6 * scale ? [j] : []));
  expect(differing.length).toBeGreaterThan(0);
  const ringed = await page.locator('circle[data-layer="0"][data-differs]').evaluateAll((circles) => circles.map((c) => Number((c as SVGElement).dataset.neuron)));
  expect(ringed.sort((a, b) => a - b)).toEqual(differing);
  expect(await page.locator('circle[data-layer="1"][data-differs]').count()).toBe(0);
  await expect(page.getByTestId('check-marks')).toContainText(`${differing.length} unit`);

  // The inspector follows: hidden unit 1, ours and yours side by side next to its equation.
  await expect(page.getByRole('region', { name: 'neuron inspector' }).locator('h2')).toContainText('Hidden layer 1, unit 1');
  const card = page.getByTestId('check-unit');
  await expect(card).toContainText('Yours beside ours');
  await expect(card.locator('tr.differs')).toHaveCount(1); // δ₁ of example 1; z₁, a₁, f′(z₁) agree
  await expect(card).toContainText("hidden δ without the f'(z) factor");

  // The yours − ours heatmaps of layer 1: δ₁ differs, z₁ agrees.
  await expect(page.getByRole('tab', { name: 'Yours − ours' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('difference-layers[0].delta')).toHaveAttribute('data-differing', String(ours.layers[0].delta.flat().filter((d, i) => Math.abs(mine.layers[0].delta.flat()[i] - d) > 1e-6 * scale).length));
  await expect(page.getByTestId('difference-layers[0].z')).toHaveAttribute('data-differing', '0');

  // Accessible as the rest (tests/e2e/a11y.spec.ts): axe finds nothing serious with the check's result shown.
  expect(await seriousViolations(page), 'axe on the debugger with a check result').toEqual([]);

  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'check-desktop.png'), fullPage: false });
  await page.getByTestId('check-panel').screenshot({ path: join(SHOTS, 'check-panel-desktop.png') });
  await page.getByRole('tabpanel').screenshot({ path: join(SHOTS, 'check-differences-desktop.png') });

  // Phone: the same state fits 390 px — nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId('check-panel')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.getByTestId('check-panel').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'check-phone.png'), fullPage: false });
  await page.getByTestId('check-unit').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'check-phone-inspector.png'), fullPage: false });
});

test('after Export batch: a partial trace JSON of that batch (the loss and ∂C/∂W, from float64 code) is picked and agrees with the float32 debugger; it stays put and rings nothing', async ({ page }) => {
  await page.goto('/');
  const root = page.locator('.debugger');
  await expect(root).toHaveAttribute('data-kernels', 'wasm-simd', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Export batch' }).click();
  const exported = page.getByRole('region', { name: 'export this batch' });
  const folder = mkdtempSync(join(tmpdir(), 'deltascope-e2e-check-export-'));
  const saved: string[] = [];
  for (const kind of ['model', 'batch']) {
    const [download] = await Promise.all([page.waitForEvent('download'), exported.getByRole('button', { name: new RegExp(`-${kind}\\.json$`) }).click()]);
    saved.push(join(folder, download.suggestedFilename()));
    await download.saveAs(saved[saved.length - 1]);
  }
  // The learner's own float64 step on the downloaded files; they bring only the loss and the weight gradients.
  const net = readModel(readFileSync(saved[0], 'utf8'), { source: 'model.json', precision: 'float64' });
  const examples = readBatch(readFileSync(saved[1], 'utf8'), net, { source: 'batch.json', precision: 'float64' });
  const full = traceToObject(traceStep(net, examples, { learningRate: 0.5, momentum: 0 }, null));
  const mine = { loss: full.loss, layers: full.layers.map((layer) => ({ gradW: layer.gradW })) };

  await page.getByRole('button', { name: 'Check my numbers' }).click();
  const panel = page.getByTestId('check-panel');
  await panel.getByTestId('check-file').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(mine)) });
  await expect(panel.getByTestId('check-report')).toContainText('Agree. All 3 quantities you gave agree within 1 × 10⁻⁴ of each one');
  await expect(panel.getByTestId('check-report')).toContainText('mine.json');
  await expect(panel.getByTestId('check-diagnosis')).toHaveCount(0);
  await expect(root).toHaveAttribute('data-step', '-1');
  expect(await page.locator('circle[data-differs]').count()).toBe(0);
});

test('a check worker that cannot be made is a failed check in the panel ("the checker could not start"), and the debugger goes on stepping', async ({ page }) => {
  // The page's Worker refuses the check's worker (as a CSP or a browser without module workers would); the training workers are untouched.
  await page.addInitScript(() => {
    const Native = window.Worker;
    window.Worker = class extends Native {
      constructor(url: string | URL, options?: WorkerOptions) {
        if (options?.name === 'deltascope-check') throw new DOMException('module workers are refused here', 'SecurityError');
        super(url, options);
      }
    };
  });
  await page.goto('/');
  const root = page.locator('.debugger');
  await expect(root).toHaveAttribute('data-kernels', 'wasm-simd', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Check my numbers' }).click();
  const panel = page.getByTestId('check-panel');
  await panel.getByTestId('check-file').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from('{"loss": 2.3}') });
  await expect(panel.getByTestId('check-error')).toHaveText('mine.json: the checker could not start: module workers are refused here');
  // Still a debugger: the next sub-step and the one after.
  await expect(root).toHaveAttribute('data-step', '-1');
  await page.getByRole('button', { name: 'Step ▶' }).click();
  await expect(root).toHaveAttribute('data-step', '0');
  await page.getByRole('button', { name: 'Step ▶' }).click();
  await expect(root).toHaveAttribute('data-step', '1');
});
