// Weight initialisers. Draws go layer by layer, row by row ([out][in] order), from
// one seeded stream, so a seed fixes every weight.

import { Rng } from './random';
import { allocFloat, type FloatArray, type Params, type Precision } from './types';

export type InitScheme =
  /** U(−r, r); the report's first experiments (range unstated there; r = 1 by default). */
  | { readonly kind: 'uniform'; readonly range: number }
  /** The report's eq. (18): N(0, σ²) with σ = 1/√fan_in. */
  | { readonly kind: 'normal-fan-in' }
  /** He et al. for ReLU: N(0, σ²) with σ = √(2/fan_in). */
  | { readonly kind: 'he-normal' };

export type BiasInit = 'zero' | 'like-weights';

export function describeInit(scheme: InitScheme): string {
  switch (scheme.kind) {
    case 'uniform':
      return `uniform U(−${scheme.range}, ${scheme.range})`;
    case 'normal-fan-in':
      return 'normal N(0, 1/√fan_in)';
    case 'he-normal':
      return 'He normal N(0, √(2/fan_in))';
  }
}

function draw(scheme: InitScheme, fanIn: number, rng: Rng): number {
  switch (scheme.kind) {
    case 'uniform':
      return rng.uniform(-scheme.range, scheme.range);
    case 'normal-fan-in':
      return rng.normal(0, 1 / Math.sqrt(fanIn));
    case 'he-normal':
      return rng.normal(0, Math.sqrt(2 / fanIn));
  }
}

export function initParams(
  sizes: readonly number[],
  scheme: InitScheme,
  seed: number,
  precision: Precision,
  biasInit: BiasInit = 'zero',
): Params {
  const rng = new Rng(seed);
  const weights: FloatArray[] = [];
  const biases: FloatArray[] = [];
  for (let l = 1; l < sizes.length; l++) {
    const fanIn = sizes[l - 1];
    const w = allocFloat(precision, sizes[l] * fanIn);
    for (let i = 0; i < w.length; i++) w[i] = draw(scheme, fanIn, rng);
    const b = allocFloat(precision, sizes[l]);
    if (biasInit === 'like-weights') for (let j = 0; j < b.length; j++) b[j] = draw(scheme, fanIn, rng);
    weights.push(w);
    biases.push(b);
  }
  return { weights, biases };
}
