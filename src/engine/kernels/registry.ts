// Which kernels the engine uses for each precision. Float64 is always the portable
// TypeScript kernels; float32 starts on the portable kernels and switches to
// WebAssembly SIMD once `useFloat32Kernels` is given the loaded module (see ./wasm).

import type { TrainingBackendFactory } from '../training-backend';
import type { FloatArray, Precision } from '../types';
import { tsKernels32, tsKernels64 } from './ts-kernels';
import type { MatrixKernels } from './types';

let float32Kernels: MatrixKernels<Float32Array> = tsKernels32;

export function useFloat32Kernels(kernels: MatrixKernels<Float32Array>): void {
  float32Kernels = kernels;
}

export function float32KernelName(): string {
  return float32Kernels.name;
}

export function kernelsFor(precision: Precision): MatrixKernels<FloatArray> {
  return (precision === 'float32' ? float32Kernels : tsKernels64) as MatrixKernels<FloatArray>;
}

/** The faster training loop the kernels of this precision offer, if any. */
export function trainingBackendFor(precision: Precision): TrainingBackendFactory | null {
  return kernelsFor(precision).trainingBackend ?? null;
}
