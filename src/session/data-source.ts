// The examples the debugger steps through: MNIST sets (with the training order the
// trainer uses, so a learner can train to epoch 3 and step the next batch), or small
// hand-made batches for lesson nets such as 2-2-2.

import { gatherBatch, type LabelledImages } from '../engine/dataset';
import { crossEntropy } from '../engine/softmax';
import { forward } from '../engine/forward';
import { Evaluator } from '../engine/evaluate';
import { allocFloat, type Batch, type FloatArray, type Net, type Precision } from '../engine/types';
import { batchCount, epochOrder } from '../data/batches';
import { exampleLabel, indexProblem, pixelLabel } from '../notation/indices';
import { grouped } from '../format';

/** Hand-written examples: rows of n_0 numbers and their class labels. */
export interface CustomBatch {
  readonly inputs: readonly number[] | Float32Array | Float64Array;
  readonly labels: readonly number[] | Uint8Array;
}

export type DebuggerData =
  | {
      readonly kind: 'mnist';
      readonly train: LabelledImages;
      readonly validation: LabelledImages | null;
      readonly test: LabelledImages | null;
      /** Seed of the per-epoch shuffle (src/data/batches.ts epochOrder). */
      readonly seed: number;
      readonly shuffle: boolean;
      readonly classes?: number;
    }
  | {
      readonly kind: 'custom';
      readonly inputSize: number;
      readonly classes: number;
      /** One epoch visits these in order. */
      readonly batches: readonly CustomBatch[];
      /** Examples whose loss the validation breakpoint watches. */
      readonly validation?: CustomBatch | null;
    };

export type ExampleSet = 'train' | 'validation' | 'test';

/** Where a batch's examples came from. */
export type BatchSource =
  | { readonly kind: 'order'; readonly epoch: number; readonly batch: number }
  | { readonly kind: 'examples'; readonly set: ExampleSet; readonly indices: readonly number[] }
  | { readonly kind: 'custom'; readonly label: string };

/** What `batch.choose` asks for. */
export type BatchChoice =
  | { readonly kind: 'order'; readonly epoch: number; readonly batch: number }
  | { readonly kind: 'examples'; readonly set: ExampleSet; readonly indices: readonly number[] }
  | ({ readonly kind: 'custom'; readonly label?: string } & CustomBatch);

export function inputSizeOf(data: DebuggerData): number {
  return data.kind === 'mnist' ? data.train.inputSize : data.inputSize;
}

export function classCountOf(data: DebuggerData): number {
  return data.kind === 'mnist' ? (data.classes ?? 10) : data.classes;
}

export function batchesPerEpoch(data: DebuggerData, batchSize: number): number {
  return data.kind === 'mnist' ? batchCount(data.train.count, batchSize) : data.batches.length;
}

export function setOf(data: DebuggerData, set: ExampleSet): LabelledImages | null {
  if (data.kind !== 'mnist') return null;
  return set === 'train' ? data.train : set === 'validation' ? data.validation : data.test;
}

/** Why a choice cannot be made, or null when it can. */
export function checkChoice(data: DebuggerData, choice: BatchChoice, batchSize: number): string | null {
  switch (choice.kind) {
    case 'order': {
      const B = batchesPerEpoch(data, batchSize);
      // Named as the status line counts them (notation/indices): epochs and batches from 1.
      return indexProblem('epoch', choice.epoch, undefined, undefined, grouped) ?? indexProblem('batch', choice.batch, B, 'an epoch', grouped);
    }
    case 'examples': {
      const set = setOf(data, choice.set);
      if (!set) return `there is no ${choice.set} set`;
      if (choice.indices.length === 0) return 'a batch needs at least one example';
      const bad = choice.indices.find((i) => !Number.isInteger(i) || i < 0 || i >= set.count);
      return bad === undefined ? null : indexProblem('image', bad, set.count, `the ${choice.set} set`, grouped);
    }
    case 'custom':
      return checkCustom(choice, inputSizeOf(data), classCountOf(data));
  }
}

function checkCustom(batch: CustomBatch, inputSize: number, classes: number): string | null {
  const N = batch.labels.length;
  if (N === 0) return 'a batch needs at least one example';
  if (batch.inputs.length !== N * inputSize) return `${batch.inputs.length} inputs for ${N} examples of ${inputSize}`;
  for (let n = 0; n < N; n++) {
    const y = batch.labels[n];
    const wrong = indexProblem('class', y, classes);
    if (wrong) return `the label of example ${exampleLabel(n)}: ${wrong}`;
  }
  const bad = firstNonFinite(batch.inputs);
  return bad < 0 ? null : `input ${pixelLabel(bad % inputSize)} of example ${exampleLabel(Math.floor(bad / inputSize))} is ${batch.inputs[bad]}`;
}

/** Typed arrays of inputs are only ever read: each is scanned once (a file's batch is millions of numbers, checked by every guard). */
const scanned = new WeakMap<Float32Array | Float64Array, number>();

