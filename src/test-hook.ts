// The end-to-end tests' hook: with ?test in the page's URL, and only then, main.ts loads this
// module and it sets window.__deltascopeTest, through which tests/e2e/determinism.spec.ts runs
// functions bundled into the app. Without ?test nothing of it is fetched (a separate chunk).

import { loadMnistInBrowser } from './data/browser';
import { determinismResults, type DeterminismResult } from './engine/determinism';
import { enableFastKernels } from './engine/kernels/wasm/index';

export interface DeltascopeTestHook {
  /** src/engine/determinism.ts on the page's main thread, with the WebAssembly float32 kernels (as the debugger uses). */
  determinismInPage(): Promise<DeterminismResult[]>;
  /**
   * The same in a module Web Worker (where the trainer runs): first with the TypeScript float32
   * kernels (the fallback without WebAssembly SIMD), then with the WebAssembly ones.
   */
  determinismInWorker(): Promise<DeterminismResult[]>;
}

declare global {
  interface Window {
    __deltascopeTest?: DeltascopeTestHook;
  }
}

export function installTestHook(): void {
  window.__deltascopeTest = {
    async determinismInPage() {
      // The screens switch to these kernels too (enableFastKernels is idempotent), so none can change them mid-run.
      const [, mnist] = await Promise.all([enableFastKernels(), loadMnistInBrowser()]);
      return determinismResults(mnist.train);
    },
    determinismInWorker() {
      return new Promise((resolve, reject) => {
        const worker = new Worker(new URL('./test-hook.worker.ts', import.meta.url), { type: 'module', name: 'deltascope-test' });
        worker.onmessage = (event: MessageEvent<{ results: DeterminismResult[] } | { error: string }>) => {
          worker.terminate();
          if ('error' in event.data) reject(new Error(event.data.error));
          else resolve(event.data.results);
        };
        worker.onerror = (event) => {
          worker.terminate();
          reject(new Error(event.message));
        };
      });
    },
  };
}
