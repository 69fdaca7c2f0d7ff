// The checkpoint of a run in progress reads back through its schema only when every part fits
// its config: a checkpoint cut short, from another network, another precision or with numbers
// that are not finite is named with its first problem, never handed to a worker.
import { describe, expect, it } from 'vitest';
import { loadMnistFromPackage } from '../../src/data/node';
import { prepareTraining } from '../../src/data/prepare-training';
import { parseTrainingConfig, type TrainingConfig } from '../../src/engine/training-config';
import { resumeState, runCheckpointSchema, type RunCheckpoint } from '../../src/session/run-checkpoint';
import { readRecord } from '../../src/session/stored-record';

const mnist = loadMnistFromPackage();

/** A real checkpoint: `steps` steps of a small run (500 training images, batches of 50). */
function checkpointAfter(changes: Partial<Parameters<typeof parseTrainingConfig>[0] & object>, steps: number): RunCheckpoint {
  const config: TrainingConfig = parseTrainingConfig({ sizes: [784, 8, 10], batchSize: 50, maxEpochs: 3, checksPerEpoch: 2, split: { pool: 600, validation: 100 }, trainEvalSize: 100, evaluateTest: false, ...changes });
  const training = prepareTraining(config, mnist);
  while (training.position().step < steps) training.run(steps - training.position().step); // run() returns at each check
  const c = training.checkpoint();
  return {
    id: 'run-1',
    label: 'a run, seed 1',
    presetId: null,
    config,
    continuedFrom: null,
    startStep: 0,
    batchesPerEpoch: 10,
    trainCount: 500,
    activeMs: 1234,
    savedAt: 99,
    params: c.net.params,
    velocity: c.velocity,
    position: c.position,
    loop: c.loop,
  };
}

const problemOf = (value: unknown) => {
  const read = readRecord(runCheckpointSchema, structuredClone(value));
  return read.ok ? null : read.problem;
};

describe('the checkpoint schema', () => {
  it('reads back a real checkpoint (typed arrays and all) and rebuilds the net from its config', () => {
    const good = checkpointAfter({ momentum: 0.5 }, 13);
    expect(good.position).toEqual({ epoch: 1, batch: 3, step: 13 });
    expect(good.loop.checks).toHaveLength(2);
    expect(problemOf(good)).toBeNull();
    const { checkpoint, activeMs } = resumeState(good);
    expect(activeMs).toBe(1234);
    expect(checkpoint.net.sizes).toEqual([784, 8, 10]);
    expect(checkpoint.net.activations).toEqual(['sigmoid', 'softmax']);
    expect(checkpoint.net.params.weights[0]).toBeInstanceOf(Float32Array);
    expect(checkpoint.velocity!.weights[1]).toHaveLength(80);
  });

  it('keeps the best weights only when early stopping restores them', () => {
    const withBest = checkpointAfter({ earlyStopping: { patience: 3, restoreBest: true } }, 10);
    expect(withBest.loop.bestCheck).toBe(1);
    expect(withBest.loop.best).not.toBeNull();
    expect(problemOf(withBest)).toBeNull();
    expect(problemOf({ ...withBest, loop: { ...withBest.loop, best: null } })).toBe('loop.best: missing (early stopping restores the best weights)');
    const without = checkpointAfter({ earlyStopping: null }, 10);
    expect(without.loop.best).toBeNull();
    expect(problemOf({ ...without, loop: { ...without.loop, best: withBest.loop.best } })).toBe('loop.best: expected null');
  });

  it('names the first problem of a checkpoint that does not fit its config', () => {
    const good = checkpointAfter({ momentum: 0.5 }, 7);
    const weights = [...good.params.weights];
    weights[1] = new Float32Array(79);
    expect(problemOf({ ...good, params: { ...good.params, weights } })).toBe('params.weights[1]: expected 80 numbers, got 79');
    expect(problemOf({ ...good, params: { ...good.params, biases: good.params.biases.slice(0, 1) } })).toBe('params.biases: expected 2 layers, got 1');
    const wide = [Float64Array.from(good.params.weights[0]), good.params.weights[1]];
    expect(problemOf({ ...good, params: { ...good.params, weights: wide } })).toBe('params.weights[0]: expected float32 numbers, got Float64Array');
    const nan = [...good.params.biases];
    nan[0] = Float32Array.from(nan[0]).fill(NaN, 2, 3);
    expect(problemOf({ ...good, params: { ...good.params, biases: nan } })).toBe('params: not every number is finite');
    expect(problemOf({ ...good, velocity: null })).toBe('velocity: missing (the config has momentum)');
    expect(problemOf({ ...good, position: { ...good.position, batch: 10 } })).toBe('position.batch: expected < 10, got 10');
    expect(problemOf({ ...good, position: { epoch: 3, batch: 0, step: 30 } })).toBe('position.epoch: expected < 3 (max epochs), got 3');
    expect(problemOf({ ...good, batchesPerEpoch: 11 })).toBe('batchesPerEpoch: expected 10, got 11');
    expect(problemOf({ ...good, config: { ...good.config, momentum: 1 } })).toBe('config.momentum: expected < 1, got 1');
    expect(problemOf({ ...good, params: { weights: [[1, 2]], biases: [] } })).toBe('params.weights[0]: expected a Float32Array or Float64Array');
    expect(problemOf({ ...good, loop: { ...good.loop, bestCheck: 5 } })).toBe('loop.bestCheck: expected < 1 (the checks), got 5');
    const { loop: _cut, ...noLoop } = good;
    expect(problemOf(noLoop)).toBe('loop: missing (expected an object)');
  });
});
