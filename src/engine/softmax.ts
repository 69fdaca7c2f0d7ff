// The output layer: softmax, cross-entropy and the output δ.
//   ŷ_k = exp(z_k) / Σ_k' exp(z_k')
//   C   = (1/N) Σ_n −log ŷ_{n, y_n}          (the mean over the batch)
//   δ_k = ∂C_n/∂z_k = ŷ_k − y_k               (per example; y one-hot)
// Both use the log-sum-exp shift by max_k z_k, so logits of ±1000 stay finite.
// exp and log are libm.ts's, not Math's: the same bits in Node and every browser.

import { exp, log } from './libm';
import type { Batch, FloatArray, LossResult } from './types';

/** ŷ = softmax(z) row by row: z and out are N × K. */
export function softmax(z: FloatArray, N: number, K: number, out: FloatArray): void {
  // exp(z_k − max) is computed once per entry and kept in float64 (not in `out`, which
  // may be float32) until the division, so the result is that of computing it twice.
  const e = expScratch(K);
  for (let n = 0; n < N; n++) {
    const row = n * K;
    let max = -Infinity;
    for (let k = 0; k < K; k++) if (z[row + k] > max) max = z[row + k];
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const ek = exp(z[row + k] - max);
      e[k] = ek;
      sum += ek;
    }
    for (let k = 0; k < K; k++) out[row + k] = e[k] / sum;
  }
}

let expBuffer = new Float64Array(16);

function expScratch(K: number): Float64Array {
  if (expBuffer.length < K) expBuffer = new Float64Array(K);
  return expBuffer;
}

/**
 * Cross-entropy of softmax(z) against the labels, from the logits (never log ŷ, which
 * underflows): −log ŷ_y = log Σ_k exp(z_k − max) − (z_y − max). Also counts argmax hits.
 */
export function crossEntropy(
  z: FloatArray,
  labels: Batch['labels'],
  N: number,
  K: number,
  perExample: Float64Array = new Float64Array(N),
): LossResult {
  let total = 0;
  let correct = 0;
  for (let n = 0; n < N; n++) {
    const row = n * K;
    let max = -Infinity;
    let argmax = 0;
    for (let k = 0; k < K; k++) {
      if (z[row + k] > max) {
        max = z[row + k];
        argmax = k;
      }
    }
    let sum = 0;
    for (let k = 0; k < K; k++) sum += exp(z[row + k] - max);
    const y = labels[n];
    const loss = log(sum) - (z[row + y] - max);
    perExample[n] = loss;
    total += loss;
    if (argmax === y) correct++;
  }
  return { loss: total / N, perExample, correct };
}

/** δ_L = ŷ − y for every example (not divided by N: the 1/N enters with the gradients). */
export function outputDelta(probs: FloatArray, labels: Batch['labels'], N: number, K: number, out: FloatArray): void {
  for (let n = 0; n < N; n++) {
    const row = n * K;
    const y = labels[n];
    for (let k = 0; k < K; k++) out[row + k] = probs[row + k] - (k === y ? 1 : 0);
  }
}
