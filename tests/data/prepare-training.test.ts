// prepareTraining: the config's split, test set, initial net and per-epoch order.
import { describe, expect, it } from 'vitest';
import { gatherBatch } from '../../src/engine/dataset';
import { createNet } from '../../src/engine/network';
import { parseTrainingConfig } from '../../src/engine/training-config';
import { epochOrder } from '../../src/data/batches';
import { loadMnistFromPackage } from '../../src/data/node';
import { initialNet, prepareTraining } from '../../src/data/prepare-training';

const mnist = loadMnistFromPackage();
const config = parseTrainingConfig({
  sizes: [784, 16, 10],
  init: { kind: 'normal-fan-in' },
  split: { pool: 1000, validation: 200 },
  batchSize: 50,
  seed: 9,
  precision: 'float64',
  checksPerEpoch: 1,
  trainEvalSize: 0,
});

describe('prepareTraining', () => {
  it('splits the first `pool` training images and adds the test set', () => {
    const training = prepareTraining(config, mnist);
    expect(training.sets.train.count).toBe(800);
    expect(training.sets.validation.count).toBe(200);
    expect(Array.from(training.sets.validation.labels)).toEqual(Array.from(mnist.train.labels.subarray(800, 1000)));
    expect(training.sets.test).toBe(mnist.test);
    expect(training.batchesPerEpoch).toBe(16);
  });

  it('starts from the net the config describes', () => {
    const training = prepareTraining(config, mnist);
    const expected = createNet({ sizes: [784, 16, 10], hiddenActivation: 'sigmoid', init: { kind: 'normal-fan-in' }, seed: 9, precision: 'float64' });
    expect(Array.from(training.net.params.weights[0])).toEqual(Array.from(expected.params.weights[0]));
    expect(Array.from(initialNet(config).params.weights[1])).toEqual(Array.from(expected.params.weights[1]));
  });

  it('visits each epoch in epochOrder(train.count, seed, epoch, shuffle)', () => {
    const training = prepareTraining(config, mnist);
    const order = epochOrder(800, 9, 3, true);
    const inputs = new Float64Array(50 * 784);
    const labels = new Uint8Array(50);
    gatherBatch(training.sets.train, order, 100, 50, inputs, labels);
    const batch = training.batchAt(3, 2);
    expect(Array.from(batch.labels)).toEqual(Array.from(labels));
    expect(Array.from(batch.inputs)).toEqual(Array.from(inputs));
    const unshuffled = prepareTraining({ ...config, shuffle: false }, mnist).batchAt(5, 1);
    expect(Array.from(unshuffled.labels)).toEqual(Array.from(mnist.train.labels.subarray(50, 100)));
  });

  it('is deterministic: two runs of the same config end on the same weights', () => {
    const short = { ...config, maxEpochs: 1 };
    const a = prepareTraining(short, mnist);
    const b = prepareTraining(short, mnist);
    a.runToEnd();
    b.runToEnd();
    expect(a.stopReason).toBe('max-epochs');
    expect(Array.from(a.net.params.weights[0])).toEqual(Array.from(b.net.params.weights[0]));
    expect(a.checks[0].validation.accuracy).toBeGreaterThan(0.3); // 16 steps from chance (0.1)
  });

  it('refuses a net of another shape', () => {
    const other = createNet({ sizes: [784, 8, 10], hiddenActivation: 'sigmoid', init: { kind: 'uniform', range: 1 }, seed: 1, precision: 'float64' });
    expect(() => prepareTraining(config, mnist, { net: other })).toThrow('the net is 784-8-10, the config says 784-16-10');
  });
});
