// The messages between the trainer machine (page) and the training worker. Everything here
// survives structured cloning: plain objects, numbers, strings and typed arrays.
//
// One run at a time per worker: `start` replaces whatever ran before. The worker trains in time
// slices and answers between them, so `pause`, `stop` and `snapshot` take effect at the next
// batch boundary, a few milliseconds later. Several workers behind one port (worker-pool.ts) run
// several runs at once; then `runId` says which run a message is for (without it, pause, resume
// and stop reach every run in progress), and `ready` says how many runs can train at once.
//
// A run in progress is checkpointed every few seconds and when it pauses, at a batch boundary:
// the worker writes the checkpoint to the store itself (it owns the weights: nothing of them
// crosses to the page) under the heading `start` gave it, and says `checkpoint` once it is
// stored; `start` with `resume` goes on from one exactly (session/run-checkpoint.ts).

import type { RunResult } from '../experiments/experiment-results';
import type { CheckResult, TrainingCheckpoint, TrainingPosition, TrainingSnapshot } from '../engine/training';
import type { TrainingConfig } from '../engine/training-config';
import type { LoadProgress } from '../data/browser';
import type { RunHeading } from './run-checkpoint';

/** A run interrupted (by a page reload) as a worker takes it up again: its checkpoint and the time it had run. */
export interface ResumeFrom {
  readonly checkpoint: TrainingCheckpoint;
  readonly activeMs: number;
}

export type ToWorker =
  /**
   * Start a run; `from` continues from a state (e.g. one the debugger hands back) instead of a
   * fresh net, as a new run; `resume` goes on with an interrupted run from its checkpoint.
   */
  | {
      readonly type: 'start';
      readonly runId: string;
      readonly config: TrainingConfig;
      readonly from?: TrainingSnapshot;
      readonly resume?: ResumeFrom;
      /** What the run's checkpoints are stored under; without it the run is not kept across a reload. */
      readonly keep?: RunHeading;
    }
  | { readonly type: 'pause'; readonly runId?: string }
  | { readonly type: 'resume'; readonly runId?: string }
  /** End the run now; it is summarised like any other, with stop reason 'stopped'. */
  | { readonly type: 'stop'; readonly runId?: string }
  /**
   * Send a copy of the state at a batch boundary: 'current' pauses first (pause and debug);
   * 'last-good' is the state before the step that diverged.
   */
  | { readonly type: 'snapshot'; readonly which: 'current' | 'last-good'; readonly runId?: string }
  /** Get ready to train this many runs at once: a pool starts its workers now (they load MNIST); one worker has nothing to do. */
  | { readonly type: 'prepare'; readonly runs: number };

/** Where a run is, between checks. */
export interface RunProgress {
  readonly position: TrainingPosition;
  readonly samples: number;
  /** Training examples per second of gradient steps (checks excluded), since the run started. */
  readonly samplesPerSecond: number;
  /** Milliseconds spent in gradient steps. */
  readonly trainingMs: number;
  /** Milliseconds the run has been running (pauses excluded), checks included. */
  readonly activeMs: number;
}

export type FromWorker =
  | { readonly type: 'load-progress'; readonly progress: LoadProgress }
  /** `workers`: how many runs can train at once (a pool of workers says; one worker: 1). */
  | { readonly type: 'ready'; readonly kernels: string; readonly loadMs: number; readonly workers?: number }
  | { readonly type: 'load-failed'; readonly message: string }
  | {
      readonly type: 'started';
      readonly runId: string;
      readonly batchesPerEpoch: number;
      readonly trainCount: number;
      readonly position: TrainingPosition;
    }
  | { readonly type: 'progress'; readonly runId: string; readonly progress: RunProgress }
  | { readonly type: 'check'; readonly runId: string; readonly check: CheckResult; readonly progress: RunProgress }
  | { readonly type: 'paused'; readonly runId: string; readonly progress: RunProgress }
  | { readonly type: 'finished'; readonly runId: string; readonly result: RunResult; readonly activeMs: number }
  | { readonly type: 'snapshot'; readonly runId: string; readonly which: 'current' | 'last-good'; readonly snapshot: TrainingSnapshot }
  /** The run's checkpoint at `position` (a batch boundary) is in the store, taken at `savedAt` (Date.now()). */
  | { readonly type: 'checkpoint'; readonly runId: string; readonly position: TrainingPosition; readonly savedAt: number }
  | { readonly type: 'failed'; readonly runId: string | null; readonly message: string };

/** The typed arrays of a snapshot, to transfer rather than copy. */
export function snapshotBuffers(snapshot: TrainingSnapshot): ArrayBuffer[] {
  const params = [snapshot.net.params, ...(snapshot.velocity ? [snapshot.velocity] : [])];
  return params.flatMap((p) => [...p.weights, ...p.biases].map((a) => a.buffer as ArrayBuffer));
}

/** The page's end of the worker (a real Worker, or a TrainerSession in tests). */
export interface WorkerPort {
  post(message: ToWorker): void;
  listen(handler: (message: FromWorker) => void): void;
  terminate(): void;
}
