// Each breakpoint kind stops run.continue on the sub-step where its condition first
// held, naming the layer, neuron and example; expectations come from the engine's
// one-shot trainStep run batch by batch, independently of the machine.
import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { forward } from '../../src/engine/forward';
import { crossEntropy } from '../../src/engine/softmax';
import { trainStep, type StepResult } from '../../src/engine/step';
import { zeroVelocity } from '../../src/engine/network';
import type { Batch, FloatArray, Net, Velocity } from '../../src/engine/types';
import { debuggerMachine } from '../../src/machine/debugger-machine';
import type { DebuggerInput } from '../../src/session/context';
import type { BreakpointSpec } from '../../src/session/breakpoints';
import { customBatch } from '../../src/session/data-source';
import { frameAt } from '../../src/session/history';
import { checkStep, nonFiniteAfter } from '../../src/session/breakpoints';
import { emptyQuantities } from '../../src/session/batch-quantities';
import { planSteps } from '../../src/session/plan';
import { frameOf, randomImages, send, start, type Snapshot } from './helpers';

async function runUntilPaused(input: DebuggerInput, ...before: Parameters<typeof send>[1][]): Promise<Snapshot> {
  const actor = createActor(debuggerMachine, { input }).start();
  try {
    for (const event of before) actor.send(event);
    actor.send({ type: 'run.continue' });
    return await waitFor(actor, (x) => x.matches('paused'), { timeout: 20_000 });
  } finally {
    actor.stop();
  }
}

/** A 2-2-2 sigmoid net with the given first-layer weights (float64, zero biases). */
function net222(w1: number[], w2 = [0.5, -0.6, 0.7, 0.8]): Net {
  return {
    sizes: [2, 2, 2],
    activations: ['sigmoid', 'softmax'],
    improvedSigmoidC: 0.001,
    precision: 'float64',
    params: { weights: [Float64Array.from(w1), Float64Array.from(w2)], biases: [new Float64Array(2), new Float64Array(2)] },
  };
}

function allFinite(r: StepResult): boolean {
  const arrays: FloatArray[] = [
    ...r.forward.layers.flatMap((l) => [l.z, l.a, ...(l.fprime ? [l.fprime] : [])]),
    ...r.backward.deltas,
    ...r.backward.gradients.weights,
    ...r.backward.gradients.biases,
    ...r.net.params.weights,
    ...r.net.params.biases,
  ];
  return Number.isFinite(r.loss.loss) && arrays.every((a) => a.every(Number.isFinite));
}

