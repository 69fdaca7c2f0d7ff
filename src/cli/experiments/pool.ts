// Worker threads for `experiments --jobs N`: independent runs (presets × seeds) spread over N
// threads, each run computed by runExperiment as in the serial loop, so its numbers are the same
// bits (tests/cli/experiments-jobs.test.ts compares --jobs 1 with --jobs 2). Runs are handed
// out longest first (parameters × epochs), so the last one to finish is a short one; results
// come back in the grid's own order.
//
// The worker is TypeScript run by tsx, like the CLI: its thread registers tsx's loader before
// importing it (a worker does not inherit the main thread's loader hooks).

import { Worker } from 'node:worker_threads';
import { parameterCount } from '../../engine/types';
import type { TrainingConfig } from '../../engine/training-config';
import type { ExperimentRunJson } from './run';

export type ToExperimentWorker = { readonly index: number; readonly config: TrainingConfig };
export type FromExperimentWorker =
  | { readonly type: 'ready'; readonly kernels: string }
  | { readonly type: 'done'; readonly index: number; readonly run: ExperimentRunJson }
  | { readonly type: 'failed'; readonly index: number; readonly message: string };

/** A thread that runs worker.ts under tsx's loader. */
function startWorker(): Worker {
  const entry = new URL('./worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(entry)});`;
  return new Worker(new URL('data:text/javascript,' + encodeURIComponent(boot)), { execArgv: [] });
}

/**
 * Runs every config on `jobs` worker threads; `onRun` hears of each run as it finishes (in any
 * order). Resolves with the runs in the order of `configs`.
 */
export async function runInWorkers(
  configs: readonly TrainingConfig[],
  jobs: number,
  onRun: (run: ExperimentRunJson, index: number) => void,
): Promise<ExperimentRunJson[]> {
  const results: (ExperimentRunJson | undefined)[] = new Array(configs.length);
  const queue = configs
    .map((config, index) => ({ index, cost: parameterCount(config.sizes) * config.maxEpochs }))
    .sort((a, b) => b.cost - a.cost || a.index - b.index)
    .map((r) => r.index);
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let finished = 0;
      const next = (worker: Worker) => {
        const index = queue.shift();
        if (index !== undefined) worker.postMessage({ index, config: configs[index] } satisfies ToExperimentWorker);
      };
      for (let w = 0; w < Math.min(jobs, configs.length); w++) {
        const worker = startWorker();
        workers.push(worker);
        worker.on('message', (message: FromExperimentWorker) => {
          if (message.type === 'ready') return next(worker);
          if (message.type === 'failed') return reject(new Error(`run ${message.index + 1} failed in a worker thread: ${message.message}`));
          results[message.index] = message.run;
          onRun(message.run, message.index);
          if (++finished === configs.length) resolve();
          else next(worker);
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (finished < configs.length) reject(new Error(`a worker thread exited (code ${code}) before the runs were done`));
        });
      }
      if (configs.length === 0) resolve();
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results as ExperimentRunJson[];
}
