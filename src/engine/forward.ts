// The forward pass, one dense layer at a time. Layer indices are 0-based in code:
// layer index l carries W_{l+1} of the report's 1-based notation, reading a_l and writing z_{l+1}.

import { applyActivation } from './activations';
import { kernelsFor } from './kernels/registry';
import { softmax } from './softmax';
import { allocFloat, type Batch, type FloatArray, type ForwardPass, type LayerForward, type Net } from './types';

/** z = a_prev Wᵀ + b, i.e. z_j = Σ_i w_ji a_i + b_j for every example (N × n_out). */
export function preActivation(net: Net, layer: number, aPrev: FloatArray, N: number, zOut: FloatArray): void {
  const nIn = net.sizes[layer];
  const nOut = net.sizes[layer + 1];
  kernelsFor(net.precision).linearForward(aPrev, net.params.weights[layer], net.params.biases[layer], N, nIn, nOut, zOut);
}

/** a = f(z) with f'(z) kept for the backward pass; the output layer applies softmax (no f'). */
export function activation(net: Net, layer: number, z: FloatArray, N: number, aOut: FloatArray, fprimeOut: FloatArray | null): void {
  const nOut = net.sizes[layer + 1];
  const kind = net.activations[layer];
  if (kind === 'softmax') {
    softmax(z, N, nOut, aOut);
    return;
  }
  if (!fprimeOut) throw new Error(`layer ${layer + 1} (${kind}) needs an f'(z) buffer`);
  applyActivation(kind, net.improvedSigmoidC, z, aOut, fprimeOut, N * nOut);
}

export function isOutputLayer(net: Net, layer: number): boolean {
  return layer === net.sizes.length - 2;
}

/** Fresh buffers for one layer's forward results. */
export function allocLayerForward(net: Net, layer: number, N: number): LayerForward {
  const count = N * net.sizes[layer + 1];
  return {
    z: allocFloat(net.precision, count),
    a: allocFloat(net.precision, count),
    fprime: isOutputLayer(net, layer) ? null : allocFloat(net.precision, count),
  };
}

/** One layer, both halves: z then a (and f'). Writes into `out` or fresh buffers. */
export function forwardLayer(net: Net, layer: number, aPrev: FloatArray, N: number, out?: LayerForward): LayerForward {
  const result = out ?? allocLayerForward(net, layer, N);
  preActivation(net, layer, aPrev, N, result.z);
  activation(net, layer, result.z, N, result.a, result.fprime);
  return result;
}

/** The whole forward pass into fresh arrays (the batch's inputs are kept by reference). */
export function forward(net: Net, batch: Batch): ForwardPass {
  const layers: LayerForward[] = [];
  let aPrev = batch.inputs;
  for (let l = 0; l < net.sizes.length - 1; l++) {
    const result = forwardLayer(net, l, aPrev, batch.size);
    layers.push(result);
    aPrev = result.a;
  }
  return { input: batch.inputs, layers };
}

/** argmax of the output row of example n. */
export function predictedClass(output: ArrayLike<number>, n: number, K: number): number {
  let best = 0;
  for (let k = 1; k < K; k++) if (output[n * K + k] > output[n * K + best]) best = k;
  return best;
}
