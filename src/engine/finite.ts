// Finding the first NaN or ±Infinity, so a divergence can be named precisely
// ("δ of unit 17 of layer 1, example 3") instead of reported as "loss is NaN".

import type { FloatArray, Params } from './types';

export interface NonFiniteReport {
  /** What went non-finite, in the report's symbols: z, a, f'(z), δ, ∂C/∂W, ∂C/∂b, W, b. */
  readonly quantity: string;
  readonly layer: number; // 0-based layer index
  readonly neuron: number; // 0-based unit of that layer (the row, for weights)
  readonly example: number | null; // 0-based example of the batch, for batch quantities
  readonly input: number | null; // 0-based input (column), for weights
  readonly value: number;
}

/** First non-finite entry of a batch quantity (N × width), or null. */
export function firstNonFiniteInBatch(array: FloatArray, N: number, width: number, quantity: string, layer: number): NonFiniteReport | null {
  const count = N * width;
  for (let i = 0; i < count; i++) {
    const v = array[i];
    if (!Number.isFinite(v)) return { quantity, layer, neuron: i % width, example: Math.floor(i / width), input: null, value: v };
  }
  return null;
}

/** First non-finite entry of a weight matrix (rows × cols), or null. */
export function firstNonFiniteInMatrix(array: FloatArray, cols: number, quantity: string, layer: number): NonFiniteReport | null {
  for (let i = 0; i < array.length; i++) {
    const v = array[i];
    // cols = 1 is a bias vector: no input column to name.
    if (!Number.isFinite(v)) return { quantity, layer, neuron: Math.floor(i / cols), example: null, input: cols === 1 ? null : i % cols, value: v };
  }
  return null;
}

/** First non-finite weight or bias, layer by layer. */
export function findNonFinite(params: Params, weightLabel = 'W', biasLabel = 'b'): NonFiniteReport | null {
  for (let l = 0; l < params.weights.length; l++) {
    const cols = params.weights[l].length / params.biases[l].length;
    const found = firstNonFiniteInMatrix(params.weights[l], cols, weightLabel, l) ?? firstNonFiniteInMatrix(params.biases[l], 1, biasLabel, l);
    if (found) return found;
  }
  return null;
}
