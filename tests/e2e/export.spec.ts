// "Check your own implementation" end to end: the debugger's Export batch files, downloaded
// from real Chromium, and the CLI's `trace` line the panel prints, run as shown in the folder
// the files were saved to — which must print the downloaded trace byte for byte — and equal
// to the trace the same machine makes in Node.
// And the way back: files the CLI wrote, opened in the page, step exactly as the CLI does.
import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActor } from 'xstate';
import { loadMnistFromPackage } from '../../src/data/node';
import { enableFastKernels } from '../../src/engine/kernels/wasm/index';
import { debuggerMachine } from '../../src/machine/debugger-machine';
import { debuggerInputFor } from '../../src/session/from-training';
import { exportTrace } from '../../src/session/trace-export';
import { openingDebuggerConfig } from '../../src/session/settings';
import { cliProcess } from '../cli/helpers';

/** The trace of batch 2 (after batch 1's update) as the machine makes it in Node. */
async function nodeTrace(): Promise<string> {
  await enableFastKernels();
  const actor = createActor(debuggerMachine, { input: debuggerInputFor(openingDebuggerConfig(), loadMnistFromPackage()) }).start();
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

  // The line as a built (hosted) page shows it — no path of the machine it was built on — pasted into
  // a shell in the downloads folder, outside any checkout, where the learner has run `npm link` in
  // their checkout once (here into an npm prefix of the test's own), as the note under it says.
  const command = (await panel.getByTestId('export-command').textContent())!;
  expect(command).toBe('npx --no deltascope trace --model deltascope-e1-b2-model.json --batch deltascope-e1-b2-batch.json --lr 0.5 --float32');
  await expect(panel.getByTestId('export-command-note')).toHaveText('Needs the deltascope CLI: run npm link once in a deltascope checkout (inside a checkout it works as is).');
  await expect(panel.getByTestId('export-command-note').locator('code')).toHaveText('npm link');
  const prefix = mkdtempSync(join(tmpdir(), 'deltascope-e2e-npm-prefix-'));
  const env = { ...process.env, npm_config_prefix: prefix, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  const shell = (line: string, cwd: string) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile('/bin/sh', ['-c', line], { cwd, env, maxBuffer: 1 << 26 }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr })),
    );
  expect((await shell('npm link --ignore-scripts', join(import.meta.dirname, '..', '..'))).code).toBe(0);
  const result = await shell(command, folder);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toBe(trace);
});

test('Open files: a CLI-made model and batch, loaded in the page, step as `trace` computes them', async ({ page }) => {
  const folder = mkdtempSync(join(tmpdir(), 'deltascope-e2e-open-'));
  const model = join(folder, 'my-model.json');
  const batch = join(folder, 'my-batch.json');
  const made = await Promise.all([
    cliProcess('init-model', '--layers', '784-16-10', '--activation', 'tanh', '--init', 'normal', '--seed', '7', '--out', model),
    cliProcess('export-batch', '--set', 'test', '--start', '20', '--size', '5', '--out', batch),
  ]);
  expect(made.map((r) => r.code)).toEqual([0, 0]);
  const expected = await cliProcess('trace', '--model', model, '--batch', batch, '--lr', '0.3', '--float32');
  expect(expected.code).toBe(0);

  await page.goto('/');
  const root = page.locator('.debugger');
  await expect(root).toHaveAttribute('data-kernels', 'wasm-simd', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Open files' }).click();
  const panel = page.getByRole('region', { name: 'open your own files' });

  // A wrong file first: the model as the batch. One line naming the file and the field.
  await panel.getByTestId('open-model').setInputFiles(model);
  await panel.getByTestId('open-batch').setInputFiles(model);
  await panel.getByRole('button', { name: 'Load into the debugger' }).click();
  await expect(panel.getByRole('alert')).toHaveText(/^my-model\.json: /);
  await expect(page.locator('.summary strong')).toHaveText(/^784-64-10 · sigmoid/);

  await panel.getByTestId('open-batch').setInputFiles(batch);
  await panel.getByLabel('α').fill('0.3');
  await panel.getByRole('button', { name: 'Load into the debugger' }).click();
  await expect(panel.getByRole('status')).toHaveText('Loaded my-model.json (784-16-10, float32) with the batch my-batch.json.');
  await expect(page.locator('.summary strong')).toHaveText('784-16-10 · tanh · weights from my-model.json · α = 0.3 · μ = 0 · batch 128 · float32');
  await expect(root).toHaveAttribute('data-step', '-1');

  await page.getByRole('button', { name: 'Export batch' }).click();
  const exportPanel = page.getByRole('region', { name: 'export this batch' });
  const [download] = await Promise.all([page.waitForEvent('download'), exportPanel.getByRole('button', { name: /-trace\.json$/ }).click()]);
  expect(download.suggestedFilename()).toBe('deltascope-custom-trace.json');
  const path = join(folder, 'page-trace.json');
  await download.saveAs(path);
  expect(readFileSync(path, 'utf8')).toBe(expected.stdout);
});
