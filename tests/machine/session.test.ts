// Choosing batches, changing settings, reset, load, pausing a run, and entering from the trainer.
import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { trainStep } from '../../src/engine/step';
import { prepareTraining } from '../../src/data/prepare-training';
import { parseTrainingConfig } from '../../src/engine/training-config';
import { epochOrder } from '../../src/data/batches';
import type { Velocity } from '../../src/engine/types';
import { debuggerMachine } from '../../src/machine/debugger-machine';
import { debuggerInputFor, loadFromSnapshot } from '../../src/session/from-training';
import { frameAt } from '../../src/session/history';
import { bits, frameOf, randomImages, repeat, send, start, TINY_DATA } from './helpers';

const sets = { train: randomImages(200, 784, 10, 31), validation: randomImages(40, 784, 10, 32), test: randomImages(30, 784, 10, 33) };
const mnist = (seed = 5) => ({ kind: 'mnist' as const, ...sets, seed, shuffle: true });
const paramBits = (f: ReturnType<typeof frameOf>) => [...f.start.net.params.weights, ...f.start.net.params.biases].map(bits);

describe('batch.choose', () => {
  it('at a batch start, replaces the loaded batch at once: test images, train images, an order position', () => {
    let s = start({ data: mnist(), settings: { sizes: [784, 8, 10], batchSize: 50 } });
    s = send(s, { type: 'batch.choose', choice: { kind: 'examples', set: 'test', indices: [3, 1, 4] } });
    expect(frameOf(s).index).toBe(0);
    expect(frameOf(s).start.source).toEqual({ kind: 'examples', set: 'test', indices: [3, 1, 4] });
    expect(Array.from(frameOf(s).start.batch.labels as Uint8Array)).toEqual([sets.test.labels[3], sets.test.labels[1], sets.test.labels[4]]);
    expect(frameOf(s).start.batch.inputs[784 + 10]).toBe(Math.fround(sets.test.images[784 + 10] / 255));
    s = send(s, { type: 'batch.choose', choice: { kind: 'order', epoch: 3, batch: 2 } });
    const order = epochOrder(200, 5, 3, true);
    expect(frameOf(s).start.source).toEqual({ kind: 'order', epoch: 3, batch: 2 });
    expect(Array.from(frameOf(s).start.batch.labels as Uint8Array)).toEqual(Array.from(order.subarray(100, 150), (i) => sets.train.labels[i]));
    // after this batch comes the next of the order: epoch 3, batch 3
    s = send(s, { type: 'step.batch' }, { type: 'step.next' });
    expect(frameOf(s).start.source).toEqual({ kind: 'order', epoch: 3, batch: 3 });
    expect(frameOf(s).start.stepsBefore).toBe(1);
  });

  it('mid-batch, waits for the next batch; a hand-picked batch does not advance the order', () => {
    let s = send(start({ data: mnist(), settings: { sizes: [784, 8, 10], batchSize: 50 } }), { type: 'step.next' }, { type: 'step.next' });
    s = send(s, { type: 'batch.choose', choice: { kind: 'examples', set: 'train', indices: [7] } });
    expect(frameOf(s).start.source).toEqual({ kind: 'order', epoch: 0, batch: 0 });
    expect(s.context.pendingChoice).toEqual({ kind: 'examples', set: 'train', indices: [7] });
    s = send(s, { type: 'step.batch' }, { type: 'step.next' });
    expect(frameOf(s).start.source).toEqual({ kind: 'examples', set: 'train', indices: [7] });
    expect(s.context.pendingChoice).toBeNull();
    expect(s.context.sample).toBe(0);
    s = send(s, { type: 'step.batch' }, { type: 'step.next' });
    expect(frameOf(s).start.source).toEqual({ kind: 'order', epoch: 0, batch: 1 });
    expect(frameOf(s).start.stepsBefore).toBe(2);
  });

  it('a custom batch for a lesson net', () => {
    let s = start({ data: TINY_DATA, settings: { sizes: [2, 2, 2] } });
    s = send(s, { type: 'batch.choose', choice: { kind: 'custom', label: 'XOR corner', inputs: [1, 1], labels: [0] } });
    expect(frameOf(s).start.source).toEqual({ kind: 'custom', label: 'XOR corner' });
    expect(Array.from(frameOf(s).start.batch.inputs)).toEqual([1, 1]);
  });
});

