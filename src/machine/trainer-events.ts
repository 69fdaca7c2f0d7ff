// The trainer machine's input, context, events and what it emits (src/machine/trainer-machine.ts
// runs them), and how a worker's message becomes an event. Several runs may be in progress at
// once (one per worker, up to `capacity`): `live` is the one the run panel follows, `alongside`
// the others. Runs a page reload interrupted come back from their checkpoints as `interrupted`,
// paused until the learner continues (or discards) them.

import type { RunResult } from '../experiments/experiment-results';
import type { PresetId } from '../experiments/presets';
import type { TrainingConfig, TrainingConfigInput } from '../engine/training-config';
import type { CheckResult, TrainingPosition, TrainingSnapshot } from '../engine/training';
import type { LoadProgress } from '../data/browser';
import type { FromWorker, RunProgress, WorkerPort } from '../session/trainer-protocol';
import type { RunRecord, RunStore } from '../session/run-store';
import type { CheckpointStore, RunCheckpoint } from '../session/run-checkpoint';
import type { RecordKey, SetAside } from '../session/stored-record';

/** A state for the debugger: shaped like the app shell's DebuggerHandoff. */
export interface TrainerHandoff {
  readonly snapshot: TrainingSnapshot;
  readonly config: TrainingConfig;
  readonly reason: string;
}

export interface TrainerInput {
  readonly connect: () => WorkerPort;
  readonly store: RunStore;
  /** Where runs in progress are checkpointed (default: memory, which a reload loses). */
  readonly checkpoints?: CheckpointStore;
  /** Wall clock for run ids and finish times (default Date.now). */
  readonly now?: () => number;
  /** Preset loaded at the start (default the baseline, 2). */
  readonly presetId?: PresetId;
}

/** A run waiting in the queue. */
export interface QueuedRun {
  readonly label: string;
  readonly presetId: string | null;
  readonly config: TrainingConfig;
  readonly from: TrainingSnapshot | null;
  /** An interrupted run going on from its checkpoint (with its id, label and curves). */
  readonly resume?: RunCheckpoint;
}

/** A run in progress (in a worker of its own). */
export interface LiveRun {
  readonly id: string;
  readonly label: string;
  readonly presetId: string | null;
  readonly config: TrainingConfig;
  readonly continuedFrom: { readonly step: number } | null;
  /** Known once the worker has started the run. */
  readonly batchesPerEpoch: number | null;
  readonly trainCount: number | null;
  readonly startStep: number;
  readonly checks: readonly CheckResult[];
  readonly progress: RunProgress | null;
  /** Where its last checkpoint, written to the store, left it (null: none yet). */
  readonly saved: TrainingPosition | null;
}

export interface TrainerContext {
  readonly connect: () => WorkerPort;
  readonly store: RunStore;
  readonly checkpoints: CheckpointStore;
  readonly now: () => number;
  readonly loadProgress: LoadProgress | null;
  readonly kernels: string | null;
  readonly loadMs: number | null;
  /** The config the next run uses: a preset's, possibly changed. */
  readonly draft: TrainingConfig;
  /** The preset the draft came from; null once it no longer equals that preset (seed aside). */
  readonly presetId: PresetId | null;
  /** The preset last chosen, which a changed draft is described against. */
  readonly basePresetId: PresetId;
  readonly configError: string | null;
  /** Seeds per start: draft.seed, draft.seed + 1, … */
  readonly seeds: number;
  readonly queue: readonly QueuedRun[];
  /** How many runs train at once (the workers the port has; 1 for a single worker). */
  readonly capacity: number;
  /** The run in progress the run panel follows (the first started of those in progress). */
  readonly live: LiveRun | null;
  /** The other runs in progress, training at the same time in workers of their own. */
  readonly alongside: readonly LiveRun[];
  /** Finished runs, oldest first. */
  readonly runs: readonly RunRecord[];
  /** Runs a reload interrupted, from their checkpoints, oldest first: paused until continued or discarded. */
  readonly interrupted: readonly RunCheckpoint[];
  /** Stored runs and checkpoints that did not read back (named, with their problem), until deleted. */
  readonly setAside: readonly SetAside[];
  /** Ids of the runs overlaid in the comparison. */
  readonly selected: readonly string[];
  /** The id of the run that finished last (its divergence is offered for debugging). */
  readonly lastFinished: string | null;
  readonly error: string | null;
  readonly nextId: number;
}

