// Stepping a batch sub-step by sub-step ends bit-identical to the engine's one-shot
// trainStep, and every intermediate frame holds exactly trainStep's numbers.
import { describe, expect, it } from 'vitest';
import { trainStep, TrainingWorkspace } from '../../src/engine/step';
import { cloneNet, zeroVelocity } from '../../src/engine/network';
import type { Net, Velocity } from '../../src/engine/types';
import { stateAfterBatch } from '../../src/session/frame';
import { BatchRunner } from '../../src/session/run-loop';
import { bits, frameOf, randomImages, repeat, send, start, type Snapshot } from './helpers';

const images = randomImages(70, 30, 10, 5); // 70 = 3 batches of 24 minus two: the last is partial (22)

function dataOf() {
  return { kind: 'mnist' as const, train: images, validation: null, test: null, seed: 3, shuffle: true };
}

const allParams = (net: Net, v: Velocity | null) => [...net.params.weights, ...net.params.biases, ...(v ? [...v.weights, ...v.biases] : [])].map(bits);

describe('stepping a batch equals trainStep, bit for bit', () => {
  for (const precision of ['float32', 'float64'] as const) {
    for (const momentum of [0, 0.9]) {
      it(`${precision}, momentum ${momentum}, three batches (the last partial), every sub-step`, () => {
        let s: Snapshot = start({
          data: dataOf(),
          settings: { sizes: [30, 16, 12, 10], hiddenActivation: 'improved-sigmoid', init: { kind: 'normal-fan-in' }, precision, batchSize: 24, learningRate: 0.3, momentum },
        });
        const first = frameOf(s).start;
        let net = first.net;
        let velocity: Velocity | null = momentum ? zeroVelocity(net) : null;
        const plan = s.context.plan;
        for (let b = 0; b < 3; b++) {
          const batch = frameOf(s).start.batch;
          expect(batch.size).toBe(b < 2 ? 24 : 22);
          // the batch-start frame holds exactly the state trainStep starts from
          expect(allParams(frameOf(s).start.net, frameOf(s).start.velocity)).toEqual(allParams(net, velocity));
          const expected = trainStep(net, velocity, batch, { learningRate: 0.3, momentum });
          for (const step of plan) {
            s = send(s, { type: 'step.next' });
            const q = frameOf(s).quantities;
            const l = step.layer;
            switch (step.kind) {
              case 'preActivation':
                expect(bits(q.z[l]!)).toEqual(bits(expected.forward.layers[l].z));
                break;
              case 'activation':
                expect(bits(q.a[l]!)).toEqual(bits(expected.forward.layers[l].a));
                if (expected.forward.layers[l].fprime) expect(bits(q.fprime[l]!)).toEqual(bits(expected.forward.layers[l].fprime!));
                else expect(q.fprime[l]).toBeNull();
                break;
              case 'loss':
                expect(q.loss!.loss).toBe(expected.loss.loss);
                expect(bits(q.loss!.perExample)).toEqual(bits(expected.loss.perExample));
                break;
              case 'outputDelta':
              case 'hiddenDelta':
                expect(bits(q.delta[l]!)).toEqual(bits(expected.backward.deltas[l]));
                break;
              case 'gradients':
                expect(bits(q.gradW[l]!)).toEqual(bits(expected.backward.gradients.weights[l]));
                expect(bits(q.gradB[l]!)).toEqual(bits(expected.backward.gradients.biases[l]));
                break;
              case 'update':
                expect(bits(q.newW[l]!)).toEqual(bits(expected.net.params.weights[l]));
                expect(bits(q.newB[l]!)).toEqual(bits(expected.net.params.biases[l]));
                break;
            }
          }
          const after = stateAfterBatch(frameOf(s));
          expect(allParams(after.net, after.velocity)).toEqual(allParams(expected.net, expected.velocity));
          net = expected.net;
          velocity = expected.velocity;
          s = send(s, { type: 'step.next' }); // load the next batch
          expect(frameOf(s).start.previousLoss).toBe(expected.loss.loss);
        }
      });
    }
  }

  it('the weights change and the frames before them keep the old values (fresh arrays)', () => {
    let s = start({ data: dataOf(), settings: { sizes: [30, 8, 10], batchSize: 24, precision: 'float64' } });
    const before = bits(frameOf(s).start.net.params.weights[0]);
    s = repeat(s, { type: 'step.next' }, 11);
    const updated = frameOf(s).quantities.newW[0]!;
    expect(bits(updated)).not.toEqual(before);
    expect(bits(frameOf(s).start.net.params.weights[0])).toEqual(before);
  });
});

describe('the run loop equals the one-shot step and the engine workspace', () => {
  for (const precision of ['float32', 'float64'] as const) {
    it(`${precision}: 7 batches with momentum switched on after 3 (two epochs, shuffled)`, () => {
      const s = start({ data: dataOf(), settings: { sizes: [30, 16, 10], precision, batchSize: 24, learningRate: 0.2, momentum: 0 } });
      const plan = s.context.plan;
      const from = frameOf(s);
      const runner = new BatchRunner({
        data: dataOf(),
        plan,
        breakpoints: [],
        from: { start: from.start, quantities: from.quantities, stepIndex: -1 },
        batchSize: 24,
        rule: { learningRate: 0.2, momentum: 0 },
        following: null,
        until: null,
        lastValidationLoss: null,
      });
      // reference: trainStep over the same batches, and the engine's in-place workspace
      let net = from.start.net;
      let velocity: Velocity | null = null;
      const inPlace = cloneNet(net);
      let inPlaceVelocity: Velocity | null = null;
      const workspace = new TrainingWorkspace(inPlace, 24);
      let stepped = s;
      for (let b = 0; b < 7; b++) {
        const momentum = b < 3 ? 0 : 0.5;
        if (b === 3) {
          runner.setRule({ learningRate: 0.2, momentum });
          inPlaceVelocity = zeroVelocity(net);
        }
        // the batch from the machine's own order (stepping: load batch b)
        const batch = frameOf(stepped).start.batch;
        const result = trainStep(net, velocity, batch, { learningRate: 0.2, momentum });
        workspace.step(inPlace, inPlaceVelocity, batch, { learningRate: 0.2, momentum });
        net = result.net;
        velocity = result.velocity;
        expect(runner.runBatch()).toBe(true);
        const progress = runner.progress();
        expect(progress.stepsDone).toBe(b + 1);
        expect(allParams(progress.net, progress.velocity)).toEqual(allParams(net, velocity));
        expect(allParams(inPlace, inPlaceVelocity)).toEqual(allParams(net, velocity));
        stepped = send(stepped, { type: 'step.batch' }, { type: 'settings.change', settings: { momentum: b + 1 < 3 ? 0 : 0.5 } }, { type: 'step.next' });
      }
      // and stepping the same 7 batches lands on the same weights
      expect(allParams(frameOf(stepped).start.net, frameOf(stepped).start.velocity)).toEqual(allParams(net, velocity));
      expect(frameOf(stepped).start.order).toEqual({ epoch: 2, batch: 1 });
    });
  }
});