describe('non-finite values', () => {
  it('a constructed overflow: z₁ of neuron 2 is +∞ for example 1 on the very first sub-step', async () => {
    const data = { kind: 'custom' as const, inputSize: 2, classes: 2, batches: [{ inputs: [1, 1, 0.5, 0.25], labels: [1, 0] }] };
    const s = await runUntilPaused({ data, load: { net: net222([0.1, 0.2, 1e308, 1e308]) }, breakpoints: [{ kind: 'non-finite' }] });
    expect(s.context.hit).toMatchObject({ kind: 'non-finite', stepIndex: 0, layer: 0, neuron: 1, example: 0, input: null, quantity: 'z', value: Infinity });
    expect(s.context.hit!.message).toBe('Infinity in z of layer 1, unit 2, example 1');
    expect(frameOf(s).stepIndex).toBe(0);
    expect(s.value).toEqual({ paused: 'forward' });
    expect(frameOf(s).quantities.z[0]![1]).toBe(Infinity);
  });

  it('a non-finite weight gradient names its unit (row) and input (column)', () => {
    const net = net222([0.1, 0.2, 0.3, 0.4]);
    const step = planSteps(net).find((p) => p.kind === 'gradients' && p.layer === 0)!;
    const q = { ...emptyQuantities(2), gradW: [Float64Array.of(0, 0, 0, NaN), null], gradB: [new Float64Array(2), null] };
    const batch = customBatch({ inputs: [1, 1], labels: [0] }, 'float64');
    const hit = checkStep([{ kind: 'non-finite', id: 'bp1', enabled: true }], step, { net, batch, previousLoss: null }, q)!;
    expect(hit).toMatchObject({ quantity: '∂C/∂W', layer: 0, neuron: 1, input: 1, example: null });
    expect(hit.message).toBe('NaN in ∂C/∂W of layer 1, unit 2, input 2');
  });

  it('a huge learning rate: the run lands on the first sub-step that produced a NaN or ±∞', async () => {
    const train = randomImages(96, 30, 10, 11);
    const data = { kind: 'mnist' as const, train, validation: null, test: null, seed: 1, shuffle: true };
    const settings = { sizes: [30, 12, 10], batchSize: 16, precision: 'float32' as const, learningRate: 3e37, momentum: 0.9 };
    const s = await runUntilPaused({ data, settings, breakpoints: [{ kind: 'non-finite' }] });
    const hit = s.context.hit!;
    expect(hit.kind).toBe('non-finite');
    const landing = frameOf(s);
    // independently: trainStep batch by batch from the same start, on the same batches
    const first = frameAt(s.context.history, 0)!.start;
    let net = first.net;
    let velocity: Velocity | null = zeroVelocity(net);
    const rule = { learningRate: 3e37, momentum: 0.9 };
    let diverged = -1;
    const fresh = start({ data, settings });
    let stepper = fresh;
    for (let b = 0; b < 30 && diverged < 0; b++) {
      const batch = frameOf(stepper).start.batch;
      const result = trainStep(net, velocity, batch, rule);
      if (!allFinite(result)) diverged = b;
      net = result.net;
      velocity = result.velocity;
      stepper = send(stepper, { type: 'step.batch' }, { type: 'step.next' });
    }
    expect(diverged).toBeGreaterThan(0); // not the first batch: the run really ran batches fast
    expect(landing.start.stepsBefore).toBe(diverged);
    // the named value is non-finite in the landing frame …
    const arrays: Record<string, readonly (FloatArray | null)[]> = { z: landing.quantities.z, a: landing.quantities.a, ŷ: landing.quantities.a, "f'(z)": landing.quantities.fprime, δ: landing.quantities.delta };
    if (hit.quantity! in arrays) {
      const width = landing.start.net.sizes[hit.layer! + 1];
      expect(Number.isFinite(arrays[hit.quantity!][hit.layer!]![hit.example! * width + hit.neuron!])).toBe(false);
    }
    expect(nonFiniteAfter(s.context.plan[landing.stepIndex], landing.start, landing.quantities)).not.toBeNull();
    // … and every earlier sub-step of the batch produced finite numbers only
    for (let i = landing.index - landing.stepIndex; i < landing.index; i++) {
      const frame = frameAt(s.context.history, i)!;
      expect(nonFiniteAfter(s.context.plan[frame.stepIndex], frame.start, frame.quantities)).toBeNull();
    }
  });
});

describe('loss rise', () => {
  it('stops on the loss step of the first batch whose C exceeds factor × the previous C', async () => {
    const x = [0.9, 0.1, 0.2, 0.8, 0.7, 0.3];
    const data = { kind: 'custom' as const, inputSize: 2, classes: 2, batches: [{ inputs: x, labels: [1, 0, 1] }, { inputs: x, labels: [0, 1, 0] }] };
    const input = { data, settings: { sizes: [2, 3, 2], learningRate: 2, init: { kind: 'normal-fan-in' as const } }, breakpoints: [{ kind: 'loss-rise', factor: 1.3 } as BreakpointSpec] };
    const s = await runUntilPaused(input);
    // independently
    let net = frameAt(s.context.history, 0)!.start.net;
    const losses: number[] = [];
    for (let b = 0; b < 8; b++) {
      const r = trainStep(net, null, customBatch(data.batches[b % 2], 'float32'), { learningRate: 2, momentum: 0 });
      losses.push(r.loss.loss);
      net = r.net;
    }
    const first = losses.findIndex((c, b) => b > 0 && c > 1.3 * losses[b - 1]);
    expect(first).toBeGreaterThan(0);
    expect(frameOf(s).start.stepsBefore).toBe(first);
    expect(frameOf(s).stepIndex).toBe(s.context.plan.findIndex((p) => p.kind === 'loss'));
    expect(s.value).toEqual({ paused: 'loss' });
    expect(s.context.hit).toMatchObject({ kind: 'loss-rise', quantity: 'C', value: losses[first] });
    expect(frameOf(s).start.previousLoss).toBe(losses[first - 1]);
  });
});