export type WorkerEvent =
  | { readonly type: 'worker.loadProgress'; readonly progress: LoadProgress }
  | { readonly type: 'worker.ready'; readonly kernels: string; readonly loadMs: number; readonly workers?: number }
  | { readonly type: 'worker.loadFailed'; readonly message: string }
  | { readonly type: 'worker.started'; readonly runId: string; readonly batchesPerEpoch: number; readonly trainCount: number; readonly position: TrainingPosition }
  | { readonly type: 'worker.progress'; readonly runId: string; readonly progress: RunProgress }
  | { readonly type: 'worker.check'; readonly runId: string; readonly check: CheckResult; readonly progress: RunProgress }
  | { readonly type: 'worker.paused'; readonly runId: string; readonly progress: RunProgress }
  | { readonly type: 'worker.finished'; readonly runId: string; readonly result: RunResult; readonly activeMs: number }
  | { readonly type: 'worker.snapshot'; readonly runId: string; readonly which: 'current' | 'last-good'; readonly snapshot: TrainingSnapshot }
  | { readonly type: 'worker.checkpoint'; readonly runId: string; readonly position: TrainingPosition; readonly savedAt: number }
  | { readonly type: 'worker.failed'; readonly runId: string | null; readonly message: string };

export type TrainerEvent =
  | WorkerEvent
  | { readonly type: 'preset.select'; readonly presetId: PresetId }
  | { readonly type: 'config.change'; readonly changes: Partial<TrainingConfigInput> }
  | { readonly type: 'seeds.set'; readonly count: number }
  | { readonly type: 'run.start' }
  | { readonly type: 'run.pause' }
  | { readonly type: 'run.resume' }
  | { readonly type: 'run.stop' }
  /** Pause at the next batch boundary and hand the weights and velocities to the debugger. */
  | { readonly type: 'run.debug' }
  /** Hand the state before the diverging step of a finished run to the debugger. */
  | { readonly type: 'run.debugLastGood' }
  /** Train on from a handed-over state (the debugger's "back to training"). */
  | { readonly type: 'run.continueFrom'; readonly handoff: TrainerHandoff }
  /** Go on with a run a reload interrupted (without runId: every one of them), from its checkpoint. */
  | { readonly type: 'run.continueInterrupted'; readonly runId?: string }
  /** Forget an interrupted run and delete its checkpoint. */
  | { readonly type: 'interrupted.discard'; readonly runId: string }
  | { readonly type: 'runs.toggle'; readonly runId: string }
  | { readonly type: 'runs.selectOnly'; readonly runIds: readonly string[] }
  | { readonly type: 'runs.delete'; readonly runId: string }
  /** Delete a stored record that did not read back. */
  | { readonly type: 'runs.deleteSetAside'; readonly key: RecordKey }
  | { readonly type: 'runs.clear' };

export type TrainerEmitted = { readonly type: 'debug.handoff'; readonly handoff: TrainerHandoff };

export const MAX_SEEDS = 10;

/** FromWorker → the machine's event for it. */
export function workerEvent(message: FromWorker): WorkerEvent {
  switch (message.type) {
    case 'load-progress':
      return { type: 'worker.loadProgress', progress: message.progress };
    case 'ready':
      return { type: 'worker.ready', kernels: message.kernels, loadMs: message.loadMs, workers: message.workers };
    case 'load-failed':
      return { type: 'worker.loadFailed', message: message.message };
    case 'started':
      return { ...message, type: 'worker.started' };
    case 'progress':
      return { ...message, type: 'worker.progress' };
    case 'check':
      return { ...message, type: 'worker.check' };
    case 'paused':
      return { ...message, type: 'worker.paused' };
    case 'finished':
      return { ...message, type: 'worker.finished' };
    case 'snapshot':
      return { ...message, type: 'worker.snapshot' };
    case 'checkpoint':
      return { ...message, type: 'worker.checkpoint' };
    case 'failed':
      return { ...message, type: 'worker.failed' };
  }
}
