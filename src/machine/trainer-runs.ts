// A finished training run as the trainer keeps it — config, curves and result — and where it
// is kept: IndexedDB (the `idb` package) in the browser, so runs survive a reload, or memory
// (tests, and browsers without IndexedDB). Weights are not stored: a run is repeatable
// from its config, seed included.

import { openDB, type IDBPDatabase } from 'idb';
import type { RunResult } from '../engine/experiment-results';
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

const DB_NAME = 'deltascope-runs';
const STORE = 'runs';

/** The IndexedDB store, opened on first use (so the trainer can be created synchronously). */
export function browserRunStore(): RunStore {
  let opened: Promise<RunStore> | null = null;
  const store = () => (opened ??= openRunStore());
  return {
    list: async () => (await store()).list(),
    put: async (run) => (await store()).put(run),
    delete: async (id) => (await store()).delete(id),
    clear: async () => (await store()).clear(),
  };
}

/** The IndexedDB store; falls back to memory when IndexedDB is missing or refuses to open. */
export async function openRunStore(): Promise<RunStore> {
  if (typeof indexedDB === 'undefined') return memoryRunStore();
  let db: IDBPDatabase;
  try {
    db = await openDB(DB_NAME, 1, {
      upgrade(database) {
        database.createObjectStore(STORE, { keyPath: 'id' });
      },
    });
  } catch {
    return memoryRunStore();
  }
  return {
    async list() {
      const runs = (await db.getAll(STORE)) as RunRecord[];
      return runs.sort((a, b) => a.finishedAt - b.finishedAt);
    },
    put: async (run) => void (await db.put(STORE, run)),
    delete: (id) => db.delete(STORE, id),
    clear: () => db.clear(STORE),
  };
}
