// The page's end of the training worker: a module worker (bundled by Vite from the
// `new URL(…, import.meta.url)` below) behind the WorkerPort the trainer machine expects.

import type { WorkerPort } from '../session/trainer-protocol';

export function connectTrainingWorker(): WorkerPort {
  const worker = new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'deltascope-training' });
  return {
    // Snapshots handed back from the debugger are copied, not transferred: the debugger keeps its own.
    post: (message) => worker.postMessage(message),
    listen(handler) {
      worker.onmessage = (event) => handler(event.data);
      worker.onerror = (event) => {
        event.preventDefault();
        handler({ type: 'failed', runId: null, message: `the training worker failed: ${event.message || 'it could not start'}` });
      };
    },
    terminate: () => worker.terminate(),
  };
}
