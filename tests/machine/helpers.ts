// Shared builders for the debugger machine's tests: small data sets, exact bit
// comparisons, and driving the machine through its pure transition().
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import type { LabelledImages } from '../../src/engine/dataset';
import { Rng } from '../../src/engine/random';
import type { FloatArray, HiddenActivation, Net } from '../../src/engine/types';
import { debuggerMachine } from '../../src/machine/debugger-machine';
import type { DebuggerInput } from '../../src/session/context';
import type { DebuggerEvent } from '../../src/machine/events';
import { currentFrame } from '../../src/session/history';
import type { Frame } from '../../src/session/frame';
import { SLOT_NAMES } from '../../src/session/batch-quantities';

export type Snapshot = SnapshotFrom<typeof debuggerMachine>;

/** The exact bytes of a typed array: equal bytes ⇔ bit-identical values. */
export function bits(array: ArrayBufferView): number[] {
  return Array.from(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
}

/** Are two arrays (or two nulls) bit-identical, with the same element type? */
export function expectSameBits(a: ArrayBufferView | null | undefined, b: ArrayBufferView | null | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.byteLength !== b.byteLength || a.constructor !== b.constructor) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return x.every((byte, i) => byte === y[i]);
}

/** Random bytes as images: `count` examples of `inputSize` pixels, labels in [0, classes). */
export function randomImages(count: number, inputSize: number, classes: number, seed: number): LabelledImages {
  const rng = new Rng(seed);
  const images = new Uint8Array(count * inputSize);
  for (let i = 0; i < images.length; i++) images[i] = rng.int(256);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) labels[n] = rng.int(classes);
  return { images, labels, count, inputSize };
}

export function start(input: DebuggerInput): Snapshot {
  return initialTransition(debuggerMachine, input)[0];
}

export function send(snapshot: Snapshot, ...events: DebuggerEvent[]): Snapshot {
  let s = snapshot;
  for (const event of events) s = transition(debuggerMachine, s, event)[0];
  return s;
}

export function repeat(snapshot: Snapshot, event: DebuggerEvent, times: number): Snapshot {
  let s = snapshot;
  for (let i = 0; i < times; i++) s = send(s, event);
  return s;
}

export const frameOf = (s: Snapshot): Frame => currentFrame(s.context.history);

/** A frame's every number as plain data (bit patterns), to compare frames exactly. */
export function frameValues(frame: Frame): unknown {
  const q = frame.quantities;
  const arrays = (list: readonly (FloatArray | null)[]) => list.map((a) => (a ? bits(a) : null));
  return {
    index: frame.index,
    stepIndex: frame.stepIndex,
    source: frame.start.source,
    order: frame.start.order,
    stepsBefore: frame.start.stepsBefore,
    rule: frame.start.rule,
    previousLoss: frame.start.previousLoss,
    inputs: bits(frame.start.batch.inputs),
    labels: Array.from(frame.start.batch.labels as ArrayLike<number>),
    weights: arrays(frame.start.net.params.weights),
    biases: arrays(frame.start.net.params.biases),
    velocity: frame.start.velocity ? [arrays(frame.start.velocity.weights), arrays(frame.start.velocity.biases)] : null,
    loss: q.loss ? { loss: q.loss.loss, correct: q.loss.correct, perExample: bits(q.loss.perExample) } : null,
    slots: Object.fromEntries(SLOT_NAMES.map((name) => [name, arrays(q[name])])),
  };
}

/** Tiny custom data for a 2-2-2 net: two batches per epoch. */
export const TINY_DATA = {
  kind: 'custom' as const,
  inputSize: 2,
  classes: 2,
  batches: [
    { inputs: [1, 0.5, 0.2, -0.4, -0.7, 0.9], labels: [1, 0, 1] },
    { inputs: [0.3, 0.3, -1, 0.25], labels: [0, 1] },
  ],
  validation: { inputs: [0.5, 0.5, -0.5, 0.1], labels: [1, 0] },
};

/** The hand-worked 2-2-2 net of tests/engine/hand-worked.test.ts, fresh arrays each call. */
export function handWorkedNet(activation: HiddenActivation = 'sigmoid'): Net {
  return {
    sizes: [2, 2, 2],
    activations: [activation, 'softmax'],
    improvedSigmoidC: 0.001,
    precision: 'float64',
    params: {
      weights: [Float64Array.of(0.1, 0.2, -0.3, 0.4), Float64Array.of(0.5, -0.6, 0.7, 0.8)],
      biases: [Float64Array.of(0.05, -0.1), Float64Array.of(0, 0.1)],
    },
  };
}

/** One batch of two: example 0 a distractor (x = 0), example 1 the hand-worked x = (1, 0.5), y = 1. */
export const HAND_WORKED_DATA = { kind: 'custom' as const, inputSize: 2, classes: 2, batches: [{ inputs: [0, 0, 1, 0.5], labels: [0, 1] }] };

/** A session on the hand-worked net (α 0.5), example 1 selected. */
export function handWorkedSession(activation: HiddenActivation = 'sigmoid', momentum = 0.9): Snapshot {
  return send(start({ data: HAND_WORKED_DATA, load: { net: handWorkedNet(activation) }, settings: { learningRate: 0.5, momentum } }), { type: 'sample.select', index: 1 });
}
