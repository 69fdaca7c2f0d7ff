// Hidden-layer activations f and their derivatives f', as scalars (for the inspector,
// lessons and tests) and as one vectorised pass that writes a = f(z) and f'(z) together.
//
// Derivatives are written in forms that neither overflow nor cancel for large |z|:
// with e = exp(−|z|) (sigmoid) or e = exp(−2|u|) (tanh family), sech²(u) = 4e / (1 + e)².
// exp and tanh are libm.ts's, not Math's: the same bits in Node and every browser.

import { exp, tanh } from './libm';
import type { FloatArray, HiddenActivation } from './types';

/** LeCun's scaled tanh constants, report eq. (16): f(z) = A·tanh(B·z) + c·z. */
export const IMPROVED_SIGMOID_A = 1.7159;
export const IMPROVED_SIGMOID_B = 2 / 3;
export const DEFAULT_IMPROVED_SIGMOID_C = 0.001;

export interface ActivationInfo {
  readonly name: HiddenActivation;
  readonly label: string;
  /** f(z) in TeX, for the views and lessons. */
  readonly tex: string;
  /** f'(z) in TeX. */
  readonly derivativeTex: string;
}

export const ACTIVATION_INFO: Record<HiddenActivation, ActivationInfo> = {
  sigmoid: {
    name: 'sigmoid',
    label: 'sigmoid',
    tex: '\\sigma(z) = \\frac{1}{1 + e^{-z}}',
    derivativeTex: "\\sigma'(z) = \\sigma(z)\\,(1 - \\sigma(z))",
  },
  'improved-sigmoid': {
    name: 'improved-sigmoid',
    label: 'improved sigmoid',
    tex: 'f(z) = 1.7159 \\tanh\\!\\left(\\tfrac{2}{3} z\\right) + c\\,z',
    derivativeTex: "f'(z) = \\frac{1.7159 \\cdot \\tfrac{2}{3}}{\\cosh^2\\!\\left(\\tfrac{2}{3} z\\right)} + c",
  },
  tanh: {
    name: 'tanh',
    label: 'tanh',
    tex: 'f(z) = \\tanh z',
    derivativeTex: "f'(z) = 1 - \\tanh^2 z",
  },
  relu: {
    name: 'relu',
    label: 'ReLU',
    tex: 'f(z) = \\max(0, z)',
    derivativeTex: "f'(z) = \\begin{cases} 1 & z > 0 \\\\ 0 & z \\le 0 \\end{cases}",
  },
};

/** sech²(u) without overflow: 4e/(1+e)² with e = exp(−2|u|). */
function sech2(u: number): number {
  const e = exp(-2 * Math.abs(u));
  const d = 1 + e;
  return (4 * e) / (d * d);
}

/** f(z) for one value. `c` is the improved sigmoid's linear twist (ignored by the others). */
export function activate(kind: HiddenActivation, z: number, c = DEFAULT_IMPROVED_SIGMOID_C): number {
  switch (kind) {
    case 'sigmoid': {
      const e = exp(-Math.abs(z));
      return z >= 0 ? 1 / (1 + e) : e / (1 + e);
    }
    case 'improved-sigmoid':
      return IMPROVED_SIGMOID_A * tanh(IMPROVED_SIGMOID_B * z) + c * z;
    case 'tanh':
      return tanh(z);
    case 'relu':
      return z > 0 ? z : 0;
  }
}

/** f'(z) for one value. ReLU uses the convention f'(0) = 0. */
export function activationDerivative(kind: HiddenActivation, z: number, c = DEFAULT_IMPROVED_SIGMOID_C): number {
  switch (kind) {
    case 'sigmoid': {
      // σ'(z) = σ(z)(1 − σ(z)) = e/(1+e)² with e = exp(−|z|)
      const e = exp(-Math.abs(z));
      const d = 1 + e;
      return e / (d * d);
    }
    case 'improved-sigmoid': {
      // f'(z) = 1.7159·(2/3)·sech²(2z/3) + c   (eq. 17 with the exact constant)
      const e = exp(-2 * Math.abs(IMPROVED_SIGMOID_B * z));
      const d = 1 + e;
      return (IMPROVED_SIGMOID_A * IMPROVED_SIGMOID_B * 4 * e) / (d * d) + c;
    }
    case 'tanh':
      // tanh'(z) = sech²(z)
      return sech2(z);
    case 'relu':
      return z > 0 ? 1 : 0;
  }
}

/**
 * a = f(z) and fprime = f'(z) elementwise over `count` entries of z.
 * Arithmetic is in float64; a Float32Array output rounds once, at the store.
 */
export function applyActivation(
  kind: HiddenActivation,
  c: number,
  z: FloatArray,
  a: FloatArray,
  fprime: FloatArray,
  count: number = z.length,
): void {
  switch (kind) {
    case 'sigmoid':
      for (let i = 0; i < count; i++) {
        const zi = z[i];
        const e = exp(-Math.abs(zi));
        const d = 1 + e;
        a[i] = zi >= 0 ? 1 / d : e / d;
        fprime[i] = e / (d * d);
      }
      return;
    case 'improved-sigmoid': {
      for (let i = 0; i < count; i++) {
        const zi = z[i];
        const u = IMPROVED_SIGMOID_B * zi;
        a[i] = IMPROVED_SIGMOID_A * tanh(u) + c * zi;
        const e = exp(-2 * Math.abs(u));
        const d = 1 + e;
        fprime[i] = (IMPROVED_SIGMOID_A * IMPROVED_SIGMOID_B * 4 * e) / (d * d) + c;
      }
      return;
    }
    case 'tanh':
      for (let i = 0; i < count; i++) {
        const zi = z[i];
        a[i] = tanh(zi);
        const e = exp(-2 * Math.abs(zi));
        const d = 1 + e;
        fprime[i] = (4 * e) / (d * d);
      }
      return;
    case 'relu':
      for (let i = 0; i < count; i++) {
        const zi = z[i];
        // f'(0) = 0 by convention: the subgradient at the kink is any value in [0, 1].
        a[i] = zi > 0 ? zi : 0;
        fprime[i] = zi > 0 ? 1 : 0;
      }
      return;
  }
}
