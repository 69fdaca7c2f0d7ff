// experiments: presets run headless, the markdown table and --json, over seeds; the numbers
// are those of prepareTraining + summarizeTraining (the browser worker's path).
import { describe, expect, it } from 'vitest';
import { summarizeTraining } from '../../src/experiments/experiment-results';
import { presetById, presetConfig } from '../../src/experiments/presets';
import { enableFastKernels } from '../../src/engine/kernels/wasm/index';
import { loadMnistFromPackage } from '../../src/data/node';
import { prepareTraining } from '../../src/data/prepare-training';
import { cli } from './helpers';

const SHORT = ['--epochs', '1', '--split', '3000/500'];

describe('experiments', () => {
  it('runs two presets over two seeds and prints the same numbers as the engine path, as JSON', async () => {
    const result = await cli('experiments', '--preset', '2,4c', '--seeds', '2', '--first-seed', '3', ...SHORT, '--json');
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.kernels).toBe('wasm-simd');
    expect(out.presets.map((p: { id: string }) => p.id)).toEqual(['2', '4c']);
    const [baseline, twoLayers] = out.presets;
    expect(baseline.parameters).toBe(50890);
    expect(twoLayers.parameters).toBe(50455);
    expect(baseline.runs.map((r: { seed: number }) => r.seed)).toEqual([3, 4]);
    // 2,500 training images in batches of 128: 20 steps, 4 checks.
    expect(baseline.runs[0].result.steps).toBe(20);
    expect(baseline.runs[0].checks).toHaveLength(4);
    expect(baseline.runs[0].config.split).toEqual({ pool: 3000, validation: 500 });

    // The same config through prepareTraining gives the same numbers, bit for bit.
    await enableFastKernels();
    const config = presetConfig(presetById('4c')!, 4, { maxEpochs: 1, split: { pool: 3000, validation: 500 } });
    expect(twoLayers.runs[1].config).toEqual(config);
    const training = prepareTraining(config, loadMnistFromPackage());
    training.runToEnd();
    expect(twoLayers.runs[1].result.final).toEqual(summarizeTraining(training).final);

    // The summary is the mean and sample sd over the two seeds.
    const accuracies = baseline.runs.map((r: { result: { final: { validation: { accuracy: number } } } }) => 100 * r.result.final.validation.accuracy);
    const mean = (accuracies[0] + accuracies[1]) / 2;
    expect(baseline.summary.validationAccuracy.mean).toBeCloseTo(mean, 10);
    expect(baseline.summary.validationAccuracy.sd).toBeCloseTo(Math.abs(accuracies[0] - accuracies[1]) / Math.SQRT2, 10);
    // Progress went to stderr, one line per run.
    expect(result.stderr.split('\n').filter((l) => /seed \d: max epochs after/.test(l))).toHaveLength(4);
  });

  it('prints a markdown table with one row per preset', async () => {
    const result = await cli('experiments', '--preset', '3a', ...SHORT);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n').filter((l) => l.startsWith('|'));
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^\| 3a \+ shuffling \| 784-64-10 sigmoid \| 1 \| [\d.]+ \| [\d.]+ \| [\d.]+ \| .* \| 20 \| [\d.]+ \| 50,890 \| max epochs \|$/);
    expect(result.stdout).toMatch(/all runs: [\d.]+ s wall time \(wasm-simd, one at a time\)/);
  });

  it('rejects an unknown preset and bad numbers before any work, naming the flag', async () => {
    const unknown = await cli('experiments', '--preset', '6');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('--preset: expected all or one of 2, 3a, 3b, 3c, 3d, 4a, 4b, 4c, 5, got "6"\n');
    const seeds = await cli('experiments', '--seeds', '0');
    expect(seeds.code).toBe(2);
    expect(seeds.stderr).toMatch(/^--seeds: expected an integer ≥ 1/);
    const split = await cli('experiments', '--split', '100/200');
    expect(split.code).toBe(2);
    expect(split.stderr).toBe('--split: validation must be smaller than pool\n'); // as train says it: one flag table
    expect(split.stdout).toBe('');
  });

  it('is listed in the CLI’s usage', async () => {
    const result = await cli('--help');
    expect(result.stdout).toMatch(/experiments +run the report's experiments/);
  });
});
