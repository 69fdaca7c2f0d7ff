// The float32 kernels the page computes with: the WebAssembly SIMD kernels the trainer and
// the CLI's --float32 use, when the browser can run them; else the TypeScript kernels (the
// numbers then differ in the last bits from the trainer's, and the name says so).

import { enableFastKernels } from '../engine/kernels/wasm/index';

export function choosePageKernels(): Promise<string> {
  return enableFastKernels().catch(() => 'ts (WebAssembly unavailable)');
}
