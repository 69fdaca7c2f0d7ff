// One training step = forward, loss, backward, update. Two entry points share every
// kernel, so they agree bit for bit:
//   trainStep        — fresh arrays; the previous net and velocity stay intact.
//   TrainingWorkspace — preallocated buffers, parameters updated in place (the fast loop).

import { backward, hiddenDelta, layerGradients, outputDelta } from './backward';
import { activation, forward, preActivation } from './forward';
import { zeroVelocity } from './network';
import { crossEntropy } from './softmax';
import { firstNonFiniteInBatch, firstNonFiniteInMatrix, type NonFiniteReport } from './finite';
import { applyMomentum, applySgd } from './update';
import {
  allocFloat,
  type BackwardPass,
  type Batch,
  type FloatArray,
  type ForwardPass,
  type Gradients,
  type LossResult,
  type Net,
  type Params,
  type UpdateRule,
  type Velocity,
  precisionOf,
} from './types';

export interface StepResult {
  readonly net: Net; // after the update
  readonly velocity: Velocity | null; // after the update; null for plain SGD
  readonly forward: ForwardPass;
  readonly loss: LossResult;
  readonly backward: BackwardPass;
}

/** Does this rule keep a velocity? Momentum μ ≠ 0 does; plain SGD does not. */
export function usesMomentum(rule: UpdateRule): boolean {
  return rule.momentum !== 0;
}

/**
 * Update one layer's weights and biases (eq. 1/9 or 19). Writes into `outParams`'
 * arrays for this layer (which may alias the current ones) and, with momentum, `outVelocity`'s.
 */
export function updateLayer(
  params: Params,
  velocity: Velocity | null,
  gradients: Gradients,
  layer: number,
  rule: UpdateRule,
  outParams: Params,
  outVelocity: Velocity | null,
): void {
  const w = params.weights[layer];
  const b = params.biases[layer];
  if (usesMomentum(rule)) {
    if (!velocity || !outVelocity) throw new Error('momentum needs a velocity');
    applyMomentum(w, velocity.weights[layer], gradients.weights[layer], rule.learningRate, rule.momentum, outParams.weights[layer], outVelocity.weights[layer]);
    applyMomentum(b, velocity.biases[layer], gradients.biases[layer], rule.learningRate, rule.momentum, outParams.biases[layer], outVelocity.biases[layer]);
  } else {
    applySgd(w, gradients.weights[layer], rule.learningRate, outParams.weights[layer]);
    applySgd(b, gradients.biases[layer], rule.learningRate, outParams.biases[layer]);
  }
}

function allocLike(params: Params): Params {
  return {
    weights: params.weights.map((w) => allocFloat(precisionOf(w), w.length)),
    biases: params.biases.map((b) => allocFloat(precisionOf(b), b.length)),
  };
}

/** A full step into fresh arrays. */
export function trainStep(net: Net, velocity: Velocity | null, batch: Batch, rule: UpdateRule): StepResult {
  const pass = forward(net, batch);
  const L = net.sizes.length - 1;
  const loss = crossEntropy(pass.layers[L - 1].z, batch.labels, batch.size, net.sizes[L]);
  const grads = backward(net, pass, batch.labels, batch.size);
  const params = allocLike(net.params);
  let newVelocity: Velocity | null = null;
  let oldVelocity: Velocity | null = null;
  if (usesMomentum(rule)) {
    oldVelocity = velocity ?? zeroVelocity(net);
    newVelocity = allocLike(oldVelocity);
  }
  for (let l = 0; l < L; l++) updateLayer(net.params, oldVelocity, grads.gradients, l, rule, params, newVelocity);
  return { net: { ...net, params }, velocity: newVelocity, forward: pass, loss, backward: grads };
}

/**
 * Reusable buffers for the fast training loop: no allocation per batch. Parameters and
 * velocity are updated in place; the net passed in must be owned by the caller.
 */
export class TrainingWorkspace {
  readonly maxBatch: number;
  private readonly z: FloatArray[];
  private readonly a: FloatArray[];
  private readonly fprime: (FloatArray | null)[];
  private readonly deltas: FloatArray[];
  private readonly gradients: Gradients;
  private readonly perExampleLoss: Float64Array;
  private lastBatchSize = 0;

