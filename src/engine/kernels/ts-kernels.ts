// Portable matrix kernels in plain TypeScript. They serve float64 everywhere (gradient
// checks, traces, lessons) and float32 where WebAssembly SIMD is unavailable.
// Accumulation is in float64 registers; a Float32Array output rounds once per store.

import type { FloatArray } from '../types';
import type { MatrixKernels } from './types';

function linearForward(A: FloatArray, W: FloatArray, b: FloatArray, m: number, k: number, n: number, out: FloatArray): void {
  for (let r = 0; r < m; r++) {
    const aRow = r * k;
    const outRow = r * n;
    let j = 0;
    // Four output units at a time so each input value is loaded once per four products.
    for (; j + 3 < n; j += 4) {
      const w0 = j * k;
      const w1 = w0 + k;
      const w2 = w1 + k;
      const w3 = w2 + k;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let i = 0; i < k; i++) {
        const x = A[aRow + i];
        s0 += x * W[w0 + i];
        s1 += x * W[w1 + i];
        s2 += x * W[w2 + i];
        s3 += x * W[w3 + i];
      }
      out[outRow + j] = s0 + b[j];
      out[outRow + j + 1] = s1 + b[j + 1];
      out[outRow + j + 2] = s2 + b[j + 2];
      out[outRow + j + 3] = s3 + b[j + 3];
    }
    for (; j < n; j++) {
      const w0 = j * k;
      let s = 0;
      for (let i = 0; i < k; i++) s += A[aRow + i] * W[w0 + i];
      out[outRow + j] = s + b[j];
    }
  }
}

function backpropSum(D: FloatArray, W: FloatArray, m: number, k: number, n: number, out: FloatArray): void {
  for (let r = 0; r < m; r++) {
    const outRow = r * n;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < k; q++) s += D[r * k + q] * W[q * n + j];
      out[outRow + j] = s;
    }
  }
}

function weightGradient(D: FloatArray, A: FloatArray, m: number, n: number, k: number, scale: number, out: FloatArray): void {
  for (let j = 0; j < n; j++) {
    const outRow = j * k;
    let i = 0;
    for (; i + 3 < k; i += 4) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let r = 0; r < m; r++) {
        const d = D[r * n + j];
        const aRow = r * k + i;
        s0 += d * A[aRow];
        s1 += d * A[aRow + 1];
        s2 += d * A[aRow + 2];
        s3 += d * A[aRow + 3];
      }
      out[outRow + i] = s0 * scale;
      out[outRow + i + 1] = s1 * scale;
      out[outRow + i + 2] = s2 * scale;
      out[outRow + i + 3] = s3 * scale;
    }
    for (; i < k; i++) {
      let s = 0;
      for (let r = 0; r < m; r++) s += D[r * n + j] * A[r * k + i];
      out[outRow + i] = s * scale;
    }
  }
}

/** Float64 kernels: exact summation order i = 0..k−1, used for checks and traces. */
export const tsKernels64: MatrixKernels<Float64Array> = { name: 'ts-f64', linearForward, backpropSum, weightGradient };

/** Float32 fallback: the same loops, storing into Float32Array. */
export const tsKernels32: MatrixKernels<Float32Array> = { name: 'ts-f32', linearForward, backpropSum, weightGradient };