describe('settings.change and reset', () => {
  it('lr and momentum rebuild a batch-start frame at once (momentum brings a zero velocity)', () => {
    let s = start({ data: TINY_DATA, settings: { sizes: [2, 2, 2], learningRate: 0.5 } });
    s = send(s, { type: 'settings.change', settings: { learningRate: 0.25, momentum: 0.5 } });
    expect(frameOf(s).start.rule).toEqual({ learningRate: 0.25, momentum: 0.5 });
    expect(frameOf(s).start.velocity!.weights[0].every((v) => v === 0)).toBe(true);
    s = send(s, { type: 'step.batch' }, { type: 'step.next' }, { type: 'settings.change', settings: { momentum: 0 } });
    expect(frameOf(s).start.velocity).toBeNull();
    // back on: the velocity the previous batch left, not zeros
    s = send(s, { type: 'settings.change', settings: { momentum: 0.5 } });
    const previous = frameAt(s.context.history, frameOf(s).index - 1)!;
    expect(frameOf(s).start.velocity!.weights[0]).toBe(previous.quantities.newVW[0]);
  });

  it('topology, activation, precision and batch size wait for reset', () => {
    let s = repeat(start({ data: mnist(), settings: { sizes: [784, 8, 10], batchSize: 50 } }), { type: 'step.next' }, 3);
    s = send(s, { type: 'settings.change', settings: { sizes: [784, 6, 5, 10], hiddenActivation: 'relu', precision: 'float64', batchSize: 40, init: { kind: 'he-normal' } } });
    expect(frameOf(s).start.net.sizes).toEqual([784, 8, 10]);
    expect(frameOf(s).index).toBe(3);
    s = send(s, { type: 'reset' });
    expect(frameOf(s).index).toBe(0);
    expect(frameOf(s).start.net.sizes).toEqual([784, 6, 5, 10]);
    expect(frameOf(s).start.net.activations).toEqual(['relu', 'relu', 'softmax']);
    expect(frameOf(s).start.net.precision).toBe('float64');
    expect(frameOf(s).start.batch.size).toBe(40);
    expect(s.context.plan.length).toBe(16);
    expect(s.value).toEqual({ paused: 'ready' });
  });

  it('reset drops breakpoints that no longer fit the topology', () => {
    let s = start({ data: mnist(), settings: { sizes: [784, 8, 8, 10] }, breakpoints: [{ kind: 'delta-above', layer: 2, neuron: 0, threshold: 1 }, { kind: 'non-finite' }] });
    s = send(s, { type: 'settings.change', settings: { sizes: [784, 8, 10] } }, { type: 'reset' });
    expect(s.context.breakpoints.map((bp) => bp.kind)).toEqual(['non-finite']);
  });
});

describe('run.pause', () => {
  it('lands at the batch the run would take next, with exactly the weights of that many trainSteps', async () => {
    const settings = { sizes: [784, 16, 10], batchSize: 20, precision: 'float32' as const, learningRate: 0.1, momentum: 0.9 };
    const actor = createActor(debuggerMachine, { input: { data: mnist(), settings, sliceMs: 2 } }).start();
    actor.send({ type: 'step.next' }); // start mid-batch
    actor.send({ type: 'run.continue' });
    await waitFor(actor, (x) => (x.context.run?.progress?.batchesRun ?? 0) >= 15, { timeout: 20_000 });
    actor.send({ type: 'run.pause' });
    const s = actor.getSnapshot();
    actor.stop();
    expect(s.value).toEqual({ paused: 'ready' });
    const landed = frameOf(s);
    const done = landed.start.stepsBefore;
    expect(done).toBeGreaterThanOrEqual(15);
    expect(landed.start.order).toEqual({ epoch: Math.floor(done / 10), batch: done % 10 });
    // replay with the engine's one-shot step on the debugger's own batches
    let stepper = start({ data: mnist(), settings });
    let net = frameOf(stepper).start.net;
    let velocity: Velocity | null = frameOf(stepper).start.velocity;
    for (let b = 0; b < done; b++) {
      const r = trainStep(net, velocity, frameOf(stepper).start.batch, { learningRate: 0.1, momentum: 0.9 });
      net = r.net;
      velocity = r.velocity;
      stepper = send(stepper, { type: 'step.batch' }, { type: 'step.next' });
    }
    expect(paramBits(landed)).toEqual([...net.params.weights, ...net.params.biases].map(bits));
    expect(landed.start.velocity!.weights.map(bits)).toEqual(velocity!.weights.map(bits));
    // the frames before the run are still there
    expect(frameAt(s.context.history, 1)!.stepIndex).toBe(0);
    expect(landed.index).toBe(2);
  });
});

