// The page's end of the training workers: module workers (bundled by Vite from the
// `new URL(…, import.meta.url)` below) behind the WorkerPort the trainer machine expects —
// one worker per run in progress, up to navigator.hardwareConcurrency − 1 of them
// (session/worker-pool.ts), so the seeds of a preset train side by side while a core stays
// with the page.
//
// Messages from the workers reach the page in batches, one task per 16 ms at most: with several
// runs reporting, the page then updates once for all of those that arrived together.

import { networkProblem, serverUnreachable } from '../data/network';
import type { FromWorker, WorkerPort } from '../session/trainer-protocol';
import { workerPool } from '../session/worker-pool';

/** Runs that may train at once here: every core but one for the page (at least one). */
export function trainingWorkerCount(): number {
  const cores = typeof navigator === 'object' && navigator.hardwareConcurrency > 0 ? navigator.hardwareConcurrency : 2;
  return Math.max(1, cores - 1);
}

/** A worker error event's message, or — when it has none, as when its script could not be fetched — why. */
async function workerFailure(message: string): Promise<string> {
  if (message) return `the training worker failed: ${message}`;
  if (await serverUnreachable(import.meta.env.BASE_URL)) return networkProblem('The training worker');
  return 'the training worker failed: it could not start';
}

/** One training worker. */
function connectOne(): WorkerPort {
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

/**
 * Hands messages on in batches: those that arrive within 16 ms of the first (about one frame at
 * 60 Hz) go together, in a timer task of their own — deliberately not requestAnimationFrame, whose
 * callback would share its frame's task with the redraw's style and layout (and stops in a hidden
 * tab, where the runs' messages must still be taken in).
 */
function batched(handler: (message: FromWorker) => void): (message: FromWorker) => void {
  let pending: FromWorker[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    for (const message of batch) handler(message);
  };
  return (message) => {
    pending.push(message);
    if (pending.length === 1) setTimeout(flush, 16);
  };
}

export function connectTrainingWorker(workers: number = trainingWorkerCount()): WorkerPort {
  const pool = workerPool(connectOne, workers);
  return {
    post: (message) => pool.post(message),
    listen: (handler) => pool.listen(batched(handler)),
    terminate: () => pool.terminate(),
  };
}
