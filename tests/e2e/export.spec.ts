// "Check your own implementation" end to end: the debugger's Export batch files, downloaded
// from real Chromium, fed to the CLI's `trace` line the panel prints — which must print the
// downloaded trace byte for byte — and equal to the trace the same machine makes in Node.
import { expect, test } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActor } from 'xstate';
import { loadMnistFromPackage } from '../../src/data/node';
import { enableFastKernels } from '../../src/engine/kernels/wasm/index';
import { debuggerMachine } from '../../src/machine/debugger-machine';
import { debuggerInputFor } from '../../src/machine/from-training';
import { exportTrace } from '../../src/machine/trace-export';
import { defaultDebuggerConfig } from '../../src/views/debugger/debugger-defaults';
import { cliProcess } from '../cli/helpers';

/** The trace of batch 2 (after batch 1's update) as the machine makes it in Node. */
async function nodeTrace(): Promise<string> {
  await enableFastKernels();
  const actor = createActor(debuggerMachine, { input: debuggerInputFor(defaultDebuggerConfig(), loadMnistFromPackage()) }).start();
  actor.send({ type: 'step.batch' });
  actor.send({ type: 'step.next' }); // loads batch 2
  actor.send({ type: 'step.next' }); // z₁ of batch 2: the export is of the batch's start either way
  const text = exportTrace(actor.getSnapshot().context);
  actor.stop();
  return text;
}

test('Export batch: the downloaded files, the CLI line and Node give the same trace', async ({ page }) => {
  const expected = await nodeTrace();
  await page.goto('/');
  const root = page.locator('.debugger');
  await expect(root).toHaveAttribute('data-kernels', 'wasm-simd', { timeout: 60_000 });

  await page.getByRole('button', { name: 'Finish batch' }).click();
  await expect(root).toHaveAttribute('data-step', '10');
  await page.keyboard.press('F10');
  await page.keyboard.press('F10');
  await expect(root).toHaveAttribute('data-step', '0');

  await page.getByRole('button', { name: 'Export batch' }).click();
  const panel = page.getByRole('region', { name: 'export this batch' });
  const names = await panel.locator('li button').allTextContents();
  expect(names.map((n) => n.replace('⤓ ', ''))).toEqual(['deltascope-e1-b2-model.json', 'deltascope-e1-b2-batch.json', 'deltascope-e1-b2-trace.json']);

  const folder = mkdtempSync(join(tmpdir(), 'deltascope-e2e-export-'));
  for (const name of names) {
    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name }).click()]);
    expect(download.suggestedFilename()).toBe(name.replace('⤓ ', ''));
    await download.saveAs(join(folder, download.suggestedFilename()));
  }
  const trace = readFileSync(join(folder, 'deltascope-e1-b2-trace.json'), 'utf8');
  expect(trace).toBe(expected);
  const parsed = JSON.parse(trace);
  expect(parsed.labels).toHaveLength(128);
  expect(parsed.layers.map((l: { gradW: number[][] }) => [l.gradW.length, l.gradW[0].length])).toEqual([[64, 784], [10, 64]]);

  const command = (await panel.getByTestId('export-command').textContent())!;
  expect(command).toBe('npm run --silent cli -- trace --model deltascope-e1-b2-model.json --batch deltascope-e1-b2-batch.json --lr 0.5 --float32');
  const args = command.replace('npm run --silent cli -- ', '').split(' ').map((a) => (a.endsWith('.json') ? join(folder, a) : a));
  const result = await cliProcess(...args);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toBe(trace);
});
