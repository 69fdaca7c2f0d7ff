// The debugger's trace export of the current batch is the text the CLI's `trace`
// command prints for the same model, batch (and velocity): one real subprocess per case.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchToJson, modelToJson, parseModel, velocityToJson } from '../../src/engine/io';
import { loadMnistFromPackage } from '../../src/data/node';
import { enableFastKernels } from '../../src/engine/kernels/wasm/index';
import { bundlePrefix, cliInvocation, cliNote, exportBundle, exportTrace, type ExportBundle } from '../../src/session/trace-export';
import { cliProcess } from '../cli/helpers';
import { frameOf, send, start } from '../machine/helpers';

// float32 sums round per kernel: the page and the CLI's `trace --float32` both use WebAssembly SIMD.
beforeAll(async () => {
  expect(await enableFastKernels()).toBe('wasm-simd');
});

/** `tsx src/cli/main.ts trace …`, as a user would run it. */
const cliTrace = (args: string[]) => cliProcess('trace', ...args);

const dir = mkdtempSync(join(tmpdir(), 'deltascope-machine-trace-'));
const write = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};

describe.concurrent('trace export equals `npm run cli -- trace`', () => {
  it('a 2-2-2 model in float64 with momentum, on the second batch (a non-zero velocity)', async () => {
    const net = parseModel({
      format: 'deltascope-model/1',
      layers: [
        { activation: 'sigmoid', weights: [[0.1, 0.2], [-0.3, 0.4]], biases: [0.05, -0.1] },
        { activation: 'softmax', weights: [[0.5, -0.6], [0.7, 0.8]], biases: [0, 0.1] },
      ],
    });
    const data = { kind: 'custom' as const, inputSize: 2, classes: 2, batches: [{ inputs: [1, 0.5], labels: [1] }, { inputs: [0.25, -1, 0.5, 0.5], labels: [0, 1] }] };
    let s = start({ data, load: { net }, settings: { learningRate: 0.1, momentum: 0.9 } });
    s = send(s, { type: 'step.batch' }, { type: 'step.next' }, { type: 'step.next' }); // mid-way through batch 2
    const { start: batchStart } = frameOf(s);
    expect(batchStart.velocity!.weights[0].some((v) => v !== 0)).toBe(true);
    const model = write('model-222.json', modelToJson(batchStart.net));
    const batch = write('batch-222.json', batchToJson(batchStart.batch));
    const velocity = write('velocity-222.json', velocityToJson(batchStart.velocity!, batchStart.net));
    const result = await cliTrace(['--model', model, '--batch', batch, '--lr', '0.1', '--momentum', '0.9', '--velocity', velocity]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(exportTrace(s.context)).toBe(result.stdout);
  });

  it('784-16-10 in float32 on three hand-picked MNIST test images', async () => {
    const mnist = loadMnistFromPackage();
    const data = { kind: 'mnist' as const, train: mnist.train, validation: null, test: mnist.test, seed: 1, shuffle: true };
    let s = start({ data, settings: { sizes: [784, 16, 10], init: { kind: 'normal-fan-in' }, precision: 'float32', learningRate: 0.5 } });
    s = send(s, { type: 'batch.choose', choice: { kind: 'examples', set: 'test', indices: [0, 7, 42] } });
    const { start: batchStart } = frameOf(s);
    const model = write('model-784.json', modelToJson(batchStart.net));
    const batch = write('batch-784.json', batchToJson(batchStart.batch));
    const result = await cliTrace(['--model', model, '--batch', batch, '--lr', '0.5', '--float32']);
    expect(result.code).toBe(0);
    const exported = exportTrace(s.context);
    expect(JSON.parse(exported).labels).toEqual([mnist.test.labels[0], mnist.test.labels[7], mnist.test.labels[42]]);
    expect(exported).toBe(result.stdout);
  });
});

/** Writes a bundle's files to a fresh folder and runs its own CLI line there, file names made absolute. */
async function runBundle(bundle: ExportBundle) {
  const folder = mkdtempSync(join(tmpdir(), 'deltascope-bundle-'));
  for (const f of bundle.files) writeFileSync(join(folder, f.name), f.text());
  const prefix = 'npx --no deltascope trace ';
  expect(bundle.command.startsWith(prefix)).toBe(true);
  const names = new Set(bundle.files.map((f) => f.name));
  const args = bundle.command.slice(prefix.length).split(' ').map((a) => (names.has(a) ? join(folder, a) : a));
  return cliTrace(args);
}

describe.concurrent('export bundle: the files and the CLI line that recompute the trace', () => {
  it('float64 with momentum mid-way through batch 2: model, batch, velocity, trace; the CLI line prints the trace file', async () => {
    const net = parseModel({
      format: 'deltascope-model/1',
      layers: [
        { activation: 'tanh', weights: [[0.1, 0.2], [-0.3, 0.4]], biases: [0.05, -0.1] },
        { activation: 'softmax', weights: [[0.5, -0.6], [0.7, 0.8]], biases: [0, 0.1] },
      ],
    });
    const data = { kind: 'custom' as const, inputSize: 2, classes: 2, batches: [{ inputs: [1, 0.5], labels: [1] }, { inputs: [0.25, -1, 0.5, 0.5], labels: [0, 1] }] };
    let s = start({ data, load: { net }, settings: { learningRate: 0.3, momentum: 0.5 } });
    s = send(s, { type: 'step.batch' }, { type: 'step.next' });
    const bundle = exportBundle(s.context, 'ds');
    expect(bundle.files.map((f) => f.name)).toEqual(['ds-model.json', 'ds-batch.json', 'ds-velocity.json', 'ds-trace.json']);
    expect(bundle.command).toBe('npx --no deltascope trace --model ds-model.json --batch ds-batch.json --lr 0.3 --momentum 0.5 --velocity ds-velocity.json');
    // The model file holds the weights batch 2 started from: batch 1's update moved them off the initial ones.
    const model = JSON.parse(bundle.files[0].text());
    expect(model.layers[0].weights[0][0]).toBe(frameOf(s).start.net.params.weights[0][0]);
    expect(model.layers[0].weights[0][0]).not.toBe(0.1);
    expect(JSON.parse(bundle.files[1].text()).labels).toEqual([0, 1]);
    expect(bundle.files[3].text()).toBe(exportTrace(s.context));
    const result = await runBundle(bundle);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(bundle.files[3].text());
  });

  it('float32 SGD on an MNIST batch: no velocity file, --float32 on the line, and the same trace from the CLI', async () => {
    const mnist = loadMnistFromPackage();
    const data = { kind: 'mnist' as const, train: mnist.train, validation: null, test: mnist.test, seed: 3, shuffle: true };
    let s = start({ data, settings: { sizes: [784, 8, 10], init: { kind: 'normal-fan-in' }, precision: 'float32', learningRate: 0.25, batchSize: 4 } });
    s = send(s, { type: 'step.batch' }, { type: 'step.next' });
    const bundle = exportBundle(s.context, 'b2');
    expect(bundle.files.map((f) => f.name)).toEqual(['b2-model.json', 'b2-batch.json', 'b2-trace.json']);
    expect(bundle.command).toBe('npx --no deltascope trace --model b2-model.json --batch b2-batch.json --lr 0.25 --float32');
    const result = await runBundle(bundle);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(bundle.files[2].text());
    expect(JSON.parse(result.stdout).labels).toEqual(Array.from(frameOf(s).start.batch.labels));
  });
});

describe('the CLI line works when pasted in any folder', () => {
  it('quotes the checkout’s path for a shell only when it needs to', () => {
    expect(cliInvocation(null)).toBe('npx --no deltascope');
    expect(cliInvocation('/work/main')).toBe('node /work/main/bin/deltascope.mjs');
    expect(cliInvocation('/work/main/')).toBe('node /work/main/bin/deltascope.mjs');
    expect(cliInvocation("/home/ada/my check-out's")).toBe(`node '/home/ada/my check-out'\\''s/bin/deltascope.mjs'`);
  });

  it('the exact line, run by a shell in a folder outside the checkout (whose path has a space and a quote), prints the trace file', async () => {
    const net = parseModel({
      format: 'deltascope-model/1',
      layers: [
        { activation: 'sigmoid', weights: [[0.1, 0.2], [-0.3, 0.4]], biases: [0.05, -0.1] },
        { activation: 'softmax', weights: [[0.5, -0.6], [0.7, 0.8]], biases: [0, 0.1] },
      ],
    });
    const data = { kind: 'custom' as const, inputSize: 2, classes: 2, batches: [{ inputs: [1, 0.5], labels: [1] }, { inputs: [0.25, -1, 0.5, 0.5], labels: [0, 1] }] };
    let s = start({ data, load: { net }, settings: { learningRate: 0.3, momentum: 0.5 } });
    s = send(s, { type: 'step.batch' }, { type: 'step.next' });
    // The checkout, reached through a path a shell must quote.
    const place = join(mkdtempSync(join(tmpdir(), 'deltascope-checkout-')), "a check-out's home");
    mkdirSync(place);
    symlinkSync(new URL('../../', import.meta.url).pathname, join(place, 'deltascope'));
    const bundle = exportBundle(s.context, 'ds', cliInvocation(join(place, 'deltascope')));
    expect(bundle.command).toMatch(/^node '.*a check-out'\\''s home\/deltascope\/bin\/deltascope\.mjs' trace --model ds-model\.json /);
    const folder = mkdtempSync(join(tmpdir(), 'deltascope-downloads-'));
    for (const f of bundle.files) writeFileSync(join(folder, f.name), f.text());
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile('/bin/sh', ['-c', bundle.command], { cwd: folder, maxBuffer: 1 << 24 }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr })),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(bundle.files[3].text());
  });
});

