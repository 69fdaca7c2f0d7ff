// Numerical gradient check (the report's task 2b): compare backprop's ∂C/∂w with the
// central difference (C(w + ε) − C(w − ε)) / 2ε, always in float64.

import { backward } from './backward';
import { forward } from './forward';
import { cloneNet } from './network';
import { Rng } from './random';
import { crossEntropy } from './softmax';
import type { Batch, Net } from './types';

export type ParamKind = 'weights' | 'biases';

/** Batch-mean cross-entropy C of `net` on `batch`. */
export function batchLoss(net: Net, batch: Batch): number {
  const pass = forward(net, batch);
  const L = net.sizes.length - 1;
  return crossEntropy(pass.layers[L - 1].z, batch.labels, batch.size, net.sizes[L]).loss;
}

export interface NumericalEstimate {
  readonly lossPlus: number; // C(w + ε)
  readonly lossMinus: number; // C(w − ε)
  readonly estimate: number; // (C(w+ε) − C(w−ε)) / 2ε
}

/**
 * Central difference for one parameter; the net is restored afterwards. Use a float64 net
 * for a real check: in float32 the nudged weight w ± ε is rounded as it is stored (a tiny ε
 * vanishes altogether), which the gradient-check view shows on purpose.
 */
export function centralDifference(net: Net, batch: Batch, layer: number, kind: ParamKind, index: number, epsilon: number): NumericalEstimate {
  const array = net.params[kind][layer];
  const original = array[index];
  array[index] = original + epsilon;
  const lossPlus = batchLoss(net, batch);
  array[index] = original - epsilon;
  const lossMinus = batchLoss(net, batch);
  array[index] = original;
  return { lossPlus, lossMinus, estimate: (lossPlus - lossMinus) / (2 * epsilon) };
}

/** |a − n| / max(|a|, |n|), 0 when both vanish. */
export function relativeError(analytic: number, numerical: number): number {
  const scale = Math.max(Math.abs(analytic), Math.abs(numerical));
  return scale === 0 ? 0 : Math.abs(analytic - numerical) / scale;
}

export interface ArrayCheck {
  readonly layer: number; // 0-based layer index
  readonly kind: ParamKind;
  readonly checked: number; // how many entries were compared
  readonly total: number;
  /** ‖g_analytic − g_numerical‖₂ / (‖g_analytic‖₂ + ‖g_numerical‖₂) over the checked entries. */
  readonly relativeError: number;
  /** The largest |a − n| over the checked entries. */
  readonly maxAbsError: number;
  /** Entry with the largest |a − n|, with both values. */
  readonly worst: { index: number; analytic: number; numerical: number };
}

/** The check's defaults, written once: the finite-difference step ε and the largest acceptable normalised difference. */
export const GRADCHECK_DEFAULTS = { epsilon: 1e-6, threshold: 1e-7 } as const;

export interface GradientCheckOptions {
  readonly epsilon?: number; // default GRADCHECK_DEFAULTS.epsilon
  /** Check at most this many entries per array, chosen with a seeded RNG (default: all). */
  readonly maxPerArray?: number;
  readonly seed?: number;
}

/** Compare analytic and numerical gradients of every parameter array. */
export function gradientCheck(inputNet: Net, batch: Batch, options: GradientCheckOptions = {}): ArrayCheck[] {
  const epsilon = options.epsilon ?? GRADCHECK_DEFAULTS.epsilon;
  const net = cloneNet(inputNet, 'float64');
  const batch64: Batch =
    batch.inputs instanceof Float64Array ? batch : { ...batch, inputs: Float64Array.from(batch.inputs) };
  const analytic = backward(net, forward(net, batch64), batch64.labels, batch64.size).gradients;
  const rng = new Rng(options.seed ?? 1);
  const results: ArrayCheck[] = [];
  for (let layer = 0; layer < net.sizes.length - 1; layer++) {
    for (const kind of ['weights', 'biases'] as const) {
      const total = net.params[kind][layer].length;
      const indices = Array.from({ length: total }, (_, i) => i);
      if (options.maxPerArray !== undefined && options.maxPerArray < total) {
        rng.shuffle(indices);
        indices.length = options.maxPerArray;
        indices.sort((x, y) => x - y);
      }
      let diff2 = 0;
      let a2 = 0;
      let n2 = 0;
      let worst = { index: indices[0] ?? 0, analytic: 0, numerical: 0 };
      let maxAbsError = -1;
      for (const index of indices) {
        const a = analytic[kind][layer][index];
        const n = centralDifference(net, batch64, layer, kind, index, epsilon).estimate;
        diff2 += (a - n) * (a - n);
        a2 += a * a;
        n2 += n * n;
        if (Math.abs(a - n) > maxAbsError) {
          maxAbsError = Math.abs(a - n);
          worst = { index, analytic: a, numerical: n };
        }
      }
      const denominator = Math.sqrt(a2) + Math.sqrt(n2);
      results.push({
        layer,
        kind,
        checked: indices.length,
        total,
        relativeError: denominator === 0 ? 0 : Math.sqrt(diff2) / denominator,
        maxAbsError: Math.max(0, maxAbsError),
        worst,
      });
    }
  }
  return results;
}
