// A frame: the immutable state after one completed sub-step (or a batch just loaded),
// everything the views show. A new frame shares every array its sub-step did not
// write with the frame before it, and counts only the bytes it newly owns.

import { zeroVelocity } from '../engine/network';
import { usesMomentum } from '../engine/step';
import type { Net, Params, Velocity } from '../engine/types';
import { arraysOf, copySlots, emptyQuantities, type BatchQuantities, type BatchStart } from './batch-quantities';
import { allocateOutputs, computeStep } from './compute-step';
import type { BatchSource } from './data-source';
import { faultyResult, fillFromStep, type FaultyStep } from './faulty-step';
import type { PlannedStep } from './plan';

/** A position in the training order: batch `batch` of epoch `epoch`, both 0-based. */
export interface OrderPosition {
  readonly epoch: number;
  readonly batch: number;
}

/** A batch as the debugger runs it: what it reads, where its examples came from. */
export interface FrameBatch extends BatchStart {
  readonly source: BatchSource;
  /** The next batch of the training order when this batch began (this one, for an order batch). */
  readonly order: OrderPosition;
  /** Gradient steps taken before this batch. */
  readonly stepsBefore: number;
  /** C of the batch before this one, for the loss-rise breakpoint; null for the first. */
  readonly previousLoss: number | null;
}

export interface Frame {
  /** Position in the session's history, 0-based; never reused. */
  readonly index: number;
  /** The plan step just completed; −1 when the batch is loaded and nothing is computed yet. */
  readonly stepIndex: number;
  readonly start: FrameBatch;
  readonly quantities: BatchQuantities;
  /** Bytes of the arrays this frame introduced (not shared with the frame before it), plus its objects. */
  readonly ownedBytes: number;
}

/** Rough size of a frame's objects besides its typed arrays' contents (records, slot lists, array headers). */
export const FRAME_OBJECT_BYTES = 1024;

function* distinctArrays(frame: Pick<Frame, 'start' | 'quantities'>): Generator<ArrayBufferView> {
  const seen = new Set<ArrayBufferView>();
  for (const array of arraysOf(frame.start, frame.quantities)) {
    if (seen.has(array)) continue;
    seen.add(array);
    yield array;
  }
}

/** Bytes of `frame`'s arrays that `previous` does not hold (all of them without a previous). */
export function newBytes(frame: Pick<Frame, 'start' | 'quantities'>, previous: Pick<Frame, 'start' | 'quantities'> | null): number {
  const shared = new Set<ArrayBufferView>(previous ? distinctArrays(previous) : []);
  let bytes = FRAME_OBJECT_BYTES;
  for (const array of distinctArrays(frame)) if (!shared.has(array)) bytes += array.byteLength;
  return bytes;
}

/** The frame of a batch just loaded: parameters, velocity, rule and examples; nothing computed. */
export function batchStartFrame(index: number, start: FrameBatch, previous: Frame | null): Frame {
  if (usesMomentum(start.rule) !== (start.velocity !== null)) {
    throw new Error(usesMomentum(start.rule) ? 'momentum needs a velocity (zeroVelocity for a fresh one)' : 'plain SGD keeps no velocity');
  }
  const quantities = emptyQuantities(start.net.sizes.length - 1);
  return { index, stepIndex: -1, start, quantities, ownedBytes: newBytes({ start, quantities }, previous) };
}

/**
 * The frame after the next planned sub-step of `frame`'s batch, in fresh arrays — or, in a
 * session that runs a planted mistake (`faulty`), with that step's arrays for this sub-step.
 */
export function nextFrame(frame: Frame, plan: readonly PlannedStep[], index: number, faulty: FaultyStep | null = null): Frame {
  const step = plan[frame.stepIndex + 1];
  if (!step) throw new Error('the batch is complete: load the next batch first');
  const q = copySlots(frame.quantities);
  if (faulty) fillFromStep(faultyResult(faulty, frame.start), step, q);
  else {
    allocateOutputs(frame.start, step, q);
    computeStep(frame.start, step, q);
  }
  return { index, stepIndex: step.index, start: frame.start, quantities: q, ownedBytes: newBytes({ start: frame.start, quantities: q }, frame) };
}

export function isBatchComplete(frame: Frame, plan: readonly PlannedStep[]): boolean {
  return frame.stepIndex === plan.length - 1;
}

/** The parameters and velocity after a completed batch's update (sharing its arrays). */
export function stateAfterBatch(frame: Frame): { net: Net; velocity: Velocity | null } {
  const q = frame.quantities;
  const L = frame.start.net.sizes.length - 1;
  for (let l = 0; l < L; l++) if (!q.newW[l] || !q.newB[l]) throw new Error(`layer ${l + 1} has not been updated yet`);
  const params: Params = { weights: q.newW as Params['weights'], biases: q.newB as Params['biases'] };
  const velocity = usesMomentum(frame.start.rule) ? { weights: q.newVW as Params['weights'], biases: q.newVB as Params['biases'] } : null;
  return { net: { ...frame.start.net, params }, velocity };
}

/** The velocity a batch with `momentum` starts from: the previous one, or zeros. */
export function velocityFor(net: Net, momentum: number, previous: Velocity | null): Velocity | null {
  if (momentum === 0) return null;
  return previous ?? zeroVelocity(net);
}