describe('the hosted page’s line works wherever deltascope’s CLI is installed', () => {
  it('`npx --no deltascope trace …`, run by a shell in a folder outside any checkout after `npm link` in the checkout, prints the trace file', async () => {
    const net = parseModel({
      format: 'deltascope-model/1',
      layers: [
        { activation: 'relu', weights: [[0.3, -0.2], [0.1, 0.6]], biases: [0.1, 0] },
        { activation: 'softmax', weights: [[0.4, -0.5], [-0.2, 0.9]], biases: [0.05, 0] },
      ],
    });
    const data = { kind: 'custom' as const, inputSize: 2, classes: 2, batches: [{ inputs: [0.5, 1, -0.5, 0.25], labels: [1, 0] }] };
    const s = start({ data, load: { net }, settings: { learningRate: 0.2 } });
    const bundle = exportBundle(s.context, 'hosted', cliInvocation(null));
    expect(bundle.command).toBe('npx --no deltascope trace --model hosted-model.json --batch hosted-batch.json --lr 0.2');
    // `npm link` as a learner runs it in their checkout, into a global prefix of its own (not this machine's).
    const prefix = mkdtempSync(join(tmpdir(), 'deltascope-npm-prefix-'));
    const env = { ...process.env, npm_config_prefix: prefix, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
    const run = (command: string, cwd: string) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile('/bin/sh', ['-c', command], { cwd, env, maxBuffer: 1 << 24 }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr })),
      );
    const linked = await run('npm link --ignore-scripts', new URL('../../', import.meta.url).pathname);
    expect(linked.code).toBe(0);
    const folder = mkdtempSync(join(tmpdir(), 'deltascope-downloads-'));
    for (const f of bundle.files) writeFileSync(join(folder, f.name), f.text());
    const result = await run(bundle.command, folder);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(bundle.files[2].text());
  });

  it('says under the line where the CLI comes from: the dev server’s own checkout, or `npm link` in one', () => {
    expect(cliNote('/work/main')).toBe('It runs the CLI of the deltascope checkout this page is served from.');
    expect(cliNote(null)).toBe('Needs the deltascope CLI: run `npm link` once in a deltascope checkout (inside a checkout it works as is).');
  });
});

describe('bundle file names', () => {
  it('say which batch the files hold, 1-based as the screen shows it', () => {
    expect(bundlePrefix({ kind: 'order', epoch: 0, batch: 2 })).toBe('deltascope-e1-b3');
    expect(bundlePrefix({ kind: 'examples', set: 'test', indices: [4, 9, 11] })).toBe('deltascope-test-3');
    expect(bundlePrefix({ kind: 'custom', label: 'drawn digit' })).toBe('deltascope-custom');
  });
});