  constructor(net: Net, maxBatch: number) {
    this.maxBatch = maxBatch;
    const L = net.sizes.length - 1;
    const alloc = (n: number) => allocFloat(net.precision, n);
    this.z = [];
    this.a = [];
    this.fprime = [];
    this.deltas = [];
    const gw: FloatArray[] = [];
    const gb: FloatArray[] = [];
    for (let l = 0; l < L; l++) {
      const count = maxBatch * net.sizes[l + 1];
      this.z.push(alloc(count));
      this.a.push(alloc(count));
      this.fprime.push(l === L - 1 ? null : alloc(count));
      this.deltas.push(alloc(count));
      gw.push(alloc(net.sizes[l + 1] * net.sizes[l]));
      gb.push(alloc(net.sizes[l + 1]));
    }
    this.gradients = { weights: gw, biases: gb };
    this.perExampleLoss = new Float64Array(maxBatch);
  }

  /** Forward + loss + backward + update in place. Returns the batch-mean loss and hits. */
  step(net: Net, velocity: Velocity | null, batch: Batch, rule: UpdateRule): { loss: number; correct: number } {
    const N = batch.size;
    if (N > this.maxBatch) throw new RangeError(`batch of ${N} exceeds the workspace's ${this.maxBatch}`);
    const L = net.sizes.length - 1;
    this.lastBatchSize = N;
    let aPrev = batch.inputs;
    for (let l = 0; l < L; l++) {
      preActivation(net, l, aPrev, N, this.z[l]);
      activation(net, l, this.z[l], N, this.a[l], this.fprime[l]);
      aPrev = this.a[l];
    }
    const K = net.sizes[L];
    const loss = crossEntropy(this.z[L - 1], batch.labels, N, K, this.perExampleLoss);
    outputDelta(this.a[L - 1], batch.labels, N, K, this.deltas[L - 1]);
    for (let l = L - 2; l >= 0; l--) hiddenDelta(net, l, this.deltas[l + 1], this.fprime[l]!, N, this.deltas[l]);
    for (let l = 0; l < L; l++) {
      layerGradients(net, l, this.deltas[l], l === 0 ? batch.inputs : this.a[l - 1], N, this.gradients.weights[l], this.gradients.biases[l]);
    }
    if (usesMomentum(rule) && !velocity) throw new Error('momentum needs a velocity (use zeroVelocity)');
    for (let l = 0; l < L; l++) updateLayer(net.params, velocity, this.gradients, l, rule, net.params, velocity);
    return { loss: loss.loss, correct: loss.correct };
  }

  /**
   * After a step went wrong: the first non-finite value in the order the step computed
   * them — z and a layer by layer, then δ from the output down, then the gradients.
   */
  firstNonFinite(net: Net): NonFiniteReport | null {
    return firstNonFiniteOfStep(net.sizes, this.lastBatchSize, this.z, this.a, this.deltas, this.gradients);
  }
}

/**
 * The first non-finite value of a step's results (N examples), in the order the step computed
 * them: z and a layer by layer, then δ from the output down, then the gradients.
 */
export function firstNonFiniteOfStep(
  sizes: readonly number[],
  N: number,
  z: readonly FloatArray[],
  a: readonly FloatArray[],
  deltas: readonly FloatArray[],
  gradients: Gradients,
): NonFiniteReport | null {
  const L = sizes.length - 1;
  for (let l = 0; l < L; l++) {
    const width = sizes[l + 1];
    const found = firstNonFiniteInBatch(z[l], N, width, 'z', l) ?? firstNonFiniteInBatch(a[l], N, width, l === L - 1 ? 'ŷ' : 'a', l);
    if (found) return found;
  }
  for (let l = L - 1; l >= 0; l--) {
    const found = firstNonFiniteInBatch(deltas[l], N, sizes[l + 1], 'δ', l);
    if (found) return found;
  }
  for (let l = 0; l < L; l++) {
    const found =
      firstNonFiniteInMatrix(gradients.weights[l], sizes[l], '∂C/∂W', l) ?? firstNonFiniteInMatrix(gradients.biases[l], 1, '∂C/∂b', l);
    if (found) return found;
  }
  return null;
}
