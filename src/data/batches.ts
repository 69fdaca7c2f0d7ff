// Per-epoch example order and mini-batches. Each epoch's shuffle has its own seed
// derived from (seed, epoch), so the order of epoch e can be recomputed directly —
// the debugger jumps to any epoch without replaying the ones before it.

import { gatherBatch, type LabelledImages } from '../engine/dataset';
import { deriveSeed, Rng } from '../engine/random';
import { allocFloat, type Batch, type FloatArray, type Precision } from '../engine/types';

function checkCount(what: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${what} must be a whole number ≥ ${min}, got ${value}`);
  }
}

/** The order in which epoch `epoch` visits examples 0 … count−1: identity, or a seeded Fisher–Yates permutation. */
export function epochOrder(count: number, seed: number, epoch: number, shuffle: boolean): Uint32Array {
  checkCount('epochOrder: count', count, 0);
  checkCount('epochOrder: epoch', epoch, 0);
  const order = new Uint32Array(count);
  for (let n = 0; n < count; n++) order[n] = n;
  if (shuffle) new Rng(deriveSeed(seed, 'shuffle:' + epoch)).shuffle(order);
  return order;
}

/** Number of mini-batches in an epoch of `count` examples; a last partial batch counts. */
export function batchCount(count: number, batchSize: number): number {
  checkCount('batchCount: count', count, 0);
  checkCount('batchCount: batchSize', batchSize, 1);
  return Math.ceil(count / batchSize);
}

export interface BatchBounds {
  /** Position of the batch's first example in the epoch order. */
  readonly start: number;
  /** Examples in the batch: batchSize, or fewer for the last one. */
  readonly size: number;
}

export function batchBounds(index: number, count: number, batchSize: number): BatchBounds {
  const batches = batchCount(count, batchSize);
  if (!Number.isInteger(index) || index < 0 || index >= batches) {
    throw new RangeError(`batch ${index} is outside the ${batches} batches of ${count} examples in batches of ${batchSize}`);
  }
  const start = index * batchSize;
  return { start, size: Math.min(batchSize, count - start) };
}

/**
 * Reusable storage for mini-batches of up to `capacity` examples. fill() gathers
 * examples into the same buffers each time and returns a Batch view of the right
 * size; views are cached per size, so steady-state filling allocates nothing.
 * A returned Batch is overwritten by the next fill().
 */
export class BatchBuffer {
  readonly inputs: FloatArray;
  readonly labels: Uint8Array;
  private readonly views = new Map<number, Batch>();

  constructor(
    readonly capacity: number,
    readonly inputSize: number,
    readonly precision: Precision = 'float64',
  ) {
    checkCount('BatchBuffer: capacity', capacity, 1);
    checkCount('BatchBuffer: inputSize', inputSize, 1);
    this.inputs = allocFloat(precision, capacity * inputSize);
    this.labels = new Uint8Array(capacity);
  }

  /** Gathers examples order[start … start+size) (or start … start+size when order is null), scaled to [0, 1]. */
  fill(set: LabelledImages, order: Uint32Array | null, start: number, size: number): Batch {
    if (set.inputSize !== this.inputSize) {
      throw new Error(`BatchBuffer: set has ${set.inputSize} inputs per example, buffer holds ${this.inputSize}`);
    }
    checkCount('BatchBuffer.fill: size', size, 0);
    if (size > this.capacity) throw new RangeError(`BatchBuffer: batch of ${size} exceeds capacity ${this.capacity}`);
    const available = order ? order.length : set.count;
    if (!Number.isInteger(start) || start < 0 || start + size > available) {
      throw new RangeError(`BatchBuffer: examples [${start}, ${start + size}) are outside an order of ${available}`);
    }
    if (order) {
      for (let r = start; r < start + size; r++) {
        if (order[r] >= set.count) throw new RangeError(`BatchBuffer: order names example ${order[r]} of a set of ${set.count}`);
      }
    }
    gatherBatch(set, order, start, size, this.inputs, this.labels);
    return this.view(size);
  }

  /** Batch `index` of an epoch over `order` (or the set in its stored order) in batches of `batchSize`. */
  fillBatch(set: LabelledImages, order: Uint32Array | null, index: number, batchSize: number): Batch {
    const count = order ? order.length : set.count;
    const { start, size } = batchBounds(index, count, batchSize);
    return this.fill(set, order, start, size);
  }

  private view(size: number): Batch {
    let batch = this.views.get(size);
    if (!batch) {
      batch = {
        inputs: this.inputs.subarray(0, size * this.inputSize),
        labels: this.labels.subarray(0, size),
        size,
      };
      this.views.set(size, batch);
    }
    return batch;
  }
}
