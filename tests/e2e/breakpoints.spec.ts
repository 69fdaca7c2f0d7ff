// Breakpoints and the way back to training, in Chromium on real MNIST.
// 1. A huge learning rate with the NaN/±∞ breakpoint: ▶▶ Continue stops, and the page names
//    the quantity, layer, unit, example and value that the same machine, run here in Node on
//    the same seed with the page's default breakpoints, reports; "Inspect" shows that unit.
// 2. Pause and debug, a batch stepped in the debugger, back to training: the training screen
//    gets the debugger's position and trains on from it.
import { expect, test } from '@playwright/test';
import { createActor, waitFor } from 'xstate';
import { loadMnistFromPackage } from '../../src/data/node';
import { enableFastKernels } from '../../src/engine/kernels/wasm/index';
import { debuggerMachine } from '../../src/machine/debugger-machine';
import { debuggerInputFor } from '../../src/session/from-training';
import { hasValidation } from '../../src/session/data-source';
import { currentFrame } from '../../src/viewmodel/selectors';
import { formatValue } from '../../src/format';
import { defaultBreakpoints } from '../../src/views/debugger/breakpoints/breakpoint-kinds';
import { openingDebuggerConfig } from '../../src/session/settings';

const HUGE = 1e38; // float32's largest is 3.4e38: a few updates of this size overflow

/** The machine in Node, set up as the page is: its defaults, its breakpoints, α = HUGE, then Continue. */
async function nodeHit() {
  const kernels = await enableFastKernels();
  const actor = createActor(debuggerMachine, { input: debuggerInputFor(openingDebuggerConfig(), loadMnistFromPackage()) }).start();
  const first = actor.getSnapshot().context;
  actor.send({ type: 'breakpoints.set', breakpoints: defaultBreakpoints(currentFrame(first).start.net.sizes, hasValidation(first.data), { layer: 0, neuron: 0 }) });
  actor.send({ type: 'settings.change', settings: { learningRate: HUGE } });
  actor.send({ type: 'run.continue' });
  const s = await waitFor(actor, (x) => x.matches('paused'), { timeout: 60_000 });
  actor.stop();
  return { hit: s.context.hit!, step: currentFrame(s.context).stepIndex, source: currentFrame(s.context).start.source, kernels };
}

