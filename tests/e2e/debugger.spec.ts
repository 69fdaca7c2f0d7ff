// The debugger screen in real Chromium on real MNIST: a whole batch stepped with the
// keyboard, a hidden unit selected, the inspector's δ compared with the same δ computed
// here in Node by the same machine and engine (same data source, initialisation and first
// batch), a step back that restores the view, and the time from step.next to the views'
// redraw on 784-64-10, printed.
import { expect, test, type Page } from '@playwright/test';
import { createActor } from 'xstate';
import { loadMnistFromPackage } from '../../src/data/node';
import { enableFastKernels } from '../../src/engine/kernels/wasm/index';
import { debuggerMachine } from '../../src/machine/debugger-machine';
import { debuggerInputFor } from '../../src/session/from-training';
import { neuronView } from '../../src/viewmodel/selectors';
import { formatValue } from '../../src/format';
import { openingDebuggerConfig } from '../../src/session/settings';
import { FRAME_MEASURE, REDRAW_MEASURE, COMPUTE_MEASURE } from '../../src/views/debugger/redraw-timing';

const UNIT = 5; // hidden unit 6 (0-based 5)
const SAMPLE = 16; // example 17 of the first batch

/** δ of hidden unit UNIT for example SAMPLE after one batch, computed in Node as the page does. */
async function nodeDelta(): Promise<{ delta: number; z: number; kernels: string }> {
  const kernels = await enableFastKernels();
  const actor = createActor(debuggerMachine, { input: debuggerInputFor(openingDebuggerConfig(), loadMnistFromPackage()) }).start();
  for (let i = 0; i < 11; i++) actor.send({ type: 'step.next' });
  const v = neuronView(actor.getSnapshot().context, 0, UNIT, SAMPLE);
  actor.stop();
  return { delta: v.delta!, z: v.z!, kernels };
}

/** What the views show now: the step, the lit ribbon item, every unit's fill, the inspector's numbers, the equation's result. */
function viewState(page: Page) {
  return page.evaluate(() => ({
    step: document.querySelector<HTMLElement>('.debugger')!.dataset.step,
    ribbon: document.querySelector('.ribbon button[aria-current="step"]')?.textContent,
    status: document.querySelector('.ribbon .status')?.textContent,
    fills: [...document.querySelectorAll('circle[data-neuron]')].map((c) => c.getAttribute('fill')).join(' '),
    inspector: [...document.querySelectorAll<HTMLElement>('[data-quantity]')].map((e) => `${e.dataset.quantity}=${e.dataset.value ?? e.textContent}`).join(' '),
    equation: document.querySelector('.equations .katex-block')?.textContent,
  }));
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

test('step a batch by keyboard, inspect a hidden unit’s δ against Node, step back, time the redraw', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  const expected = await nodeDelta();

  await page.goto('/');
  const root = page.locator('.debugger');
  await expect(root).toHaveAttribute('data-kernels', expected.kernels, { timeout: 60_000 });
  await expect(root).toHaveAttribute('data-step', '-1');

  // One full batch with the keyboard: 5L + 1 = 11 sub-steps for 784-64-10.
  for (let i = 0; i < 11; i++) await page.keyboard.press(i % 2 ? 'F10' : 'ArrowRight');
  await expect(root).toHaveAttribute('data-step', '10');
  await expect(page.locator('.ribbon .status')).toContainText('Batch done');

  // Select example 17 (its thumbnail) and hidden unit 6 (its circle).
  await page.locator(`button.thumb[data-sample="${SAMPLE}"]`).click();
  await page.locator(`circle[data-layer="0"][data-neuron="${UNIT}"]`).click();
  await expect(page.locator('.inspector h2')).toContainText('Hidden layer 1, unit 6');
  await expect(page.locator('.inspector h2')).toContainText('example 17');
  const deltaCell = page.locator('.inspector [data-quantity="delta"]');
  const shown = Number(await deltaCell.getAttribute('data-value'));
  console.log(`inspector δ₁ of unit ${UNIT + 1}, example ${SAMPLE + 1}: page ${shown}, Node ${expected.delta} (kernels ${expected.kernels})`);
  expect(shown).toBe(expected.delta);
  await expect(deltaCell).toHaveText(formatValue(expected.delta));
  expect(Number(await page.locator('.inspector [data-quantity="z"]').getAttribute('data-value'))).toBe(expected.z);

  // Step back to the hidden δ sub-step: its equation shows the same engine δ.
  await page.keyboard.press('ArrowLeft'); // W₂ updated
  const atNine = await viewState(page);
  await page.keyboard.press('ArrowRight'); // W₁ updated again (from the history)
  const atTen = await viewState(page);
  expect(atTen).not.toEqual(atNine);
  await page.keyboard.press('Shift+F10');
  expect(await viewState(page)).toEqual(atNine);
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft'); // back to δ₁ (step 6)
  await expect(root).toHaveAttribute('data-step', '6');
  await expect(page.locator('.ribbon button[aria-current="step"]')).toHaveText('δⱼ');
  expect(Number(await page.locator('.equations .engine').getAttribute('data-value'))).toBe(expected.delta);
  await expect(page.locator('.equations .now')).toHaveText('just computed');

  // Timing: step.next → the views redrawn, over the rest of this batch and four more.
  await page.evaluate(() => performance.clearMeasures());
  for (let i = 0; i < 4 + 11 * 4; i++) {
    await page.keyboard.press('ArrowRight');
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  }
  const measures = await page.evaluate(
    ([redraw, frame, compute]) => ({
      redraw: performance.getEntriesByName(redraw).map((e) => e.duration),
      frame: performance.getEntriesByName(frame).map((e) => e.duration),
      compute: performance.getEntriesByName(compute).map((e) => e.duration),
    }),
    [REDRAW_MEASURE, FRAME_MEASURE, COMPUTE_MEASURE],
  );
  expect(measures.redraw.length).toBe(48);
  const report =
    `step.next → views redrawn on 784-64-10 (median of ${measures.redraw.length}): ${median(measures.redraw).toFixed(2)} ms ` +
    `[machine step ${median(measures.compute).toFixed(2)} ms; to the next animation frame ${median(measures.frame).toFixed(2)} ms; ` +
    `slowest redraw ${Math.max(...measures.redraw).toFixed(2)} ms]`;
  console.log(report);
  test.info().annotations.push({ type: 'redraw', description: report });
  expect(errors).toEqual([]);
});

test('pause and debug: the trainer’s state arrives in the debugger, which steps the batch the trainer would have run next', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/#/train');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: 'Pause and debug' }).click();
  await expect(page).toHaveURL(/#\/debug$/);
  await expect(page.locator('.banner')).toContainText('Loaded from the trainer');
  const root = page.locator('.debugger');
  await expect(root).not.toHaveAttribute('data-kernels', '');
  // The trainer's settings (its defaults: uniform init) replace the debugger's, and the batch is the trainer's next.
  await expect(page.locator('.topline .summary')).toContainText('uniform U(−1, 1) init');
  const status = await page.locator('.ribbon .status').textContent();
  expect(status).toMatch(/Batch loaded \(epoch \d+, batch \d+ of \d+\)/);
  expect(status).not.toContain('epoch 1, batch 1 of');
  await page.keyboard.press('ArrowRight');
  await expect(root).toHaveAttribute('data-step', '0');
  expect(errors).toEqual([]);
});
