// A finished training run as the trainer keeps it — config, curves and result — its schema
// (a stored run is read back through it: stored-record.ts), and the store it is kept in.
// Weights are not stored: a run is repeatable from its config, seed included. The browser's
// IndexedDB store is src/platform/trainer-runs.ts; the memory store here serves tests and
// browsers without IndexedDB.

import { z } from 'zod';
import type { RunResult } from '../experiments/experiment-results';
import type { CheckResult } from '../engine/training';
import { trainingConfigSchema, type TrainingConfig } from '../engine/training-config';
import type { SetMetrics } from '../engine/types';
import type { RecordKey, SetAside } from './stored-record';

export interface RunRecord {
  readonly id: string;
  /** "3c + fan-in normal init, seed 2". */
  readonly label: string;
  /** The preset it started from, or null for a hand-made config. */
  readonly presetId: string | null;
  readonly config: TrainingConfig;
  /** setupKey(config): equal for runs that differ only in their seed. */
  readonly setup: string;
  readonly batchesPerEpoch: number;
  readonly trainCount: number;
  readonly checks: readonly CheckResult[];
  readonly result: RunResult;
  /** Seconds the run was running (pauses excluded), checks and final evaluation included. */
  readonly wallSeconds: number;
  /** Date.now() at the end of the run. */
  readonly finishedAt: number;
  /** Set when the run continued from a handed-over state (e.g. the debugger's) instead of a fresh net. */
  readonly continuedFrom: { readonly step: number } | null;
}

/** A loss, a time: any number a run can produce (a loss may be NaN or ∞ after a divergence). */
const anyNumber = z.custom<number>((v) => typeof v === 'number', 'expected a number');
const count = z.number().int().min(0);
const metricsSchema = z.object({ loss: anyNumber, accuracy: anyNumber, correct: count, count }) satisfies z.ZodType<SetMetrics>;

export const checkResultSchema = z.object({
  step: count,
  epoch: anyNumber,
  train: metricsSchema,
  validation: metricsSchema,
  test: metricsSchema.nullable(),
  rises: count,
  trainingMs: anyNumber,
}) satisfies z.ZodType<CheckResult>;

const runResultSchema = z.object({
  stopReason: z.enum(['max-epochs', 'early-stopping', 'diverged', 'stopped']),
  steps: count,
  epochs: anyNumber,
  samples: count,
  best: z.object({ step: count, epoch: anyNumber, validationLoss: anyNumber, validationAccuracy: anyNumber }).nullable(),
  restoredBest: z.boolean(),
  final: z.object({ train: metricsSchema, validation: metricsSchema, test: metricsSchema.nullable() }),
  trainingMs: anyNumber,
  samplesPerSecond: anyNumber,
  divergence: z.object({ message: z.string(), step: count, epoch: count, batch: count, lastGoodStep: count }).nullable(),
  parameters: count,
}) satisfies z.ZodType<RunResult>;

/** A stored run as it must read back; its config through the training config's own schema. */
export const runRecordSchema = z.object({
  id: z.string().min(1),
  label: z.string(),
  presetId: z.string().nullable(),
  config: trainingConfigSchema,
  setup: z.string(),
  batchesPerEpoch: count,
  trainCount: count,
  checks: z.array(checkResultSchema),
  result: runResultSchema,
  wallSeconds: anyNumber,
  finishedAt: anyNumber,
  continuedFrom: z.object({ step: count }).nullable(),
}) satisfies z.ZodType<RunRecord>;

/** What a store holds: the runs that read back, oldest first, and those set aside. */
export interface StoredRuns {
  readonly runs: RunRecord[];
  readonly setAside: SetAside[];
}

export interface RunStore {
  list(): Promise<StoredRuns>;
  put(run: RunRecord): Promise<void>;
  /** Deletes a run, or a record set aside (by its key), whatever it holds. */
  delete(key: RecordKey): Promise<void>;
  clear(): Promise<void>;
}

export const byFinish = (a: RunRecord, b: RunRecord): number => a.finishedAt - b.finishedAt;

export function memoryRunStore(initial: readonly RunRecord[] = []): RunStore {
  const runs = new Map<RecordKey, RunRecord>(initial.map((r) => [r.id, r]));
  return {
    list: async () => ({ runs: [...runs.values()].sort(byFinish), setAside: [] }),
    put: async (run) => void runs.set(run.id, run),
    delete: async (id) => void runs.delete(id),
    clear: async () => runs.clear(),
  };
}
