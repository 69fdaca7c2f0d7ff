// The portable training backend: TrainingWorkspace and Evaluator on the registered kernels,
// the batch gathered into ordinary arrays, the weights in the Net's own arrays (updated in
// place), the kept states copied before every step. Every precision, every platform.

import { gatherBatch, type LabelledImages } from './dataset';
import { Evaluator } from './evaluate';
import type { NonFiniteReport } from './finite';
import { cloneParams } from './network';
import { TrainingWorkspace } from './step';
import type { KeptSlot, StepOutcome, TrainingBackend, TrainingBackendOptions } from './training-backend';
import { allocFloat, type FloatArray, type Net, type Params, type SetMetrics, type UpdateRule, type Velocity } from './types';

function copyInto(target: Params, source: Params): void {
  for (let l = 0; l < target.weights.length; l++) {
    target.weights[l].set(source.weights[l]);
    target.biases[l].set(source.biases[l]);
  }
}

/** Is every weight and bias finite? */
export function paramsFinite(params: Params): boolean {
  for (let l = 0; l < params.weights.length; l++) {
    const w = params.weights[l];
    // Sum is non-finite iff some entry is (or the sum overflows, which is explosion too).
    let s = 0;
    for (let i = 0; i < w.length; i++) s += w[i];
    const b = params.biases[l];
    for (let i = 0; i < b.length; i++) s += b[i];
    if (!Number.isFinite(s)) return false;
  }
  return true;
}

export class PortableBackend implements TrainingBackend {
  readonly name: string;
  readonly net: Net;
  readonly velocity: Velocity | null;
  private readonly rule: UpdateRule;
  private readonly train: LabelledImages;
  private readonly workspace: TrainingWorkspace;
  private readonly evaluators = new Map<number, Evaluator>();
  private readonly inputs: FloatArray;
  private readonly labels: Uint8Array;
  private readonly keptStates: { params: Params; velocity: Velocity | null }[];
  private readonly best: Params | null;

  constructor(options: TrainingBackendOptions, name: string) {
    const { net, velocity } = options;
    this.name = name;
    this.net = net;
    this.velocity = velocity;
    this.rule = options.rule;
    this.train = options.train;
    this.workspace = new TrainingWorkspace(net, options.batchSize);
    this.inputs = allocFloat(net.precision, options.batchSize * net.sizes[0]);
    this.labels = new Uint8Array(options.batchSize);
    const copy = () => ({ params: cloneParams(net.params), velocity: velocity ? cloneParams(velocity) : null });
    this.keptStates = [copy(), copy()];
    this.best = options.keepsBest ? cloneParams(options.best ?? net.params) : null;
  }

  step(order: Uint32Array | null, start: number, size: number, keep: KeptSlot): StepOutcome {
    gatherBatch(this.train, order, start, size, this.inputs, this.labels);
    const before = this.keptStates[keep];
    copyInto(before.params, this.net.params);
    if (this.velocity && before.velocity) copyInto(before.velocity, this.velocity);
    const result = this.workspace.step(this.net, this.velocity, { inputs: this.inputs, labels: this.labels, size }, this.rule);
    return { loss: result.loss, correct: result.correct, finite: paramsFinite(this.net.params) };
  }

  kept(keep: KeptSlot): { params: Params; velocity: Velocity | null } {
    const state = this.keptStates[keep];
    return { params: cloneParams(state.params), velocity: state.velocity ? cloneParams(state.velocity) : null };
  }

  keepBest(): void {
    if (this.best) copyInto(this.best, this.net.params);
  }

  restoreBest(): void {
    if (this.best) copyInto(this.net.params, this.best);
  }

  bestWeights(): Params | null {
    return this.best ? cloneParams(this.best) : null;
  }

  evaluate(set: LabelledImages, chunk?: number): SetMetrics {
    const key = chunk ?? 0;
    let evaluator = this.evaluators.get(key);
    if (!evaluator) {
      evaluator = new Evaluator(this.net, chunk);
      this.evaluators.set(key, evaluator);
    }
    return evaluator.evaluate(this.net, set);
  }

  firstNonFinite(): NonFiniteReport | null {
    return this.workspace.firstNonFinite(this.net);
  }

  dispose(): void {}
}
