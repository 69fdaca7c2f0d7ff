// A small net on a real MNIST subset learns: a few hundred steps take it far above chance.
import { describe, expect, it } from 'vitest';
import { presetById, presetConfig } from '../../src/experiments/presets';
import { summarizeTraining } from '../../src/experiments/experiment-results';
import { loadMnistFromPackage } from '../../src/data/node';
import { prepareTraining } from '../../src/data/prepare-training';

describe('learning', () => {
  it('preset 3d (momentum) on 5,000 images with 32 hidden units reaches > 85 % after 314 steps (chance: 10 %)', () => {
    const config = presetConfig(presetById('3d')!, 1, {
      sizes: [784, 32, 10],
      batchSize: 32,
      split: { pool: 6000, validation: 1000 },
      maxEpochs: 2, // 157 batches per epoch: 314 steps
      trainEvalSize: 1000,
      evaluateTest: false,
    });
    const training = prepareTraining(config, loadMnistFromPackage());
    const before = training.finalMetrics();
    training.runToEnd();
    const result = summarizeTraining(training);
    expect(result.steps).toBe(314);
    expect(before.validation.accuracy).toBeLessThan(0.3);
    expect(result.final.validation.accuracy).toBeGreaterThan(0.85);
    expect(result.final.test!.accuracy).toBeGreaterThan(0.85);
    expect(result.final.test!.count).toBe(10000);
    // The loss fell at the checks too, not only at the end.
    expect(training.checks[training.checks.length - 1].validation.loss).toBeLessThan(training.checks[0].validation.loss);
    expect(result.final.validation.loss).toBeLessThan(before.validation.loss / 3);
  });
});
