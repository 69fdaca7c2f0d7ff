// Several training workers behind one WorkerPort, so the trainer machine can run several runs
// at once (the seeds of a preset): each run trains in a worker of its own, one run per worker,
// up to `size` workers. Workers are started when first needed or when told to `prepare` for
// several runs (each loads MNIST itself, which takes seconds); the
// first one's loading messages stand for the pool's, and its `ready` says how many runs the pool
// can train at once.
//
// Routing: `start` goes to a worker with no run in progress; a message naming a run goes to the
// worker that has (or last had) it; pause, resume and stop without a run go to every worker
// with a run in progress. Messages back are passed on as they come.

import type { FromWorker, ToWorker, WorkerPort } from './trainer-protocol';

interface PooledWorker {
  readonly port: WorkerPort;
  /** The run in progress there, if any. */
  running: string | null;
}

export function workerPool(spawn: () => WorkerPort, size: number): WorkerPort {
  const capacity = Math.max(1, Math.floor(size));
  const workers: PooledWorker[] = [];
  /** Which worker has (or last had) each run. */
  const owners = new Map<string, PooledWorker>();
  let handler: ((message: FromWorker) => void) | null = null;

  function add(): PooledWorker {
    const worker: PooledWorker = { port: spawn(), running: null };
    const first = workers.length === 0;
    workers.push(worker);
    worker.port.listen((message) => {
      switch (message.type) {
        case 'load-progress':
          if (first) handler?.(message);
          return;
        case 'ready':
          if (first) handler?.({ ...message, workers: capacity });
          return;
        case 'load-failed':
          // A later worker's failure fails the run it was given.
          if (first || worker.running === null) handler?.(message);
          else handler?.({ type: 'failed', runId: worker.running, message: message.message });
          if (!first) worker.running = null;
          return;
        case 'finished':
          if (worker.running === message.runId) worker.running = null;
          break;
        case 'failed':
          if (message.runId === null || worker.running === message.runId) worker.running = null;
          break;
      }
      handler?.(message);
    });
    return worker;
  }

  const busy = () => workers.filter((w) => w.running !== null);

  function post(message: ToWorker): void {
    switch (message.type) {
      case 'start': {
        const worker = workers.find((w) => w.running === null) ?? (workers.length < capacity ? add() : null);
        if (!worker) {
          handler?.({ type: 'failed', runId: message.runId, message: `all ${capacity} training workers are busy` });
          return;
        }
        worker.running = message.runId;
        owners.set(message.runId, worker);
        worker.port.post(message);
        return;
      }
      case 'prepare':
        // Workers load MNIST in the seconds before the runs start, not after.
        while (workers.length < Math.min(capacity, message.runs)) add();
        return;
      case 'snapshot': {
        const worker = (message.runId !== undefined ? owners.get(message.runId) : undefined) ?? busy()[0] ?? workers[0];
        worker.port.post(message);
        return;
      }
      default: {
        const owner = message.runId !== undefined ? owners.get(message.runId) : undefined;
        for (const worker of owner ? [owner] : busy()) worker.port.post(message);
      }
    }
  }

  add();
  return {
    post,
    listen(next) {
      handler = next;
    },
    terminate() {
      for (const worker of workers) worker.port.terminate();
      workers.length = 0;
      owners.clear();
    },
  };
}
