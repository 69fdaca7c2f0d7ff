// The ?test hook's worker (test-hook.ts): runs the determinism check where the trainer runs,
// with the TypeScript float32 kernels and then with the WebAssembly SIMD ones, and posts all
// results (or the error) back once.

/// <reference lib="webworker" />

import { loadMnistInBrowser } from './data/browser';
import { determinismResults } from './engine/determinism';
import { float32KernelName } from './engine/kernels/registry';
import { enableFastKernels } from './engine/kernels/wasm/index';

const scope = self as unknown as DedicatedWorkerGlobalScope;

async function run(): Promise<void> {
  const mnist = await loadMnistInBrowser();
  if (float32KernelName() !== 'ts-f32') throw new Error(`a fresh worker has the ${float32KernelName()} kernels, not ts-f32`);
  const results = await determinismResults(mnist.train);
  await enableFastKernels();
  results.push(...(await determinismResults(mnist.train)));
  scope.postMessage({ results });
}

run().catch((error: unknown) => scope.postMessage({ error: error instanceof Error ? error.message : String(error) }));