describe('|δ| above a threshold', () => {
  it('stops on δ₁ of the first batch where the chosen hidden neuron exceeds it, naming the example', async () => {
    const train = randomImages(160, 30, 10, 21);
    const data = { kind: 'mnist' as const, train, validation: null, test: null, seed: 4, shuffle: true };
    const settings = { sizes: [30, 12, 10], batchSize: 16, precision: 'float64' as const, learningRate: 3, momentum: 0, init: { kind: 'normal-fan-in' as const } };
    // per batch, the largest |δ| of hidden unit 4 (layer index 0), from trainStep
    let stepper = start({ data, settings });
    let net = frameOf(stepper).start.net;
    const largest: { value: number; example: number; signed: number }[] = [];
    for (let b = 0; b < 10; b++) {
      const batch = frameOf(stepper).start.batch;
      const r = trainStep(net, null, batch, { learningRate: 3, momentum: 0 });
      let best = { value: -1, example: -1, signed: 0 };
      for (let n = 0; n < batch.size; n++) {
        const d = r.backward.deltas[0][n * 12 + 4];
        if (Math.abs(d) > best.value) best = { value: Math.abs(d), example: n, signed: d };
      }
      largest.push(best);
      net = r.net;
      stepper = send(stepper, { type: 'step.batch' }, { type: 'step.next' });
    }
    // a threshold the first batch stays under and a later one exceeds
    const threshold = largest[0].value;
    const b = largest.findIndex((m) => m.value > threshold);
    expect(b).toBeGreaterThan(0);
    const s = await runUntilPaused({ data, settings, breakpoints: [{ kind: 'delta-above', layer: 0, neuron: 4, threshold }] });
    expect(frameOf(s).start.stepsBefore).toBe(b);
    expect(s.value).toEqual({ paused: 'hiddenDelta' });
    const hit = s.context.hit!;
    expect(hit).toMatchObject({ kind: 'delta-above', layer: 0, neuron: 4, quantity: 'δ' });
    // the first example over the threshold (not necessarily the largest)
    const delta = frameOf(s).quantities.delta[0]!;
    const firstOver = Array.from({ length: frameOf(s).start.batch.size }, (_, n) => delta[n * 12 + 4]).findIndex((d) => Math.abs(d) > threshold);
    expect(hit.example).toBe(firstOver);
    expect(Math.abs(hit.value)).toBeGreaterThan(threshold);
  });
});

describe('saturation', () => {
  const data = {
    kind: 'custom' as const,
    inputSize: 2,
    classes: 2,
    // batch 0: small inputs (no unit saturates); batch 1: large inputs saturate unit 1
    batches: [
      { inputs: [0.01, 0.02, -0.01, 0.01], labels: [0, 1] },
      { inputs: [0.6, 0.9, 0.8, 0.5, 1, 1], labels: [1, 0, 1] },
    ],
  };
  const load = { net: net222([0.1, -0.2, 40, 40]) };

  it('stops on a₁ of the batch where a hidden unit has |f′(z)| below the threshold for every example', async () => {
    const s = await runUntilPaused({ data, load, breakpoints: [{ kind: 'saturation', layer: null, threshold: 1e-6 }] });
    expect(frameOf(s).start.source).toEqual({ kind: 'order', epoch: 0, batch: 1 });
    expect(frameOf(s).stepIndex).toBe(1);
    expect(s.value).toEqual({ paused: 'forward' });
    expect(s.context.hit).toMatchObject({ kind: 'saturation', layer: 0, neuron: 1, example: null, quantity: "f'(z)" });
    const fprime = frameOf(s).quantities.fprime[0]!;
    expect([fprime[1], fprime[3], fprime[5]].every((f) => Math.abs(f) < 1e-6)).toBe(true);
    expect(s.context.hit!.value).toBe(Math.max(fprime[1], fprime[3], fprime[5]));
  });

  it('continuing from a hit does not stop on the same sub-step again; from mid-batch it stops later in the batch', async () => {
    const actor = createActor(debuggerMachine, { input: { data, load, breakpoints: [{ kind: 'saturation', layer: 0, threshold: 1e-6 }] } }).start();
    actor.send({ type: 'run.continue' });
    let s = await waitFor(actor, (x) => x.matches('paused') && x.context.hit !== null);
    expect(frameOf(s).start.stepsBefore).toBe(1);
    actor.send({ type: 'run.continue' });
    s = await waitFor(actor, (x) => x.matches('paused') && x.context.hit !== null);
    expect(frameOf(s).start.stepsBefore).toBe(3); // batch 1 of the next epoch
    expect(frameOf(s).stepIndex).toBe(1);
    // step back to z₁ of that batch and continue: it stops on a₁ of the same batch
    actor.send({ type: 'step.prev' });
    expect(frameOf(actor.getSnapshot()).stepIndex).toBe(0);
    actor.send({ type: 'run.continue' });
    s = await waitFor(actor, (x) => x.matches('paused') && x.context.hit !== null);
    expect(frameOf(s).start.stepsBefore).toBe(3);
    expect(frameOf(s).stepIndex).toBe(1);
    actor.stop();
  });
});

