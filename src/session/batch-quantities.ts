// What a mini-batch has computed so far, one slot per layer and quantity. A slot is
// null until its sub-step has run. Frames hold these read-only and share unchanged
// arrays with their neighbour; the run loop holds one set, preallocated and reused.

import type { Batch, FloatArray, LossResult, Net, UpdateRule, Velocity } from '../engine/types';

export type Slots = readonly (FloatArray | null)[];

export interface BatchQuantities {
  /** z_l, N × n_l */
  readonly z: Slots;
  /** a_l = f(z_l) (ŷ for the output layer), N × n_l */
  readonly a: Slots;
  /** f'(z_l), N × n_l; stays null for the softmax output layer */
  readonly fprime: Slots;
  /** C and its per-example terms, after the loss step */
  readonly loss: LossResult | null;
  /** δ_l = ∂C_n/∂z_l, N × n_l */
  readonly delta: Slots;
  /** ∂C/∂W_l, n_l × n_{l−1} */
  readonly gradW: Slots;
  /** ∂C/∂b_l, n_l */
  readonly gradB: Slots;
  /** W_l after the update */
  readonly newW: Slots;
  /** b_l after the update */
  readonly newB: Slots;
  /** v of W_l after the update (momentum only) */
  readonly newVW: Slots;
  /** v of b_l after the update (momentum only) */
  readonly newVB: Slots;
}

/** The same record with writable slots, for the code that fills them. */
export type WritableQuantities = {
  -readonly [K in keyof BatchQuantities]: BatchQuantities[K] extends Slots ? (FloatArray | null)[] : BatchQuantities[K];
};

/** What every sub-step of a batch reads: the parameters before the update, the rule, the examples. */
export interface BatchStart {
  /** The network before this batch's update. */
  readonly net: Net;
  /** v before the update; non-null exactly when the rule uses momentum. */
  readonly velocity: Velocity | null;
  readonly rule: UpdateRule;
  readonly batch: Batch;
}

export function emptyQuantities(layers: number): WritableQuantities {
  const slots = () => new Array<FloatArray | null>(layers).fill(null);
  return {
    z: slots(),
    a: slots(),
    fprime: slots(),
    loss: null,
    delta: slots(),
    gradW: slots(),
    gradB: slots(),
    newW: slots(),
    newB: slots(),
    newVW: slots(),
    newVB: slots(),
  };
}

/** A writable copy of the slot lists (the arrays themselves are shared, not copied). */
export function copySlots(q: BatchQuantities): WritableQuantities {
  return {
    z: [...q.z],
    a: [...q.a],
    fprime: [...q.fprime],
    loss: q.loss,
    delta: [...q.delta],
    gradW: [...q.gradW],
    gradB: [...q.gradB],
    newW: [...q.newW],
    newB: [...q.newB],
    newVW: [...q.newVW],
    newVB: [...q.newVB],
  };
}

export const SLOT_NAMES = ['z', 'a', 'fprime', 'delta', 'gradW', 'gradB', 'newW', 'newB', 'newVW', 'newVB'] as const;
export type SlotName = (typeof SLOT_NAMES)[number];

/** Every typed array a batch's state refers to: inputs, parameters, velocity and computed slots. */
export function* arraysOf(start: BatchStart, q: BatchQuantities): Generator<ArrayBufferView> {
  yield start.batch.inputs;
  if (ArrayBuffer.isView(start.batch.labels)) yield start.batch.labels;
  yield* start.net.params.weights;
  yield* start.net.params.biases;
  if (start.velocity) {
    yield* start.velocity.weights;
    yield* start.velocity.biases;
  }
  for (const name of SLOT_NAMES) for (const array of q[name]) if (array) yield array;
  if (q.loss) yield q.loss.perExample;
}
