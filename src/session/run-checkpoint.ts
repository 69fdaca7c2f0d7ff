// A run in progress as the trainer keeps it across a page reload: its config and curves, and
// the engine's checkpoint — weights, velocity, position (the epoch order follows from the seed
// and the epoch), the loop's checks, best weights and running sums — from which a new Training
// resumes exactly where the run was (engine/training-state.ts). Written every few seconds and
// at each pause by the worker that trains the run (trainer-session.ts), which owns the weights,
// so a net of millions of weights is never copied on the page's main thread; read back, like every stored record, through its schema here,
// which also checks every array's length against the config, so a checkpoint cut short or from
// another network is set aside (stored-record.ts) rather than crashing the worker on resume.

import { z } from 'zod';
import { shapeOf } from '../engine/network';
import { paramsFinite } from '../engine/portable-backend';
import { usesMomentum } from '../engine/step';
import type { LoopState, TrainingCheckpoint, TrainingPosition } from '../engine/training';
import { trainingConfigSchema, type TrainingConfig } from '../engine/training-config';
import type { FloatArray, Params, Velocity } from '../engine/types';
import { checkResultSchema } from './run-store';
import type { RecordKey, SetAside } from './stored-record';

/** What the page knows of a run and its checkpoint keeps beside the worker's state: the start message carries it (trainer-protocol.ts). */
export interface RunHeading {
  readonly label: string;
  readonly presetId: string | null;
  readonly continuedFrom: { readonly step: number } | null;
  /** The step the run started from (0, or the step of the state it continued from). */
  readonly startStep: number;
}

export interface RunCheckpoint extends RunHeading {
  /** The run's id: a resumed run keeps it, and its finished record replaces the checkpoint. */
  readonly id: string;
  readonly config: TrainingConfig;
  readonly batchesPerEpoch: number;
  readonly trainCount: number;
  /** Milliseconds the run had been running (pauses excluded) when this was taken. */
  readonly activeMs: number;
  /** Date.now() when it was taken. */
  readonly savedAt: number;
  readonly params: Params;
  readonly velocity: Velocity | null;
  readonly position: TrainingPosition;
  readonly loop: LoopState;
}

/** The stored form of a run's engine checkpoint, taken `savedAt`. */
export function checkpointRecord(
  run: RunHeading & { readonly id: string; readonly config: TrainingConfig; readonly batchesPerEpoch: number; readonly trainCount: number },
  checkpoint: TrainingCheckpoint,
  activeMs: number,
  savedAt: number,
): RunCheckpoint {
  return {
    id: run.id,
    label: run.label,
    presetId: run.presetId,
    config: run.config,
    continuedFrom: run.continuedFrom,
    startStep: run.startStep,
    batchesPerEpoch: run.batchesPerEpoch,
    trainCount: run.trainCount,
    activeMs,
    savedAt,
    params: checkpoint.net.params,
    velocity: checkpoint.velocity,
    position: checkpoint.position,
    loop: checkpoint.loop,
  };
}

/** A checkpoint's heading, for the worker that resumes it (it writes the next checkpoints under the same heading). */
export const headingOf = (c: RunHeading): RunHeading => ({ label: c.label, presetId: c.presetId, continuedFrom: c.continuedFrom, startStep: c.startStep });

const count = z.number().int().min(0);
const floatArray = z.custom<FloatArray>((v) => v instanceof Float32Array || v instanceof Float64Array, 'expected a Float32Array or Float64Array');
const paramsSchema = z.object({ weights: z.array(floatArray), biases: z.array(floatArray) });

type Issue = { path: (string | number)[]; message: string };

/** The first way `params` does not fit a net of `sizes` in `precision`, or null. */
function paramsProblem(params: Params, sizes: readonly number[], precision: TrainingConfig['precision'], where: string[]): Issue | null {
  const L = sizes.length - 1;
  for (const part of ['weights', 'biases'] as const) {
    if (params[part].length !== L) return { path: [...where, part], message: `expected ${L} layers, got ${params[part].length}` };
  }
  const kind = precision === 'float32' ? Float32Array : Float64Array;
  for (let l = 0; l < L; l++) {
    for (const [part, length] of [['weights', sizes[l + 1] * sizes[l]], ['biases', sizes[l + 1]]] as const) {
      const array = params[part][l];
      if (!(array instanceof kind)) return { path: [...where, part, l], message: `expected ${precision} numbers, got ${array.constructor.name}` };
      if (array.length !== length) return { path: [...where, part, l], message: `expected ${length} numbers, got ${array.length}` };
    }
  }
  return paramsFinite(params) ? null : { path: where, message: 'not every number is finite' };
}