describe('entering from the trainer', () => {
  it('a snapshot after 13 steps: the debugger steps exactly the batch the trainer runs next', () => {
    const mnistData = { train: randomImages(240, 784, 10, 41), test: randomImages(30, 784, 10, 42) };
    const config = parseTrainingConfig({ sizes: [784, 12, 10], batchSize: 25, learningRate: 0.3, momentum: 0.5, seed: 9, split: { pool: 240, validation: 40 }, checksPerEpoch: 1, trainEvalSize: 0, evaluateTest: false });
    // from the start of the run: the trainer's initial weights and first batch
    const fresh = start(debuggerInputFor(config, mnistData));
    const training = prepareTraining(config, mnistData);
    expect(paramBits(frameOf(fresh))).toEqual([...training.net.params.weights, ...training.net.params.biases].map(bits));
    expect(bits(frameOf(fresh).start.batch.inputs)).toEqual(bits(training.batchAt(0, 0).inputs));
    let steps = 0;
    while (steps < 13) steps += training.run(13 - steps).steps;
    const snapshot = training.snapshot();
    expect(snapshot.position).toEqual({ epoch: 1, batch: 5, step: 13 });
    // a debugger made for other data adopts the trainer's with the load
    let s = start({ data: mnist(1), settings: { sizes: [784, 5, 10] } });
    s = send(s, { type: 'load', ...loadFromSnapshot(config, snapshot, mnistData) });
    expect(s.context.history.log.length).toBe(1);
    expect(frameOf(s).start.source).toEqual({ kind: 'order', epoch: 1, batch: 5 });
    expect(frameOf(s).start.stepsBefore).toBe(13);
    expect(bits(frameOf(s).start.batch.inputs)).toEqual(bits(training.batchAt(1, 5).inputs));
    s = send(s, { type: 'step.batch' });
    training.run(1);
    const after = frameOf(s).quantities;
    expect(after.newW.map((w) => bits(w!))).toEqual(training.net.params.weights.map(bits));
    expect(after.newB.map((b) => bits(b!))).toEqual(training.net.params.biases.map(bits));
    expect(after.newVW.map((v) => bits(v!))).toEqual(training.velocity!.weights.map(bits));
  });

  it('refuses weights that do not fit the data', () => {
    const s = start({ data: TINY_DATA, settings: { sizes: [2, 2, 2] } });
    const wrong = { ...frameOf(s).start.net, sizes: [3, 2, 2] };
    expect(s.can({ type: 'load', net: wrong })).toBe(false);
    expect(s.can({ type: 'load', net: frameOf(s).start.net, position: { epoch: 0, batch: 2, step: 0 } })).toBe(false); // two batches per epoch
    expect(s.can({ type: 'load', net: frameOf(s).start.net, position: { epoch: 4, batch: 1, step: 9 } })).toBe(true);
  });
});

describe('settings while running', () => {
  it('a new learning rate reaches the run loop and applies from the next batch', async () => {
    const data = { kind: 'mnist' as const, train: randomImages(60, 784, 10, 51), validation: null, test: null, seed: 2, shuffle: true };
    const settings = { sizes: [784, 8, 10], batchSize: 20, precision: 'float64' as const, learningRate: 0.5 };
    const actor = createActor(debuggerMachine, { input: { data, settings, breakpoints: [{ kind: 'epoch-end' }] } }).start();
    const first = frameOf(actor.getSnapshot()).start;
    actor.send({ type: 'run.continue' });
    actor.send({ type: 'settings.change', settings: { learningRate: 0.05 } }); // before the loop's first slice
    const s = await waitFor(actor, (x) => x.matches('paused'));
    actor.stop();
    // batch 0 keeps the rule of the frame it started from; batches 1 and 2 take the new one
    let stepper = start({ data, settings });
    let net = first.net;
    for (const lr of [0.5, 0.05]) {
      net = trainStep(net, null, frameOf(stepper).start.batch, { learningRate: lr, momentum: 0 }).net;
      stepper = send(stepper, { type: 'step.batch' }, { type: 'step.next' });
    }
    const landed = frameOf(s);
    expect(landed.start.stepsBefore).toBe(2);
    expect(landed.start.rule.learningRate).toBe(0.05);
    expect(paramBits(landed)).toEqual([...net.params.weights, ...net.params.biases].map(bits));
  });
});

