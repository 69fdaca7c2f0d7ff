// train on a small real subset: well above chance, a parseable --json summary, a saved model
// that scores what the summary says, and config/flag errors naming their source.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Evaluator } from '../../src/engine/evaluate';
import { readModel } from '../../src/engine/io';
import { loadMnistFromPackage } from '../../src/data/node';
import { cli, tempDir } from './helpers';

const dir = tempDir();
const configPath = join(dir, 'small.json');
writeFileSync(
  configPath,
  JSON.stringify({
    sizes: [784, 32, 10],
    init: { kind: 'normal-fan-in' },
    learningRate: 0.5,
    maxEpochs: 5, // overridden by --epochs below
    split: { pool: 3000, validation: 500 },
    trainEvalSize: 1000,
    evaluateTest: false,
  }),
);

describe('train', () => {
  it('learns a 3000-image subset well above chance; --json prints only the summary', async () => {
    const modelPath = join(dir, 'trained.json');
    const result = await cli('train', '--config', configPath, '--epochs', '2', '--checks-per-epoch', '2', '--json', '--save-model', modelPath);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.config.maxEpochs).toBe(2); // the flag beat the file
    expect(summary.config.sizes).toEqual([784, 32, 10]);
    expect(summary.stopReason).toBe('max-epochs');
    expect(summary.steps).toBe(2 * Math.ceil(2500 / 128));
    expect(summary.epochs).toBe(2);
    expect(summary.checks).toHaveLength(4);
    expect(summary.final.validation.count).toBe(500);
    expect(summary.final.train.count).toBe(2500);
    expect(summary.final.test.count).toBe(10000);
    expect(summary.final.validation.accuracy).toBeGreaterThan(0.75); // chance is 0.1
    expect(summary.final.test.accuracy).toBeGreaterThan(0.75);
    expect(summary.final.train.loss).toBeLessThan(summary.checks[0].train.loss);
    // Progress went to stderr, one line per check.
    expect(result.stderr.split('\n').filter((l) => l.startsWith('epoch'))).toHaveLength(4);

    // The saved model scores exactly what the summary reports.
    const net = readModel(readFileSync(modelPath, 'utf8'), { source: modelPath, precision: 'float32' });
    const test = new Evaluator(net).evaluate(net, loadMnistFromPackage().test);
    expect(test.correct).toBe(summary.final.test.correct);
  });

  it('prints one progress line per check and a summary table without --json', async () => {
    const result = await cli('train', '--config', configPath, '--epochs', '1', '--checks-per-epoch', '3', '--precision', 'float64', '--no-shuffle');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('training 784-32-10 sigmoid, normal N(0, 1/√fan_in), lr 0.5, batch 128, float64 (ts-f64)');
    // Counts written as every number is: separators, and a noun that agrees with its count.
    expect(lines[1]).toMatch(/^on 2,500 training \/ 500 validation images, seed 1; at most 1 epoch(, early stopping after \d+ rises? of the validation loss)?$/);
    expect(lines.filter((l) => /^epoch +[\d.]+ +step +[\d,]+ +train [\d.]+ +[\d.]+ % +val [\d.]+ +[\d.]+ % +[\d,]+ samples\/s$/.test(l))).toHaveLength(3);
    expect(result.stdout).toMatch(/\nstopped: reached the maximum number of epochs\n1\.00 epochs, 20 steps; wall time/);
    expect(result.stdout).toMatch(/\nvalidation +[\d.]+ +[\d.]+ % +\(\d+ of 500\)\n/);
  });

  it('reports a divergence with exit 1 and saves the last finite weights', async () => {
    const modelPath = join(dir, 'diverged.json');
    const result = await cli('train', '--config', configPath, '--lr', '5000', '--activation', 'relu', '--init', 'he', '--json', '--save-model', modelPath);
    expect(result.code).toBe(1);
    const summary = JSON.parse(result.stdout);
    expect(summary.stopReason).toBe('diverged');
    expect(summary.divergence.message).toMatch(/^Diverged at step \d+ \(epoch 1, batch \d+\): the loss /);
    const net = readModel(readFileSync(modelPath, 'utf8'), { source: modelPath });
    expect(net.params.weights.every((w) => w.every(Number.isFinite))).toBe(true);
  });

  it('names the config file, or the flag, that set a bad value', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ learningRate: -1, split: { pool: 3000, validation: 500 } }));
    expect(await cli('train', '--config', bad)).toEqual({ code: 2, stdout: '', stderr: `${bad}: learningRate: expected > 0, got -1\n` });
    expect(await cli('train', '--config', configPath, '--momentum', '1.5')).toEqual({ code: 2, stdout: '', stderr: '--momentum: expected < 1, got 1.5\n' });
    expect(await cli('train', '--split', '500/600')).toEqual({ code: 2, stdout: '', stderr: '--split: validation must be smaller than pool\n' });
    expect(await cli('train', '--layers', '784-10-3')).toEqual({ code: 2, stdout: '', stderr: '--layers: MNIST nets have 784 inputs and 10 outputs\n' });
    const typo = join(dir, 'typo.json');
    writeFileSync(typo, '{"learningrate": 0.1}');
    expect(await cli('train', '--config', typo)).toEqual({ code: 2, stdout: '', stderr: `${typo}: learningrate: unknown field\n` });
    expect((await cli('train', '--save-model', join(dir, 'no/such/folder/m.json'))).stderr).toMatch(/^--save-model .*: the folder .* does not exist\n$/);
  });
});
