// Planted mistakes: one whole training step per catalogue mistake, computed the way a
// learner's faulty code computes it — from the engine's own kernels wherever the learner
// would have them right, and with exactly one thing wrong. For the tests of the check and
// the bug-hunt lessons only: nothing on the engine's, the CLI's or the check's path imports
// this file (DEVELOPERS.md; the layering check holds it).
//
// Each function returns an engine StepResult, so a lesson's debugger can show it like any
// step and `traceToObject` can write it as a learner's trace.

import type { MistakeId } from '../catalogue';
import { hiddenDelta, layerGradients, outputDelta } from '../../engine/backward';
import { forward, preActivation, activation } from '../../engine/forward';
import { activationDerivative, applyActivation, IMPROVED_SIGMOID_A, IMPROVED_SIGMOID_B } from '../../engine/activations';
import { kernelsFor } from '../../engine/kernels/registry';
import { exp, log } from '../../engine/libm';
import { cloneParams, zeroParams, zeroVelocity, withParams } from '../../engine/network';
import { crossEntropy } from '../../engine/softmax';
import { trainStep, updateLayer, usesMomentum, type StepResult } from '../../engine/step';
import { applySgd } from '../../engine/update';
import {
  allocFloat,
  type BackwardPass,
  type Batch,
  type FloatArray,
  type ForwardPass,
  type Gradients,
  type HiddenActivation,
  type LossResult,
  type Net,
  type UpdateRule,
  type Velocity,
} from '../../engine/types';

/** The momentum rules a learner may write instead of eq. (19). */
export type MomentumConvention = 'negative-velocity' | 'velocity-without-alpha' | 'dampened' | 'nesterov';

/** The ways the improved sigmoid's derivative goes wrong. */
export type ImprovedSigmoidSlip = 'no-two-thirds' | 'no-c' | 'neither' | 'rounded-constant';

export interface PlantOptions {
  /** learning-rate-mismatch: the α the faulty update uses (default 0.4 α). */
  readonly wrongLearningRate?: number;
  /** momentum-convention: which rule (default velocity-without-alpha). */
  readonly momentumConvention?: MomentumConvention;
  /** improved-sigmoid-derivative: which slip (default no-two-thirds). */
  readonly improvedSigmoidSlip?: ImprovedSigmoidSlip;
}

export interface PlantedInput {
  readonly net: Net;
  readonly batch: Batch;
  readonly rule: UpdateRule;
  /** v before the step (momentum only; null = zero). */
  readonly velocity: Velocity | null;
}

type Planted = (input: PlantedInput, options: PlantOptions) => StepResult;

// ——— the correct pieces, as the learner's code has them ———

function lossOf(net: Net, pass: ForwardPass, batch: Batch): LossResult {
  const L = net.sizes.length - 1;
  return crossEntropy(pass.layers[L - 1].z, batch.labels, batch.size, net.sizes[L]);
}

/** δ of every layer, with the hidden δ computed by `hidden` (default: eq. 8 via the engine). */
function deltasOf(
  net: Net,
  pass: ForwardPass,
  batch: Batch,
  hidden: (l: number, deltaNext: FloatArray, out: FloatArray) => void = (l, next, out) => hiddenDelta(net, l, next, pass.layers[l].fprime!, batch.size, out),
  output: (out: FloatArray) => void = (out) => outputDelta(pass.layers[net.sizes.length - 2].a, batch.labels, batch.size, net.sizes[net.sizes.length - 1], out),
): FloatArray[] {
  const L = net.sizes.length - 1;
  const deltas: FloatArray[] = new Array(L);
  deltas[L - 1] = allocFloat(net.precision, batch.size * net.sizes[L]);
  output(deltas[L - 1]);
  for (let l = L - 2; l >= 0; l--) {
    deltas[l] = allocFloat(net.precision, batch.size * net.sizes[l + 1]);
    hidden(l, deltas[l + 1], deltas[l]);
  }
  return deltas;
}

function gradientsOf(net: Net, pass: ForwardPass, batch: Batch, deltas: FloatArray[]): Gradients {
  const grads = zeroParams(net);
  for (let l = 0; l < deltas.length; l++) {
    layerGradients(net, l, deltas[l], l === 0 ? pass.input : pass.layers[l - 1].a, batch.size, grads.weights[l], grads.biases[l]);
  }
  return grads;
}

/** The update of eq. (1) / (19) with the engine's own updateLayer. */
function updateOf(input: PlantedInput, grads: Gradients): { net: Net; velocity: Velocity | null } {
  const { net, rule } = input;
  const params = zeroParams(net);
  const old = usesMomentum(rule) ? (input.velocity ?? zeroVelocity(net)) : null;
  const velocity = usesMomentum(rule) ? zeroParams(net) : null;
  for (let l = 0; l < net.sizes.length - 1; l++) updateLayer(net.params, old, grads, l, rule, params, velocity);
  return { net: withParams(net, params), velocity };
}