/** A stored checkpoint as it must read back: its config through the training config's own schema, its arrays against that config. */
export const runCheckpointSchema = z
  .object({
    id: z.string().min(1),
    label: z.string(),
    presetId: z.string().nullable(),
    config: trainingConfigSchema,
    continuedFrom: z.object({ step: count }).nullable(),
    startStep: count,
    batchesPerEpoch: z.number().int().min(1),
    trainCount: z.number().int().min(1),
    activeMs: z.number().min(0),
    savedAt: z.number(),
    params: paramsSchema,
    velocity: paramsSchema.nullable(),
    position: z.object({ epoch: count, batch: count, step: count }),
    loop: z.object({
      checks: z.array(checkResultSchema),
      bestCheck: z.number().int().min(-1),
      best: paramsSchema.nullable(),
      runningLoss: z.number(),
      runningCorrect: count,
      runningCount: count,
      trainingMs: z.number().min(0),
    }),
  })
  .superRefine((c, ctx) => {
    const issue = checkpointProblem(c as RunCheckpoint);
    if (issue) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message, input: undefined });
  }) satisfies z.ZodType<RunCheckpoint>;

/** What the schema's types cannot say: the arrays fit the config, and the position and loop fit the run. */
function checkpointProblem(c: RunCheckpoint): Issue | null {
  const { config, position, loop } = c;
  const trainCount = config.split.pool - config.split.validation;
  if (c.trainCount !== trainCount) return { path: ['trainCount'], message: `expected ${trainCount} (the config's split), got ${c.trainCount}` };
  const batches = Math.ceil(trainCount / config.batchSize);
  if (c.batchesPerEpoch !== batches) return { path: ['batchesPerEpoch'], message: `expected ${batches}, got ${c.batchesPerEpoch}` };
  if (position.batch >= batches) return { path: ['position', 'batch'], message: `expected < ${batches}, got ${position.batch}` };
  if (position.epoch >= config.maxEpochs) return { path: ['position', 'epoch'], message: `expected < ${config.maxEpochs} (max epochs), got ${position.epoch}` };
  if (c.startStep > position.step) return { path: ['startStep'], message: `expected ≤ ${position.step} (the position's step), got ${c.startStep}` };
  const params = paramsProblem(c.params, config.sizes, config.precision, ['params']);
  if (params) return params;
  const momentum = usesMomentum(config);
  if (momentum !== (c.velocity !== null)) return { path: ['velocity'], message: momentum ? 'missing (the config has momentum)' : 'expected null (the config has no momentum)' };
  const velocity = c.velocity && paramsProblem(c.velocity, config.sizes, config.precision, ['velocity']);
  if (velocity) return velocity;
  if (loop.bestCheck >= loop.checks.length) return { path: ['loop', 'bestCheck'], message: `expected < ${loop.checks.length} (the checks), got ${loop.bestCheck}` };
  const keepsBest = loop.bestCheck >= 0 && (config.earlyStopping?.restoreBest ?? false);
  if (keepsBest !== (loop.best !== null)) return { path: ['loop', 'best'], message: keepsBest ? 'missing (early stopping restores the best weights)' : 'expected null' };
  return loop.best && paramsProblem(loop.best, config.sizes, config.precision, ['loop', 'best']);
}

/** What a worker resumes from: the engine's checkpoint (the net rebuilt from the config) and the time already spent. */
export function resumeState(c: RunCheckpoint): { readonly checkpoint: TrainingCheckpoint; readonly activeMs: number } {
  const net = { ...shapeOf(c.config), precision: c.config.precision, params: c.params };
  return { checkpoint: { net, velocity: c.velocity, position: c.position, loop: c.loop }, activeMs: c.activeMs };
}

/** What a checkpoint store holds: the checkpoints that read back, oldest first, and those set aside. */
export interface StoredCheckpoints {
  readonly checkpoints: RunCheckpoint[];
  readonly setAside: SetAside[];
}

/** Where the trainer keeps its runs in progress (beside the finished runs' RunStore; IndexedDB: src/platform/trainer-runs.ts). */
export interface CheckpointStore {
  list(): Promise<StoredCheckpoints>;
  /** Replaces the run's previous checkpoint (one per run id). */
  put(checkpoint: RunCheckpoint): Promise<void>;
  /** Deletes a run's checkpoint, or a record set aside (by its key), whatever it holds. */
  delete(key: RecordKey): Promise<void>;
}

export const bySaving = (a: RunCheckpoint, b: RunCheckpoint): number => a.savedAt - b.savedAt;

export function memoryCheckpointStore(initial: readonly RunCheckpoint[] = []): CheckpointStore {
  const kept = new Map<RecordKey, RunCheckpoint>(initial.map((c) => [c.id, c]));
  return {
    list: async () => ({ checkpoints: [...kept.values()].sort(bySaving), setAside: [] }),
    put: async (checkpoint) => void kept.set(checkpoint.id, checkpoint),
    delete: async (key) => void kept.delete(key),
  };
}
