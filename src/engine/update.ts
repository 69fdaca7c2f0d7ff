// Parameter updates. `out` may be the parameter array itself (in place, the trainer's
// fast path) or a fresh array (the debugger, which keeps "before" and "after").
//   SGD:      w := w − α ∂C/∂w                        report eq. (1), (9)
//   momentum: v := α ∂C/∂w + μ v;  w := w − v           report eq. (19)

import type { FloatArray } from './types';

// The loops are unrolled by four (all loads of a group, then its stores) only for
// speed: every element is still computed by the same expression, in the same precision.

export function applySgd(w: FloatArray, grad: FloatArray, learningRate: number, out: FloatArray): void {
  const n = w.length;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const w0 = w[i], w1 = w[i + 1], w2 = w[i + 2], w3 = w[i + 3];
    const g0 = grad[i], g1 = grad[i + 1], g2 = grad[i + 2], g3 = grad[i + 3];
    out[i] = w0 - learningRate * g0;
    out[i + 1] = w1 - learningRate * g1;
    out[i + 2] = w2 - learningRate * g2;
    out[i + 3] = w3 - learningRate * g3;
  }
  for (; i < n; i++) out[i] = w[i] - learningRate * grad[i];
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
  const n = w.length;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const v0 = learningRate * grad[i] + momentum * v[i];
    const v1 = learningRate * grad[i + 1] + momentum * v[i + 1];
    const v2 = learningRate * grad[i + 2] + momentum * v[i + 2];
    const v3 = learningRate * grad[i + 3] + momentum * v[i + 3];
    vOut[i] = v0;
    vOut[i + 1] = v1;
    vOut[i + 2] = v2;
    vOut[i + 3] = v3;
    // Subtract the stored (possibly float32-rounded) v, so w_new = w − v_new exactly as shown.
    wOut[i] = w[i] - vOut[i];
    wOut[i + 1] = w[i + 1] - vOut[i + 1];
    wOut[i + 2] = w[i + 2] - vOut[i + 2];
    wOut[i + 3] = w[i + 3] - vOut[i + 3];
  }
  for (; i < n; i++) {
    vOut[i] = learningRate * grad[i] + momentum * v[i];
    wOut[i] = w[i] - vOut[i];
  }
}
