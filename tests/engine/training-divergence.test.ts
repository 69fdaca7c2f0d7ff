// Divergence is named, not hidden: the step, and the first non-finite quantity and its layer;
// or, when the loss exploded with everything still finite, the largest |z| of each layer.
import { describe, expect, it } from 'vitest';
import { forward } from '../../src/engine/forward';
import { formatValue } from '../../src/format';
import { trainStep } from '../../src/engine/step';
import { parseTrainingConfig, type TrainingConfigInput } from '../../src/engine/training-config';
import { loadMnistFromPackage } from '../../src/data/node';
import { prepareTraining } from '../../src/data/prepare-training';

const mnist = loadMnistFromPackage();
const config = (changes: Partial<TrainingConfigInput>) =>
  parseTrainingConfig({
    sizes: [784, 24, 10],
    init: { kind: 'he-normal' },
    batchSize: 50,
    maxEpochs: 1,
    earlyStopping: null,
    split: { pool: 3000, validation: 500 },
    trainEvalSize: 500,
    evaluateTest: false,
    seed: 2,
    ...changes,
  });

describe('divergence', () => {
  it('names the first non-finite quantity and its layer when the loss becomes NaN', () => {
    // No loss threshold: the run goes on until something is NaN.
    const training = prepareTraining(config({ hiddenActivation: 'improved-sigmoid', learningRate: 1e6, divergenceLoss: 1e300 }), mnist);
    training.runToEnd();
    expect(training.stopReason).toBe('diverged');
    const d = training.divergence!;
    expect(d.firstNonFinite).not.toBeNull();
    expect(d.largestZ).toBeNull();
    expect(d.message).toBe(
      `Diverged at step ${d.step} (epoch 1, batch ${d.batch + 1}): the loss became NaN — first non-finite: ${d.firstNonFinite!.quantity} of ${d.firstNonFinite!.layer === 1 ? `class ${d.firstNonFinite!.neuron}` : `unit ${d.firstNonFinite!.neuron + 1} of layer ${d.firstNonFinite!.layer + 1}`}.`,
    );
    // The loss failed, so the weights of that step were wrecked by the update before it:
    // the last good batch is the previous step, and replaying it shows exactly that.
    expect(d.step).toBeGreaterThanOrEqual(2);
    const good = training.lastGoodSnapshot();
    expect(good.position).toEqual(d.lastGood);
    expect(good.position.step).toBe(d.step - 2);
    expect(good.net.params.weights.every((w) => w.every(Number.isFinite))).toBe(true);
    const rule = { learningRate: 1e6, momentum: 0 };
    const replay = trainStep(good.net, null, training.batchAt(good.position.epoch, good.position.batch), rule);
    expect(Number.isFinite(replay.loss.loss)).toBe(true);
    const failing = trainStep(replay.net, null, training.batchAt(d.epoch, d.batch), rule);
    expect(failing.loss.loss).toBeNaN();
  });

  it('gives the largest |z| of each layer when the loss exploded past divergenceLoss with everything finite', () => {
    const training = prepareTraining(config({ hiddenActivation: 'relu', learningRate: 40 }), mnist);
    training.runToEnd();
    const d = training.divergence!;
    expect(d.firstNonFinite).toBeNull();
    expect(d.loss).toBeGreaterThan(1000);
    expect(d.largestZ).toHaveLength(2);
    // Recomputed: replay the last good batch, then the diverging step's forward pass.
    const good = training.lastGoodSnapshot();
    expect(good.position.step).toBe(d.step - 2);
    const replay = trainStep(good.net, null, training.batchAt(good.position.epoch, good.position.batch), { learningRate: 40, momentum: 0 });
    expect(replay.loss.loss).toBeLessThan(1000);
    const batch = training.batchAt(d.epoch, d.batch);
    const expected = forward(replay.net, batch).layers.map(({ z }) => Math.max(...Array.from(z, Math.abs)));
    expect(d.largestZ).toEqual(expected);
    expect(d.message).toBe(
      `Diverged at step ${d.step} (epoch 1, batch ${d.batch + 1}): the loss exploded to ${formatValue(d.loss)} — nothing is non-finite yet; ` +
        `largest |z| per layer: layer 1 ${formatValue(expected[0], 3)}, layer 2 ${formatValue(expected[1], 3)}.`,
    );
  });
});
