// A finished training run as the trainer keeps it — config, curves and result — and the
// store it is kept in. Weights are not stored: a run is repeatable from its config, seed
// included. The browser's IndexedDB store is src/platform/trainer-runs.ts; the memory
// store here serves tests and browsers without IndexedDB.

import type { RunResult } from '../experiments/experiment-results';
import type { CheckResult } from '../engine/training';
import type { TrainingConfig } from '../engine/training-config';

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

export interface RunStore {
  list(): Promise<RunRecord[]>;
  put(run: RunRecord): Promise<void>;
  delete(id: string): Promise<void>;
  clear(): Promise<void>;
}

export function memoryRunStore(initial: readonly RunRecord[] = []): RunStore {
  const runs = new Map(initial.map((r) => [r.id, r]));
  return {
    list: async () => [...runs.values()].sort((a, b) => a.finishedAt - b.finishedAt),
    put: async (run) => void runs.set(run.id, run),
    delete: async (id) => void runs.delete(id),
    clear: async () => runs.clear(),
  };
}
