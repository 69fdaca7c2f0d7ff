// Parameter updates. `out` may be the parameter array itself (in place, the trainer's
// fast path) or a fresh array (the debugger, which keeps "before" and "after").
//   SGD:      w ← w − α ∂C/∂w                        report eq. (1), (9)
//   momentum: v ← α ∂C/∂w + μ v;  w ← w − v           report eq. (19)

import type { FloatArray } from './types';

export function applySgd(w: FloatArray, grad: FloatArray, learningRate: number, out: FloatArray): void {
  for (let i = 0; i < w.length; i++) out[i] = w[i] - learningRate * grad[i];
}

export function applyMomentum(
  w: FloatArray,
  v: FloatArray,
  grad: FloatArray,
  learningRate: number,
  momentum: number,
  wOut: FloatArray,
  vOut: FloatArray,
): void {
  for (let i = 0; i < w.length; i++) {
    const vi = learningRate * grad[i] + momentum * v[i];
    vOut[i] = vi;
    // Subtract the stored (possibly float32-rounded) v, so w_new = w − v_new exactly as shown.
    wOut[i] = w[i] - vOut[i];
  }
}
