// What a step gives under a mistake, computed from deltascope's own forward pass with the
// engine's kernels: the signatures the detectors compare a learner's numbers with. Only
// the part after the mistake is recomputed — everything before it is deltascope's value,
// which the learner's numbers matched (they differ first where the mistake enters).

import type { Trace } from '../engine/io';
import { hiddenDelta, layerGradients, outputDelta } from '../engine/backward';
import { zeroParams, zeroVelocity, withParams } from '../engine/network';
import { updateLayer, usesMomentum } from '../engine/step';
import { allocFloat, type FloatArray, type Params } from '../engine/types';

/** A predicted value per quantity name; `rows` > 1 for one row per example of a per-unit vector. */
export interface PredictedValue {
  readonly values: ArrayLike<number>;
  readonly rows?: number;
}

export type Prediction = Map<string, PredictedValue>;

/** How a mistaken backward pass differs from eq. (3), (8), (7) and the update. */
export interface BackwardVariant {
  /** The f' multiplied into δ of hidden layer l (default: deltascope's f'(z)). */
  readonly fprimeUsed?: (layer: number) => ArrayLike<number>;
  /** The f' the learner would report for layer l (default: fprimeUsed, else deltascope's). */
  readonly fprimeShown?: (layer: number) => ArrayLike<number>;
  /** −1 for δ_L = y − ŷ. */
  readonly outputDeltaSign?: number;
  /** Each layer updated as soon as its gradient is known, δ below computed through the new weights. */
  readonly backpropThroughUpdated?: boolean;
  /** Factors on ∂C/∂W and ∂C/∂b (N for sums over the batch). */
  readonly gradientScale?: { readonly weights: number; readonly biases: number };
}

/** δ, gradients and the update of the traced step under a backward mistake. */
export function predictBackward(trace: Trace, variant: BackwardVariant): Prediction {
  const { net, batch, rule } = trace;
  const pass = trace.step.forward;
  const N = batch.size;
  const L = net.sizes.length - 1;
  const grads = zeroParams(net);
  const after = zeroParams(net);
  const momentum = usesMomentum(rule);
  const oldVelocity = momentum ? (trace.velocity ?? zeroVelocity(net)) : null;
  const newVelocity = momentum ? zeroParams(net) : null;
  const deltas: FloatArray[] = new Array(L);
  const prediction: Prediction = new Map();
  const scale = variant.gradientScale ?? { weights: 1, biases: 1 };

  for (let l = L - 1; l >= 0; l--) {
    const delta = allocFloat(net.precision, N * net.sizes[l + 1]);
    if (l === L - 1) {
      outputDelta(pass.layers[l].a, batch.labels, N, net.sizes[L], delta);
      if (variant.outputDeltaSign === -1) for (let i = 0; i < delta.length; i++) delta[i] = -delta[i];
    } else {
      const through = variant.backpropThroughUpdated ? withParams(net, withLayer(net.params, after, l + 1)) : net;
      const fprime = variant.fprimeUsed ? Float64Array.from(variant.fprimeUsed(l)) : pass.layers[l].fprime!;
      hiddenDelta(through, l, deltas[l + 1], fprime as FloatArray, N, delta);
    }
    deltas[l] = delta;
    layerGradients(net, l, delta, l === 0 ? pass.input : pass.layers[l - 1].a, N, grads.weights[l], grads.biases[l]);
    for (let i = 0; i < grads.weights[l].length; i++) grads.weights[l][i] *= scale.weights;
    for (let i = 0; i < grads.biases[l].length; i++) grads.biases[l][i] *= scale.biases;
    updateLayer(net.params, oldVelocity, grads, l, rule, after, newVelocity);
  }

  for (let l = 0; l < L - 1; l++) {
    const shown = variant.fprimeShown ?? variant.fprimeUsed;
    prediction.set(`layers[${l}].fprime`, { values: shown ? shown(l) : pass.layers[l].fprime! });
  }
  for (let l = 0; l < L; l++) {
    prediction.set(`layers[${l}].delta`, { values: deltas[l] });
    prediction.set(`layers[${l}].gradW`, { values: grads.weights[l] });
    prediction.set(`layers[${l}].gradB`, { values: grads.biases[l] });
    prediction.set(`after.layers[${l}].weights`, { values: after.weights[l] });
    prediction.set(`after.layers[${l}].biases`, { values: after.biases[l] });
    if (newVelocity) {
      prediction.set(`velocityAfter.weights[${l}]`, { values: newVelocity.weights[l] });
      prediction.set(`velocityAfter.biases[${l}]`, { values: newVelocity.biases[l] });
    }
  }
  return prediction;
}

/** The net's parameters with layer `layer` taken from `replacement`. */
function withLayer(params: Params, replacement: Params, layer: number): Params {
  return {
    weights: params.weights.map((w, l) => (l === layer ? replacement.weights[l] : w)),
    biases: params.biases.map((b, l) => (l === layer ? replacement.biases[l] : b)),
  };
}

/** One parameter's update under some rule: w, its gradient g and velocity v (0 without momentum) → w and v after. */
export type UpdateRuleFn = (w: number, g: number, v: number) => { readonly w: number; readonly v: number };

/** The update quantities under another update rule, from deltascope's correct gradients. */
export function predictUpdate(trace: Trace, rule: UpdateRuleFn): Prediction {
  const { net, step } = trace;
  const velocity = trace.velocity;
  const prediction: Prediction = new Map();
  const apply = (w: FloatArray, g: FloatArray, v: FloatArray | undefined) => {
    const wOut = new Float64Array(w.length);
    const vOut = new Float64Array(w.length);
    for (let i = 0; i < w.length; i++) {
      const r = rule(w[i], g[i], v ? v[i] : 0);
      wOut[i] = r.w;
      vOut[i] = r.v;
    }
    return { wOut, vOut };
  };
  for (let l = 0; l < net.sizes.length - 1; l++) {
    const weights = apply(net.params.weights[l], step.backward.gradients.weights[l], velocity?.weights[l]);
    const biases = apply(net.params.biases[l], step.backward.gradients.biases[l], velocity?.biases[l]);
    prediction.set(`after.layers[${l}].weights`, { values: weights.wOut });
    prediction.set(`after.layers[${l}].biases`, { values: biases.wOut });
    prediction.set(`velocityAfter.weights[${l}]`, { values: weights.vOut });
    prediction.set(`velocityAfter.biases[${l}]`, { values: biases.vOut });
  }
  return prediction;
}