function stepOf(input: PlantedInput, pass: ForwardPass, loss: LossResult, deltas: FloatArray[], grads: Gradients): StepResult {
  const backward: BackwardPass = { deltas, gradients: grads };
  return { ...updateOf(input, grads), forward: pass, loss, backward };
}

/** A forward pass whose hidden f' is replaced by `fprime(kind, z, a, c)` elementwise. */
function forwardWithFprime(net: Net, batch: Batch, fprime: (kind: HiddenActivation, z: number, a: number, c: number) => number): ForwardPass {
  const pass = forward(net, batch);
  pass.layers.forEach((layer, l) => {
    if (!layer.fprime) return;
    const kind = net.activations[l] as HiddenActivation;
    for (let i = 0; i < layer.z.length; i++) layer.fprime[i] = fprime(kind, layer.z[i], layer.a[i], net.improvedSigmoidC);
  });
  return pass;
}

/** One plain step: forward, loss and δ as the engine computes them, then `finish`. */
function withCorrectBackward(input: PlantedInput, finish: (pass: ForwardPass, loss: LossResult, deltas: FloatArray[]) => StepResult): StepResult {
  const { net, batch } = input;
  const pass = forward(net, batch);
  return finish(pass, lossOf(net, pass, batch), deltasOf(net, pass, batch));
}

/** Per-parameter update under a learner's rule (w, g, v → w', v'), into fresh arrays. */
function elementwiseUpdate(input: PlantedInput, grads: Gradients, rule: (w: number, g: number, v: number) => [number, number]): { net: Net; velocity: Velocity | null } {
  const { net } = input;
  const old = input.velocity ?? zeroVelocity(net);
  const params = zeroParams(net);
  const velocity = zeroParams(net);
  const run = (w: FloatArray, g: FloatArray, v: FloatArray, wOut: FloatArray, vOut: FloatArray) => {
    for (let i = 0; i < w.length; i++) [wOut[i], vOut[i]] = rule(w[i], g[i], v[i]);
  };
  for (let l = 0; l < net.sizes.length - 1; l++) {
    run(net.params.weights[l], grads.weights[l], old.weights[l], params.weights[l], velocity.weights[l]);
    run(net.params.biases[l], grads.biases[l], old.biases[l], params.biases[l], velocity.biases[l]);
  }
  return { net: withParams(net, params), velocity: usesMomentum(input.rule) ? velocity : null };
}

const sech2 = (u: number) => {
  const e = exp(-2 * Math.abs(u));
  return (4 * e) / ((1 + e) * (1 + e));
};

const IMPROVED_SLIPS: Readonly<Record<ImprovedSigmoidSlip, (z: number, c: number) => number>> = {
  'no-two-thirds': (z, c) => IMPROVED_SIGMOID_A * sech2(IMPROVED_SIGMOID_B * z) + c,
  'no-c': (z) => IMPROVED_SIGMOID_A * IMPROVED_SIGMOID_B * sech2(IMPROVED_SIGMOID_B * z),
  neither: (z) => IMPROVED_SIGMOID_A * sech2(IMPROVED_SIGMOID_B * z),
  'rounded-constant': (z, c) => 1.14393 * sech2(IMPROVED_SIGMOID_B * z) + c,
};

// ——— the mistakes ———