describe('the validation breakpoint checks as the trainer does', () => {
  it('the same check points and losses as Training, stopping at the first rise', async () => {
    const mnistData = { train: randomImages(240, 784, 10, 61), test: randomImages(10, 784, 10, 62) };
    const config = parseTrainingConfig({
      sizes: [784, 12, 10],
      batchSize: 25,
      learningRate: 0.8,
      seed: 3,
      split: { pool: 240, validation: 40 },
      checksPerEpoch: 3,
      trainEvalSize: 0,
      evaluateTest: false,
      earlyStopping: null,
      maxEpochs: 30,
    });
    const training = prepareTraining(config, mnistData);
    while (!training.finished && !training.checks.some((c) => c.rises > 0)) training.run(Number.MAX_SAFE_INTEGER);
    const rise = training.checks.findIndex((c) => c.rises > 0);
    expect(rise).toBeGreaterThan(0);
    const input = { ...debuggerInputFor(config, mnistData), breakpoints: [{ kind: 'validation-rise' as const, checksPerEpoch: 3 }] };
    const actor = createActor(debuggerMachine, { input }).start();
    actor.send({ type: 'run.continue' });
    const s = await waitFor(actor, (x) => x.matches('paused'), { timeout: 30_000 });
    actor.stop();
    expect(s.context.validationChecks).toEqual(training.checks.slice(0, rise + 1).map((c) => ({ steps: c.step, loss: c.validation.loss })));
    expect(s.context.hit).toMatchObject({ kind: 'validation-rise', value: training.checks[rise].validation.loss });
    expect(frameOf(s).start.stepsBefore + 1).toBe(training.checks[rise].step);
    expect(frameOf(s).stepIndex).toBe(s.context.plan.length - 1);
  });
});

describe('a batch chosen mid-batch, then a run', () => {
  it('runs the rest of the batch, the chosen batch, then the order, to the end of the epoch', async () => {
    const data = { kind: 'mnist' as const, train: randomImages(60, 784, 10, 71), validation: null, test: randomImages(10, 784, 10, 72), seed: 4, shuffle: true };
    const settings = { sizes: [784, 8, 10], batchSize: 20, precision: 'float64' as const, learningRate: 0.5, momentum: 0.5 };
    const actor = createActor(debuggerMachine, { input: { data, settings } }).start();
    actor.send({ type: 'step.next' });
    actor.send({ type: 'batch.choose', choice: { kind: 'examples', set: 'test', indices: [5, 6] } });
    actor.send({ type: 'step.epoch' });
    const s = await waitFor(actor, (x) => x.matches('paused'));
    actor.stop();
    const landed = frameOf(s);
    expect(landed.start.source).toEqual({ kind: 'order', epoch: 0, batch: 2 });
    expect(landed.start.stepsBefore).toBe(3); // order 0, the chosen batch, order 1, then order 2
    // the same sequence by hand with the engine's one-shot step
    let stepper = start({ data, settings });
    let net = frameOf(stepper).start.net;
    let velocity: Velocity | null = frameOf(stepper).start.velocity;
    const batches = [frameOf(stepper).start.batch];
    stepper = send(stepper, { type: 'step.next' }, { type: 'batch.choose', choice: { kind: 'examples', set: 'test', indices: [5, 6] } });
    stepper = send(stepper, { type: 'step.batch' }, { type: 'step.next' });
    batches.push(frameOf(stepper).start.batch);
    expect(frameOf(stepper).start.source).toEqual({ kind: 'examples', set: 'test', indices: [5, 6] });
    stepper = send(stepper, { type: 'step.batch' }, { type: 'step.next' });
    batches.push(frameOf(stepper).start.batch);
    for (const batch of batches) {
      const r = trainStep(net, velocity, batch, { learningRate: 0.5, momentum: 0.5 });
      net = r.net;
      velocity = r.velocity;
    }
    expect(paramBits(landed)).toEqual([...net.params.weights, ...net.params.biases].map(bits));
  });
});
