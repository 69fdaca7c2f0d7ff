// The backward pass: δ of every layer, then the gradients of the batch-mean loss.
//   output:  δ_L = ŷ − y                                  (per example)
//   hidden:  δ_l = f'(z_l) ⊙ (δ_{l+1} W_{l+1})             report eq. (8), (12)–(14)
//   weights: ∂C/∂W_l = δ_lᵀ a_{l−1} / N                   report eq. (7), (10), (15)
//   biases:  ∂C/∂b_l = Σ_n δ_l[n] / N

import { kernelsFor } from './kernels/registry';
import { zeroParams } from './network';
import { outputDelta } from './softmax';
import { allocFloat, type BackwardPass, type Batch, type FloatArray, type ForwardPass, type Gradients, type Net } from './types';

export { outputDelta };

/**
 * δ_l = f'(z_l) ⊙ (δ_{l+1} W_{l+1}) for hidden layer index `layer`
 * (deltaNext: N × n_{l+1}, fprime: N × n_l, out: N × n_l).
 */
export function hiddenDelta(net: Net, layer: number, deltaNext: FloatArray, fprime: FloatArray, N: number, out: FloatArray): void {
  const n = net.sizes[layer + 1];
  const nNext = net.sizes[layer + 2];
  // Σ_k w_kj δ_k for every example and unit j …
  kernelsFor(net.precision).backpropSum(deltaNext, net.params.weights[layer + 1], N, nNext, n, out);
  // … times f'(z_j).
  const count = N * n;
  for (let i = 0; i < count; i++) out[i] = fprime[i] * out[i];
}

/** ∂C/∂W = δᵀ a_prev / N and ∂C/∂b = Σ_n δ / N for one layer. */
export function layerGradients(
  net: Net,
  layer: number,
  delta: FloatArray,
  aPrev: FloatArray,
  N: number,
  gradWOut: FloatArray,
  gradBOut: FloatArray,
): void {
  const nIn = net.sizes[layer];
  const nOut = net.sizes[layer + 1];
  kernelsFor(net.precision).weightGradient(delta, aPrev, N, nOut, nIn, 1 / N, gradWOut);
  // Σ_r δ[r][j] for every j, row by row (contiguous reads); each sum still adds r = 0, 1, …
  // in order in float64, so the result is that of the column-by-column loop.
  const sums = biasSums(nOut);
  for (let r = 0; r < N; r++) {
    const row = r * nOut;
    for (let j = 0; j < nOut; j++) sums[j] += delta[row + j];
  }
  for (let j = 0; j < nOut; j++) gradBOut[j] = sums[j] / N;
}

let biasScratch = new Float64Array(64);

/** A zeroed float64 scratch of n entries for the bias sums (reused between calls). */
function biasSums(n: number): Float64Array {
  if (biasScratch.length < n) biasScratch = new Float64Array(n);
  biasScratch.fill(0, 0, n);
  return biasScratch;
}

export function allocGradients(net: Net): Gradients {
  return zeroParams(net);
}

/** The whole backward pass into fresh arrays. */
export function backward(net: Net, pass: ForwardPass, labels: Batch['labels'], N: number): BackwardPass {
  const L = net.sizes.length - 1;
  const deltas: FloatArray[] = new Array(L);
  deltas[L - 1] = allocFloat(net.precision, N * net.sizes[L]);
  outputDelta(pass.layers[L - 1].a, labels, N, net.sizes[L], deltas[L - 1]);
  for (let l = L - 2; l >= 0; l--) {
    deltas[l] = allocFloat(net.precision, N * net.sizes[l + 1]);
    hiddenDelta(net, l, deltas[l + 1], pass.layers[l].fprime!, N, deltas[l]);
  }
  const gradients = allocGradients(net);
  for (let l = 0; l < L; l++) {
    const aPrev = l === 0 ? pass.input : pass.layers[l - 1].a;
    layerGradients(net, l, deltas[l], aPrev, N, gradients.weights[l], gradients.biases[l]);
  }
  return { deltas, gradients };
}