describe('validation loss rises', () => {
  it('checks at the check points and stops on the update after which it rose', async () => {
    const x = [0.9, 0.1, 0.2, 0.8];
    const data = {
      kind: 'custom' as const,
      inputSize: 2,
      classes: 2,
      batches: [{ inputs: x, labels: [1, 0] }],
      validation: { inputs: x, labels: [0, 1] }, // the opposite labels: training makes it worse
    };
    const s = await runUntilPaused({ data, settings: { sizes: [2, 2, 2], learningRate: 1 }, breakpoints: [{ kind: 'validation-rise', checksPerEpoch: 1 }] });
    // independently: the validation loss after each step
    let net = frameAt(s.context.history, 0)!.start.net;
    const validation: number[] = [];
    const vbatch: Batch = customBatch(data.validation, 'float32');
    for (let b = 0; b < 2; b++) {
      net = trainStep(net, null, customBatch(data.batches[0], 'float32'), { learningRate: 1, momentum: 0 }).net;
      validation.push(crossEntropy(forward(net, vbatch).layers[1].z, vbatch.labels, 2, 2).loss);
    }
    expect(validation[1]).toBeGreaterThan(validation[0]);
    expect(s.context.validationChecks).toEqual([
      { steps: 1, loss: validation[0] },
      { steps: 2, loss: validation[1] },
    ]);
    expect(s.context.hit).toMatchObject({ kind: 'validation-rise', value: validation[1], stepIndex: s.context.plan.length - 1 });
    expect(frameOf(s).start.stepsBefore).toBe(1);
    expect(frameOf(s).stepIndex).toBe(s.context.plan.length - 1);
    expect(s.value).toEqual({ paused: 'update' });
  });
});

describe('epoch end', () => {
  it('stops on the last update of each epoch', async () => {
    const data = { kind: 'mnist' as const, train: randomImages(50, 30, 10, 8), validation: null, test: null, seed: 2, shuffle: false };
    const actor = createActor(debuggerMachine, { input: { data, settings: { sizes: [30, 10], batchSize: 20 }, breakpoints: [{ kind: 'epoch-end' }] } }).start();
    for (const epoch of [0, 1]) {
      actor.send({ type: 'run.continue' });
      const s = await waitFor(actor, (x) => x.matches('paused'));
      expect(frameOf(s).start.source).toEqual({ kind: 'order', epoch, batch: 2 });
      expect(frameOf(s).start.batch.size).toBe(10);
      expect(frameOf(s).stepIndex).toBe(s.context.plan.length - 1);
      expect(s.context.hit).toMatchObject({ kind: 'epoch-end', message: `epoch ${epoch + 1} ended` });
    }
    actor.stop();
  });
});

describe('editing breakpoints', () => {
  it('add, toggle, remove and set, with ids', () => {
    let s = start({ data: { kind: 'mnist', train: randomImages(10, 4, 10, 1), validation: null, test: null, seed: 1, shuffle: true }, settings: { sizes: [4, 3, 10], batchSize: 5 } });
    s = send(s, { type: 'breakpoints.add', breakpoint: { kind: 'non-finite' } }, { type: 'breakpoints.add', breakpoint: { kind: 'loss-rise', factor: 2 } });
    expect(s.context.breakpoints.map((bp) => [bp.id, bp.kind, bp.enabled])).toEqual([
      ['bp1', 'non-finite', true],
      ['bp2', 'loss-rise', true],
    ]);
    s = send(s, { type: 'breakpoints.toggle', id: 'bp1' }, { type: 'breakpoints.remove', id: 'bp2' });
    expect(s.context.breakpoints).toEqual([{ kind: 'non-finite', id: 'bp1', enabled: false }]);
    expect(s.can({ type: 'breakpoints.add', breakpoint: { kind: 'non-finite', id: 'bp1' } })).toBe(false); // ids are unique
    expect(s.can({ type: 'breakpoints.add', breakpoint: { kind: 'validation-rise', checksPerEpoch: 2 } })).toBe(false); // no validation set
    s = send(s, { type: 'breakpoints.set', breakpoints: [{ kind: 'epoch-end' }, { kind: 'saturation', layer: 0, threshold: 0.001, enabled: false }] });
    expect(s.context.breakpoints).toEqual([
      { kind: 'epoch-end', id: 'bp3', enabled: true },
      { kind: 'saturation', layer: 0, threshold: 0.001, id: 'bp4', enabled: false },
    ]);
    expect(s.can({ type: 'breakpoints.set', breakpoints: [{ kind: 'epoch-end', id: 'x' }, { kind: 'non-finite', id: 'x' }] })).toBe(false);
  });
});
