// What the training loop (training.ts) asks of the engine: gather a batch and take a step,
// keep the states before the last two steps, keep the best weights, evaluate a set, and say
// what went non-finite. Two implementations give the same bits:
//   portable  (portable-backend.ts) — TrainingWorkspace and Evaluator on the registered
//             kernels, weights in the Net's own arrays; every precision, every platform;
//   resident  (kernels/wasm/resident.ts) — float32 on WebAssembly SIMD, with the images, the
//             weights (in the products' layout) and every buffer kept inside the module, so a
//             step copies nothing in or out and re-lays nothing out.
// The registered float32 kernels say which one float32 training uses (kernels/registry.ts).

import type { LabelledImages } from './dataset';
import type { NonFiniteReport } from './finite';
import type { Net, Params, SetMetrics, UpdateRule, Velocity } from './types';

/** Which of the two kept states: before the current step, or before the previous one (the loop alternates). */
export type KeptSlot = 0 | 1;

export interface StepOutcome {
  /** The batch-mean loss, computed before the update. */
  readonly loss: number;
  /** Examples whose argmax output was their label. */
  readonly correct: number;
  /** Every weight and bias after the update is finite. */
  readonly finite: boolean;
}

export interface TrainingBackend {
  /** Kernels doing the arithmetic, for messages and benchmarks ("wasm-simd", "ts-f64", …). */
  readonly name: string;
  /**
   * The network being trained, updated by every step (in place: the Net given at creation,
   * whose arrays are brought up to date whenever this is read), and its velocity (null for SGD).
   */
  readonly net: Net;
  readonly velocity: Velocity | null;
  /**
   * One step on examples order[start … start+size) of the training set (start … start+size when
   * order is null): gather, forward, loss, backward, update. The state before the step becomes
   * kept state `keep`; the other kept state is left alone.
   */
  step(order: Uint32Array | null, start: number, size: number, keep: KeptSlot): StepOutcome;
  /** Copies of kept state `keep`'s weights and velocity. */
  kept(keep: KeptSlot): { params: Params; velocity: Velocity | null };
  /** Remember the current weights as the best so far; restoreBest() puts them back. */
  keepBest(): void;
  restoreBest(): void;
  /** A copy of the weights keepBest() last kept, or null when the backend keeps none (keepsBest false). */
  bestWeights(): Params | null;
  /** Loss and accuracy of the current weights over a set (as Evaluator computes them, chunk by chunk). */
  evaluate(set: LabelledImages, chunk?: number): SetMetrics;
  /** After the last step went wrong: its first non-finite value, in TrainingWorkspace.firstNonFinite's order. */
  firstNonFinite(): NonFiniteReport | null;
  /** Frees what the backend holds (a resident backend's module memory). It must not be used afterwards. */
  dispose(): void;
}

export interface TrainingBackendOptions {
  /** Owned by the backend from now on: its parameters are updated in place. */
  readonly net: Net;
  /** Required when the rule has momentum (owned likewise), else null. */
  readonly velocity: Velocity | null;
  readonly rule: UpdateRule;
  /** The largest batch a step will be given. */
  readonly batchSize: number;
  /** The set step() draws its examples from. */
  readonly train: LabelledImages;
  /** Whether keepBest() will be used (a resident backend then sets aside room for the best weights). */
  readonly keepsBest: boolean;
  /** The best weights so far when a run resumes from a checkpoint (else they start as the net's). */
  readonly best?: Params | null;
}

/** Makes a backend for a training run, or returns null when it cannot run this one (e.g. float64). */
export type TrainingBackendFactory = (options: TrainingBackendOptions) => TrainingBackend | null;