const PLANTED: Readonly<Record<MistakeId, Planted>> = {
  /** ŷ = exp(z) / Σ exp(z) without the max shift; the loss as −log ŷ_y. */
  'softmax-overflow'(input) {
    const { net, batch } = input;
    const L = net.sizes.length - 1;
    const K = net.sizes[L];
    const N = batch.size;
    const layers = [];
    let aPrev = batch.inputs;
    for (let l = 0; l < L; l++) {
      const z = allocFloat(net.precision, N * net.sizes[l + 1]);
      const a = allocFloat(net.precision, z.length);
      const fprime = l < L - 1 ? allocFloat(net.precision, z.length) : null;
      preActivation(net, l, aPrev, N, z);
      if (fprime) activation(net, l, z, N, a, fprime);
      else {
        for (let n = 0; n < N; n++) {
          let sum = 0;
          for (let k = 0; k < K; k++) sum += exp(z[n * K + k]);
          for (let k = 0; k < K; k++) a[n * K + k] = exp(z[n * K + k]) / sum;
        }
      }
      layers.push({ z, a, fprime });
      aPrev = a;
    }
    const pass: ForwardPass = { input: batch.inputs, layers };
    const perExample = new Float64Array(N);
    let total = 0;
    let correct = 0;
    for (let n = 0; n < N; n++) {
      perExample[n] = -log(layers[L - 1].a[n * K + Number(batch.labels[n])]);
      total += perExample[n];
      let best = 0;
      for (let k = 1; k < K; k++) if (layers[L - 1].a[n * K + k] > layers[L - 1].a[n * K + best]) best = k;
      if (best === Number(batch.labels[n])) correct++;
    }
    const deltas = deltasOf(net, pass, batch);
    return stepOf(input, pass, { loss: total / N, perExample, correct }, deltas, gradientsOf(net, pass, batch, deltas));
  },

  /** C = Σ_n C_n; the gradients are still those of the mean. */
  'loss-sum-not-mean'(input) {
    return withCorrectBackward(input, (pass, loss, deltas) => stepOf(input, pass, { ...loss, loss: loss.loss * input.batch.size }, deltas, gradientsOf(input.net, pass, input.batch, deltas)));
  },

  /** f' evaluated at a = f(z): σ(a)(1 − σ(a)) and its like, with the engine's vectorised f'. */
  'derivative-of-activation'(input) {
    const { net, batch } = input;
    const pass = forward(net, batch);
    pass.layers.forEach((layer, l) => {
      if (!layer.fprime) return;
      const scratch = allocFloat(net.precision, layer.a.length);
      applyActivation(net.activations[l] as HiddenActivation, net.improvedSigmoidC, layer.a, scratch, layer.fprime);
    });
    const deltas = deltasOf(net, pass, batch);
    return stepOf(input, pass, lossOf(net, pass, batch), deltas, gradientsOf(net, pass, batch, deltas));
  },

  /** The improved sigmoid's f' with the 2/3 or the c dropped, or eq. (17)'s rounded constant. */
  'improved-sigmoid-derivative'(input, options) {
    const { net, batch } = input;
    const slip = IMPROVED_SLIPS[options.improvedSigmoidSlip ?? 'no-two-thirds'];
    const pass = forwardWithFprime(net, batch, (kind, z, _a, c) => (kind === 'improved-sigmoid' ? slip(z, c) : activationDerivative(kind, z, c)));
    const deltas = deltasOf(net, pass, batch);
    return stepOf(input, pass, lossOf(net, pass, batch), deltas, gradientsOf(net, pass, batch, deltas));
  },

  /** δ_j = Σ_k w_kj δ_k: the back-propagated sum, never multiplied by f'(z_j). */
  'missing-activation-derivative'(input) {
    const { net, batch } = input;
    const pass = forward(net, batch);
    const deltas = deltasOf(net, pass, batch, (l, next, out) => kernelsFor(net.precision).backpropSum(next, net.params.weights[l + 1], batch.size, net.sizes[l + 2], net.sizes[l + 1], out));
    return stepOf(input, pass, lossOf(net, pass, batch), deltas, gradientsOf(net, pass, batch, deltas));
  },

  /** δ_L = y − ŷ. */
  'output-delta-sign'(input) {
    const { net, batch } = input;
    const pass = forward(net, batch);
    const L = net.sizes.length - 1;
    const K = net.sizes[L];
    const deltas = deltasOf(net, pass, batch, undefined, (out) => {
      for (let n = 0; n < batch.size; n++) {
        for (let k = 0; k < K; k++) out[n * K + k] = (k === Number(batch.labels[n]) ? 1 : 0) - pass.layers[L - 1].a[n * K + k];
      }
    });
    return stepOf(input, pass, lossOf(net, pass, batch), deltas, gradientsOf(net, pass, batch, deltas));
  },

  /** One loop from the top: δ, gradient and update of a layer, then δ below through the new W. */
  'updated-weights-in-backprop'(input) {
    const { net, batch, rule } = input;
    const pass = forward(net, batch);
    const L = net.sizes.length - 1;
    const params = cloneParams(net.params);
    const grads = zeroParams(net);
    const old = usesMomentum(rule) ? (input.velocity ?? zeroVelocity(net)) : null;
    const velocity = usesMomentum(rule) ? zeroParams(net) : null;
    const deltas: FloatArray[] = new Array(L);
    const updating = withParams(net, params);
    for (let l = L - 1; l >= 0; l--) {
      deltas[l] = allocFloat(net.precision, batch.size * net.sizes[l + 1]);
      if (l === L - 1) outputDelta(pass.layers[l].a, batch.labels, batch.size, net.sizes[L], deltas[l]);
      else hiddenDelta(updating, l, deltas[l + 1], pass.layers[l].fprime!, batch.size, deltas[l]);
      layerGradients(net, l, deltas[l], l === 0 ? pass.input : pass.layers[l - 1].a, batch.size, grads.weights[l], grads.biases[l]);
      updateLayer(net.params, old, grads, l, rule, params, velocity);
    }
    return { net: updating, velocity, forward: pass, loss: lossOf(net, pass, batch), backward: { deltas, gradients: grads } };
  },

  /** ∂C/∂W = δᵀa and ∂C/∂b = Σ_n δ: sums over the batch (the weight-gradient kernel with scale 1). */
  'gradient-sum-not-mean'(input) {
    return withCorrectBackward(input, (pass, loss, deltas) => {
      const { net, batch } = input;
      const grads = zeroParams(net);
      for (let l = 0; l < deltas.length; l++) {
        const nIn = net.sizes[l];
        const nOut = net.sizes[l + 1];
        kernelsFor(net.precision).weightGradient(deltas[l], l === 0 ? pass.input : pass.layers[l - 1].a, batch.size, nOut, nIn, 1, grads.weights[l]);
        for (let n = 0; n < batch.size; n++) for (let j = 0; j < nOut; j++) grads.biases[l][j] += deltas[l][n * nOut + j];
      }
      return stepOf(input, pass, loss, deltas, grads);
    });
  },

  /** ∂C/∂b = Σ_n δ (summed) while ∂C/∂W is the mean. (The per-example form, an N × n array, has no StepResult.) */
  'bias-gradient-not-reduced'(input) {
    return withCorrectBackward(input, (pass, loss, deltas) => {
      const grads = gradientsOf(input.net, pass, input.batch, deltas);
      for (const b of grads.biases) for (let j = 0; j < b.length; j++) b[j] *= input.batch.size;
      return stepOf(input, pass, loss, deltas, grads);
    });
  },

  /** A velocity rule other than eq. (19). */
  'momentum-convention'(input, options) {
    const { learningRate: alpha, momentum: mu } = input.rule;
    const rules: Record<MomentumConvention, (w: number, g: number, v: number) => [number, number]> = {
      'negative-velocity': (w, g, v) => {
        const vNew = mu * v - alpha * g;
        return [w + vNew, vNew];
      },
      'velocity-without-alpha': (w, g, v) => {
        const vNew = mu * v + g;
        return [w - alpha * vNew, vNew];
      },
      dampened: (w, g, v) => {
        const vNew = mu * v + (1 - mu) * g;
        return [w - alpha * vNew, vNew];
      },
      nesterov: (w, g, v) => {
        const vNew = mu * v + alpha * g;
        return [w - (mu * vNew + alpha * g), vNew];
      },
    };
    const rule = rules[options.momentumConvention ?? 'velocity-without-alpha'];
    return withCorrectBackward(input, (pass, loss, deltas) => {
      const grads = gradientsOf(input.net, pass, input.batch, deltas);
      return { ...elementwiseUpdate(input, grads, rule), forward: pass, loss, backward: { deltas, gradients: grads } };
    });
  },

  /** w + α ∂C/∂w (with momentum: w + Δw). */
  'update-sign'(input) {
    const { learningRate: alpha, momentum: mu } = input.rule;
    return withCorrectBackward(input, (pass, loss, deltas) => {
      const grads = gradientsOf(input.net, pass, input.batch, deltas);
      if (!usesMomentum(input.rule)) {
        const params = zeroParams(input.net);
        for (let l = 0; l < deltas.length; l++) {
          applySgd(input.net.params.weights[l], grads.weights[l], -alpha, params.weights[l]);
          applySgd(input.net.params.biases[l], grads.biases[l], -alpha, params.biases[l]);
        }
        return { net: withParams(input.net, params), velocity: null, forward: pass, loss, backward: { deltas, gradients: grads } };
      }
      const update = elementwiseUpdate(input, grads, (w, g, v) => {
        const vNew = alpha * g + mu * v;
        return [w + vNew, vNew];
      });
      return { ...update, forward: pass, loss, backward: { deltas, gradients: grads } };
    });
  },

  /** The update with another α (default 0.4 α); everything before it right. */
  'learning-rate-mismatch'(input, options) {
    const wrong = options.wrongLearningRate ?? input.rule.learningRate * 0.4;
    return trainStep(input.net, input.velocity, input.batch, { ...input.rule, learningRate: wrong });
  },
};

/** One training step with exactly the mistake `id`; the net and velocity given stay intact. */
export function plantedStep(id: MistakeId, input: PlantedInput, options: PlantOptions = {}): StepResult {
  if (usesMomentum(input.rule) && !input.velocity) input = { ...input, velocity: zeroVelocity(input.net) };
  return PLANTED[id](input, options);
}