/** The index of the first NaN or ±∞, or −1. */
function firstNonFinite(inputs: CustomBatch['inputs']): number {
  const known = ArrayBuffer.isView(inputs) ? scanned.get(inputs) : undefined;
  if (known !== undefined) return known;
  let bad = -1;
  for (let i = 0; i < inputs.length; i++) {
    if (!Number.isFinite(inputs[i])) {
      bad = i;
      break;
    }
  }
  if (ArrayBuffer.isView(inputs)) scanned.set(inputs, bad);
  return bad;
}

/** Throws when the data cannot be stepped through (empty, or a malformed custom batch). */
export function checkData(data: DebuggerData): void {
  if (data.kind === 'mnist') {
    if (data.train.count === 0) throw new RangeError('the training set is empty');
    return;
  }
  if (data.batches.length === 0) throw new RangeError('custom data needs at least one batch');
  data.batches.forEach((batch, b) => {
    const problem = checkCustom(batch, data.inputSize, data.classes);
    if (problem) throw new RangeError(`custom batch ${b}: ${problem}`);
  });
  if (data.validation) {
    const problem = checkCustom(data.validation, data.inputSize, data.classes);
    if (problem) throw new RangeError(`custom validation batch: ${problem}`);
  }
}

/**
 * A custom batch at the session's precision. Batches are only ever read (a step's results are
 * new arrays), so inputs already at that precision are shared rather than copied: a batch
 * opened from a file is tens of megabytes, and copying it into fresh memory on the page's main
 * thread takes seconds while the file-load worker's heap is being freed.
 */
export function customBatch(batch: CustomBatch, precision: Precision): Batch {
  const shared = precision === 'float32' ? batch.inputs instanceof Float32Array : batch.inputs instanceof Float64Array;
  let inputs: FloatArray;
  if (shared) {
    inputs = batch.inputs as FloatArray;
  } else {
    inputs = allocFloat(precision, batch.inputs.length);
    inputs.set(batch.inputs);
  }
  return { inputs, labels: Uint8Array.from(batch.labels), size: batch.labels.length };
}

function gather(set: LabelledImages, order: Uint32Array | null, start: number, size: number, precision: Precision): Batch {
  const inputs = allocFloat(precision, size * set.inputSize);
  const labels = new Uint8Array(size);
  gatherBatch(set, order, start, size, inputs, labels);
  return { inputs, labels, size };
}

/** One-entry memo of the last epoch order: shuffling 54,000 indices per batch would dominate. */
const orderMemo = new WeakMap<object, { epoch: number; order: Uint32Array }>();

export function trainingOrder(data: Extract<DebuggerData, { kind: 'mnist' }>, epoch: number): Uint32Array {
  const memo = orderMemo.get(data);
  if (memo && memo.epoch === epoch) return memo.order;
  const order = epochOrder(data.train.count, data.seed, epoch, data.shuffle);
  orderMemo.set(data, { epoch, order });
  return order;
}

/** A fresh batch for a choice (checked with checkChoice first), and where it came from. */
export function materialise(data: DebuggerData, choice: BatchChoice, batchSize: number, precision: Precision): { batch: Batch; source: BatchSource } {
  switch (choice.kind) {
    case 'order': {
      const source: BatchSource = { kind: 'order', epoch: choice.epoch, batch: choice.batch };
      if (data.kind === 'custom') return { batch: customBatch(data.batches[choice.batch], precision), source };
      const start = choice.batch * batchSize;
      const size = Math.min(batchSize, data.train.count - start);
      return { batch: gather(data.train, trainingOrder(data, choice.epoch), start, size, precision), source };
    }
    case 'examples': {
      const set = setOf(data, choice.set)!;
      const indices = [...choice.indices];
      return { batch: gather(set, Uint32Array.from(indices), 0, indices.length, precision), source: { kind: 'examples', set: choice.set, indices } };
    }
    case 'custom':
      return { batch: customBatch(choice, precision), source: { kind: 'custom', label: choice.label ?? 'custom batch' } };
  }
}

export function hasValidation(data: DebuggerData): boolean {
  return data.kind === 'mnist' ? data.validation !== null && data.validation.count > 0 : !!data.validation;
}

/** Measures the validation loss as the trainer does (src/engine/evaluate.ts), reusing its buffers. */
export class ValidationMeter {
  private evaluator: Evaluator | null = null;
  private customBatchCache: Batch | null = null;

  constructor(private readonly data: DebuggerData) {}

  loss(net: Net): number {
    const data = this.data;
    if (data.kind === 'mnist') {
      if (!data.validation) throw new Error('there is no validation set');
      this.evaluator ??= new Evaluator(net);
      return this.evaluator.evaluate(net, data.validation).loss;
    }
    if (!data.validation) throw new Error('there is no validation batch');
    this.customBatchCache ??= customBatch(data.validation, net.precision);
    const pass = forward(net, this.customBatchCache);
    const L = net.sizes.length - 1;
    return crossEntropy(pass.layers[L - 1].z, this.customBatchCache.labels, this.customBatchCache.size, net.sizes[L]).loss;
  }
}