test('a huge learning rate stops on the first NaN or ±∞, named as the machine names it; Inspect shows that unit', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  const expected = await nodeHit();
  expect(expected.hit.kind).toBe('non-finite');
  console.log(`Node: ${expected.hit.message} (sub-step ${expected.step}, ${JSON.stringify(expected.source)}, kernels ${expected.kernels})`);

  await page.goto('/');
  const root = page.locator('.debugger');
  await expect(root).toHaveAttribute('data-kernels', expected.kernels, { timeout: 60_000 });

  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel(/learning rate/).fill(String(HUGE));
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.locator('.topline .summary')).toContainText('α = 1e+38');

  await page.getByRole('button', { name: /^Breakpoints · 1 on$/ }).click();
  const panel = page.getByRole('region', { name: 'breakpoints' });
  const nonFinite = panel.locator('li[data-kind="non-finite"] input[type="checkbox"]');
  await expect(nonFinite).toBeChecked(); // on by default; off and on again through the machine
  await nonFinite.uncheck();
  await expect(page.getByRole('button', { name: /^Breakpoints · 0 on$/ })).toBeVisible();
  await nonFinite.check();
  await expect(page.getByRole('button', { name: /^Breakpoints · 1 on$/ })).toBeVisible();
  await expect(panel.locator('li[data-kind="loss-rise"] input[type="checkbox"]')).not.toBeChecked();

  await page.getByRole('button', { name: /Continue/ }).click();
  const banner = page.getByRole('alert', { name: 'breakpoint hit' });
  await expect(banner).toBeVisible({ timeout: 60_000 });
  const { hit } = expected;
  await expect(banner).toHaveAttribute('data-hit-quantity', hit.quantity!);
  await expect(banner).toHaveAttribute('data-hit-layer', String(hit.layer));
  await expect(banner).toHaveAttribute('data-hit-neuron', String(hit.neuron));
  await expect(banner).toHaveAttribute('data-hit-example', hit.example === null ? '' : String(hit.example));
  await expect(banner).toHaveAttribute('data-hit-value', String(hit.value));
  await expect(root).toHaveAttribute('data-step', String(expected.step));
  // In words, counted as the views count: the layer, the unit (an output unit by its class), the example.
  const L = 2;
  // One hidden layer: the report's letters tell the layers apart (j hidden, k output), src/notation.
  const sub = hit.layer === L - 1 ? 'ₖ' : 'ⱼ';
  const symbol = hit.quantity === "f'(z)" ? `f′(z${sub})` : ['z', 'a', 'δ'].includes(hit.quantity!) ? `${hit.quantity}${sub}` : hit.quantity!;
  const unit = hit.layer === L - 1 ? `output layer, class ${hit.neuron}` : `hidden layer ${hit.layer! + 1}, unit ${hit.neuron! + 1}`;
  const text = `${symbol} = ${formatValue(hit.value)} at ${unit}${hit.example === null ? '' : ` · example ${hit.example + 1}`}`;
  console.log(`page: ${(await banner.textContent())!.replace(/\s+/g, ' ').trim()}`);
  await expect(banner).toContainText(text);
  await expect(panel.locator('li[data-kind="non-finite"]')).toContainText('stopped here');

  // The unit and example into the inspector: the same non-finite value there.
  await banner.getByRole('button', { name: /^Inspect this unit/ }).click();
  await expect(page.locator('.inspector h2')).toContainText(hit.layer === L - 1 ? `Output unit — class ${hit.neuron}` : `Hidden layer ${hit.layer! + 1}, unit ${hit.neuron! + 1}`);
  if (hit.example !== null) await expect(page.locator('.inspector h2')).toContainText(`example ${hit.example + 1}`);
  const key = { z: 'z', a: 'a', ŷ: 'a', "f'(z)": 'fprime', δ: 'delta' }[hit.quantity as 'z'];
  if (key) await expect(page.locator(`.inspector [data-quantity="${key}"]`)).toHaveAttribute('data-value', String(hit.value));

  // Stepping on clears the stop.
  await page.keyboard.press('ArrowRight');
  await expect(banner).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('back to training: the training screen gets the debugger’s state and trains on from it', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/#/train');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'idle', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: 'Pause and debug' }).click();
  await expect(page).toHaveURL(/#\/debug$/);
  await expect(page.locator('.banner')).toContainText('Loaded from the trainer');
  const root = page.locator('.debugger');
  await expect(root).not.toHaveAttribute('data-kernels', '');

  // One whole batch in the debugger, then back.
  const loaded = (await page.locator('.ribbon .status').textContent())!;
  const [, epoch, batch, perEpoch] = loaded.match(/epoch (\d+), batch (\d+) of (\d+)/)!.map(Number);
  await page.keyboard.press('b');
  await expect(page.locator('.ribbon .status')).toContainText('Batch done');
  const back = page.getByRole('button', { name: /Back to training/ });
  await back.click();
  await expect(page).toHaveURL(/#\/train$/);
  const offer = page.getByRole('status').filter({ hasText: 'The debugger handed back a state' });
  await expect(offer).toContainText(/the debugger's weights after step [\d,]+; next: epoch \d+, batch \d+/);
  const [, stepText, nextEpoch, nextBatch] = (await offer.textContent())!.match(/after step ([\d,]+); next: epoch (\d+), batch (\d+)/)!;
  expect([Number(nextEpoch), Number(nextBatch)]).toEqual(batch === perEpoch ? [epoch + 1, 1] : [epoch, batch + 1]); // the batch after the one stepped
  const step = Number(stepText.replace(/,/g, ''));

  // The paused run is stopped; then the trainer trains on from the debugger's state.
  await page.getByRole('button', { name: /Stop/ }).click();
  await expect(page.getByTestId('run-outcome')).toHaveAttribute('data-stop', 'stopped');
  await offer.getByRole('button', { name: 'Train on from it' }).click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running');
  await expect(page.locator('main')).toContainText(`continued from step ${step.toLocaleString('en-US')}`);
  await page.getByRole('button', { name: /Stop/ }).click();
  expect(errors).toEqual([]);
});
