// The page's end of the training worker: a module worker (bundled by Vite from the
// `new URL(…, import.meta.url)` below) behind the WorkerPort the trainer machine expects.

import { networkProblem, serverUnreachable } from '../data/network';
import type { WorkerPort } from '../session/trainer-protocol';

/** A worker error event's message, or — when it has none, as when its script could not be fetched — why. */
async function workerFailure(message: string): Promise<string> {
  if (message) return `the training worker failed: ${message}`;
  if (await serverUnreachable(import.meta.env.BASE_URL)) return networkProblem('The training worker');
  return 'the training worker failed: it could not start';
}

export function connectTrainingWorker(): WorkerPort {
  const worker = new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'deltascope-training' });
  return {
    // Snapshots handed back from the debugger are copied, not transferred: the debugger keeps its own.
    post: (message) => worker.postMessage(message),
    listen(handler) {
      worker.onmessage = (event) => handler(event.data);
      worker.onerror = (event) => {
        event.preventDefault();
        void workerFailure(event.message).then((message) => handler({ type: 'failed', runId: null, message }));
      };
    },
    terminate: () => worker.terminate(),
  };
}
