// The three matrix products backprop needs. Everything else (activations, softmax,
// updates) is elementwise and lives in plain TypeScript; only these dominate the time,
// so only these have a WebAssembly SIMD implementation beside the portable one.
//
// All matrices are row-major. m is the batch size N in every call the engine makes.

import type { TrainingBackendFactory } from '../training-backend';
import type { FloatArray } from '../types';

export interface MatrixKernels<T extends FloatArray = FloatArray> {
  /** Short name shown in benchmarks and the UI ("wasm-simd", "ts-f32", "ts-f64"). */
  readonly name: string;

  /**
   * Forward pass of a dense layer, eq. (z_j = Σ_i w_ji x_i + b_j) for a whole batch:
   * out[m×n] = A[m×k] · W[n×k]ᵀ + b[n]   (A = a_{l−1}, W = W_l, out = z_l)
   */
  linearForward(A: T, W: T, b: T, m: number, k: number, n: number, out: T): void;

  /**
   * The sum of eq. (8) for every example: out[m×n] = D[m×k] · W[k×n]
   * (D = δ_{l+1}, W = W_{l+1}, out = Σ_k w_kj δ_k before the f'(z_j) factor).
   */
  backpropSum(D: T, W: T, m: number, k: number, n: number, out: T): void;

  /**
   * Weight gradient of the batch mean, eq. (7)/(10): out[n×k] = scale · D[m×n]ᵀ · A[m×k]
   * (D = δ_l, A = a_{l−1}, scale = 1/N, out = ∂C/∂W_l).
   */
  weightGradient(D: T, A: T, m: number, n: number, k: number, scale: number, out: T): void;

  /**
   * A training loop built on these kernels that keeps its data inside them (the WebAssembly
   * ones: kernels/wasm/resident.ts), with the same results as the portable loop on them.
   */
  readonly trainingBackend?: TrainingBackendFactory;
}
