// Early stopping as the report describes it: stop once the validation loss has risen at
// `patience` consecutive checks, and (optionally) go back to the weights of the lowest one.
import { describe, expect, it } from 'vitest';
import { Evaluator } from '../../src/engine/evaluate';
import { parseTrainingConfig } from '../../src/engine/training-config';
import { loadMnistFromPackage } from '../../src/data/node';
import { prepareTraining } from '../../src/data/prepare-training';

const mnist = loadMnistFromPackage();
// 400 training images, one check per epoch: it overfits within a few epochs.
const config = (restoreBest: boolean, patience = 3) =>
  parseTrainingConfig({
    sizes: [784, 32, 10],
    init: { kind: 'normal-fan-in' },
    hiddenActivation: 'improved-sigmoid',
    learningRate: 0.5,
    batchSize: 20,
    maxEpochs: 200,
    earlyStopping: { patience, restoreBest },
    checksPerEpoch: 1,
    split: { pool: 800, validation: 400 },
    trainEvalSize: 400,
    evaluateTest: false,
    seed: 3,
  });

function run(restoreBest: boolean, patience = 3) {
  const training = prepareTraining(config(restoreBest, patience), mnist);
  training.runToEnd();
  return training;
}

describe('early stopping', () => {
  it('stops at the first check where the validation loss has risen `patience` times in a row, counting afresh after a fall', () => {
    const training = run(true);
    expect(training.stopReason).toBe('early-stopping');
    const losses = training.checks.map((c) => c.validation.loss);
    const rises = training.checks.map((c) => c.rises);
    // rises counts consecutive increases, and restarts at 0 when the loss falls.
    for (let i = 1; i < losses.length; i++) expect(rises[i]).toBe(losses[i] > losses[i - 1] ? rises[i - 1] + 1 : 0);
    expect(rises[rises.length - 1]).toBe(3);
    expect(rises.slice(0, -1).every((r) => r < 3)).toBe(true);
    // This run had a fall between rises, so it did not stop at the first rise streak.
    expect(rises.slice(0, -1)).toContain(2);
    expect(training.position().step).toBe(training.checks.length * 20);
  });

  it('restores the weights of the check with the lowest validation loss', () => {
    const training = run(true);
    const best = training.checks[training.bestCheck];
    expect(best.validation.loss).toBe(Math.min(...training.checks.map((c) => c.validation.loss)));
    expect(training.bestCheck).toBeLessThan(training.checks.length - 3);
    const now = new Evaluator(training.net).evaluate(training.net, training.sets.validation);
    expect(now.loss).toBe(best.validation.loss);
    expect(now.correct).toBe(best.validation.correct);
  });

  it('keeps the last weights when restoring is off', () => {
    const training = run(false);
    const last = training.checks[training.checks.length - 1];
    const now = new Evaluator(training.net).evaluate(training.net, training.sets.validation);
    expect(now.loss).toBe(last.validation.loss);
    expect(now.loss).toBeGreaterThan(training.checks[training.bestCheck].validation.loss);
  });

  it('waits longer with a larger patience', () => {
    const three = run(true, 3);
    const five = run(true, 5);
    expect(five.checks.length).toBeGreaterThan(three.checks.length);
    expect(five.checks[five.checks.length - 1].rises).toBe(5);
    // Same seed, same run up to the earlier stop.
    expect(five.checks.slice(0, three.checks.length).map((c) => c.validation.loss)).toEqual(three.checks.map((c) => c.validation.loss));
  });
});
