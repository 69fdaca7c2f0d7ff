// init-model, export-batch and trace: the files they write and the numbers they print.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PIXEL_SCALE } from '../../src/engine/dataset';
import { parseModel, readBatch, readModel, traceStep, traceToJson, type TraceJson } from '../../src/engine/io';
import { createNet } from '../../src/engine/network';
import { loadMnistFromPackage } from '../../src/data/node';
import { BATCH_222, cli, MODEL_222, tempDir } from './helpers';

const dir = tempDir();
const file = (name: string) => join(dir, name);

describe('init-model', () => {
  it('writes the float64 net createNet builds from the same flags', async () => {
    const result = await cli('init-model', '--layers', '784-16-10', '--activation', 'tanh', '--init', 'normal', '--seed', '5', '--out', file('m.json'));
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    const net = readModel(readFileSync(file('m.json'), 'utf8'));
    const expected = createNet({ sizes: [784, 16, 10], hiddenActivation: 'tanh', init: { kind: 'normal-fan-in' }, seed: 5, precision: 'float64' });
    expect(net.activations).toEqual(['tanh', 'softmax']);
    expect(Array.from(net.params.weights[0])).toEqual(Array.from(expected.params.weights[0]));
    expect(Array.from(net.params.weights[1])).toEqual(Array.from(expected.params.weights[1]));
  });

  it('prints to stdout without --out, with the uniform range and improved-sigmoid c', async () => {
    const result = await cli('init-model', '--layers', '3-2', '--init-range', '0.25', '--seed', '2');
    expect(result.code).toBe(0);
    const net = parseModel(JSON.parse(result.stdout));
    const expected = createNet({ sizes: [3, 2], hiddenActivation: 'sigmoid', init: { kind: 'uniform', range: 0.25 }, seed: 2, precision: 'float64' });
    expect(Array.from(net.params.weights[0])).toEqual(Array.from(expected.params.weights[0]));
    for (const w of net.params.weights[0]) expect(Math.abs(w)).toBeLessThan(0.25);
    const improved = JSON.parse((await cli('init-model', '--layers', '3-2-2', '--activation', 'improved-sigmoid', '--improved-sigmoid-c', '0.01')).stdout);
    expect(improved.improvedSigmoidC).toBe(0.01);
  });
});

describe('export-batch', () => {
  it('writes MNIST examples as pixel/255 with their labels; --start counts images from 1', async () => {
    // images 11, 12, 13 of the test set: array indices 10, 11, 12
    const result = await cli('export-batch', '--set', 'test', '--start', '11', '--size', '3', '--out', file('b.json'));
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    const batch = readBatch(readFileSync(file('b.json'), 'utf8'), { sizes: [784, 10] });
    const test = loadMnistFromPackage().test;
    expect(batch.size).toBe(3);
    expect(Array.from(batch.labels)).toEqual(Array.from(test.labels.subarray(10, 13)));
    const pixels = test.images.subarray(10 * 784, 13 * 784);
    expect(Array.from(batch.inputs)).toEqual(Array.from(pixels, (p) => PIXEL_SCALE[p]));
    expect(Math.max(...batch.inputs)).toBe(1);
  });

  it('refuses a range past the end of the set', async () => {
    const result = await cli('export-batch', '--set', 'test', '--start', '10000', '--size', '2');
    expect(result).toEqual({ code: 2, stdout: '', stderr: '--start 10,000 --size 2: the test set has 10,000 images (1 … 10,000); the last batch of 2 starts at 9,999\n' });
  });

  it('refuses --start 0: images are counted from 1', async () => {
    const result = await cli('export-batch', '--start', '0', '--size', '2');
    expect(result).toEqual({ code: 2, stdout: '', stderr: '--start: there is no image 0: images are counted from 1\n' });
  });

  it('says in --help how --start counts', async () => {
    const result = await cli('export-batch', '--help');
    expect(result.stdout).toContain('--start N      first image, counted from 1 (default 1; 0 is refused)');
  });
});

describe('trace', () => {
  writeFileSync(file('model.json'), JSON.stringify(MODEL_222));
  writeFileSync(file('batch.json'), JSON.stringify(BATCH_222));

  it('prints traceToJson of the files, with the learning rate given', async () => {
    const result = await cli('trace', '--model', file('model.json'), '--batch', file('batch.json'), '--lr', '0.1');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const net = parseModel(MODEL_222);
    const expected = traceToJson(traceStep(net, readBatch(JSON.stringify(BATCH_222), net), { learningRate: 0.1, momentum: 0 }, null));
    expect(result.stdout).toBe(expected);
    const trace = JSON.parse(result.stdout) as TraceJson;
    expect(trace.learningRate).toBe(0.1);
    expect(trace.after.layers[0].weights[0][0]).toBe(0.1 - 0.1 * trace.layers[0].gradW[0][0]);
  });

  it('uses the velocity file: v := α g + μ v', async () => {
    const v = { weights: [[[1, 0], [0, 0]], [[0, 0], [0, -2]]], biases: [[0, 0], [0, 0.5]] };
    writeFileSync(file('v.json'), JSON.stringify(v));
    const result = await cli('trace', '--model', file('model.json'), '--batch', file('batch.json'), '--momentum', '0.5', '--velocity', file('v.json'));
    expect(result.code).toBe(0);
    const trace = JSON.parse(result.stdout) as TraceJson;
    const g = trace.layers[0].gradW[0][0];
    expect(trace.velocityAfter!.weights[0][0][0]).toBe(0.5 * g + 0.5 * 1);
    expect(trace.velocityAfter!.weights[1][1][1]).toBe(0.5 * trace.layers[1].gradW[1][1] + 0.5 * -2);
    expect(trace.velocityAfter!.biases[1][1]).toBe(0.5 * trace.layers[1].gradB[1] + 0.5 * 0.5);
    expect(trace.after.layers[0].weights[0][0]).toBe(0.1 - trace.velocityAfter!.weights[0][0][0]);
  });

  it('computes in float32 with --float32', async () => {
    const result = await cli('trace', '--model', file('model.json'), '--batch', file('batch.json'), '--float32');
    const trace = JSON.parse(result.stdout) as TraceJson;
    expect(trace.precision).toBe('float32');
    expect(trace.after.layers[1].weights.flat().every((w) => Math.fround(w) === w)).toBe(true);
  });
});
