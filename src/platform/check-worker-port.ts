// The page's end of the check worker: a CheckRunner (session/check-run.ts) that posts each
// request to a module worker, started on the first check, and delivers its outcome. The
// request is copied, not transferred: the debugger keeps its weights and batch.

import type { CheckOutcome, CheckRequest, CheckRunner } from '../session/check-run';
import { checkerCouldNotStart } from '../session/check-run';

export interface CheckWorkerRequest {
  readonly id: number;
  readonly request: CheckRequest;
}

export interface CheckWorkerReply {
  readonly id: number;
  readonly outcome: CheckOutcome;
}

export function workerCheckRunner(): CheckRunner {
  let worker: Worker | null = null;
  let nextId = 1;
  const waiting = new Map<number, { name: string; done: (outcome: CheckOutcome) => void }>();

  function stop(): void {
    worker?.terminate();
    worker = null;
  }

  function start(): Worker {
    // A Worker that cannot be made throws here; the check's actor turns that into a failed check.
    const started = new Worker(new URL('./check.worker.ts', import.meta.url), { type: 'module', name: 'deltascope-check' });
    let answered = false;
    started.onmessage = (event: MessageEvent<CheckWorkerReply>) => {
      answered = true;
      const entry = waiting.get(event.data.id);
      waiting.delete(event.data.id);
      entry?.done(event.data.outcome);
    };
    started.onerror = (event) => {
      event.preventDefault();
      // Before its first answer, an error is the worker's start-up failing (its script not loaded or throwing).
      const failure = (name: string) =>
        answered ? { ok: false as const, message: `${name}: the checker failed: ${event.message || 'no reason given'}` } : checkerCouldNotStart(name, event.message || 'its script did not load');
      for (const { name, done } of waiting.values()) done(failure(name));
      waiting.clear();
      stop();
    };
    return started;
  }

  return (request, done) => {
    worker ??= start();
    const id = nextId++;
    waiting.set(id, { name: request.learner.name, done });
    worker.postMessage({ id, request } satisfies CheckWorkerRequest);
    // Cancelled: forget it, and stop the worker's work on it (the next check starts a fresh one).
    return () => {
      if (waiting.delete(id) && waiting.size === 0) stop();
    };
  };
}
