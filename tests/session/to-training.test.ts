// Back to training: what the debugger hands the trainer is the trainer's own state had it
// run the same batches — checked against the engine's Training run alongside, bit for bit,
// and a trainer resumed from it carries on exactly as the uninterrupted one does.
import { describe, expect, it } from 'vitest';
import { prepareTraining } from '../../src/data/prepare-training';
import type { Training } from '../../src/engine/training';
import { parseTrainingConfig } from '../../src/engine/training-config';
import type { Params } from '../../src/engine/types';
import { loadFromSnapshot } from '../../src/session/from-training';
import { describeTrainingState, trainingConfigOf, trainingStateOf } from '../../src/session/to-training';
import { bits, frameOf, randomImages, repeat, send, start } from '../machine/helpers';

const mnistData = { train: randomImages(240, 784, 10, 41), test: randomImages(30, 784, 10, 42) };
// 200 training images after the split: 8 batches of 25 per epoch.
const config = parseTrainingConfig({
  sizes: [784, 12, 10],
  batchSize: 25,
  learningRate: 0.3,
  momentum: 0.5,
  seed: 9,
  split: { pool: 240, validation: 40 },
  checksPerEpoch: 1,
  trainEvalSize: 0,
  evaluateTest: false,
});
const paramBits = (p: Params) => [...p.weights, ...p.biases].map(bits);

function runSteps(training: Training, count: number): void {
  let steps = 0;
  while (steps < count) steps += training.run(count - steps).steps;
}

/** A trainer after 13 steps (epoch 2, batch 6 next) and a debugger loaded from its snapshot. */
function handedOver() {
  const training = prepareTraining(config, mnistData);
  runSteps(training, 13);
  const snapshot = training.snapshot();
  const s = send(start({ data: { kind: 'custom', inputSize: 784, classes: 10, batches: [{ inputs: new Array(784).fill(0), labels: [0] }] } }), {
    type: 'load',
    ...loadFromSnapshot(config, snapshot, mnistData),
  });
  return { training, snapshot, s };
}

describe('the state handed back to the trainer', () => {
  it('after whole batches: the trainer’s weights, velocity and position after the same batches, across an epoch’s end', () => {
    const { training, s: loaded } = handedOver();
    expect(trainingStateOf(loaded.context).snapshot.position).toEqual({ epoch: 1, batch: 5, step: 13 });
    let s = loaded;
    for (let batch = 0; batch < 3; batch++) {
      s = send(s, { type: 'step.batch' });
      training.run(1);
      const { snapshot, batchDone, midBatch } = trainingStateOf(s.context);
      expect([batchDone, midBatch]).toEqual([true, false]);
      expect(paramBits(snapshot.net.params)).toEqual(paramBits(training.net.params));
      expect(paramBits(snapshot.velocity!)).toEqual(paramBits(training.velocity!));
      expect(snapshot.position).toEqual(training.position());
    }
    // batches 6, 7 and 8 of epoch 2 ran: next is the first batch of epoch 3
    expect(trainingStateOf(s.context).snapshot.position).toEqual({ epoch: 2, batch: 0, step: 16 });
  });

  it('mid-batch: the weights the batch started from, and its position, so the trainer runs it again whole', () => {
    const { snapshot: before, s: loaded } = handedOver();
    const s = repeat(loaded, { type: 'step.next' }, 10); // every sub-step but W₁'s update
    expect(frameOf(s).quantities.newW[1]).not.toBeNull();
    const { snapshot, batchDone, midBatch } = trainingStateOf(s.context);
    expect([batchDone, midBatch]).toEqual([false, true]);
    expect(paramBits(snapshot.net.params)).toEqual(paramBits(before.net.params));
    expect(paramBits(snapshot.velocity!)).toEqual(paramBits(before.velocity!));
    expect(snapshot.position).toEqual({ epoch: 1, batch: 5, step: 13 });
  });

  it('a trainer resumed from the hand-back carries on exactly as the uninterrupted run', () => {
    const { training, s: loaded } = handedOver();
    const s = send(loaded, { type: 'step.batch' }, { type: 'step.batch' });
    const { snapshot } = trainingStateOf(s.context);
    const resumed = prepareTraining(trainingConfigOf(config, s.context), mnistData, {
      net: snapshot.net,
      start: { velocity: snapshot.velocity, position: snapshot.position },
    });
    runSteps(training, 2 + 5);
    runSteps(resumed, 5); // across the end of epoch 2 and its validation check
    expect(resumed.net.params.weights[0]).not.toBe(frameOf(s).quantities.newW[0]); // the trainer's own copy
    expect(paramBits(resumed.net.params)).toEqual(paramBits(training.net.params));
    expect(resumed.position()).toEqual(training.position());
  });

  it('the run settings follow the debugger’s learning rate and momentum', () => {
    const { s: loaded } = handedOver();
    const s = send(loaded, { type: 'settings.change', settings: { learningRate: 0.05, momentum: 0.9 } });
    const back = trainingConfigOf(config, s.context);
    expect([back.learningRate, back.momentum, back.batchSize, back.seed, back.sizes]).toEqual([0.05, 0.9, 25, 9, [784, 12, 10]]);
    expect(trainingConfigOf(config, loaded.context)).toEqual(config);
  });
});

describe('describeTrainingState', () => {
  it('says which step the weights are at and which batch comes next', () => {
    const { s } = handedOver();
    expect(describeTrainingState(trainingStateOf(s.context))).toBe("the debugger's weights after step 13; next: epoch 2, batch 6");
    expect(describeTrainingState(trainingStateOf(send(s, { type: 'step.batch' }).context))).toBe("the debugger's weights after step 14; next: epoch 2, batch 7");
    expect(describeTrainingState(trainingStateOf(send(s, { type: 'step.next' }).context))).toBe(
      "the debugger's weights at step 13, before the batch it was in the middle of (epoch 2, batch 6, which the trainer runs again whole)",
    );
  });
});
